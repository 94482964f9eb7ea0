import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { recordDecision } from '../../shared/commands/decisions';
import { addInitiative } from '../../shared/commands/initiatives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { newId } from '../../shared/ids';
import { questionsOf } from '../../shared/queries/progress';
import { readWorkspace } from '../../shared/schema/read';

/*
 * The workspace the README's screenshots show: a product team's quarter,
 * eight weeks in, with outcome, output, learning and milestone KRs and
 * weekly check-ins (so the charts have a line), owners, work and a decision.
 * Built with the same commands the app runs, each at its moment in the past.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Monday of the week `at` falls in, 09:00 UTC. */
function mondayOf(at: number): number {
  const date = new Date(at);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - sinceMonday, 9);
}

export interface SampleWorkspace {
  id: string;
  title: string;
  /** The `.cairn` file, to open through the app's own import. */
  file: Uint8Array;
  /** The KR whose details a screenshot opens. */
  featuredKeyResult: string;
}

export function buildSampleWorkspace(now: number = Date.now()): SampleWorkspace {
  const id = newId();
  const title = 'Northwind Product — this quarter';
  const start = mondayOf(now) - 8 * WEEK;
  let clock = start;
  const doc = new Y.Doc();
  const as = (actor: string) => localContext(doc, actor, () => clock);
  const ana = as('Ana Souza');
  initWorkspace(ana, { id, title, kind: 'team', cycleStart: isoDay(start), cycleEnd: isoDay(start + 13 * WEEK) });

  const growth = addTeam(ana, { name: 'Growth' });
  const platform = addTeam(ana, { name: 'Platform' });

  const activation = addObjective(ana, { title: 'New teams reach their first check-in in their first week', owner: 'Ana Souza' });
  setObjectiveTeam(ana, activation, growth);
  const firstWeek = addKeyResult(ana, activation, {
    title: 'Teams checking in during week one',
    kind: 'metric',
    owner: 'Ana Souza',
    risk: 'execution',
    why: 'A first check-in is the moment a team sees Cairn work for them.',
    metric: { direction: 'increase', baseline: 22, target: 60, unit: '%' },
  });
  const setupTime = addKeyResult(ana, activation, {
    title: 'Median time to set up a workspace',
    kind: 'metric',
    owner: 'Ben Okafor',
    risk: 'execution',
    metric: { direction: 'decrease', baseline: 34, target: 10, unit: 'min' },
  });
  const guides = addKeyResult(ana, activation, {
    title: 'Onboarding guides published',
    kind: 'output',
    owner: 'Chloé Martin',
    risk: 'dependency',
    output: { target: 6, unit: 'guides' },
  });

  const workshops = addObjective(ana, { title: 'Workshops run smoothly without internet', owner: 'Ben Okafor', commitment: 'aspirational' });
  setObjectiveTeam(ana, workshops, platform);
  const learning = addKeyResult(ana, workshops, {
    title: 'Learn what facilitators need in the room',
    kind: 'learning',
    owner: 'Ben Okafor',
    risk: 'understanding',
    questions: ['Facilitators host from their own laptop', 'A printed QR code is the fastest way in', 'Teams want the report before they leave'],
  });
  const syncLatency = addKeyResult(ana, workshops, {
    title: 'Edit reaches every peer within',
    kind: 'metric',
    owner: 'Ben Okafor',
    risk: 'execution',
    metric: { direction: 'decrease', baseline: 900, target: 150, unit: 'ms' },
  });
  const offline = addKeyResult(ana, workshops, { title: 'Offline workshop kit shipped', kind: 'milestone', owner: 'Ana Souza', risk: 'execution' });

  // Weekly check-ins, each on its own day of the week, by the KR's owner.
  const series: [string, string, number[], number[], string[]][] = [
    [firstWeek, 'Ana Souza', [24, 27, 31, 33, 38, 41, 44, 47], [6, 6, 7, 6, 7, 7, 8, 8], ['Baseline confirmed', 'Welcome email reworded', 'Sample workspace on first run', 'Holiday week dip', 'Checklist in the library', 'Steady', 'Guides 1–3 linked', 'Best week so far']],
    [setupTime, 'Ben Okafor', [33, 31, 30, 26, 24, 22, 21, 19], [5, 5, 6, 6, 6, 7, 7, 7], ['Measured on 40 teams', 'Templates', 'Import CSV', 'Name prompt', 'Fewer fields', 'Defaults', 'Steady', 'CSV template']],
    [guides, 'Chloé Martin', [0, 1, 1, 2, 2, 3, 3, 4], [7, 7, 6, 6, 6, 6, 6, 7], ['Outline agreed', 'Getting started', 'Waiting on review', 'Check-ins', 'Review backlog', 'Workshops', 'Review backlog', 'Reports']],
    [syncLatency, 'Ben Okafor', [880, 850, 700, 640, 420, 380, 300, 260], [4, 4, 5, 5, 7, 7, 7, 8], ['Measured on loopback', 'Batching', 'Framed channel', 'Steady', 'Fewer messages', 'Steady', 'Awareness trimmed', 'Room of 20 tested']],
  ];
  for (let week = 0; week < 8; week++) {
    series.forEach(([kr, owner, values, confidences, notes], index) => {
      clock = start + week * WEEK + (index + 1) * DAY + 3 * 3_600_000;
      // The current week: one is still to check in, so "due" has something to show.
      if (week === 7 && index === 3) return;
      recordCheckIn(as(owner), kr, { value: values[week]!, confidence: confidences[week]!, note: notes[week]! });
    });
  }

  // The learning KR answers its questions over the weeks.
  const questions = questionsOf(learning, readWorkspace(doc).questions.values());
  clock = start + 3 * WEEK + 2 * DAY;
  recordCheckIn(as('Ben Okafor'), learning, { value: 0, confidence: 6, note: 'Five facilitator interviews', answers: { [questions[0]!.id]: 'validated' } });
  clock = start + 6 * WEEK + 2 * DAY;
  recordCheckIn(as('Ben Okafor'), learning, { value: 0, confidence: 7, note: 'Two workshops observed', answers: { [questions[1]!.id]: 'invalidated' } });
  clock = start + 7 * WEEK + 2 * DAY;
  recordCheckIn(as('Ben Okafor'), learning, { value: 0, confidence: 7, note: 'Still asking about the report', answers: {} });

  clock = start + 5 * WEEK;
  recordDecision(as('Ben Okafor'), {
    kind: 'persevere',
    rationale: 'Latency halved since the framed channel; keep trimming messages rather than change the transport.',
    keyResultIds: [syncLatency],
  });
  addInitiative(ana, { title: 'First-run sample workspace', kind: 'deliverable', owner: 'Ana Souza', status: 'done', keyResultIds: [firstWeek] });
  addInitiative(ana, { title: 'Facilitator interviews', kind: 'experiment', owner: 'Ben Okafor', status: 'active', keyResultIds: [learning] });
  addInitiative(ana, { title: 'Printable workshop card', kind: 'deliverable', owner: 'Chloé Martin', status: 'planned', keyResultIds: [offline] });

  return { id, title, file: workspaceToFile(doc, 'screenshots', now), featuredKeyResult: 'Teams checking in during week one' };
}
