#!/usr/bin/env python3
# Writes tests/tokenizer/pre-tokenizers-expected.json: GPT-2's vocabulary and merges (encoder.json,
# vocab.bpe in ../shared/data/gpt2-tokenizer) run on llama.cpp's 46 GPT-2 test strings under the
# pre-tokenizers of Llama 3 (llama-bpe), Qwen2 and SmolLM, as their tokenizer.json files split text:
# each model's original regular expressions (Python's regex module, not the TypeScript library),
# byte-level BPE by merge rank, and for Llama 3 ignore_merges (a piece that is a token is that token).
# It needs only the regex module: run `python3 tests/tokenizer/pre-tokenizers-expected.py`.

import json
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent.parent / 'shared' / 'data' / 'gpt2-tokenizer'

GPT2 = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"""
# The Split patterns of Meta-Llama-3's and Qwen2's tokenizer.json; SmolLM's splits each digit
# (Digits, individual_digits) before ByteLevel's own GPT-2 split.
LLAMA3 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
PRE = {
    'llama-bpe': {'splits': [LLAMA3], 'ignore_merges': True},
    'qwen2': {'splits': [QWEN2], 'ignore_merges': False},
    'smollm': {'splits': [r'\p{N}', GPT2], 'ignore_merges': False},
}


def byte_alphabet():
    """GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest from U+0100 on."""
    keep = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    chars = keep[:]
    n = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(keep, chars)}


def split_isolated(pieces, pattern):
    """Each match is a piece, and so is the text between matches (HF's Split, behavior Isolated)."""
    out = []
    for piece in pieces:
        at = 0
        for m in regex.finditer(pattern, piece):
            if m.start() > at:
                out.append(piece[at:m.start()])
            if m.end() > m.start():
                out.append(m.group())
            at = m.end()
        if at < len(piece):
            out.append(piece[at:])
    return out


def bpe(word, ranks):
    parts = list(word)
    while len(parts) > 1:
        pairs = [(ranks.get((a, b), float('inf')), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
        rank, i = min(pairs)
        if rank == float('inf'):
            break
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


def main():
    vocab = json.loads((DATA / 'encoder.json').read_text(encoding='utf-8'))
    merges = [tuple(line.split(' ')) for line in (DATA / 'vocab.bpe').read_text(encoding='utf-8').split('\n')[1:] if line]
    ranks = {pair: i for i, pair in enumerate(merges)}
    alphabet = byte_alphabet()
    texts = (DATA / 'ggml-vocab-gpt-2.gguf.inp').read_text(encoding='utf-8').split('\n__ggml_vocab_test__\n')[:-1]
    expected = {}
    for name, pre in PRE.items():
        rows = []
        for text in texts:
            pieces = [text] if text else []
            for pattern in pre['splits']:
                pieces = split_isolated(pieces, pattern)
            ids = []
            for piece in pieces:
                word = ''.join(alphabet[b] for b in piece.encode('utf-8'))
                tokens = [word] if pre['ignore_merges'] and word in vocab else bpe(word, ranks)
                ids.extend(vocab[t] for t in tokens)
            rows.append(ids)
        expected[name] = rows
    (HERE / 'pre-tokenizers-expected.json').write_text(json.dumps(expected, separators=(',', ':')) + '\n', encoding='utf-8')


main()
