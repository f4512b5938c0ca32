// Engines side by side in one Node process, in a file of their own: the first createEngine() calls
// of the process must be the ones made at once (src/gpu/node.ts caches Dawn's instance).

import { expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';

it('two engines made at once: destroying one leaves the other working (two Dawn instances aborted the process)', async () => {
  const [first, second] = await Promise.all([createEngine(), createEngine()]);
  try {
    const generate = async (engine: typeof first) => {
      const model = await engine.load('default:shakespeare');
      try {
        return await model.generate('ROMEO:', { maxTokens: 8, temperature: 0 }).text();
      } finally {
        model.dispose();
      }
    };
    const text = await generate(second);
    second.destroy();
    expect(await generate(first)).toBe(text);
  } finally {
    first.destroy();
  }
});
