// The `shaderlm/kernels` subpath: every shipped kernel family's host class with its variant and
// shape types, plus the pieces a new family builds on (contracts, device traits, Bound). Each
// family's CPU reference is in `shaderlm/reference`.

export { Attention, AttentionBound, type AttentionBuffers, type AttentionMode, type AttentionShape, type AttentionVariant } from './attention/kernel.js';
export { Elementwise, type ElementwiseOp, type ElementwiseShape, type ElementwiseVariant } from './elementwise/kernel.js';
export { Embed, type EmbedShape, type EmbedVariant } from './embed/kernel.js';
export { Gemv, type GemvShape } from './gemv/kernel.js';
export { KvCache, type KvCacheBuffers, type KvCacheShape, type KvCacheVariant, type RopeLayout } from './kvcache/kernel.js';
export { Matmul, type MatmulBuffers, type MatmulShape, type MatmulVariant } from './matmul/kernel.js';
export { Norm, type NormKind, type NormShape, type NormVariant } from './norm/kernel.js';
export { Penalty, type PenaltyShape, type PenaltyVariant } from './penalty/kernel.js';
export { NON_FINITE_TOKEN, Sampler, type SampleMode, type SampleShape, type SamplerVariant } from './sample/kernel.js';
export type { Activation } from './linear.js';
export { Bound, type BufferArg } from './common.js';
export { Contract, defineContract, Kernel, KernelHost, type BindingSpec, type ContractSpec, type ParamValues, type Program } from './contract.js';
export { allTraits, traitsOf, type DeviceTraits, type ProgramCatalog, type VariantBase } from './traits.js';
