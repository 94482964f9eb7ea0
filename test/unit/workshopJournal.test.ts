import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { openDraftRound } from '../../shared/commands/drafts';
import { startSession } from '../../shared/commands/facilitation';
import { markSessionStart } from '../../shared/commands/lifecycle';
import { initWorkspace } from '../../shared/commands/workspace';
import { signRoundOpening } from '../../shared/workshop/drafts';
import { newParticipantKey } from '../../shared/workshop/participantKey';

/* A personal journal has no workshop features: the commands refuse, whatever path calls them (docs/workshop.md). */

function journal() {
  const doc = new Y.Doc();
  const ctx = localContext(doc, 'Ana', () => Date.UTC(2026, 10, 2, 9));
  initWorkspace(ctx, { id: 'journal-0001', title: 'Mine', kind: 'journal', cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
  return { doc, ctx };
}

describe('a personal journal has no workshop', () => {
  it('refuses to start a facilitated session', async () => {
    const { doc, ctx } = journal();
    const key = await newParticipantKey();
    await expect(startSession(ctx, key, markSessionStart(ctx, 'Workshop'), 'Ana')).rejects.toThrow('A personal journal has no workshop session');
    expect(doc.getMap('facilitation').size).toBe(0);
    expect(doc.getMap('agendaStages').size).toBe(0);
  });

  it('refuses to open a drafting round', async () => {
    const { doc, ctx } = journal();
    const key = await newParticipantKey();
    const round = await signRoundOpening(key, { id: 'round0001', stageId: 'stage-draft', target: 'objective', objectiveIds: [], openedAt: ctx.now(), openerName: 'Ana' });
    expect(() => openDraftRound(ctx, round)).toThrow('A personal journal has no workshop drafting');
    expect(doc.getMap('draftRounds').size).toBe(0);
  });
});
