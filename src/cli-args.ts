// What both command lines (src/cli.ts and src/train/command.ts) share: the error for a mistake in what
// was typed, the check of node:util's parseArgs tokens before any option is used, and the Hub
// settings they read from the environment.

import { hubEndpointProblem, hubTokenProblem } from './model/hub.js';

/** A mistake in what was typed (a flag, an environment variable): printed as it is, with no class name. */
export class UsageError extends Error {}

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

/**
 * The Hub settings huggingface_hub reads from the environment, HF_TOKEN and HF_ENDPOINT (empty:
 * unset), for a command that reads `sources`: only when one is read over the network (hf: or a
 * URL), so that a malformed variable never stops a local run, and checked then, naming the variable
 * (never showing a token).
 */
export function hubEnvironment(sources: ReadonlyArray<string | undefined>): { hfToken?: string; hfEndpoint?: string } {
  if (!sources.some((s) => s !== undefined && /^(hf:|https?:\/\/)/.test(s))) return {};
  const { HF_TOKEN, HF_ENDPOINT } = process.env;
  const tokenProblem = HF_TOKEN ? hubTokenProblem(HF_TOKEN) : undefined;
  if (tokenProblem) throw new UsageError(`the HF_TOKEN environment variable ${tokenProblem}`);
  const endpointProblem = HF_ENDPOINT ? hubEndpointProblem(HF_ENDPOINT) : undefined;
  if (endpointProblem) throw new UsageError(`the HF_ENDPOINT environment variable ${endpointProblem}`);
  return { ...(HF_TOKEN ? { hfToken: HF_TOKEN } : {}), ...(HF_ENDPOINT ? { hfEndpoint: HF_ENDPOINT } : {}) };
}
