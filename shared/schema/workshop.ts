import { z } from 'zod';
import { entityId, epochMs, orderKey, readRecord, shortText, type Fallbacks, type ReadResult } from './readCommon';

/*
 * The facilitator's session (docs/workshop.md, "Session"; docs/schema.md,
 * "facilitation, agendaStages, attendance"). Every record is an immutable,
 * signed fact, appended under a fresh id and never changed: a hostile peer can
 * add records but cannot overwrite the facilitator's, and two halves of a room
 * that split and rejoin simply hold the union. What the session *is* (its
 * facilitator, current stage, stage times, timer) is derived from the facts
 * whose signature checks (shared/workshop/session.ts); the readers here only
 * check the shape, because a signature check is asynchronous (WebCrypto).
 */

/** A participant id: base64url of 16 bytes (shared/workshop/participantKey.ts). */
const participantId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a participant id');
const publicJwk = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().max(64), y: z.string().max(64) });
const signature = z.string().max(200);

/** The signature envelope of every record of these roots: who (`by`), their public key and the signature over the rest. */
const signedFields = { by: participantId, key: publicJwk, sig: signature };

export const STAGE_KINDS = ['context', 'draft-objectives', 'reveal', 'dot-vote', 'draft-key-results', 'confidence-vote', 'commit', 'custom'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

const facilitationSchema = z.object({
  id: entityId,
  /** The `sessions` checkpoint written when hosting started. */
  sessionId: entityId,
  action: z.enum(['start', 'advance', 'end']),
  /** The facilitator's clock, epoch ms. */
  at: epochMs,
  /** On `start`: the facilitator's display name. */
  facilitatorName: shortText.default(''),
  /** On `advance`: the stage moved to (null: past the last stage). */
  toStageId: entityId.nullable().default(null),
  ...signedFields,
});
export type FacilitationRecord = z.output<typeof facilitationSchema>;

const agendaSchema = z.object({
  id: entityId,
  sessionId: entityId,
  stageId: entityId,
  /** `define`: the stage as it now is (added, renamed, moved, skipped); `timer`: its timer as it now is. */
  action: z.enum(['define', 'timer']),
  at: epochMs,
  title: shortText.default(''),
  kind: z.enum(STAGE_KINDS).default('custom'),
  prompt: z.string().max(2000).default(''),
  order: orderKey.default('a0'),
  skipped: z.boolean().default(false),
  /** The time planned for the stage, ms. */
  durationMs: z.number().int().min(0).max(86_400_000).default(0),
  /** Timer: running with a deadline in the facilitator's clock, or paused with this much left. */
  running: z.boolean().default(false),
  deadline: epochMs.nullable().default(null),
  remainingMs: z.number().int().min(0).max(86_400_000).default(0),
  ...signedFields,
});
export type AgendaRecord = z.output<typeof agendaSchema>;

const attendanceSchema = z.object({
  id: entityId,
  sessionId: entityId,
  /** Who joined or left. */
  participantId,
  name: shortText,
  event: z.enum(['joined', 'left']),
  /** The writer's estimate of the facilitator's clock (its own clock plus its offset, when known). */
  at: epochMs,
  ...signedFields,
});
export type AttendanceRecord = z.output<typeof attendanceSchema>;

// A bad envelope reads as an empty one: the record stays (so the problem can be shown) but never verifies.
const envelopeFallbacks: Fallbacks = { by: () => 'unsigned', key: () => ({ kty: 'EC', crv: 'P-256', x: '', y: '' }), sig: () => '' };
const timeFallbacks: Fallbacks = { ...envelopeFallbacks, at: () => 0 };

export const readFacilitation = (id: string, raw: unknown): ReadResult<FacilitationRecord> =>
  readRecord('facilitation', facilitationSchema, id, raw, { ...timeFallbacks, sessionId: () => 'missing-reference', action: () => 'advance' });
export const readAgendaStage = (id: string, raw: unknown): ReadResult<AgendaRecord> =>
  readRecord('agendaStages', agendaSchema, id, raw, { ...timeFallbacks, sessionId: () => 'missing-reference', stageId: () => 'missing-reference', action: () => 'define' });
export const readAttendance = (id: string, raw: unknown): ReadResult<AttendanceRecord> =>
  readRecord('attendance', attendanceSchema, id, raw, { ...timeFallbacks, sessionId: () => 'missing-reference', participantId: () => 'unknown', name: () => '', event: () => 'joined' });
