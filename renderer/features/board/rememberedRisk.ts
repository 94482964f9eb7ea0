import type { Risk } from '../../../shared/schema/types';

/*
 * The risk last chosen for each objective's new key results, for this
 * session: a team adding KRs one after another usually faces the same risk,
 * and reopening the form later should not make them choose it again. Not
 * stored: it is a convenience, not a fact about the workspace.
 */
const lastRisk = new Map<string, Risk>();

export function lastRiskFor(objectiveId: string): Risk | null {
  return lastRisk.get(objectiveId) ?? null;
}

export function rememberRisk(objectiveId: string, risk: Risk): void {
  lastRisk.set(objectiveId, risk);
}
