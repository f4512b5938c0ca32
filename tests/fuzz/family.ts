// A family of generated cases: one mutation kind on one file of one model, as a fast-check arbitrary,
// with how many cases to draw. The mutation modules (binary.ts, json*.ts) build them; the test samples them.

import type fc from 'fast-check';
import type { ModelName } from './builders.js';
import type { Case, Format } from './oracle.js';

export interface Family {
  kind: string;
  runs: number;
  arb: fc.Arbitrary<Case>;
}

/** A case before it is filed under its model, format and kind. */
export type Build = Omit<Case, 'model' | 'format' | 'kind'>;

export function family(model: ModelName, format: Format, kind: string, runs: number, arb: fc.Arbitrary<Build>): Family {
  return { kind, runs: Math.max(1, Math.round(runs)), arb: arb.map((b) => ({ model, format, kind, ...b })) };
}
