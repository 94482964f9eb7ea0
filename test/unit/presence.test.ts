import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, colourOfName } from '../../shared/queries/people';
import { MAX_NAME, facilitatorDeparture, facilitatorOf, readPeer, readPeers, type PeerPresence } from '../../shared/workshop/presence';
import { INITIAL_FOLLOW, followStep, type FollowState } from '../../shared/workshop/follow';
import { announceSessionEnd, dismissSessionNotice, sessionEndText, useSessionNotice, withdrawLeftNotice } from '../../renderer/state/sessionNotice';
import { seededRandom, type Random } from '../support/random';

const ANA_ID = 'AnaParticipantId000001';
const BEN_ID = 'BenParticipantId000002';
const board = (objectiveId: string | null = null, keyResultId: string | null = null) => ({ tab: 'okrs', objectiveId, keyResultId });

function state(name: string, extra: Record<string, unknown> = {}) {
  return { user: { name, color: AVATAR_COLOURS[0] }, ...extra };
}

function peer(clientId: number, name: string, extra: Record<string, unknown> = {}): PeerPresence {
  const read = readPeer(clientId, state(name, extra));
  if (!read) throw new Error('unreadable test peer');
  return read;
}

const facilitator = (extra: Record<string, unknown> = {}) => peer(1, 'Ana', { participant: { id: ANA_ID, facilitator: true }, ...extra });

describe('reading awareness (hostile peers)', () => {
  it('reads a well-formed state', () => {
    const read = readPeer(7, {
      user: { name: 'Ana', color: AVATAR_COLOURS[2] },
      participant: { id: ANA_ID, facilitator: true },
      view: { tab: 'teams', objectiveId: 'obj1', keyResultId: 'kr1' },
      bringHere: { seq: 3, view: { tab: 'okrs', objectiveId: 'obj1', keyResultId: null } },
      ending: 'stopped-sharing',
      editing: { entityId: 'kr1', field: 'title' },
    });
    expect(read).toEqual({
      clientId: 7,
      name: 'Ana',
      color: AVATAR_COLOURS[2],
      participantId: ANA_ID,
      facilitator: true,
      view: { tab: 'teams', objectiveId: 'obj1', keyResultId: 'kr1' },
      bringHere: { seq: 3, view: { tab: 'okrs', objectiveId: 'obj1', keyResultId: null } },
      ending: 'stopped-sharing',
      editing: { entityId: 'kr1', field: 'title' },
    });
  });

  it('caps names, strips control and direction characters, and lists no one without a name', () => {
    expect(readPeer(1, state('A'.repeat(500)))?.name).toHaveLength(MAX_NAME);
    expect(readPeer(1, state('Ana\u0000\u202e\nBen'))?.name).toBe('AnaBen');
    expect(readPeer(1, state('   '))).toBeNull();
    expect(readPeer(1, { user: { name: 42 } })).toBeNull();
    expect(readPeer(1, null)).toBeNull();
    expect(readPeer(1, [])).toBeNull();
  });

  it('refuses ids of the wrong shape and prototype names, field by field', () => {
    const read = readPeer(1, state('Mallory', {
      participant: { id: '__proto__', facilitator: true },
      view: { tab: 'okrs', objectiveId: 'x'.repeat(65), keyResultId: 'kr1' },
      editing: { entityId: 'constructor', field: 'title' },
    }));
    expect(read?.participantId).toBeNull();
    // A claim to lead without a participant id is no claim.
    expect(read?.facilitator).toBe(false);
    // No objective, so no key result inside it either.
    expect(read?.view).toEqual({ tab: 'okrs', objectiveId: null, keyResultId: null });
    expect(read?.editing).toBeNull();
    expect(readPeer(1, state('M', { view: { tab: '<script>' } }))?.view).toBeNull();
    expect(readPeer(1, state('M', { editing: { entityId: 'kr1', field: 'a b' } }))?.editing).toBeNull();
    expect(readPeer(1, state('M', { ending: 'ended-everything' }))?.ending).toBeNull();
  });

  it('takes only an avatar colour (white text stays legible), else the name’s own', () => {
    expect(readPeer(1, { user: { name: 'Ana', color: '#ffffff' } })?.color).toBe(colourOfName('Ana'));
    expect(readPeer(1, { user: { name: 'Ana', color: 'red; background: url(x)' } })?.color).toBe(colourOfName('Ana'));
  });

  it('ignores "bring everyone here" from anyone but a facilitator, and a malformed one', () => {
    const bring = { seq: 1, view: board('obj1') };
    expect(peer(2, 'Ben', { participant: { id: BEN_ID, facilitator: false }, bringHere: bring }).bringHere).toBeNull();
    expect(facilitator({ bringHere: { seq: -1, view: board() } }).bringHere).toBeNull();
    expect(facilitator({ bringHere: { seq: 1.5, view: board() } }).bringHere).toBeNull();
    expect(facilitator({ bringHere: { seq: 2, view: 'everywhere' } }).bringHere).toBeNull();
    expect(facilitator({ bringHere: bring }).bringHere).toEqual(bring);
  });

  it('never throws on random garbage (seeded)', () => {
    const random = seededRandom(1414);
    for (let i = 0; i < 3000; i++) {
      const states = new Map<number, unknown>([[i, garbage(random, 4)], [i + 1, { user: { name: garbage(random, 2) }, ...record(random, 3) }]]);
      const peers = readPeers(states, -1);
      for (const p of peers) {
        expect(p.name.length).toBeGreaterThan(0);
        expect([...p.name].length).toBeLessThanOrEqual(MAX_NAME);
        expect(AVATAR_COLOURS).toContain(p.color);
      }
    }
  });
});

const KEYS = ['user', 'participant', 'view', 'bringHere', 'ending', 'editing', 'name', 'id', 'tab', 'seq', 'objectiveId', 'facilitator', '__proto__'];
function garbage(random: Random, depth: number): unknown {
  switch (random.int(depth > 0 ? 9 : 6)) {
    case 0: return null;
    case 1: return random.int(1000) - 500;
    case 2: return random.pick(['', 'okrs', 'stopped-sharing', 'x'.repeat(random.int(200)), '__proto__', 'kr1', '#1864ab']);
    case 3: return random.chance(0.5);
    case 4: return undefined;
    case 5: return Number.NaN;
    case 6: return Array.from({ length: random.int(3) }, () => garbage(random, depth - 1));
    default: return record(random, depth - 1);
  }
}
function record(random: Random, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = random.int(5); i > 0; i--) out[random.pick(KEYS)!] = garbage(random, depth);
  return out;
}

describe('who the facilitator is', () => {
  it('is the one laptop that claims it', () => {
    const ben = peer(2, 'Ben', { participant: { id: BEN_ID, facilitator: false } });
    expect(facilitatorOf([ben, facilitator()])?.name).toBe('Ana');
    expect(facilitatorOf([ben])).toBeNull();
  });

  it('is nobody when two laptops claim it, unless the session names one', () => {
    const mallory = peer(3, 'Mallory', { participant: { id: BEN_ID, facilitator: true } });
    expect(facilitatorOf([facilitator(), mallory])).toBeNull();
    expect(facilitatorOf([facilitator(), mallory], ANA_ID)?.name).toBe('Ana');
    // Two windows of the same facilitator are one facilitator.
    expect(facilitatorOf([facilitator(), { ...facilitator(), clientId: 9 }])?.name).toBe('Ana');
  });
});

describe('the facilitator going away', () => {
  const ben = peer(2, 'Ben', { participant: { id: BEN_ID, facilitator: false } });

  it('says "stopped sharing" when it announces it, once, and not again when its state is removed', () => {
    const stopping = facilitator({ ending: 'stopped-sharing' });
    expect(facilitatorDeparture([facilitator(), ben], [stopping, ben])).toEqual({ reason: 'stopped-sharing', name: 'Ana' });
    expect(facilitatorDeparture([stopping, ben], [stopping, ben])).toBeNull();
    expect(facilitatorDeparture([stopping, ben], [ben])).toBeNull();
  });

  it('says "left" when its state is removed without a word (closed, or timed out)', () => {
    expect(facilitatorDeparture([facilitator(), ben], [ben])).toEqual({ reason: 'left', name: 'Ana' });
  });

  it('is silent when a laptop that only claimed the role leaves, once the session names the facilitator', () => {
    const mallory = peer(3, 'Mallory', { participant: { id: BEN_ID, facilitator: true } });
    expect(facilitatorDeparture([facilitator(), mallory], [facilitator()], ANA_ID)).toBeNull();
    expect(facilitatorDeparture([facilitator(), mallory], [mallory], ANA_ID)).toEqual({ reason: 'left', name: 'Ana' });
  });

  it('is silent when the facilitator only reloaded (same participant, new client) or a participant left', () => {
    expect(facilitatorDeparture([facilitator(), ben], [{ ...facilitator(), clientId: 5 }, ben])).toBeNull();
    expect(facilitatorDeparture([facilitator(), ben], [facilitator()])).toBeNull();
  });

  it('says it in words that tell the participant nothing is lost', () => {
    expect(sessionEndText('stopped-sharing', null)).toBe('The facilitator stopped sharing. Your edits stay on this laptop and will merge when you meet again.');
    expect(sessionEndText('left', 'Ana')).toBe('The facilitator, Ana, left the workshop. Your edits stay on this laptop and will merge when you meet again.');
    expect(sessionEndText('ended', null)).toBe('The facilitator ended the session. Your edits stay on this laptop and will merge when you meet again.');
  });
});

describe('the session notice', () => {
  it('is shown once per reason, lets an end of session outrank a departure, and goes when dismissed', () => {
    dismissSessionNotice();
    announceSessionEnd('stopped-sharing', 'Ana');
    const first = useSessionNotice.getState().notice;
    announceSessionEnd('stopped-sharing', 'Ana');
    expect(useSessionNotice.getState().notice).toBe(first);
    announceSessionEnd('left', 'Ana');
    expect(useSessionNotice.getState().notice?.reason).toBe('left');
    announceSessionEnd('ended', 'Ana');
    announceSessionEnd('left', 'Ana');
    expect(useSessionNotice.getState().notice?.text).toBe(sessionEndText('ended', 'Ana'));
    dismissSessionNotice();
    expect(useSessionNotice.getState().notice).toBeNull();
  });

  it('takes back "left the workshop" when the facilitator is here again, and only that', () => {
    announceSessionEnd('left', 'Ana');
    withdrawLeftNotice();
    expect(useSessionNotice.getState().notice).toBeNull();
    for (const reason of ['stopped-sharing', 'ended'] as const) {
      announceSessionEnd(reason, 'Ana');
      withdrawLeftNotice();
      expect(useSessionNotice.getState().notice?.reason).toBe(reason);
      dismissSessionNotice();
    }
  });
});

describe('following the facilitator', () => {
  it('is on by default and takes a participant to the facilitator’s view', () => {
    const step = followStep(INITIAL_FOLLOW, facilitator({ view: { tab: 'teams', objectiveId: null, keyResultId: null } }), board());
    expect(step.move).toEqual({ tab: 'teams', objectiveId: null, keyResultId: null });
    expect(step.notice).toBeNull();
    // Already there: no move.
    expect(followStep(step.state, facilitator({ view: board('o1', 'k1') }), board('o1', 'k1')).move).toBeNull();
  });

  it('leaves someone who stopped following where they are', () => {
    const stopped: FollowState = { ...INITIAL_FOLLOW, following: false };
    expect(followStep(stopped, facilitator({ view: board('o1') }), board('o2')).move).toBeNull();
    expect(followStep(stopped, null, board()).move).toBeNull();
  });

  it('brings everyone once, followers or not, and says who did', () => {
    let follow: FollowState = { ...INITIAL_FOLLOW, following: false };
    // First sight of the facilitator (no request yet).
    follow = followStep(follow, facilitator({ view: board('o1') }), board('o2')).state;
    const asked = facilitator({ view: board('o1', 'k1'), bringHere: { seq: 1, view: board('o1', 'k1') } });
    const step = followStep(follow, asked, board('o2'));
    expect(step.move).toEqual(board('o1', 'k1'));
    expect(step.notice).toBe('Ana brought everyone here');
    expect(step.state.following).toBe(false);
    // The same request again (another awareness update) moves nobody.
    const again = followStep(step.state, asked, board('o3'));
    expect(again.move).toBeNull();
    expect(again.notice).toBeNull();
    // A new one does.
    expect(followStep(again.state, facilitator({ bringHere: { seq: 2, view: board('o4') } }), board('o3')).move).toEqual(board('o4'));
  });

  it('treats a request made before this laptop arrived as history', () => {
    const step = followStep({ ...INITIAL_FOLLOW, following: false }, facilitator({ bringHere: { seq: 9, view: board('o1') } }), board('o2'));
    expect(step.move).toBeNull();
    expect(step.notice).toBeNull();
  });

  it('does not follow a facilitator without a participant id, nor a bring-here forged by a participant', () => {
    const nameless = peer(1, 'Ana', { participant: { facilitator: true }, view: board('o1') });
    expect(followStep(INITIAL_FOLLOW, nameless, board()).move).toBeNull();
    const ben = peer(2, 'Ben', { participant: { id: BEN_ID }, bringHere: { seq: 5, view: board('o9') } });
    expect(followStep({ ...INITIAL_FOLLOW, following: false }, ben, board()).move).toBeNull();
  });
});
