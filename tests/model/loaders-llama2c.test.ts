// llama2.c .bin checkpoints (issue 7, findings 2 and 3): each header int checked and named, the file size exactly
// what the header implies (with what vocab_size's sign means), and finite weights. Malformed files are edits of
// the real stories260K.bin.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WeightFormatError } from '../../src/errors.js';
import { resolveSource } from '../../src/model/source.js';
import { loadModel } from '../../src/model/weights/index.js';
import { loadLlama2c } from '../../src/model/weights/llama2c.js';
import { dataPath } from '../support/data.js';

const bin = new Uint8Array(readFileSync(dataPath('stories260K/stories260K.bin')));
const FIELDS = ['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'vocab_size', 'seq_len'];
// stories260K: dim=64 hidden_dim=172 n_layers=5 n_heads=8 n_kv_heads=4 vocab_size=512 seq_len=512

/** stories260K.bin with header fields replaced. */
function withHeader(fields: Record<string, number>, bytes = bin): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (const [name, value] of Object.entries(fields)) view.setInt32(4 * FIELDS.indexOf(name), value, true);
  return copy;
}

const load = (bytes: Uint8Array) => () => loadModel({ format: 'llama2c', checkpoint: 'stories260K.bin', files: new Map([['stories260K.bin', bytes]]) });

describe('model files of another kind named .bin', () => {
  it('are named by what they are, with what to load instead', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(60)]); // pytorch_model.bin since torch 1.6
    const pickle = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, ...new Uint8Array(60)]); // older torch.save
    const header = new TextEncoder().encode('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    const safetensors = new Uint8Array(8 + header.length + 4);
    new DataView(safetensors.buffer).setBigUint64(0, BigInt(header.length), true);
    safetensors.set(header, 8);
    expect(load(zip)).toThrow(/^stories260K\.bin: not a llama2\.c checkpoint: this is a zip archive \(a PyTorch checkpoint, as torch\.save writes it\), which shaderlm does not read: load the model's model\.safetensors instead/);
    expect(load(pickle)).toThrow(/^stories260K\.bin: not a llama2\.c checkpoint: this is a Python pickle \(a PyTorch checkpoint of the old format\), which shaderlm does not read/);
    expect(load(safetensors)).toThrow(/^stories260K\.bin: not a llama2\.c checkpoint: this is a safetensors weights file: load it as model\.safetensors in a folder with its config\.json$/);
  });

  it('a llama2.c header whose dim starts like a pickle (640 is 80 02 00 00) is still read as one', () => {
    // Its header is read: the size it implies is wrong for these bytes, which says so as a llama2.c file.
    for (const dim of [640, 896, 1152, 1408]) expect(load(withHeader({ dim }))).toThrow(/^stories260K\.bin: wrong size for a llama2\.c checkpoint/);
  });

  it('a GGUF file named .bin loads as the GGUF it is', async () => {
    const gguf = readFileSync(dataPath('gpt2-tokenizer/ggml-vocab-gpt-2.gguf'));
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-gguf-bin-'));
    try {
      writeFileSync(join(dir, 'model.bin'), gguf);
      // A vocabulary-only GGUF: the GGUF loader's own complaint, not the llama2.c one's (from its
      // first bytes, before the rest is read: src/model/early-refusal.ts).
      await expect(resolveSource(join(dir, 'model.bin'))).rejects.toThrow(/^model\.bin: holds no tensors, only metadata: a vocabulary-only GGUF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the header', () => {
  it.each(['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'seq_len'])('%s must be positive', (field) => {
    for (const value of [0, -3]) {
      expect(load(withHeader({ [field]: value }))).toThrow(
        new RegExp(`^stories260K.bin: not a llama2.c checkpoint, or a damaged one: ${field} = ${value} must be positive \\(header \\{`),
      );
    }
  });

  it('vocab_size must not be 0: its sign is the shared-classifier flag', () => {
    expect(load(withHeader({ vocab_size: 0 })))
      .toThrow(/vocab_size = 0 must be non-zero \(a positive vocab_size means the output classifier shares the token embedding/);
  });

  it('heads must divide the width evenly, in pairs, and the KV heads the heads', () => {
    expect(load(withHeader({ n_heads: 7 }))).toThrow(/stories260K.bin: .*dim = 64 is not a multiple of n_heads = 7/);
    expect(load(withHeader({ n_heads: 64, n_kv_heads: 4 }))).toThrow(/the head size dim \/ n_heads = 1 is odd/);
    expect(load(withHeader({ n_kv_heads: 3 }))).toThrow(/n_heads = 8 is not a multiple of n_kv_heads = 3/);
  });

  it('the size must be exactly what the header implies', () => {
    const longer = new Uint8Array(bin.byteLength + 4);
    longer.set(bin);
    expect(load(longer)).toThrow(/^stories260K.bin: wrong size for a llama2.c checkpoint with dim=64 .* seq_len=512: expected 1056540 bytes, got 1056544\./);
    // A header field off by one changes the implied size: never a silent misreading of the floats.
    expect(load(withHeader({ n_layers: 4 }))).toThrow(/n_layers=4 .*: expected \d+ bytes, got 1056540/);
    expect(load(withHeader({ n_layers: 2 ** 30 }))).toThrow(WeightFormatError);
  });

  // The size alone tied the header to the weights: two fields damaged so that it fits read every
  // array from the wrong place, and loaded (review AE). RoPE's tables at the end must then read as such.
  it('a header damaged in two fields whose size still fits is refused by RoPE\'s tables', () => {
    expect(load(withHeader({ hidden_dim: 171, seq_len: 632 }))).toThrow(
      /^stories260K\.bin: a damaged llama2\.c header: where dim=64 hidden_dim=171 n_layers=5 n_heads=8 n_kv_heads=4 vocab_size=512 seq_len=632 puts freq_cis_real, RoPE's cos table, freq_cis_real\[0\]\[0\] reads -?[\d.e-]+, not 1; the header's fields disagree with the weights \(the size alone fit\)$/,
    );
    expect(load(withHeader({ hidden_dim: 137, vocab_size: -512, seq_len: 616 }))).toThrow(/a damaged llama2\.c header: .* vocab_size=-512 seq_len=616 puts freq_cis_real/);
  });

  it('a flipped vocab_size sign is named as such', () => {
    expect(load(withHeader({ vocab_size: -512 })))
      .toThrow(/expected \d+ bytes, got 1056540\. The size would fit with vocab_size=512: the sign of vocab_size is wrong/);
  });
});

describe('finite weights (finding 3)', () => {
  function poisoned(floatIndex: number, value: number): Uint8Array {
    const copy = bin.slice();
    new DataView(copy.buffer).setFloat32(28 + 4 * floatIndex, value, true);
    return copy;
  }
  const [V, C, L, KV, F, S, HS] = [512, 64, 5, 32, 172, 512, 8];
  const wq = V * C + L * C; // start of wq

  it('a NaN in wq names the array, the layer, row and column', () => {
    expect(() => loadLlama2c(poisoned(wq + 2 * C * C + 3 * C + 9, NaN), 'stories260K.bin'))
      .toThrow('stories260K.bin: wq holds NaN at element 8393 (index [2, 3, 9] of shape [5, 64, 64])');
  });

  it('an infinity in the last array, rms_final_weight', () => {
    const rmsFinal = wq + 2 * L * C * C + 2 * L * KV * C + L * C + 3 * L * F * C;
    expect(() => loadLlama2c(poisoned(rmsFinal + 63, Infinity), 'm.bin')).toThrow('m.bin: rms_final_weight holds Infinity at element 63 (index [63] of shape [64])');
  });

  // Positions 0 and 1 check the header (above); the rest run.c and this loader never read.
  it('the legacy freq_cis arrays past position 1 are never read, so a NaN there is harmless; one at position 1 is damage', () => {
    const freqCis = wq + 2 * L * C * C + 2 * L * KV * C + L * C + 3 * L * F * C + C;
    expect(loadLlama2c(poisoned(freqCis + (S * HS) / 2 + 2 * (HS / 2) + 1, NaN)).config.nLayers).toBe(5);
    expect(() => loadLlama2c(poisoned(freqCis + (S * HS) / 2 + HS / 2 + 1, NaN), 'm.bin')).toThrow(/^m\.bin: a damaged llama2\.c header: .* freq_cis_imag\[1\]\[1\] reads NaN, not 0\.0998/);
  });
});
