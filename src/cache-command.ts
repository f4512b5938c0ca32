// `shaderlm cache`: what the download cache keeps (`ls`, the default: each model's size, commits
// and revisions, and downloads not finished) and removing models, or one commit of one (`rm`).
// Node only; the cache is written by loads of hf: models (keptLocation in src/model/source.ts), and
// read by src/model/cache-contents.ts here.

import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { parseArgsMessage, UsageError } from './cli-args.js';
import { ModelSourceError } from './errors.js';
import { type CachedModel, listCache, removeFromCache } from './model/cache-contents.js';
import { hubCacheFolder } from './model/hub.js';

export const CACHE_USAGE = `usage:
  shaderlm cache [ls]                         the models the download cache keeps: size, commits, revisions
  shaderlm cache rm <org/name[@revision]>...  remove models, or one commit of one, from the cache

  The download cache is $SHADERLM_CACHE/hub, else ~/.cache/shaderlm/hub (SHADERLM_CACHE=off: none);
  loads of hf: models keep their files there. huggingface_hub's own cache, which loads read too, is
  neither listed nor changed here.`;

const FLAGS = { help: { type: 'boolean', short: 'h' } } as const;

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
  const [action = 'ls', ...targets] = parsed.positionals;
  if (action !== 'ls' && action !== 'rm') throw new UsageError(`unknown cache command "${action}": ls or rm\n${CACHE_USAGE}`);
  if (action === 'ls' && targets.length) throw new UsageError(`cache ls takes no models, got ${targets.join(' ')}\n${CACHE_USAGE}`);
  if (action === 'rm' && !targets.length) throw new UsageError(`cache rm needs the models to remove: org/name, or org/name@revision for one commit\n${CACHE_USAGE}`);
  const root = hubCacheFolder(process.env, homedir());
  if (!root) {
    if (action === 'rm') throw new UsageError('the download cache is off (SHADERLM_CACHE=off): it keeps nothing to remove');
    console.log('the download cache is off (SHADERLM_CACHE=off)');
    return;
  }
  if (action === 'ls') return console.log(listing(root, await listCache(root)));
  for (const target of targets) {
    try {
      const { repo, commits, bytes } = await removeFromCache(root, target);
      console.log(`removed ${repo}${target.includes('@') ? `@${commits[0]!.slice(0, 7)}` : ''} (${commits.length} commit${commits.length === 1 ? '' : 's'}, ${size(bytes)})`);
    } catch (e) {
      // A name the cache does not hold is a mistake in what was typed: said without a class name.
      if (e instanceof ModelSourceError) throw new UsageError(e.message);
      throw e;
    }
  }
}

/** The models under `root`, a line each (their commits, newest name first: the revisions kept for each), and their total. */
function listing(root: string, models: CachedModel[]): string {
  if (!models.length) return `download cache ${root}: empty`;
  const width = Math.max(...models.map((m) => m.repo.length));
  const lines = models.flatMap((m) => {
    const commits = m.commits.map((c) => `${c.commit.slice(0, 7)}${c.revisions.length ? ` (${c.revisions.join(', ')})` : ''}`).join(', ') || 'no commit';
    const line = `  ${m.repo.padEnd(width)}  ${size(m.bytes).padStart(9)}  `;
    const unfinished = m.unfinishedBytes ? [`${' '.repeat(line.length)}of which ${size(m.unfinishedBytes)} in downloads not finished (the next load goes on from them)`] : [];
    return [`${line}${commits}`, ...unfinished];
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
