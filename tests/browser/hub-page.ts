// Browser side of tests/browser/hub.test.ts: the engine worker as the demo pages start it (its
// downloads kept in Cache Storage), and loadFromHub(), which loads a hf: source from the Hub at
// `endpoint` and returns the greedy text it writes and the commit its info() names.

import { connectEngine } from '../../src/worker/client.js';

const worker = new Worker(new URL('../../src/worker/worker.ts', import.meta.url), { type: 'module', name: 'shaderlm engine' });
const engine = await connectEngine(worker, { modelsBase: new URL('/models/', location.href).href });

async function loadFromHub(spec: string, endpoint: string): Promise<{ text: string; commit?: string }> {
  const model = await engine.load(spec, { hfEndpoint: endpoint });
  try {
    return { text: await model.generate('ROMEO:', { maxTokens: 12, temperature: 0 }).text(), commit: model.info().hubCommit };
  } finally {
    model.dispose();
  }
}

Object.assign(window, { loadFromHub });
document.body.dataset.state = 'ready';
