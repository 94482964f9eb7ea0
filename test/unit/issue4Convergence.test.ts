import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError, localContext, type CommandContext } from '../../shared/commands/context';
import { recordDecision } from '../../shared/commands/decisions';
import { addInitiative, deleteInitiative, linkInitiative, restoreInitiative, setInitiativeFocusWeek, setInitiativeStatus } from '../../shared/commands/initiatives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addQuestions, deleteQuestion } from '../../shared/commands/questions';
import { setSignalThreshold } from '../../shared/commands/workspace';
import { workspaceSignals } from '../../shared/queries/decisions';
import { answersOf, progressOf } from '../../shared/queries/progress';
import { readWorkspace } from '../../shared/schema/read';
import { ANSWERS, INITIATIVE_STATUSES, type Answer } from '../../shared/schema/types';
import { seededRandom, type Random } from '../support/random';
import {
  canonicalState,
  day,
  historyOf,
  keyResultOf,
  liveQuestionsOf,
  newCycleWorkspace,
  replicaOf,
  signalsInputOf,
  syncBoth,
  type Replica,
} from './issue4Fixtures';

const metric = { direction: 'increase' as const, baseline: 0, target: 100, unit: '%' };

/** Both replicas hold the same content and have seen the same updates. */
function expectConverged(a: Y.Doc, b: Y.Doc): void {
  expect(canonicalState(a)).toBe(canonicalState(b));
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(readWorkspace(a).problems).toEqual([]);
}

/** Ana's workspace with an objective, then a copy of it on Ben's device: both go offline. */
function twoDevices(setUp: (ana: Replica, objective: string) => void = () => undefined) {
  const ana = newCycleWorkspace('Ana');
  const objective = addObjective(ana.ctx, { title: 'Grow' });
  setUp(ana, objective);
  const ben = replicaOf(ana.doc, 'Ben', ana.clock.t);
  return { ana, ben, objective };
}

describe('two replicas of one workspace edited offline, then synced both ways', () => {
  it('keep both concurrent check-ins of one output KR, and agree on the latest', () => {
    let kr = '';
    const { ana, ben } = twoDevices((a, o) => {
      kr = addKeyResult(a.ctx, o, { title: 'Guides', kind: 'output', output: { target: 10, unit: '' } });
    });
    ana.clock.t = day(20);
    const fromAna = recordCheckIn(ana.ctx, kr, { value: 3 });
    ben.clock.t = day(21);
    const fromBen = recordCheckIn(ben.ctx, kr, { value: 4 });
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      const snapshot = readWorkspace(doc);
      expect(historyOf(snapshot, kr).map((c) => c.id).sort()).toEqual([fromAna, fromBen].sort());
      expect(progressOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr)).current).toBe(4);
    }
    expectConverged(ana.doc, ben.doc);
  });

  it('keep both concurrent decisions, each closing the signal it answers', () => {
    const krs: string[] = [];
    const checkIns: string[] = [];
    const { ana, ben } = twoDevices((a, o) => {
      for (const title of ['Activation', 'Retention']) krs.push(addKeyResult(a.ctx, o, { title, kind: 'metric', metric }));
      a.clock.t = day(45);
      for (const kr of krs) checkIns.push(recordCheckIn(a.ctx, kr, { value: 20 })); // both 30 points behind
    });
    ana.clock.t = day(46);
    const fromAna = recordDecision(ana.ctx, { kind: 'pivot', rationale: 'Guided setup', keyResultIds: [krs[0]!], signalKeys: [`behind-pace:${krs[0]}:${checkIns[0]}`] });
    ben.clock.t = day(46);
    const fromBen = recordDecision(ben.ctx, { kind: 'escalate', rationale: 'Needs the data team', keyResultIds: [krs[1]!], signalKeys: [`behind-pace:${krs[1]}:${checkIns[1]}`] });
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      const snapshot = readWorkspace(doc);
      expect([...snapshot.decisions.keys()].sort()).toEqual([fromAna, fromBen].sort());
      const behind = workspaceSignals(signalsInputOf(snapshot), day(47)).filter((s) => s.signal.kind === 'behind-pace');
      expect(behind.map((s) => [s.signal.keyResultId, s.closedBy?.id])).toEqual([
        [krs[0], fromAna],
        [krs[1], fromBen],
      ]);
    }
    expectConverged(ana.doc, ben.doc);
  });

  it('let the earlier of two decisions answering the same signal close it, on both replicas', () => {
    let kr = '';
    let c = '';
    const { ana, ben } = twoDevices((a, o) => {
      kr = addKeyResult(a.ctx, o, { title: 'Activation', kind: 'metric', metric });
      a.clock.t = day(45);
      c = recordCheckIn(a.ctx, kr, { value: 20 });
    });
    const key = `behind-pace:${kr}:${c}`;
    ben.clock.t = day(46);
    const earlier = recordDecision(ben.ctx, { kind: 'persevere', rationale: 'Give it a week', keyResultIds: [kr], signalKeys: [key] });
    ana.clock.t = day(47);
    recordDecision(ana.ctx, { kind: 'stop', rationale: 'Not worth it', keyResultIds: [kr], signalKeys: [key] });
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      const status = workspaceSignals(signalsInputOf(readWorkspace(doc)), day(48)).find((s) => s.signal.key === key);
      expect(status?.closedBy?.id).toBe(earlier);
    }
  });

  it('keep both links when one initiative is linked to two different KRs concurrently', () => {
    const krs: string[] = [];
    let work = '';
    const { ana, ben } = twoDevices((a, o) => {
      for (const title of ['A', 'B']) krs.push(addKeyResult(a.ctx, o, { title, kind: 'milestone' }));
      work = addInitiative(a.ctx, { title: 'Onboarding study', kind: 'experiment' });
    });
    linkInitiative(ana.ctx, work, krs[0]!, true);
    linkInitiative(ben.ctx, work, krs[1]!, true);
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) expect(readWorkspace(doc).initiatives.get(work)?.keyResultIds).toEqual([...krs].sort());
    expectConverged(ana.doc, ben.doc);
  });

  it('keep a link added concurrently with another link’s removal', () => {
    const krs: string[] = [];
    let work = '';
    const { ana, ben } = twoDevices((a, o) => {
      for (const title of ['A', 'B']) krs.push(addKeyResult(a.ctx, o, { title, kind: 'milestone' }));
      work = addInitiative(a.ctx, { title: 'w', keyResultIds: [krs[0]!] });
    });
    linkInitiative(ana.ctx, work, krs[0]!, false);
    linkInitiative(ben.ctx, work, krs[1]!, true);
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) expect(readWorkspace(doc).initiatives.get(work)?.keyResultIds).toEqual([krs[1]]);
    expectConverged(ana.doc, ben.doc);
  });

  it('keep a link made to an initiative someone else deleted meanwhile, visible once it is restored', () => {
    let kr = '';
    let work = '';
    const { ana, ben } = twoDevices((a, o) => {
      kr = addKeyResult(a.ctx, o, { title: 'A', kind: 'milestone' });
      work = addInitiative(a.ctx, { title: 'w' });
    });
    deleteInitiative(ana.ctx, work);
    linkInitiative(ben.ctx, work, kr, true);
    syncBoth(ana.doc, ben.doc);
    restoreInitiative(ana.ctx, work);
    syncBoth(ana.doc, ben.doc);
    expect(readWorkspace(ben.doc).initiatives.get(work)).toMatchObject({ deletedAt: null, keyResultIds: [kr] });
    expectConverged(ana.doc, ben.doc);
  });

  it('count answers given to two questions in two concurrent check-ins', () => {
    let kr = '';
    const { ana, ben } = twoDevices((a, o) => {
      kr = addKeyResult(a.ctx, o, { title: 'Understand', kind: 'learning', questions: ['Will teams pay?', 'Weekly check-ins?', 'Offline?'] });
    });
    const [q1, q2] = liveQuestionsOf(readWorkspace(ana.doc), kr).map((q) => q.id);
    ana.clock.t = day(10);
    recordCheckIn(ana.ctx, kr, { value: 0, answers: { [q1!]: 'validated' } });
    ben.clock.t = day(11);
    recordCheckIn(ben.ctx, kr, { value: 0, answers: { [q2!]: 'invalidated' } });
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      const snapshot = readWorkspace(doc);
      const questions = liveQuestionsOf(snapshot, kr);
      // Each check-in's own value says 1; the merged answers say 2.
      expect(historyOf(snapshot, kr).map((c) => c.value)).toEqual([1, 1]);
      expect(progressOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), questions)).toEqual({ ratio: 2 / 3, current: 2, holding: null });
    }
    expectConverged(ana.doc, ben.doc);
  });

  it('settle conflicting answers to one question by the later check-in, the same on both replicas', () => {
    let kr = '';
    const { ana, ben } = twoDevices((a, o) => {
      kr = addKeyResult(a.ctx, o, { title: 'Understand', kind: 'learning', questions: ['Will teams pay?'] });
    });
    const [q] = liveQuestionsOf(readWorkspace(ana.doc), kr).map((x) => x.id);
    ana.clock.t = day(12);
    recordCheckIn(ana.ctx, kr, { value: 0, answers: { [q!]: 'validated' } });
    ben.clock.t = day(11);
    recordCheckIn(ben.ctx, kr, { value: 0, answers: { [q!]: 'invalidated' } });
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      const snapshot = readWorkspace(doc);
      expect(answersOf(liveQuestionsOf(snapshot, kr), historyOf(snapshot, kr)).get(q!)).toBe('validated');
    }
  });

  it('keep both of two thresholds changed concurrently', () => {
    const { ana, ben } = twoDevices();
    setSignalThreshold(ana.ctx, 'behindPacePoints', 10);
    setSignalThreshold(ben.ctx, 'checkInRhythmDays', 14);
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) expect(readWorkspace(doc).meta?.signalThresholds).toMatchObject({ behindPacePoints: 10, checkInRhythmDays: 14 });
    expectConverged(ana.doc, ben.doc);
  });
});

describe('randomized sessions over the issue-4 commands', () => {
  interface World {
    krs: { metric: string; output: string; learning: string };
    initiatives: string[];
    checkIns: Set<string>;
    decisions: Set<string>;
  }

  /** One random edit; refusals (a question deleted meanwhile, ...) are fine, anything else fails the test. */
  function randomEdit(ctx: CommandContext, random: Random, world: World): void {
    const { krs } = world;
    const allKrs = [krs.metric, krs.output, krs.learning];
    try {
      switch (random.int(9)) {
        case 0:
          world.checkIns.add(recordCheckIn(ctx, random.pick(allKrs.slice(0, 2))!, { value: random.int(120), confidence: random.chance(0.5) ? random.int(11) : null }));
          break;
        case 1: {
          const questions = liveQuestionsOf(readWorkspace(ctx.doc), krs.learning);
          const q = random.pick(questions);
          if (q) world.checkIns.add(recordCheckIn(ctx, krs.learning, { value: 0, answers: { [q.id]: random.pick(ANSWERS) as Answer } }));
          break;
        }
        case 2:
          addQuestions(ctx, krs.learning, [`Question ${random.int(1000)}?`]);
          break;
        case 3: {
          const q = random.pick(liveQuestionsOf(readWorkspace(ctx.doc), krs.learning));
          if (q) deleteQuestion(ctx, q.id);
          break;
        }
        case 4:
          world.initiatives.push(addInitiative(ctx, { title: `Work ${random.int(1000)}` }));
          break;
        case 5: {
          const work = random.pick(world.initiatives);
          if (work) linkInitiative(ctx, work, random.pick(allKrs)!, random.chance(0.7));
          break;
        }
        case 6: {
          const work = random.pick(world.initiatives);
          if (work) {
            if (random.chance(0.5)) setInitiativeStatus(ctx, work, random.pick(INITIATIVE_STATUSES)!);
            else setInitiativeFocusWeek(ctx, work, random.chance(0.8) ? `2026-W0${1 + random.int(9)}` : null);
          }
          break;
        }
        case 7: {
          const evidence = random.pick([...world.checkIns]);
          const kr = random.pick(allKrs)!;
          world.decisions.add(
            recordDecision(ctx, { kind: 'pivot', rationale: 'Because', keyResultIds: [kr], checkInIds: evidence ? [evidence] : [], signalKeys: [`behind-pace:${kr}:${evidence ?? 'none'}`] }),
          );
          break;
        }
        case 8:
          setSignalThreshold(ctx, 'behindPacePoints', 1 + random.int(100));
          break;
      }
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
    }
  }

  for (const seed of [11, 12, 13, 14]) {
    it(`converge with every check-in, decision and link kept (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const origin = newCycleWorkspace('Peer0');
      const objective = addObjective(origin.ctx, { title: 'O' });
      const world: World = {
        krs: {
          metric: addKeyResult(origin.ctx, objective, { title: 'M', kind: 'metric', metric }),
          output: addKeyResult(origin.ctx, objective, { title: 'Out', kind: 'output', output: { target: 50, unit: '' } }),
          learning: addKeyResult(origin.ctx, objective, { title: 'L', kind: 'learning', questions: ['First?', 'Second?'] }),
        },
        initiatives: [],
        checkIns: new Set(),
        decisions: new Set(),
      };
      const peers = [origin.doc, replicaOf(origin.doc, 'Peer1', day(0)).doc, replicaOf(origin.doc, 'Peer2', day(0)).doc];
      let clock = day(1);
      const contexts = peers.map((doc, i) => localContext(doc, `Peer${i}`, () => (clock += 3_600_000)));
      const outbox = peers.map(() => [] as Uint8Array[]);
      peers.forEach((doc, i) => doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && outbox[i]!.push(update)));

      for (let round = 0; round < 50; round++) {
        for (let i = 0; i < peers.length; i++) if (random.chance(0.8)) randomEdit(contexts[i]!, random, world);
        if (random.chance(0.5)) {
          // A partial, shuffled delivery from one peer to another.
          const from = random.int(peers.length);
          const to = random.int(peers.length);
          if (from !== to) for (const update of [...outbox[from]!].sort(() => random.next() - 0.5)) if (random.chance(0.7)) Y.applyUpdate(peers[to]!, update, 'remote');
        }
      }
      for (let i = 0; i < peers.length; i++) for (let j = i + 1; j < peers.length; j++) syncBoth(peers[i]!, peers[j]!);
      syncBoth(peers[0]!, peers[1]!);

      for (const doc of peers.slice(1)) expectConverged(peers[0]!, doc);
      const snapshot = readWorkspace(peers[0]!);
      for (const id of world.checkIns) expect(snapshot.checkIns.has(id)).toBe(true);
      for (const id of world.decisions) expect(snapshot.decisions.has(id)).toBe(true);
      for (const id of world.initiatives) expect(snapshot.initiatives.has(id)).toBe(true);
      // Every link points at a KR that exists, and every answer was stored only with a check-in of the learning KR.
      for (const work of snapshot.initiatives.values()) for (const kr of work.keyResultIds) expect(snapshot.keyResults.has(kr)).toBe(true);
      for (const c of snapshot.checkIns.values()) if (c.answers) expect(c.keyResultId).toBe(world.krs.learning);
      expect(world.checkIns.size + world.decisions.size + world.initiatives.length).toBeGreaterThan(15);
    });
  }
});
