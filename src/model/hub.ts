// Hugging Face Hub sources: `hf:org/name[/path][@revision]` specs, the commit a branch or tag points
// to (asked of the Hub's API once per load, so that every file of one load comes from one commit),
// an access token sent to the Hub alone (gated and private repositories), another endpoint (a
// mirror), which Hub URLs never change (a download cache may serve those without asking), and
// where a file of a commit is kept on disk (hubCachePath). Tests: tests/model/hub.test.ts.

import { ModelSourceError } from '../errors.js';
import { getResponse, responseText } from './request.js';
import { describe } from '../value-words.js';

/** The Hub's address unless LoadOptions.hfEndpoint names another (a mirror, as HF_ENDPOINT does for huggingface_hub). */
const DEFAULT_HUB = 'https://huggingface.co';
const COMMIT = /^[0-9a-f]{40}$/;

interface HubSpec {
  repo: string;
  /** '' or a subfolder, with its leading / */
  path: string;
  revision: string;
}

function parseSpec(spec: string): HubSpec {
  const m = /^hf:([\w.-]+\/[\w.-]+)((?:\/[\w.-]+)*)(?:@(.+))?$/.exec(spec);
  if (!m) throw new ModelSourceError(`bad Hugging Face source "${spec}": expected hf:org/name[/path][@revision]`);
  const parsed = { repo: m[1]!, path: m[2]!, revision: m[3] ?? 'main' };
  // In a URL they climb out: hf:org/name/../../other/repo read another repository's files.
  const segments = [...parsed.repo.split('/'), ...parsed.path.split('/').slice(1), ...parsed.revision.split('/')];
  if (segments.some((part) => part === '.' || part === '..')) {
    throw new ModelSourceError(`bad Hugging Face source "${spec}": "." and ".." name no repository, folder or revision`);
  }
  // The Hub allows none, and the download cache's folder (models--org--name) would be another's: hf:a--b/c and hf:a/b--c.
  if (parsed.repo.includes('--')) throw new ModelSourceError(`bad Hugging Face source "${spec}": a repository's name holds no "--" on the Hub`);
  return parsed;
}

/** How a load reaches the Hub: its endpoint (default DEFAULT_HUB, no trailing /) and whether it sends an access token. */
export interface HubAccess {
  endpoint?: string;
  token?: boolean;
  signal?: AbortSignal;
  /** How long the API may take to answer at all (LoadOptions.stallMs). */
  stallMs?: number;
  /** The commit a download cache keeps for the revision: used where the API cannot be reached, told where it answers. */
  kept?: KeptCommit;
}

/** `<endpoint>/org/name/resolve/<revision>[/path]`; the Hub takes revisions with slashes (refs/pr/1) percent-encoded, as huggingface_hub does. */
const resolveUrl = ({ repo, path, revision }: HubSpec, endpoint: string) => `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}${path}`;

/** The Hub API's URL that answers which commit `spec`'s revision points to (a small JSON object). */
export function hubRevisionUrl(spec: string, endpoint = DEFAULT_HUB): string {
  const { repo, revision } = parseSpec(spec);
  return `${endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}`;
}

/**
 * Where `spec`'s file or folder at `commit` is kept under a cache `root`, in huggingface_hub's
 * layout: `<root>/models--org--name/snapshots/<commit>[/path]`, or (`absent`) where an empty file
 * says the commit has no such file: `.no_exist/<commit>[/path]`. A commit's files never change, so
 * what is kept there is what the Hub would send.
 */
export function hubCachePath(spec: string, commit: string, root: string, absent = false): string {
  const { repo, path } = parseSpec(spec);
  return `${repoFolder(repo, root)}/${absent ? '.no_exist' : 'snapshots'}/${commit}${path}`;
}

/** Where a cache `root` keeps the commit `spec`'s revision was last found at: `<root>/models--org--name/refs/<revision>`. */
export function hubRefPath(spec: string, root: string): string {
  const { repo, revision } = parseSpec(spec);
  return `${repoFolder(repo, root)}/refs/${revision}`;
}

const repoFolder = (repo: string, root: string) => `${root.replace(/\/+$/, '')}/models--${repo.replace('/', '--')}`;

/**
 * The folder Node keeps `hf:` downloads in unless LoadOptions.hubCache names one: `env`'s
 * SHADERLM_CACHE + /hub, else `home`/.cache/shaderlm/hub; undefined where SHADERLM_CACHE is off.
 */
export function hubCacheFolder(env: Record<string, string | undefined>, home: string): string | undefined {
  if (env.SHADERLM_CACHE === 'off') return undefined;
  return env.SHADERLM_CACHE ? `${inHome(env.SHADERLM_CACHE, home).replace(/\/+$/, '')}/hub` : `${home}/.cache/shaderlm/hub`;
}

/** huggingface_hub's own cache, which loads read but never write: HF_HUB_CACHE, else HF_HOME/hub, else `home`/.cache/huggingface/hub. */
export function huggingfaceHubCache(env: Record<string, string | undefined>, home: string): string {
  return env.HF_HUB_CACHE ? inHome(env.HF_HUB_CACHE, home) : env.HF_HOME ? `${inHome(env.HF_HOME, home).replace(/\/+$/, '')}/hub` : `${home}/.cache/huggingface/hub`;
}

/**
 * A leading ~ or ~/ as the home folder (huggingface_hub expands its variables' ~ too): a shell leaves
 * it as typed in quotes, and a folder named ~ was made in the working directory. Another user's
 * ~name is left as it is.
 */
function inHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** A revision's commit as a download cache last kept it (ResolveOptions.hubCache): asked where the Hub cannot be reached. */
export interface KeptCommit {
  /** The commit kept for the revision, where its files are kept too; undefined if none. */
  read(): Promise<string | undefined>;
  /** Told the commit the Hub answered, to keep with the files once the load has checked them. */
  write(commit: string): Promise<void>;
}

/** Why `endpoint` cannot be a Hub's address (an http or https URL with no query or credentials), in words; undefined when it can. */
export function hubEndpointProblem(endpoint: unknown): string | undefined {
  const url = typeof endpoint === 'string' && URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  // Not shown: it would print them.
  if (url && (url.username || url.password)) return 'must not carry a user name or password (an access token goes in hfToken)';
  if (url && /^https?:$/.test(url.protocol) && !url.search && !url.hash) return undefined;
  return `must be the http(s) address of a Hugging Face Hub or mirror, such as "https://hf-mirror.com", got ${describe(endpoint)}`;
}

/** `endpoint` as the URLs are built from it: without a trailing /. */
const hubEndpoint = (endpoint: string | undefined): string => (endpoint ?? DEFAULT_HUB).replace(/\/+$/, '');

/** Where a `hf:` source's files are read: at `commit` where one is known. */
export interface HubRead {
  url: string;
  commit?: string;
  /** The Hub did not say (no answer, or its API busy or down): `commit` is the one a cache keeps for the revision. */
  unasked?: true;
  /** The status of a busy or failing API (429, 5xx) where no cache keeps a commit: `url` is the branch's, unpinned. */
  busy?: number;
}

/**
 * The resolve URL of `spec` at the commit its branch or tag points to now, and that commit (a spec
 * naming a commit needs no question). Files are then read from one commit even if the repository changes while
 * they download, and a cache can keep them without checking each (hubUrlKind: 'commit-file'). A failed
 * request or an unexpected answer is an error, one the Hub refuses names the repository. No answer,
 * or an API that is busy or down (429, 5xx), gives the commit a cache keeps for the revision; where
 * none is kept, no answer is an error and a busy API leaves the files read from the branch, as
 * without this question (and no commit known).
 */
export async function hfCommitUrl(spec: string, fetcher: typeof fetch, o: HubAccess = {}): Promise<HubRead> {
  const { signal } = o;
  const endpoint = hubEndpoint(o.endpoint);
  const parsed = parseSpec(spec);
  if (COMMIT.test(parsed.revision)) return { url: resolveUrl(parsed, endpoint), commit: parsed.revision };
  const url = hubRevisionUrl(spec, endpoint);
  // The commit a cache keeps for the revision, where it keeps one: with it to go to, a busy API is
  // not waited out (review AO: a load sat up to a minute first).
  const kept = signal?.aborted ? undefined : await o.kept?.read();
  const keptRead: HubRead | undefined = kept ? { url: resolveUrl({ ...parsed, revision: kept }, endpoint), commit: kept, unasked: true } : undefined;
  let res: Response;
  let text: string;
  try {
    res = await getResponse(fetcher, url, signal, o.stallMs, undefined, kept ? 0 : undefined);
    text = await responseText(res, url, o.stallMs);
  } catch (e) {
    // No answer at all (offline, a DNS failure, a stall); a stopped load is no such thing.
    if (keptRead && !signal?.aborted) return keptRead;
    throw e;
  }
  // The API busy or down (a Hub outage, a proxy answering 503 offline): the kept commit, as
  // huggingface_hub falls back to its cache on such answers; else the branch as before, unpinned
  // (the files may still be served).
  if (res.status === 429 || res.status >= 500) return keptRead ?? { url: resolveUrl(parsed, endpoint), busy: res.status };
  if (!res.ok) {
    // The Hub answers 401 for a repository that does not exist as for a private one, so as not to tell them apart.
    const what = parsed.revision === 'main' ? 'repository' : 'repository or revision';
    const hint = res.status !== 401 && res.status !== 403 && res.status !== 404 ? ''
      : o.token ? `: no ${what} this token may read (a mistyped name, another account's private repository, or a gated one whose terms this account has not accepted on the Hub${res.status === 401 ? '; or a token that is no longer valid: LoadOptions.hfToken' : ''})`
        : `: no ${what} this request may read (a mistyped name, or a private or gated repository, which needs an access token: LoadOptions.hfToken)`;
    const said = hubError(text);
    throw new ModelSourceError(`${spec}: the Hub answered ${res.status} ${res.statusText}`.trimEnd() + `${said ? ` ("${said}")` : ''}${hint}`);
  }
  const sha = commitOf(text);
  if (!sha) throw new ModelSourceError(`${spec}: the Hub's answer at ${url} names no commit (expected JSON with a 40-hex "sha")`);
  await o.kept?.write(sha);
  return { url: resolveUrl({ ...parsed, revision: sha }, endpoint), commit: sha };
}

function commitOf(text: string): string | undefined {
  try {
    const sha = (JSON.parse(text) as { sha?: unknown }).sha;
    return typeof sha === 'string' && COMMIT.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** The Hub's own words in an error answer ({"error": "..."}), if it gave any. */
function hubError(text: string): string | undefined {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === 'string' ? error.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `token` cannot be sent as an access token (hf_...: printable characters without spaces), in
 * words that describe it and never show it (a token must not reach a log); undefined when it can.
 */
export function hubTokenProblem(token: unknown): string | undefined {
  if (typeof token === 'string' && /^[\x21-\x7e]+$/.test(token)) return undefined;
  const got = typeof token !== 'string' ? typeof token : token === '' ? 'an empty string' : 'a string with a space or a character that cannot be sent in a header';
  return `must be an access token (hf_...), printable characters without spaces, got ${got}`;
}

/**
 * `fetcher` sending `token` (an access token, hf_...) as a bearer token to the Hub's `endpoint`, and
 * to nothing else: the Hub's redirects to its CDN are followed without it (fetch drops Authorization
 * on a redirect to another origin), and so is any other URL.
 */
export function withHubToken(fetcher: typeof fetch, token: string, endpoint?: string): typeof fetch {
  const hub = `${hubEndpoint(endpoint)}/`;
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(hub)) return fetcher(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    try {
      headers.set('Authorization', `Bearer ${token}`);
    } catch {
      // Headers' own message quotes the value: never let the token reach an error.
      throw new ModelSourceError(`the access token ${hubTokenProblem(token) ?? 'cannot be sent in a header'}`);
    }
    return fetcher(input, { ...init, headers });
  };
}

/**
 * What `url` is on the Hub at `endpoint` (default huggingface.co): 'commit-file', a file at a
 * commit (org/name/resolve/<40 hex>/...), whose bytes never change (nor does a 404 for it);
 * 'revision', the API's answer of which commit a revision points to, which changes with each push;
 * undefined for anything else.
 */
export function hubUrlKind(url: string, endpoint?: string): 'commit-file' | 'revision' | undefined {
  const hub = `${hubEndpoint(endpoint)}/`;
  if (!url.startsWith(hub)) return undefined;
  const path = url.slice(hub.length);
  if (/^[\w.-]+\/[\w.-]+\/resolve\/[0-9a-f]{40}\//.test(path)) return 'commit-file';
  return /^api\/models\/[\w.-]+\/[\w.-]+\/revision\//.test(path) ? 'revision' : undefined;
}
