// What the download cache keeps, for `shaderlm cache`: each model under a cache root in
// huggingface_hub's layout (models--org--name/ with snapshots/<commit>/, refs/<revision> and
// .no_exist/<commit>/, as source.ts writes them), its size, its commits and the revisions kept for
// them, and the bytes of downloads not finished (<file>.partial, which the next load goes on from;
// .incomplete, a passing file of a process that ended while it wrote); and removing a model, or one
// commit of it. Node only. Tests: tests/model/cache-contents.test.ts, tests/cli.test.ts.

import { lstat, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelSourceError } from '../errors.js';

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
  /** Downloads not finished: what broke off (.partial) and passing files left by a process that ended. */
  unfinishedBytes: number;
}

const REPO_FOLDER = /^models--([\w.-]+)--([\w.-]+)$/;
const COMMIT = /^[0-9a-f]{40}$/;
const unfinished = (name: string) => name.endsWith('.partial') || name.endsWith('.incomplete');

/** The models kept under `root`, by name; none where it does not exist. */
export async function listCache(root: string): Promise<CachedModel[]> {
  const names = await readdir(root).catch(() => [] as string[]);
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
  let unfinishedBytes = 0;
  for (const commit of (await readdir(join(folder, 'snapshots')).catch(() => [] as string[])).filter((c) => COMMIT.test(c)).sort()) {
    let bytes = 0;
    for (const file of await filesUnder(join(folder, 'snapshots', commit), true)) {
      if (unfinished(file.path)) unfinishedBytes += file.size;
      else bytes += file.size;
    }
    commits.push({ commit, bytes, revisions: [...revisions].filter(([, c]) => c === commit).map(([r]) => r).sort() });
  }
  // A link (huggingface_hub's snapshot files link to blobs) counts where it points, once: its blob, not the link.
  const bytes = (await filesUnder(folder, false)).reduce((n, f) => n + f.size, 0);
  return { repo, folder, bytes, commits, unfinishedBytes };
}

/** Each revision kept under refs/ (refs/pr/1 included), with the commit it names. */
async function keptRevisions(folder: string): Promise<Map<string, string>> {
  const refs = join(folder, 'refs');
  const found = new Map<string, string>();
  for (const file of await filesUnder(refs, false)) {
    const commit = (await readFile(file.path, 'utf8').catch(() => '')).trim();
    if (COMMIT.test(commit)) found.set(file.path.slice(refs.length + 1), commit);
  }
  return found;
}

/** The files under `folder`, every level, with their sizes: links followed where `follow`, else left out. */
async function filesUnder(folder: string, follow: boolean): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files: { path: string; size: number }[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...await filesUnder(path, follow));
    else if (entry.isFile() || (follow && entry.isSymbolicLink())) {
      const info = await (follow ? stat(path) : lstat(path)).catch(() => undefined);
      if (info?.isFile()) files.push({ path, size: info.size });
    }
  }
  return files;
}

/**
 * Removes `target` from the cache at `root`: a model (org/name, or hf:org/name), or one commit of
 * it (org/name@revision: a commit, or a revision kept for one), with the revisions kept for that
 * commit and its markers; the model's folder goes with its last commit. What was removed, or a
 * ModelSourceError saying what the cache holds instead.
 */
export async function removeFromCache(root: string, target: string): Promise<{ repo: string; commits: string[]; bytes: number }> {
  const m = /^(?:hf:)?([\w.-]+)\/([\w.-]+)(?:@(.+))?$/.exec(target);
  if (!m) throw new ModelSourceError(`"${target}" names no model: give org/name, or org/name@revision for one commit of it`);
  const [repo, revision] = [`${m[1]}/${m[2]}`, m[3]];
  const model = (await listCache(root)).find((kept) => kept.repo === repo);
  if (!model) throw new ModelSourceError(`${repo} is not in the download cache at ${root} (shaderlm cache lists what is)`);
  if (revision === undefined) {
    await rm(model.folder, { recursive: true, force: true });
    return { repo, commits: model.commits.map((c) => c.commit), bytes: model.bytes };
  }
  const commit = model.commits.find((c) => c.commit === revision || c.revisions.includes(revision));
  if (!commit) {
    const kept = model.commits.map((c) => `${c.commit.slice(0, 7)}${c.revisions.length ? ` (${c.revisions.join(', ')})` : ''}`).join(', ') || 'none';
    throw new ModelSourceError(`${repo}@${revision}: no such commit kept in the download cache (kept: ${kept})`);
  }
  if (model.commits.length === 1) {
    await rm(model.folder, { recursive: true, force: true });
    return { repo, commits: [commit.commit], bytes: model.bytes };
  }
  const snapshot = join(model.folder, 'snapshots', commit.commit);
  const bytes = (await filesUnder(snapshot, true)).reduce((n, f) => n + f.size, 0);
  await rm(snapshot, { recursive: true, force: true });
  await rm(join(model.folder, '.no_exist', commit.commit), { recursive: true, force: true });
  for (const kept of commit.revisions) await rm(join(model.folder, 'refs', kept), { force: true });
  return { repo, commits: [commit.commit], bytes };
}
