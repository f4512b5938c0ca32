// Generated tokens on a page: each a span shaded by the probability the model gave it, and on
// hover (or tap) a tip listing the alternatives it weighed. The probabilities are those a piece
// carries when generate() is asked for logprobs: the model's own distribution at that step
// (after the repetition penalty and the logit bias, before temperature and the top-k/top-p/min-p filters).

import type { GeneratedPiece, TokenLogprob } from '../../src/model/generation.js';
import { Plot } from './charts.js';
import { h } from './dom.js';
import { visibleText } from './labels.js';

const SHADES = { type: 'linear', domain: [0, 0.5, 1], range: ['#f6a38f', '#fbe3a1', '#e4eefc'] } as const;
const shade = Plot.scale({ color: SHADES });

/** The background for a token of probability p: warm for unlikely choices, pale blue for likely ones. */
export function probabilityColor(p: number): string {
  return String(shade.apply(p));
}

/** The colour key of probabilityColor. */
export function probabilityLegend(): Element {
  return Plot.legend({ color: { ...SHADES, label: 'probability the model gave the token' }, width: 260, tickFormat: '.0%' });
}

const alternatives = new WeakMap<Element, NonNullable<GeneratedPiece['logprobs']>>();

/** A span of the piece's text, shaded by its token's probability when the piece carries one (data-p). */
export function tokenSpan(piece: GeneratedPiece): HTMLSpanElement {
  const span = h('span', { className: 'token' }, piece.text);
  if (piece.logprobs) {
    const p = Math.exp(piece.logprobs.chosen.logprob);
    span.dataset.p = p.toFixed(6);
    span.style.backgroundColor = probabilityColor(p);
    span.tabIndex = -1; // showAlternatives makes one token of its container a tab stop
    alternatives.set(span, piece.logprobs);
  }
  return span;
}

/** The page's one tip (#token-tip), shared by every container of tokens. */
let pageTip: HTMLDivElement | undefined;

/**
 * Hovering, focusing or tapping a token span inside `container` shows its alternatives in a tip
 * (#token-tip), which describes the span to screen readers while it shows. The tokens are one tab
 * stop, not hundreds: Tab reaches one (the first, or the last visited), and the arrow keys, Home
 * and End step through them.
 */
export function showAlternatives(container: HTMLElement): void {
  rovingFocus(container, '.token[data-p]');
  const tip = (pageTip ??= document.body.appendChild(h('div', { id: 'token-tip', className: 'token-tip', role: 'tooltip', hidden: true })));
  const show = (event: Event) => {
    const span = (event.target as Element).closest?.('.token');
    const logprobs = span && alternatives.get(span);
    if (!span || !logprobs) return;
    tip.replaceChildren(alternativesTable(logprobs.chosen, logprobs.top));
    tip.hidden = false;
    span.setAttribute('aria-describedby', tip.id);
    const box = span.getBoundingClientRect();
    const left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = `${Math.max(8, left) + scrollX}px`;
    tip.style.top = `${box.bottom + 6 + scrollY}px`;
  };
  const hide = (event: Event) => {
    tip.hidden = true;
    (event.target as Element).closest?.('.token')?.removeAttribute('aria-describedby');
  };
  container.addEventListener('mouseover', show);
  container.addEventListener('focusin', show);
  container.addEventListener('click', show);
  container.addEventListener('mouseout', hide);
  container.addEventListener('focusout', hide);
}

/** Keeps exactly one `selector` element of `container` in the tab order, as its tokens come and go, and moves it with the arrow keys. */
export function rovingFocus(container: HTMLElement, selector: string): void {
  const stop = () => container.querySelector<HTMLElement>(`${selector}[tabindex="0"]`);
  const moveStop = (to: HTMLElement) => {
    const from = stop();
    if (from && from !== to) from.tabIndex = -1;
    to.tabIndex = 0;
  };
  new MutationObserver(() => {
    const first = container.querySelector<HTMLElement>(selector);
    if (first && !stop()) first.tabIndex = 0;
  }).observe(container, { childList: true, subtree: true });
  container.addEventListener('focusin', (event) => {
    const item = (event.target as Element).closest?.<HTMLElement>(selector);
    if (item) moveStop(item);
  });
  container.addEventListener('keydown', (event) => {
    const item = (event.target as Element).closest?.<HTMLElement>(selector);
    if (!item || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return; // Alt+Left is the browser's Back
    const items = [...container.querySelectorAll<HTMLElement>(selector)];
    const at = items.indexOf(item);
    const steps: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    const next = items[steps[event.key] ?? -1];
    if (!next) return;
    event.preventDefault();
    moveStop(next);
    next.focus();
  });
}

function alternativesTable(chosen: TokenLogprob, top: TokenLogprob[]): HTMLElement {
  const rows = (top.some((t) => t.id === chosen.id) ? top : [...top, chosen]).map((t) => {
    const p = Math.exp(t.logprob);
    return h('tr', { className: t.id === chosen.id ? 'chosen' : '' },
      h('td', { className: 'tip-token' }, visibleText(t.text) || '∅'),
      h('td', { className: 'tip-bar' }, h('span', { style: `width:${(100 * p).toFixed(1)}%; background:${probabilityColor(p)}` })),
      h('td', { className: 'tip-p' }, `${(100 * p).toFixed(1)}%`));
  });
  return h('table', {}, h('caption', {}, 'the model\'s top choices here'), h('tbody', {}, ...rows));
}
