// A kernel variant checked before anything compiles. A variant picks a program by value, so a
// misspelt option or a value outside its list would otherwise run another program silently: a
// norm kind of 'RMS' compiles LayerNorm, a flag of 'false' (a truthy string) turns the flag on.

import { describe } from '../value-words.js';
import { PROFILES } from '../gpu/profile.js';

/** The values an option may take; `undefined` among them makes it optional. */
export type OptionValues = ReadonlyArray<string | number | boolean | undefined>;

/** An optional flag. */
export const FLAG: OptionValues = [undefined, false, true];

/** What every variant takes besides its family's options (VariantBase). */
const BASE: Record<string, OptionValues> = { profile: [undefined, ...PROFILES], subgroups: FLAG };

/**
 * Throws unless `variant` is an object whose every option is one the family takes (`options`, plus
 * profile and subgroups) with a value from its list: a TypeError for a variant that is no object,
 * a RangeError naming the option otherwise.
 */
export function checkVariant(kernel: string, variant: unknown, options: Readonly<Record<string, OptionValues>>): void {
  if (typeof variant !== 'object' || variant === null || Array.isArray(variant)) {
    throw new TypeError(`${kernel}: the variant must be an object of options, got ${describe(variant)}`);
  }
  const rules = { ...options, ...BASE };
  for (const name of Object.keys(variant)) {
    if (!Object.hasOwn(rules, name)) throw new RangeError(`${kernel}: unknown variant option ${JSON.stringify(name)}; it takes ${Object.keys(rules).join(', ')}`);
  }
  for (const [name, values] of Object.entries(rules)) {
    const value = (variant as Record<string, unknown>)[name];
    if (values.includes(value as OptionValues[number])) continue;
    const listed = values.filter((v) => v !== undefined).map((v) => JSON.stringify(v)).join(', ');
    const optional = values.includes(undefined) ? ' (or left out)' : '';
    throw new RangeError(`${kernel}: variant option ${name} must be one of ${listed}${optional}, got ${describe(value)}`);
  }
}
