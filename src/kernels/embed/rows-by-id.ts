// The index the embedding backward runs on: a batch's rows grouped by token id (compressed sparse
// rows), built on the host because the host knows the ids it uploads. Pure; no GPU. The kernel it
// feeds: EmbedBackward (backward.ts); tests: rows-by-id.test.ts.

/** Rows of a batch grouped by token id: id tokens[k] sits at rows order[offsets[k]..offsets[k+1]). */
export interface RowsById {
  /** The distinct ids, ascending: (distinct). */
  tokens: Uint32Array;
  /** (distinct + 1): where each id's rows start in `order`; the last entry is the row count. */
  offsets: Uint32Array;
  /** (rows): every row index once, grouped by id in the order of `tokens`, ascending within an id. */
  order: Uint32Array;
}

/** Groups the rows of `ids` (the flattened B*T batch) by id; throws a RangeError naming a row whose id is not in [0, V). */
export function groupRowsById(ids: ArrayLike<number>, V: number): RowsById {
  // A counting sort: O(rows + V), and stable, so each id's rows stay ascending.
  const counts = new Uint32Array(V);
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new RangeError(`embed backward: token id ${id} at row ${t} is outside the vocabulary [0, ${V})`);
    counts[id]++;
  }
  const tokens: number[] = [];
  const offsets: number[] = [0];
  const next = new Uint32Array(V); // where the next row of each id goes in `order`
  for (let id = 0; id < V; id++) {
    if (counts[id] === 0) continue;
    next[id] = offsets[tokens.length];
    tokens.push(id);
    offsets.push(next[id] + counts[id]);
  }
  const order = new Uint32Array(ids.length);
  for (let t = 0; t < ids.length; t++) order[next[ids[t]]++] = t;
  return { tokens: Uint32Array.from(tokens), offsets: Uint32Array.from(offsets), order };
}
