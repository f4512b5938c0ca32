// What the download cache keeps, for `shaderlm cache`: each model under a cache root in
// huggingface_hub's layout (models--org--name/ with snapshots/<commit>/, refs/<revision> and
// .no_exist/<commit>/, as source.ts writes them), its size, its commits and the revisions kept for
// them, and the bytes of downloads not finished (<file>.partial, which the next load goes on from;
// .incomplete, a file being written, or left by a process that ended while it wrote); and removing
// a model, or one commit of it. Sizes are the files' own: a link counts as a link, never what it
// points to (loads write only files). Node only. Tests: tests/model/cache-contents.test.ts, tests/cli.test.ts.

import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelSourceError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';

export interface CachedCommit {
  commit: string;
  /** Its finished files' bytes. */
  bytes: number;
  /** The revisions (branches, tags) the cache last found at this commit. */
  revisions: string[];
}

export interface CachedModel {
  /** org/name */
  repo: string;
  folder: string;
  /** Everything under its folder: the commits' files, downloads not finished, the markers. */
  bytes: number;
  commits: CachedCommit[];
  /** Downloads that broke off (.partial), which the next load goes on from. */
  partialBytes: number;
  /** Files being written (.incomplete), or left by a process that ended while it wrote them (a load removes those an hour old). */
  passingBytes: number;
}

const REPO_FOLDER = /^models--([\w.-]+)--([\w.-]+)$/;
const COMMIT = /^[0-9a-f]{40}$/;
/** The models kept under `root`, by name; none where it does not exist, an error where it cannot be read. */
export async function listCache(root: string): Promise<CachedModel[]> {
  const names = await readdir(root).catch((e: Error & { code?: string }) => {
    if (e.code === 'ENOENT') return [];
    throw new ModelSourceError(`the download cache ${root} cannot be read: ${whyUnreadable(e)}`);
  });
  const models: CachedModel[] = [];
  for (const name of names.sort()) {
    const m = REPO_FOLDER.exec(name);
    if (m) models.push(await cachedModel(`${m[1]}/${m[2]}`, join(root, name)));
  }
  return models;
}

async function cachedModel(repo: string, folder: string): Promise<CachedModel> {
  const revisions = await keptRevisions(folder);
  const commits: CachedCommit[] = [];
  let [partialBytes, passingBytes] = [0, 0];
  for (const commit of (await readdir(join(folder, 'snapshots')).catch(() => [] as string[])).filter((c) => COMMIT.test(c)).sort()) {
    let bytes = 0;
    for (const file of await filesUnder(join(folder, 'snapshots', commit))) {
      // A partial download's validator (source.ts) is part of it, not a finished file.
      if (file.path.endsWith('.partial') || file.path.endsWith('.partial.validator')) partialBytes += file.size;
      else if (file.path.endsWith('.incomplete')) passingBytes += file.size;
      else bytes += file.size;
    }
    commits.push({ commit, bytes, revisions: [...revisions].filter(([, c]) => c === commit).map(([r]) => r).sort() });
  }
  const bytes = (await filesUnder(folder)).reduce((n, f) => n + f.size, 0);
  return { repo, folder, bytes, commits, partialBytes, passingBytes };
}

/** Each revision kept under refs/ (refs/pr/1 included), with the commit it names. */
async function keptRevisions(folder: string): Promise<Map<string, string>> {
  const refs = join(folder, 'refs');
  const found = new Map<string, string>();
  for (const file of await filesUnder(refs)) {
    const commit = (await readFile(file.path, 'utf8').catch(() => '')).trim();
    if (COMMIT.test(commit)) found.set(file.path.slice(refs.length + 1), commit);
  }
  return found;
}

/** The files under `folder`, every level, with their sizes; links count as links (their own size), folders they point to are not entered. */
async function filesUnder(folder: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files: { path: string; size: number }[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...await filesUnder(path));
    else files.push({ path, size: (await lstat(path).catch(() => undefined))?.size ?? 0 });
  }
  return files;
}

/**
 * Removes `target` from the cache at `root`: a model (org/name, or hf:org/name), or one commit of
 * it (org/name@revision: a commit, a unique start of one of at least 4 characters as the listing
 * shows them, or a revision kept for one), with the revisions kept for that commit and its
 * markers; the model's folder goes with its last commit. What was removed (the commits, the
 * revisions that named one), or a ModelSourceError saying what the cache holds instead.
 */
export async function removeFromCache(root: string, target: string): Promise<{ repo: string; commits: string[]; revisions: string[]; bytes: number }> {
  const m = /^(?:hf:)?([\w.-]+)\/([\w.-]+)(?:@(.+))?$/.exec(target);
  if (!m) throw new ModelSourceError(`"${target}" names no model: give org/name, or org/name@revision for one commit of it`);
  const [repo, revision] = [`${m[1]}/${m[2]}`, m[3]];
  const model = (await listCache(root)).find((kept) => kept.repo === repo);
  if (!model) throw new ModelSourceError(`${repo} is not in the download cache at ${root} (shaderlm cache lists what is)`);
  const all = model.commits.flatMap((c) => c.revisions);
  if (revision === undefined) {
    await rm(model.folder, { recursive: true, force: true });
    return { repo, commits: model.commits.map((c) => c.commit), revisions: all, bytes: model.bytes };
  }
  const commit = commitNamed(model, revision);
  if (model.commits.length === 1) {
    await rm(model.folder, { recursive: true, force: true });
    return { repo, commits: [commit.commit], revisions: all, bytes: model.bytes };
  }
  const snapshot = join(model.folder, 'snapshots', commit.commit);
  const bytes = (await filesUnder(snapshot)).reduce((n, f) => n + f.size, 0);
  await rm(snapshot, { recursive: true, force: true });
  await rm(join(model.folder, '.no_exist', commit.commit), { recursive: true, force: true });
  for (const kept of commit.revisions) await rm(join(model.folder, 'refs', kept), { force: true });
  return { repo, commits: [commit.commit], revisions: commit.revisions, bytes };
}

/** `c` as the listing and errors show it: as few of its characters as tell it from the other `commits` (7 at least, as git shows them), and the revisions kept for it. */
export function commitWords(c: CachedCommit, commits: readonly CachedCommit[]): string {
  let n = 7;
  while (n < c.commit.length && commits.some((other) => other.commit !== c.commit && other.commit.startsWith(c.commit.slice(0, n)))) n++;
  return `${c.commit.slice(0, n)}${c.revisions.length ? ` (${c.revisions.join(', ')})` : ''}`;
}

/** The commit of `model` that `revision` names: a revision kept for it, the commit, or a unique start of it (4 hex or more). */
function commitNamed(model: CachedModel, revision: string): CachedCommit {
  const named = model.commits.filter((c) => c.revisions.includes(revision));
  const started = /^[0-9a-f]{4,40}$/.test(revision) ? model.commits.filter((c) => c.commit.startsWith(revision)) : [];
  const found = named.length ? named : started;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new ModelSourceError(`${model.repo}@${revision}: names several commits kept in the download cache (${found.map((c) => c.commit).join(', ')}): give more of it`);
  throw new ModelSourceError(`${model.repo}@${revision}: no such commit kept in the download cache (kept: ${model.commits.map((c) => commitWords(c, model.commits)).join(', ') || 'none'})`);
}
