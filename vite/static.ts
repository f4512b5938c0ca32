// Serving one folder's files over HTTP with their content types: the dev server's /shared-data/
// and /demos/models/ routes, and the built site (vite/serve-site.ts), where a folder's URL answers
// with its index.html. Last-Modified and its 304 (what a download cache checks a kept copy by),
// no-cache (always checked), no ranges: a small local server, not a CDN.
// Tests: tests/browser/servers.test.ts.

import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface ServeOptions {
  /** A folder's URL answers with its index.html (a site); without this, folders are 404 (a data route). */
  index?: boolean;
}

/** A middleware answering a request's path (below the route's mount point) with the file it names under `root`, or 404. */
export function serveFolder(root: string, options: ServeOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const folder = resolve(root);
  return (req, res) => {
    const url = req.url ?? '/';
    let path = fileUnder(folder, url);
    let stat = path === undefined ? undefined : statSync(path, { throwIfNoEntry: false });
    if (options.index && path && stat?.isDirectory()) {
      const pathname = url.split('?')[0]!;
      if (!pathname.endsWith('/')) {
        // Pages load their scripts by relative URLs: ./playground must become ./playground/.
        res.statusCode = 301;
        res.setHeader('Location', `${pathname}/${url.slice(pathname.length)}`);
        res.end();
        return;
      }
      path = join(path, 'index.html');
      stat = statSync(path, { throwIfNoEntry: false });
    }
    if (!path || !stat?.isFile()) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000); // HTTP dates hold whole seconds
    res.setHeader('Last-Modified', modified.toUTCString());
    res.setHeader('Cache-Control', 'no-cache'); // checked each time: a browser would otherwise keep a dated file by its age, files being edited included
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (since >= modified.getTime()) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Length', stat.size);
    res.setHeader('Content-Type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(path).pipe(res);
  };
}

/**
 * The path `url` names inside `folder` (absolute, resolved), or undefined when it resolves
 * anywhere else: `..` out of it, or a sibling whose name merely starts with the folder's
 * ("data-evil" beside "data"), hence the separator in the check.
 */
export function fileUnder(folder: string, url: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined; // a malformed %-escape names no file
  }
  const path = resolve(folder, relative.replace(/^\/+/, ''));
  return path === folder || path.startsWith(folder + sep) ? path : undefined;
}
