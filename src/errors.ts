// Every error class shaderlm throws on purpose, defined once: each names what went wrong and
// what to do about it. Shape errors of kernels are plain RangeErrors at the call site; option
// errors are RangeErrors naming the option.

/** The runtime has no WebGPU at all (no navigator.gpu, no Dawn). */
export class WebGPUUnavailableError extends Error {
  override name = 'WebGPUUnavailableError';
}

/** WebGPU exists but found no adapter (no GPU driver, no software Vulkan). */
export class NoAdapterError extends Error {
  override name = 'NoAdapterError';
}

/** The GPU device was lost: every model on it is gone; create a new engine to continue. */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
  constructor(readonly reason: string, message: string) {
    // Dawn's own messages end with a period ("Device was destroyed."): one, not two.
    super(`GPU device lost (${reason}): ${message.replace(/\.+\s*$/, '') || 'no message'}. Create a new engine to continue.`);
  }
}

/**
 * A call on an engine, or on a model loaded by it, after (or while) engine.destroy() freed its
 * GPU device, or after its worker ended: create a new engine to go on.
 */
export class EngineDestroyedError extends Error {
  override name = 'EngineDestroyedError';
}

/** A call on a model after (or while) its dispose() freed it: load the model again to use it. */
export class ModelDisposedError extends Error {
  override name = 'ModelDisposedError';

  /** @internal The error of a call the dispose() came during (`doing`: 'while it was generating'), in-page and through a worker alike. */
  static during(doing?: string): ModelDisposedError {
    return new ModelDisposedError(`this model was disposed${doing ? ` ${doing}` : ''}: load it again to use it`);
  }
}

/** A WGSL compile or pipeline validation error, with the expanded shader numbered for reading. */
export class ShaderError extends Error {
  override name = 'ShaderError';
  constructor(readonly kernel: string, readonly detail: string, readonly source: string) {
    super(`shader "${kernel}" failed: ${detail}\n${numberLines(source)}`);
  }
}

/** A WebGPU validation error raised outside any scope (a bug in shaderlm, reported at the next step). */
export class GPUValidationError extends Error {
  override name = 'GPUValidationError';
}

/** A checkpoint or config that is malformed, truncated, or disagrees with itself (file and tensor named). */
export class WeightFormatError extends Error {
  override name = 'WeightFormatError';
}

/** A model source that cannot be resolved or read (missing file, failed download, bad hf: spec). */
export class ModelSourceError extends Error {
  override name = 'ModelSourceError';
}

/** A well-formed checkpoint whose shape the kernels cannot run (head size, vocabulary, ...); the message names the source field. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

/** The model (or a buffer it needs) does not fit this device's limits. */
export class ModelTooLargeError extends Error {
  override name = 'ModelTooLargeError';
}

/**
 * A step's logits were not all finite (NaN or infinite): the weights or the arithmetic broke down;
 * nothing was sampled. From logits() and inspect(), `step` is the position whose row broke.
 */
export class NonFiniteLogitsError extends Error {
  override name = 'NonFiniteLogitsError';
  constructor(readonly step: number, detail: string, of: 'step' | 'position' = 'step') {
    super(of === 'step'
      ? `the logits of step ${step} are not finite (${detail}): the model's weights or activations hold NaN or infinity; no token was sampled`
      : `the logits at position ${step} are not finite (${detail}): the model's weights or activations hold NaN or infinity`);
  }
}

/**
 * Training data the trainer cannot use, the file named: empty, not UTF-8 text, a character the
 * tokenizer lacks or changes, a FASTA file without bases, fewer tokens than one context window.
 */
export class TrainingDataError extends Error {
  override name = 'TrainingDataError';
}

/**
 * A prompt of `tokens` ids leaves no room in a context of `context` positions (a RangeError, as other
 * out-of-range input); `modelContext`, the model's own context, where a larger one could be loaded.
 * `atLeast`: `tokens` is a bound counted without encoding (Tokenizer.fewestTokens), not the count.
 */
export class PromptTooLongError extends RangeError {
  override name = 'PromptTooLongError';
  constructor(readonly tokens: number, readonly context: number, modelContext?: number, readonly atLeast = false) {
    const size = `${atLeast ? 'at least ' : ''}${tokens} tokens`;
    // Said so for a bound too: "at least 64 tokens, but the context holds 64" read as if it fit (review U).
    const why = tokens === context
      ? `the prompt is ${size}, as many as the context holds, which leaves no room for a token to be generated`
      : `the prompt is ${size}, but the context holds ${context}`;
    // A larger context helps only where the model's own holds the prompt and a token after it.
    const more = modelContext === undefined || modelContext <= context ? ''
      : tokens >= modelContext ? ` (the model's own context is ${modelContext})`
      : atLeast ? `, or load the model with a larger LoadOptions.maxSeqLen (its context is ${modelContext}), if the prompt fits there`
      : `, or load the model with a larger LoadOptions.maxSeqLen (up to its context, ${modelContext})`;
    super(`${why}: shorten it${more}`);
  }
}

/**
 * A step's loss, gradient norm or held-out loss was not finite: the weights broke down (almost
 * always a learning rate too high for the model), so every later step would report NaN and the
 * weights could not be saved. Thrown after that step, before its report. `fromStart`: it was the
 * loss or gradient norm of the run's first step, which come from the weights it started from,
 * before any update: no learning rate is to blame, those weights are (a checkpoint's; review AA).
 */
export class TrainingDivergedError extends Error {
  /** The advice past the learning rate, for a caller with no such options to take it off (the demo site's training page). */
  static readonly scheduleAdvice = ', warm it up (warmup), or clip the gradient norm (gradClip)';
  override name = 'TrainingDivergedError';
  constructor(readonly step: number, readonly learningRate: number, what: string, readonly fromStart = false) {
    super(fromStart
      ? `training cannot start at step ${step}: ${what} with the weights it starts from, before any update; ` +
        'they are damaged or hold values too large for f32 arithmetic (a checkpoint\'s loader refuses NaN and infinity, not a finite 3e38): start from sound ones'
      : `training diverged at step ${step} (learning rate ${Number(learningRate.toPrecision(3))}): ${what}; ` +
        `lower the learning rate (learningRate)${TrainingDivergedError.scheduleAdvice}`);
  }
}

/** The bytes given are not a tokenizer this package reads; the message says what they look like. */
export class TokenizerFormatError extends Error {
  override readonly name = 'TokenizerFormatError';
}

// Chat templates (src/chat/): the model ships none, the messages are malformed, the template fails
// to parse or render, or the template itself called raise_exception(msg).

const PLAIN_PROMPT_HINT = 'use generate() with a plain prompt';

/** The model's files hold no usable chat template, so chat() cannot format a conversation. */
export class NoChatTemplateError extends Error {
  override name = 'NoChatTemplateError';

  constructor(detail?: string) {
    super(
      detail === undefined
        ? `this model has no chat_template: ${PLAIN_PROMPT_HINT}`
        : `this model has no usable chat_template (${detail}): ${PLAIN_PROMPT_HINT}`,
    );
  }
}

/** The messages given to chat() are not an array of { role: string, content: string }. */
export class ChatMessagesError extends TypeError {
  override name = 'ChatMessagesError';
}

/** The template could not be parsed or rendered; the message names where the template came from. */
export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
  readonly templateSource: string;

  constructor(templateSource: string, stage: 'parse' | 'render', cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`the chat template from ${templateSource} failed to ${stage}: ${reason}`, { cause });
    this.templateSource = templateSource;
  }
}

/**
 * Thrown by the template's own raise_exception(msg) (transformers raises jinja2's TemplateError);
 * the message is exactly msg, e.g. "Conversation roles must alternate user/assistant/user/assistant/...".
 */
export class ChatTemplateRaisedError extends Error {
  override name = 'ChatTemplateRaisedError';
}

function numberLines(source: string): string {
  return source
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
    .join('\n');
}
