// Browser side of the benchmark: our engine (kernels, probe, models) plus TF.js in one page,
// exposed to the puppeteer drivers (kernels.ts, run.ts) as window.shaderlmBench.

import { createEngine } from '../src/index.js';
import { createBenchApi } from './api.js';
import { measureTfjs } from './tfjs.js';

const engine = await createEngine();
(window as unknown as { shaderlmBench: unknown }).shaderlmBench = createBenchApi(engine, measureTfjs);
document.getElementById('log')!.textContent = 'ready';
