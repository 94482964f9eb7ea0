import { create } from 'zustand';

/*
 * The name this device's user signs check-ins, changes and decisions with,
 * and shows to the others in a workshop. Local only (localStorage), asked
 * once per device before the first write or join (renderer/ui/NamePrompt.tsx),
 * changeable any time; never emptied once given.
 */

const IDENTITY_KEY = 'cairn.identity.v1';
const MAX_NAME = 80;

/** Why the prompt is open: the first write or join, or the person changing their name. */
export type NamePromptReason = 'first-write' | 'join' | 'change';

interface IdentityState {
  name: string;
  /** Sets the name; an empty (blank) name is ignored, so a name once given is never lost. */
  setName: (name: string) => void;
  /** The open name prompt, if any. */
  prompt: NamePromptReason | null;
}

function readName(): string {
  try {
    return (localStorage.getItem(IDENTITY_KEY) ?? '').trim().slice(0, MAX_NAME);
  } catch {
    return '';
  }
}

export const useIdentity = create<IdentityState>((set) => ({
  name: readName(),
  prompt: null,
  setName: (name) => {
    const clean = name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
    if (!clean) return;
    localStorage.setItem(IDENTITY_KEY, clean);
    set({ name: clean });
  },
}));

/** A write or a join was refused because the person gave no name. */
export class NameNeeded extends Error {
  override name = 'NameNeeded';
  constructor() {
    super('Tell Cairn your name first: your changes are signed with it.');
  }
}

let waiting: ((name: string | null) => void)[] = [];

/** Opens the name prompt (or joins the one open); resolves with the name given, or null when the person declined. */
export function askForName(reason: NamePromptReason): Promise<string | null> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!useIdentity.getState().prompt) useIdentity.setState({ prompt: reason });
  });
}

/** The prompt's answer: the name typed (saved first), or null for "Not now". */
export function answerNamePrompt(name: string | null): void {
  if (name !== null) useIdentity.getState().setName(name);
  const given = name === null ? null : useIdentity.getState().name || null;
  const resolvers = waiting;
  waiting = [];
  useIdentity.setState({ prompt: null });
  for (const resolve of resolvers) resolve(given);
}

export function hasName(): boolean {
  return useIdentity.getState().name !== '';
}

/** The name to sign with, asked for first when this device has none. Rejects with NameNeeded when the person declines. */
export async function nameToSignWith(reason: NamePromptReason = 'first-write'): Promise<string> {
  if (hasName()) return useIdentity.getState().name;
  const name = await askForName(reason);
  if (!name) throw new NameNeeded();
  return name;
}

/**
 * The name to sign a write made now with. When there is none it opens the
 * prompt and throws NameNeeded: the write is not made, and nothing is signed
 * "Anonymous" behind the person's back.
 */
export function signerName(): string {
  if (hasName()) return useIdentity.getState().name;
  void askForName('first-write');
  throw new NameNeeded();
}

/**
 * The name recorded as author where no one can be asked (undo repairs after
 * the fact): the user's, or a neutral placeholder. Interactive writes use
 * signerName or nameToSignWith instead.
 */
export function actorName(): string {
  return useIdentity.getState().name || 'Anonymous';
}
