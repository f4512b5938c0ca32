// `shaderlm cache`: what the download cache keeps (`ls`, the default: each model's size, commits
// and revisions, and downloads not finished) and removing models, or one commit of one (`rm`).
// Node only; the cache is written by loads of hf: models (keptLocation in src/model/source.ts), and
// read by src/model/cache-contents.ts here.

import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageVersion, parseArgsMessage, UsageError } from './cli-args.js';
import { ModelSourceError } from './errors.js';
import { type CachedModel, commitWords, listCache, removeFromCache } from './model/cache-contents.js';
import { hubCacheFolder, huggingfaceHubCache } from './model/hub.js';

const CACHE_USAGE = `usage:
  shaderlm cache [ls]                         the models the download cache keeps: size, commits, revisions
  shaderlm cache rm <org/name[@revision]>...  remove models, or one commit of one (a revision kept
                                              for it, or its hash: 4 characters or more), from the cache

  The download cache is $SHADERLM_CACHE/hub, else ~/.cache/shaderlm/hub (SHADERLM_CACHE=off: none);
  loads of hf: models keep their files there (a folder an app gives the engine as its hubCache is not listed).
  huggingface_hub's own cache, which loads read too, is neither listed nor changed here unless
  SHADERLM_CACHE points at it (then it is listed, never changed).`;

const FLAGS = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } } as const; // --version as generate and train take it

export async function cacheCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${parseArgsMessage(e as Error, FLAGS, argv)}\n${CACHE_USAGE}`);
  }
  if (parsed.values.help) {
    console.log(CACHE_USAGE);
    return;
  }
  if (parsed.values.version) {
    console.log(`shaderlm ${packageVersion()}`);
    return;
  }
  const [action = 'ls', ...targets] = parsed.positionals;
  if (action === 'help' || action === 'version') throw new UsageError(`unknown cache command "${action}": shaderlm cache --${action}\n${CACHE_USAGE}`); // the flag was meant
  if (action !== 'ls' && action !== 'rm') throw new UsageError(`unknown cache command "${action}": ls or rm\n${CACHE_USAGE}`);
  if (action === 'ls' && targets.length) throw new UsageError(`cache ls takes no models, got ${targets.join(' ')}\n${CACHE_USAGE}`);
  if (action === 'rm' && !targets.length) throw new UsageError(`cache rm needs the models to remove: org/name, or org/name@revision for one commit\n${CACHE_USAGE}`);
  const root = hubCacheFolder(process.env, homedir());
  if (!root) {
    if (action === 'rm') throw new UsageError('the download cache is off (SHADERLM_CACHE=off): it keeps nothing to remove');
    console.log('the download cache is off (SHADERLM_CACHE=off)');
    return;
  }
  // SHADERLM_CACHE pointed at huggingface_hub's folder: its blobs are its own to manage.
  const theirs = resolve(root) === resolve(huggingfaceHubCache(process.env, homedir()));
  if (theirs && action === 'rm') throw new UsageError(`the download cache ${root} is huggingface_hub's own: remove its models with huggingface-cli delete-cache`);
  try {
    if (action === 'ls') return console.log(`${listing(root, await listCache(root))}${theirs ? '\n(this is huggingface_hub\'s cache: sizes count its snapshot links, not its blobs)' : ''}`);
  } catch (e) {
    if (e instanceof ModelSourceError) throw new UsageError(e.message);
    throw e;
  }
  // Each target, whatever the others do; those the cache does not hold are said together at the end.
  const refused: string[] = [];
  for (const target of targets) {
    try {
      const { repo, commits, revisions, bytes } = await removeFromCache(root, target);
      const one = target.includes('@') ? `@${commits[0]!.slice(0, 7)}` : '';
      const named = one && revisions.length ? `, kept as ${revisions.join(', ')}` : '';
      console.log(`removed ${repo}${one}${named} (${commits.length} commit${commits.length === 1 ? '' : 's'}, ${size(bytes)})`);
    } catch (e) {
      // A name the cache does not hold is a mistake in what was typed: said without a class name.
      if (!(e instanceof ModelSourceError)) throw e;
      refused.push(e.message);
    }
  }
  if (refused.length) throw new UsageError(refused.join('\nshaderlm: '));
}

/** The models under `root`, a line each (their commits, with the revisions kept for each, and the downloads not finished), and their total. */
function listing(root: string, models: CachedModel[]): string {
  if (!models.length) return `download cache ${root}: empty`;
  const width = Math.max(...models.map((m) => m.repo.length));
  const lines = models.flatMap((m) => {
    const commits = m.commits.map((c) => commitWords(c, m.commits)).join(', ') || 'no commit';
    const line = `  ${m.repo.padEnd(width)}  ${size(m.bytes).padStart(9)}  `;
    const under = (text: string) => `${' '.repeat(line.length)}${text}`;
    return [
      `${line}${commits}`,
      ...(m.partialBytes ? [under(`of which ${size(m.partialBytes)} in downloads that broke off (the next load goes on from them)`)] : []),
      ...(m.passingBytes ? [under(`of which ${size(m.passingBytes)} in files being written, or left by a process that ended (removed by a load when an hour old)`)] : []),
    ];
  });
  const total = models.reduce((n, m) => n + m.bytes, 0);
  return [`download cache ${root}:`, ...lines, `${models.length} model${models.length === 1 ? '' : 's'}, ${size(total)}`].join('\n');
}

/** Bytes in decimal units, as disks and downloads count them. */
function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} B`;
}
