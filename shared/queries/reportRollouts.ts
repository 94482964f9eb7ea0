import type { DateWords } from '../dateWords';
import type { WorkspaceSnapshot } from '../schema/read';
import { STAGE_KIND_LABELS, type RolloutPlan } from '../schema/rollouts';
import type { ReportRollout } from './reportTypes';
import { livePlans, openGates, promiseStatusOf, stagesOf } from './rollouts';

/** `dates`: the report's (its promise explanation is prose). `keyResultIds` null: every live plan; else the plans of a KR in scope or of work on one. */
export function rolloutsOf(snapshot: WorkspaceSnapshot, keyResultIds: ReadonlySet<string> | null, dates: DateWords): ReportRollout[] {
  const stages = [...snapshot.rolloutStages.values()];
  const gates = [...snapshot.readinessGates.values()];
  const belongs = (plan: RolloutPlan) => {
    if (keyResultIds === null) return true;
    if (plan.keyResultId !== null && keyResultIds.has(plan.keyResultId)) return true;
    const work = plan.initiativeId === null ? undefined : snapshot.initiatives.get(plan.initiativeId);
    return work !== undefined && work.deletedAt === null && work.keyResultIds.some((id) => keyResultIds.has(id));
  };
  return livePlans(snapshot.rolloutPlans.values())
    .filter(belongs)
    .map((plan) => {
      const promise = promiseStatusOf(plan, stages, dates);
      return {
        title: plan.title,
        toggleKey: plan.toggleKey,
        linkedTo: linksOf(snapshot, plan),
        promise: promise.state,
        promiseExplanation: promise.explanation,
        stages: stagesOf(plan.id, stages).map((s) => ({
          name: s.name,
          kindLabel: STAGE_KIND_LABELS[s.kind],
          audience: s.audience,
          cohorts: s.cohorts,
          plannedDate: s.plannedDate,
          actualDate: s.actualDate,
          status: s.status,
          statusReason: s.statusReason,
        })),
        openGates: openGates(plan.id, gates).map((g) => ({ name: g.name, owningTeam: g.owningTeam })),
      };
    });
}

function linksOf(snapshot: WorkspaceSnapshot, plan: RolloutPlan): string[] {
  const work = plan.initiativeId === null ? undefined : snapshot.initiatives.get(plan.initiativeId);
  const kr = plan.keyResultId === null ? undefined : snapshot.keyResults.get(plan.keyResultId);
  return [...(work ? [`Initiative: ${work.title}`] : []), ...(kr ? [`Key result: ${kr.title}`] : [])];
}
