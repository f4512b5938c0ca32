// A binary heap over any items, ordered by the caller's `before`: the item before all others is on
// top. Used by the SentencePiece merge queue (src/tokenizer/score-merges.ts) and the top-k pick of
// logprobs and inspections (src/model/distribution.ts). Tests: through theirs.

export class BinaryHeap<T> {
  private readonly items: T[] = [];

  /** `before(a, b)`: a comes out first. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The item that pop() would take. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!this.before(h[i]!, h[up]!)) break;
      [h[i], h[up]] = [h[up]!, h[i]!];
      i = up;
    }
  }

  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      let best = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < h.length && this.before(h[child]!, h[best]!)) best = child;
      }
      if (best === i) break;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
    return top;
  }
}
