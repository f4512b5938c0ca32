// The demo site's pages as Vite sees them: the build inputs (the landing page and every demo
// whose folder has an index.html) and the landing page's list, written into demos/index.html at
// its <!-- demo-list --> mark in development and in the build alike. The list: demos/pages.ts.
// Tests: tests/browser/site.test.ts.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { DEMO_PAGES, type DemoPage } from '../demos/pages.js';

/** The pages that exist: demos/<name>/index.html is there. */
export function builtPages(demosDir: string): DemoPage[] {
  return DEMO_PAGES.filter((page) => existsSync(join(demosDir, page.name, 'index.html')));
}

/** Build inputs: the landing page as 'index', each existing demo by its name. */
export function pageInputs(demosDir: string): Record<string, string> {
  return Object.fromEntries([
    ['index', join(demosDir, 'index.html')],
    ...builtPages(demosDir).map((page) => [page.name, join(demosDir, page.name, 'index.html')]),
  ]);
}

/** The landing page's list items: existing pages linked, the others named as coming. */
export function landingList(demosDir: string): string {
  const built = new Set(builtPages(demosDir).map((page) => page.name));
  return DEMO_PAGES.map((page) => built.has(page.name)
    ? `<li><a href="./${page.name}/">${escape(page.title)}</a> ${escape(page.idea)}</li>`
    : `<li class="coming"><span>${escape(page.title)}</span> ${escape(page.idea)} <em>(coming)</em></li>`).join('\n    ');
}

export function demoPagesPlugin(demosDir: string): Plugin {
  const landing = resolve(demosDir, 'index.html');
  return {
    name: 'shaderlm-demo-pages',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, context) => (resolve(context.filename) === landing ? html.replace('<!-- demo-list -->', landingList(demosDir)) : html),
    },
  };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
