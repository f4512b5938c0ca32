// ==== embed/backward-positions/accumulate=0/contiguous=0/RUN=4/THREADS=256
struct Params {
  B: u32, // sequences in the batch
  T: u32, // rows per sequence
  C: u32,
  maxPos: u32, // rows of dwpe
  pos0: u32, // position of row 0 of each sequence
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (B*T, C)
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>; // (maxPos, C), maxPos >= pos0 + T (checked by the host)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let pos = i / p.C;
    if (pos >= p.maxPos) { return; }
    let c = i - pos * p.C;
    let used = pos >= p.pos0 && pos - p.pos0 < p.T;

    var sum = 0.0;
    if (used) {
      for (var b = 0u; b < p.B; b++) { sum += dy[((b * p.T) + pos - p.pos0) * p.C + c]; }
    }

    dwpe[i] = sum;
  }
}

// ==== embed/backward-positions/accumulate=0/contiguous=1/RUN=16/THREADS=4
struct Params {
  B: u32, // sequences in the batch
  T: u32, // rows per sequence
  C: u32,
  maxPos: u32, // rows of dwpe
  pos0: u32, // position of row 0 of each sequence
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (B*T, C)
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>; // (maxPos, C), maxPos >= pos0 + T (checked by the host)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let pos = i / p.C;
    if (pos >= p.maxPos) { return; }
    let c = i - pos * p.C;
    let used = pos >= p.pos0 && pos - p.pos0 < p.T;

    var sum = 0.0;
    if (used) {
      for (var b = 0u; b < p.B; b++) { sum += dy[((b * p.T) + pos - p.pos0) * p.C + c]; }
    }

    dwpe[i] = sum;
  }
}

// ==== embed/backward-positions/accumulate=1/contiguous=0/RUN=4/THREADS=256
struct Params {
  B: u32, // sequences in the batch
  T: u32, // rows per sequence
  C: u32,
  maxPos: u32, // rows of dwpe
  pos0: u32, // position of row 0 of each sequence
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (B*T, C)
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>; // (maxPos, C), maxPos >= pos0 + T (checked by the host)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let pos = i / p.C;
    if (pos >= p.maxPos) { return; }
    let c = i - pos * p.C;
    let used = pos >= p.pos0 && pos - p.pos0 < p.T;

    if (!used) { continue; } // positions outside the batch keep their gradient

    var sum = 0.0;
    if (used) {
      for (var b = 0u; b < p.B; b++) { sum += dy[((b * p.T) + pos - p.pos0) * p.C + c]; }
    }

    dwpe[i] += sum;
  }
}

// ==== embed/backward-positions/accumulate=1/contiguous=1/RUN=16/THREADS=4
struct Params {
  B: u32, // sequences in the batch
  T: u32, // rows per sequence
  C: u32,
  maxPos: u32, // rows of dwpe
  pos0: u32, // position of row 0 of each sequence
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (B*T, C)
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>; // (maxPos, C), maxPos >= pos0 + T (checked by the host)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let pos = i / p.C;
    if (pos >= p.maxPos) { return; }
    let c = i - pos * p.C;
    let used = pos >= p.pos0 && pos - p.pos0 < p.T;

    if (!used) { continue; } // positions outside the batch keep their gradient

    var sum = 0.0;
    if (used) {
      for (var b = 0u; b < p.B; b++) { sum += dy[((b * p.T) + pos - p.pos0) * p.C + c]; }
    }

    dwpe[i] += sum;
  }
}

// ==== embed/backward/accumulate=0/contiguous=0/THREADS=64
struct Params {
  distinct: u32, // distinct ids in the batch
  rows: u32, // rows of dy (B*T)
  C: u32,
  V: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> tokens: array<u32>; // (distinct) ascending ids
@group(0) @binding(2) var<storage, read> offsets: array<u32>; // (distinct + 1): tokens[k] owns order[offsets[k]..offsets[k+1])
@group(0) @binding(3) var<storage, read> order: array<u32>; // (rows) rows of dy grouped by id
@group(0) @binding(4) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> dwte: array<f32>; // (V, C)

override THREADS: u32 = 64u;


// The index k with tokens[k] == id, or p.distinct when id is not in the batch.
fn findToken(id: u32) -> u32 {
  var lo = 0u;
  var hi = p.distinct;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (tokens[mid] < id) { lo = mid + 1u; } else { hi = mid; }
  }
  if (lo < p.distinct && tokens[lo] == id) { return lo; }
  return p.distinct;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;

  if (w >= p.V) { return; }
  let id = w;
  let k = findToken(id);

  var first = 0u; // an id not in the batch sums no rows: its row of dwte is zero
  var last = 0u;
  if (k < p.distinct) { first = offsets[k]; last = offsets[k + 1u]; }

  let c0 = tid;
  let cEnd = p.C;
  let stride = THREADS;

  for (var c = c0; c < cEnd; c += stride) {
    var sum = 0.0;
    for (var r = first; r < last; r++) { sum += dy[order[r] * p.C + c]; }

    dwte[id * p.C + c] = sum;

  }
}

// ==== embed/backward/accumulate=0/contiguous=1/THREADS=4
struct Params {
  distinct: u32, // distinct ids in the batch
  rows: u32, // rows of dy (B*T)
  C: u32,
  V: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> tokens: array<u32>; // (distinct) ascending ids
@group(0) @binding(2) var<storage, read> offsets: array<u32>; // (distinct + 1): tokens[k] owns order[offsets[k]..offsets[k+1])
@group(0) @binding(3) var<storage, read> order: array<u32>; // (rows) rows of dy grouped by id
@group(0) @binding(4) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> dwte: array<f32>; // (V, C)

override THREADS: u32 = 64u;


// The index k with tokens[k] == id, or p.distinct when id is not in the batch.
fn findToken(id: u32) -> u32 {
  var lo = 0u;
  var hi = p.distinct;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (tokens[mid] < id) { lo = mid + 1u; } else { hi = mid; }
  }
  if (lo < p.distinct && tokens[lo] == id) { return lo; }
  return p.distinct;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;

  if (w >= p.V) { return; }
  let id = w;
  let k = findToken(id);

  var first = 0u; // an id not in the batch sums no rows: its row of dwte is zero
  var last = 0u;
  if (k < p.distinct) { first = offsets[k]; last = offsets[k + 1u]; }

  let run = (p.C + THREADS - 1u) / THREADS;
  let c0 = tid * run;
  let cEnd = min(p.C, c0 + run);
  let stride = 1u;

  for (var c = c0; c < cEnd; c += stride) {
    var sum = 0.0;
    for (var r = first; r < last; r++) { sum += dy[order[r] * p.C + c]; }

    dwte[id * p.C + c] = sum;

  }
}

// ==== embed/backward/accumulate=1/contiguous=0/THREADS=64
struct Params {
  distinct: u32, // distinct ids in the batch
  rows: u32, // rows of dy (B*T)
  C: u32,
  V: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> tokens: array<u32>; // (distinct) ascending ids
@group(0) @binding(2) var<storage, read> offsets: array<u32>; // (distinct + 1): tokens[k] owns order[offsets[k]..offsets[k+1])
@group(0) @binding(3) var<storage, read> order: array<u32>; // (rows) rows of dy grouped by id
@group(0) @binding(4) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> dwte: array<f32>; // (V, C)

override THREADS: u32 = 64u;



@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;

  if (w >= p.distinct) { return; }
  let k = w;
  let id = tokens[k];
  if (id >= p.V) { return; } // the host builds the index from checked ids; never write out of bounds

  var first = 0u; // an id not in the batch sums no rows: its row of dwte is zero
  var last = 0u;
  if (k < p.distinct) { first = offsets[k]; last = offsets[k + 1u]; }

  let c0 = tid;
  let cEnd = p.C;
  let stride = THREADS;

  for (var c = c0; c < cEnd; c += stride) {
    var sum = 0.0;
    for (var r = first; r < last; r++) { sum += dy[order[r] * p.C + c]; }

    dwte[id * p.C + c] += sum;

  }
}

// ==== embed/backward/accumulate=1/contiguous=1/THREADS=4
struct Params {
  distinct: u32, // distinct ids in the batch
  rows: u32, // rows of dy (B*T)
  C: u32,
  V: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> tokens: array<u32>; // (distinct) ascending ids
@group(0) @binding(2) var<storage, read> offsets: array<u32>; // (distinct + 1): tokens[k] owns order[offsets[k]..offsets[k+1])
@group(0) @binding(3) var<storage, read> order: array<u32>; // (rows) rows of dy grouped by id
@group(0) @binding(4) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> dwte: array<f32>; // (V, C)

override THREADS: u32 = 64u;



@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;

  if (w >= p.distinct) { return; }
  let k = w;
  let id = tokens[k];
  if (id >= p.V) { return; } // the host builds the index from checked ids; never write out of bounds

  var first = 0u; // an id not in the batch sums no rows: its row of dwte is zero
  var last = 0u;
  if (k < p.distinct) { first = offsets[k]; last = offsets[k + 1u]; }

  let run = (p.C + THREADS - 1u) / THREADS;
  let c0 = tid * run;
  let cEnd = min(p.C, c0 + run);
  let stride = 1u;

  for (var c = c0; c < cEnd; c += stride) {
    var sum = 0.0;
    for (var r = first; r < last; r++) { sum += dy[order[r] * p.C + c]; }

    dwte[id * p.C + c] += sum;

  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=bf16/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wtePair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wteValue(row: u32, c: u32) -> f32 {
  let e = row * p.C + c;
  return wtePair(wte[e >> 1u])[e & 1u];
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=f16/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wtePair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wteValue(row: u32, c: u32) -> f32 {
  let e = row * p.C + c;
  return wtePair(wte[e >> 1u])[e & 1u];
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=f32/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 { return wte[row * p.C + c]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=q4_0/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 {
  let b = (row * (p.C / 32u) + c / 32u) * 5u;
  let j = c % 32u;
  return bitcast<f32>(wte[b]) * (f32((wte[b + 1u + (j % 16u) / 4u] >> (8u * (j % 4u) + select(0u, 4u, j >= 16u))) & 15u) - 8.0);
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=q4_K/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 36u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 36u;
  let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);
}
struct wteChunk { offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32> }
fn wteChunkOf(c: u32) -> wteChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  return wteChunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy,
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy);
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wteScaleMins(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 36u;
  let scales = vec2<u32>(wte[sb + 1u], wte[sb + 2u]);
  let low = select(scales, vec2<u32>(wte[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wtePair(wte[sb]).xyxy * six;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wteChunkOf(c);
  let sm = wteScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wteQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=q5_K/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 44u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 44u;
  return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);
}
struct wteChunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>,
}
fn wteChunkOf(c: u32) -> wteChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return wteChunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u),
    vec4<u32>(0x02020202u << b) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u), ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0),
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0));
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  let qh = wte[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))) + vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & k.second)) * k.secondMul);
}
fn wteScaleMins(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 44u;
  let scales = vec2<u32>(wte[sb + 1u], wte[sb + 2u]);
  let low = select(scales, vec2<u32>(wte[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wtePair(wte[sb]).xyxy * six;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wteChunkOf(c);
  let sm = wteScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wteQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=q6_K/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 53u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 53u;
  return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));
}
struct wteChunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn wteChunkOf(c: u32) -> wteChunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return wteChunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  let qh = wte[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>((q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)) & vec4<u32>(0x3fu, 0x3f00u, 0x3f0000u, 0x3f000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u))) + vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul));
}
fn wteScales(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 53u;
  let first = wte[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = wte[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return wtePair(wte[sb + 52u]).x * scales;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = wteChunkOf(c);
  return wteScales(start, c, k)[2u * u32(second) + i / 4u] * wteQuants(start, c, k, i, second);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=0/weights=q8_0/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 {
  let b = (row * (p.C / 32u) + c / 32u) * 9u;
  let j = c % 32u;
  return bitcast<f32>(wte[b]) * (f32((bitcast<i32>(wte[b + 1u + j / 4u]) << (24u - 8u * (j % 4u))) >> 24u));
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=0/halves=unpack/positions=1/weights=f32/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read> wpe: array<f32>; // (P, C), P >= pos0 + T (checked by the host)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 { return wte[row * p.C + c]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c) + wpe[(p.pos0 + t) * p.C + c];
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=bf16/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wtePair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
fn wteValue(row: u32, c: u32) -> f32 {
  let e = row * p.C + c;
  return wtePair(wte[e >> 1u])[e & 1u];
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=f16/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteValue(row: u32, c: u32) -> f32 {
  let e = row * p.C + c;
  return wtePair(wte[e >> 1u])[e & 1u];
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=f32/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 { return wte[row * p.C + c]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=q4_0/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 {
  let b = (row * (p.C / 32u) + c / 32u) * 5u;
  let j = c % 32u;
  return bitcast<f32>(wte[b]) * (f32((wte[b + 1u + (j % 16u) / 4u] >> (8u * (j % 4u) + select(0u, 4u, j >= 16u))) & 15u) - 8.0);
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=q4_K/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 36u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 36u;
  let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);
}
struct wteChunk { offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32> }
fn wteChunkOf(c: u32) -> wteChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  return wteChunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy,
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy);
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wteScaleMins(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 36u;
  let scales = vec2<u32>(wte[sb + 1u], wte[sb + 2u]);
  let low = select(scales, vec2<u32>(wte[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wtePair(wte[sb]).xyxy * six;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wteChunkOf(c);
  let sm = wteScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wteQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=q5_K/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 44u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 44u;
  return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);
}
struct wteChunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>,
}
fn wteChunkOf(c: u32) -> wteChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return wteChunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u),
    vec4<u32>(0x02020202u << b) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u), ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0),
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0));
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  let qh = wte[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))) + vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & k.second)) * k.secondMul);
}
fn wteScaleMins(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 44u;
  let scales = vec2<u32>(wte[sb + 1u], wte[sb + 2u]);
  let low = select(scales, vec2<u32>(wte[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wtePair(wte[sb]).xyxy * six;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wteChunkOf(c);
  let sm = wteScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wteQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=q6_K/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteStart(row: u32) -> u32 { return row * (p.C / 256u) * 53u; }
fn wtePair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wteWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 53u;
  return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));
}
struct wteChunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn wteChunkOf(c: u32) -> wteChunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return wteChunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}
fn wteInPlace(at: vec2<u32>, k: wteChunk, i: u32) -> mat2x4<f32> {
  let q = wte[at.x + i];
  let qh = wte[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>((q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)) & vec4<u32>(0x3fu, 0x3f00u, 0x3f0000u, 0x3f000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u))) + vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul));
}
fn wteScales(start: u32, c: u32, k: wteChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 53u;
  let first = wte[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = wte[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return wtePair(wte[sb + 52u]).x * scales;
}
fn wteUnplace(n: mat2x4<f32>, k: wteChunk, r: u32) -> vec4<f32> { return n[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), r == 1u) - k.offsets[r]; }
fn wteQuants(start: u32, c: u32, k: wteChunk, i: u32, second: bool) -> vec4<f32> {
  return wteUnplace(wteInPlace(wteWords(start, c), k, i), k, u32(second));
}
fn wteLoad(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = wteChunkOf(c);
  return wteScales(start, c, k)[2u * u32(second) + i / 4u] * wteQuants(start, c, k, i, second);
}
fn wteValue(row: u32, c: u32) -> f32 { return wteLoad(wteStart(row), c / 4u)[c % 4u]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=0/weights=q8_0/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<u32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 {
  let b = (row * (p.C / 32u) + c / 32u) * 9u;
  let j = c % 32u;
  return bitcast<f32>(wte[b]) * (f32((bitcast<i32>(wte[b + 1u + j / 4u]) << (24u - 8u * (j % 4u))) >> 24u));
}


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c);
  }
}

// ==== embed/contiguous=1/halves=multiply/positions=1/weights=f32/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32, // rows in wte
  pos0: u32, // position of ids[0]; used only with wpe
  first: u32, // the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read> wpe: array<f32>; // (P, C), P >= pos0 + T (checked by the host)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, C)
fn wteValue(row: u32, c: u32) -> f32 { return wte[row * p.C + c]; }


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wteValue(id, c) + wpe[(p.pos0 + t) * p.C + c];
  }
}
