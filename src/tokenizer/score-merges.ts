// SentencePiece BPE as run.c and llama.cpp run it: repeatedly join the adjacent pair whose
// joined text is a mergeable token of the highest score, the leftmost on ties. Hugging Face's BPE
// ranks cannot express the tie rule (it is by position), so the llama2.c and GGUF SentencePiece
// tokenizers merge here. Tests: tests/tokenizer/llama2c.test.ts, tests/tokenizer/gguf.test.ts.

import { BinaryHeap } from '../heap.js';

export interface MergeTable {
  /** Each id's text, as the joined texts are looked up. */
  keys: readonly string[];
  /** The tokens a merge may make, by text. */
  merges: ReadonlyMap<string, number>;
  scores: ArrayLike<number>;
}

/**
 * The ids after every merge, in the order of run.c's rescan of all pairs (quadratic) and llama.cpp's
 * queue: from a heap of candidate pairs keyed (score desc, position asc) over a linked list; stale
 * entries are skipped on pop.
 */
export function mergeByScore(tokens: readonly number[], { keys, merges, scores }: MergeTable): number[] {
  const n = tokens.length;
  const id = tokens.slice();
  const next = Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const prev = Array.from({ length: n }, (_, i) => i - 1);
  const version = new Array<number>(n).fill(0); // bumped when a node's id changes or it dies
  // Highest score first, then leftmost.
  const heap = new BinaryHeap<Candidate>((a, b) => a.score > b.score || (a.score === b.score && a.left < b.left));
  const offer = (left: number): void => {
    if (left < 0 || next[left]! < 0) return;
    const right = next[left]!;
    const merged = merges.get(keys[id[left]!]! + keys[id[right]!]!);
    if (merged === undefined) return;
    heap.push({ score: scores[merged]!, left, right, merged, vl: version[left]!, vr: version[right]! });
  };
  for (let i = 0; i + 1 < n; i++) offer(i);
  for (let c = heap.pop(); c; c = heap.pop()) {
    if (version[c.left] !== c.vl || version[c.right] !== c.vr || next[c.left] !== c.right) continue;
    id[c.left] = c.merged;
    version[c.left]!++;
    version[c.right]!++;
    next[c.left] = next[c.right]!;
    if (next[c.right]! >= 0) prev[next[c.right]!] = c.left;
    offer(prev[c.left]!);
    offer(c.left);
  }
  const out: number[] = [];
  for (let i = n > 0 ? 0 : -1; i >= 0; i = next[i]!) out.push(id[i]!);
  return out;
}

interface Candidate {
  score: number;
  left: number; // list position of the left token; positions keep text order
  right: number;
  merged: number;
  vl: number;
  vr: number;
}
