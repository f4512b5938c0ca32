// Central finite differences for checking analytic gradients in tests: fd() for one coordinate and
// checkGradient() for a whole gradient against a stated tolerance. Float64 throughout, so the
// forward given must compute in float64 too. Not a gradient itself. Tests: finite-difference.test.ts.

/** A scalar function of a point; it may read the point but must not keep or change it. */
export type Scalar = (x: Float64Array) => number;

/** Default step: near the cube root of float64's epsilon, where truncation and rounding errors balance for x of order 1. */
export const DEFAULT_STEP = 1e-5;

/**
 * (f(x + h e_i) - f(x - h e_i)) / 2h, with error O(h^2 f''') + O(eps |f| / h). `x` is copied
 * (a Float32Array's values become float64), never changed.
 */
export function fd(f: Scalar, x: ArrayLike<number>, i: number, h = DEFAULT_STEP): number {
  return centralDifference(f, Float64Array.from(x), i, h);
}

function centralDifference(f: Scalar, point: Float64Array, i: number, h: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= point.length) throw new RangeError(`coordinate ${i} is outside 0..${point.length - 1}`);
  if (!(h > 0)) throw new RangeError(`the step must be positive, got ${h}`);
  const xi = point[i]!;
  point[i] = xi + h;
  const up = f(point);
  point[i] = xi - h;
  const down = f(point);
  point[i] = xi;
  // The step actually taken: xi ± h rounds, and dividing by the rounded span keeps the quotient honest.
  return (up - down) / (xi + h - (xi - h));
}

export interface GradientTolerance {
  /** Finite-difference step. Default DEFAULT_STEP. */
  h?: number;
  /** Allowed |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|). Defaults 1e-7 and 1e-6. */
  atol?: number;
  rtol?: number;
}

export interface GradientReport {
  ok: boolean;
  /** The coordinate furthest beyond (or nearest to) its allowance, error / allowed largest. */
  worst: { index: number; analytic: number; numeric: number; error: number; allowed: number };
  /** Every numeric derivative, for a closer look. */
  numeric: Float64Array;
  /** One line: what was compared, the worst coordinate and the tolerance. */
  message: string;
}

/** Compares `analytic` (the gradient of f at x, one value per coordinate) with central differences. */
export function checkGradient(f: Scalar, x: ArrayLike<number>, analytic: ArrayLike<number>, tolerance: GradientTolerance = {}): GradientReport {
  const { h = DEFAULT_STEP, atol = 1e-7, rtol = 1e-6 } = tolerance;
  if (analytic.length !== x.length) throw new RangeError(`the gradient has ${analytic.length} values for ${x.length} coordinates`);
  const point = Float64Array.from(x);
  const numeric = new Float64Array(x.length);
  let worst: GradientReport['worst'] | undefined;
  let worstRatio = -1;
  for (let i = 0; i < x.length; i++) {
    numeric[i] = centralDifference(f, point, i, h);
    const a = analytic[i]!;
    const error = Math.abs(a - numeric[i]!);
    const allowed = atol + rtol * Math.max(Math.abs(a), Math.abs(numeric[i]!));
    const ratio = Number.isNaN(error) ? Infinity : error / allowed; // a NaN anywhere fails
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { index: i, analytic: a, numeric: numeric[i]!, error, allowed };
    }
  }
  if (!worst) throw new RangeError('no coordinates to check');
  const ok = worstRatio <= 1;
  const w = worst;
  const message = `${ok ? 'gradient matches' : 'gradient differs from'} central differences (h ${h}) over ${x.length} coordinates; worst [${w.index}]: analytic ${w.analytic}, numeric ${w.numeric}, |error| ${w.error.toExponential(2)} ${ok ? '<=' : '>'} ${w.allowed.toExponential(2)} (atol ${atol} + rtol ${rtol} * magnitude)`;
  return { ok, worst: w, numeric, message };
}

/** checkGradient that throws its message when the gradient is off, so a failing test names the coordinate. */
export function expectGradient(f: Scalar, x: ArrayLike<number>, analytic: ArrayLike<number>, tolerance?: GradientTolerance): void {
  const report = checkGradient(f, x, analytic, tolerance);
  if (!report.ok) throw new Error(report.message);
}
