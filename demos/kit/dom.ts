// Small DOM helpers the demo pages share: element lookup, element building, the page's query
// parameters into its inputs, byte counts in words. Not a framework: pages stay plain scripts.

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo page has no #${id}`);
  return el as T;
}

/** An element with attributes (on*, hidden and the like as properties) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | number | ((event: Event) => void)> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (typeof value === 'boolean' || name in el) Object.assign(el, { [name]: value });
    else el.setAttribute(name, String(value));
  }
  el.append(...children);
  return el;
}

/**
 * Sets each input, select or textarea whose id is a query parameter of the page to its value
 * (checkboxes: "1"/"true" checks), so a link or a test can prepare the page; `skip` names
 * parameters that mean something else (the model picker's model and tokenizer, autorun).
 */
export function fillFromQuery(skip: readonly string[] = ['model', 'tokenizer', 'autorun']): URLSearchParams {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of params) {
    if (skip.includes(key)) continue;
    const input = document.getElementById(key);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = value === '1' || value === 'true';
    else if (input instanceof HTMLSelectElement) {
      if ([...input.options].some((option) => option.value === value)) input.value = value; // else its default, not a blank menu
    } else if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.value = value;
  }
  return params;
}

/** The value of a number input, or a RangeError naming it (`name`, else its label in quotes) when it is not a number. */
export function numberIn(id: string, name?: string): number {
  const input = $<HTMLInputElement>(id);
  const value = input.valueAsNumber;
  if (!Number.isFinite(value)) throw new RangeError(`${name ?? labelOf(input, id)} must be a number`);
  return value;
}

/** numberIn for a count (steps, tokens): a RangeError naming the field unless it is a whole number of at least 1. */
export function positiveIntegerIn(id: string, name?: string): number {
  const value = numberIn(id, name);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name ?? labelOf($<HTMLInputElement>(id), id)} must be a positive integer, got ${value}`);
  return value;
}

/** A field's label in quotes, as the page shows it (its id where it has none). */
function labelOf(input: HTMLInputElement, id: string): string {
  return `"${input.labels?.[0]?.textContent?.trim() ?? id}"`;
}

/** A probability as a percentage, e.g. 0.1234 -> "12.3%". */
export function formatPercent(p: number, digits = 1): string {
  return `${(100 * p).toFixed(digits)}%`;
}

export function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}
