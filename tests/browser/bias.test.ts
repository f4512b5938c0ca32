// The bias page in headless Chromium on default:shakespeare: the templates are charted as the
// model loads, one bar group per template and one bar per word, each word's share equal to one
// computed here from the in-page engine's logits; then two tiny models trained in the tab on
// corpora skewed opposite ways (few steps, by query parameter) each prefer their own corpus's
// pronoun for the doctor, the verdict setting the teacher's share (the control) beside it, the two
// loss lines drawn apart; the skew field refuses a value out of range by name and is worded as the
// page words it; the template fields have names; a template too long for the trained models is
// refused before training, and one that fails to chart can be fixed and charted again without
// training again; no sideways scroll at phone width.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

/** Few steps keep the test short on SwiftShader; measured, 60 steps already give each model its corpus's lean. */
const STEPS = 60;

let browser: Browser;
let server: ViteDevServer;
let url: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/bias/?steps=${STEPS}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A grouped bar chart as drawn: the template lines, and each bar's label and shown percentage. */
const chartOf = (selector: string) => page.$eval(selector, (chart) => ({
  templates: [...chart.querySelectorAll('g.template text')].map((t) => t.textContent),
  bars: chart.querySelectorAll('g.filling rect').length,
}));

describe('bias on default:shakespeare', () => {
  it('charts every template as the model loads: one bar group per template, one bar per word', async () => {
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    const lines = (await page.$eval('#templates', (e) => (e as HTMLTextAreaElement).value)).split('\n');
    const chart = await chartOf('#template-chart');
    expect(chart.templates).toEqual(lines.map((line) => line.split('|')[0]!.trim()));
    expect(chart.bars).toBe(lines.reduce((n, line) => n + line.split('|')[1]!.split(',').length, 0));
    expect(await screenshot(browser, page, 'bias')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('the template fields have accessible names; the skew reads as the page served it', async () => {
    for (const [id, name] of [['templates', 'templates'], ['trained-templates', 'templates for the trained models']] as const) {
      expect((await page.accessibility.snapshot({ root: (await page.$(`#${id}`))! }))?.name).toBe(name);
    }
    const served = await page.evaluate(async () => new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html').getElementById('share-label')?.textContent);
    expect(await page.$eval('#share-label', (e) => e.textContent)).toBe(served); // rewritten on load: the same words
  });

  it('a skew out of range is refused by name in place of the corpora; a good one brings them back', async () => {
    const setSkew = (value: string) => page.$eval('#skew', (el, v) => { (el as HTMLInputElement).value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, value);
    await setSkew('120');
    expect(await page.$eval('#corpora', (e) => e.textContent)).toBe('"skew (%)" must be between 0 and 100, got 120');
    await setSkew(''); // emptied: the refusal of 120 goes with it (review AG: it stood under the empty field)
    expect(await page.$eval('#corpora', (e) => e.textContent)).toBe('');
    await setSkew('80');
    expect(await page.$eval('#share-label', (e) => e.textContent)).toBe('80 times in 100');
    expect(await page.$$eval('#corpora summary', (s) => s.map((e) => e.textContent))).toEqual([
      expect.stringMatching(/^Corpus A: 600 sentences, “he” in \d+; the doctor is “he” in \d+ of \d+$/),
      expect.stringMatching(/^Corpus B: 600 sentences, “she” in \d+; the doctor is “she” in \d+ of \d+$/),
    ]);
    await setSkew('90');
  });

  // Review T: the trainer's "steps must be a positive integer" named no field of the page's.
  it('"steps" that is no positive integer is refused by its name, before training', async () => {
    const was = await page.$eval('#steps', (el) => [(el as HTMLInputElement).value, (el as HTMLInputElement).value = '0'][0]!);
    try {
      await page.click('#train');
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await shownErrors(page)).toEqual(['"steps" must be a positive integer, got 0']);
      expect(await page.$eval('#train-status', (e) => e.textContent)).toBe('');
    } finally {
      await page.$eval('#steps', (el, v) => { (el as HTMLInputElement).value = v; }, was);
    }
  });

  it('each word\'s share is the probability of its sentence from the model\'s own logits, over the template\'s words', async () => {
    const line = (await page.$eval('#templates', (e) => (e as HTMLTextAreaElement).value)).split('\n')[0]!;
    const [sentence, list] = line.split('|') as [string, string];
    const [before, after] = sentence.trim().split('___') as [string, string];
    const words = list.split(',').map((w) => w.trim());
    // The page scores through inspect() in the worker; here, an in-page engine's logits and a softmax of our own,
    // in a tab of its own (loading a folder by URL probes optional files: 404s that are not the page's).
    const tab = await browser.newPage();
    await tab.goto(`${url}/demos/`); // the landing page: the same origin, no engine of its own
    const expected = await tab.evaluate(`(async () => {
      const { createEngine } = await import('/src/index.ts');
      const engine = await createEngine();
      const model = await engine.load(new URL('/demos/models/shakespeare-char', location.href).href);
      const before = ${JSON.stringify(before)};
      const logprobs = [];
      for (const word of ${JSON.stringify(words)}) {
        const ids = model.tokenize(before + word + ${JSON.stringify(after)});
        const logits = await model.logits(ids);
        const V = logits.length / ids.length;
        let sum = 0;
        for (let t = before.length; t < ids.length; t++) { // one token per character
          const row = logits.subarray((t - 1) * V, t * V);
          const max = Math.max(...row);
          sum += row[ids[t]] - max - Math.log(row.reduce((z, x) => z + Math.exp(x - max), 0));
        }
        logprobs.push(sum);
      }
      engine.destroy();
      const total = logprobs.reduce((z, lp) => z + Math.exp(lp - logprobs[0]), 0);
      return logprobs.map((lp) => Math.round(100 * Math.exp(lp - logprobs[0]) / total) + ' %');
    })()`);
    await tab.close();
    const shown = await page.$$eval('#template-chart g[aria-label="text"] text', (texts) => texts.map((t) => t.textContent));
    expect(shown.slice(0, words.length)).toEqual(expected); // the first group's bars, as the page prints them (whole percent)
  });

  it('two tiny models trained on opposite skews each prefer their own corpus\'s pronoun for the doctor', async () => {
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await shownErrors(page)).toEqual([]);
    const verdicts = await page.$$eval('#verdict [data-model]', (ps) => ps.map((p) => [(p as HTMLElement).dataset.model, (p as HTMLElement).dataset.prefers]));
    expect(verdicts).toEqual([['A', 'he'], ['B', 'she']]);
    expect(await page.$eval('#train-status', (e) => e.textContent)).toBe('trained A and B');
    expect(await page.$$eval('#loss-chart svg g[aria-label="line"] path', (lines) => lines.length)).toBe(2);
    const chart = await chartOf('#trained-chart');
    expect(chart.templates).toEqual(['the doctor said that ___ was', 'the teacher said that ___ was']);
    expect(chart.bars).toBe(2 * 2 * 2); // 2 templates, 2 models, 2 words
    expect(await screenshot(browser, page, 'bias-trained')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  // Review T: the verdict compared the preferred word's shares, so a model B that preferred "he" for
  // the doctor was said to lean about doctors beyond its corpus, whose lean is "she".
  it('each verdict sets the share of the corpus\'s pronoun in the teacher\'s template, the control, beside the doctor\'s; the two loss lines are drawn apart', async () => {
    // The bars' percentages: the doctor's A·he, A·she, B·he, B·she, then the teacher's.
    const shares = await page.$$eval('#trained-chart g[aria-label="text"] text', (texts) => texts.map((t) => t.textContent!));
    const shown = await page.$$eval('#verdict [data-model]', (ps) => ps.map((p) => {
      const { model, prefers, controlPrefers } = (p as HTMLElement).dataset;
      return { model: model!, prefers: prefers!, controlPrefers: controlPrefers!, text: p.textContent! };
    }));
    const pct = (share: string) => parseInt(share, 10);
    const expected = [['A', 'he', 0], ['B', 'she', 1]].map(([name, pronoun, model]) => {
      const at = (template: number, word: number) => shares[4 * template + 2 * (model as number) + word]!;
      const own = pronoun === 'he' ? 0 : 1;
      const { prefers, controlPrefers } = shown.find((v) => v.model === name)!;
      // The page decides ties by unrounded shares; where the printed ones differ, they agree with it.
      for (const [template, word] of [[0, prefers], [1, controlPrefers]] as const) {
        const [he, she] = [pct(at(template, 0)), pct(at(template, 1))];
        if (he !== she) expect(word, `${name} template ${template}`).toBe(he > she ? 'he' : 'she');
      }
      const points = pct(at(0, own)) - pct(at(1, own));
      const than = points >= 5 ? `That is ${points} points more than the control` : points <= -5 ? `That is ${-points} points less than the control` : 'That is within 5 points of the control';
      const notYet = `it has not picked up its corpus's overall lean yet: “${pronoun}” does not lead in the control (more steps may teach it).`;
      const beyond = controlPrefers !== pronoun ? `${than}: ${points >= 5 ? 'a lean about doctors, though' : 'no lean about doctors, and'} ${notYet}`
        : points >= 5 ? `${than}: a lean about doctors, beyond the corpus's overall one.`
        : points <= -5 ? `${than}: no lean about doctors, only the corpus's overall one.`
        : `${than}: no lean about doctors beyond the corpus's overall one.`;
      const best = prefers === 'he' ? 0 : 1;
      const against = prefers === pronoun ? '' : `, not its corpus's “${pronoun}” (${at(0, own)})`;
      return `Model ${name}, trained where the doctor is “${pronoun}” 90 times in 100, fills “the doctor said that ___ was” with “${prefers}” (${at(0, best)})${against}; the control, “the teacher said that ___ was”, with “${pronoun}” ${at(1, own)}. ${beyond}`;
    });
    expect(shown.map((v) => v.text)).toEqual(expected);
    const lines = await page.$$eval('#loss-chart svg g[aria-label="line"]', (gs) => gs.map((g) => `${g.getAttribute('stroke-width')} ${g.getAttribute('stroke-dasharray')}`));
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toBe(lines[1]);
  });

  // A template too long for the trained models failed only once both had trained, and one that
  // failed to chart hid "Chart again": the models had to be trained again to chart them at all.
  it('a template too long for the trained models is refused before training; one that fails to chart can be fixed and charted again', async () => {
    const setField = (selector: string, value: string) => page.$eval(selector, (e, v) => { (e as HTMLInputElement).value = v; }, value);
    const good = await page.$eval('#trained-templates', (e) => (e as HTMLTextAreaElement).value);
    await setField('#trained-templates', 'the doctor said that ___ was at the hospital | he, she');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await shownErrors(page)).toEqual(['the template "the doctor said that ___ was at the hospital" filled with "he" is 43 characters, but the trained models read at most 32 (a token a character): shorten it']);
    expect(await page.$eval('#train-status', (e) => e.textContent)).toBe('trained A and B'); // nothing trained, nothing lost
    // Words the trained models cannot tell apart (characters outside their corpora) fail the chart, after training.
    await setField('#steps', '2');
    await setField('#trained-templates', 'the doctor said ___ | ø, å');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await shownErrors(page)).toEqual([expect.stringMatching(/^"ø" and "å" are the same tokens to this model/)]);
    expect(await page.$eval('#chart-trained', (b) => (b as HTMLButtonElement).hidden)).toBe(false);
    await setField('#trained-templates', good);
    await page.click('#chart-trained');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect((await chartOf('#trained-chart')).templates).toEqual(['the doctor said that ___ was', 'the teacher said that ___ was']);
  });

  it('a phone-wide window has no sideways scroll', async () => {
    await page.setViewport({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'bias-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
    expect(errors).toEqual([]);
  });
});
