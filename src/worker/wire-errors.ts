// Errors across the worker boundary: what the worker throws arrives on the page as the same class
// (every class of src/errors.ts, the built-in ones, DOMExceptions by name), with its message, stack and own
// plain fields (DeviceLostError.reason, ShaderError.source, ...), so `instanceof` keeps working;
// a thrown string, number, boolean or null (an abort's reason may be one) arrives as itself.
// Installed as comlink's 'throw' handler on both sides. Tests: tests/browser/playground.test.ts.

import { transferHandlers } from 'comlink';
import * as shaderlmErrors from '../errors.js';

/** An error as plain data. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own string, number and boolean properties (the class's extra fields). */
  fields: Record<string, string | number | boolean>;
  /** A DOMException (AbortError, SecurityError, QuotaExceededError, ...): rebuilt as one, its name giving its code. */
  dom?: true;
}

type ErrorClass = new (...args: never[]) => Error;

// By export name, which is each class's `name` field: a minifier renames the classes themselves
// (c.name becomes 'i'), and keyed by that no error would find its class on the built site.
const CLASSES = new Map<string, ErrorClass>([
  ['Error', Error], ['RangeError', RangeError], ['TypeError', TypeError], ['SyntaxError', SyntaxError], ['ReferenceError', ReferenceError],
  ['EvalError', EvalError], ['URIError', URIError],
  ...(Object.entries(shaderlmErrors) as Array<[string, unknown]>).filter((entry): entry is [string, ErrorClass] => isErrorClass(entry[1])),
]);

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error || error instanceof DOMException)) return { name: 'Error', message: String(error), fields: {} };
  const fields: WireError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value) && key !== 'name' && key !== 'message') fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields, ...(error instanceof DOMException ? { dom: true as const } : {}) };
}

/** The error `wire` describes, as an instance of its class where this side knows the class. */
export function fromWire(wire: WireError): Error {
  if (wire.dom) return new DOMException(wire.message, wire.name) as unknown as Error;
  // Not through the constructor: several take other arguments than the message (DeviceLostError).
  const error = Object.create((CLASSES.get(wire.name) ?? Error).prototype) as Error;
  Object.defineProperties(error, {
    name: { value: wire.name, writable: true, configurable: true },
    message: { value: wire.message, writable: true, configurable: true },
    stack: { value: wire.stack ?? `${wire.name}: ${wire.message}`, writable: true, configurable: true },
  });
  return Object.assign(error, wire.fields);
}

/** An abort's reason as it crosses: an error as WireError, a string, number, boolean or null as itself. */
export type WireReason = { error: WireError } | { value: string | number | boolean | null };

export function toWireReason(reason: unknown): WireReason {
  const primitive = reason === null || ['string', 'number', 'boolean'].includes(typeof reason);
  return primitive ? { value: reason as string | number | boolean | null } : { error: toWire(reason) };
}

export function fromWireReason(wire: WireReason): unknown {
  return 'value' in wire ? wire.value : fromWire(wire.error);
}

/** comlink's own form of a thrown value, with ours beside it: what another copy of comlink reads as its own. */
interface ThrownOnWire {
  isError: boolean;
  value: unknown;
  shaderlm?: WireReason;
}

/**
 * Makes comlink carry thrown errors as WireError (its own handler keeps only name, message and
 * stack, as a plain Error). The handler is comlink's, shared by every worker of the app that uses
 * the same copy of comlink, and a worker with another copy reads and writes comlink's own form: so
 * ours is comlink's form with a WireError beside it, and a form without one is read as comlink reads it.
 * Installed once; a second call finds it installed.
 */
export function carryErrorClasses(): void {
  const builtIn = transferHandlers.get('throw')!;
  if (INSTALLED.has(builtIn)) return;
  const ours: typeof builtIn = {
    canHandle: builtIn.canHandle,
    serialize: (thrown) => {
      const [form, transfer] = builtIn.serialize(thrown) as [ThrownOnWire, Transferable[]];
      // comlink posts a thrown non-error as it is: one that cannot be cloned (a function in it) would fail the post.
      const value = form.isError || cloneable(form.value) ? form.value : String(form.value);
      return [{ ...form, value, shaderlm: toWireReason((thrown as { value: unknown }).value) }, transfer];
    },
    deserialize: (wire) => {
      const form = wire as ThrownOnWire;
      if (form.shaderlm) throw fromWireReason(form.shaderlm);
      return builtIn.deserialize(wire);
    },
  };
  INSTALLED.add(ours);
  transferHandlers.set('throw', ours);
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** The handlers carryErrorClasses installed. */
const INSTALLED = new WeakSet<object>();

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && value.prototype instanceof Error;
}
