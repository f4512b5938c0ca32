// The training page in headless Chromium, with the engine in its Web Worker: it opens on
// default:shakespeare, trains a tiny model from scratch for 20 steps (?steps=20&autorun=1) and the
// loss falls, the loss chart and a sample appear; fine-tuning the Shakespeare model on the page's
// lines changes what it writes for the same prompt and seed; Stop ends a run early; a shape or text
// the trainer would refuse fails before the last results are cleared, in the terms of the section
// it is in (an empty prompt too); a sample that fails says so under the sample and leaves Write
// again offered; a prompt character the model never saw is named; a status line never points at
// an error box that is empty; every field has a name;
// nothing sticks out at a phone's width.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parameterShapes } from '../../src/train/gpu/layout.js';
import { trainConfig } from '../../src/train/init.js';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let page: Page;
let errors: string[];

// Small on purpose (SwiftShader on a busy 2-core machine): 20 steps of a 1-layer model at learning
// rate 0.01 take the loss from about ln(57) ~ 4.0 well down (measured: 4.07 -> 2.79); 60 characters
// of sample and 6 fine-tuning steps keep the whole file near half a minute.
const QUERY = { steps: '20', layers: '1', width: '32', 'learning-rate': '0.01', 'max-tokens': '60', 'ft-steps': '6', autorun: '1' };

let url: string;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/training/?${new URLSearchParams(QUERY)}`, ['done', 'error']));
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

const text = (selector: string) => page.$eval(selector, (e) => e.textContent ?? '');
const generated = (selector: string) => page.$$eval(`${selector} .token`, (spans) => spans.map((s) => s.textContent).join(''));

describe('training page on default:shakespeare', () => {
  it('trains a model from scratch: every step charted, the loss falls, then it writes', async () => {
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    // No model picker: the page trains its own model and fine-tunes default:shakespeare, whatever one would pick.
    expect(await page.$('#model-picker')).toBeNull();
    expect(await text('#plan')).toMatch(/^[\d,]+ characters, \d+ different ones · a Llama of [\d,]+ parameters .* of GPU memory to train it/);
    const { firstLoss, lastLoss } = await page.$eval('#train-status', (e) => ({ ...(e as HTMLElement).dataset }));
    // Random weights start near ln(V) (the uniform guess); 20 steps must take it clearly lower,
    // by far more than the batch-to-batch noise of ~0.05 seen at the start.
    expect(Number(firstLoss)).toBeGreaterThan(Number(lastLoss) + 0.3);
    expect(await text('#train-status')).toMatch(/^20 steps in [\d.]+ s · 5,120 tokens seen · [\d,]+ tokens\/s · loss [\d.]+ → [\d.]+ · held-out [\d.]+ → [\d.]+ \(from step \d+\) · .* of GPU memory used$/);
    // The chart: a training line over 20 steps and a held-out line with its dots (every 2 steps).
    expect(await page.$$eval('#loss-chart svg path[stroke]', (paths) => paths.length)).toBeGreaterThanOrEqual(2);
    expect(await page.$$eval('#loss-chart svg circle', (dots) => dots.length)).toBe(10);
    expect(await text('#sample .prompt')).toBe('When ');
    expect(await generated('#sample')).toHaveLength(60); // one character per token
    expect(await screenshot(browser, page, 'training')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('writes again with the settings as they are now, without training again', async () => {
    const status = await text('#train-status');
    for (const [id, value] of Object.entries({ 'sample-prompt': 'ROMEO:', 'max-tokens': '25' })) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
    await page.click('#write-again');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await text('#sample .prompt')).toBe('ROMEO:');
    expect(await generated('#sample')).toHaveLength(25);
    expect(await text('#sample-status')).toMatch(/^written again \(seed \d+\)$/);
    expect(await text('#train-status')).toBe(status); // no training ran
    await page.$eval('#max-tokens', (el) => { (el as HTMLInputElement).value = '60'; });
  });

  // It cleared the curve and the sample first, then failed, leaving "Write again" beside nothing; a
  // text too short cleared them too (the trainer found it), and an empty one failed with a RangeError
  // about vocabSize 0.
  it('a shape or text the trainer refuses fails before the last run\'s curve, sample and status are cleared', async () => {
    const lastRun = () => Promise.all([generated('#sample'), page.$$eval('#loss-chart svg circle', (c) => c.length), text('#train-status'), page.$eval('#write-again', (b) => (b as HTMLElement).hidden)]);
    const before = await lastRun();
    const refused = async (message: string | RegExp) => {
      // Not page.click: the button can be in the window but under the last refusal's box, which sticks to the window's foot.
      await page.$eval('#train', (button) => (button as HTMLButtonElement).click());
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await text('#error')).toMatch(message);
      expect(await lastRun()).toEqual(before);
    };
    await page.$eval('#width', (el) => { (el as HTMLInputElement).value = '65'; });
    try {
      await refused(/"width" 65 is not divisible by "heads" 4/);
    } finally {
      await page.$eval('#width', (el) => { (el as HTMLInputElement).value = '64'; });
    }
    // Refused only after training, naming no field (the engine's "the prompt encodes to no tokens").
    await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = ''; });
    try {
      await refused('"prompt" of training from scratch (1) is empty: give the model a few characters to continue');
    } finally {
      await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = 'When '; });
    }
    // The sample's settings are checked before training, not once it has run (minutes, wasted).
    for (const [id, value, message] of [
      ['max-tokens', '0', '"length" must be a positive integer, got 0'],
      ['temperature', '-1', '"temperature" must be a number of 0 (greedy) or more, got -1'],
      ['steps', '0', '"steps" of training from scratch (1) must be a positive integer, got 0'],
      ['train-seed', '1.5', '"seed" of training from scratch (1) must be an integer in [0, 2^32), got 1.5'],
      // Review AG: the trainer refused it only after the last run was cleared.
      ['learning-rate', '-1', '"learning rate" of training from scratch (1) must be a positive number, got -1'],
    ] as const) {
      const was = await page.$eval(`#${id}`, (el, v) => [(el as HTMLInputElement).value, (el as HTMLInputElement).value = v][0]!, value);
      try {
        await refused(message);
      } finally {
        await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, was);
      }
    }
    // The plan line, which sized a batch of 0, says what Train will refuse, in the error box's words.
    const setField = (id: string, value: string) => page.$eval(`#${id}`, (el, v) => {
      const was = (el as HTMLInputElement).value;
      (el as HTMLInputElement).value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return was;
    }, value);
    for (const [id, value, message] of [
      ['batch', '0', '"batch" must be a positive integer, got 0'],
      ['width', '65', '"width" 65 is not divisible by "heads" 4: each head gets "width" / "heads" dimensions'],
    ] as const) {
      const was = await setField(id, value);
      try {
        expect(await text('#plan')).toBe(message);
      } finally {
        await setField(id, was);
      }
    }
    await page.select('#corpus', 'own');
    try {
      expect(await text('#plan')).toBe('Paste the text to train on into the box under "text".');
      await refused('Paste the text to train on into the box under "text".');
      await page.type('#own-text', 'abc'); // as a user types: the plan line hears it
      const tooShort = 'your text is too short for "context" 32: its last 10 %, held out to measure the loss on, is 1 character, and each window needs 33 (32 to read and the next one to guess). Paste more text, or lower "context".';
      expect(await text('#plan')).toBe(tooShort); // said before Train is pressed
      await refused(`${tooShort}`);
      // Characters by code point, as the trainer counts them (an emoji was two), and the parameters
      // of the vocabulary it builds: the 10 characters and the one for unknown ones.
      await page.$eval('#own-text', (el) => {
        (el as HTMLTextAreaElement).value = '日本語のテキスト😀 '.repeat(40);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const shape = await page.evaluate(() => ['layers', 'width', 'heads', 'context'].map((id) => Number((document.getElementById(id) as HTMLInputElement).value)));
      const [layers, width, heads, context] = shape as [number, number, number, number];
      const config = trainConfig({ architecture: 'llama', layers, width, heads, context, vocabSize: 11 });
      const parameters = [...parameterShapes(config).values()].reduce((n, dims) => n + dims.reduce((a, b) => a * b, 1), 0);
      expect(await text('#plan')).toMatch(new RegExp(`^400 characters, 10 different ones · a Llama of ${parameters.toLocaleString('en-US')} parameters`));
    } finally {
      await page.select('#corpus', 'sonnets');
    }
    expect(await text('#plan')).toMatch(/^[\d,]+ characters, \d+ different ones/);
  });

  // A sample that failed after a good training run said "the run failed" of the training, and
  // left Write again hidden: the model could not write again without training again.
  it('a sample that fails says so under the sample, the training\'s status stands, and Write again is offered', async () => {
    // A prompt longer than the context the model is trained for: known only once the model is made.
    await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = 'When '.repeat(20); });
    try {
      await page.$eval('#train', (button) => (button as HTMLButtonElement).click());
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await text('#train-status')).toMatch(/^20 steps in [\d.]+ s · /);
      expect(await text('#sample-status')).toBe('the sample failed: the message is below');
      expect((await shownErrors(page)).join(' ')).toBe('the prompt is at least 100 tokens, but the context holds 32: shorten it');
      expect(await page.$eval('#write-again', (b) => (b as HTMLElement).hidden)).toBe(false);
    } finally {
      await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = 'When '; });
    }
    // A prompt character the corpus never had is named, as on the other pages.
    await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = 'When € '; });
    try {
      await page.click('#write-again');
      expect(await waitForState(page, ['done', 'error'])).toBe('done');
      expect(await text('#sample-status')).toMatch(/^written again \(seed \d+\)\. This model's alphabet has no “€”: it reads that character as its unknown token\.$/);
    } finally {
      await page.$eval('#sample-prompt', (el) => { (el as HTMLInputElement).value = 'When '; });
    }
  });

  it('fine-tunes the Shakespeare model on the page\'s lines: the same prompt and seed write something else after', async () => {
    await page.click('#finetune');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await shownErrors(page)).toEqual([]);
    const before = await generated('#before');
    const after = await generated('#after');
    expect(before).toHaveLength(60);
    expect(after).toHaveLength(60);
    expect(after).not.toBe(before);
    expect(await text('#ft-status')).toMatch(/^6 steps in [\d.]+ s · loss [\d.]+ → [\d.]+ · on all your lines now [\d.]+$/);
    expect(await page.$$eval('#ft-chart svg path[stroke]', (paths) => paths.length)).toBeGreaterThanOrEqual(1);
    // Section 1 still shows its last run, said as such: the refusals above never touched it, and no line points at the emptied error box.
    expect(await text('#train-status')).toMatch(/^20 steps in /);
    expect(errors).toEqual([]);
    expect(await screenshot(browser, page, 'training-finetuned')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('Stop ends a long run after the step it is in; the model so far still writes', async () => {
    await page.$eval('#steps', (el) => { (el as HTMLInputElement).value = '5000'; });
    await page.click('#train');
    await page.waitForFunction(() => Number(/^step (\d+) of 5000/.exec(document.getElementById('train-status')?.textContent ?? '')?.[1]) >= 3, { timeout: 120_000, polling: 50 });
    // Only this section's Stop: the fine-tuning one would stop a run it does not belong to.
    expect(await page.$eval('#finetune-stop', (e) => (e as HTMLButtonElement).disabled)).toBe(true);
    await page.click('#train-stop');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    const steps = Number((await text('#train-status')).match(/^(\d+) steps in /)?.[1]);
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(steps).toBeLessThan(5000);
    expect(await text('#sample-status')).toBe(`written by the model after ${steps} steps (stopped early)`);
    expect(await generated('#sample')).toHaveLength(60); // the Stop that ended training used to end the sample before its first token
    expect(await shownErrors(page)).toEqual([]);
  });

  // It said '"context" 32 needs 33', naming section 1's field, after clearing this section.
  it('lines too short to fine-tune on are refused in this section\'s terms, before its results are cleared', async () => {
    const lastRun = () => Promise.all([generated('#before'), generated('#after'), text('#ft-status')]);
    const before = await lastRun();
    /** Fine-tuning with `field` set to `value` is refused with `message`, the last run kept; the field is restored. */
    const refused = async (field: string, value: string, message: string) => {
      const was = await page.$eval(field, (el, v) => {
        const input = el as HTMLInputElement | HTMLTextAreaElement;
        const old = input.value;
        input.value = v;
        return old;
      }, value);
      try {
        await page.click('#finetune');
        expect(await waitForState(page, ['done', 'error'])).toBe('error');
        expect(await text('#error')).toBe(message);
        expect(await lastRun()).toEqual(before);
      } finally {
        await page.$eval(field, (el, v) => { (el as HTMLInputElement | HTMLTextAreaElement).value = v; }, was);
      }
    };
    await refused('#lines', 'hi', 'your lines are 2 characters long, and fine-tuning needs 33 at least: it reads windows of 32 characters and learns to guess the one after each. Write more lines.');
    // Its own "steps" named as its own, before the sample before tuning is written.
    await refused('#ft-steps', '0', '"steps" of fine-tuning (2) must be a positive integer, got 0');
    // Its "prompt" too (review T: the engine's words named neither of the two).
    await refused('#ft-prompt', '', '"prompt" of fine-tuning (2) is empty: give the model a few characters to continue');
    // And its "seed" (review L: both sections have one), checked as generate() checks it: the sample before tuning takes it first.
    await refused('#ft-seed', '-1', '"seed" of fine-tuning (2) must be an integer in [0, 2^32), got -1');
    await refused('#ft-learning-rate', '0', '"learning rate" of fine-tuning (2) must be a positive number, got 0');
  });

  it('the trainer\'s refusal of a field both sections have names this section\'s', async () => {
    const was = await page.$eval('#ft-learning-rate', (el) => [(el as HTMLInputElement).value, (el as HTMLInputElement).value = '-1'][0]!);
    try {
      await page.click('#finetune');
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect((await shownErrors(page)).join(' ')).toBe('"learning rate" of fine-tuning (2) must be a positive number, got -1');
    } finally {
      await page.$eval('#ft-learning-rate', (el, v) => { (el as HTMLInputElement).value = v; }, was);
    }
  });

  // Review T: the trainer named the first such character only, after "Before" had been written again.
  it('a failed fine-tune says so in its status line, not "fine-tuning…"; lines the model cannot read are refused whole, before anything is cleared', async () => {
    // Characters the model has no tokens for, in lines long enough for a window.
    await page.$eval('#lines', (el) => { (el as HTMLTextAreaElement).value = 'naïve “quotes” — ë '.repeat(2); });
    const before = await text('#before');
    await page.click('#finetune');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await text('#ft-status')).toBe('the run failed: the message is below');
    expect((await shownErrors(page)).join(' ')).toBe('your lines hold “ï” ““” “”” “—” “ë”, which the model\'s alphabet has no token for: fine-tuning cannot learn them. Write them another way, or leave them out.');
    expect(await text('#before')).toBe(before);
  });

  it('once the next run empties the error box, a failed run\'s status line no longer points at it', async () => {
    await page.$eval('#max-tokens', (el) => { (el as HTMLInputElement).value = '3'; });
    await page.click('#write-again');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await text('#ft-status')).toBe('the run failed');
  });

  // Review AG: the trainer's advice named a warm-up and gradient clipping, which the page has no field for.
  it('a run that diverges says to lower this section\'s learning rate, and nothing the page has no field for', async () => {
    const diverging = await openPage(browser, `${url}/demos/training/?${new URLSearchParams({ ...QUERY, steps: '6', 'learning-rate': '1e9' })}`, ['done', 'error']);
    try {
      const [message] = await shownErrors(diverging.page);
      expect(message).toMatch(/^training diverged at step \d \(learning rate [\d.e+]+\): .*; lower the learning rate \("learning rate" of training from scratch \(1\)\)$/);
    } finally {
      await diverging.page.close();
    }
  });

  it('names every field for screen readers', async () => {
    const unnamed: string[] = [];
    for (const field of await page.$$('input, select, textarea')) {
      const node = await page.accessibility.snapshot({ root: field, interestingOnly: false });
      if (node && !node.name?.trim()) unnamed.push(await field.evaluate((el) => el.id));
    }
    expect(unnamed).toEqual([]);
  });

  it('fits a phone\'s width: nothing sticks out sideways', async () => {
    await page.setViewport({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // Nor past its box's edge, where the text picker's words were cut.
    const pastTheirBox = await page.$$eval('fieldset :is(input, select, textarea, button)', (fields) => fields.filter((field) => {
      const box = field.closest('fieldset')!;
      return field.getBoundingClientRect().right > box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight);
    }).map((field) => field.id));
    expect(pastTheirBox).toEqual([]);
    // The loss chart's "guessing evenly ..." line is wrapped inside it (review AG: at 390 px it began 110 px left of the chart).
    await page.waitForFunction(() => document.querySelector('.uniform-label')!.closest('svg')!.getBoundingClientRect().width <= 320);
    const label = await page.$eval('.uniform-label', (g) => {
      const [svg, text] = [g.closest('svg')!.getBoundingClientRect(), g.getBoundingClientRect()];
      return { left: text.left - svg.left, right: svg.right - text.right, top: text.top - svg.top };
    });
    expect(Math.min(label.left, label.right, label.top), JSON.stringify(label)).toBeGreaterThanOrEqual(0);
    expect(await screenshot(browser, page, 'training-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
  });
});
