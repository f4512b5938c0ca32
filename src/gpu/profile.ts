// Which tuning profile an adapter gets: 'gpu' (built on GPU practice) or 'software' (CPU
// rasterisers such as SwiftShader). Each kernel module keeps its knobs in a `tuning` table keyed
// by this name, so a SwiftShader measurement can never change what a GPU runs.

export type ProfileName = 'gpu' | 'software';

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
