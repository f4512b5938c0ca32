// Run by tests/model/collect.test.ts as `node --expose-gc --import tsx`: loads the embedded default
// three times, lets each model go without dispose(), collects, and prints how many of their
// transformers are still alive (in JSON). Nothing of the engine may keep a model the app let go of.

import { createEngine } from '../../src/engine.js';
import { Transformer } from '../../src/model/transformer.js';

const collect = globalThis.gc;
if (!collect) throw new Error('run with node --expose-gc');
const made: WeakRef<Transformer>[] = [];
const create = Transformer.create.bind(Transformer);
Transformer.create = async (...args: Parameters<typeof Transformer.create>) => {
  const transformer = await create(...args);
  made.push(new WeakRef(transformer));
  return transformer;
};
const engine = await createEngine();
/** A model used, then dropped: nothing here refers to it once this returns. */
async function useAndDrop(): Promise<void> {
  const model = await engine.load('default:shakespeare');
  await model.generate('ROMEO:', { maxTokens: 2, temperature: 0 }).text();
}
for (let i = 0; i < 3; i++) await useAndDrop();
for (let i = 0; i < 6; i++) {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(JSON.stringify({ made: made.length, alive: made.filter((ref) => ref.deref()).length }));
engine.destroy();
