/**
 * Ordering for sorted views of an array: stable in both directions (ties keep creation order,
 * also when descending) and `limit n` as a top-n selection in O(size * log n) with a bounded
 * binary heap, not a full sort. Storage order is never touched: callers pass entry ids in
 * creation order and get a new, ordered list back.
 */

/** Compares two entry ids by the sort field, ascending; 0 for a tie. */
export type EntryComparator = (a: number, b: number) => number;

/**
 * Returns the ids in sorted order (first `limit` of them when given). `ids` must be in creation
 * order; its position is the tie-breaker.
 */
export function orderEntries(
  ids: Int32Array,
  compare: EntryComparator,
  descending: boolean,
  limit?: number,
): Int32Array {
  const n = ids.length;
  const sign = descending ? -1 : 1;
  // rank[i] = position of ids[i] in creation order, so ties resolve oldest first.
  const before = (i: number, j: number): boolean => {
    const c = sign * compare(ids[i]!, ids[j]!);
    return c < 0 || (c === 0 && i < j);
  };
  if (limit === undefined || limit >= n) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
    return Int32Array.from(order, (i) => ids[i]!);
  }
  if (limit <= 0) return new Int32Array(0);
  // Max-heap (by "before") of the best `limit` positions seen so far: its root is the worst kept.
  const heap = new Int32Array(limit);
  let size = 0;
  const siftUp = (at: number): void => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(heap[parent]!, heap[at]!)) break;
      swap(heap, parent, at);
      at = parent;
    }
  };
  const siftDown = (at: number): void => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < size && before(heap[worst]!, heap[l]!)) worst = l;
      if (r < size && before(heap[worst]!, heap[r]!)) worst = r;
      if (worst === at) return;
      swap(heap, worst, at);
      at = worst;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < limit) {
      heap[size++] = i;
      siftUp(size - 1);
    } else if (before(i, heap[0]!)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const kept = Array.from(heap.subarray(0, size));
  kept.sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
  return Int32Array.from(kept, (i) => ids[i]!);
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
