// hf: specs (src/model/hub.ts): the commit a branch or tag points to, asked of the Hub's API through
// a stub fetch (no network), the resolve URL at that commit, the Hub's refusals in words, an access
// token sent to the Hub alone, a mirror's endpoint, and which Hub URLs a download cache may keep
// without asking. Reading a model through them:
// tests/model/loaders-source.test.ts.

import { describe, expect, it } from 'vitest';
import { ModelSourceError } from '../../src/errors.js';
import { hfCommitUrl, hubCacheFolder, hubEndpointProblem, hubRevisionUrl, hubUrlKind, huggingfaceHubCache, withHubToken } from '../../src/model/hub.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** The Hub's API as far as hub.ts asks it: each revision URL answers `answer`; every URL asked is noted. */
function api(answer: () => Response) {
  const asked: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    asked.push(String(input));
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const never = (() => { throw new Error('nothing is asked for a commit'); }) as unknown as typeof fetch;

describe('hf: specs', () => {
  it('read files at the commit the revision points to, asked once of the API', async () => {
    const hub = api(() => json({ id: 'org/name', sha: SHA, siblings: [] }));
    expect(await hfCommitUrl('hf:org/name', hub.fetch)).toEqual({ url: `https://huggingface.co/org/name/resolve/${SHA}`, commit: SHA });
    expect((await hfCommitUrl('hf:karpathy/tinyllamas/stories260K/stories260K.bin@v1.0', hub.fetch)).url)
      .toBe(`https://huggingface.co/karpathy/tinyllamas/resolve/${SHA}/stories260K/stories260K.bin`);
    // A revision with slashes (refs/pr/1) is percent-encoded, as huggingface_hub does.
    expect((await hfCommitUrl('hf:org/name@refs/pr/1', hub.fetch)).url).toBe(`https://huggingface.co/org/name/resolve/${SHA}`);
    expect(hub.asked).toEqual([
      'https://huggingface.co/api/models/org/name/revision/main',
      'https://huggingface.co/api/models/karpathy/tinyllamas/revision/v1.0',
      'https://huggingface.co/api/models/org/name/revision/refs%2Fpr%2F1',
    ]);
  });

  it('ask a mirror, and read from it, when given its endpoint', async () => {
    const hub = api(() => json({ sha: SHA }));
    expect((await hfCommitUrl('hf:org/name/sub', hub.fetch, { endpoint: 'https://hf-mirror.com/' })).url).toBe(`https://hf-mirror.com/org/name/resolve/${SHA}/sub`);
    expect((await hfCommitUrl('hf:org/name', hub.fetch, { endpoint: 'http://127.0.0.1:8080/hub' })).url).toBe(`http://127.0.0.1:8080/hub/org/name/resolve/${SHA}`);
    expect(hub.asked).toEqual(['https://hf-mirror.com/api/models/org/name/revision/main', 'http://127.0.0.1:8080/hub/api/models/org/name/revision/main']);
    expect(hubEndpointProblem('https://hf-mirror.com')).toBeUndefined();
    expect(hubEndpointProblem('https://me:hf_secret@hf-mirror.com')).toBe('must not carry a user name or password (an access token goes in hfToken)');
    for (const bad of ['hf-mirror.com', 'ftp://hf-mirror.com', 'https://hf-mirror.com/?x=1', 42]) {
      expect(hubEndpointProblem(bad)).toMatch(/^must be the http\(s\) address of a Hugging Face Hub or mirror, such as "https:\/\/hf-mirror\.com", got /);
    }
  });

  it('ask nothing for a spec that names a commit', async () => {
    expect(await hfCommitUrl(`hf:org/name/sub@${SHA}`, never)).toEqual({ url: `https://huggingface.co/org/name/resolve/${SHA}/sub`, commit: SHA });
  });

  it('say what the Hub refused, in its words', async () => {
    const missing = api(() => json({ error: 'Repository not found' }, 401));
    await expect(hfCommitUrl('hf:someone/else', missing.fetch)).rejects.toThrow(new ModelSourceError(
      'hf:someone/else: the Hub answered 401 ("Repository not found"): no repository this request may read (a mistyped name, or a private or gated repository, which needs an access token: LoadOptions.hfToken)'));
    const revision = api(() => json({ error: 'Invalid rev id: nope' }, 404));
    await expect(hfCommitUrl('hf:org/name@nope', revision.fetch)).rejects.toThrow(
      /^hf:org\/name@nope: the Hub answered 404 \("Invalid rev id: nope"\): no repository or revision this request may read/);
  });

  it('say, when a token was sent, that it is the token that may not read the repository', async () => {
    const gated = api(() => json({ error: 'Access to model org/gated is restricted.' }, 403));
    await expect(hfCommitUrl('hf:org/gated', gated.fetch, { token: true })).rejects.toThrow(new ModelSourceError(
      'hf:org/gated: the Hub answered 403 ("Access to model org/gated is restricted."): no repository this token may read (a mistyped name, another account\'s private repository, or a gated one whose terms this account has not accepted on the Hub)'));
    // 401 to a token is also what an expired or revoked one gets.
    const expired = api(() => json({ error: 'Invalid credentials in Authorization header' }, 401));
    await expect(hfCommitUrl('hf:org/public', expired.fetch, { token: true })).rejects.toThrow(/a gated one whose terms this account has not accepted on the Hub; or a token that is no longer valid: LoadOptions\.hfToken\)$/);
  });

  it('read the branch unpinned when the API is busy or down, as before it was asked, unless a cache keeps a commit for it', async () => {
    for (const status of [429, 500, 503]) {
      expect(await hfCommitUrl('hf:org/name', api(() => new Response('busy', { status })).fetch)).toEqual({ url: 'https://huggingface.co/org/name/resolve/main', busy: status });
      const kept = { read: async () => SHA, write: async () => undefined };
      expect(await hfCommitUrl('hf:org/name', api(() => new Response('busy', { status })).fetch, { kept })).toEqual({ url: `https://huggingface.co/org/name/resolve/${SHA}`, commit: SHA, unasked: true });
    }
  });

  // The Hub's rate limit answers 429 with a Retry-After (review AK: it was read as busy at once).
  it('wait out a 429 or 503 whose Retry-After asks for 30 s or less, and ask again, twice at most', async () => {
    const busyThen = (answers: Response[]) => api(() => answers.shift() ?? json({ sha: SHA }));
    const busy = (status: number, retryAfter?: string) => new Response('busy', { status, ...(retryAfter === undefined ? {} : { headers: { 'retry-after': retryAfter } }) });
    const once = busyThen([busy(429, '0')]);
    expect(await hfCommitUrl('hf:org/name', once.fetch)).toEqual({ url: `https://huggingface.co/org/name/resolve/${SHA}`, commit: SHA });
    expect(once.asked).toHaveLength(2);
    const dated = busyThen([busy(503, new Date(Date.now() - 1000).toUTCString()), busy(429, '0')]); // a date in the past: at once
    expect((await hfCommitUrl('hf:org/name', dated.fetch)).commit).toBe(SHA);
    expect(dated.asked).toHaveLength(3);
    // Still busy after two waits, asked to wait long, or told nothing: the answer stands (the branch, unpinned).
    for (const [answers, asked] of [[[busy(429, '0'), busy(429, '0'), busy(429, '0')], 3], [[busy(429, '31')], 1], [[busy(503)], 1], [[busy(500, '0')], 1]] as const) {
      const hub = busyThen([...answers]);
      expect(await hfCommitUrl('hf:org/name', hub.fetch)).toEqual({ url: 'https://huggingface.co/org/name/resolve/main', busy: answers.at(-1)!.status });
      expect(hub.asked).toHaveLength(asked);
    }
    // With a kept commit to go to, no wait: it is read at once (review AO).
    const keptHub = busyThen([busy(429, '30')]);
    expect(await hfCommitUrl('hf:org/name', keptHub.fetch, { kept: { read: async () => SHA, write: async () => undefined } })).toMatchObject({ commit: SHA, unasked: true });
    expect(keptHub.asked).toHaveLength(1);
    // Retry-After is whole seconds or a date with its day and month: "1.5" and "-5" (which parse as dates of 2001) ask for nothing.
    for (const odd of ['1.5', '-5']) {
      const hub = busyThen([busy(429, odd), busy(429, odd), busy(429, odd)]);
      await hfCommitUrl('hf:org/name', hub.fetch);
      expect(hub.asked, odd).toHaveLength(1);
    }
    // A stop while waiting ends the wait.
    const stop = new AbortController();
    const waiting = hfCommitUrl('hf:org/name', busyThen([busy(429, '30')]).fetch, { signal: stop.signal });
    setTimeout(() => stop.abort(new RangeError('stopped')), 20);
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('refuse an answer that names no commit', async () => {
    for (const body of ['<!doctype html>', JSON.stringify({ sha: 'main' }), JSON.stringify({ id: 'org/name' })]) {
      await expect(hfCommitUrl('hf:org/name', api(() => new Response(body)).fetch)).rejects.toThrow(
        'hf:org/name: the Hub\'s answer at https://huggingface.co/api/models/org/name/revision/main names no commit (expected JSON with a 40-hex "sha")');
    }
  });

  it('name the cause of a request that cannot be made (Node\'s fetch says only "fetch failed")', async () => {
    const offline = (async () => { throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND huggingface.co') }); }) as typeof fetch;
    await expect(hfCommitUrl('hf:someone/model', offline)).rejects.toThrow(
      /^GET https:\/\/huggingface\.co\/api\/models\/someone\/model\/revision\/main failed: fetch failed: getaddrinfo ENOTFOUND huggingface\.co$/);
    const stop = new AbortController();
    stop.abort(new RangeError('stopped'));
    await expect(hfCommitUrl('hf:someone/model', offline, { signal: stop.signal })).rejects.toThrow('stopped');
  });

  it('reject malformed specs', async () => {
    await expect(hfCommitUrl('hf:just-a-name', never)).rejects.toThrow(/bad Hugging Face source "hf:just-a-name": expected hf:org\/name/);
    expect(() => hubRevisionUrl('hf:org/name/@')).toThrow(ModelSourceError);
    // In a URL they climb out: hf:org/name/../../victim/repo read another repository's files, under org/name's commit.
    for (const spec of ['hf:org/name/../../victim/repo', 'hf:org/..', 'hf:../name', 'hf:org/name@..', 'hf:org/name@refs/../x', `hf:org/name/./x@${SHA}`]) {
      await expect(hfCommitUrl(spec, never), spec).rejects.toThrow(`bad Hugging Face source "${spec}": "." and ".." name no repository, folder or revision`);
    }
    expect((await hfCommitUrl(`hf:org/name.v2/..weights@${SHA}`, never)).url).toBe(`https://huggingface.co/org/name.v2/resolve/${SHA}/..weights`);
    // The cache keeps hf:a--b/c and hf:a/b--c in one folder, models--a--b--c: the Hub allows neither name.
    for (const spec of ['hf:a--b/c', 'hf:a/b--c']) {
      await expect(hfCommitUrl(spec, never), spec).rejects.toThrow(`bad Hugging Face source "${spec}": a repository's name holds no "--" on the Hub`);
    }
    expect((await hfCommitUrl(`hf:a-b/c-d/x--y.gguf@${SHA}`, never)).url).toBe(`https://huggingface.co/a-b/c-d/resolve/${SHA}/x--y.gguf`);
  });

  // The stall limit ended with the headers: an API that sent them and stopped held every hf: load forever.
  it('fail, and close the connection, when the API\'s answer stops after its headers', async () => {
    let cancelled = false;
    const stalled = api(() => new Response(new ReadableStream({
      start: (c) => c.enqueue(new TextEncoder().encode('{"sha":')),
      cancel: () => { cancelled = true; },
    }), { headers: { 'content-type': 'application/json' } }));
    await expect(hfCommitUrl('hf:org/name', stalled.fetch, { stallMs: 50 })).rejects.toThrow(new ModelSourceError(
      'GET https://huggingface.co/api/models/org/name/revision/main: the answer stopped coming (0.05 s after its headers); try again'));
    expect(cancelled).toBe(true);
  });

  it('tell which Hub URLs never change and which answer for a branch, on the Hub the load reads', () => {
    expect(hubUrlKind(`https://huggingface.co/org/name/resolve/${SHA}/config.json`)).toBe('commit-file');
    expect(hubUrlKind('https://huggingface.co/org/name/resolve/main/config.json')).toBeUndefined();
    expect(hubUrlKind(hubRevisionUrl('hf:org/name@dev'))).toBe('revision');
    // Another origin is another server, whatever its paths look like; a mirror is the Hub when the load reads it.
    expect(hubUrlKind(`https://example.test/org/name/resolve/${SHA}/config.json`)).toBeUndefined();
    expect(hubUrlKind(`https://hf-mirror.com/org/name/resolve/${SHA}/config.json`, 'https://hf-mirror.com')).toBe('commit-file');
    expect(hubUrlKind(`http://127.0.0.1:8080/hub/org/name/resolve/${SHA}/a.json`, 'http://127.0.0.1:8080/hub/')).toBe('commit-file');
    expect(hubUrlKind(hubRevisionUrl('hf:org/name', 'http://127.0.0.1:8080/hub'), 'http://127.0.0.1:8080/hub')).toBe('revision');
    expect(hubUrlKind(`https://huggingface.co/org/name/resolve/${SHA}/config.json`, 'https://hf-mirror.com')).toBeUndefined();
  });

  it('send an access token to huggingface.co and nowhere else, keeping the request\'s own headers', async () => {
    const sent: Array<[string, string | null, string | null]> = [];
    const recorder = (async (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      sent.push([String(input), headers.get('authorization'), headers.get('if-none-match')]);
      return new Response('');
    }) as typeof fetch;
    const fetcher = withHubToken(recorder, 'hf_secret');
    await fetcher('https://huggingface.co/api/models/org/name/revision/main');
    await fetcher(`https://huggingface.co/org/name/resolve/${SHA}/config.json`, { headers: { 'If-None-Match': '"1"' } });
    await fetcher('https://cdn-lfs.hf.co/repos/ab/cd/blob');
    await fetcher('https://huggingface.co.evil.test/org/name/resolve/main/config.json');
    expect(sent).toEqual([
      ['https://huggingface.co/api/models/org/name/revision/main', 'Bearer hf_secret', null],
      [`https://huggingface.co/org/name/resolve/${SHA}/config.json`, 'Bearer hf_secret', '"1"'],
      ['https://cdn-lfs.hf.co/repos/ab/cd/blob', null, null],
      ['https://huggingface.co.evil.test/org/name/resolve/main/config.json', null, null],
    ]);
    sent.length = 0;
    const mirrored = withHubToken(recorder, 'hf_secret', 'https://hf-mirror.com');
    await mirrored('https://hf-mirror.com/org/name/resolve/main/config.json');
    await mirrored('https://huggingface.co/org/name/resolve/main/config.json');
    expect(sent.map(([u, auth]) => [u, auth])).toEqual([
      ['https://hf-mirror.com/org/name/resolve/main/config.json', 'Bearer hf_secret'],
      ['https://huggingface.co/org/name/resolve/main/config.json', null],
    ]);
  });
});

describe('the download cache folders', () => {
  // A ~ the shell left as typed made a folder named ~ in the working directory (review AT).
  it('read SHADERLM_CACHE, HF_HUB_CACHE and HF_HOME with a leading ~ as the home folder, as huggingface_hub does', () => {
    const home = '/home/ada';
    expect(hubCacheFolder({}, home)).toBe('/home/ada/.cache/shaderlm/hub');
    expect(hubCacheFolder({ SHADERLM_CACHE: 'off' }, home)).toBeUndefined();
    expect(hubCacheFolder({ SHADERLM_CACHE: '~/models/' }, home)).toBe('/home/ada/models/hub');
    expect(hubCacheFolder({ SHADERLM_CACHE: '~' }, home)).toBe('/home/ada/hub');
    expect(hubCacheFolder({ SHADERLM_CACHE: '/srv/~x' }, home)).toBe('/srv/~x/hub');
    expect(huggingfaceHubCache({}, home)).toBe('/home/ada/.cache/huggingface/hub');
    expect(huggingfaceHubCache({ HF_HUB_CACHE: '~/hf', HF_HOME: '/x' }, home)).toBe('/home/ada/hf');
    expect(huggingfaceHubCache({ HF_HOME: '~/hf-home/' }, home)).toBe('/home/ada/hf-home/hub');
  });
});
