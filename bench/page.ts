// Browser side of the kernel benchmark: our Gpu plus TF.js in one page, exposed to the
// puppeteer driver (kernels.ts) as window.shaderlmBench.

import { createGpu } from '../src/gpu/device.js';
import { createBenchApi } from './api.js';
import { measureTfjs } from './tfjs.js';

const gpu = await createGpu();
(window as unknown as { shaderlmBench: unknown }).shaderlmBench = createBenchApi(gpu, measureTfjs);
document.getElementById('log')!.textContent = 'ready';
