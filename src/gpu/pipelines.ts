// Pipeline cache: one compute pipeline per (kernel, variant), built ahead of use with
// createComputePipelineAsync inside a validation error scope. Keys hold dtypes, flags and tile
// sizes, never ordinary shapes (those travel in the params uniform).

import { ShaderError } from '../errors.js';
import { block, WAITS_SPIN } from './map.js';

/** A turn's sleep while builds are pending where waits spin (PipelineCache.slowSpinWhileBuilding). */
const SPIN_SLEEP_MS = 1;

export interface PipelineSpec {
  /** Kernel family and variant, e.g. "softmax/causal=1/wg=4"; the cache key. */
  key: string;
  code: string;
  entryPoint?: string;
  /** Values for WGSL `override` declarations (workgroup and tile sizes). */
  constants?: Record<string, number>;
}

/** Set SHADERLM_DUMP_WGSL=1 (Node) or globalThis.SHADERLM_DUMP_WGSL = true to log every shader built. */
function dumpRequested(): boolean {
  const g = globalThis as { SHADERLM_DUMP_WGSL?: boolean; process?: { env?: Record<string, string | undefined> } };
  return g.SHADERLM_DUMP_WGSL === true || g.process?.env?.SHADERLM_DUMP_WGSL === '1';
}

/** A load's count of the pipelines its kernels compile: of the builds begun while it watched, those finished. */
export interface CompileProgress {
  built: number;
  total: number;
  /** The pipeline just built or refused (its cache key). */
  kernel: string;
}

/** A watch on a cache's builds (PipelineCache.watch). */
export interface BuildWatch {
  /** Stops the reports; returns what the first report that threw threw, or null if none did. */
  stop(): { error: unknown } | null;
}

interface Watcher {
  built: number;
  total: number;
  report(kernel: string): void;
}

export class PipelineCache {
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();
  private readonly watchers = new Set<Watcher>();
  /** Builds begun and not finished, for the damper (slowSpinWhileBuilding). */
  private building = 0;
  private damping = false;

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** The pipeline for spec.key, compiling it on first use; concurrent callers share one build. */
  get(spec: PipelineSpec): Promise<GPUComputePipeline> {
    let pipeline = this.pipelines.get(spec.key);
    if (!pipeline) {
      const watchers = [...this.watchers];
      for (const w of watchers) w.total++;
      pipeline = this.build(spec);
      this.building++;
      const done = () => { this.building--; };
      void pipeline.then(done, done);
      this.slowSpinWhileBuilding();
      this.pipelines.set(spec.key, pipeline);
      pipeline.catch(() => this.pipelines.delete(spec.key));
      if (watchers.length > 0) {
        const finished = () => {
          for (const w of watchers) {
            w.built++;
            w.report(spec.key);
          }
        };
        void pipeline.then(finished, finished);
      }
    }
    return pipeline;
  }

  /**
   * Reports each build begun from now on as it finishes, built of those begun so far (a build
   * another load begins meanwhile counts too), until stop(). A report that throws is kept for
   * stop() to return, not raised where the build finished: no caller awaits that.
   */
  watch(onProgress: (p: CompileProgress) => void): BuildWatch {
    let thrown: { error: unknown } | null = null;
    const watcher: Watcher = {
      built: 0,
      total: 0,
      report: (kernel) => {
        if (thrown || !this.watchers.has(watcher)) return;
        try {
          onProgress({ built: watcher.built, total: watcher.total, kernel });
        } catch (error) {
          thrown = { error };
        }
      },
    };
    this.watchers.add(watcher);
    return {
      stop: () => {
        this.watchers.delete(watcher);
        return thrown;
      },
    };
  }

  /**
   * Where waits spin (Node's Dawn polls its events with setImmediate, once a turn of the event loop,
   * for as long as a build is pending: 50,000 polls a second through a load's compiles, a host core
   * and their garbage), each turn sleeps SPIN_SLEEP_MS while builds are pending, so the polls come at
   * most a thousand a second and the adapter's compiler threads have the core.
   */
  private slowSpinWhileBuilding(): void {
    if (!WAITS_SPIN || this.damping || typeof setImmediate !== 'function') return;
    this.damping = true;
    const turn = () => {
      if (this.building === 0 || !block(SPIN_SLEEP_MS)) {
        this.damping = false;
        return;
      }
      setImmediate(turn);
    };
    setImmediate(turn);
  }

  private async build(spec: PipelineSpec): Promise<GPUComputePipeline> {
    if (dumpRequested()) console.error(`// ---- ${spec.key}\n${spec.code}`); // stderr: stdout may be a command's JSON or text
    const device = this.device;
    // Push, create and pop with no await between: error scopes are a stack shared by every
    // build in flight, so awaiting inside one would let concurrent builds pop each other's.
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: spec.key, code: spec.code });
    const pipeline = device.createComputePipelineAsync({
      label: spec.key,
      layout: 'auto',
      compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants },
    });
    const scoped = device.popErrorScope();
    // Both are awaited below; the handlers keep an early throw from leaving them unhandled.
    pipeline.catch(() => undefined);
    scoped.catch(() => undefined);
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      await scoped;
      const detail = errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ');
      throw new ShaderError(spec.key, detail, spec.code);
    }
    let built: GPUComputePipeline;
    try {
      built = await pipeline;
    } catch (e) {
      await scoped;
      throw new ShaderError(spec.key, (e as Error).message, spec.code);
    }
    const scopeError = await scoped;
    if (scopeError) throw new ShaderError(spec.key, scopeError.message, spec.code);
    return built;
  }
}
