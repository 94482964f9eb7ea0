import { compareStrings } from '../order';
import type { AttendanceRecord } from '../schema/workshop';
import type { SessionProblem, VerdictOf } from './session';

/*
 * Who came to a session, and when (docs/workshop.md, "Session"). Each
 * participant writes its own `joined` when it connects and its own `left` on
 * a clean leave; the facilitator writes a `left` for a participant whose
 * presence vanished. Both may say the same thing, and a reconnect repeats a
 * `joined`: the records are read as visits, one per stretch of presence.
 */

export interface Visit {
  participantId: string;
  name: string;
  joinedAt: number;
  /** Null: still here (or left without anyone noticing yet). */
  leftAt: number | null;
}

export interface Attendance {
  /** Each person's visits, by name, then by time. */
  visits: Visit[];
  problems: SessionProblem[];
}

export function attendanceOf(records: Iterable<AttendanceRecord>, sessionId: string, facilitatorId: string, verdictOf: VerdictOf): Attendance {
  const problems: SessionProblem[] = [];
  const byParticipant = new Map<string, AttendanceRecord[]>();
  for (const r of records) {
    if (r.sessionId !== sessionId) continue;
    const verdict = verdictOf(r);
    if (verdict === undefined) continue;
    if (!verdict) {
      problems.push({ root: 'attendance', id: r.id, message: 'its signature does not check: ignored' });
      continue;
    }
    // Only you say you came; you or the facilitator say you left.
    const mayWrite = r.by === r.participantId || (r.event === 'left' && r.by === facilitatorId);
    if (!mayWrite) {
      problems.push({ root: 'attendance', id: r.id, message: 'written for someone else: ignored' });
      continue;
    }
    const list = byParticipant.get(r.participantId) ?? [];
    list.push(r);
    byParticipant.set(r.participantId, list);
  }
  const visits: Visit[] = [];
  for (const [participantId, list] of byParticipant) {
    list.sort((a, b) => a.at - b.at || (a.event === b.event ? 0 : a.event === 'joined' ? -1 : 1) || compareStrings(a.id, b.id));
    let open: Visit | null = null;
    // The name of their own latest record (the facilitator may know them by an older one).
    const own = list.filter((r) => r.by === participantId);
    const name = (own[own.length - 1] ?? list[list.length - 1])!.name;
    for (const r of list) {
      if (r.event === 'joined') {
        if (!open) open = { participantId, name, joinedAt: r.at, leftAt: null };
      } else if (open) {
        open.leftAt = r.at;
        visits.push(open);
        open = null;
      }
    }
    if (open) visits.push(open);
  }
  visits.sort((a, b) => compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) || compareStrings(a.participantId, b.participantId) || a.joinedAt - b.joinedAt);
  return { visits, problems };
}
