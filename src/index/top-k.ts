import { compareHits } from './metric.js';
import type { SearchHit } from './vector-index.types.js';

/**
 * Keeps the best k hits seen so far in a binary heap whose root is the worst kept hit, so
 * a scan over n rows costs O(n log k) and holds k hits, not n.
 */
export class TopK {
  private readonly heap: SearchHit[] = [];
  constructor(private readonly k: number) {}

  /** Whether a hit with this similarity and key would be kept (avoids allocating losers). */
  wouldKeep(similarity: number, key: bigint): boolean {
    if (this.heap.length < this.k) return true;
    const worst = this.heap[0];
    return similarity > worst.similarity || (similarity === worst.similarity && key < worst.key);
  }

  push(hit: SearchHit): void {
    if (this.k === 0) return;
    const h = this.heap;
    if (h.length < this.k) {
      h.push(hit);
      this.up(h.length - 1);
    } else if (compareHits(hit, h[0]) < 0) {
      h[0] = hit;
      this.down(0);
    }
  }

  /** The kept hits, best first. */
  sorted(): SearchHit[] {
    return [...this.heap].sort(compareHits);
  }

  // "worse" = compareHits(a, b) > 0; the root is the worst.
  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareHits(h[i], h[p]) <= 0) return;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < h.length && compareHits(h[l], h[w]) > 0) w = l;
      if (r < h.length && compareHits(h[r], h[w]) > 0) w = r;
      if (w === i) return;
      [h[i], h[w]] = [h[w], h[i]];
      i = w;
    }
  }
}
