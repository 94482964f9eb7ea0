import { signPayload, verifyPayload, type ParticipantKey, type PublicKeyJwk } from './participantKey';

/*
 * The signature envelope of the session's records (docs/schema.md, "The
 * facilitator's session"): `by` (participant id), `key` (their public JWK) and
 * `sig`, an ECDSA signature over the canonical JSON of everything else in the
 * record. Signing and checking are asynchronous (WebCrypto), so readers only
 * check the shape and a SignatureCache remembers what was checked: each
 * record is verified once, however often the session is derived again.
 */

export interface Envelope {
  by: string;
  key: PublicKeyJwk;
  sig: string;
}

/** A record before signing: every field the reader will read, so what is signed is what is read back. */
export type Unsigned<T extends Envelope> = Omit<T, keyof Envelope>;

/** What was signed: the record without its signature. */
export function signedPayloadOf<T extends Envelope>(record: T): Omit<T, 'sig'> {
  const { sig: _sig, ...payload } = record;
  return payload;
}

export async function signRecord<T extends Envelope>(key: ParticipantKey, unsigned: Unsigned<T>): Promise<Unsigned<T> & Envelope> {
  const payload = { ...unsigned, by: key.id, key: key.publicJwk };
  return { ...payload, sig: await signPayload(key, payload) };
}

export function verifyRecord(record: Envelope): Promise<boolean> {
  return verifyPayload(record.by, record.key, signedPayloadOf(record), record.sig);
}

/** true: the signature checks; false: it does not; undefined: not checked yet. */
export type Verdict = boolean | undefined;

/**
 * Verdicts by record id and signature (a record is immutable, so its verdict
 * never changes; a peer reusing an id with another signature is checked anew).
 */
export class SignatureCache {
  private readonly verdicts = new Map<string, boolean>();

  private static keyOf(record: { id: string; sig: string }): string {
    return `${record.id}\u0000${record.sig}`;
  }

  verdict(record: { id: string; sig: string }): Verdict {
    return this.verdicts.get(SignatureCache.keyOf(record));
  }

  /** Checks every record not checked yet; true when a verdict was added. */
  async verifyAll(records: Iterable<Envelope & { id: string }>): Promise<boolean> {
    const pending = [...records].filter((r) => this.verdict(r) === undefined);
    const results = await Promise.all(pending.map((r) => verifyRecord(r)));
    pending.forEach((record, i) => this.verdicts.set(SignatureCache.keyOf(record), results[i]!));
    return pending.length > 0;
  }
}
