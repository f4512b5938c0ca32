// Which tuning profile an adapter gets: 'gpu' (built on GPU practice) or 'software' (CPU
// rasterisers such as SwiftShader). Each kernel module keeps its knobs in a `tuning` table keyed
// by this name, so a SwiftShader measurement can never change what a GPU runs.

export const PROFILES = ['gpu', 'software'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** A per-kernel tuning table: one entry for each profile. */
export type Tuning<T> = Record<ProfileName, T>;

interface AdapterDescription {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter?: boolean;
}

export function isSoftwareAdapter(info: AdapterDescription): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.description}`.toLowerCase();
  return info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|warp|software/.test(text);
}

export function chooseProfile(info: AdapterDescription, override?: ProfileName): ProfileName {
  return override ?? (isSoftwareAdapter(info) ? 'software' : 'gpu');
}

/**
 * How many workgroups fill an adapter, where a kernel caps or targets its grid: a fixed count
 * (a GPU), or a count per host thread (a software adapter: SwiftShader runs each workgroup on one
 * thread of a pool with a thread per logical CPU, so a count that fills a 2-core host leaves most
 * of a 16-core one idle).
 */
export type WorkgroupTarget = { fixed: number } | { perHostThread: number };

/** The workgroups a target asks for on a host with `hostThreads` logical CPUs. */
export function workgroupsFor(target: WorkgroupTarget, hostThreads: number): number {
  return 'fixed' in target ? target.fixed : target.perHostThread * hostThreads;
}
