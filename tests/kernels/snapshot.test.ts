// Every program of every kernel family, expanded to WGSL for every combination of device traits
// and compared with the stored snapshot (tests/kernels/__snapshots__/<family>.wgsl): a change to
// any shader variant shows in review. Update with `npx vitest run tests/kernels/snapshot.test.ts -u`.
// Also checks that no two different programs share a pipeline key.

import { describe, expect, it } from 'vitest';
import type { ProgramCatalog } from '../../src/kernels/traits.js';
import { allTraits } from '../../src/kernels/traits.js';

const modules = import.meta.glob<{ programs: ProgramCatalog }>(['../../src/kernels/*/kernel.ts', '../../bench/lab/*/kernel.ts'], { eager: true });

function familyOf(path: string): string {
  return path.split('/').at(-2)!;
}

describe('kernel shader snapshots', () => {
  const codeByKey = new Map<string, string>();
  for (const path of Object.keys(modules).sort()) {
    const family = familyOf(path);
    it(`${family}: every variant's expanded WGSL matches its snapshot`, async () => {
      const expanded = new Map<string, string>();
      for (const traits of allTraits) {
        for (const program of modules[path].programs(traits)) {
          const spec = program.contract.pipelineSpec(program.options, program.constants);
          const known = codeByKey.get(spec.key);
          expect(known === undefined || known === spec.code, `two programs share the key ${spec.key}`).toBe(true);
          codeByKey.set(spec.key, spec.code);
          expanded.set(spec.key, spec.code);
        }
      }
      expect(expanded.size).toBeGreaterThan(0);
      const text = [...expanded].sort(([a], [b]) => a.localeCompare(b)).map(([key, code]) => `// ==== ${key}\n${code.trim()}\n`).join('\n');
      await expect(text).toMatchFileSnapshot(`./__snapshots__/${family}.wgsl`);
    });
  }
});
