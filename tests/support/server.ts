// A Vite dev server on a free localhost port (WebGPU needs a secure context: localhost is one).

import { createServer, type ViteDevServer } from 'vite';

export async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({ configFile: 'vite.config.ts', logLevel: 'warn', server: { port: 0, host: '127.0.0.1', hmr: false } });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}` };
}
