// A model the app lets go of without dispose() is collected with its GPU buffers: nothing of the
// engine (the device's listeners, the pipeline cache) keeps it. Run in a child process with
// --expose-gc (tests/support/collect-probe.ts).

import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('models let go of without dispose() are collected (the device\'s list of listeners held them, weights and all)', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/support/collect-probe.ts'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ made: 3, alive: 0 });
});
