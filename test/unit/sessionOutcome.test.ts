import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { adoptCandidate, clusterCandidates, openDraftRound, publishDrafts, revealDraftRound } from '../../shared/commands/drafts';
import { advanceStage, endSession, recordAttendance, startSession } from '../../shared/commands/facilitation';
import { addKeyResult } from '../../shared/commands/keyResults';
import { markSessionStart, setObjectiveCommitment } from '../../shared/commands/lifecycle';
import { addObjective } from '../../shared/commands/objectives';
import { adoptMedian, adoptWinners, closeVote, commitBallot, openVote, revealKeptBallots, type AdoptDraft } from '../../shared/commands/votes';
import { reportToHtml } from '../../shared/format/html';
import { reportToMarkdown } from '../../shared/format/markdown';
import { buildReport } from '../../shared/queries/report';
import { sessionProduced, verifiedSessionOutcome, type ProducedSources } from '../../shared/queries/sessionOutcome';
import type { DotOutcome } from '../../shared/queries/votesOutcome';
import type { Vote } from '../../shared/schema/votes';
import { verifiedWorkshopOutcome, type WorkshopOutcome } from '../../shared/queries/workshopOutcome';
import { readRevealedDraft, type RevealMode } from '../../shared/schema/drafts';
import { readWorkspace } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import { newBallot } from '../../shared/workshop/commitReveal';
import { draftsToPublish, draftsView, signReveal, signRoundOpening, verifyRounds, type DraftsView, type LocalDraft } from '../../shared/workshop/drafts';
import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { verifiedSessionState, type SessionState } from '../../shared/workshop/session';
import { SignatureCache } from '../../shared/workshop/signed';
import { newWorkspace } from '../support/workspace';
import { runCli } from '../../electron/cli/run';
import type { CliIo } from '../../electron/cli/io';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { keeper } from './voteFixtures';

/*
 * The facilitator's report opens with everything the session produced
 * (docs/workshop.md, "The outcome"): drafts revealed with names and without,
 * a cluster, a dot vote closed and adopted, a confidence vote with a wide
 * spread and one voter who did not reveal, the objective committed, and a
 * forged ballot refused, not counted.
 */

async function stateOf(doc: Y.Doc): Promise<SessionState> {
  const s = readWorkspace(doc);
  const state = await verifiedSessionState({ facilitation: [...s.facilitation.values()], agendaStages: [...s.agendaStages.values()], attendance: [...s.attendance.values()] }, new SignatureCache());
  if (!state) throw new Error('no session');
  return state;
}

async function viewOf(doc: Y.Doc): Promise<DraftsView> {
  const s = readWorkspace(doc);
  return draftsView(s, await verifyRounds(s.draftRounds.values(), s.revealedDrafts.values()));
}

async function draftRound(ctx: CommandContext, fay: ParticipantKey, stageId: string, id: string, mode: RevealMode, drafts: { author: string; texts: string[] }[]): Promise<void> {
  openDraftRound(ctx, await signRoundOpening(fay, { id, stageId, target: 'objective', objectiveIds: [], openedAt: ctx.now(), openerName: 'Fay' }));
  revealDraftRound(ctx, id, await signReveal(fay, readWorkspace(ctx.doc).draftRounds.get(id)!, mode, ctx.now()));
  // Each author's laptop publishes its own drafts after the reveal (the text was on that laptop only until now).
  for (const { author, texts } of drafts) {
    const local: LocalDraft[] = texts.map((text, i) => ({ id: `${id}${author}${i}`, stageId, roundId: id, text, updatedAt: 1 }));
    const present = new Set(rootMap(ctx.doc, 'revealedDrafts').keys());
    publishDrafts(ctx, draftsToPublish(local, await viewOf(ctx.doc), present, author, ctx.now()));
  }
}

interface Voter {
  name: string;
  key: ParticipantKey;
  ctx: CommandContext;
  store: ReturnType<typeof keeper>;
}

async function votersOf(doc: Y.Doc, names: string[]): Promise<Voter[]> {
  return Promise.all(names.map(async (name) => ({ name, key: await newParticipantKey(), ctx: localContext(doc, name), store: keeper() })));
}

async function workshopRun(): Promise<{ doc: Y.Doc; sessionId: string; objectiveId: string }> {
  const { doc, ctx, tick } = newWorkspace('Fay');
  const fay = await newParticipantKey();
  // An aspirational objective from before the session, committed at its commit stage.
  const objectiveId = addObjective(ctx, { title: 'Keep customers', commitment: 'aspirational' });
  const krId = addKeyResult(ctx, objectiveId, { title: 'Churn under 2%', kind: 'metric', metric: { direction: 'decrease', baseline: 5, target: 2, unit: '%' } });
  tick();
  const sessionId = markSessionStart(ctx, 'Workshop');
  await startSession(ctx, fay, sessionId, 'Fay');
  const people = await votersOf(doc, ['Ana', 'Ben', 'Cleo', 'Dan']);
  await recordAttendance(ctx, fay, sessionId, { id: fay.id, name: 'Fay' }, 'joined', ctx.now());
  for (const p of people) await recordAttendance(p.ctx, p.key, sessionId, { id: p.key.id, name: p.name }, 'joined', ctx.now());
  const next = async () => {
    await advanceStage(ctx, fay, await stateOf(doc));
    tick(5 * 60_000);
  };
  await next(); // context
  await next(); // drafting objectives
  const draftStage = (await stateOf(doc)).currentStageId!;
  await draftRound(ctx, fay, draftStage, 'roundNamed', 'named', [{ author: 'Ana', texts: ['Win the mid-market', 'Grow mid-market revenue'] }]);
  tick();
  await draftRound(ctx, fay, draftStage, 'roundAnon', 'anonymous', [{ author: 'Ben', texts: ['Cut onboarding time'] }]);
  // A planted draft: a copy of Ana's with another text, its reveal's signature broken — refused, not shown.
  const read = readRevealedDraft('roundNamedAna0', rootMap(doc, 'revealedDrafts').get('roundNamedAna0'));
  if (!read.ok) throw new Error('Ana’s draft is not published');
  const anas = read.value;
  rootMap(doc, 'revealedDrafts').set('plantedDraft1', { ...anas, id: 'plantedDraft1', text: 'Planted text', reveal: { ...anas.reveal, sig: anas.reveal.sig.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) } });
  // A round of a stage that is not this session's, with a reveal Mallory forged: its problem is not this session's.
  openDraftRound(ctx, await signRoundOpening(fay, { id: 'roundElsewhere', stageId: 'stageOfAnotherSession', target: 'objective', objectiveIds: [], openedAt: ctx.now(), openerName: 'Fay' }));
  revealDraftRound(ctx, 'roundElsewhere', await signReveal(await newParticipantKey(), readWorkspace(ctx.doc).draftRounds.get('roundElsewhere')!, 'named', ctx.now()));
  await next(); // reveal and cluster
  const byText = async (text: string) => (await viewOf(doc)).candidates.find((c) => c.text === text)!;
  clusterCandidates(ctx, [await byText('Win the mid-market'), await byText('Grow mid-market revenue')], 'Lead the mid-market');
  await next(); // dot vote
  const [cluster, lone] = [await byText('Lead the mid-market'), await byText('Cut onboarding time')];
  const dotVoteId = await openVote(ctx, fay, {
    kind: 'dots',
    title: 'Which objective?',
    candidates: [cluster!, lone!].map((c) => ({ id: c.id, kind: 'draft' as const, label: c.text })),
    budget: 2,
    allowMultiple: true,
    named: true,
  });
  await commitBallot(people[0]!.ctx, people[0]!.key, dotVoteId, { [cluster!.id]: 2 }, people[0]!.store.keep);
  await commitBallot(people[1]!.ctx, people[1]!.key, dotVoteId, { [cluster!.id]: 1, [lone!.id]: 1 }, people[1]!.store.keep);
  await closeVote(ctx, fay, dotVoteId);
  for (const p of people.slice(0, 2)) await revealKeptBallots(p.ctx, p.key, p.store.kept.splice(0));
  const adoptDraft: AdoptDraft = (c, candidateId) => {
    const candidate = [cluster!, lone!].find((x) => x.id === candidateId);
    return candidate ? adoptCandidate(c, candidate, 'objective') : null;
  };
  await adoptWinners(ctx, fay, dotVoteId, 1, adoptDraft);
  await next(); // drafting KRs
  await next(); // confidence vote
  const confidenceId = await openVote(ctx, fay, { kind: 'confidence', keyResultId: krId, scale: 5, named: true });
  for (const [i, value] of [1, 4, 4, 1].entries()) await commitBallot(people[i]!.ctx, people[i]!.key, confidenceId, value, people[i]!.store.keep);
  // Mallory forges a commit (its signature does not hold): refused, never counted.
  const mallory = await newParticipantKey();
  const { commit } = await newBallot(mallory, confidenceId, 'Mallory', 0, 1);
  rootMap(doc, 'ballots').set(commit.id, { ...commit, sig: commit.sig.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) });
  await closeVote(ctx, fay, confidenceId);
  // Dan's laptop is gone: he never reveals.
  for (const p of people.slice(0, 3)) await revealKeptBallots(p.ctx, p.key, p.store.kept.splice(0));
  await adoptMedian(ctx, fay, confidenceId);
  await next(); // commit
  setObjectiveCommitment(ctx, objectiveId, 'committed', 'The room agreed to commit to it');
  tick(60_000);
  await endSession(ctx, fay, await stateOf(doc));
  return { doc, sessionId, objectiveId };
}

describe('the session outcome with drafts and votes', () => {
  it('carries the drafts, clusters, votes, adoptions, commitments and refused records', async () => {
    const { doc, sessionId } = await workshopRun();
    const outcome = (await verifiedSessionOutcome(readWorkspace(doc), new SignatureCache(), sessionId))!;
    const { drafts, votes, adopted, committed, refused } = outcome.produced;
    expect(drafts.map((r) => [r.revealMode, r.drafts.map((d) => [d.text, d.author])])).toEqual([
      ['named', [['Win the mid-market', 'Ana'], ['Grow mid-market revenue', 'Ana']]],
      ['anonymous', [['Cut onboarding time', null]]],
    ]);
    expect(drafts[0]!.clusters).toMatchObject([{ text: 'Lead the mid-market', mergedTexts: ['Win the mid-market', 'Grow mid-market revenue'], adoptedAs: { kind: 'objective', title: 'Lead the mid-market' } }]);
    expect(votes).toMatchObject([
      { kind: 'dots', ranking: [{ label: 'Lead the mid-market', dots: 3 }, { label: 'Cut onboarding time', dots: 1 }] },
      { kind: 'confidence', counts: [0, 1, 0, 0, 2, 0], median: 4, callout: '1 person at 1, 2 at 4: talk about it', didNotReveal: ['Dan'], adoptedConfidence: 8 },
    ]);
    expect(adopted.map((a) => [a.kind, a.title, a.from])).toEqual([
      ['objective', 'Lead the mid-market', 'cluster “Lead the mid-market” (2 drafts), won dot vote “Which objective?” (3 dots)'],
      ['keyResult', 'Churn under 2%', 'confidence vote “Churn under 2%”'],
    ]);
    expect(committed.map((c) => [c.title, c.change, c.commitment])).toEqual([['Keep customers', 'aspirational → committed', 'committed']]);
    expect(refused.map((r) => [r.where, r.reason])).toEqual([
      ['Drafts', 'Draft plantedDraft1 was published before its round was revealed: ignored.'],
      ['Vote “Churn under 2%”', 'Mallory: its signature does not hold.'],
    ]);
    expect(JSON.stringify(drafts)).not.toContain('Planted text');
    // Mallory's 0 is not in the distribution: three counted ballots.
    const confidence = votes[1]!;
    expect(confidence.kind === 'confidence' && confidence.counts.reduce((s, n) => s + n, 0)).toBe(3);
    // The attendance and agenda part alone knows nothing of it.
    expect((await verifiedWorkshopOutcome(readWorkspace(doc), new SignatureCache(), sessionId))!.produced.votes).toEqual([]);
  });

  it('opens the Markdown and HTML report and says each of those things', async () => {
    const { doc, sessionId } = await workshopRun();
    const snapshot = readWorkspace(doc);
    const outcome: WorkshopOutcome | null = await verifiedSessionOutcome(snapshot, new SignatureCache(), sessionId);
    // Through a structured clone, as the outcome travels to the export worker.
    const report = buildReport(snapshot, { scope: { kind: 'workspace' }, now: Date.UTC(2026, 6, 1, 12), locale: 'en-GB', outcome: structuredClone(outcome) });
    const markdown = reportToMarkdown(report);
    // Page one: the session in brief and the summary; the outcome in full right after them.
    expect(markdown.split('\n## ').map((s) => s.split('\n')[0]).slice(1, 4)).toEqual(['This session', 'Summary', 'Session outcome']);
    const outcomePart = markdown.slice(markdown.indexOf('## Session outcome'), markdown.indexOf('\n## ', markdown.indexOf('## Session outcome') + 1));
    if (process.env.PRINT_OUTCOME) console.log(outcomePart);
    for (const said of [
      '| Win the mid-market | Ana |',
      '| Cut onboarding time | anonymous |',
      '- Cluster **Lead the mid-market**, from “Win the mid-market”, “Grow mid-market revenue”; adopted as objective “Lead the mid-market”',
      '#### Dot vote “Which objective?”',
      '| 1 | Lead the mid-market (adopted) | 3 | Ana 2, Ben 1 |',
      '| 2 | Cut onboarding time | 1 | Ben 1 |',
      '#### Confidence vote “Churn under 2%” (0–5)',
      '| 1 | 1 | Ana |',
      '| 4 | 2 | Ben, Cleo |',
      '| 0 | 0 |   |',
      'Did not reveal (not counted): Dan.',
      '**Median:** 4.',
      '**Spread:** 1 person at 1, 2 at 4: talk about it.',
      '**Adopted:** the median, as confidence 8/10.',
      '| Lead the mid-market | objective | cluster “Lead the mid-market” (2 drafts), won dot vote “Which objective?” (3 dots) |',
      '| Keep customers | aspirational → committed | committed | Fay |',
      '### Records refused',
      '- Drafts: Draft plantedDraft1 was published before its round was revealed: ignored.',
      '- Vote “Churn under 2%”: Mallory: its signature does not hold.',
    ]) {
      expect(outcomePart).toContain(said);
    }
    // Dates in prose are the report's words, never ISO.
    expect(outcomePart).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const html = reportToHtml(report);
    const start = html.indexOf('<section class="outcome"');
    const htmlOutcome = html.slice(start, html.indexOf('</section>', start));
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(html.indexOf('At a glance'));
    // Who came and what was agreed come before anything else, in brief, then the summary (page one);
    // the session's part in full right after the summary.
    const brief = html.indexOf('<section class="report-session-brief"');
    const summary = html.indexOf('<section class="report-summary"');
    const session = html.indexOf('<div class="report-session">');
    expect(brief).toBeGreaterThan(0);
    expect(brief).toBeLessThan(summary);
    expect(session).toBeGreaterThan(summary);
    expect(session).toBeLessThan(start + 1);
    expect(html.indexOf('<h3>Drafts revealed</h3>')).toBeGreaterThan(summary);
    const order = ['<h3>Attendance</h3>', '<h3>Adopted</h3>', '<h3>Committed</h3>', '<h3>Votes</h3>', '<h3>Drafts revealed</h3>'].map((h) => htmlOutcome.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain('Nothing recorded');
    for (const said of [
      '<td><span class="text">Cut onboarding time</span></td><td><span class="muted">anonymous</span></td>',
      'Cluster <strong>Lead the mid-market</strong>',
      '<h4>Dot vote “Which objective?”</h4>',
      '<h4>Confidence vote “Churn under 2%” (0–5)</h4>',
      'Did not reveal (not counted): Dan.',
      '<strong>Median:</strong> 4.',
      '<strong>Spread:</strong> 1 person at 1, 2 at 4: talk about it.',
      '<strong>Adopted:</strong> the median, as confidence 8/10.',
      '<li>Vote “Churn under 2%”: Mallory: its signature does not hold.</li>',
    ]) {
      expect(htmlOutcome).toContain(said);
    }
    // A bar per value of the distribution (0 to 5) and per candidate of the ranking.
    expect(htmlOutcome.match(/<svg class="bar"/g)).toHaveLength(6 + 2);
    expect(htmlOutcome).not.toContain('Mallory</td>');
  });

  it('is what `cairn export --session` opens with', async () => {
    const { doc } = await workshopRun();
    const file = workspaceToFile(doc, '1.0.0', 1);
    const out: string[] = [];
    const io: CliIo = {
      stdout: (text) => void out.push(text),
      stderr: () => {},
      readFile: async () => file,
      writeFile: async () => {},
    };
    expect(await runCli(['export', '/w/room.cairn', '--format', 'md', '--session', '--locale', 'en-GB'], io)).toBe(0);
    const markdown = out.join('');
    // Page one: the session in brief and the summary; the outcome in full right after them.
    expect(markdown.split('\n## ').map((s) => s.split('\n')[0]).slice(1, 4)).toEqual(['This session', 'Summary', 'Session outcome']);
    expect(markdown).toContain('| 1 | Lead the mid-market (adopted) | 3 | Ana 2, Ben 1 |');
    expect(markdown).toContain('Did not reveal (not counted): Dan.');
    expect(markdown).toContain('- Vote “Churn under 2%”: Mallory: its signature does not hold.');
  });
});

describe('what belongs to the session', () => {
  const dots = (voteId: string, adopted: string[]): DotOutcome => ({
    kind: 'dots',
    voteId,
    title: `Vote ${voteId}`,
    named: false,
    closedAt: 2_000,
    budget: 1,
    ranking: [{ id: 'objective01', kind: 'objective', label: 'Old label', dots: 4, givenBy: [] }],
    didNotReveal: [],
    lateCommits: [],
    adopted,
  });
  // Only what sessionProduced reads of a vote record: its id, title and opening time.
  const opened = (id: string, openedAt: number): [string, Pick<Vote, 'id' | 'title' | 'openedAt'>] => [id, { id, title: `Vote ${id}`, openedAt }];

  it('keeps the votes opened while it ran and their refused records, and names an adopted objective by its title now', () => {
    const snapshot: ProducedSources = {
      objectives: new Map([['objective01', { title: 'Grow revenue', commitment: 'committed' as const }]]),
      keyResults: new Map(),
      changes: new Map(),
      votes: new Map([opened('voteBefore', 500), opened('voteDuring', 1_500)]),
    };
    const refused = (voteId: string) => ({ voteId, name: 'Mallory', reason: 'bad-signature', message: `Mallory: refused in ${voteId}.` });
    const produced = sessionProduced(
      snapshot,
      { startedAt: 1_000, endedAt: 3_000, agenda: [] },
      { rounds: [], problems: [] },
      { votes: [dots('voteBefore', ['objective01']), dots('voteDuring', ['objective01'])], refused: [refused('voteBefore'), refused('voteDuring'), refused('voteForged')] },
    );
    expect(produced.votes.map((v) => v.voteId)).toEqual(['voteDuring']);
    expect(produced.adopted).toEqual([{ kind: 'objective', title: 'Grow revenue', from: 'won dot vote “Vote voteDuring” (4 dots)', detail: '' }]);
    // A vote from an earlier session keeps its refused records to itself; a record of a vote nobody validly opened is shown.
    expect(produced.refused.map((r) => r.reason)).toEqual(['Mallory: refused in voteDuring.', 'Mallory: refused in voteForged.']);
  });
});
