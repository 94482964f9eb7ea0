import type * as Y from 'yjs';
import type { KeyResult, Objective, Question, SharedFrom } from '../schema/types';
import { buildEntity } from './entities';
import { questionEntity } from './questions';

/*
 * An objective, key result or question copied as a new entity: the same
 * content under the identity, place and provenance the caller gives. Used to
 * carry OKRs into the next cycle (cycle.ts) and to share a journal's OKRs
 * into a team workspace (share.ts). History (check-ins, lifecycle) is not copied.
 */

/** What makes a copy a new entity; `carriedFrom` or `sharedFrom` say where it came from. */
export interface CopyIdentity {
  id: string;
  order: string;
  createdAt: number;
  createdBy: string;
  carriedFrom?: string | null;
  sharedFrom?: SharedFrom;
}

/** A KR's measure without its identity, history or place. */
export function measureOf(kr: KeyResult): Record<string, unknown> {
  switch (kr.kind) {
    case 'metric':
      return { kind: 'metric', direction: kr.direction, baseline: kr.baseline, target: kr.target, unit: kr.unit };
    case 'output':
      return { kind: 'output', target: kr.target, unit: kr.unit };
    default:
      return { kind: kr.kind };
  }
}

/** Only the provenance that is set: an absent `sharedFrom` must not be stored as a key. */
function identityFields({ sharedFrom, carriedFrom = null, ...rest }: CopyIdentity): Record<string, unknown> {
  return sharedFrom === undefined ? { ...rest, carriedFrom } : { ...rest, carriedFrom, sharedFrom };
}

const textsOf = (e: Objective | KeyResult) => ({ title: e.title, description: e.description, why: e.why });

export function objectiveCopy(o: Objective, identity: CopyIdentity): Y.Map<unknown> {
  return buildEntity(
    { ...identityFields(identity), owner: o.owner, commitment: o.commitment, deletedKeyResultIds: [], deletedAt: null, deletedBy: null },
    textsOf(o),
  );
}

export function keyResultCopy(kr: KeyResult, objectiveId: string, identity: CopyIdentity): Y.Map<unknown> {
  return buildEntity(
    { ...identityFields(identity), objectiveId, owner: kr.owner, risk: kr.risk, ...measureOf(kr), deletedAt: null, deletedBy: null },
    textsOf(kr),
  );
}

/** Questions have no `carriedFrom`; a shared one keeps its `sharedFrom`, so check-ins shared later can answer it. */
export function questionCopy(q: Question, keyResultId: string, { id, order, createdAt, createdBy, sharedFrom }: CopyIdentity): Y.Map<unknown> {
  const question: Question = { id, keyResultId, text: q.text, order, createdAt, createdBy, deletedAt: null };
  return questionEntity(sharedFrom === undefined ? question : { ...question, sharedFrom });
}
