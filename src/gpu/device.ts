// One function that returns a ready GPU: a device from navigator.gpu in a browser or from Dawn
// (the `webgpu` package) in Node, with the adapter's higher limits and optional features
// requested, device loss and uncaptured errors turned into clear errors.

// The published .d.ts files name WebGPU's types (GPUDevice, ...), and every entry point
// (shaderlm, shaderlm/gpu, /kernels, /reference) reaches this module: this pulls the types in for
// every consumer, from the @webgpu/types dependency, without a tsconfig entry of their own.
/// <reference types="@webgpu/types" preserve="true" />

import { describe } from '../value-words.js';
import { DeviceLostError, EngineDestroyedError, GPUValidationError, NoAdapterError, WebGPUUnavailableError } from '../errors.js';
import { ParamArena } from './params.js';
import { PipelineCache } from './pipelines.js';
import { chooseProfile, PROFILES, type ProfileName } from './profile.js';
import { Recorder } from './recorder.js';

export interface GpuOptions {
  /** Force a tuning profile instead of detecting it from the adapter. */
  profile?: ProfileName;
  powerPreference?: GPUPowerPreference;
  /** Do not request these optional features even when present (to test fallbacks). */
  disableFeatures?: ReadonlyArray<'shader-f16' | 'subgroups' | 'timestamp-query'>;
  /**
   * The host's logical CPUs, which size a software adapter's grids (profile.ts, WorkgroupTarget);
   * default: navigator.hardwareConcurrency, or os.availableParallelism() in Node.
   */
  hostThreads?: number;
}

export interface GpuFeatures {
  f16: boolean;
  subgroups: boolean;
  timestampQuery: boolean;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** 'browser' (navigator.gpu) or 'node' (Dawn). */
  runtime: 'browser' | 'node';
}

const OPTIONAL_FEATURES = ['shader-f16', 'subgroups', 'timestamp-query'] as const;
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

/** How long a failed GPU operation waits for device.lost to settle before reporting its own error. */
const LOSS_GRACE_MS = 1000;

export class Gpu {
  readonly pipelines: PipelineCache;
  readonly params: ParamArena;
  private lostError: DeviceLostError | null = null;
  private destroyed = false;
  private readonly uncaptured: string[] = [];
  private readonly goneListeners = new Set<(error: Error) => void>();

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterSummary,
    readonly features: GpuFeatures,
    readonly profile: ProfileName,
    /** The host's logical CPUs (GpuOptions.hostThreads). */
    readonly hostThreads: number,
  ) {
    this.pipelines = new PipelineCache(device);
    this.params = new ParamArena(device);
    device.lost.then((info) => {
      // A 'destroyed' loss that we did not ask for (destroy() below) is still a loss to the user.
      if (this.destroyed) return;
      this.lostError = new DeviceLostError(info.reason, info.message);
      this.tellGone(this.lostError);
    });
    device.addEventListener('uncapturederror', (event) => {
      const message = (event as GPUUncapturedErrorEvent).error.message;
      this.uncaptured.push(message);
      console.error(`shaderlm: uncaptured WebGPU error: ${message}`);
    });
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  recorder(label?: string): Recorder {
    this.assertHealthy();
    return new Recorder(this.device, this.params, label);
  }

  /** Throws if the device was lost or an uncaptured validation error happened since the last check. */
  assertHealthy(): void {
    if (this.lostError) throw this.lostError;
    if (this.destroyed) throw new EngineDestroyedError('this GPU was destroyed (engine.destroy()): create a new engine');
    if (this.uncaptured.length > 0) {
      const messages = this.uncaptured.splice(0);
      throw new GPUValidationError(`WebGPU reported ${messages.length} error(s): ${messages.join(' | ')}`);
    }
  }

  /** Awaits GPU work; when it fails, throws the reason (reasonFor). */
  async settle<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw await this.reasonFor(error);
    }
  }

  /**
   * Why GPU work failed with `error`: DeviceLostError (or another assertHealthy() reason) when
   * there is one, else `error`. A lost device rejects pending work (mapAsync's OperationError)
   * before device.lost settles, so this waits up to LOSS_GRACE_MS for the loss to show.
   */
  async reasonFor(error: unknown): Promise<unknown> {
    if (!this.lostError && !this.destroyed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => { timer = setTimeout(resolve, LOSS_GRACE_MS); });
      await Promise.race([this.device.lost, grace]);
      clearTimeout(timer);
    }
    try {
      this.assertHealthy();
    } catch (reason) {
      return reason;
    }
    return error;
  }

  /**
   * Calls `listener` once, with the error later calls will throw, when the device goes (destroy(),
   * or lost): what holds work between calls (a generation its consumer holds) can end it then.
   * Returns the call that forgets it.
   */
  onGone(listener: (error: Error) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.params.destroy();
    this.device.destroy();
    this.tellGone(new EngineDestroyedError('this GPU was destroyed (engine.destroy()): create a new engine'));
  }

  private tellGone(error: Error): void {
    const listeners = [...this.goneListeners];
    this.goneListeners.clear();
    for (const listener of listeners) listener(error);
  }
}

const GPU_OPTIONS: ReadonlyArray<keyof GpuOptions> = ['profile', 'powerPreference', 'disableFeatures', 'hostThreads'];
const POWER_PREFERENCES: readonly GPUPowerPreference[] = ['high-performance', 'low-power'];

/** Throws a RangeError naming the option for a name or value createGpu does not know: a misspelt one is never ignored. */
function checkGpuOptions(options: GpuOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`engine options must be an object, got ${describe(options)}`);
  const known = (name: string, value: unknown, allowed: readonly unknown[]) => {
    if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
  };
  for (const key of Object.keys(options)) known('an engine option', key, GPU_OPTIONS);
  const { profile, powerPreference, disableFeatures, hostThreads } = options;
  if (profile !== undefined) known('profile', profile, PROFILES);
  if (powerPreference !== undefined) known('powerPreference', powerPreference, POWER_PREFERENCES);
  if (disableFeatures !== undefined) {
    if (!Array.isArray(disableFeatures)) throw new RangeError(`disableFeatures must be a list of feature names, got ${JSON.stringify(disableFeatures)}`);
    for (const feature of disableFeatures) known('each of disableFeatures', feature, OPTIONAL_FEATURES);
  }
  if (hostThreads !== undefined && !(Number.isInteger(hostThreads) && hostThreads >= 1)) throw new RangeError(`hostThreads must be an integer >= 1, got ${hostThreads}`);
}

export async function createGpu(options: GpuOptions = {}): Promise<Gpu> {
  checkGpuOptions(options);
  const gpu = await findGpuApi();
  const runtime = typeof navigator !== 'undefined' && navigator.gpu === gpu ? 'browser' : 'node';
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) {
    throw new NoAdapterError(
      runtime === 'browser'
        ? 'navigator.gpu returned no adapter: enable WebGPU (chrome://flags/#enable-unsafe-webgpu) or use a GPU-enabled browser.'
        : 'Dawn found no adapter: install a Vulkan driver, or SwiftShader via Debian\'s chromium package and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json.',
    );
  }
  const disabled = new Set(options.disableFeatures ?? []);
  // 'subgroups' is newer than some @webgpu/types releases, hence the cast.
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f) && !disabled.has(f)) as GPUFeatureName[];
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ label: 'shaderlm', requiredFeatures, requiredLimits });
  const info = adapter.info;
  const summary: AdapterSummary = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    runtime,
  };
  const features: GpuFeatures = {
    f16: device.features.has('shader-f16'),
    subgroups: device.features.has('subgroups'),
    timestampQuery: device.features.has('timestamp-query'),
  };
  const profile = chooseProfile({ ...summary, isFallbackAdapter: (info as { isFallbackAdapter?: boolean }).isFallbackAdapter }, options.profile);
  const hostThreads = options.hostThreads ?? (await detectHostThreads(runtime));
  return new Gpu(device, summary, features, profile, hostThreads);
}

/** The host's logical CPUs: the browser's (or Node 21+'s) navigator, else Node's os module, else 1. */
async function detectHostThreads(runtime: 'browser' | 'node'): Promise<number> {
  const fromNavigator = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  if (fromNavigator) return fromNavigator;
  if (runtime === 'node') return (await import('./node.js')).nodeHostThreads();
  return 1;
}

async function findGpuApi(): Promise<GPU> {
  if (typeof navigator !== 'undefined' && navigator.gpu) return navigator.gpu;
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode && globalThis.isSecureContext === false) {
    // Browsers offer WebGPU to secure contexts only: the browser may well have it.
    throw new WebGPUUnavailableError(`WebGPU is offered only to secure pages, and this one is not (${location.protocol}//${location.host}): open it over https, or from localhost`);
  }
  if (!isNode) throw new WebGPUUnavailableError('This browser has no WebGPU (navigator.gpu is missing): use a recent Chrome or Edge (113+), Safari 26+, or Firefox 141+ on Windows, with WebGPU enabled.');
  const { nodeGpu } = await import('./node.js');
  return nodeGpu();
}
