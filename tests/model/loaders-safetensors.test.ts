// safetensors structure as the format's reference implementation checks it (issue 7, finding 1): tensors tile the
// data section with no gap, overlap or trailing byte, no key given twice, sane header length, UTF-8 JSON; and
// finite weights at load (finding 3). Malformed files are built here from the real tinystories656K checkpoint or
// from small headers written in the test.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WeightFormatError } from '../../src/errors.js';
import { loadModel } from '../../src/model/weights/index.js';
import { CheckList } from '../../src/model/weights/checks.js';
import { stackedRows } from '../../src/model/weights/rows.js';
import { parseSafetensors, toFloat32, toStoredTensor } from '../../src/model/weights/safetensors.js';
import { largestKnown, type StoredTensor } from '../../src/quant/formats.js';
import { toFloat32 as widened } from '../../src/quant/stored.js';
import { runSteps } from '../../src/model/time-slices.js';
import { randomArray } from '../support/random.js';
import { encodeRawSafetensors, encodeSafetensors } from './fixtures.js';
import { dataPath } from '../support/data.js';

const TINY = dataPath('tinystories656K/');
const weights = new Uint8Array(readFileSync(TINY + 'model.safetensors'));
const headerLength = Number(new DataView(weights.buffer, weights.byteOffset).getBigUint64(0, true));

/** Loads tinystories656K with its model.safetensors replaced. */
const loadTiny = (safetensors: Uint8Array) => loadModel({
  format: 'huggingface',
  files: new Map([['config.json', new Uint8Array(readFileSync(TINY + 'config.json'))], ['model.safetensors', safetensors]]),
});

/** A copy of tinystories656K's weights with the header's length field changed by `delta`. */
function withHeaderLength(delta: number): Uint8Array {
  const copy = weights.slice();
  new DataView(copy.buffer).setBigUint64(0, BigInt(headerLength + delta), true);
  return copy;
}

const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('tensors tile the data section exactly (finding 1)', () => {
  it('the real file loads: its header ends in padding spaces, which is what made the shifted lengths parse', () => {
    const header = new TextDecoder().decode(weights.subarray(8, 8 + headerLength));
    expect(header.endsWith('}     ')).toBe(true);
    expect(loadTiny(weights).config.nLayers).toBe(2);
  });

  it.each([1, 2, 3, 4, 5])('a header length lowered by %i shifts every tensor: refused, naming the file and the last tensor', (k) => {
    expect(() => loadTiny(withHeaderLength(-k))).toThrow(new RegExp(
      `^model.safetensors: the data section is ${2624000 + k} bytes but the last tensor, "model.norm.weight", ends at 2624000: ` +
        `${k} bytes of trailing data, or a header length that does not match the header$`,
    ));
  });

  it('trailing bytes after the last tensor', () => {
    const junk = new Uint8Array(weights.byteLength + 3);
    junk.set(weights);
    expect(() => parseSafetensors(junk, 'model.safetensors')).toThrow(/model.safetensors: .* 3 bytes of trailing data/);
  });

  it('a gap between two tensors, and a data section that does not start with a tensor', () => {
    const gap = encodeRawSafetensors({ a: f32(0, 16), b: f32(20, 36) }, new Uint8Array(36));
    expect(() => parseSafetensors(gap, 'g.safetensors'))
      .toThrow('g.safetensors: bytes [16, 20) of the data section belong to no tensor (after "a", before "b")');
    const late = encodeRawSafetensors({ a: f32(4, 20) }, new Uint8Array(20));
    expect(() => parseSafetensors(late, 'l.safetensors')).toThrow('l.safetensors: bytes [0, 4) of the data section belong to no tensor (before "a")');
  });

  it('an empty tensor may sit between two others, but not inside one', () => {
    const between = parseSafetensors(encodeRawSafetensors({ a: f32(0, 16), e: f32(16, 16, [0, 3]), b: f32(16, 20) }, new Uint8Array(20)));
    expect(between.tensors.get('e')!.shape).toEqual([0, 3]);
    expect(() => parseSafetensors(encodeRawSafetensors({ a: f32(0, 16), e: f32(8, 8, [0]) }, new Uint8Array(16))))
      .toThrow(/tensors "a" \[0, 16\] and "e" \[8, 8\] overlap/);
  });

  it('tensors listed out of file order are fine (the reference sorts by offset)', () => {
    const file = parseSafetensors(encodeRawSafetensors({ b: f32(16, 20), a: f32(0, 16) }, new Uint8Array(20)));
    expect([...file.tensors.keys()]).toEqual(['b', 'a']);
  });

  it('a header with no tensors and no data is a valid, empty file', () => {
    expect(parseSafetensors(encodeRawSafetensors({ __metadata__: { format: 'pt' } }, new Uint8Array(0))).tensors.size).toBe(0);
  });
});

describe('the header (finding 1)', () => {
  it('a tensor key given twice is refused (JSON.parse would keep the last silently)', () => {
    const entry = JSON.stringify(f32(0, 16));
    const twice = encodeRawSafetensors(`{"a":${entry},"a":${entry}}`, new Uint8Array(16));
    expect(() => parseSafetensors(twice, 'd.safetensors')).toThrow('d.safetensors: header gives the key "a" twice: which one is meant is ambiguous');
    // The same key spelled with an escape is the same key.
    const escaped = encodeRawSafetensors(`{"a":${entry},"\\u0061":${entry}}`, new Uint8Array(16));
    expect(() => parseSafetensors(escaped)).toThrow(/gives the key "a" twice/);
  });

  it('a field given twice inside a tensor entry names the tensor', () => {
    const text = '{"w":{"dtype":"F32","dtype":"F16","shape":[4],"data_offsets":[0,16]}}';
    expect(() => parseSafetensors(encodeRawSafetensors(text, new Uint8Array(16))))
      .toThrow('model.safetensors: header gives the key "dtype" twice inside "w"');
  });

  it('a duplicated tensor in the real file', () => {
    const header = new TextDecoder().decode(weights.subarray(8, 8 + headerLength)).trimEnd();
    const last = header.slice(header.lastIndexOf(',"model.norm.weight"'), -1);
    const text = header.slice(0, -1) + last + '}';
    const bytes = encodeRawSafetensors(text, weights.subarray(8 + headerLength));
    expect(() => loadTiny(bytes)).toThrow('model.safetensors: header gives the key "model.norm.weight" twice');
  });

  it('a header that is not UTF-8', () => {
    const bytes = encodeRawSafetensors('{"\u00e9":1}', new Uint8Array(0));
    bytes[10] = 0xff; // inside the key: a lone 0xff is never UTF-8
    expect(() => parseSafetensors(bytes, 'u.safetensors')).toThrow('u.safetensors: header is not UTF-8 text');
  });

  it('a header length over the format limit of 100,000,000 bytes', () => {
    const bytes = encodeRawSafetensors({}, new Uint8Array(0));
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(() => parseSafetensors(bytes, 'h.safetensors')).toThrow(/h.safetensors: header length 9223372036854775808 is over the format's limit/);
  });

  it('shapes and offsets must be non-negative integers, the size must be whole bytes and must not overflow', () => {
    const parse = (entry: unknown, data = 16) => () => parseSafetensors(encodeRawSafetensors({ t: entry }, new Uint8Array(data)), 's.safetensors');
    expect(parse({ dtype: 'F32', shape: [-4], data_offsets: [0, 16] }))
      .toThrow('s.safetensors: tensor "t": shape must be an array of non-negative integers, got [-4]');
    expect(parse({ dtype: 'F32', shape: [2.5], data_offsets: [0, 16] })).toThrow(/shape must be an array of non-negative integers, got \[2.5\]/);
    expect(parse({ dtype: 'F32', shape: [4], data_offsets: [0, 16, 32] }))
      .toThrow('s.safetensors: tensor "t": data_offsets must be [begin, end], two non-negative integers, got [0,16,32]');
    expect(parse({ dtype: 'F32', shape: [4], data_offsets: [0.5, 16] })).toThrow(/data_offsets must be \[begin, end\]/);
    expect(parse({ dtype: 'F4', shape: [3], data_offsets: [0, 2] }, 2)).toThrow('s.safetensors: tensor "t": shape [3] of F4 does not fill a whole number of bytes');
    expect(parseSafetensors(encodeRawSafetensors({ t: { dtype: 'F4', shape: [4], data_offsets: [0, 2] } }, new Uint8Array(2))).tensors.size).toBe(1);
    expect(parse({ dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 16] })).toThrow(/tensor "t": shape \[1099511627776, 1099511627776\] is too large/);
    expect(parse({ dtype: 7, shape: [4], data_offsets: [0, 16] })).toThrow(/tensor "t" has unknown dtype 7/);
    expect(parse({ dtype: 'toString', shape: [4], data_offsets: [0, 16] })).toThrow(/tensor "t" has unknown dtype "toString"/);
  });

  it('__metadata__ must map strings to strings, naming the key that does not', () => {
    const bytes = encodeRawSafetensors({ __metadata__: { format: 'pt', step: 5 } }, new Uint8Array(0));
    expect(() => parseSafetensors(bytes, 'm.safetensors')).toThrow('m.safetensors: __metadata__ must map strings to strings: "step" holds 5');
  });
});

describe('weights are finite at load (finding 3)', () => {
  /** tinystories656K with one float32 of the data section overwritten. */
  function poisoned(floatIndex: number, value: number): Uint8Array {
    const copy = weights.slice();
    new DataView(copy.buffer).setFloat32(8 + headerLength + 4 * floatIndex, value, true);
    return copy;
  }

  it('a NaN in an F32 weight names the tensor, the element and its index', () => {
    // model.layers.0.mlp.down_proj.weight [128, 384] starts at byte 1049088 of the data section.
    const at = 1049088 / 4 + 384 * 3 + 5;
    expect(() => loadTiny(poisoned(at, NaN))).toThrow(
      'model.safetensors: tensor "model.layers.0.mlp.down_proj.weight" holds NaN at element 1157 (index [3, 5] of shape [128, 384])',
    );
  });

  it('an infinity in the tied embedding names both its names', () => {
    expect(() => loadTiny(poisoned(7, -Infinity)))
      .toThrow(/tensor "model.embed_tokens.weight" \(stored as "lm_head.weight"\) holds -Infinity at element 7 \(index \[0, 7\]/);
  });

  // Each was copied into words of its own: a 16-bit model stood twice in memory until it uploaded.
  it('F16 and BF16 tensors are read in the file\'s own bytes where they lie on a word; an odd count or offset is copied', () => {
    const bytes = encodeSafetensors({
      half: { dtype: 'F16', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
      odd: { dtype: 'BF16', shape: [3], data: Float32Array.of(1, 2, 3) },
      after: { dtype: 'BF16', shape: [2], data: Float32Array.of(5, -6) }, // starts 6 bytes after the odd one: off a word
    });
    const file = parseSafetensors(bytes, 'h.safetensors');
    const read = (name: string) => toStoredTensor(name, file.tensors.get(name)!);
    const half = read('half');
    expect(half.data.buffer).toBe(bytes.buffer);
    expect([...new Uint16Array(half.data.buffer, half.data.byteOffset, 4)]).toEqual([0x3c00, 0x4000, 0x4200, 0x4400]);
    for (const [name, halves] of [['odd', [0x3f80, 0x4000, 0x4040, 0]], ['after', [0x40a0, 0xc0c0]]] as const) {
      const t = read(name);
      expect(t.data.buffer, name).not.toBe(bytes.buffer);
      expect([...new Uint16Array(t.data.buffer, t.data.byteOffset, halves.length)], name).toEqual(halves);
    }
  });

  // The finite check reads every value: a conversion's check that its dtype stores them all (storesAll) need not read them again.
  it('gives an F16 or BF16 tensor the largest magnitude its finite check found, once the check has run, and stacked q, k and v theirs', () => {
    const values = randomArray(20 * 30, 0x1a, 3);
    values[123] = -60000;
    values[599] = 61000; // the largest, in the last place
    const file = parseSafetensors(encodeSafetensors({
      half: { dtype: 'F16', shape: [20, 30], data: values },
      small: { dtype: 'F16', shape: [10, 30], data: values.slice(0, 300).map((v) => v / 1000) },
      brain: { dtype: 'BF16', shape: [20, 30], data: values.map((v) => v * 1e20) },
      float: { dtype: 'F32', shape: [20, 30], data: values },
    }), 'h.safetensors');
    const largestOf = (t: StoredTensor) => Math.max(...widened(t).data.map(Math.abs));
    for (const name of ['half', 'brain']) {
      const checks = new CheckList();
      const t = toStoredTensor(name, file.tensors.get(name)!, 'nk', checks);
      expect(largestKnown(t), `${name}, not yet checked`).toBeUndefined();
      runSteps(checks.run());
      expect(largestKnown(t), name).toBe(largestOf(t));
    }
    expect(largestKnown(toStoredTensor('float', file.tensors.get('float')!, 'nk')), 'F32: its check reads only each value\'s top half').toBeUndefined();
    const [half, small, brain] = ['half', 'small', 'brain'].map((name) => toStoredTensor(name, file.tensors.get(name)!, 'nk'));
    expect(largestKnown(stackedRows([small!, half!]))).toBe(largestOf(half!));
    expect(largestKnown(stackedRows([half!, { ...half! }])), 'a part without one').toBeUndefined();
    expect(largestKnown(brain!)).toBeGreaterThan(1e20);
  });

  it('F16 and BF16 tensors count too: their infinities and NaNs survive conversion', () => {
    const file = parseSafetensors(encodeSafetensors({
      half: { dtype: 'F16', shape: [2, 2], data: Float32Array.of(1, 2, Infinity, 4) },
      brain: { dtype: 'BF16', shape: [3], data: Float32Array.of(1, NaN, 3) },
      big: { dtype: 'F16', shape: [1], data: Float32Array.of(1e6) }, // over the F16 range: rounds to infinity
    }), 'h.safetensors');
    expect(() => toFloat32('half', file.tensors.get('half')!)).toThrow('h.safetensors: tensor "half" holds Infinity at element 2 (index [1, 0] of shape [2, 2])');
    expect(() => toFloat32('brain', file.tensors.get('brain')!)).toThrow(/tensor "brain" holds NaN at element 1/);
    expect(() => toFloat32('big', file.tensors.get('big')!)).toThrow(WeightFormatError);
  });
});
