import type { StageKind } from '../schema/workshop';

/*
 * The agenda of an OKR-setting workshop: the stages Cairn lays out when a
 * session starts (the facilitator reorders, adds, renames and skips them), and
 * what each asks of the room. docs/workshop.md, "Session".
 */

export interface StagePlan {
  title: string;
  kind: StageKind;
  /** What the stage asks of everyone, shown under its title. */
  prompt: string;
  durationMs: number;
}

const minutes = (n: number) => n * 60_000;

export const TEMPLATE_AGENDA: readonly StagePlan[] = [
  { title: 'Context and north stars', kind: 'context', prompt: 'Listen to the context and the north stars. Ask what is unclear.', durationMs: minutes(10) },
  { title: 'Draft objectives privately', kind: 'draft-objectives', prompt: 'Write the objectives you would propose. Nobody sees them until the reveal.', durationMs: minutes(8) },
  { title: 'Reveal and cluster', kind: 'reveal', prompt: 'Read everyone’s drafts and group the ones that say the same thing.', durationMs: minutes(12) },
  { title: 'Dot vote', kind: 'dot-vote', prompt: 'Spend your dots on the objectives that matter most.', durationMs: minutes(5) },
  { title: 'Draft key results for the chosen objectives', kind: 'draft-key-results', prompt: 'For each chosen objective, write key results that would show it is met.', durationMs: minutes(12) },
  { title: 'Confidence vote', kind: 'confidence-vote', prompt: 'Say how confident you are that each key result can be reached, from 0 to 10.', durationMs: minutes(5) },
  { title: 'Commit', kind: 'commit', prompt: 'Agree on what the team commits to, and who owns each key result.', durationMs: minutes(8) },
];

/** What a stage asks when the facilitator adds one of their own. */
export const CUSTOM_STAGE_MINUTES = 10;

/** Stage titles: at most this long. */
export const MAX_STAGE_TITLE = 120;
