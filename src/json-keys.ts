// The one check JSON.parse leaves out and every file shaderlm reads needs: a key given twice in one
// object (JSON.parse keeps the last silently). Shared by the checkpoint loaders (src/model/weights/json.ts)
// and the tokenizer readers (src/tokenizer/json.ts), which wrap it in their own error classes.
// Tests: tests/model/loaders-config.test.ts, loaders-safetensors.test.ts and the tokenizer-json fuzz.

/** Where a repeated key is: `the key "k" ... inside "a" > "b"` for a message, or undefined if none is. */
export function repeatedKeyIn(text: string): { key: string; inside: string } | undefined {
  const repeated = repeatedKey(text);
  if (!repeated) return undefined;
  const inside = repeated.parents.length ? ` inside ${repeated.parents.map((p) => JSON.stringify(p)).join(' > ')}` : '';
  return { key: JSON.stringify(repeated.key), inside };
}

/**
 * The first key that appears twice in one object of `text`, which must be valid JSON, with the keys of the
 * objects around it. One pass with an explicit stack, so deep nesting cannot overflow the call stack.
 */
function repeatedKey(text: string): { key: string; parents: string[] } | undefined {
  const open: { keys: Set<string> | undefined; name: string }[] = []; // keys: undefined for an array
  let expectKey = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = open.at(-1);
      open.push({ keys: c === 0x7b ? new Set() : undefined, name: parent?.keys ? lastKey : '[]' });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = open.at(-1)?.keys !== undefined;
    } else if (c === 0x3a /* : */) {
      expectKey = false;
    } else if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (; end < text.length && text.charCodeAt(end) !== 0x22; end++) {
        if (text.charCodeAt(end) === 0x5c /* \ */) {
          escaped = true;
          end++;
        }
      }
      if (expectKey) {
        // Escapes decode first: "a" and "\u0061" are the same key to JSON.parse.
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const keys = open.at(-1)!.keys!;
        if (keys.has(key)) return { key, parents: open.slice(1).map((o) => o.name) };
        keys.add(key);
        lastKey = key;
      }
      i = end;
    }
  }
  return undefined;
}
