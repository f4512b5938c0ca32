// One GET of a model source's file or of the Hub's API, with the error a request that cannot be
// made gets: shared by source.ts and hub.ts. Tests: tests/model/loaders-source.test.ts, hub.test.ts.

import { ModelSourceError } from '../errors.js';

/**
 * `fetcher`'s response for `url`. A request that cannot be made is a ModelSourceError naming the
 * URL and its cause (Node's fetch says only "fetch failed": the reason, getaddrinfo ENOTFOUND or
 * ECONNREFUSED, is its cause); one stopped by `signal` rejects with the stop's reason instead.
 */
export async function getResponse(fetcher: typeof fetch, url: string, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetcher(url, { signal });
  } catch (e) {
    signal?.throwIfAborted(); // a stopped load, not a failed request
    const cause = (e as Error).cause instanceof Error ? `: ${((e as Error).cause as Error).message}` : '';
    throw new ModelSourceError(`GET ${url} failed: ${(e as Error).message}${cause}`, { cause: e });
  }
}
