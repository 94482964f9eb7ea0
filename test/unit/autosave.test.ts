import { describe, expect, it, vi } from 'vitest';
import { createAutosave, type SaveStatus } from '../../renderer/state/autosave';
import { newWorkspace } from '../support/workspace';

/** A promise the test settles by hand: the moment IndexedDB or the shell answers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** IndexedDB as the autosave sees it: each whenStored() is answered by the test, in order. */
function storage() {
  const answers: ReturnType<typeof deferred<void>>[] = [];
  return {
    whenStored: () => {
      const answer = deferred();
      answers.push(answer);
      return answer.promise;
    },
    answers,
  };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function editOf(doc: ReturnType<typeof newWorkspace>['doc'], title: string) {
  doc.getMap('meta').set('probe', title);
}

describe('the save status', () => {
  it('in browser mode says saved only once IndexedDB committed the edit', async () => {
    const { doc } = newWorkspace('Ana', 'autosave01');
    const idb = storage();
    const states: SaveStatus['state'][] = [];
    createAutosave(doc, { durable: false, appVersion: 't', saveWorkspace: vi.fn() }, idb.whenStored, (s) => states.push(s.state));

    editOf(doc, 'typed');
    await settle();
    expect(states.at(-1)).toBe('pending');
    idb.answers[0]!.resolve();
    await settle();

    expect(states.at(-1)).toBe('saved');
  });

  it('does not call a newer edit saved when only an older one is committed', async () => {
    const { doc } = newWorkspace('Ana', 'autosave02');
    const idb = storage();
    const states: SaveStatus['state'][] = [];
    createAutosave(doc, { durable: false, appVersion: 't', saveWorkspace: vi.fn() }, idb.whenStored, (s) => states.push(s.state));

    editOf(doc, 'first');
    editOf(doc, 'second');
    idb.answers[0]!.resolve();
    await settle();
    expect(states.at(-1)).toBe('pending');
    idb.answers[1]!.resolve();
    await settle();

    expect(states.at(-1)).toBe('saved');
  });

  it('says what failed and what to do when the browser refuses the write', async () => {
    const { doc } = newWorkspace('Ana', 'autosave03');
    const idb = storage();
    const reports: SaveStatus[] = [];
    createAutosave(doc, { durable: false, appVersion: 't', saveWorkspace: vi.fn() }, idb.whenStored, (s) => reports.push(s));

    editOf(doc, 'typed');
    idb.answers[0]!.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await settle();

    expect(reports.at(-1)).toMatchObject({ state: 'error', error: expect.stringMatching(/quota has been exceeded.*free some disk space/) });
  });

  it('in the app waits for both the .cairn file and IndexedDB before saying saved', async () => {
    const { doc } = newWorkspace('Ana', 'autosave04');
    const idb = storage();
    const file = deferred<{ savedAt: number }>();
    const states: SaveStatus['state'][] = [];
    const autosave = createAutosave(doc, { durable: true, appVersion: 't', saveWorkspace: () => file.promise }, idb.whenStored, (s) => states.push(s.state));

    editOf(doc, 'typed');
    const flushed = autosave.flush();
    file.resolve({ savedAt: 1 });
    await settle();
    expect(states.at(-1)).toBe('saving');
    for (const answer of idb.answers) answer.resolve();
    await flushed;

    expect(states.at(-1)).toBe('saved');
    autosave.stop();
  });
});
