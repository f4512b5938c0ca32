// What of a device decides which program a kernel variant runs: the tuning profile and the
// subgroup facts. A pure function of these picks each program, so the same choice serves
// create() on a device and the shader snapshot over every combination.

import type { Gpu } from '../gpu/device.js';
import type { ProfileName } from '../gpu/profile.js';
import type { Program } from './contract.js';

export interface DeviceTraits {
  profile: ProfileName;
  /** Subgroup operations are available and wanted. */
  subgroups: boolean;
  /** Every subgroup is exactly 4 lanes wide (SwiftShader): a 4-lane workgroup is one subgroup. */
  subgroupsOfFour: boolean;
}

/** Overrides every variant takes (tests run the GPU tuning and the fallbacks on any adapter). */
export interface VariantBase {
  /** Tuning table to use instead of gpu.profile's. */
  profile?: ProfileName;
  /** false forces the paths without subgroup operations; default: the device's. */
  subgroups?: boolean;
}

export function traitsOf(gpu: Gpu, v: VariantBase = {}): DeviceTraits {
  if (v.subgroups && !gpu.features.subgroups) throw new RangeError('subgroups requested but the device has no subgroups feature');
  const subgroups = v.subgroups ?? gpu.features.subgroups;
  const info = gpu.device.adapterInfo as GPUAdapterInfo | undefined; // absent in older browsers
  return {
    profile: v.profile ?? gpu.profile,
    subgroups,
    subgroupsOfFour: subgroups && info?.subgroupMinSize === 4 && info.subgroupMaxSize === 4,
  };
}

/** Every combination of traits a device can present. */
export const allTraits: DeviceTraits[] = (['gpu', 'software'] as const).flatMap((profile) => [
  { profile, subgroups: false, subgroupsOfFour: false },
  { profile, subgroups: true, subgroupsOfFour: false },
  { profile, subgroups: true, subgroupsOfFour: true },
]);

/** Each kernel module exports one of these: every program its variants can run with `traits`. */
// (any: each family has its own options type.)
export type ProgramCatalog = (traits: DeviceTraits) => Array<Program<any>>;
