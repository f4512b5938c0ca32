// Browser side of the Chromium kernel run: exposes runKernelCases() for the puppeteer driver.

import { createGpu } from '../../src/gpu/device.js';
import { allCases } from '../kernels/all-cases.js';
import { skipReason } from '../kernels/report.js';

export interface BrowserOutcome {
  id: string;
  adapter: string;
  result?: { maxAbs: number; nmse: number; pass: boolean; detail: string };
  skipped?: string;
  error?: string;
}

async function runKernelCases(): Promise<BrowserOutcome[]> {
  const gpu = await createGpu({ hostThreads: 2 }); // as the Node run: the cases' grids on any host
  const adapter = `chromium ${gpu.adapter.vendor} ${gpu.adapter.architecture} (profile ${gpu.profile})`;
  const log = document.getElementById('log')!;
  const outcomes: BrowserOutcome[] = [];
  for (const c of allCases) {
    const id = `${c.kernel} ${c.name}`;
    const skipped = skipReason(c.requires, gpu.features);
    if (skipped) {
      outcomes.push({ id, adapter, skipped });
      continue;
    }
    try {
      outcomes.push({ id, adapter, result: await c.run(gpu) });
    } catch (e) {
      outcomes.push({ id, adapter, error: (e as Error).stack ?? String(e) });
    }
    log.textContent = `${outcomes.length}/${allCases.length} ${id}`;
  }
  gpu.destroy();
  return outcomes;
}

(window as unknown as { runKernelCases: typeof runKernelCases }).runKernelCases = runKernelCases;
document.getElementById('log')!.textContent = 'ready';
