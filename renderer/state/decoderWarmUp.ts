import * as Y from 'yjs';

/*
 * The first Y.applyUpdate in a page runs Yjs's decoder cold: on the
 * 200-objective file it took 1.3–1.9× a warm decode of the same bytes, and
 * half of what the chooser's open spends above a stock decode. The library
 * is what a person sees first, and looks at, before choosing a file; so in
 * idle time there a small document shaped like a workspace (entity maps,
 * co-edited titles, plain-object check-ins) is written and decoded once,
 * and the chooser's open then decodes with Yjs's code already compiled.
 * Idle callbacks never delay the first paint; the work is two slices of a
 * few tens of milliseconds, and none of it runs once an open has started
 * (a reopen decodes at page load, where a warm-up could only compete).
 * The document is thrown away: nothing is stored or shown.
 */

const KEY_RESULTS = 100;
const CHECK_INS_PER_KEY_RESULT = 10;

type Slice = () => void;
interface IdleScheduler {
  request(slice: Slice): number;
  cancel(handle: number): void;
}

const browserIdle = (): IdleScheduler | null =>
  typeof requestIdleCallback === 'function' ? { request: (slice) => requestIdleCallback(slice), cancel: (handle) => cancelIdleCallback(handle) } : null;

/** The update of a workspace-shaped document: what the warm-up decodes. */
export function warmUpUpdate(keyResults = KEY_RESULTS): Uint8Array {
  const doc = new Y.Doc();
  const objectives = doc.getMap<Y.Map<unknown>>('objectives');
  const krs = doc.getMap<Y.Map<unknown>>('keyResults');
  const checkIns = doc.getMap<Record<string, unknown>>('checkIns');
  doc.transact(() => {
    for (let k = 0; k < keyResults; k++) {
      const owner = `warmUpObjective${Math.floor(k / 5)}`;
      if (k % 5 === 0) objectives.set(owner, entity(owner, k));
      const id = `warmUpKeyResult${k}`;
      const kr = entity(id, k);
      kr.set('objectiveId', owner);
      kr.set('kind', 'metric');
      kr.set('target', 40.5);
      krs.set(id, kr);
      for (let c = 0; c < CHECK_INS_PER_KEY_RESULT; c++) {
        const checkIn = `warmUpCheckIn${k}x${c}`;
        checkIns.set(checkIn, { id: checkIn, keyResultId: id, value: c * 1.5, confidence: c, note: 'Rollout slipped — a note', author: 'Ana', at: 1_780_000_000_000 + c });
      }
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function entity(id: string, n: number): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('title', new Y.Text(`Grow weekly active teams, step ${n}`));
  map.set('order', `a${n}`);
  map.set('createdAt', 1_780_000_000_000 + n);
  map.set('createdBy', 'Ana');
  return map;
}

let pending: number | null = null;
let stopped = false;
let scheduler: IdleScheduler | null = null;

/** Starts the warm-up: the document written in one idle slice, decoded in the next. Once per page, and never after stopDecoderWarmUp. */
export function warmDecoderWhenIdle(idle: IdleScheduler | null = browserIdle()): void {
  if (!idle || stopped || scheduler) return;
  scheduler = idle;
  pending = idle.request(() => {
    const update = warmUpUpdate();
    pending = stopped ? null : idle.request(() => {
      pending = null;
      Y.applyUpdate(new Y.Doc(), update);
      // For the bench: whether the warm-up ran before a file was chosen.
      performance.mark('cairn:decoder-warmed');
    });
  });
}

/** An open has started: the warm-up's slices not yet run never will. */
export function stopDecoderWarmUp(): void {
  stopped = true;
  if (pending !== null) scheduler?.cancel(pending);
  pending = null;
}
