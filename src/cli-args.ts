// What both command lines (src/cli.ts and src/train/command.ts) share: the check of node:util's parseArgs
// tokens before any option is used, and the Hub settings they read from the environment.

type ParsedToken = { kind: string; name?: string; rawName?: string };

/**
 * The first flag given twice, as typed (a second value would replace the first in silence), or
 * undefined; flags declared `multiple` may repeat.
 */
export function repeatedFlag(tokens: readonly ParsedToken[], options: Readonly<Record<string, { type: string; multiple?: boolean }>>): string | undefined {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || !t.name || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) return t.rawName ?? `--${t.name}`;
    seen.add(t.name);
  }
  return undefined;
}

/** The Hub settings huggingface_hub reads from the environment: HF_TOKEN and HF_ENDPOINT (empty: unset). */
export function hubEnvironment(): { hfToken?: string; hfEndpoint?: string } {
  const { HF_TOKEN, HF_ENDPOINT } = process.env;
  return { ...(HF_TOKEN ? { hfToken: HF_TOKEN } : {}), ...(HF_ENDPOINT ? { hfEndpoint: HF_ENDPOINT } : {}) };
}
