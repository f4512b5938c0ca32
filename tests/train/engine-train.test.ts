// engine.train(), the public training API (src/train/api.ts), as a page or an app calls it: text in
// memory, steps reported to onStep, the trained model loaded on the same engine with GPU logits equal
// to the CPU reference forward of its own files; its files resume exactly and fine-tune as `from`.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { modelFilesOf, type TrainRequest, type TrainStep } from '../../src/train/api.js';
import { loadCheckpoint } from '../../src/train/checkpoint/index.js';
import { compare } from '../kernels/harness.js';
import { dataPath } from '../support/data.js';

const engine = await createEngine();
afterAll(() => engine.destroy());

const text = readFileSync(dataPath('tinyshakespeare/input.txt'), 'utf8').slice(0, 20_000);
const REQUEST: TrainRequest = {
  data: { train: { name: 'input.txt', text } },
  model: { architecture: 'gpt2', layers: 1, width: 32, heads: 2 },
  steps: 8, batchSize: 4, contextLength: 16, learningRate: 3e-3, warmup: 2, evalEvery: 4, evalTokens: 256, seed: 9,
};

async function trainCollecting(request: TrainRequest) {
  const steps: TrainStep[] = [];
  const trained = await engine.train({ ...request, onStep: (s) => steps.push(s) });
  return { steps, trained };
}

describe('engine.train()', () => {
  it('reports every step, and the trained model generates with logits equal to the CPU reference of its files', async () => {
    const { steps, trained } = await trainCollecting(REQUEST);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps.filter((s) => s.valLoss !== undefined).map((s) => s.step)).toEqual([4, 8]);
    expect(trained.last).toEqual(steps.at(-1));
    expect(trained.tokensSeen).toBe(8 * 4 * 16);
    expect(trained.stopped).toBe(false);
    const files = trained.files();
    expect([...files.keys()].sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json', 'trainer.json']);

    const model = await trained.load();
    try {
      const ids = model.tokenize('ROMEO: peace');
      const { config, weights } = loadCheckpoint(files);
      const r = compare(await model.logits(ids), new ReferenceTransformer(config, weights).forward(ids, 0), { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 });
      expect(r.pass, r.detail).toBe(true);
      expect((await model.generate('ROMEO:', { maxTokens: 5, temperature: 0 }).text()).length).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  });

  it('a signal that fires during a run stops it after that step: the model as trained so far, said to be stopped, resumes from there', async () => {
    const stop = new AbortController();
    const trained = await engine.train({ ...REQUEST, signal: stop.signal, onStep: (s) => void (s.step === 3 && stop.abort(new Error('Stop pressed'))) });
    expect(trained).toMatchObject({ stopped: true, last: { step: 3 }, tokensSeen: 3 * 4 * 16 });
    const rest = await engine.train({ ...REQUEST, model: undefined, from: trained.files(), resume: true });
    expect(rest).toMatchObject({ stopped: false, last: { step: 8 }, tokensSeen: 5 * 4 * 16 });
  });

  it('same seed, same losses; its files resume exactly where a stopAt left off', async () => {
    const whole = await trainCollecting(REQUEST);
    const first = await trainCollecting({ ...REQUEST, stopAt: 5 });
    expect(first.trained.stopped).toBe(false); // it took the steps it was asked for
    const rest = await trainCollecting({ ...REQUEST, model: undefined, data: { train: REQUEST.data.train }, from: allFiles(first.trained.files()), resume: true });
    expect([...first.steps, ...rest.steps].map((s) => s.loss)).toEqual(whole.steps.map((s) => s.loss));
    // The files() map itself resumes too (no File objects needed).
    const again = await trainCollecting({ ...REQUEST, model: undefined, from: first.trained.files(), resume: true });
    expect(again.steps.map((s) => s.loss)).toEqual(rest.steps.map((s) => s.loss));
  });

  it('fine-tunes from a checkpoint with its tokenizer; a tokenizer given with `from` is refused', async () => {
    const base = await trainCollecting(REQUEST);
    const from = modelFilesOf(base.trained.files());
    const tuned = await trainCollecting({ ...REQUEST, model: undefined, from, steps: 3, data: { train: { name: 'mine.txt', text: 'to be or not to be, that is the question. '.repeat(20) } } });
    expect(tuned.steps).toHaveLength(3);
    expect(tuned.trained.config).toEqual(base.trained.config);
    await expect(engine.train({ ...REQUEST, model: undefined, from, data: { ...REQUEST.data, tokenizer: { kind: 'char' } } })).rejects.toThrow(/data.tokenizer goes with a fresh model/);
  });

  // Only config.json, model.safetensors and tokenizer.json were written: the tuned model added a BOS
  // its base did not, lost its chat template, and would stop on other ids.
  it('fine-tunes a Hugging Face model keeping its tokenizer_config.json, special tokens, generation config and chat template', async () => {
    const folder = dataPath('tinystories656K');
    const base = new Map(['config.json', 'model.safetensors', 'tokenizer.json', 'special_tokens_map.json', 'generation_config.json'].map((name) => [name, new Uint8Array(readFileSync(`${folder}/${name}`))]));
    const tokenizerConfig = { ...JSON.parse(readFileSync(`${folder}/tokenizer_config.json`, 'utf8')), add_bos_token: false };
    base.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(tokenizerConfig)));
    base.set('chat_template.jinja', new TextEncoder().encode('{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}'));
    const story = 'Once upon a time, there was a little dog named Max. Max liked to run in the park. ';
    const tuned = await engine.train({ ...REQUEST, model: undefined, from: base, steps: 1, learningRate: 1e-5, warmup: 0, evalEvery: 1, data: { train: { name: 'story.txt', text: story.repeat(40) } } });
    const files = tuned.files();
    for (const name of ['special_tokens_map.json', 'generation_config.json', 'tokenizer_config.json', 'chat_template.jinja']) expect(files.get(name), name).toEqual(base.get(name));
    const [before, after] = [await engine.load(allFiles(base)), await tuned.load()];
    try {
      expect(after.tokenize('Once upon a time')).toEqual(before.tokenize('Once upon a time'));
      expect(after.tokenize('Once')[0]).not.toBe(1); // add_bos_token: false, as the base has it
      const messages = [{ role: 'user', content: 'Tell me a story.' }];
      expect(after.applyChatTemplate(messages)).toEqual(before.applyChatTemplate(messages));
    } finally {
      before.dispose();
      after.dispose();
    }
  });

  it('refuses a GGUF or llama2.c checkpoint as `from` by what it is (training reads Hugging Face folders only)', async () => {
    await expect(engine.train({ ...REQUEST, model: undefined, from: dataPath('stories260K/stories260K.bin') }))
      .rejects.toThrow(/^train: from stories260K\.bin is a llama2\.c checkpoint; training starts from a Hugging Face folder \(config\.json, model\.safetensors, tokenizer\.json\)/);
    await expect(engine.train({ ...REQUEST, model: undefined, from: dataPath('gpt2-tokenizer/ggml-vocab-gpt-2.gguf') }))
      .rejects.toThrow(/^train: from ggml-vocab-gpt-2\.gguf is a GGUF file;/);
  });

  it('refuses a misspelt option name anywhere in the request, naming where, before anything runs', async () => {
    // Each of these trained before, the misspelt value ignored (heldout: 10 % of the text held out instead of the file).
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...REQUEST, stepz: 3 }, 'unknown option train.stepz'],
      [{ ...REQUEST, data: { ...REQUEST.data, heldout: { name: 'h.txt', text } } }, 'unknown option train: data.heldout'],
      [{ ...REQUEST, data: { train: [{ name: 'a.txt', text }, { name: 'b.txt', txt: text }] } }, 'unknown option train: data.train[1].txt'],
      [{ ...REQUEST, data: { ...REQUEST.data, contextLength: 99 } }, 'unknown option train: data.contextLength'],
      [{ ...REQUEST, model: { ...REQUEST.model, hiden: 3 } }, 'unknown option train: model.hiden'],
    ];
    for (const [request, message] of bad) {
      const error = await engine.train(request as unknown as TrainRequest).catch((e: unknown) => e);
      expect(error, message).toBeInstanceOf(RangeError);
      expect((error as Error).message, message).toMatch(new RegExp(`^${message.replace(/[.[\]]/g, '\\$&')} \\(known: `));
    }
  });
});

describe('engine.train() requests refused before anything runs (the training API review)', () => {
  const refusal = (request: Record<string, unknown>) => engine.train(request as unknown as TrainRequest).then(() => undefined, (e: unknown) => e);

  it('wrongly typed options, a shape past the limits and an aborted signal, each named', async () => {
    const cases: Array<[Record<string, unknown>, ErrorConstructor, string]> = [
      // A string was concatenated into the schedule ("lr ... got 00.003"), null stored and then refused on resume.
      [{ ...REQUEST, minLearningRate: '0' }, RangeError, 'minLearningRate must be a number in [0, learningRate], got "0"'],
      [{ ...REQUEST, minLearningRate: null }, RangeError, 'minLearningRate must be a number in [0, learningRate], got null'],
      // Taken and ignored, where the command line refuses --min-lr with --schedule constant.
      [{ ...REQUEST, schedule: 'constant', minLearningRate: 1e-4 }, RangeError, "minLearningRate is where the cosine schedule ends: schedule 'constant' has none"],
      // Math.fround("1e-3") is a number: the string reached the GPU (constant) or trainer.json (cosine).
      [{ ...REQUEST, learningRate: '1e-3' }, RangeError, 'learningRate must be a positive number, got "1e-3"'],
      [{ ...REQUEST, steps: '2' }, RangeError, 'steps must be a positive integer, got "2"'],
      // As learningRate was: Math.fround passed them, and the GPU trainer said "param beta1 missing" or "got 1".
      [{ ...REQUEST, beta1: '0.9' }, RangeError, 'adamw: beta1 must be in [0, 1), got "0.9"'],
      [{ ...REQUEST, weightDecay: null }, RangeError, 'adamw: weightDecay must be finite and >= 0, got null'],
      [{ ...REQUEST, gradClip: '1' }, RangeError, 'gradClip must be >= 0 (0 = off) and finite, got "1"'],
      [{ ...REQUEST, maxMemory: '1e9' }, RangeError, 'maxMemory must be a number of bytes > 0, got "1e9"'],
      // 'false' is truthy: it resumed.
      [{ ...REQUEST, resume: 'false' }, RangeError, 'train: resume must be true or false, got "false"'],
      [{ ...REQUEST, fetch: 'x' }, TypeError, 'train: fetch must be a function, got "x"'],
      [{ ...REQUEST, modelsBase: 5 }, TypeError, 'train: modelsBase must be a string (a folder path or URL), got 5'],
      [{ ...REQUEST, hfToken: 'hf_x\n' }, TypeError, 'train: hfToken must be an access token (hf_...), printable characters without spaces, got a string with a space or a character that cannot be sent in a header'],
      // Refused only by the data split, after the options had been taken, as "the held-out split ... is empty".
      [{ ...REQUEST, data: { ...REQUEST.data, heldOutFraction: 0 } }, RangeError, 'train: data.heldOutFraction must be a number in (0, 1) (training evaluates on the held-out split), got 0'],
      [{ ...REQUEST, data: { ...REQUEST.data, heldOutFraction: '0.1' } }, RangeError, 'train: data.heldOutFraction must be a number in (0, 1) (training evaluates on the held-out split), got "0.1"'],
      [{ ...REQUEST, data: { ...REQUEST.data, tokenizer: 'char' } }, TypeError, 'data.tokenizer must be an object such as { kind: \'char\' }, got "char"'],
      [[REQUEST] as never, TypeError, 'train must be an object, got an array'],
      // A million layers ran the memory check out of the host's heap, an uncatchable crash.
      [{ ...REQUEST, model: { ...REQUEST.model, layers: 1e6 } }, RangeError, 'layers must be a positive integer (at most 1024), got 1000000'],
    ];
    for (const [request, kind, message] of cases) {
      const error = await refusal(request);
      expect(error, message).toBeInstanceOf(kind);
      expect((error as Error).message, message).toBe(message);
    }
    // An aborted signal rejects with its reason before a trainer is built (it built one, then resolved with no step).
    const reason = new Error('stopped already');
    expect(await refusal({ ...REQUEST, signal: AbortSignal.abort(reason) })).toBe(reason);
  });

  it('an onStep promise is awaited, and its rejection ends the run with its error', async () => {
    const order: string[] = [];
    await engine.train({ ...REQUEST, steps: 3, onStep: async (s) => {
      order.push(`start ${s.step}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`end ${s.step}`);
    } });
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    // It was never awaited: train() resolved, then the process died of the unhandled rejection.
    const failing = engine.train({ ...REQUEST, steps: 3, onStep: async (s) => { if (s.step === 2) throw new Error('chart gone'); } });
    await expect(failing).rejects.toThrow('chart gone');
  });

  it('a resume told to stop at or before the step its checkpoint was saved at is refused', async () => {
    const first = await engine.train({ ...REQUEST, stopAt: 3 });
    const error = await refusal({ ...REQUEST, model: undefined, from: first.files(), resume: true, stopAt: 2 });
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('stopAt must be past the step the checkpoint was saved at (3), got 2');
  });
});

/** Every checkpoint file (optimizer state included) as File objects, as a page would pass them. */
function allFiles(files: Map<string, Uint8Array>): File[] {
  return [...files].map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name));
}
