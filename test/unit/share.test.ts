import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { correctCheckIn, recordCheckIn, withdrawCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText } from '../../shared/commands/objectives';
import { shareSourceOf, shareToWorkspace } from '../../shared/commands/share';
import { initWorkspace } from '../../shared/commands/workspace';
import { answeredCount, answersOf, questionsOf } from '../../shared/queries/progress';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';

const JOURNAL_ID = 'ws-journal-0001';
const TEAM_ID = 'ws-team-0001';
const SHARED_AT = Date.UTC(2026, 2, 12, 9);

function workspace(id: string, kind: 'team' | 'journal', actor: string, at: number) {
  const doc = new Y.Doc();
  const ctx = localContext(doc, actor, () => at);
  initWorkspace(ctx, { id, title: id, kind, cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
  return { doc, ctx };
}

/** A journal with two objectives: one with a metric and a learning KR (with check-ins), one with a milestone. */
function journalWithOkrs() {
  const journal = workspace(JOURNAL_ID, 'journal', 'Ana', Date.UTC(2026, 2, 2));
  const { ctx } = journal;
  const coach = addObjective(ctx, { title: 'Become a better coach' });
  const oneOnOnes = addKeyResult(ctx, coach, { title: 'Weekly 1:1s', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 12, unit: '1:1s' } });
  const feedback = addKeyResult(ctx, coach, { title: 'What makes feedback land?', kind: 'learning', questions: ['Do written notes help?', 'Is Friday too late?'] });
  const writing = addObjective(ctx, { title: 'Write more' });
  addKeyResult(ctx, writing, { title: 'Publish an essay', kind: 'milestone' });
  const notes = [...readWorkspace(journal.doc).questions.values()].find((q) => q.text === 'Do written notes help?')!;
  const metricCheckIn = recordCheckIn(ctx, oneOnOnes, { value: 3, confidence: 6, note: 'Three so far' });
  const learningCheckIn = recordCheckIn(ctx, feedback, { value: 0, answers: { [notes.id]: 'validated' } });
  return { ...journal, coach, writing, oneOnOnes, feedback, metricCheckIn, learningCheckIn };
}

const team = () => workspace(TEAM_ID, 'team', 'Ben', SHARED_AT);
const titles = (items: Iterable<{ title: string }>) => [...items].map((i) => i.title).sort();

describe('sharing journal OKRs into a team workspace', () => {
  it('shares check-ins as corrected and leaves withdrawn ones out', () => {
    const journal = journalWithOkrs();
    correctCheckIn(journal.ctx, journal.metricCheckIn, { value: 4, confidence: 6, note: 'Four, counted again' });
    const extra = recordCheckIn(journal.ctx, journal.oneOnOnes, { value: 40 });
    withdrawCheckIn(journal.ctx, extra, 'typo');
    const target = team();
    const result = shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: true });
    expect(result.copied.checkIns).toBe(2); // the corrected metric check-in and the learning one
    const copies = [...readWorkspace(target.doc).checkIns.values()];
    expect(copies.every((c) => c.corrects === undefined)).toBe(true);
    expect(copies.find((c) => c.sharedFrom?.entityId === journal.metricCheckIn)).toMatchObject({ value: 4, note: 'Four, counted again' });
  });

  it('copies the chosen objectives with all their live KRs and questions, under fresh ids marked with where they came from', () => {
    const journal = journalWithOkrs();
    const target = team();
    const result = shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: false });
    expect(result).toEqual({ copied: { objectives: 1, keyResults: 2, questions: 2, checkIns: 0 }, skipped: { objectives: 0, keyResults: 0, questions: 0, checkIns: 0 } });
    const shared = readWorkspace(target.doc);
    expect(shared.problems).toEqual([]);
    const [objective] = [...shared.objectives.values()];
    expect(objective).toMatchObject({ title: 'Become a better coach', createdBy: 'Ben', sharedFrom: { workspaceId: shareSourceOf(JOURNAL_ID), entityId: journal.coach, at: SHARED_AT } });
    expect(objective?.id).not.toBe(journal.coach);
    const krs = [...shared.keyResults.values()];
    expect(titles(krs)).toEqual(['Weekly 1:1s', 'What makes feedback land?']);
    expect(krs.every((kr) => kr.objectiveId === objective?.id && kr.id !== journal.oneOnOnes && kr.id !== journal.feedback)).toBe(true);
    expect(krs.find((kr) => kr.title === 'Weekly 1:1s')).toMatchObject({ kind: 'metric', target: 12, unit: '1:1s', sharedFrom: { entityId: journal.oneOnOnes } });
    expect([...shared.questions.values()].map((q) => q.text).sort()).toEqual(['Do written notes help?', 'Is Friday too late?']);
    expect(shared.checkIns.size).toBe(0);
  });

  it('copies the check-ins when asked, with their authors and times, and a learning KR’s answers pointing to the copied questions', () => {
    const journal = journalWithOkrs();
    const target = team();
    const result = shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: true });
    expect(result.copied.checkIns).toBe(2);
    const shared = readWorkspace(target.doc);
    const metric = [...shared.checkIns.values()].find((c) => c.note === 'Three so far');
    expect(metric).toMatchObject({ value: 3, confidence: 6, author: 'Ana', at: Date.UTC(2026, 2, 2), sharedFrom: { workspaceId: shareSourceOf(JOURNAL_ID), entityId: journal.metricCheckIn } });
    const learning = [...shared.keyResults.values()].find((kr) => kr.kind === 'learning')!;
    const history = [...shared.checkIns.values()].filter((c) => c.keyResultId === learning.id);
    expect(answeredCount(answersOf(questionsOf(learning.id, shared.questions.values()), history))).toBe(1);
  });

  it('copies only the chosen KRs of an objective when some are named', () => {
    const journal = journalWithOkrs();
    const target = team();
    shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], keyResultIds: [journal.oneOnOnes], includeCheckIns: true });
    const shared = readWorkspace(target.doc);
    expect(titles(shared.keyResults.values())).toEqual(['Weekly 1:1s']);
    expect(shared.questions.size).toBe(0);
    expect(shared.checkIns.size).toBe(1);
  });

  it('does not copy twice: sharing again skips what the team has and adds what is new under the earlier copy', () => {
    const journal = journalWithOkrs();
    const target = team();
    shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: true });
    const newKr = addKeyResult(journal.ctx, journal.coach, { title: 'Ask for feedback monthly', kind: 'milestone' });
    recordCheckIn(journal.ctx, journal.oneOnOnes, { value: 5 });
    recordCheckIn(journal.ctx, newKr, { value: 1 });
    const again = shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: true });
    expect(again).toEqual({ copied: { objectives: 0, keyResults: 1, questions: 0, checkIns: 2 }, skipped: { objectives: 1, keyResults: 2, questions: 2, checkIns: 2 } });
    const shared = readWorkspace(target.doc);
    expect(shared.objectives.size).toBe(1);
    const [objective] = [...shared.objectives.values()];
    const added = [...shared.keyResults.values()].find((kr) => kr.title === 'Ask for feedback monthly');
    expect(added?.objectiveId).toBe(objective?.id);
    expect(shared.checkIns.size).toBe(4);
  });

  it('leaves the journal exactly as it was', () => {
    const journal = journalWithOkrs();
    const before = Y.encodeStateAsUpdate(journal.doc);
    shareToWorkspace(readWorkspace(journal.doc), team().ctx, { objectiveIds: [journal.coach, journal.writing], includeCheckIns: true });
    expect(Y.encodeStateAsUpdate(journal.doc)).toEqual(before);
  });

  it('is not undone by the team’s Ctrl+Z, which still undoes the team’s own edit', () => {
    const journal = journalWithOkrs();
    const target = team();
    const undo = createUndoManager(target.doc);
    const own = addObjective(target.ctx, { title: 'Ship v2' });
    editObjectiveText(target.ctx, own, 'title', 'Ship v2 to everyone', 'Ship v2');
    shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: true });
    undo.undo();
    undo.undo();
    const shared = readWorkspace(target.doc);
    expect(titles(shared.objectives.values())).toEqual(['Become a better coach']);
    expect(shared.keyResults.size).toBe(2);
    expect(undo.canUndo()).toBe(false);
  });
});

describe('what sharing refuses, writing nothing', () => {
  function expectRefusal(share: () => unknown, message: string, doc: Y.Doc) {
    const before = Y.encodeStateVector(doc);
    expect(share).toThrow(message);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  }

  it('refuses a journal as the target, the journal itself, and a source that is not a journal', () => {
    const journal = journalWithOkrs();
    const snapshot = readWorkspace(journal.doc);
    const otherJournal = workspace('ws-journal-0002', 'journal', 'Ana', SHARED_AT);
    expectRefusal(() => shareToWorkspace(snapshot, otherJournal.ctx, { objectiveIds: [journal.coach], includeCheckIns: false }), 'stays private', otherJournal.doc);
    expectRefusal(() => shareToWorkspace(snapshot, journal.ctx, { objectiveIds: [journal.coach], includeCheckIns: false }), 'this journal itself', journal.doc);
    const source = team();
    const objective = addObjective(source.ctx, { title: 'Team goal' });
    const target = workspace('ws-team-0002', 'team', 'Cy', SHARED_AT);
    expectRefusal(() => shareToWorkspace(readWorkspace(source.doc), target.ctx, { objectiveIds: [objective], includeCheckIns: false }), 'Only the OKRs of a personal journal', target.doc);
  });

  it('refuses when no live objective is chosen', () => {
    const journal = journalWithOkrs();
    const target = team();
    expectRefusal(() => shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: ['unknown'], includeCheckIns: false }), 'Choose at least one objective', target.doc);
  });

  it('refuses to add under an earlier copy that the team put in its trash', () => {
    const journal = journalWithOkrs();
    const target = team();
    shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach], includeCheckIns: false });
    const [copy] = [...readWorkspace(target.doc).objectives.keys()];
    deleteObjective(target.ctx, copy!);
    expectRefusal(
      () => shareToWorkspace(readWorkspace(journal.doc), target.ctx, { objectiveIds: [journal.coach, journal.writing], includeCheckIns: false }),
      'restore it there first',
      target.doc,
    );
  });

  it('never names the journal in the team workspace: copies carry a one-way source, the same for every share', () => {
    expect(shareSourceOf(JOURNAL_ID)).toBe(shareSourceOf(JOURNAL_ID));
    expect(shareSourceOf(JOURNAL_ID)).not.toContain(JOURNAL_ID);
    expect(shareSourceOf(JOURNAL_ID)).not.toBe(shareSourceOf(`${JOURNAL_ID}x`));
    expect(shareSourceOf(JOURNAL_ID)).toMatch(/^journal-[0-9a-f]{16}$/);
  });
});
