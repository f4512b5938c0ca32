// Hand-picked malformed inputs, one or more per loader finding of issue 7 (findings 1-5), so each
// finding stays covered whatever the random families happen to draw. All must be rejected.

import { INDEX, type Pristine, SHARDS, serializeJson, utf8, withFile } from './builders.js';
import type { Case, Format } from './oracle.js';
import { assembleSafetensors, concat, readSafetensors } from './safetensors.js';
import { jsonText } from './json-text.js';

type Models = Record<'llama' | 'sharded' | 'gpt2' | 'llama2c', Pristine>;

export function handPicked(m: Models): Case[] {
  const cases: Case[] = [];
  const add = (p: Pristine, format: Format, finding: string, what: string, blame: string, files: Case['files'], tensors?: string[]) =>
    cases.push({ model: p.name, format, kind: `finding ${finding}`, what, expect: 'reject', blame, files, ...(tensors ? { tensors } : {}) });

  // 1: safetensors whose tensors do not tile the data section.
  const st = m.llama.source.files.get('model.safetensors')!;
  const parts = readSafetensors(st);
  for (let d = 1; d <= 5; d++) {
    const b = st.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt(parts.headerLength - d), true);
    add(m.llama, 'safetensors', '1', `header length lowered by ${d} (into the padding spaces)`, 'model.safetensors', () => withFile(m.llama.source, 'model.safetensors', b));
  }
  const trailing = concat([st, new Uint8Array(4)]);
  add(m.llama, 'safetensors', '1', '4 zero bytes after the data', 'model.safetensors', () => withFile(m.llama.source, 'model.safetensors', trailing));
  const first = Object.keys(parts.header).find((k) => k !== '__metadata__')!;
  const dupText = `${JSON.stringify(parts.header).slice(0, -1)},${JSON.stringify(first)}:${JSON.stringify(parts.header[first])}}`;
  const dup = assembleSafetensors(dupText, parts.data);
  add(m.llama, 'safetensors', '1', `"${first}" twice in the header with the same entry`, 'model.safetensors', () => withFile(m.llama.source, 'model.safetensors', dup));

  // 2: config.json disagreeing with the checkpoint; tensors nothing uses.
  const config = (change: Record<string, unknown>) => utf8(serializeJson({ ...m.llama.json.get('config.json')!, ...change }));
  const configCase = (what: string, change: Record<string, unknown>, finding: string) =>
    add(m.llama, 'config.json', finding, what, 'config.json', () => withFile(m.llama.source, 'config.json', config(change)));
  configCase('num_hidden_layers: 1 on a 2-layer checkpoint', { num_hidden_layers: 1 }, '2');
  configCase('num_hidden_layers: 1.5', { num_hidden_layers: 1.5 }, '2');
  const extra = 'model.layers.0.mlp.extra_proj.weight';
  const withExtra = assembleSafetensors(JSON.stringify({ ...parts.header, [extra]: { dtype: 'F32', shape: [4], data_offsets: [parts.data.length, parts.data.length + 16] } }),
    concat([parts.data, new Uint8Array(16)]));
  add(m.llama, 'safetensors', '2', `an extra tensor "${extra}" nothing uses`, 'model.safetensors', () => withFile(m.llama.source, 'model.safetensors', withExtra));

  // 3: impossible config values; non-finite weights.
  configCase('num_hidden_layers: 0', { num_hidden_layers: 0 }, '3');
  configCase('max_position_embeddings: 0', { max_position_embeddings: 0 }, '3');
  configCase('rms_norm_eps: -1', { rms_norm_eps: -1 }, '3');
  configCase('rope_theta: 0', { rope_theta: 0 }, '3');
  configCase('rope_theta: -1', { rope_theta: -1 }, '3');
  const nonFinite = (p: Pristine, tensor: string, value: number) => {
    const region = p.floats.find((r) => r.names[0] === tensor)!;
    const bytes = p.source.files.get(region.file)!.slice();
    const view = new DataView(bytes.buffer);
    if (region.dtype === 'F32') view.setFloat32(region.begin, value, true);
    else view.setUint16(region.begin, region.dtype === 'F16' ? (Number.isNaN(value) ? 0x7e00 : value > 0 ? 0x7c00 : 0xfc00) : new Uint32Array(Float32Array.of(value).buffer)[0]! >>> 16, true);
    add(p, p.name === 'llama2c' ? 'llama2.c .bin' : 'safetensors', '3', `${tensor} (${region.dtype}) element 0 = ${value}`, region.file,
      () => withFile(p.source, region.file, bytes), region.names);
  };
  nonFinite(m.llama, 'model.layers.0.self_attn.q_proj.weight', NaN);
  nonFinite(m.llama, 'model.embed_tokens.weight', Infinity);
  nonFinite(m.llama, 'model.layers.1.mlp.down_proj.weight', NaN);
  nonFinite(m.gpt2, 'h.0.attn.c_attn.weight', -Infinity);
  nonFinite(m.llama2c, 'wq', NaN);
  nonFinite(m.llama2c, 'rms_final_weight', Infinity);

  // 4: tokenizer.json damage caught late or not at all.
  const tokenizer = (p: Pristine, what: string, change: (j: Record<string, any>) => void) => {
    const json = structuredClone(p.json.get('tokenizer.json')!) as Record<string, any>;
    change(json);
    const bytes = utf8(jsonText(json));
    add(p, 'tokenizer.json', '4', what, 'tokenizer.json', () => withFile(p.source, 'tokenizer.json', bytes));
  };
  tokenizer(m.llama, 'model.vocab as an array of [token, id] pairs', (j) => { j.model.vocab = Object.entries(j.model.vocab); });
  tokenizer(m.gpt2, 'model.vocab as an array of tokens', (j) => { j.model.vocab = Object.keys(j.model.vocab); });
  tokenizer(m.llama, 'merges garbled: "▁t he" -> "▁t zz"', (j) => { j.model.merges[2] = '▁t zz'; });
  tokenizer(m.gpt2, 'merges garbled: ["h", "e"] -> ["h", "e", "x"]', (j) => { j.model.merges[1] = ['h', 'e', 'x']; });
  tokenizer(m.llama, 'model.type "Foo"', (j) => { j.model.type = 'Foo'; });
  tokenizer(m.llama, 'model.unk_token removed', (j) => { delete j.model.unk_token; });
  tokenizer(m.llama, 'model.unk_token "<oops>" (not in the vocab)', (j) => { j.model.unk_token = '<oops>'; });
  tokenizer(m.llama, 'model: {}', (j) => { j.model = {}; });

  // 5: shard names that leave the model folder.
  const index = m.sharded.json.get(INDEX)!;
  const escape = (name: string, present: boolean) => {
    const weightMap = Object.fromEntries(Object.entries(index.weight_map as Record<string, string>).map(([k, v]) => [k, v === SHARDS[0] ? name : v]));
    const bytes = utf8(serializeJson({ ...index, weight_map: weightMap }));
    add(m.sharded, 'shard index', '5', `${SHARDS[0]} named ${JSON.stringify(name)}${present ? ', and a file by that name given' : ''}`, INDEX, () => {
      const source = withFile(m.sharded.source, INDEX, bytes);
      return present ? withFile(source, SHARDS[0], source.files.get(SHARDS[0])!, name) : source;
    });
  };
  escape(`../${SHARDS[0]}`, true);
  escape(`../../etc/${SHARDS[0]}`, false);
  escape(`/tmp/${SHARDS[0]}`, true);
  return cases;
}
