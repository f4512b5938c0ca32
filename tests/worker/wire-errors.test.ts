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

  // Review O: the handler is comlink's, for every worker of the app. Ours replaced comlink's form,
  // so another comlink copy read our errors as undefined, and ours read its errors as plain objects.
  it('comlink\'s throw handler, once ours: comlink\'s own form both ways, with the class carried beside it', async () => {
    vi.resetModules();
    const { transferHandlers } = await import('comlink');
    const stock = transferHandlers.get('throw')!;
    const { carryErrorClasses } = await import('../../src/worker/wire-errors.js');
    carryErrorClasses();
    carryErrorClasses(); // a second engine on the page: installed once, not wrapped twice
    const ours = transferHandlers.get('throw')!;
    expect(ours).not.toBe(stock);
    const thrown = (value: unknown) => ({ value, [Symbol.for('Comlink.thrown')]: true }); // the handlers read .value
    const caught = (deserialize: () => unknown) => { try { deserialize(); } catch (e) { return e; } return 'nothing thrown'; };
    // Ours written, read by another copy of comlink (the stock handler): an Error with the message.
    const [form] = ours.serialize(thrown(new RangeError('too long')));
    const byStock = caught(() => stock.deserialize(form)) as Error;
    expect(byStock).toBeInstanceOf(Error);
    expect([byStock.name, byStock.message]).toEqual(['RangeError', 'too long']);
    // Ours written, read by ours: the class itself.
    expect(caught(() => ours.deserialize(form))).toBeInstanceOf(RangeError);
    // comlink's form, read by ours: as comlink reads it.
    const [stockForm] = stock.serialize(thrown(new TypeError('app worker says no')));
    const byOurs = caught(() => ours.deserialize(stockForm)) as Error;
    expect([byOurs instanceof Error, byOurs.name, byOurs.message]).toEqual([true, 'TypeError', 'app worker says no']);
    const [plainForm] = stock.serialize(thrown('a reason'));
    expect(caught(() => ours.deserialize(plainForm))).toBe('a reason');
    // A thrown value that cannot be cloned is posted as its string, not a failed post.
    const [fnForm] = ours.serialize(thrown({ f: () => 1 }));
    expect(() => structuredClone(fnForm)).not.toThrow();
    transferHandlers.set('throw', stock);
  });
});
