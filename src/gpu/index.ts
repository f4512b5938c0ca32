// The GPU runtime as the `shaderlm/gpu` subpath: a device for browser or Node, buffers, the
// pipeline cache, the param arena and the recorder that kernels record into.

export { createGpu, Gpu, type AdapterSummary, type GpuFeatures, type GpuOptions } from './device.js';
export { createStorage, readBytes, readFloat32, readUint32, uploadStorage, type StorageData } from './buffers.js';
export { MapMode, Usage } from './flags.js';
export { ParamArena, ParamSlot } from './params.js';
export { PipelineCache, type PipelineSpec } from './pipelines.js';
export { chooseProfile, isSoftwareAdapter, type ProfileName, type Tuning } from './profile.js';
export { Recorder, type Dispatch } from './recorder.js';
