/**
 * One regression tree of a boosted ensemble, stored as parallel typed arrays (node 0 is the root).
 * An internal node sends a row left when
 *   numeric:      value <= threshold
 *   categorical:  code is in the node's left category set
 *   missing:      (NaN, or a code outside 0..categories-1) missingLeft === 1
 * Every node carries `value`, the output the tree would give if it stopped there (learning rate
 * included), so path attributions (Saabas) can credit each split with the change it makes.
 *
 *   const leaf = leafOf(tree, matrix.columns, row, categoryCounts);
 *   const margin = tree.value[leaf];
 */

export interface Tree {
  /** Split feature per node; -1 marks a leaf. */
  feature: Int32Array;
  /** Numeric splits: go left when value <= threshold. */
  threshold: Float64Array;
  /** Categorical splits: bitset over codes 0..255 (8 words per node, zero for other nodes). */
  categoryBits: Uint32Array;
  /** 1 when missing values go left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Output if the row stopped at this node; leaves' values are the tree's predictions. */
  value: Float64Array;
  /** Loss reduction of the split (0 at leaves). */
  gain: Float64Array;
  /** Sum of hessians of the training rows that reached the node. */
  cover: Float64Array;
}

export const CATEGORY_WORDS = 8;

/** Codes that go left at a categorical node (empty for numeric nodes and leaves). */
export function leftCategories(tree: Tree, node: number): number[] {
  const codes: number[] = [];
  const base = node * CATEGORY_WORDS;
  for (let code = 0; code < CATEGORY_WORDS * 32; code++) {
    if ((tree.categoryBits[base + (code >>> 5)]! >>> (code & 31)) & 1) codes.push(code);
  }
  return codes;
}

/** Whether a row with this value goes left at `node`. `categoryCount` is the feature's code count (0 if numeric). */
export function goesLeft(tree: Tree, node: number, value: number, categoryCount: number): boolean {
  if (categoryCount > 0) {
    if (!(value >= 0 && value < categoryCount && (value | 0) === value)) return tree.missingLeft[node] === 1;
    return ((tree.categoryBits[node * CATEGORY_WORDS + (value >>> 5)]! >>> (value & 31)) & 1) === 1;
  }
  if (Number.isNaN(value)) return tree.missingLeft[node] === 1;
  return value <= tree.threshold[node]!;
}

/** The leaf a row of a column-major matrix ends in. */
export function leafOf(tree: Tree, columns: Float32Array[], row: number, categoryCounts: Int32Array): number {
  let node = 0;
  let f = tree.feature[0]!;
  while (f >= 0) {
    node = goesLeft(tree, node, columns[f]![row]!, categoryCounts[f]!) ? tree.left[node]! : tree.right[node]!;
    f = tree.feature[node]!;
  }
  return node;
}
