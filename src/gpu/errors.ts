// Errors the GPU runtime throws: each names what went wrong and what to do about it.
// Not for shape validation errors of kernels (those are plain RangeErrors at the call site).

export class WebGPUUnavailableError extends Error {
  override name = 'WebGPUUnavailableError';
}

export class NoAdapterError extends Error {
  override name = 'NoAdapterError';
}

export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
  constructor(readonly reason: string, message: string) {
    super(`GPU device lost (${reason}): ${message || 'no message'}. Create a new engine to continue.`);
  }
}

/** A WGSL compile or pipeline validation error, with the expanded shader numbered for reading. */
export class ShaderError extends Error {
  override name = 'ShaderError';
  constructor(readonly kernel: string, readonly detail: string, readonly source: string) {
    super(`shader "${kernel}" failed: ${detail}\n${numberLines(source)}`);
  }
}

export class GPUValidationError extends Error {
  override name = 'GPUValidationError';
}

export function numberLines(source: string): string {
  return source
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
    .join('\n');
}
