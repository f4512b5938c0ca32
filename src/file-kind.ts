// What a file is by its first bytes, for the message when a file of one kind is given where
// another belongs: a pytorch_model.bin read as a llama2.c checkpoint, weights given as a
// tokenizer. Shared by the checkpoint loaders and the tokenizer readers, which word their own errors;
// and a download that is a site's HTML page, not the file (the loader's sources, the worker's cache).

export type FileKind = 'gguf' | 'safetensors' | 'pytorch-zip' | 'pytorch-pickle';

/** Each kind as a message says it. */
export const FILE_KIND_WORDS: Record<FileKind, string> = {
  gguf: 'a GGUF file',
  safetensors: 'a safetensors weights file',
  'pytorch-zip': 'a zip archive (a PyTorch checkpoint, as torch.save writes it)',
  'pytorch-pickle': 'a Python pickle (a PyTorch checkpoint of the old format)',
};

/** The kind the first bytes show, or undefined when they say nothing. */
export function kindByMagic(bytes: Uint8Array): FileKind | undefined {
  const starts = (...magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(0x47, 0x47, 0x55, 0x46)) return 'gguf';
  // safetensors: a u64 little-endian JSON header length, then the header itself.
  if (bytes.length >= 10 && bytes[8] === 0x7b && bytes[9] === 0x22) {
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
    if (headerLength <= BigInt(bytes.length - 8)) return 'safetensors';
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'pytorch-zip';
  // torch.save's legacy format opens with its magic number pickled (protocol 2, LONG1 of 10 bytes);
  // a pickle's first two bytes alone are a llama2.c header's dim of 640, 896, 1152 or 1408.
  if (starts(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8)) return 'pytorch-pickle';
  return undefined;
}

/**
 * A site that answers every path with its index.html (a single-page app's host, Vite's dev server)
 * answers a missing file with 200 and that page. No model file is HTML: such an answer is a
 * missing file (read as weights, it would be a "damaged header").
 */
export function isHtmlPage(res: Response): boolean {
  return /^\s*text\/html\b/i.test(res.headers.get('content-type') ?? '');
}
