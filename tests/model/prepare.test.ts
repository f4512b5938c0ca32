// The host half of a load: a shape the kernels cannot run (a context of 1 too) is an
// UnsupportedModelError naming where the shape came from, and a tokenizer that is not the model's
// (bigger than its rows, covering under a quarter of them, or off a llama2.c checkpoint's exact count)
// is a TokenizerFormatError naming the file.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoChatTemplateError, TokenizerFormatError, UnsupportedModelError } from '../../src/errors.js';
import { checkSupported, type ModelConfig } from '../../src/model/config.js';
import { prepareModel } from '../../src/model/prepare.js';
import { dataPath } from '../support/data.js';

function tinystories(): Map<string, Uint8Array> {
  const names = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json'];
  return new Map(names.map((n) => [n, new Uint8Array(readFileSync(dataPath(`tinystories656K/${n}`)))]));
}

describe('prepareModel', () => {
  it('loads the real model', () => {
    const { config, tokenizer } = prepareModel({ format: 'huggingface', files: tinystories() });
    expect(config.nLayers).toBe(2);
    expect(tokenizer.vocabSize).toBe(2048);
  });

  it('a chat template that cannot be used fails chat(), not the load', () => {
    const files = tinystories();
    const config = JSON.parse(new TextDecoder().decode(files.get('tokenizer_config.json')));
    config.chat_template = [{ name: 'tool_use', template: '{{ messages }}' }];
    files.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(config)));
    const { chatTemplate } = prepareModel({ format: 'huggingface', files });
    expect(chatTemplate).toBeInstanceOf(NoChatTemplateError);
    expect((chatTemplate as Error).message).toMatch(/tool_use/);
    // One that does not parse, or is empty, is found at load (info().chat false, the CLI says so at once).
    for (const [template, message] of [
      ['{% raw %}{% endraw %}', /^this model has no usable chat_template \(the chat template from tokenizer_config\.json failed to parse: /],
      [' \n', /^this model has no usable chat_template \(the chat template from tokenizer_config\.json is empty\)/],
    ] as const) {
      config.chat_template = template;
      files.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(config)));
      const found = prepareModel({ format: 'huggingface', files }).chatTemplate;
      expect(found, template).toBeInstanceOf(NoChatTemplateError);
      expect((found as Error).message).toMatch(message);
    }
  });

  it('a head size the attention kernels cannot run is an UnsupportedModelError naming config.json', () => {
    const { config } = prepareModel({ format: 'huggingface', files: tinystories() });
    const odd: ModelConfig = { ...config, headSize: 6, rotaryDim: 6 };
    expect(() => checkSupported(odd)).toThrow(UnsupportedModelError);
    expect(() => checkSupported(odd)).toThrow(/from config\.json\): head size 6 must be a multiple of 4/);
    expect(() => checkSupported({ ...odd, modelType: 'llama2c' })).toThrow(/from the llama2\.c header/);
    expect(() => checkSupported(odd, "model.gguf's metadata")).toThrow(/^unsupported model shape \(llama, from model\.gguf's metadata\): head size 6/);
  });

  // Both pass the loaders' range checks (positive and finite), but 1 / factor and theta^(-2i/d) overflow.
  it('a tiny rope_theta or scaling factor whose frequencies overflow float32 is an UnsupportedModelError', () => {
    const { config } = prepareModel({ format: 'huggingface', files: tinystories() });
    expect(() => checkSupported(config)).not.toThrow();
    expect(() => checkSupported({ ...config, ropeScaling: { type: 'linear', factor: 5e-324 } }))
      .toThrow('unsupported model shape (llama, from config.json): RoPE frequencies overflow float32 with rope_theta 10000 and linear scaling by a factor of 5e-324');
    const tinyFactors = { type: 'factors' as const, factors: Array.from({ length: config.rotaryDim / 2 }, () => 1e-300) };
    expect(() => checkSupported({ ...config, ropeScaling: tinyFactors })).toThrow(/RoPE frequencies overflow float32 with rope_theta 10000 and per-frequency factors$/);
  });

  // Finite, positive and no overflow, but no checkpoint has them: a base of 1e-30 rotates the last pairs fastest,
  // and one of 1e300 or a factor of 1e30 leaves every pair but the first standing still.
  it('a RoPE base or scaling factor out of any real checkpoint\'s range is refused, the edges of the range taken', () => {
    const { config } = prepareModel({ format: 'huggingface', files: tinystories() });
    const base = 'unsupported model shape (llama, from config.json): RoPE base';
    for (const ropeTheta of [1e-30, 1, 1.0000001e12, 1e300]) {
      expect(() => checkSupported({ ...config, ropeTheta })).toThrow(`${base} ${ropeTheta} must be over 1 and at most 1e12 (rope_theta or rope.freq_base)`);
    }
    for (const ropeTheta of [1.5, 1e12]) expect(() => checkSupported({ ...config, ropeTheta })).not.toThrow();
    const llama3 = { type: 'llama3' as const, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 64 };
    expect(() => checkSupported({ ...config, ropeScaling: { ...llama3, factor: 1e30 } }))
      .toThrow('RoPE llama3 scaling by a factor of 1e+30: at most 1024 is taken (rope_scaling.factor or rope.scaling.factor)');
    expect(() => checkSupported({ ...config, ropeScaling: { type: 'linear', factor: 1025 } })).toThrow(/RoPE linear scaling by a factor of 1025: at most 1024/);
    expect(() => checkSupported({ ...config, ropeScaling: { type: 'linear', factor: 1024 } })).not.toThrow();
    // A model without RoPE keeps the 10000 no file gives it, unchecked.
    expect(() => checkSupported({ ...config, positions: 'learned', ropeTheta: 0 })).not.toThrow();
  });

  it('a tokenizer with more tokens than the model has rows is refused, naming the file', () => {
    const files = tinystories();
    const config = JSON.parse(new TextDecoder().decode(files.get('config.json')));
    // One token more, with an id past the model's 2048 rows of embeddings.
    expect(config.vocab_size).toBe(2048);
    const tokenizer = JSON.parse(new TextDecoder().decode(files.get('tokenizer.json')));
    const extra = Object.keys(tokenizer.model.vocab).length;
    tokenizer.model.vocab[`<extra_${extra}>`] = extra; // the next id, no gap: refused for the rows alone
    files.set('tokenizer.json', new TextEncoder().encode(JSON.stringify(tokenizer)));
    expect(() => prepareModel({ format: 'huggingface', files })).toThrow(new TokenizerFormatError(`tokenizer.json: the token "<extra_${extra}>" has id ${extra}, but the model has only 2048 rows of embeddings: they do not belong together`));
  });

  it("a context of 1 position is refused at load: generate() could only refuse every prompt", () => {
    const { config } = prepareModel({ format: 'huggingface', files: tinystories() });
    expect(() => checkSupported({ ...config, maxSeqLen: 1 })).toThrow(new UnsupportedModelError(
      'unsupported model shape (llama, from config.json): a context of 1 position: a prompt token and the one generated after it need 2 (max_position_embeddings, n_positions, context_length or seq_len)',
    ));
    expect(() => checkSupported({ ...config, maxSeqLen: 2 })).not.toThrow();
  });

  it("another model's smaller tokenizer is refused: under a quarter of the rows, or off a llama2.c checkpoint's count", () => {
    const stories = new Uint8Array(readFileSync(dataPath('stories260K/stories260K.bin')));
    const tok512 = new Uint8Array(readFileSync(dataPath('stories260K/tok512.bin')));
    const shakespeare = new Uint8Array(readFileSync(new URL('../../models/shakespeare-char/tokenizer.json', import.meta.url)));
    expect(prepareModel({ format: 'llama2c', checkpoint: 'stories260K.bin', files: new Map([['stories260K.bin', stories], ['tok512.bin', tok512]]) }).tokenizer.vocabSize).toBe(512);
    expect(() => prepareModel({ format: 'llama2c', checkpoint: 'stories260K.bin', files: new Map([['stories260K.bin', stories], ['tokenizer.json', shakespeare]]) }))
      .toThrow(new TokenizerFormatError("tokenizer.json has 66 tokens but this llama2.c checkpoint 512 rows, one per token of its own tokenizer: they do not belong together"));
    // Named as the file given, whatever its name (it was "the tokenizer", or a companion file's name).
    expect(() => prepareModel({ format: 'llama2c', checkpoint: 'stories260K.bin', files: new Map([['stories260K.bin', stories], ['vocab.json', shakespeare]]) }))
      .toThrow(new TokenizerFormatError("vocab.json has 66 tokens but this llama2.c checkpoint 512 rows, one per token of its own tokenizer: they do not belong together"));
    const files = tinystories();
    files.set('tokenizer.json', shakespeare);
    for (const name of ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']) files.delete(name); // they name tokens shakespeare's lacks
    expect(() => prepareModel({ format: 'huggingface', files }))
      .toThrow(new TokenizerFormatError("tokenizer.json has 66 tokens for the model's 2048 rows: a model pads its vocabulary by a few percent, so they do not belong together"));
  });
});
