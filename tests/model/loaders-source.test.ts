// Model source resolution: local folders and .bin paths, browser File objects, URLs through a stub fetch,
// and hf: sources read at one commit. No network: the stub serves ../shared/data files. Temporary files go to os.tmpdir().
// Parsing itself is tested in loaders.test.ts.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceFile, resolveSource, type ReadProgress } from '../../src/model/source.js';
import { ModelSourceError, ModelTooLargeError, WeightFormatError } from '../../src/errors.js';
import { encodeGguf, gguf, type GgufEntry } from '../../src/model/weights/gguf-writer.js';
import { loadModel } from '../../src/model/weights/index.js';
import { encodeSafetensors, randomHfCheckpoint } from './fixtures.js';
import { dataPath } from '../support/data.js';

const DATA = dataPath('');
const TINY = join(DATA, 'tinystories656K');
const STORIES = join(DATA, 'stories260K');
const HF_NAMES = ['config.json', 'model.safetensors', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json',
  'special_tokens_map.json'];
const sizeOf = (dir: string, names: string[]) => names.reduce((n, f) => n + statSync(join(dir, f)).size, 0);

function recorder() {
  const events: ReadProgress[] = [];
  return { events, onProgress: (p: ReadProgress) => events.push(p) };
}

/** Progress only grows and ends with everything loaded. */
function expectComplete(events: ReadProgress[], bytes: number) {
  expect(events.every((e, i) => i === 0 || e.loaded >= events[i - 1]!.loaded)).toBe(true);
  expect(events.at(-1)).toMatchObject({ loaded: bytes, total: bytes });
}

describe('local paths (Node)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-loaders-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // Its weights are left on disk, read where their tensors lie: they count as read as the load reads them.
  it('a Hugging Face folder: required and optional files, with byte progress', async () => {
    const { events, onProgress } = recorder();
    const source = await resolveSource(TINY, { onProgress });
    if (source.format !== 'huggingface') throw new Error(`read as ${source.format}`);
    expect([...source.files.keys()].sort()).toEqual(HF_NAMES.filter((n) => n !== 'model.safetensors').sort());
    expect([...source.onDisk!.keys()]).toEqual(['model.safetensors']);
    expect(events.at(-1)).toMatchObject({ loaded: sizeOf(TINY, HF_NAMES) - sizeOf(TINY, ['model.safetensors']), total: sizeOf(TINY, HF_NAMES) });
    expect(loadModel(source).config.dim).toBe(128);
    expectComplete(events, sizeOf(TINY, HF_NAMES));
    // Read whole where asked (training fingerprints model.safetensors).
    const whole = await resolveSource(TINY, { wholeFiles: true });
    expect([...whole.files.keys()].sort()).toEqual([...HF_NAMES].sort());
  });

  it('a llama2.c .bin file', async () => {
    const source = await resolveSource(join(STORIES, 'stories260K.bin'));
    expect(source).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
    expect(loadModel(source).config.nKvHeads).toBe(4);
  });

  // A file: URL was read as a path, "no such file or folder"; another scheme too.
  it('in Node a file: URL is its path; a URL of another scheme is refused by name; HTTPS:// is https://', async () => {
    const source = await resolveSource(pathToFileURL(join(STORIES, 'stories260K.bin')).href);
    expect(source).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
    await expect(resolveSource('ftp://models.example/stories260K.bin')).rejects.toThrow(new ModelSourceError('ftp://models.example/stories260K.bin: ftp: URLs are not read: give a path, a file: URL, an http(s) URL or hf:org/name'));
    // A scheme in capitals is the same scheme: downloaded, not refused as another.
    const asked: string[] = [];
    const capitals = (async (input: string | URL | Request) => { asked.push(String(input)); return new Response('', { status: 404 }); }) as typeof fetch;
    await expect(resolveSource('HTTPS://models.example/stories260K.bin', { fetch: capitals })).rejects.toThrow(/missing stories260K\.bin/);
    expect(asked).toEqual(['HTTPS://models.example/stories260K.bin']);
  });

  // In Node a folder is read as a Hugging Face model: it said only "missing config.json", and .BIN read as no checkpoint.
  it('a folder holding a GGUF or llama2.c file names it; a checkpoint named .BIN is one', async () => {
    const dir = join(tmp, 'only-bin');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    writeFileSync(join(dir, 'STORIES.BIN'), readFileSync(join(STORIES, 'stories260K.bin')));
    await expect(resolveSource(dir)).rejects.toThrow(new ModelSourceError(`${dir}: missing config.json (the folder holds STORIES.BIN: give that file as the model, ${join(dir, 'STORIES.BIN')})`));
    writeFileSync(join(dir, 'model.gguf'), 'x');
    await expect(resolveSource(dir)).rejects.toThrow(`the folder holds STORIES.BIN, model.gguf: give one of them as the model, such as ${join(dir, 'STORIES.BIN')})`);
    expect(await resolveSource(join(dir, 'STORIES.BIN'))).toMatchObject({ format: 'llama2c', checkpoint: 'STORIES.BIN' });
  });

  it('a sharded folder reads the shards the index names', async () => {
    const dir = join(tmp, 'sharded');
    const ck = randomHfCheckpoint('gpt2', { vocabSize: 20, dim: 16, nLayers: 1, nHeads: 2, hiddenDim: 32, maxSeqLen: 8 }, 2);
    const names = Object.keys(ck.tensors);
    const half = Math.ceil(names.length / 2);
    const pick = (part: string[]) => encodeSafetensors(Object.fromEntries(part.map((n) => [n, ck.tensors[n]!])));
    const weightMap = Object.fromEntries(names.map((n, i) => [n, `model-0000${i < half ? 1 : 2}-of-00002.safetensors`]));
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    writeFileSync(join(dir, 'config.json'), ck.configJson);
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: weightMap }));
    writeFileSync(join(dir, 'model-00001-of-00002.safetensors'), pick(names.slice(0, half)));
    writeFileSync(join(dir, 'model-00002-of-00002.safetensors'), pick(names.slice(half)));
    const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const source = await resolveSource(dir);
    if (source.format !== 'huggingface') throw new Error(`read as ${source.format}`);
    expect([...source.files.keys()]).toEqual(['config.json', 'model.safetensors.index.json']);
    expect([...source.onDisk!.keys()]).toEqual(shards); // left on disk
    expect(loadModel(source).weights.get('layers.0.attn.qkv.weight')!.data).toEqual(ck.tensors['h.0.attn.c_attn.weight']!.data);
    const whole = await resolveSource(dir, { wholeFiles: true });
    expect([...whole.files.keys()]).toEqual(['config.json', 'model.safetensors.index.json', ...shards]);
    expect(loadModel(whole).weights.get('layers.0.attn.qkv.weight')!.data).toEqual(ck.tensors['h.0.attn.c_attn.weight']!.data);
    // A shard the index names that is not there is said, with the folder.
    rmSync(join(dir, shards[1]!));
    await expect(resolveSource(dir)).rejects.toThrow(new ModelSourceError(`${dir}: missing ${shards[1]}`));
    await expect(resolveSource(dir, { wholeFiles: true })).rejects.toThrow(new ModelSourceError(`${dir}: missing ${shards[1]}`));
  });

  it('a folder without safetensors weights, a file that is neither a folder nor a checkpoint, a path that does not exist', async () => {
    // A config.json the load would refuse (one of no fields) is refused first, as its bytes arrive.
    writeFileSync(join(tmp, 'config.json'), '{"model_type": "llama"}');
    await expect(resolveSource(tmp)).rejects.toThrow(new WeightFormatError('config.json: missing hidden_size'));
    writeFileSync(join(tmp, 'config.json'), JSON.stringify({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_attention_heads: 4, num_hidden_layers: 1, max_position_embeddings: 64, vocab_size: 32 }));
    await expect(resolveSource(tmp)).rejects.toThrow(/no model.safetensors or model.safetensors.index.json/);
    await expect(resolveSource(join(tmp, 'config.json'))).rejects.toThrow(/config\.json: expected a folder holding config\.json or a llama2\.c \.bin/);
    // A Hugging Face folder's file given alone: the message names the folder to give instead.
    await expect(resolveSource(join(tmp, 'config.json'))).rejects.toThrow(new RegExp(`\\(or a \\.gguf file\\): give its folder, ${tmp}$`));
    // A file in a folder that holds no config.json: no folder to give (it would be refused too).
    const loose = join(tmp, 'loose');
    mkdirSync(loose);
    writeFileSync(join(loose, 'picture.safetensors'), 'not a model');
    await expect(resolveSource(join(loose, 'picture.safetensors'))).rejects.toThrow(new RegExp(`picture\\.safetensors: expected a folder holding config\\.json or a llama2\\.c \\.bin file \\(or a \\.gguf file\\)$`));
    for (const missing of ['nothing-here', 'stories999K.bin']) {
      await expect(resolveSource(join(tmp, missing))).rejects.toThrow(new ModelSourceError(`${join(tmp, missing)}: no such file or folder`));
    }
    // A link that leads to itself, or a path through a file: said as what they are (review AT: "no such file or folder").
    symlinkSync('loop', join(tmp, 'loop'));
    const looped = join(tmp, 'looped');
    mkdirSync(looped);
    symlinkSync('config.json', join(looped, 'config.json'));
    await expect(resolveSource(looped)).rejects.toThrow(new ModelSourceError(`${join(looped, 'config.json')}: its symbolic links lead round in a loop`)); // it read as "missing config.json"
    await expect(resolveSource(join(tmp, 'a'.repeat(300)))).rejects.toThrow(new ModelSourceError(`${join(tmp, 'a'.repeat(300))}: the name is too long for a path (text given for a path?)`));
    await expect(resolveSource(join(tmp, 'loop'))).rejects.toThrow(new ModelSourceError(`${join(tmp, 'loop')}: its symbolic links lead round in a loop`));
    await expect(resolveSource(join(tmp, 'config.json', 'x'))).rejects.toThrow(new ModelSourceError(`${join(tmp, 'config.json', 'x')}: it, or a folder on its path, is a file`));
    // An empty source said ": no such file or folder", naming nothing.
    await expect(resolveSource(' ')).rejects.toThrow(new ModelSourceError('the model source is empty: give a folder, a file, a URL (https://...), hf:org/name or default:name'));
    await expect(readSourceFile('')).rejects.toThrow(new ModelSourceError('the file source is empty: give a file path, a URL (https://...), or hf:org/name/file'));
  });
});

describe('browser File objects', () => {
  const file = (dir: string, name: string) => new File([readFileSync(join(dir, name))], name);

  it('a FileList-like set of Hugging Face files', async () => {
    const { events, onProgress } = recorder();
    const list = [...HF_NAMES, 'SOURCE.md'].map((n) => file(TINY, n));
    const source = await resolveSource(list, { onProgress });
    expect(source.format).toBe('huggingface');
    expect(source.files.has('SOURCE.md')).toBe(false);
    expectComplete(events, sizeOf(TINY, HF_NAMES));
    expect([...loadModel(source).tokenizerFiles.keys()]).toEqual(['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']);
  });

  it('a llama2.c checkpoint with its tokenizer: the .bin that reads as a checkpoint', async () => {
    const source = await resolveSource([file(STORIES, 'tok512.bin'), file(STORIES, 'stories260K.bin')]);
    expect(source).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
    expect([...loadModel(source).tokenizerFiles.keys()]).toEqual(['tok512.bin']);
  });

  // The checkpoint was the largest .bin: cut below the q8 export's size, the error blamed the export.
  it('a picked llama2.c folder\'s checkpoint is the .bin whose header and size agree; a cut one is still the one named', async () => {
    const folder = ['stories260K.bin', 'stories260K_q8.bin', 'tok512.bin'].map((n) => file(STORIES, n));
    expect(await resolveSource([...folder].reverse())).toMatchObject({ checkpoint: 'stories260K.bin' });
    const cut = new File([readFileSync(join(STORIES, 'stories260K.bin')).subarray(0, 400_000)], 'stories260K.bin');
    const source = await resolveSource([cut, ...folder.slice(1)]);
    expect(source).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
    expect(() => loadModel(source)).toThrow(/^stories260K\.bin: wrong size for a llama2\.c checkpoint .*: expected 1056540 bytes, got 400000/);
    const twin = new File([readFileSync(join(STORIES, 'stories260K.bin'))], 'copy.bin');
    await expect(resolveSource([...folder, twin])).rejects.toThrow(new ModelSourceError('selected files: several llama2.c checkpoints (stories260K.bin, copy.bin); select one'));
  });

  it('two files of one name (two models\' folders picked together) are refused, not one taken', async () => {
    const twice = [...HF_NAMES.map((n) => file(TINY, n)), file(STORIES, 'stories260K.bin'), file(TINY, 'config.json')];
    await expect(resolveSource(twice)).rejects.toThrow(/^selected files: two files named config\.json: select one model's files \(one folder\)$/);
  });

  it('a picked folder\'s subfolders are left out: .git and checkpoint copies do not count as the model or as two of a name', async () => {
    const inFolder = (f: File, path: string) => Object.defineProperty(f, 'webkitRelativePath', { value: path });
    const list = [
      ...HF_NAMES.map((n) => inFolder(file(TINY, n), `tiny/${n}`)),
      inFolder(new File(['ref: refs/heads/main'], 'HEAD'), 'tiny/.git/HEAD'),
      inFolder(new File(['log'], 'HEAD'), 'tiny/.git/logs/HEAD'),
      inFolder(file(STORIES, 'stories260K.bin'), 'tiny/checkpoint-1/model.bin'),
      inFolder(file(TINY, 'config.json'), 'tiny/checkpoint-1/config.json'),
    ];
    const source = await resolveSource(list);
    expect(source.format).toBe('huggingface');
    expect(loadModel(source).config.vocabSize).toBe(loadModel(await resolveSource(HF_NAMES.map((n) => file(TINY, n)))).config.vocabSize);
  });

  it('a single File', async () => {
    expect(await resolveSource(file(STORIES, 'stories260K.bin'))).toMatchObject({ format: 'llama2c' });
  });

  it('a URL object, as its string (new URL(..., import.meta.url) in an app)', async () => {
    const url = pathToFileURL(dataPath('stories260K/stories260K.bin'));
    expect(await resolveSource(url)).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
    const tokenizer = await readSourceFile(pathToFileURL(dataPath('stories260K/tok512.bin')));
    expect(tokenizer.name).toBe('tok512.bin');
  });

  // These failed inside the loader: "undefined is not iterable", "reading 'toLowerCase'", or "expected config.json".
  it('a source that is no string and holds no Files is a TypeError saying what a source is', async () => {
    const what = 'a model source is a string (a path, URL, hf:org/name or default:name), a URL, a File, a FileList or an array of Files; got';
    for (const [source, got] of [[undefined, 'nothing'], [null, 'null'], [42, '42'], [{}, 'an object'], [[file(STORIES, 'tok512.bin'), 'x.bin'], 'a list holding "x.bin"']] as const) {
      await expect(resolveSource(source as never), String(got)).rejects.toThrow(new TypeError(`${what} ${got}`));
    }
    await expect(resolveSource([])).rejects.toThrow(new ModelSourceError("selected files: none were given: pick a model's folder or its files"));
    await expect(resolveSource(new Uint8Array(10) as never)).rejects.toThrow(new TypeError("a model source of bytes (Uint8Array) needs its file name: give it as a File, new File([bytes], 'model.gguf')"));
  });
});

describe('URLs (stub fetch)', () => {
  /** Serves files of a local folder under a base URL; 404 for anything else. */
  function stubFetch(base: string, dir: string, names: string[]) {
    const requested: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      const url = String(input);
      requested.push(url);
      const name = url.slice(base.length);
      if (!url.startsWith(base) || !names.includes(name)) return new Response('Entry not found', { status: 404 });
      const bytes = readFileSync(join(dir, name));
      return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
    }) as typeof globalThis.fetch;
    return { fetch, requested };
  }

  it('a base URL with streamed progress; missing optional files are skipped', async () => {
    const present = ['config.json', 'model.safetensors', 'tokenizer.json'];
    const stub = stubFetch('https://models.test/tiny/', TINY, present);
    const { events, onProgress } = recorder();
    const source = await resolveSource('https://models.test/tiny/', { fetch: stub.fetch, onProgress });
    expect([...source.files.keys()]).toEqual(present);
    // With model.safetensors there, as transformers reads it, the shard index is not asked for.
    expect(stub.requested).not.toContain('https://models.test/tiny/model.safetensors.index.json');
    expectComplete(events, sizeOf(TINY, present));
    expect(loadModel(source).config.nLayers).toBe(2);
  });

  // A single-page app's host, or Vite's dev server, answers a missing file with 200 and its index.html.
  const withFallbackPage = (fetch: typeof globalThis.fetch) => (async (input: string | URL | Request) => {
    const res = await fetch(input);
    return res.status === 404 ? new Response('<!doctype html><div id="app"></div>', { headers: { 'content-type': 'text/html; charset=utf-8' } }) : res;
  }) as typeof globalThis.fetch;

  it('a file answered with an HTML page (a site\'s fallback for missing files) is missing, and the error says so', async () => {
    const present = ['config.json', 'model.safetensors', 'tokenizer.json'];
    const fetch = withFallbackPage(stubFetch('https://models.test/tiny/', TINY, present).fetch);
    const source = await resolveSource('https://models.test/tiny/', { fetch });
    expect([...source.files.keys()]).toEqual(present); // the optional files' pages are not read as files
    await expect(resolveSource('https://models.test/gone/', { fetch })).rejects.toThrow(new ModelSourceError(
      'https://models.test/gone: missing config.json (https://models.test/gone/config.json answered with an HTML page, not the file: a site\'s fallback page for a missing file?)'));
    await expect(resolveSource('https://models.test/gone.gguf', { fetch })).rejects.toThrow(/^https:\/\/models\.test\/gone\.gguf: missing gone\.gguf \(https:\/\/models\.test\/gone\.gguf answered with an HTML page/);
  });

  // The weights' pages went unsaid: "no model.safetensors or ...index.json" alone.
  it('weights answered with HTML pages are named so, as config.json is', async () => {
    const fetch = withFallbackPage(stubFetch('https://models.test/tiny/', TINY, ['config.json', 'tokenizer.json']).fetch);
    await expect(resolveSource('https://models.test/tiny/', { fetch })).rejects.toThrow(
      'https://models.test/tiny: no model.safetensors or model.safetensors.index.json (only safetensors weights load): https://models.test/tiny/model.safetensors answered with an HTML page, not the file: a site\'s fallback page for a missing file?; https://models.test/tiny/model.safetensors.index.json answered with an HTML page');
  });

  // It asked for .../config.json/config.json and said only "missing config.json", where a path says to give the folder.
  it('a URL or hf: spec naming one of a folder\'s files says to give the folder', async () => {
    const stub = stubFetch('https://models.test/tiny/', TINY, ['config.json']);
    await expect(resolveSource('https://models.test/tiny/config.json', { fetch: stub.fetch })).rejects.toThrow(
      'https://models.test/tiny/config.json: missing config.json (https://models.test/tiny/config.json names a file: give its folder, https://models.test/tiny)');
    const sha = 'abcdef0123456789abcdef0123456789abcdef01';
    await expect(resolveSource(`hf:org/tiny/model.safetensors@${sha}`, { fetch: stub.fetch })).rejects.toThrow(
      `(hf:org/tiny/model.safetensors@${sha} names a file: give its folder, hf:org/tiny@${sha})`);
  });

  // fetch refused it, and its message printed the password.
  it('a URL with a user name or password is refused without being printed', async () => {
    const error = await resolveSource('https://me:hf_PASSWORD@models.test/tiny/', { fetch: stubFetch('https://models.test/', TINY, []).fetch }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ModelSourceError);
    expect((error as Error).message).toBe('a URL with a user name or password in it is not fetched: give it without them (the Hub\'s access token goes in LoadOptions.hfToken)');
  });

  // A push to the repository while a load downloads must not give it config.json of one commit and weights of the next.
  it('hf: reads every file at the commit the branch points to, asked of the Hub once', async () => {
    const sha = 'fedcba9876543210fedcba9876543210fedcba98';
    const base = `https://huggingface.co/raincandy-u/TinyStories-656K/resolve/${sha}/`;
    const files = stubFetch(base, TINY, HF_NAMES);
    const hub = (async (input: string | URL | Request) => String(input) === 'https://huggingface.co/api/models/raincandy-u/TinyStories-656K/revision/main'
      ? Response.json({ sha }) : files.fetch(input)) as typeof fetch;
    const source = await resolveSource('hf:raincandy-u/TinyStories-656K', { fetch: hub });
    expect(source.files.size).toBe(HF_NAMES.length);
    expect(files.requested.every((u) => u.startsWith(base))).toBe(true);
    expect(source.hubCommit).toBe(sha);
    await expect(resolveSource(`hf:raincandy-u/other@${sha}`, { fetch: hub }))
      .rejects.toThrow(`https://huggingface.co/raincandy-u/other/resolve/${sha}: missing config.json`);
  });

  it('hf: with hfToken sends the token with every request to the Hub, and never names it in an error', async () => {
    const sha = 'fedcba9876543210fedcba9876543210fedcba98';
    const base = `https://huggingface.co/org/gated/resolve/${sha}/`;
    const files = stubFetch(base, TINY, HF_NAMES);
    const tokens = new Set<string | null>();
    const gated = (async (input: string | URL | Request, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get('authorization');
      tokens.add(authorization);
      if (authorization !== 'Bearer hf_secret') return Response.json({ error: 'Access to model org/gated is restricted.' }, { status: 401 });
      return String(input).includes('/api/models/') ? Response.json({ sha }) : files.fetch(input);
    }) as typeof fetch;
    const source = await resolveSource('hf:org/gated', { fetch: gated, hfToken: 'hf_secret' });
    expect(source.files.size).toBe(HF_NAMES.length);
    expect([...tokens]).toEqual(['Bearer hf_secret']);
    const refused = await resolveSource('hf:org/gated', { fetch: gated }).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^hf:org\/gated: the Hub answered 401 .*which needs an access token: LoadOptions\.hfToken\)$/);
    const wrong = await resolveSource('hf:org/gated', { fetch: gated, hfToken: 'hf_wrong' }).catch((e: Error) => e);
    expect((wrong as Error).message).toMatch(/no repository this token may read/);
    expect((wrong as Error).message).not.toContain('hf_wrong');
  });

  it('a download that cannot start names its cause (Node\'s fetch says only "fetch failed")', async () => {
    const offline = async () => { throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND models.test') }); };
    await expect(resolveSource('https://models.test/model/', { fetch: offline }))
      .rejects.toThrow(/^GET https:\/\/models\.test\/model\/config\.json failed: fetch failed: getaddrinfo ENOTFOUND models\.test$/);
  });

  // The request's own rejection (an AbortError) read as "GET ... failed: This operation was aborted", a ModelSourceError.
  it('a load stopped while a request is made rejects with the stop\'s reason', async () => {
    // As fetch does: rejects with an AbortError once its signal is aborted, at once if it is already.
    const hanging = ((_input: unknown, init?: RequestInit) => new Promise((_, reject) => {
      const stopped = () => reject(new DOMException('This operation was aborted', 'AbortError'));
      if (init!.signal!.aborted) stopped();
      init!.signal!.addEventListener('abort', stopped);
    })) as typeof fetch;
    const stop = new AbortController();
    const reading = resolveSource('https://models.test/model/', { fetch: hanging, signal: stop.signal });
    setTimeout(() => stop.abort(new RangeError('the user pressed Cancel')), 10);
    await expect(reading).rejects.toThrow(new RangeError('the user pressed Cancel'));
  });

  it('readSourceFile reads one file of any kind (a tokenizer beside a checkpoint)', async () => {
    const stub = stubFetch('https://models.test/', TINY, ['tokenizer.json']);
    const remote = await readSourceFile('https://models.test/tokenizer.json', { fetch: stub.fetch });
    expect([remote.name, remote.bytes.byteLength]).toEqual(['tokenizer.json', statSync(join(TINY, 'tokenizer.json')).size]);
    const local = await readSourceFile(join(STORIES, 'tok512.bin'));
    expect([local.name, local.bytes.byteLength]).toEqual(['tok512.bin', 6227]);
    const picked = await readSourceFile(new File([local.bytes.slice()], 'tok.bin'));
    expect(picked.bytes).toEqual(local.bytes);
    // A folder given for the tokenizer (--tokenizer): the file in it to give instead.
    await expect(readSourceFile(STORIES)).rejects.toThrow(`${STORIES}: expected a file, found a folder: give the file itself, such as ${join(STORIES, 'tok512.bin')}`);
  });

  it('a .bin URL is a llama2.c checkpoint', async () => {
    const stub = stubFetch('https://models.test/', STORIES, ['stories260K.bin']);
    const source = await resolveSource('https://models.test/stories260K.bin', { fetch: stub.fetch });
    expect(source).toMatchObject({ format: 'llama2c', checkpoint: 'stories260K.bin' });
  });

  it('a download that stops sending without closing fails after stallMs, and its connection is closed', async () => {
    const bytes = readFileSync(join(TINY, 'model.safetensors'));
    const half = bytes.subarray(0, bytes.byteLength >> 1);
    let cancelled = false;
    const fetcher = (async (input: string | URL | Request) => {
      const name = String(input).slice('https://models.test/tiny/'.length);
      if (name !== 'model.safetensors') return name === 'config.json' || name === 'tokenizer.json' ? new Response(readFileSync(join(TINY, name))) : new Response('', { status: 404 });
      let sent = false;
      return new Response(new ReadableStream<Uint8Array>({
        pull(c) {
          if (!sent) { sent = true; c.enqueue(half.slice()); return; }
          return new Promise<void>(() => {}); // the server goes quiet
        },
        cancel() { cancelled = true; },
      }), { headers: { 'content-length': String(bytes.byteLength) } });
    }) as typeof globalThis.fetch;
    const url = 'https://models.test/tiny/model.safetensors';
    await expect(resolveSource('https://models.test/tiny/', { fetch: fetcher, stallMs: 50 }))
      .rejects.toThrow(new ModelSourceError(`${url}: nothing came for 0.05 s after ${half.byteLength} of ${bytes.byteLength} bytes: the server stopped sending; try again`));
    expect(cancelled).toBe(true);
    // setTimeout would fire at once past 2^31 - 1 ms, or for 0, a negative or NaN: refused.
    for (const stallMs of [0, -5, NaN, Infinity, 2 ** 31]) {
      await expect(resolveSource('https://models.test/tiny/', { fetch: fetcher, stallMs }), String(stallMs))
        .rejects.toThrow(new RangeError(`LoadOptions.stallMs (how long a download may go without a byte) must be a number of milliseconds from 1 to 2147483647, got ${stallMs}`));
    }
  });

  it("one file failing ends the others' transfers at once: nothing goes on downloading, or reporting progress, for a failed load", async () => {
    const weights = readFileSync(join(TINY, 'model.safetensors'));
    const base = 'https://models.test/tiny/';
    /** Serves config.json; model.safetensors a KiB every 10 ms, noting its cancel and when two KiB were read; `other` answers the rest. */
    const server = (other: (name: string) => Response | undefined) => {
      let read = () => {};
      const state = { cancelled: false, sent: 0, pulls: 0, twoRead: new Promise<void>((resolve) => { read = resolve; }) };
      const fetch = (async (input: string | URL | Request) => {
        const name = String(input).slice(base.length);
        if (name === 'config.json') return new Response(readFileSync(join(TINY, name)));
        if (name === 'model.safetensors') {
          return new Response(new ReadableStream<Uint8Array>({
            async pull(c) {
              if (++state.pulls === 3) read(); // a stream asks for the next chunk once the last was taken
              await new Promise((r) => setTimeout(r, 10));
              c.enqueue(weights.slice(state.sent, state.sent += 1024));
            },
            cancel() { state.cancelled = true; },
          }), { headers: { 'content-length': String(weights.byteLength) } });
        }
        return other(name) ?? new Response('', { status: 404 });
      }) as typeof globalThis.fetch;
      return { fetch, state };
    };
    // tokenizer.json breaks off after 10 bytes, once model.safetensors is under way (not after a time: a loaded machine can read the two in either order).
    const broken = server((name) => (name !== 'tokenizer.json' ? undefined : new Response(new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new Uint8Array(10));
        await broken.state.twoRead;
        c.error(new Error('network reset'));
      },
    }))));
    const { events, onProgress } = recorder();
    await expect(resolveSource(base, { fetch: broken.fetch, onProgress })).rejects.toThrow(/tokenizer\.json: the transfer broke off after 10 bytes: network reset$/);
    const reported = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(broken.state.cancelled).toBe(true);
    expect(events.length).toBe(reported);
    expect(events.filter((e) => e.file === 'model.safetensors').length).toBeGreaterThan(0); // it was under way
    // A file that cannot be opened (a 500): the downloads already answered are closed, unread.
    const refused = server((name) => (name === 'tokenizer_config.json' ? new Response('', { status: 500, statusText: 'Internal Server Error' }) : undefined));
    await expect(resolveSource(base, { fetch: refused.fetch })).rejects.toThrow(`GET ${base}tokenizer_config.json: 500 Internal Server Error`);
    expect(refused.state.cancelled).toBe(true);
  });

  // A 256 MiB GGUF of qwen2 downloaded whole, into memory, to be refused by its first kilobyte; a
  // folder of another model_type downloaded its weights before its config.json was read.
  it('a model its first bytes show the load would refuse is refused as they arrive, the rest never downloaded', async () => {
    const base = 'https://models.test/';
    /** `head`, then zeros a KiB every 5 ms up to an announced 256 MiB, noting its cancel. */
    const endless = (head: Uint8Array) => {
      const state = { cancelled: false, sent: 0 };
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 5));
          c.enqueue(state.sent === 0 ? head : new Uint8Array(1024));
          state.sent += state.sent === 0 ? head.byteLength : 1024;
        },
        cancel() { state.cancelled = true; },
      });
      return { response: new Response(body, { headers: { 'content-length': String(256 << 20) } }), state };
    };
    const gemma = encodeGguf([['general.architecture', gguf.string('gemma')], ['gemma.block_count', gguf.u32(1)]], [{ name: 'token_embd.weight', ne: [4, 4], type: 'f32', bytes: new Uint8Array(64) }]);
    const ggufServed = endless(gemma);
    await expect(resolveSource(`${base}gemma.gguf`, { fetch: (async () => ggufServed.response) as unknown as typeof fetch }))
      .rejects.toThrow(new WeightFormatError('gemma.gguf: general.architecture "gemma" is not supported (supported: gpt2, llama, qwen2)'));
    expect(ggufServed.state.cancelled).toBe(true);
    expect(ggufServed.state.sent).toBeLessThan(1 << 20);

    // A tensor type this engine does not read (a q2_K GGUF of a Llama), from the tensor infos.
    const q2 = encodeGguf([['general.architecture', gguf.string('llama')]], [{ name: 'token_embd.weight', ne: [256, 4], type: 'f32', bytes: new Uint8Array(4096) }]);
    const name = new TextEncoder().encode('token_embd.weight');
    const at = q2.findIndex((_, i) => name.every((b, j) => q2[i + j] === b)) + name.length + 4 + 2 * 8; // past n_dims and ne
    new DataView(q2.buffer, q2.byteOffset).setUint32(at, 10, true); // ggml's q2_K
    const q2Served = endless(q2);
    await expect(resolveSource(`${base}llama-q2_K.gguf`, { fetch: (async () => q2Served.response) as unknown as typeof fetch }))
      .rejects.toThrow(/^llama-q2_K\.gguf: tensor info 0 \("token_embd\.weight"\): tensor type q2_K is not supported \(supported: /);
    expect(q2Served.state.cancelled).toBe(true);

    // A mixture of experts, a RoPE scaling or a tokenizer this engine does not run, from the metadata:
    // each was refused only once the whole file had been read.
    const llamaGguf = (...meta: [string, GgufEntry][]) => encodeGguf([['general.architecture', gguf.string('llama')], ...meta], [{ name: 'token_embd.weight', ne: [4, 4], type: 'f32', bytes: new Uint8Array(64) }]);
    const tekken = llamaGguf(['tokenizer.ggml.model', gguf.string('gpt2')], ['tokenizer.ggml.pre', gguf.string('tekken')]);
    for (const [head, message] of [
      [llamaGguf(['llama.expert_count', gguf.u32(8)]), 'x.gguf: a mixture-of-experts model (llama.expert_count = 8, Mixtral and the like) is not supported'],
      [llamaGguf(['llama.rope.scaling.type', gguf.string('yarn')]), 'x.gguf: llama.rope.scaling.type "yarn" is not supported (supported: none, linear)'],
      [tekken, 'x.gguf: tokenizer.ggml.pre "tekken" is not a supported pre-tokenizer (supported: gpt-2, default, llama-bpe, llama3, llama-v3, qwen2, deepseek-r1-qwen, smollm)'],
    ] as const) {
      const served = endless(head);
      await expect(resolveSource(`${base}x.gguf`, { fetch: (async () => served.response) as unknown as typeof fetch })).rejects.toThrow(message);
      expect(served.state.cancelled, message).toBe(true);
    }
    // With a tokenizer given beside it, its own is never built: the file reads to its end.
    const total = 192 << 10;
    const whole = new Uint8Array(total);
    whole.set(tekken);
    const chunks = (async () => new Response(new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < total; i += 8192) c.enqueue(whole.slice(i, i + 8192));
        c.close();
      },
    }), { headers: { 'content-length': String(total) } })) as unknown as typeof fetch;
    expect((await resolveSource(`${base}x.gguf`, { fetch: chunks, tokenizerGiven: true })).format).toBe('gguf');
    await expect(resolveSource(`${base}x.gguf`, { fetch: chunks })).rejects.toThrow(/tokenizer\.ggml\.pre "tekken" is not a supported pre-tokenizer/);

    const weights = endless(new Uint8Array(1024));
    const folder = (async (input: string | URL | Request) => {
      const name = String(input).slice(`${base}qwen3/`.length);
      if (name === 'config.json') return new Response(JSON.stringify({ model_type: 'qwen3', hidden_size: 64 }));
      return name === 'model.safetensors' ? weights.response : new Response('', { status: 404 });
    }) as typeof fetch;
    await expect(resolveSource(`${base}qwen3/`, { fetch: folder }))
      .rejects.toThrow(new WeightFormatError('config.json: unsupported model_type "qwen3" (supported: gpt2, llama, mistral, qwen2)'));
    expect(weights.state.cancelled).toBe(true);
    // Nor does a config.json of a supported model_type that the load refuses for a field (a RoPE scaling, a head size).
    const llama = { model_type: 'llama', hidden_size: 128, intermediate_size: 384, num_attention_heads: 8, num_hidden_layers: 2, num_key_value_heads: 4, max_position_embeddings: 512, vocab_size: 2048 };
    for (const [config, refusal] of [
      [{ ...llama, rope_scaling: { rope_type: 'yarn', factor: 4 } }, /^config\.json: rope scaling .*yarn.* is not supported/],
      [{ ...llama, head_dim: 6 }, /^unsupported model shape \(llama, from config\.json\): head size 6 must be a multiple of 4/],
    ] as const) {
      const served = endless(new Uint8Array(1024));
      const fetchFolder = (async (input: string | URL | Request) => {
        const file = String(input).slice(`${base}llama/`.length);
        if (file === 'config.json') return new Response(JSON.stringify(config));
        return file === 'model.safetensors' ? served.response : new Response('', { status: 404 });
      }) as typeof fetch;
      await expect(resolveSource(`${base}llama/`, { fetch: fetchFolder })).rejects.toThrow(refusal);
      expect(served.state.cancelled).toBe(true);
      expect(served.state.sent).toBeLessThan(1 << 20);
    }
    // A GGUF given as the tokenizer is no model: one of no tensors is read whole (readSourceFile).
    const vocab = encodeGguf([['general.architecture', gguf.string('llama')]], []);
    expect((await readSourceFile(`${base}vocab.gguf`, { fetch: (async () => new Response(vocab as Uint8Array<ArrayBuffer>)) as unknown as typeof fetch })).bytes).toEqual(vocab);
  });

  it('a request that gets no answer, not even headers, fails after stallMs and is aborted; a stop still wins', async () => {
    const asked: string[] = [];
    const aborted: string[] = [];
    const silent = ((input: string | URL | Request, init?: RequestInit) => new Promise<Response>((_, reject) => {
      asked.push(String(input));
      const signal = init!.signal!;
      const abort = () => {
        aborted.push(String(input));
        reject(signal.reason);
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort);
    })) as typeof globalThis.fetch;
    const url = 'https://models.test/tiny/config.json';
    await expect(resolveSource('https://models.test/tiny/', { fetch: silent, stallMs: 50 }))
      .rejects.toThrow(new ModelSourceError(`GET ${url}: no answer for 0.05 s (the server took the request and sent nothing back); try again`));
    await new Promise((r) => setTimeout(r, 100)); // the folder's other files were asked for alongside
    expect(aborted.sort()).toEqual(asked.sort());
    expect(asked).toContain(url);
    // The Hub's API question waits under the same limit.
    await expect(resolveSource('hf:org/tiny', { fetch: silent, stallMs: 50 }))
      .rejects.toThrow(/^GET https:\/\/huggingface\.co\/api\/models\/org\/tiny\/revision\/main: no answer for 0\.05 s/);
    // A stop during the wait rejects with its own reason, before the limit.
    const stop = new AbortController();
    const stopped = resolveSource('https://models.test/tiny/', { fetch: silent, stallMs: 60_000, signal: stop.signal });
    stop.abort(new Error('stopped by the user'));
    await expect(stopped).rejects.toThrow('stopped by the user');
  });

  // undici rejects the body's read with a bare "TypeError: terminated" when the server drops the connection.
  it('a download that breaks off or ends short says how far it got; a compressed one is not held to its length', async () => {
    const bytes = readFileSync(join(TINY, 'model.safetensors'));
    const half = bytes.subarray(0, bytes.byteLength >> 1);
    /** Serves the folder, with model.safetensors as `chunks` pulled one by one, then `end` (an error, or a close). */
    const serve = (chunks: Uint8Array[], end: () => Error | 'close', headers: Record<string, string>) => (async (input: string | URL | Request) => {
      const name = String(input).slice('https://models.test/tiny/'.length);
      if (name !== 'model.safetensors') return name === 'config.json' || name === 'tokenizer.json' ? new Response(readFileSync(join(TINY, name))) : new Response('', { status: 404 });
      const left = chunks.map((c) => c.slice());
      return new Response(new ReadableStream<Uint8Array>({
        pull(c) {
          const next = left.shift();
          if (next) return c.enqueue(next);
          const how = end();
          if (how === 'close') c.close();
          else c.error(how);
        },
      }), { headers });
    }) as typeof globalThis.fetch;
    const length = { 'content-length': String(bytes.byteLength) };
    const url = 'https://models.test/tiny/model.safetensors';
    const terminated = () => new TypeError('terminated');
    await expect(resolveSource('https://models.test/tiny/', { fetch: serve([half], terminated, length) }))
      .rejects.toThrow(new ModelSourceError(`${url}: the transfer broke off after ${half.byteLength} of ${bytes.byteLength} bytes: terminated`));
    await expect(resolveSource('https://models.test/tiny/', { fetch: serve([half], terminated, {}) }))
      .rejects.toThrow(new ModelSourceError(`${url}: the transfer broke off after ${half.byteLength} bytes: terminated`));
    await expect(resolveSource('https://models.test/tiny/', { fetch: serve([half], () => 'close', length) }))
      .rejects.toThrow(new ModelSourceError(`${url}: the transfer ended after ${half.byteLength} of ${bytes.byteLength} bytes: the connection was cut? Try again`));
    // Content-Length counts the compressed bytes; fetch hands over the decompressed ones, here fewer.
    const source = await resolveSource('https://models.test/tiny/', { fetch: serve([bytes], () => 'close', { 'content-length': String(bytes.byteLength + 100), 'content-encoding': 'gzip' }) });
    expect(source.files.get('model.safetensors')!.byteLength).toBe(bytes.byteLength);
    // A stopped load rejects with its reason, not as a broken transfer.
    const controller = new AbortController();
    const stop = () => {
      controller.abort(new Error('stopped by the user'));
      return new DOMException('This operation was aborted', 'AbortError');
    };
    await expect(resolveSource('https://models.test/tiny/', { fetch: serve([half], stop, length), signal: controller.signal })).rejects.toThrow(new Error('stopped by the user'));
  });

  // Each file is read into one typed array (at most 2^32 bytes in V8): a larger one is refused by
  // its announced size before anything is allocated, and by its bytes when the size is unknown.
  it('a file past 4 GiB is a ModelTooLargeError naming it, before its bytes are read', async () => {
    const announce = (length: number) => (async () => new Response(new Uint8Array(4), { headers: { 'content-length': String(length) } })) as typeof globalThis.fetch;
    await expect(resolveSource('https://models.test/huge.gguf', { fetch: announce(5e9) }))
      .rejects.toThrow(new ModelTooLargeError('https://models.test/huge.gguf: 5000000000 bytes, past the 4294967296 (4 GiB) one file can be read into (JavaScript\'s largest typed array): in Node, give its path or load it as hf:org/name with the download cache on (LoadOptions.hubCache): a GGUF read from disk where its tensors lie has no such limit; or use a smaller quantization of the model (q4_0, q4_K)'));
    // Only safetensors checkpoints come in shards: the advice follows the kind of file.
    await expect(readSourceFile('https://models.test/big/model.safetensors', { fetch: announce(5e9) })).rejects.toThrow(/: in Node, give its folder's path or load it as hf:org\/name with the download cache on \(LoadOptions\.hubCache\): weights read from disk where their tensors lie have no such limit; or use a checkpoint split into smaller files \(model-00001-of-0000N\.safetensors\)$/);
    await expect(readSourceFile('https://models.test/big/tokenizer.json', { fetch: announce(5e9) })).rejects.toThrow(/largest typed array\): it does not load here$/);
    // Training reads its checkpoint whole however it is given: no advice to give it another way.
    await expect(readSourceFile('https://models.test/big/model.safetensors', { fetch: announce(5e9), wholeFiles: true })).rejects.toThrow(/largest typed array\): training reads its checkpoint whole: train from a checkpoint split into smaller files \(model-00001-of-0000N\.safetensors\)$/);
    const picked = { name: 'huge.gguf', size: 2 ** 32 + 1, stream: () => { throw new Error('read after the size was refused'); } };
    Object.setPrototypeOf(picked, File.prototype);
    await expect(resolveSource(picked as unknown as File)).rejects.toThrow(/^huge\.gguf: 4294967297 bytes, past the 4294967296/);
    // A path read whole: a llama2.c checkpoint (a GGUF or a folder's safetensors by path is left on disk, read where its tensors lie).
    const sparse = join(mkdtempSync(join(tmpdir(), 'shaderlm-huge-')), 'huge.bin'); // a hole: no disk used
    writeFileSync(sparse, '');
    truncateSync(sparse, 2 ** 32 + 1);
    try {
      await expect(resolveSource(sparse)).rejects.toThrow(`${sparse}: 4294967297 bytes, past the 4294967296 (4 GiB) one file can be read into (JavaScript's largest typed array): it does not load here`);
      // A folder's safetensors read whole where whole files are asked for (training): the advice is not to give the path it was given.
      const weights = join(dirname(sparse), 'model.safetensors');
      writeFileSync(join(dirname(sparse), 'config.json'), readFileSync(join(TINY, 'config.json')));
      writeFileSync(weights, '');
      truncateSync(weights, 2 ** 32 + 1);
      await expect(resolveSource(dirname(sparse), { wholeFiles: true })).rejects.toThrow(`${weights}: 4294967297 bytes, past the 4294967296 (4 GiB) one file can be read into (JavaScript's largest typed array): training reads its checkpoint whole: train from a checkpoint split into smaller files (model-00001-of-0000N.safetensors)`);
    } finally {
      rmSync(dirname(sparse), { recursive: true });
    }
  });
});
