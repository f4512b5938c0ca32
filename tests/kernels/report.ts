// Prints one line per kernel family: cases run, skipped, worst max-abs error and worst NMSE,
// with the adapter named, so CI logs show every kernel's accuracy on every adapter.

import type { CaseResult, KernelCase } from './harness.js';

export interface Outcome {
  c: Pick<KernelCase, 'kernel' | 'name'>;
  result?: CaseResult;
  skipped?: string;
}

export function accuracyTable(adapter: string, outcomes: Outcome[]): string {
  const byKernel = new Map<string, Outcome[]>();
  for (const o of outcomes) byKernel.set(o.c.kernel, [...(byKernel.get(o.c.kernel) ?? []), o]);
  const lines = [`kernel accuracy on ${adapter}`, 'kernel        cases  skipped  failed  max|gpu-ref|   max NMSE'];
  for (const [kernel, list] of [...byKernel].sort()) {
    const run = list.filter((o) => o.result);
    const maxAbs = Math.max(0, ...run.map((o) => o.result!.maxAbs));
    const nmse = Math.max(0, ...run.map((o) => o.result!.nmse));
    const failed = run.filter((o) => !o.result!.pass).length;
    lines.push(
      `${kernel.padEnd(13)} ${String(run.length).padStart(5)}  ${String(list.length - run.length).padStart(7)}  ${String(failed).padStart(6)}  ${maxAbs.toExponential(2).padStart(11)}  ${nmse.toExponential(2).padStart(9)}`,
    );
  }
  for (const o of outcomes.filter((x) => x.skipped)) lines.push(`  skipped ${o.c.kernel} ${o.c.name}: ${o.skipped}`);
  return lines.join('\n');
}

export function skipReason(requires: KernelCase['requires'], features: { f16: boolean; subgroups: boolean }): string | undefined {
  if (requires === 'f16' && !features.f16) return 'adapter lacks shader-f16';
  if (requires === 'subgroups' && !features.subgroups) return 'adapter lacks subgroups';
  return undefined;
}
