import type { KeyResultNode, ObjectiveNode } from './alignment';

/*
 * The alignment tree as rows, each with its depth: what the nested tree shows,
 * in the same order, as one flat list a virtual list can render a screenful
 * of (renderer/ui/VirtualList.tsx). A north star is at depth 1, its KRs and
 * the objectives aligned to it at 2, what is aligned to those KRs at 3, and so on.
 */

export type AlignmentTreeRow =
  | { kind: 'objective'; key: string; depth: number; node: ObjectiveNode; parentTitle: string | null }
  | { kind: 'keyResult'; key: string; depth: number; node: KeyResultNode; objective: ObjectiveNode };

/** A row still to write: its fields but the key. */
type Pending = Omit<Extract<AlignmentTreeRow, { kind: 'objective' }>, 'key'> | Omit<Extract<AlignmentTreeRow, { kind: 'keyResult' }>, 'key'>;

const objectiveTitle = (node: ObjectiveNode) => node.objective.title || 'Untitled objective';

/** Each objective, then each of its KRs followed by what is aligned to that KR, then the objectives aligned to the objective itself. */
export function alignmentTreeRows(northStars: readonly ObjectiveNode[]): AlignmentTreeRow[] {
  const rows: AlignmentTreeRow[] = [];
  // An explicit stack, not recursion: a chain of thousands of alignments must not overflow the call stack.
  const stack: Pending[] = northStars.map((node): Pending => ({ kind: 'objective', depth: 1, node, parentTitle: null })).reverse();
  while (stack.length > 0) {
    const row = stack.pop()!;
    if (row.kind === 'keyResult') {
      rows.push({ ...row, key: `keyResult:${row.node.keyResult.id}` });
      continue;
    }
    rows.push({ ...row, key: `objective:${row.node.objective.id}` });
    const { node, depth } = row;
    const below: Pending[] = [];
    for (const kr of node.keyResults) {
      below.push({ kind: 'keyResult', depth: depth + 1, node: kr, objective: node });
      for (const child of kr.children) below.push({ kind: 'objective', depth: depth + 2, node: child, parentTitle: kr.keyResult.title || 'Untitled key result' });
    }
    for (const child of node.children) below.push({ kind: 'objective', depth: depth + 1, node: child, parentTitle: objectiveTitle(node) });
    // Reversed onto the stack, so they come off it in the tree's order.
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  return rows;
}
