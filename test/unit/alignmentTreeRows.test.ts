import { describe, expect, it } from 'vitest';
import { alignObjective, markNorthStar } from '../../shared/commands/alignment';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { alignmentTree } from '../../shared/queries/alignment';
import { alignmentTreeRows, type AlignmentTreeRow } from '../../shared/queries/alignmentTreeRows';
import { readAlignmentState, readWorkspace } from '../../shared/schema/read';
import { newCycleWorkspace } from './issue4Fixtures';

/* The alignment tree as flat rows (what the virtual tree in the Teams tab renders): the nested tree's order, each row's depth. */

const line = (row: AlignmentTreeRow) => `${row.depth} ${row.kind === 'objective' ? `${row.node.objective.title} (under ${row.parentTitle ?? 'nothing'})` : `KR ${row.node.keyResult.title}`}`;

describe('the alignment tree as rows', () => {
  it('lists each objective, its KRs each followed by what aligns to them, then what aligns to the objective, one level deeper each', () => {
    const { doc, ctx } = newCycleWorkspace();
    const star = addObjective(ctx, { title: 'Star' });
    const starKr = addKeyResult(ctx, star, { title: 'Star KR', kind: 'milestone' });
    markNorthStar(ctx, star);
    const underKr = addObjective(ctx, { title: 'Under the KR' });
    const underKrKr = addKeyResult(ctx, underKr, { title: 'Its KR', kind: 'milestone' });
    alignObjective(ctx, underKr, { type: 'keyResult', id: starKr });
    const underStar = addObjective(ctx, { title: 'Under the star' });
    alignObjective(ctx, underStar, { type: 'objective', id: star });
    const deepest = addObjective(ctx, { title: 'Deepest' });
    alignObjective(ctx, deepest, { type: 'keyResult', id: underKrKr });
    const second = addObjective(ctx, { title: 'Second star' });
    markNorthStar(ctx, second);

    const rows = alignmentTreeRows(alignmentTree({ ...readWorkspace(doc), ...readAlignmentState(doc) }).northStars);
    expect(rows.map(line)).toEqual([
      '1 Star (under nothing)',
      '2 KR Star KR',
      '3 Under the KR (under Star KR)',
      '4 KR Its KR',
      '5 Deepest (under Its KR)',
      '2 Under the star (under Star)',
      '1 Second star (under nothing)',
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('has no rows without a north star', () => {
    expect(alignmentTreeRows([])).toEqual([]);
  });
});
