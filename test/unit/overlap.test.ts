import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { alignObjective, alignOverlap, decideOverlap } from '../../shared/commands/alignment';
import { localContext } from '../../shared/commands/context';
import { addInitiative, setInitiativeStatus } from '../../shared/commands/initiatives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { findOverlapsAmong, latestOverlapDecisions, overlapsIn, overlapsOfMerged, pairsDecidedAs, stem, termsOf, OVERLAP_THRESHOLD, type OverlapItem } from '../../shared/queries/overlap';
import { overlapPairKey } from '../../shared/schema/alignment';
import { readAlignmentState } from '../../shared/schema/read';
import { CYCLE, day, newCycleWorkspace } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

/*
 * A labelled set: the first title belongs to team A, the second to team B, and
 * the flag says whether people would call them the same work. Negatives share
 * words on purpose ("retention", "dashboard", "publish"). Every other pairing
 * of an A title with a B title is unrelated too, so anything reported besides
 * the labelled near-duplicates counts against precision.
 */
const LABELLED: [string, string, boolean][] = [
  ['Reduce onboarding time for new customers', 'Cut customer onboarding time', true],
  ['Increase trial-to-paid conversion', 'Grow conversion from free trial to paid plans', true],
  ['Launch the mobile app on Android', 'Ship an Android version of the mobile app', true],
  ['Lower cloud infrastructure costs by 20%', 'Cut our cloud infrastructure spend', true],
  ['Improve customer retention in the first 90 days', 'Raise 90-day retention of new customers', true],
  ['Reduce the number of support tickets about billing', 'Fewer billing-related support tickets', true],
  ['Make checkout faster', 'Speed up the checkout flow', true],
  ['Translate the product into German and French', 'Localize the app for German and French speakers', true],
  ['Automate the release process', 'Automated release pipeline', true],
  ['Single sign-on for enterprise customers', 'Offer SSO to enterprise accounts', true],
  ['Reduce page load time on the dashboard', 'Dashboard loads in under two seconds', true],
  ['Publish API documentation for partners', 'Partner-facing API docs', true],
  ['Cut churn among small business customers', 'Reduce small-business customer churn', true],
  ['Hire three senior backend engineers', 'Grow the backend engineering team by three senior hires', true],
  ['Run five customer discovery interviews per week', 'Interview five customers every week', true],
  ['Migrate the database to PostgreSQL', 'Move our data store to Postgres', true],
  ['Cut time to first value for new workspaces to under a day', 'New workspaces reach first value within 24 hours', true],
  ['Add two-factor authentication', 'Two-factor login for all accounts', true],
  ['Reach 95% on-time delivery of orders', 'Deliver orders on time', true],
  ['Redesign the pricing page', 'New pricing page design', true],
  ['Reduce false positives in fraud detection', 'Fewer false fraud alerts', true],
  ['Reduce cloud hosting costs', 'Reduce time to first response in support', false],
  ['Improve employee retention', 'Write a data retention policy', false],
  ['Launch the spring marketing campaign', 'Launch the billing API', false],
  ['Hire two product designers', 'Redesign the product settings page', false],
  ['Improve test coverage of the payment service', 'Improve NPS among enterprise customers', false],
  ['Ship dark mode', 'Ship weekly release notes', false],
  ['Grow newsletter subscribers to 10,000', 'Grow revenue from partners', false],
  ['Reduce the error rate of the sync engine', 'Reduce the bounce rate on the pricing page', false],
  ['Run a security audit', 'Run the quarterly all-hands', false],
  ['Cut meeting time for engineers', 'Cut shipping costs for customers', false],
  ['Customer success playbook for renewals', 'Customer advisory board kickoff', false],
  ['Increase organic search traffic', 'Increase average order value', false],
  ['Build an internal analytics dashboard', 'Build a partner referral program', false],
  ['Fix the top ten accessibility issues', 'Fix flaky end-to-end tests', false],
  ['Achieve SOC 2 compliance', 'Achieve 99.9% uptime', false],
  ['Publish the annual impact report', 'Publish the mobile SDK on npm', false],
  ['Improve search relevance in the help centre', 'Improve onboarding emails', false],
  ['Reduce warehouse picking errors', 'Reduce invoice processing time', false],
  ['Open an office in Lisbon', 'Open-source the design system', false],
  ['Grow the partner ecosystem in Japan', 'Grow paid social advertising', false],
];

const KINDS = ['objective', 'keyResult', 'initiative'] as const;
const item = (id: string, title: string, teamIds: string[], kind: OverlapItem['kind'] = 'objective'): OverlapItem => ({ id, kind, title, teamIds });

describe('terms', () => {
  it('folds case and accents, drops stop words, numbers and the generic verbs of OKRs, and stems', () => {
    expect(termsOf('Reducing the Onboarding time for NEW customers by 20%!')).toEqual(['onboard', 'time', 'customer']);
    expect(termsOf('Résumé builder, shipping & billing')).toEqual(['resum', 'builder', 'ship', 'bill']);
    expect(termsOf('Grow the team')).toEqual([]);
    expect(termsOf('Refactor the constructor, toString and __proto__ helpers')).toEqual(['refactor', 'constructor', 'tostr', 'proto', 'helper']);
  });

  it('strips suffixes only where a word remains', () => {
    expect(['customers', 'activities', 'automated', 'automate', 'speed', 'spring', 'planning', 'localization', 'bus'].map(stem)).toEqual([
      'customer',
      'activity',
      'automat',
      'automat',
      'speed',
      'spring',
      'plan',
      'local',
      'bus',
    ]);
  });
});

describe('overlap detection', () => {
  it(`finds near-duplicates across teams and not unrelated items (labelled set, threshold ${OVERLAP_THRESHOLD})`, () => {
    const items = LABELLED.flatMap(([a, b], i) => [item(`a${i}`, a, ['teamA'], KINDS[i % 3]), item(`b${i}`, b, ['teamB'], KINDS[(i + 1) % 3])]);
    const reported = findOverlapsAmong(items);
    const labelledPositive = new Set(LABELLED.flatMap(([, , same], i) => (same ? [overlapPairKey(`a${i}`, `b${i}`)] : [])));
    const truePositives = reported.filter((c) => labelledPositive.has(c.pairKey));
    const labelledNegative = new Set(LABELLED.flatMap(([, , same], i) => (same ? [] : [overlapPairKey(`a${i}`, `b${i}`)])));
    const precision = truePositives.length / reported.length;
    const recall = truePositives.length / labelledPositive.size;
    const missed = [...labelledPositive].filter((key) => !reported.some((c) => c.pairKey === key)).map((key) => LABELLED[Number(key.split(':')[0]!.slice(1))]!.slice(0, 2).join(' ~ '));
    const falseAlarms = reported.filter((c) => !labelledPositive.has(c.pairKey)).map((c) => `${c.a.title} ~ ${c.b.title} (${c.score.toFixed(2)})`);
    console.log(
      [
        `Overlap detection, labelled set of ${LABELLED.length} pairs (${labelledPositive.size} near-duplicates), threshold ${OVERLAP_THRESHOLD}:`,
        `  reported ${reported.length} of ${items.length ** 2 / 4} cross-team pairs, ${truePositives.length} of them labelled near-duplicates`,
        `  precision ${precision.toFixed(2)} (every reported pair that is not a labelled near-duplicate counts as false)`,
        `  recall    ${recall.toFixed(2)}`,
        `  labelled unrelated pairs reported: ${reported.filter((c) => labelledNegative.has(c.pairKey)).length}`,
        `  missed: ${missed.join(' | ') || 'none'}`,
        `  false alarms: ${falseAlarms.join(' | ') || 'none'}`,
      ].join('\n'),
    );
    expect(LABELLED.length).toBeGreaterThanOrEqual(20);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('scores the pair from the brief as a near-duplicate, explains it by the shared terms, and orders candidates best first', () => {
    const [best, next] = findOverlapsAmong([
      item('o1', 'Reduce onboarding time for new customers', ['growth']),
      item('o2', 'Cut customer onboarding time', ['platform']),
      item('o3', 'Customer onboarding emails', ['support']),
    ]);
    expect(best).toMatchObject({ pairKey: 'o1:o2', score: 1, a: { id: 'o1' }, b: { id: 'o2' } });
    expect(best!.sharedTerms.slice().sort()).toEqual(['customer', 'onboard', 'time']);
    expect(next!.score).toBeLessThan(best!.score);
  });

  it('does not report pairs within one team, nor items without a team', () => {
    const same = 'Reduce onboarding time for new customers';
    expect(findOverlapsAmong([item('o1', same, ['growth']), item('o2', same, ['growth']), item('o3', same, [])])).toEqual([]);
    // An initiative supporting KRs of two teams overlaps with neither of them.
    expect(findOverlapsAmong([item('i1', same, ['growth', 'platform'], 'initiative'), item('o2', same, ['platform']), item('o3', same, ['support'])]).map((c) => c.pairKey)).toEqual([
      'i1:o3',
      'o2:o3',
    ]);
  });

  it('does not report a pair again once decided', () => {
    const items = [item('o1', 'Automate the release process', ['a']), item('o2', 'Automated release pipeline', ['b'])];
    expect(findOverlapsAmong(items)).toHaveLength(1);
    expect(findOverlapsAmong(items, { decisions: [{ id: 'd1', pairKey: 'o1:o2', action: 'dismissed', author: 'Ana', at: 1 }] })).toEqual([]);
  });
});

/* Two teams in one workspace, each with an objective, a KR and an initiative. */
function twoTeams() {
  const ws = newCycleWorkspace();
  const { ctx } = ws;
  const growth = addTeam(ctx, { name: 'Growth' });
  const platform = addTeam(ctx, { name: 'Platform' });
  const g = addObjective(ctx, { title: 'Reduce onboarding time for new customers' });
  setObjectiveTeam(ctx, g, growth);
  const gKr = addKeyResult(ctx, g, { title: 'Automated release pipeline', kind: 'milestone' });
  const gWork = addInitiative(ctx, { title: 'Publish API documentation for partners', keyResultIds: [gKr] });
  const p = addObjective(ctx, { title: 'Cut customer onboarding time' });
  setObjectiveTeam(ctx, p, platform);
  const pKr = addKeyResult(ctx, p, { title: 'Automate the release process', kind: 'milestone' });
  const pWork = addInitiative(ctx, { title: 'Partner-facing API docs', keyResultIds: [pKr] });
  return { ...ws, growth, platform, g, gKr, gWork, p, pKr, pWork, pairs: () => overlapsIn(ws.doc).map((c) => c.pairKey) };
}

describe('overlap in a workspace', () => {
  it('compares objectives, KRs (their objective’s team) and initiatives (their KRs’ teams) of different teams', () => {
    const ws = twoTeams();
    expect(ws.pairs().sort()).toEqual([overlapPairKey(ws.g, ws.p), overlapPairKey(ws.gKr, ws.pKr), overlapPairKey(ws.gWork, ws.pWork)].sort());
    const kinds = overlapsIn(ws.doc).map((c) => [c.a.kind, c.b.kind]);
    expect(kinds).toEqual(expect.arrayContaining([['objective', 'objective'], ['keyResult', 'keyResult'], ['initiative', 'initiative']]));
  });

  it('leaves out deleted and closed objectives with their KRs, and dropped work', () => {
    const ws = twoTeams();
    setInitiativeStatus(ws.ctx, ws.pWork, 'dropped');
    expect(ws.pairs()).not.toContain(overlapPairKey(ws.gWork, ws.pWork));
    expect(ws.pairs()).toContain(overlapPairKey(ws.gKr, ws.pKr));
    // A closed objective's KRs are closed with it (shared/queries/tracking.ts): neither takes part.
    setObjectiveStatus(ws.ctx, ws.p, { status: 'closed', closedAs: 'achieved' });
    expect(ws.pairs()).toEqual([]);
    setObjectiveStatus(ws.ctx, ws.p, { status: 'active', reason: 'Closed too early' });
    expect(ws.pairs()).toContain(overlapPairKey(ws.gKr, ws.pKr));
    deleteObjective(ws.ctx, ws.p);
    expect(ws.pairs()).toEqual([]);
  });

  it('does not offer again a pair someone dismissed or marked shared; the latest decision counts', () => {
    const ws = twoTeams();
    ws.clock.t = day(1);
    decideOverlap(ws.ctx, ws.p, ws.g, 'dismissed');
    expect(ws.pairs()).not.toContain(overlapPairKey(ws.g, ws.p));
    ws.clock.t = day(2);
    decideOverlap(ws.ctx, ws.gWork, ws.pWork, 'shared');
    decideOverlap(ws.ctx, ws.g, ws.p, 'shared');
    expect(ws.pairs()).toEqual([overlapPairKey(ws.gKr, ws.pKr)]);
    const decisions = readAlignmentState(ws.doc).overlapDecisions;
    expect(latestOverlapDecisions(decisions.values()).get(overlapPairKey(ws.g, ws.p))).toMatchObject({ action: 'shared', at: day(2), author: 'Ana' });
    expect(pairsDecidedAs(decisions.values(), 'shared')).toEqual([overlapPairKey(ws.g, ws.p), overlapPairKey(ws.gWork, ws.pWork)].sort());
    expect(rootMap(ws.doc, 'overlapDecisions').size).toBe(3);
  });

  it('aligns one to the other and records the decision in one step; aligned pairs are not offered', () => {
    const ws = twoTeams();
    let updates = 0;
    ws.doc.on('update', () => (updates += 1));
    alignOverlap(ws.ctx, ws.p, { type: 'objective', id: ws.g });
    expect(updates).toBe(1);
    const state = readAlignmentState(ws.doc);
    expect([...state.alignments.values()]).toEqual([expect.objectContaining({ childObjectiveId: ws.p, parentType: 'objective', parentId: ws.g })]);
    expect([...state.overlapDecisions.values()]).toEqual([expect.objectContaining({ pairKey: overlapPairKey(ws.g, ws.p), action: 'aligned' })]);
    // Aligned without a decision: the pair is linked, so not offered either.
    alignObjective(ws.ctx, ws.p, { type: 'keyResult', id: ws.gKr });
    expect(ws.pairs()).not.toContain(overlapPairKey(ws.gKr, ws.p));
    expect(ws.pairs()).not.toContain(overlapPairKey(ws.g, ws.p));
  });

  it('refuses a decision about one item, an unknown item or an unknown action', () => {
    const ws = twoTeams();
    expect(() => decideOverlap(ws.ctx, ws.g, ws.g, 'dismissed')).toThrow('An item cannot overlap with itself.');
    expect(() => decideOverlap(ws.ctx, ws.g, 'nosuchitem', 'dismissed')).toThrow('That objective, key result or initiative no longer exists.');
    expect(() => decideOverlap(ws.ctx, ws.g, ws.p, 'merged' as 'shared')).toThrow('Unknown decision "merged".');
    expect(rootMap(ws.doc, 'overlapDecisions').size).toBe(0);
  });
});

describe('overlap after merging two teams’ workspaces', () => {
  function teamWorkspace(id: string, team: string, titles: string[]) {
    const doc = new Y.Doc();
    const ctx = localContext(doc, `${team} lead`, () => day(1));
    initWorkspace(ctx, { id, title: team, kind: 'team', ...CYCLE });
    const teamId = addTeam(ctx, { name: team });
    for (const title of titles) setObjectiveTeam(ctx, addObjective(ctx, { title }), teamId);
    return doc;
  }

  it('finds the look-alikes once both teams’ documents are loaded into one, and only across teams', () => {
    const growth = teamWorkspace('ws-growth', 'Growth', ['Reduce onboarding time for new customers', 'Increase trial-to-paid conversion', 'Cut customer onboarding time']);
    const platform = teamWorkspace('ws-platform', 'Platform', ['Cut customer onboarding time', 'Migrate the database to PostgreSQL']);
    // Inside its own workspace, neither team sees an overlap (the Growth pair is within one team).
    expect([overlapsIn(growth), overlapsIn(platform)]).toEqual([[], []]);
    const { doc, candidates } = overlapsOfMerged([growth, platform]);
    expect(candidates.map((c) => [c.a.title, c.b.title].sort()).sort()).toEqual([
      ['Cut customer onboarding time', 'Cut customer onboarding time'],
      ['Cut customer onboarding time', 'Reduce onboarding time for new customers'],
    ]);
    expect(overlapsIn(doc)).toEqual(candidates);
    // The same detection on a live document that imported the other team's state.
    Y.applyUpdate(growth, Y.encodeStateAsUpdate(platform));
    expect(overlapsIn(growth)).toEqual(candidates);
  });
});
