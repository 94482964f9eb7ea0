import { CommandError, type CommandContext } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult, deleteKeyResult, editKeyResultText, moveKeyResult, restoreKeyResult, setMetric } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, moveObjective, restoreObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import type { Random } from './random';

const WORDS = ['grow', 'ship', 'delight', 'teams', 'é', '👍', 'revenue', 'churn', ' ', 'Q3'];

/** Everything peers created, so a test can check nothing was silently lost. */
export interface Created {
  objectives: Set<string>;
  keyResults: Set<string>;
  checkIns: Set<string>;
}

/** One random user action through the app's own commands. Refused commands are fine. */
export function randomEdit(ctx: CommandContext, random: Random, created: Created): void {
  const snapshot = readWorkspace(ctx.doc);
  const objectives = [...snapshot.objectives.values()];
  const live = objectives.filter((o) => o.deletedAt === null);
  const keyResults = [...snapshot.keyResults.values()];
  const liveKrs = keyResults.filter((k) => k.deletedAt === null);
  const word = () => random.pick(WORDS)!;
  try {
    switch (random.int(11)) {
      case 0:
        created.objectives.add(addObjective(ctx, { title: `${word()} ${word()}` }));
        break;
      case 1: {
        const o = random.pick(live);
        if (o) {
          const at = random.int(o.title.length + 1);
          editObjectiveText(ctx, o.id, 'title', o.title.slice(0, at) + word() + o.title.slice(at + random.int(3)));
        }
        break;
      }
      case 2: {
        const o = random.pick(live);
        if (o) moveObjective(ctx, o.id, random.int(live.length));
        break;
      }
      case 3: {
        const o = random.pick(live);
        if (o && random.chance(0.4)) deleteObjective(ctx, o.id);
        break;
      }
      case 4: {
        const o = random.pick(objectives.filter((x) => x.deletedAt !== null));
        if (o) restoreObjective(ctx, o.id);
        break;
      }
      case 5: {
        const o = random.pick(live);
        if (o) {
          const kind = random.chance(0.7) ? 'metric' : 'milestone';
          created.keyResults.add(
            addKeyResult(ctx, o.id, { title: word(), kind, metric: { direction: 'increase', baseline: 0, target: 100, unit: '%' } }),
          );
        }
        break;
      }
      case 6: {
        const kr = random.pick(liveKrs);
        const o = random.pick(live);
        if (kr && o) moveKeyResult(ctx, kr.id, random.chance(0.7) ? kr.objectiveId : o.id, random.int(4));
        break;
      }
      case 7: {
        const kr = random.pick(liveKrs);
        if (kr) (random.chance(0.5) ? deleteKeyResult : restoreKeyResult)(ctx, kr.id);
        else {
          const deleted = random.pick(keyResults.filter((k) => k.deletedAt !== null));
          if (deleted) restoreKeyResult(ctx, deleted.id);
        }
        break;
      }
      case 8: {
        const kr = random.pick(liveKrs);
        if (kr) editKeyResultText(ctx, kr.id, random.chance(0.5) ? 'title' : 'description', `${kr.title}${word()}`);
        break;
      }
      case 9: {
        const kr = random.pick(liveKrs);
        if (kr) setMetric(ctx, kr.id, { direction: random.pick(['increase', 'stayAbove', 'stayBelow'] as const)!, baseline: 0, target: 1 + random.int(99), unit: 'x' });
        break;
      }
      default: {
        const kr = random.pick(keyResults);
        if (kr) created.checkIns.add(recordCheckIn(ctx, kr.id, { value: random.int(120), confidence: random.int(11), note: word() }));
      }
    }
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
  }
}
