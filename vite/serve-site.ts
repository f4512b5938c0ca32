// Serves the built demo site (dist/site) on localhost: `npm run demos` builds it, then runs this
// and prints the URL. Any static server does as well; this one needs nothing but Node.
// `tsx vite/serve-site.ts [folder] [--port N]`. Tests: tests/browser/site.test.ts.

import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolder } from './static.js';

/** An HTTP server for `folder` on `host:port` (0: a free port); WebGPU needs a secure context, and localhost is one. */
export async function startSiteServer(folder: string, port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const server = createServer(serveFolder(folder, { index: true }));
  await new Promise<void>((done, fail) => server.once('error', fail).listen(port, host, done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the site server has no TCP address');
  return { server, url: `http://${host}:${address.port}/` };
}

async function main(args: string[]): Promise<void> {
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 4173;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0: any free one), got ${args[portAt + 1]}`);
  const rest = portAt >= 0 ? [...args.slice(0, portAt), ...args.slice(portAt + 2)] : args;
  const folder = resolve(rest[0] ?? 'dist/site');
  if (!existsSync(join(folder, 'index.html'))) {
    throw new Error(`${folder} holds no index.html: build the site first (npm run build, or npm run demos)`);
  }
  const { url } = await startSiteServer(folder, port);
  console.log(`shaderlm demos: ${url} (serving ${folder}; Ctrl+C stops)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
