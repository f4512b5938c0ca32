// The playground: a prompt, every sampling option, and the continuation streamed token by token,
// each shaded by its probability (hover: the alternatives), with time to first token, tokens/s and
// a chart of how sure the model was of each choice. "Never write" bans the tokens of a text (a
// logit bias of -100 on each): the model has to choose among the rest. Query parameters fill the
// fields (?prompt=&temperature=&seed=&ban=...&autorun=1; ?model=&tokenizer= pick the model).
// Tests: tests/browser/playground.test.ts.

import type { StopReason } from '../../src/model/generation.js';
import { checkGenerateOptions } from '../../src/model/options.js';
import {
  $, fillFromQuery, h, mountChart, numberIn, Plot, probabilityColor, probabilityLegend, showAlternatives, startDemo, tokenSpan, visibleText,
  contextIds, contextNote, unknownNote, type RemoteModel,
} from '../kit/index.js';

const STOP_REASONS: Readonly<Record<StopReason, string>> = {
  maxTokens: 'reached max tokens',
  eos: 'the model ended the text',
  stop: 'met a stop string',
  aborted: 'stopped',
  context: 'the context is full',
  superseded: 'another run took the model over',
};

fillFromQuery();
const output = $('output');
const stats = $('stats');
const chart = mountChart($('chart'), null);

$('legend').append(probabilityLegend());
showAlternatives(output);

const demo = startDemo({
  model: 'default:shakespeare',
  onModel: clearRun, // the last run's text, tips and notes were another model's
  fields: { maxTokens: 'max tokens', temperature: 'temperature', topK: 'top-k', topP: 'top-p', minP: 'min-p', repetitionPenalty: 'repetition penalty', seed: 'seed' },
});

async function generate(model: RemoteModel, signal: AbortSignal): Promise<void> {
  const options = {
    maxTokens: numberIn('max-tokens'),
    temperature: numberIn('temperature'),
    topK: numberIn('top-k'),
    topP: numberIn('top-p'),
    minP: numberIn('min-p'),
    repetitionPenalty: numberIn('repetition-penalty'),
    seed: numberIn('seed'),
    logprobs: 5, // the chosen token's probability and the 5 likeliest, for the shading and the tips
  };
  const ban = $<HTMLInputElement>('ban').value;
  checkGenerateOptions(options); // before the last run is cleared, as a field the page reads itself
  clearRun();
  // What the model reads of the prompt: its end when it is longer than the context, as the other pages do.
  const read = await contextIds(model, $<HTMLTextAreaElement>('prompt').value, { writes: true });
  if (read.ids.length === 0) {
    $('prompt-note').textContent = 'Type a prompt: this model has no start-of-text token, so it needs at least one token to go on from.';
    return;
  }
  // A banned character the model cannot read bans its unknown token: said, as for the prompt.
  const unbannable = ban ? await model.unknownCharacters(ban) : [];
  $('prompt-note').textContent = [contextNote(model, read), unbannable.length ? `In "never write": ${unknownNote(unbannable)}` : ''].filter(Boolean).join(' ');
  const prompt = read.text;
  output.append(h('span', { className: 'prompt' }, prompt));
  const logitBias = await bans(model, ban);
  const started = performance.now();
  let firstMs: number | undefined;
  let tokens = 0;
  const chosen: { index: number; p: number; token: string }[] = [];
  const run = model.generate(prompt, { ...options, logitBias, signal });
  for await (const piece of run) {
    output.append(tokenSpan(piece));
    if (piece.id === undefined) continue;
    tokens++;
    firstMs ??= performance.now() - started;
    if (piece.logprobs) chosen.push({ index: tokens, p: Math.exp(piece.logprobs.chosen.logprob), token: visibleText(piece.logprobs.chosen.text) });
    const decodeSeconds = (performance.now() - started - firstMs) / 1000;
    stats.textContent = `first token after ${firstMs.toFixed(0)} ms · ${tokens} tokens${tokens > 1 ? ` · ${((tokens - 1) / decodeSeconds).toFixed(1)} tokens/s` : ''}`;
  }
  const s = await run.stats;
  // Only what the run measured: no first-token time without a token, no decode rate from fewer than two.
  stats.textContent = [
    `${s.promptTokens} prompt tokens`,
    `${s.generatedTokens} generated`,
    ...(s.generatedTokens > 0 ? [`first token after ${s.timeToFirstTokenMs.toFixed(0)} ms`] : []),
    ...(s.generatedTokens > 1 ? [`${s.decodeTokensPerSecond.toFixed(1)} tokens/s`] : []),
    STOP_REASONS[s.stopReason],
  ].join(' · ');
  stats.dataset.stopReason = s.stopReason;
  chart(chosen.length ? (width) => confidenceChart(chosen, width) : null);
}

function clearRun(): void {
  output.replaceChildren();
  stats.textContent = '';
  delete stats.dataset.stopReason;
  chart(null);
  $('prompt-note').textContent = '';
}

/** A bias of -100 on each token of `text` (none for an empty one): e^-100 leaves it no chance against any other. */
async function bans(model: RemoteModel, text: string): Promise<Map<number, number>> {
  const ids = text ? await model.tokenize(text, { bos: false }) : [];
  return new Map(ids.map((id) => [id, -100]));
}

/** The probability of each chosen token along the text: dips are where the model was unsure. */
function confidenceChart(chosen: { index: number; p: number; token: string }[], width: number): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height: 170,
    caption: 'How likely the model found each token it chose',
    x: { label: 'generated token', nice: true },
    y: { label: 'probability (%)', domain: [0, 100], percent: true, grid: true },
    marks: [
      Plot.ruleX(chosen, { x: 'index', y1: 0, y2: 'p', stroke: '#999' }),
      Plot.dot(chosen, { x: 'index', y: 'p', r: 3, fill: (d: { p: number }) => probabilityColor(d.p), stroke: '#555' }),
      Plot.tip(chosen, Plot.pointerX({ x: 'index', y: 'p', title: (d: { token: string; p: number }) => `${d.token}  ${(100 * d.p).toFixed(1)}%` })),
    ],
  });
}

demo.runButtons(generate);
$('new-seed').addEventListener('click', () => {
  $<HTMLInputElement>('seed').value = String(Math.floor(Math.random() * 2 ** 31));
});
