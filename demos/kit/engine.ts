// The demo pages' engine: the shaderlm engine in a Web Worker (src/worker/), started with the
// site's embedded models as the place `default:` names resolve. Every demo page lives one folder
// below the site's root (<site>/<name>/index.html), so the site is `..` from any page: in
// development <site> is /demos/, in the build the folder dist/site/ was served from.

import { connectEngine, type RemoteEngine } from '../../src/worker/client.js';

/** A URL inside the demo site, from a demo page (one folder below the site's root). */
export function siteUrl(path: string): string {
  return new URL(`../${path}`, location.href).href;
}

/** A new engine worker: one GPU device; downloads kept in Cache Storage. */
export function startEngine(): Promise<RemoteEngine> {
  const worker = new Worker(new URL('../../src/worker/worker.ts', import.meta.url), { type: 'module', name: 'shaderlm engine' });
  return connectEngine(worker, { modelsBase: siteUrl('models/') }); // which ends the worker if the engine cannot start
}
