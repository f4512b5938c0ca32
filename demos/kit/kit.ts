// The demos' small UI kit: element lookup, status and error display, progress formatting.
// Not a framework: each demo stays a plain page with its own script.

export function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo page has no #${id}`);
  return el as T;
}

/** Shows `error` as "Name: message"; `rewrite` adapts the message to the page (its own field names). */
export function showError(target: HTMLElement, error: unknown, rewrite: (message: string) => string = (m) => m): void {
  const e = error as Error;
  target.textContent = `${e.name ?? 'Error'}: ${rewrite(e.message ?? String(error))}`;
  target.hidden = false;
  console.error(error);
}

export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}
