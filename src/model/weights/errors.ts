// Errors the model loaders throw: each names the file or tensor at fault and what was expected.
// Not for GPU or tokenizer failures (src/gpu/errors.ts, src/tokenizer/).
// Tests: tests/model/loaders.test.ts asserts each message.

/** A checkpoint or config that is malformed, truncated, or disagrees with itself. */
export class WeightFormatError extends Error {
  override name = 'WeightFormatError';
}

/** A model source that cannot be resolved or read (missing file, failed download, bad hf: spec). */
export class ModelSourceError extends Error {
  override name = 'ModelSourceError';
}
