// A local HTTP server for the model benchmark's files in Chromium: the random checkpoints in the
// temp folder and ../shared/data, each under a route, readable cross-origin from the bench page
// (the page comes from Vite on another port). Node only.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveFolder } from '../vite/static.js';

/** Serves each folder of `routes` under `/<route>/`; resolves to the base URL (ending in /). */
export async function serveFiles(routes: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const handlers = Object.entries(routes).map(([route, folder]) => ({ prefix: `/${route}/`, handle: serveFolder(folder) }));
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const match = handlers.find((h) => req.url?.startsWith(h.prefix));
    if (!match) {
      res.statusCode = 404;
      res.end();
      return;
    }
    req.url = req.url!.slice(match.prefix.length - 1);
    match.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
