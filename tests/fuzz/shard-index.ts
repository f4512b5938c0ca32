// model.safetensors.index.json: shard names that are not plain file names or name no given file,
// entries that disagree with the shards, shards missing or overlapping.

import fc from 'fast-check';
import { INDEX, type Pristine, SHARDS, utf8, withFile } from './builders.js';
import type { Build, Family } from './family.js';
import { jsonValue, show } from './json-text.js';
import { commonFamilies, edited, fam, isObj, type Json, type JsonTarget, textCase } from './json.js';
import type { Expect } from './oracle.js';
import { assembleSafetensors, concat, readSafetensors } from './safetensors.js';

export function shardIndexFamilies(p: Pristine, scale = 1): Family[] {
  const t: JsonTarget = { p, file: INDEX, format: 'shard index' };
  const index = p.json.get(INDEX)!;
  const weightMap = index.weight_map as Record<string, string>;
  const tensors = Object.keys(weightMap);
  const n = (runs: number) => runs * scale;
  const put = (what: string, expect: Expect, change: (j: Json) => unknown) => textCase(t, what, edited(t, change), expect);
  // Names that are not plain file names ($: a real shard's name), and plain names of files not given.
  const unsafe = ['../$', './$', '/$', 'sub/$', '$/', '..\\$', 'C:\\$', 'https://example.com/$', '%2e%2e/$', '.', '..', '$\u0000'];
  const absent = ['', 'model.safetensors', 'model-00003-of-00002.safetensors'];
  const badName = fc.tuple(fc.constantFrom(...SHARDS), fc.constantFrom(...unsafe, ...absent))
    .map(([shard, pattern]) => ({ name: pattern.replace('$', shard), plain: absent.includes(pattern) }));
  return [
    ...commonFamilies(t, [], scale),
    fam(t, 'shard name', n(16), fc.tuple(fc.constantFrom(...tensors), badName, fc.boolean()).map(([tensor, { name, plain }, given]): Build => {
      const text = edited(t, (j) => { (j.weight_map as Json)[tensor] = name; });
      // present: the files also hold an unsafe name, as a resolver that follows the index blindly would give them.
      const present = given && !plain;
      const shardBytes = p.source.files.get(weightMap[tensor]!)!;
      return {
        what: `weight_map["${tensor}"]: ${JSON.stringify(weightMap[tensor])} -> ${JSON.stringify(name)}${present ? ' (and a file by that name given)' : ''}`,
        expect: 'reject', blame: INDEX,
        files: () => {
          const source = withFile(p.source, INDEX, utf8(text));
          return present ? withFile(source, name, shardBytes) : source;
        },
      };
    })),
    fam(t, 'shard of a tensor', n(3), fc.constantFrom(...tensors).map((tensor) =>
      put(`weight_map["${tensor}"] -> the other shard`, 'reject', (j) => {
        (j.weight_map as Json)[tensor] = SHARDS.find((s) => s !== weightMap[tensor]);
      }))),
    fam(t, 'weight_map value type', n(4), fc.tuple(fc.constantFrom(...tensors), jsonValue.filter((v) => typeof v !== 'string')).map(([tensor, v]) =>
      put(`weight_map["${tensor}"]: ${show(v)}`, 'reject', (j) => { (j.weight_map as Json)[tensor] = v; }))),
    fam(t, 'weight_map entry removed', n(3), fc.constantFrom(...tensors).map((tensor) =>
      put(`weight_map["${tensor}"] removed`, 'reject-or-identical', (j) => { delete (j.weight_map as Json)[tensor]; }))),
    fam(t, 'weight_map extra entry', n(3), fc.tuple(fc.constantFrom('model.layers.2.input_layernorm.weight', 'lm_head.bias', 'x'), fc.constantFrom(...SHARDS)).map(([tensor, shard]) =>
      put(`weight_map["${tensor}"] = ${shard} (no such tensor)`, 'reject', (j) => { (j.weight_map as Json)[tensor] = shard; }))),
    fam(t, 'weight_map replaced', n(4), fc.oneof(jsonValue.filter((v) => !isObj(v)), fc.constant({}), fc.constant(undefined)).map((v) =>
      put(v === undefined ? 'weight_map removed' : `weight_map: ${show(v)}`, 'reject', (j) => { if (v === undefined) delete j.weight_map; else j.weight_map = v; }))),
    fam(t, 'metadata', n(3), fc.oneof(jsonValue.map((v) => ({ total_size: v })), jsonValue).map((v) =>
      put(`metadata: ${show(v)}`, 'reject-or-identical', (j) => { j.metadata = v; }))),
    fam(t, 'shard missing', n(2), fc.constantFrom(...SHARDS).map((shard): Build => ({
      what: `${shard} not given`, expect: 'reject', blame: shard, files: () => withFile(p.source, shard, undefined),
    }))),
    fam(t, 'tensor in both shards', n(2), fc.constantFrom(...tensors.filter((x) => weightMap[x] === SHARDS[0])).map((tensor): Build => {
      // The second shard rewritten with a copy of a first-shard tensor appended.
      const first = readSafetensors(p.source.files.get(SHARDS[0])!);
      const second = readSafetensors(p.source.files.get(SHARDS[1])!);
      const entry = first.header[tensor] as { data_offsets: [number, number] };
      const raw = first.data.slice(...entry.data_offsets);
      const header = { ...second.header, [tensor]: { ...entry, data_offsets: [second.data.length, second.data.length + raw.length] } };
      const rebuilt = assembleSafetensors(JSON.stringify(header), concat([second.data, raw]));
      return { what: `"${tensor}" also in ${SHARDS[1]}`, expect: 'reject', blame: SHARDS[1], files: () => withFile(p.source, SHARDS[1], rebuilt) };
    })),
  ];
}
