// The `shaderlm/kernels` subpath: every shipped kernel family's host class with its variant and
// shape types (forward, backward, and the training families: cross-entropy, AdamW, gradient
// norm), plus the pieces a new family builds on (contracts, device traits, Bound, MultiBound).
// Each family's CPU reference is in `shaderlm/reference`.

export { Adamw, checkAdamw, type AdamwBuffers, type AdamwShape, type AdamwVariant } from './adamw/kernel.js';
export { Attention, type AttentionBound, type AttentionBuffers, type AttentionMode, type AttentionShape, type AttentionVariant } from './attention/kernel.js';
export { AttentionBackward, type AttentionBackwardBuffers } from './attention/backward.js';
export { AttentionProbabilities, type AttentionProbabilitiesBuffers, type AttentionProbabilitiesShape } from './attention/probabilities.js';
export { checkTargets, CrossEntropy, type CrossEntropyBound, type CrossEntropyBuffers, type CrossEntropyShape, type CrossEntropyVariant } from './crossentropy/kernel.js';
export { Elementwise, type ElementwiseOp, type ElementwiseShape, type ElementwiseVariant } from './elementwise/kernel.js';
export { ElementwiseBackward, type ActivationGradBuffers, type ElementwiseBackwardVariant, type SwigluGradBuffers } from './elementwise/backward.js';
export { Embed, type EmbedShape, type EmbedVariant } from './embed/kernel.js';
export {
  EmbedBackward,
  PositionBackward,
  type EmbedBackwardBuffers,
  type EmbedBackwardShape,
  type EmbedBackwardVariant,
  type PositionBackwardShape,
} from './embed/backward.js';
export { groupRowsById, type RowsById } from './embed/rows-by-id.js';
export { Gemv, type GemvShape, type QkvCacheRope, type QkvCacheShape } from './gemv/kernel.js';
export { GradNorm, type GradNormBound, type GradNormBuffers, type GradNormShape, type GradNormVariant } from './gradnorm/kernel.js';
export { KvCache, type KvCacheBuffers, type KvCacheShape, type KvCacheVariant, type RopeLayout } from './kvcache/kernel.js';
export { KvCacheBackward, type KvCacheBackwardBuffers, type KvCacheBackwardShape } from './kvcache/backward.js';
export { Matmul, MatmulInputGrad, type MatmulBuffers, type MatmulShape, type MatmulVariant } from './matmul/kernel.js';
export { MatmulBiasGrad, MatmulWeightGrad, type MatmulBiasGradBuffers, type MatmulGradVariant, type MatmulWeightGradBuffers, type MatmulWeightGradVariant } from './matmul/backward.js';
export { Norm, type NormKind, type NormShape, type NormVariant } from './norm/kernel.js';
export { NormBackward, type NormBackwardBound, type NormBackwardBuffers, type NormBackwardVariant } from './norm/backward.js';
export { Penalty, type PenaltyShape, type PenaltyVariant } from './penalty/kernel.js';
export { NON_FINITE_TOKEN, Sampler, type SampleMode, type SampleShape, type SamplerVariant } from './sample/kernel.js';
export { storesTransposed, type Activation } from './linear.js';
export { Bound, MultiBound, type BufferArg, type MultiParts } from './common.js';
export { Contract, defineContract, Kernel, KernelHost, type BindingSpec, type ContractSpec, type ParamValues, type Program } from './contract.js';
export { allTraits, traitsOf, type DeviceTraits, type ProgramCatalog, type VariantBase } from './traits.js';
