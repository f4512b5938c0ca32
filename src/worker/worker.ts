// The demo site's engine worker script (demos/kit/engine.ts starts it). An app using the package
// writes its own two-line worker (new URL(..., import.meta.url) takes the app's files, not a package's):
//   import { serveEngine } from 'shaderlm/worker/serve'; serveEngine();   // engine.worker.ts
//   new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })  // in the page
// and hands that Worker to connectEngine() ('shaderlm/worker', client.ts). Nothing else runs here.

import { serveEngine } from './serve.js';

serveEngine();
