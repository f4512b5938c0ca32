// The download cache's contents as `shaderlm cache` lists them, and removing a model or one commit
// of it: on a cache laid out by hand in huggingface_hub's layout (the layout loads write, tested in
// hub-cache.test.ts), in the OS temp folder.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCache, removeFromCache } from '../../src/model/cache-contents.js';

const [A, B, C] = ['a', 'b', 'c'].map((x) => x.repeat(40));
const D = `${'a'.repeat(20)}${'d'.repeat(20)}`; // begins as A does

/** Writes `bytes` bytes (or the text) at `path` under `root`, its folders made. */
function put(root: string, path: string, content: number | string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), typeof content === 'number' ? new Uint8Array(content) : content);
}

describe('the download cache\'s contents', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'shaderlm-cache-contents-'));
    put(root, `models--org--tiny/snapshots/${A}/config.json`, 10);
    put(root, `models--org--tiny/snapshots/${A}/model.safetensors`, 1000);
    put(root, `models--org--tiny/snapshots/${A}/model-00002-of-00002.safetensors.partial`, 300);
    put(root, `models--org--tiny/snapshots/${A}/model-00002-of-00002.safetensors.partial.validator`, 6); // its ETag: part of the partial
    put(root, `models--org--tiny/snapshots/${B}/config.json`, 20);
    put(root, `models--org--tiny/snapshots/${B}/model.safetensors.123-abc.incomplete`, 7);
    put(root, `models--org--tiny/snapshots/${D}/config.json`, 5);
    put(root, `models--org--tiny/.no_exist/${A}/chat_template.jinja`, 0);
    put(root, `models--org--tiny/.no_exist/${B}/chat_template.jinja`, 0);
    put(root, 'models--org--tiny/refs/main', A);
    put(root, 'models--org--tiny/refs/v1', A);
    put(root, 'models--org--tiny/refs/pr/1', B);
    put(root, `models--other--m/snapshots/${C}/model.gguf`, 50);
    put(root, 'models--other--m/refs/main', C);
    put(root, 'not-a-model/file', 5);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists each model: its bytes, its commits with the revisions kept for them, and what is not finished', async () => {
    expect(await listCache(root)).toEqual([
      {
        repo: 'org/tiny', folder: join(root, 'models--org--tiny'), bytes: 10 + 1000 + 300 + 6 + 20 + 7 + 5 + 3 * 40, partialBytes: 306, passingBytes: 7,
        commits: [{ commit: A, bytes: 1010, revisions: ['main', 'v1'] }, { commit: D, bytes: 5, revisions: [] }, { commit: B, bytes: 20, revisions: ['pr/1'] }],
      },
      { repo: 'other/m', folder: join(root, 'models--other--m'), bytes: 50 + 40, partialBytes: 0, passingBytes: 0, commits: [{ commit: C, bytes: 50, revisions: ['main'] }] },
    ]);
    expect(await listCache(join(root, 'nothing-here'))).toEqual([]);
    await expect(listCache(join(root, 'not-a-model', 'file'))).rejects.toThrow(`the download cache ${join(root, 'not-a-model', 'file')} cannot be read: it, or a folder on its path, is a file`);
  });

  it('removes one commit (by a revision kept for it, or itself) with its revisions and markers; the model goes with its last', async () => {
    expect(await removeFromCache(root, 'org/tiny@pr/1')).toEqual({ repo: 'org/tiny', commits: [B], revisions: ['pr/1'], bytes: 27 });
    // A commit no revision names, by the start of its hash the listing shows; one that starts two is refused.
    await expect(removeFromCache(root, 'org/tiny@aaaa')).rejects.toThrow(`org/tiny@aaaa: names several commits kept in the download cache (${A}, ${D}): give more of it`);
    expect(await removeFromCache(root, `org/tiny@${D.slice(0, 21)}`)).toEqual({ repo: 'org/tiny', commits: [D], revisions: [], bytes: 5 });
    expect(readdirSync(join(root, 'models--org--tiny', 'snapshots'))).toEqual([A]);
    const tiny = join(root, 'models--org--tiny');
    expect([`refs/pr/1`, `.no_exist/${B}`, 'refs/main', 'refs/v1', `.no_exist/${A}`].map((path) => existsSync(join(tiny, path)))).toEqual([false, false, true, true, true]);
    expect((await removeFromCache(root, `org/tiny@${A}`)).commits).toEqual([A]);
    expect(readdirSync(root).sort()).toEqual(['models--other--m', 'not-a-model']);
    expect(await removeFromCache(root, 'hf:other/m')).toEqual({ repo: 'other/m', commits: [C], revisions: ['main'], bytes: 90 });
    expect(readdirSync(root)).toEqual(['not-a-model']);
  });

  it('a model or revision it does not keep, or a name that is no model, is an error saying what it keeps', async () => {
    await expect(removeFromCache(root, 'nobody/x')).rejects.toThrow(`nobody/x is not in the download cache at ${root} (shaderlm cache lists what is)`);
    await expect(removeFromCache(root, 'org/tiny@v2')).rejects.toThrow(`org/tiny@v2: no such commit kept in the download cache (kept: ${A.slice(0, 21)} (main, v1), ${D.slice(0, 21)}, bbbbbbb (pr/1))`);
    await expect(removeFromCache(root, 'tiny')).rejects.toThrow('"tiny" names no model: give org/name, or org/name@revision for one commit of it');
    expect(readdirSync(root).sort()).toEqual(['models--org--tiny', 'models--other--m', 'not-a-model']);
  });
});
