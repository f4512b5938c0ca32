#!/usr/bin/env python3
# Writes tests/model/gpt2-golden.json: the logits at every position of the random GPT-2 checkpoints
# of gpt2-golden-checkpoint.ts, by a float64 numpy forward pass written from GPT-2's definition
# (transformers' GPT2LMHeadModel: LayerNorm, Conv1D weights stored (in, out), causal attention,
# gelu_new, learned positions), not from shaderlm's code. Run:
#   npx tsx tests/model/gpt2-golden-checkpoint.ts /tmp/gpt2-golden
#   python3 tests/model/gpt2-golden.py /tmp/gpt2-golden > tests/model/gpt2-golden.json

import json
import struct
import sys
from pathlib import Path

import numpy as np


def read_safetensors(path):
    data = Path(path).read_bytes()
    (size,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + size])
    body = data[8 + size:]
    tensors = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        assert info['dtype'] == 'F32', info['dtype']
        start, end = info['data_offsets']
        tensors[name] = np.frombuffer(body[start:end], dtype='<f4').reshape(info['shape']).astype(np.float64)
    return tensors


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def gelu_new(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(config, w, ids):
    T, C, H = len(ids), config['n_embd'], config['n_head']
    hs = C // H
    eps = config['layer_norm_epsilon']
    x = w['wte.weight'][ids] + w['wpe.weight'][:T]
    causal = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(config['n_layer']):
        p = f'h.{l}.'
        a = layer_norm(x, w[p + 'ln_1.weight'], w[p + 'ln_1.bias'], eps)
        qkv = a @ w[p + 'attn.c_attn.weight'] + w[p + 'attn.c_attn.bias']
        q, k, v = (qkv[:, i * C:(i + 1) * C].reshape(T, H, hs).transpose(1, 0, 2) for i in range(3))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(hs) + causal
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        att = scores / scores.sum(-1, keepdims=True)
        y = (att @ v).transpose(1, 0, 2).reshape(T, C)
        x = x + y @ w[p + 'attn.c_proj.weight'] + w[p + 'attn.c_proj.bias']
        m = layer_norm(x, w[p + 'ln_2.weight'], w[p + 'ln_2.bias'], eps)
        h = gelu_new(m @ w[p + 'mlp.c_fc.weight'] + w[p + 'mlp.c_fc.bias'])
        x = x + h @ w[p + 'mlp.c_proj.weight'] + w[p + 'mlp.c_proj.bias']
    x = layer_norm(x, w['ln_f.weight'], w['ln_f.bias'], eps)
    head = w['wte.weight'] if config['tie_word_embeddings'] else w['lm_head.weight']
    return x @ head.T


def main():
    root = Path(sys.argv[1])
    out = {}
    for name in ('tied', 'untied'):
        folder = root / name
        config = json.loads((folder / 'config.json').read_text())
        ids = json.loads((folder / 'ids.json').read_text())
        logits = forward(config, read_safetensors(folder / 'model.safetensors'), ids)
        out[name] = {'ids': ids, 'logits': [[float(f'{v:.9g}') for v in row] for row in logits]}
    json.dump(out, sys.stdout)
    print()


if __name__ == '__main__':
    main()
