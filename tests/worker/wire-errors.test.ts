// Errors across the worker boundary keep their class, also in a minified build, where the bundler
// renames every class (the site's build): simulated by renaming them before the module loads.

import { describe, expect, it, vi } from 'vitest';

/** Constructor arguments where a class takes more than a message. */
const ARGS: Record<string, unknown[]> = {
  DeviceLostError: ['destroyed', 'gone'],
  ShaderError: ['norm', 'line 2: bad', 'fn main() {}'],
  NonFiniteLogitsError: [3, '2 NaN among 32 logits'],
  PromptTooLongError: [9, 8, 16, true],
  TrainingDivergedError: [12, 0.01, 'the loss is NaN'],
  ChatTemplateError: ['tokenizer_config.json', 'render', new Error('undefined variable')],
};

describe('wire errors', () => {
  it('every shaderlm error class arrives as itself with its fields, whatever the bundler named the class', async () => {
    vi.resetModules();
    const errors = await import('../../src/errors.js');
    const classes = Object.entries(errors).filter(([, c]) => typeof c === 'function' && c.prototype instanceof Error);
    expect(classes.length).toBeGreaterThan(10);
    classes.forEach(([, c], i) => Object.defineProperty(c, 'name', { value: `m${i}` })); // as a minifier leaves them
    const { fromWire, toWire } = await import('../../src/worker/wire-errors.js');
    for (const [exportName, c] of classes) {
      const args = ARGS[exportName] ?? ['a message'];
      const made = new (c as new (...args: unknown[]) => Error)(...args);
      expect(made.name, `${exportName}'s name field is its export name`).toBe(exportName);
      const back = fromWire(toWire(made));
      expect(back, exportName).toBeInstanceOf(c);
      expect([back.name, back.message]).toEqual([made.name, made.message]);
      expect(toWire(back).fields).toEqual(toWire(made).fields);
    }
    expect(fromWire(toWire(new errors.PromptTooLongError(9, 8)))).toBeInstanceOf(RangeError);
  });

  it('DOMExceptions arrive as DOMExceptions of their name (and so code), the built-in error classes as themselves', async () => {
    const { fromWire, toWire } = await import('../../src/worker/wire-errors.js');
    for (const name of ['AbortError', 'TimeoutError', 'SecurityError', 'QuotaExceededError', 'DataCloneError', 'NotSupportedError']) {
      const made = new DOMException(`a ${name}`, name);
      const back = fromWire(toWire(made)) as unknown as DOMException;
      expect(back, name).toBeInstanceOf(DOMException);
      expect([back.name, back.message, back.code]).toEqual([made.name, made.message, made.code]);
    }
    for (const c of [EvalError, URIError, SyntaxError, ReferenceError]) expect(fromWire(toWire(new c('x')))).toBeInstanceOf(c);
    // An Error that merely calls itself AbortError stays an Error.
    const named = Object.assign(new Error('stopped'), { name: 'AbortError' });
    expect(fromWire(toWire(named))).not.toBeInstanceOf(DOMException);
  });
});
