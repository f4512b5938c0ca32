// The dev server's /shared-data/ route: serves the files of one folder (../shared/data) so demos
// and browser tests load the small real models without copying them into the repo. Development
// only: not part of the package or of the built demos. Tests: tests/browser/demo.test.ts.

import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';

/** A middleware answering a request's path (below the route's mount point) with the file it names under `root`, or 404. */
export function serveFolder(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  const folder = resolve(root);
  return (req, res) => {
    const path = fileUnder(folder, req.url ?? '/');
    const stat = path === undefined ? undefined : statSync(path, { throwIfNoEntry: false });
    if (!path || !stat?.isFile()) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Length', stat.size);
    res.setHeader('Content-Type', 'application/octet-stream');
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
