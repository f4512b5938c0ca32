// The engine worker's script: start it with
//   new Worker(new URL('<path to>/src/worker/worker.ts', import.meta.url), { type: 'module' })
// and hand the Worker to connectEngine() (client.ts). Nothing else runs here.

import { serveEngine } from './serve.js';

serveEngine();
