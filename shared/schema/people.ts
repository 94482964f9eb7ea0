import { z } from 'zod';
import { CREATED_FALLBACKS, entityId, epochMs, readEntity, shortText, softDeleteFields, type Fallbacks, type ReadResult } from './readCommon';

/*
 * The people a workspace knows by hand: names someone added (typing a new
 * owner adds one). Each is a Y.Map of plain values, so a rename and a removal
 * made offline both stay. Everyone else a workspace knows (authors, owners,
 * who is present) is derived, never stored: shared/queries/people.ts.
 * See docs/schema.md, "people".
 */

const personSchema = z.object({
  id: entityId,
  /** Plain text: last writer wins. Owners name a person by this name (docs/schema.md). */
  name: shortText,
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
});

export type Person = z.output<typeof personSchema>;

const personFallbacks: Fallbacks = { ...CREATED_FALLBACKS, name: () => '' };

export const readPerson = (id: string, raw: unknown): ReadResult<Person> => readEntity('people', personSchema, id, raw, personFallbacks);
