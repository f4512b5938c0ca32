// The vectors page's numbers, as pure functions: the top principal components of a set of rows
// (power iteration, no covariance matrix: cheap for a vocabulary of thousands of rows) and the
// cosine similarity of two rows. No DOM, no model. Tests: tests/browser/vectors.test.ts.

export interface PrincipalComponents {
  /** The rows' mean (dim): rows are centred on it before projecting. */
  mean: Float64Array;
  /** k unit vectors (dim each), most variance first; each one's sign is arbitrary. */
  components: Float64Array[];
  /** The variance along each component (its covariance eigenvalue), descending. */
  variances: number[];
  /** The rows' total variance (the covariance's trace): variances[i] / total is the share explained. */
  totalVariance: number;
  /** (n, k) each row's coordinates along the components. */
  projections: Float64Array;
}

export interface PowerIterationOptions {
  /** Stop once a component moves less than this between iterations (default 1e-7). */
  tolerance?: number;
  /** Iterations per component at most (default 300). */
  maxIterations?: number;
}

/**
 * The top `k` principal components of `n` rows of width `dim` (row-major in `rows`), by power
 * iteration on the covariance XᵀX/(n-1) of the centred rows X, applied as Xᵀ(Xv) so the
 * covariance is never formed; each component is kept orthogonal to the ones before it (deflation).
 */
export function principalComponents(rows: ArrayLike<number>, n: number, dim: number, k = 2, options: PowerIterationOptions = {}): PrincipalComponents {
  const { tolerance = 1e-7, maxIterations = 300 } = options;
  if (!(n >= 2) || !(dim >= 1) || rows.length !== n * dim) throw new RangeError(`principalComponents needs n >= 2 rows of width dim >= 1 (n * dim = ${n} * ${dim} numbers), got ${rows.length} numbers`);
  if (!(k >= 1 && k <= dim)) throw new RangeError(`principalComponents: k must be in [1, ${dim}], got ${k}`);
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] += rows[r * dim + j] / n;
  const x = new Float64Array(n * dim);
  let totalVariance = 0;
  for (let i = 0; i < n * dim; i++) {
    x[i] = rows[i] - mean[i % dim];
    totalVariance += x[i] * x[i] / (n - 1);
  }
  const components: Float64Array[] = [];
  const variances: number[] = [];
  const projections = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    // A fixed start, so the same rows always give the same picture; it fails only if orthogonal to the component sought.
    let v = orthonormalise(Float64Array.from({ length: dim }, (_, j) => 1 + j / dim), components);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const next = orthonormalise(covarianceTimes(x, n, dim, v), components);
      const moved = Math.sqrt(next.reduce((s, a, j) => s + (a - v[j]) ** 2, 0));
      v = next;
      if (moved < tolerance) break;
    }
    const coordinates = times(x, n, dim, v);
    coordinates.forEach((p, r) => (projections[r * k + c] = p));
    components.push(v);
    variances.push(coordinates.reduce((s, a) => s + a * a, 0) / (n - 1));
  }
  return { mean, components, variances, totalVariance, projections };
}

/** A row's coordinates along `pca`'s components (centred on the same mean): for rows that were not in the fit. */
export function project(pca: PrincipalComponents, row: ArrayLike<number>): number[] {
  return pca.components.map((v) => v.reduce((s, a, j) => s + a * (row[j] - pca.mean[j]), 0));
}

/** cos of the angle between a and b (equal lengths); 0 when either is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa && bb ? dot / Math.sqrt(aa * bb) : 0;
}

/** X v: (n). */
function times(x: Float64Array, n: number, dim: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[r * dim + j] * v[j];
    out[r] = s;
  }
  return out;
}

/** Xᵀ(X v): the covariance times v, up to the factor 1/(n-1) that normalising drops. */
function covarianceTimes(x: Float64Array, n: number, dim: number, v: Float64Array): Float64Array {
  const xv = times(x, n, dim, v);
  const out = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) out[j] += x[r * dim + j] * xv[r];
  return out;
}

/** v without its parts along `basis` (unit vectors), scaled to unit length; zeros stay zeros. */
function orthonormalise(v: Float64Array, basis: Float64Array[]): Float64Array {
  for (const b of basis) {
    const along = b.reduce((s, a, j) => s + a * v[j], 0);
    for (let j = 0; j < v.length; j++) v[j] -= along * b[j];
  }
  const length = Math.sqrt(v.reduce((s, a) => s + a * a, 0));
  return length ? v.map((a) => a / length) : v;
}
