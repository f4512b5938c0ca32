// `default:<name>` sources: names map to folders under models/, looked up under the repository's
// and the built package's roots (in a browser, by asking each root's URL), with clear errors for
// an unknown name or a missing folder. And the models shipped there: each file under 8 MiB, loaded
// by name, GPU logits equal to the CPU reference forward of the same files.

import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ModelSourceError } from '../../src/errors.js';
import { DEFAULT_MODEL_FILES, DEFAULT_MODELS, defaultModelFolder, modelRoots } from '../../src/model/defaults.js';
import { prepareModel } from '../../src/model/prepare.js';
import { resolveSource, servedDefaultFolder } from '../../src/model/source.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { compare } from '../kernels/harness.js';

describe('default models', () => {
  it('map names to folders under the first root that holds them', () => {
    const roots = ['/repo/models/', '/pkg/models/'];
    expect(defaultModelFolder('default:shakespeare', roots, (p) => p === '/pkg/models/shakespeare-char/config.json')).toBe('/pkg/models/shakespeare-char');
    expect(defaultModelFolder('default:dna', roots, () => true)).toBe('/repo/models/dna-mt');
    // A base without its trailing slash is a folder all the same, not a prefix of the folder's name.
    expect(defaultModelFolder('default:dna', ['/static/models'], () => true)).toBe('/static/models/dna-mt');
    expect(defaultModelFolder('default:dna', ['https://cdn.example/models'], () => true)).toBe('https://cdn.example/models/dna-mt');
    expect(defaultModelFolder('default:dna', [''], () => true)).toBe('dna-mt'); // the current folder, not the root
    expect(Object.keys(DEFAULT_MODELS)).toEqual(['shakespeare', 'dna']);
  });

  it('an unknown name lists the defaults; a missing folder says where it looked', () => {
    expect(() => defaultModelFolder('default:poetry', ['/r/'])).toThrow(ModelSourceError);
    expect(() => defaultModelFolder('default:poetry', ['/r/'])).toThrow(/unknown default model "poetry": the defaults are default:shakespeare, default:dna/);
    expect(() => defaultModelFolder('default:dna', ['/a/', '/b/'], () => false)).toThrow(/default:dna \(models\/dna-mt\) is not in this copy of shaderlm: looked in \/a\/, \/b\//);
  });

  it('looks next to the source tree and next to the built package, the module\'s own place first', () => {
    expect(modelRoots('file:///p/src/model/source.ts')).toEqual(['file:///p/models/', 'file:///models/']);
    expect(modelRoots('file:///p/dist/src/model/source.js')).toEqual(['file:///p/models/', 'file:///p/dist/models/']);
    // In a bundle both are the site's models/: asked once, not twice.
    expect(modelRoots('https://app.test/assets/index-abc.js')).toEqual(['https://app.test/models/']);
    // A page's own models/ last: Vite's dev server runs the package pre-bundled in node_modules/.vite/deps/.
    expect(modelRoots('https://app.test/node_modules/.vite/deps/shaderlm.js', 'https://app.test/index.html')).toEqual([
      'https://app.test/node_modules/models/', 'https://app.test/models/',
    ]);
    // A bundle of an app under /sub/: the module's places climb past it to the site's root.
    expect(modelRoots('https://app.test/sub/assets/index-abc.js', 'https://app.test/sub/')).toEqual(['https://app.test/models/', 'https://app.test/sub/models/']);
  });
});

// A page that gives no LoadOptions.modelsBase: which root serves models/ is asked, not guessed.
// The package's dist/src/model/source.js served as it is (Vite's dev server, an unbundled app)
// asks the package's models/ first, then dist/models/, which only a site's fallback page answers.
describe('default models in a browser without modelsBase', () => {
  const roots = modelRoots('https://app.test/sub/node_modules/shaderlm/dist/src/model/source.js');
  const served = 'https://app.test/sub/node_modules/shaderlm/models/dna-mt/config.json';

  /** A site serving `files` (URL -> body), answering anything else as `missing` does; the URLs asked, in order. */
  function site(files: Record<string, string>, missing: () => Response) {
    const asked: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      asked.push(String(input));
      const body = files[String(input)];
      return body === undefined ? missing() : new Response(body, { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    return { fetch, asked };
  }
  const fallbackPage = () => new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html' } });
  const notFound = () => new Response('', { status: 404, statusText: 'Not Found' });

  it('take the first root whose URL serves config.json, asking the roots in order', async () => {
    const { fetch, asked } = site({ [served]: '{}' }, fallbackPage);
    await expect(servedDefaultFolder('default:dna', roots, fetch)).resolves.toBe('https://app.test/sub/node_modules/shaderlm/models/dna-mt');
    expect(asked).toEqual([served]); // the package's own models/: no 404 before it
    const second = 'https://app.test/sub/node_modules/shaderlm/dist/models/dna-mt/config.json';
    const other = site({ [second]: '{}' }, fallbackPage);
    await expect(servedDefaultFolder('default:dna', roots, other.fetch)).resolves.toBe('https://app.test/sub/node_modules/shaderlm/dist/models/dna-mt');
    expect(other.asked).toEqual([served, second]);
  });

  it('none serving it is a ModelSourceError saying what each answered and to set modelsBase', async () => {
    const error = await servedDefaultFolder('default:dna', roots, site({}, notFound).fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelSourceError);
    expect((error as Error).message).toBe('the default model default:dna is not where this page looked ('
      + 'https://app.test/sub/node_modules/shaderlm/models/dna-mt/config.json: 404 Not Found; '
      + 'https://app.test/sub/node_modules/shaderlm/dist/models/dna-mt/config.json: 404 Not Found): '
      + "set LoadOptions.modelsBase to the URL of the models/ folder the site serves, such as new URL('models/', document.baseURI).href");
    await expect(servedDefaultFolder('default:dna', roots, site({}, fallbackPage).fetch)).rejects.toThrow(/shaderlm\/models\/dna-mt\/config\.json answered with an HTML page; /);
    const offline = (async () => { throw new TypeError('Failed to fetch'); }) as typeof globalThis.fetch;
    await expect(servedDefaultFolder('default:dna', roots, offline)).rejects.toThrow(/\(GET https:\/\/app\.test\/\S+ failed: Failed to fetch; GET /);
    await expect(servedDefaultFolder('default:poetry', roots, offline)).rejects.toThrow(/unknown default model "poetry"/);
  });

  it('an abort stops the asking with its reason', async () => {
    const controller = new AbortController();
    const aborting = (async () => {
      controller.abort(new RangeError('page closed'));
      throw new DOMException('aborted', 'AbortError');
    }) as typeof globalThis.fetch;
    await expect(servedDefaultFolder('default:dna', roots, aborting, controller.signal)).rejects.toThrow(new RangeError('page closed'));
  });
});

describe('the models shipped in models/', () => {
  const engine = createEngine();
  afterAll(async () => (await engine).destroy());

  // A page asked for each optional file of a Hugging Face folder too: five 404s logged in red on every demo page's load.
  it('a default: model is read for its own files only: nothing else beside them is asked for', async () => {
    const base = mkdtempSync(join(tmpdir(), 'shaderlm-models-'));
    try {
      cpSync(join('models', 'dna-mt'), join(base, 'dna-mt'), { recursive: true });
      writeFileSync(join(base, 'dna-mt', 'generation_config.json'), '{not json'); // read, it would fail the load
      const files = await resolveSource('default:dna', { modelsBase: `${base}/` });
      // In Node its weights are left on disk, read where their tensors lie.
      const onDisk = files.format === 'huggingface' ? [...files.onDisk?.keys() ?? []] : [];
      expect([...files.files.keys(), ...onDisk].sort()).toEqual([...DEFAULT_MODEL_FILES].sort());
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('LoadOptions.modelsBase says where default: models are (an app whose bundler moved models/)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'shaderlm-models-'));
    try {
      cpSync(join('models', 'dna-mt'), join(base, 'dna-mt'), { recursive: true });
      const model = await (await engine).load('default:dna', { modelsBase: `${base}/` });
      expect(model.config.vocabSize).toBe(6);
      model.dispose();
      // The folder is the caller's, not this package's: the fix is to copy the model there (review AF).
      await expect((await engine).load('default:shakespeare', { modelsBase: `${base}/` })).rejects.toThrow(
        new ModelSourceError(`the default model default:shakespeare is not under the modelsBase given (${base}/): copy its folder (models/shakespeare-char/ of the shaderlm package) there, or point modelsBase at the folder that holds it`));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  for (const [name, folder] of Object.entries(DEFAULT_MODELS)) {
    it(`default:${name} (models/${folder}): three files under 8 MiB each; loads by name; GPU logits = CPU reference`, async () => {
      const dir = join('models', folder);
      expect(readdirSync(dir).sort()).toEqual([...DEFAULT_MODEL_FILES].sort()); // what a load of it asks for, and nothing else
      for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).size, file).toBeLessThan(8 * 2 ** 20);

      const model = await (await engine).load(`default:${name}`);
      try {
        const ids = model.tokenize(name === 'dna' ? 'GATCACAGGTCTATCACCCTATTAACCACTCACGGGAGCTCTCCATGCATTTGG' : 'ROMEO:\nWhat light through yonder window breaks?');
        expect(ids.length).toBeGreaterThan(20);
        const { config, weights } = prepareModel(await resolveSource(dir), 'f32');
        // The forward test's tolerance (tests/model/forward.test.ts): f32 kernels against float64 loops.
        const r = compare(await model.logits(ids), new ReferenceTransformer(config, weights).forward(ids, 0), { atol: 2e-4, rtol: 2e-4, nmse: 1e-8 });
        expect(r.pass, r.detail).toBe(true);
      } finally {
        model.dispose();
      }
    });
  }
});
