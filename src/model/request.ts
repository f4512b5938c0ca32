// One GET of a model source's file or of the Hub's API, with the error a request that cannot be
// made gets: shared by source.ts and hub.ts. Tests: tests/model/loaders-source.test.ts, hub.test.ts.

import { ModelSourceError } from '../errors.js';

/** A request that got no answer at all (no server, a DNS failure, nothing within stallMs): not an HTTP status. */
export class UnansweredRequestError extends ModelSourceError {}

/** A server that answered it is busy or failing for now (429, 5xx). */
export class BusyServerError extends ModelSourceError {}

/** Times a request answered 429 or 503 with a Retry-After it can wait out is asked again. */
const BUSY_RETRIES = 2;
/** The longest Retry-After waited out: past it, the answer is the caller's (a request holds a load a minute at most). */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * `fetcher`'s response for `url`. A request that cannot be made is an UnansweredRequestError naming the
 * URL and its cause (Node's fetch says only "fetch failed": the reason, getaddrinfo ENOTFOUND or
 * ECONNREFUSED, is its cause); one stopped by `signal` rejects with the stop's reason instead.
 * With `stallMs`, a server that takes the request and sends no answer (not even the headers) for
 * that long is one too, and the request is aborted (a browser would wait forever).
 * `headers`: the request's (a Range, where a download goes on from where it broke off).
 * A 429 or 503 whose Retry-After asks for at most 30 s is waited out and asked again, twice at most,
 * as the Hub's rate limits ask of a client (review AK), unless `busyRetries` is 0 (a caller with
 * somewhere else to go); the last answer is the caller's.
 */
export async function getResponse(fetcher: typeof fetch, url: string, signal: AbortSignal | undefined, stallMs?: number, headers?: Record<string, string>, busyRetries = BUSY_RETRIES): Promise<Response> {
  for (let retry = 0; ; retry++) {
    const res = await answer(fetcher, url, signal, stallMs, headers);
    const wait = retry < busyRetries ? retryAfterMs(res) : undefined;
    if (wait === undefined) return res;
    void res.body?.cancel().catch(() => undefined);
    await sleep(wait, signal);
  }
}

/**
 * How long a 429 or 503 asks to be waited out (Retry-After: whole seconds, or an HTTP date, which
 * names its day and month), where it asks for at most MAX_RETRY_AFTER_MS; anything else is no ask
 * ("1.5" and "-5" parse as dates of 2001: review AO).
 */
function retryAfterMs(res: Response): number | undefined {
  if (res.status !== 429 && res.status !== 503) return undefined;
  const value = res.headers.get('retry-after')?.trim() ?? '';
  const ms = /^\d+$/.test(value) ? 1000 * Number(value) : /[a-z]/i.test(value) ? Date.parse(value) - Date.now() : NaN;
  return Number.isNaN(ms) || ms > MAX_RETRY_AFTER_MS ? undefined : Math.max(0, ms);
}

/** Resolves after `ms`; rejects with the stop's reason as `signal` fires. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** One request of getResponse's. */
async function answer(fetcher: typeof fetch, url: string, signal: AbortSignal | undefined, stallMs?: number, headers?: Record<string, string>): Promise<Response> {
  // The request's own signal: the caller's stop, and (until the headers come) the wait's limit.
  // It also governs the body, so the caller's stop still ends a download after the headers.
  const waiting = new AbortController();
  const timer = stallMs === undefined ? undefined : setTimeout(() => {
    waiting.abort(new UnansweredRequestError(`GET ${url}: no answer for ${stallMs / 1000} s (the server took the request and sent nothing back); try again`));
  }, stallMs);
  try {
    return await fetcher(url, { signal: signal ? AbortSignal.any([signal, waiting.signal]) : waiting.signal, ...(headers ? { headers } : {}) });
  } catch (e) {
    signal?.throwIfAborted(); // a stopped load, not a failed request
    if (waiting.signal.aborted) throw waiting.signal.reason;
    const cause = (e as Error).cause instanceof Error ? `: ${((e as Error).cause as Error).message}` : '';
    throw new UnansweredRequestError(`GET ${url} failed: ${(e as Error).message}${cause}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `res`'s body as text (a small answer: the Hub API's JSON), a ModelSourceError when it has not
 * all come `stallMs` after the headers, the connection then closed: getResponse's limit ends with
 * the headers, and a server that sent them and then stopped held every hf: load forever.
 */
export async function responseText(res: Response, url: string, stallMs?: number): Promise<string> {
  if (stallMs === undefined || !res.body) return res.text();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelSourceError(`GET ${url}: the answer stopped coming (${stallMs / 1000} s after its headers); try again`)), stallMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      chunks.push(value);
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}
