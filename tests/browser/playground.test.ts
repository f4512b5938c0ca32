// The playground in headless Chromium, with the engine in its Web Worker: it opens on
// default:shakespeare and streams tokens shaded by probability, equal to the in-page engine's
// (text and probabilities) for the same seed; hovering shows the alternatives; the same seed
// gives the same text and another temperature another; Stop ends a run; the main thread keeps
// ticking while the model loads and generates; errors cross the worker with their classes (a
// RangeError for a bad option, DeviceLostError with its reload); model.inspect() crosses intact,
// and engine.train() runs there too; a worker terminated outside engine.destroy() ends its
// engine, rejecting the running generation instead of hanging it. With ../shared/data:
// llama2.c's greedy text (tokenizer by URL), the missing-tokenizer message, and no printed EOS
// token.

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { dataPath } from '../support/data.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let url: string;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const playground = (query: Record<string, string> = {}) => `${url}/demos/playground/?${new URLSearchParams(query)}`;

const generatedText = (page: Page) => page.$$eval('#output .token', (spans) => spans.map((s) => s.textContent).join(''));
const tokenProbabilities = (page: Page) => page.$$eval('#output .token[data-p]', (spans) => spans.map((s) => Number((s as HTMLElement).dataset.p)));

async function setFields(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
}

/** Clicks Generate with `fields` set and waits for the run to end; the generated text. */
async function generate(page: Page, fields: Record<string, string> = {}): Promise<string> {
  await setFields(page, fields);
  await page.click('#run'); // the page is 'busy' from within the click on
  expect(await waitForState(page, ['done', 'error'])).toBe('done');
  return generatedText(page);
}

describe('playground on default:shakespeare', () => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    // A count of GPU adapters the main thread asks for: the engine's must be asked for in the worker,
    // so that loading and generating never block the page (checked by where the work runs, not by a timer).
    const countAdapters = (tab: Page) => tab.evaluateOnNewDocument(() => {
      const adapters = { requested: 0 };
      Object.assign(window, { __adapters: adapters });
      const gpu = navigator.gpu;
      const requestAdapter = gpu.requestAdapter.bind(gpu);
      gpu.requestAdapter = (options) => { adapters.requested++; return requestAdapter(options); };
    });
    ({ page, errors } = await openPage(browser, playground({ 'max-tokens': '40', temperature: '0.8', seed: '1', autorun: '1' }), ['done', 'error'], countAdapters));
  });

  afterAll(() => page?.close());

  it('loads its default model in a worker, streams 40 shaded tokens, and shows the stats', async () => {
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('#model-status', (e) => e.textContent)).toMatch(/^Shakespeare, character by character: llama · .* 3 layers · width 96 .* context 64/);
    expect(page.workers().map((w) => w.url()).some((u) => u.includes('/src/worker/worker.ts'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __adapters: { requested: number } }).__adapters.requested)).toBe(0);
    expect(await page.$eval('#output .prompt', (e) => e.textContent)).toBe('ROMEO:');
    const p = await tokenProbabilities(page);
    expect(p).toHaveLength(40); // one character per token, each with its probability
    expect(p.every((x) => x > 0 && x <= 1), p.join(' ')).toBe(true);
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/^6 prompt tokens · 40 generated · first token after \d+ ms · [\d.]+ tokens\/s · reached max tokens$/);
    expect(await page.$$eval('#chart svg circle', (dots) => dots.length)).toBe(40);
    expect(await screenshot(browser, page, 'playground')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('gives what the in-page engine gives for the same seed: the text and each token\'s probability', async () => {
    // As a string: vitest would rewrite a dynamic import() written in this file for Node.
    const inPage = await page.evaluate(`(async () => {
      const { createEngine } = await import('/src/index.ts');
      const engine = await createEngine();
      const model = await engine.load(new URL('../models/shakespeare-char', location.href).href);
      const pieces = [];
      for await (const piece of model.generate('ROMEO:', { maxTokens: 40, temperature: 0.8, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1, seed: 1, logprobs: 5 })) pieces.push(piece);
      engine.destroy();
      return { text: pieces.map((x) => x.text).join(''), p: pieces.filter((x) => x.logprobs).map((x) => Math.exp(x.logprobs.chosen.logprob)) };
    })()`) as { text: string; p: number[] };
    // The counter the first test read as 0 does count the main thread's requests.
    expect(await page.evaluate(() => (window as unknown as { __adapters: { requested: number } }).__adapters.requested)).toBe(1);
    expect(await generatedText(page)).toBe(inPage.text);
    const shown = await tokenProbabilities(page);
    // data-p is written with 6 decimals: the same float, rounded.
    shown.forEach((x, i) => expect(Math.abs(x - inPage.p[i]!), `token ${i}`).toBeLessThanOrEqual(5e-7));
  });

  // It said to set LoadOptions.modelsBase, which a RemoteEngine refuses: the worker's is set when it connects.
  it('a default: model missing where the worker looked names EngineSettings.modelsBase, the setting that says where', async () => {
    const message = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const remote = await connectEngine(new Worker('/src/worker/worker.ts', { type: 'module' }), { modelsBase: new URL('../no-models-here/', location.href).href });
      try {
        await remote.load('default:shakespeare');
        return 'loaded';
      } catch (error) {
        return error.name + ': ' + error.message;
      } finally {
        remote.destroy();
      }
    })()`);
    // modelsBase was set (connectEngine requires it): the fix is to copy the model there, not to set it (review Z).
    expect(message).toMatch(/^ModelSourceError: the default model default:shakespeare is not where this page looked \(.*no-models-here\/shakespeare-char.*\): copy its folder \(models\/shakespeare-char\/ of the shaderlm package\) there, or point EngineSettings\.modelsBase \(given to connectEngine\) at the folder that holds it$/);
  });

  it('in-page, a default: model missing under the modelsBase given says to copy it there', async () => {
    const message = await page.evaluate(`(async () => {
      const { createEngine } = await import('/src/index.ts');
      const engine = await createEngine();
      try {
        await engine.load('default:dna', { modelsBase: new URL('../no-models-here/', location.href).href });
        return 'loaded';
      } catch (error) {
        return error.name + ': ' + error.message;
      } finally {
        engine.destroy();
      }
    })()`);
    expect(message).toMatch(/^ModelSourceError: the default model default:dna is not where this page looked \(.*no-models-here\/dna-mt.*\): copy its folder \(models\/dna-mt\/ of the shaderlm package\) there, or point LoadOptions\.modelsBase at the folder that holds it$/);
  });

  it('model.inspect() crosses the worker intact: typed arrays and all, equal to the in-page model\'s', async () => {
    // connectEngine() used directly, as a page without the kit would; as a string for the same reason as above.
    const result = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const { createEngine } = await import('/src/index.ts');
      const options = { topK: 5, attention: true, hiddenStates: true, logitLens: 3 };
      const remote = await connectEngine(new Worker('/src/worker/worker.ts', { type: 'module' }), { modelsBase: new URL('../models/', location.href).href });
      const viaWorker = await (await remote.load('default:shakespeare')).inspect('ROMEO:', options);
      remote.destroy();
      const engine = await createEngine();
      const inPage = await (await engine.load(new URL('../models/shakespeare-char', location.href).href)).inspect('ROMEO:', options);
      engine.destroy();
      const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
      return {
        typed: viaWorker.attention.every((a) => a instanceof Float32Array) && viaWorker.hiddenStates.every((h) => h instanceof Float32Array),
        layers: viaWorker.attention.length,
        tokens: viaWorker.tokens.join(''),
        attention: viaWorker.attention.every((a, l) => same(a, inPage.attention[l])),
        hiddenStates: viaWorker.hiddenStates.every((h, l) => same(h, inPage.hiddenStates[l])),
        rest: JSON.stringify([viaWorker.ids, viaWorker.top, viaWorker.logitLens]) === JSON.stringify([inPage.ids, inPage.top, inPage.logitLens]),
      };
    })()`);
    expect(result).toEqual({ typed: true, layers: 3, tokens: 'ROMEO:', attention: true, hiddenStates: true, rest: true });
  });

  // A worker's end fires no event: before the worker's life lock, such a run waited forever. The
  // worker is ended past the page's terminate() (which the link hears itself), as its own close()
  // or the browser would end it: only the life lock can tell.
  it('a worker ended outside engine.destroy() ends its engine: the running generation and later calls reject, none hangs', async () => {
    const result = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const worker = new Worker('/src/worker/worker.ts', { type: 'module' });
      const remote = await connectEngine(worker, { modelsBase: new URL('../models/', location.href).href });
      const model = await remote.load('default:shakespeare');
      const run = model.generate('ROMEO:', { maxTokens: 200 });
      const pieces = run[Symbol.asyncIterator]();
      await pieces.next(); // running
      Worker.prototype.terminate.call(worker);
      const outcome = (promise) => Promise.race([
        promise.then(() => 'settled', (e) => e.message),
        new Promise((resolve) => setTimeout(() => resolve('hung'), 10000)),
      ]);
      const drained = (async () => { for (;;) if ((await pieces.next()).done) return; })();
      return { running: await outcome(drained), later: await outcome(model.tokenize('a')), load: await outcome(remote.load('default:shakespeare')) };
    })()`);
    const ended = 'the engine worker has stopped (terminated or closed without engine.destroy()): create a new engine';
    expect(result).toEqual({ running: ended, later: ended, load: ended });
  });

  // The life lock was taken only once the engine had started: a worker ended before that left connectEngine() waiting forever.
  it('a worker ended while connectEngine() starts it ends the connection at once', async () => {
    const result = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const outcome = (promise) => Promise.race([
        promise.then(() => 'connected', (e) => e.name + ': ' + e.message),
        new Promise((resolve) => setTimeout(() => resolve('hung'), 10000)),
      ]);
      const atOnce = new Worker('/src/worker/worker.ts', { type: 'module' });
      const connectingAtOnce = connectEngine(atOnce, { modelsBase: new URL('../models/', location.href).href });
      atOnce.terminate(); // as an effect's cleanup would, right after
      // Ended once it holds its life lock, while it starts, past the page's terminate(), as the
      // browser would end it: the lock, taken before the engine starts, tells.
      // Its own lock, named when its watch began (after since): a lock the first worker took before
      // its end, or any other, would end this one before it took its lock, which nothing can see.
      // Held by the worker and asked for by the page: ended between the two (the worker's answer
      // still on its way), the page never learns it holds one, the known gap the note names.
      const since = Date.now();
      const ownLock = async () => {
        const { held, pending } = await navigator.locks.query();
        const mine = held.find((lock) => Number(/^shaderlm engine worker (\\d+)-/.exec(lock.name)?.[1]) >= since);
        return mine !== undefined && pending.some((lock) => lock.name === mine.name);
      };
      const later = new Worker('/src/worker/worker.ts', { type: 'module' });
      const connectingLater = connectEngine(later, { modelsBase: new URL('../models/', location.href).href });
      while (!(await ownLock())) await new Promise((resolve) => setTimeout(resolve, 5));
      Worker.prototype.terminate.call(later);
      // Under load its start may answer first: then the engine it gave ends instead (no hang either way).
      const laterEnded = connectingLater.then((engine) => engine.load('default:shakespeare'));
      return { atOnce: await outcome(connectingAtOnce), later: await outcome(laterEnded) };
    })()`);
    const ended = 'EngineDestroyedError: the engine worker has stopped (terminated or closed without engine.destroy()): create a new engine';
    expect(result).toEqual({ atOnce: ended, later: ended });
  });

  it('engine.train() runs in the worker too: every step reported, then the trained model loads and generates', async () => {
    const result = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const remote = await connectEngine(new Worker('/src/worker/worker.ts', { type: 'module' }), { modelsBase: new URL('../models/', location.href).href });
      const steps = [];
      const trained = await remote.train({
        data: { train: { name: 'lines.txt', text: 'to be or not to be, that is the question. '.repeat(40) } },
        model: { architecture: 'gpt2', layers: 1, width: 32, heads: 2 },
        steps: 6, batchSize: 4, contextLength: 16, learningRate: 3e-3, evalTokens: 128, seed: 1,
        onStep: (s) => steps.push(s.step),
      });
      const model = await trained.load();
      const text = await model.generate('to be', { maxTokens: 12, temperature: 0 }).text();
      remote.destroy();
      return { steps, last: trained.last.step, files: [...trained.files().keys()].sort(), tokensSeen: trained.tokensSeen, generated: text.length };
    })()`);
    expect(result).toEqual({
      steps: [1, 2, 3, 4, 5, 6], last: 6, tokensSeen: 6 * 4 * 16, generated: 12,
      files: ['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json', 'trainer.json'],
    });
  });

  it('hovering a token shows the model\'s top 5 choices there, the chosen one marked', async () => {
    const spans = await page.$$('#output .token[data-p]');
    const boxes = await Promise.all(spans.map((span) => span.boundingBox()));
    await spans[boxes.findIndex((box) => box && box.width > 2)]!.hover(); // not the newline after the prompt: it has no width
    const tip = await page.$eval('#token-tip', (tip) => ({
      hidden: (tip as HTMLElement).hidden,
      rows: [...tip.querySelectorAll('tr')].map((tr) => ({ chosen: tr.classList.contains('chosen'), p: Number(tr.querySelector('.tip-p')!.textContent!.replace('%', '')) })),
    }));
    expect(tip.hidden).toBe(false);
    expect(tip.rows.length).toBeGreaterThanOrEqual(5);
    expect(tip.rows.filter((r) => r.chosen)).toHaveLength(1);
    const top5 = tip.rows.slice(0, 5).map((r) => r.p);
    expect(top5).toEqual([...top5].sort((a, b) => b - a));
    expect(top5.reduce((a, b) => a + b)).toBeLessThanOrEqual(100.3); // shown to 0.1 %, 5 rows
    await page.mouse.move(0, 0);
    expect(await page.$eval('#token-tip', (tip) => (tip as HTMLElement).hidden)).toBe(true);
  });

  it('the tokens are one tab stop: Tab reaches the first, the arrow keys step through them, each showing its tip', async () => {
    expect(await page.$$eval('#output .token[data-p]', (spans) => spans.filter((s) => (s as HTMLElement).tabIndex === 0).length)).toBe(1);
    await page.focus('#output .token[data-p][tabindex="0"]');
    const focused = () => page.evaluate(() => [...document.querySelectorAll('#output .token[data-p]')].indexOf(document.activeElement!));
    expect(await focused()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe(2);
    expect(await page.$eval('#token-tip', (tip) => (tip as HTMLElement).hidden)).toBe(false);
    await page.keyboard.press('End');
    expect(await focused()).toBe(await page.$$eval('#output .token[data-p]', (spans) => spans.length - 1));
    // One Shift+Tab leaves the tokens from the last (each a tab stop, it would reach the one before),
    // and Tab comes back to the last token visited, not the first.
    const last = await focused();
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await focused()).toBe(-1);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(last);
  });

  it('the same seed gives the same text; another temperature, another text', async () => {
    const first = await generatedText(page);
    expect(await generate(page, { temperature: '0.8', seed: '1' })).toBe(first);
    const hotter = await generate(page, { temperature: '1.6', seed: '1' });
    expect(hotter).toHaveLength(40);
    expect(hotter).not.toBe(first);
    expect(await generate(page, { temperature: '0', seed: '1' })).toBe(await generate(page, { temperature: '0', seed: '2' })); // greedy ignores the seed
  });

  // The character model has one token per letter: banning "e" and "E" is a lipogram.
  it('"never write" bans a text\'s tokens: the model writes on without them, and their probability shows as none', async () => {
    const free = await generate(page, { temperature: '0', ban: '' });
    expect(free).toMatch(/e/);
    const without = await generate(page, { temperature: '0', ban: 'eE' });
    expect(without).toHaveLength(40);
    expect(without).not.toMatch(/[eE]/);
    // A token's tip shows the distribution the choice was made from: e and E are not among its top 5.
    const spans = await page.$$('#output .token[data-p]');
    const boxes = await Promise.all(spans.map((span) => span.boundingBox()));
    await spans[boxes.findIndex((box) => box && box.width > 2)]!.hover();
    const shown = await page.$$eval('#token-tip .tip-token', (cells) => cells.map((c) => c.textContent));
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(shown.filter((t) => t === 'e' || t === 'E')).toEqual([]);
    await page.mouse.move(0, 0);
    await setFields(page, { ban: '' });
  });

  it('Stop ends a long run early, as aborted', async () => {
    await setFields(page, { 'max-tokens': '5000', temperature: '0.8' });
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#output .token').length >= 5, { timeout: 60_000 });
    await page.click('#stop');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.$eval('#stats', (e) => (e as HTMLElement).dataset.stopReason)).toBe('aborted');
    expect((await tokenProbabilities(page)).length).toBeLessThan(5000);
    // Leaving the page stops a run too: in the back-forward cache the page is frozen but its worker is not.
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#output .token').length >= 5, { timeout: 60_000 });
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.$eval('#stats', (e) => (e as HTMLElement).dataset.stopReason)).toBe('aborted');
    // One token has a first-token time but no decode rate: the stats leave out what was not measured.
    await setFields(page, { 'max-tokens': '1' });
    expect(await generate(page)).toHaveLength(1);
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/^6 prompt tokens · 1 generated · first token after \d+ ms · reached max tokens$/);
    await setFields(page, { 'max-tokens': '40' });
  });

  it('names the prompt\'s characters outside the model\'s alphabet, which it reads as its unknown token', async () => {
    await setFields(page, { 'max-tokens': '1' });
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('');
    await generate(page, { prompt: 'ROMEO: é{é' });
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('This model\'s alphabet has no “é” “{”: it reads each of them as its unknown token.');
    // Banning such a character bans the unknown token: said too (it was silent).
    await generate(page, { prompt: 'ROMEO: é', ban: 'é' });
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('This model\'s alphabet has no “é”: it reads that character as its unknown token. In "never write": This model\'s alphabet has no “é”: it reads that character as its unknown token.');
    await generate(page, { prompt: 'ROMEO:', ban: '' });
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('');
    await setFields(page, { 'max-tokens': '40' });
  });

  it('a prompt longer than the context: the model reads its end, and the note says how much was left out; an empty one asks for a prompt', async () => {
    const long = `ROMEO: ${'what light through yonder window breaks '.repeat(8)}`;
    await setFields(page, { 'max-tokens': '1' });
    expect(await generate(page, { prompt: long })).toHaveLength(1);
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe(`The prompt is longer than the 63 tokens the model reads before it writes (its context holds 64): its first ${long.length - 63} are left out.`);
    expect(await page.$eval('#output .prompt', (e) => e.textContent)).toBe(long.slice(-63));
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/^63 prompt tokens · 1 generated · /);
    expect(await generate(page, { prompt: '' })).toBe('');
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('Type a prompt: this model has no start-of-text token, so it needs at least one token to go on from.');
    expect(await shownErrors(page)).toEqual([]);
    await setFields(page, { prompt: 'ROMEO:', 'max-tokens': '40' });
  });

  it('a bad option is the engine\'s RangeError, naming the page\'s field; the last run stays, as for a field the page reads itself', async () => {
    const lastRun = () => Promise.all([page.$eval('#output', (e) => e.textContent), page.$eval('#stats', (e) => e.textContent)]);
    expect(await generate(page, { 'max-tokens': '3' })).toHaveLength(3);
    const before = await lastRun();
    await setFields(page, { 'top-p': '0', 'max-tokens': '40' });
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toBe('"top-p" must be in (0, 1] (1 = off), got 0');
    expect(await lastRun()).toEqual(before);
    // A cleared field named once: its label is the option's own name, and was quoted twice (""temperature"").
    await setFields(page, { 'top-p': '1', temperature: '' });
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toBe('"temperature" must be a number');
    await setFields(page, { temperature: '0.8' });
    expect(await generate(page)).toHaveLength(40);
    expect(await shownErrors(page)).toEqual([]);
  });
});

describe('playground with ../shared/data models', () => {
  const stories = { model: '/shared-data/stories260K/stories260K.bin', tokenizer: '/shared-data/stories260K/tok512.bin' };

  it('streams llama2.c\'s greedy stories260K text; a lost device is a DeviceLostError with a reload that brings the model back', async () => {
    const { page, errors } = await openPage(browser, playground({ ...stories, prompt: '', temperature: '0', 'max-tokens': '64', autorun: '1' }), ['done', 'error']);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    const text = await page.$eval('#output', (e) => e.textContent ?? '');
    expect(text.length).toBeGreaterThan(100);
    expect(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8').startsWith(text)).toBe(true);
    // Its tokenizer falls back to bytes: it reads every character, and the page says nothing.
    await generate(page, { prompt: 'Once upon a ☃ é', 'max-tokens': '1' });
    expect(await page.$eval('#prompt-note', (e) => e.textContent)).toBe('');
    await generate(page, { prompt: '', 'max-tokens': '64' });

    await page.evaluate(() => (window as unknown as { __shaderlmLoseDevice(): Promise<void> }).__shaderlmLoseDevice());
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toMatch(/^GPU device lost .*Reload the model$/);
    await page.click('#error .error-action');
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await shownErrors(page)).toEqual([]);
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.$eval('#output', (e) => e.textContent)).toBe(text);

    // Lost again: the picker no longer claims a model, and picking another loads it on a new engine.
    await page.evaluate(() => (window as unknown as { __shaderlmLoseDevice(): Promise<void> }).__shaderlmLoseDevice());
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.$eval('#model-status', (e) => e.textContent)).toBe('');
    await page.select('#model-default', 'default:shakespeare');
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.$eval('#model-status', (e) => e.textContent)).toMatch(/^Shakespeare, character by character: llama · /);
    await page.close();
  });

  it('a llama2.c checkpoint without its tokenizer: the message names the picker\'s field, and no stale progress stays', async () => {
    const { page } = await openPage(browser, playground({ model: stories.model }));
    const message = (await page.$eval('#model-error', (e) => e.textContent)) ?? '';
    expect(message).toMatch(/^stories260K\.bin is a llama2\.c checkpoint, which holds no tokenizer: a tokenizer file \(tokenizer\.bin\) is needed, given as the "llama2\.c tokenizer" field under the URL/);
    expect(message).not.toMatch(/LoadOptions|--tokenizer/);
    expect(await page.$eval('#model-progress', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('#model-status', (e) => e.textContent)).toBe('');
    expect(await page.$eval('#run', (e) => (e as HTMLButtonElement).disabled)).toBe(true); // no model to run
    await page.close();
  });

  it('never prints the end-of-sequence token, even when the model spells it out of ordinary tokens', async () => {
    // tinystories656K ends its greedy story with "<|", "end", "_story", "|>" and then its EOS id.
    const { page } = await openPage(browser, playground({ model: '/shared-data/tinystories656K', prompt: 'Once upon a time', temperature: '0', 'max-tokens': '200', autorun: '1' }), ['done', 'error']);
    expect(await shownErrors(page)).toEqual([]);
    const text = await page.$eval('#output', (e) => e.textContent ?? '');
    expect(text).toMatch(/find it\.$/);
    expect(text).not.toContain('<|end_story|>');
    expect(await page.$eval('#stats', (e) => (e as HTMLElement).dataset.stopReason)).toBe('eos');
    await page.close();
  });
});
