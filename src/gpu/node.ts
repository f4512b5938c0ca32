// WebGPU in Node through Dawn (the `webgpu` package). Falls back to SwiftShader's Vulkan driver
// (shipped with Debian's chromium) when no Vulkan driver answers. Browser bundles never load this.

import { WebGPUUnavailableError } from '../errors.js';
import { nodeModule } from '../node-modules.js';

const SWIFTSHADER_ICDS = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib64/chromium/vk_swiftshader_icd.json'];

const GPU_DEVICE_NODES = ['/dev/dri', '/dev/nvidia0', '/dev/nvidiactl', '/dev/dxg', '/dev/kfd'];

type DawnModule = { create(flags: string[]): GPU; globals: Record<string, unknown> };

// The promise, not the instance: engines created at once share one Dawn instance. Two made side
// by side aborted the process (std::system_error) once one engine was destroyed and the other used.
let cached: Promise<GPU> | null = null;

export function nodeGpu(): Promise<GPU> {
  cached ??= createNodeGpu().catch((e: unknown) => {
    cached = null; // a later call tries again (the package installed meanwhile)
    throw e;
  });
  return cached;
}

/** Whether SHADERLM_NO_SWIFTSHADER's `value` turns the fallback off: any value but none, empty, 0, false, no or off (1, true, yes). */
export function refusesSwiftShader(value: string | undefined): boolean {
  return !['', '0', 'false', 'no', 'off'].includes((value ?? '').trim().toLowerCase());
}

async function createNodeGpu(): Promise<GPU> {
  let dawn: DawnModule;
  try {
    dawn = (await nodeModule('webgpu')) as DawnModule;
  } catch (e) {
    const message = (e as Error).message;
    // An optional peer dependency (browser apps never load its Dawn binaries): an app may not have it.
    if (message.includes("Cannot find package 'webgpu'")) {
      throw new WebGPUUnavailableError('WebGPU in Node comes from the "webgpu" package, an optional peer dependency of shaderlm that is not installed: run `npm install webgpu`');
    }
    throw new WebGPUUnavailableError(`the "webgpu" package (WebGPU for Node) failed to load: ${message}`);
  }
  const [{ existsSync }, { tmpdir }] = await Promise.all([nodeModule('node:fs'), nodeModule('node:os')]);
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUMapMode, ... as in a browser
  // Vulkan's window-system probing complains on stderr when this is unset (headless machines, CI).
  const icd = SWIFTSHADER_ICDS.find((path) => existsSync(path));
  const mayFallBack = icd && !process.env.VK_ICD_FILENAMES && !refusesSwiftShader(process.env.SHADERLM_NO_SWIFTSHADER);
  return withEnv({ XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() }, async () => {
    if (!mayFallBack) return connected(dawn.create([]));
    // Without a GPU device node, skip probing the system drivers (Mesa's lavapipe, which Dawn
    // rejects noisily) and go straight to SwiftShader. An instance that finds a system adapter is
    // the one kept: the engines use no second instance beside it.
    if (GPU_DEVICE_NODES.some((path) => existsSync(path))) {
      const system = dawn.create([]);
      if ((await system.requestAdapter()) !== null) return system;
    }
    return withEnv({ VK_ICD_FILENAMES: icd }, () => connected(dawn.create([])));
  });
}

/** `gpu` once it has asked for an adapter: Dawn reaches the Vulkan loader, which reads the environment, then. */
async function connected(gpu: GPU): Promise<GPU> {
  await gpu.requestAdapter();
  return gpu;
}

/**
 * Runs `task` with `vars` set in the environment, then puts the environment back as it was: the
 * app's own child processes (a Vulkan program it spawns) must not inherit SwiftShader.
 */
async function withEnv<T>(vars: Record<string, string>, task: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await task();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Node's logical CPUs (Node 20 has no navigator.hardwareConcurrency). */
export async function nodeHostThreads(): Promise<number> {
  return (await nodeModule('node:os')).availableParallelism();
}
