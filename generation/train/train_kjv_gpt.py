#!/usr/bin/python3
"""Train kjv-gpt, a small GPT on the King James Version, and export it for the generation engine.

Reproducible: every random choice is seeded (--seed), the corpus comes from a Debian package,
and training runs a fixed number of steps (600 steps of 8 x 128 tokens, 0.6 M tokens, about half
a pass over the training split) on one CPU thread: on a busy shared two-core
machine one thread trained 2-3 times faster than two, which fought over the cores.

    apt-get install -y python3-torch python3-regex bible-kjv bible-kjv-text
    nice /usr/bin/python3 generation/train/train_kjv_gpt.py

What it writes:
    --out/kjv-gpt/           model.onnx, tokenizer.json, generation.json, reference.json, training.json
    --tiny-out/tiny-random/  the same layout with a tiny randomly initialised model, for fast engine tests

Corpus: the whole KJV (31,102 verses) as Debian's bible-kjv-text holds it, read through the
`bible` command of bible-kjv; verse references stripped. Verses of a chapter are separated by a
newline and chapters by the end-of-text token, so the model learns where to stop.
Held-out split: the verses are cut into blocks of 100 consecutive verses and every 20th block
(5 %) is held out; nothing of a held-out block is trained on.

Tokenizer: a byte-level BPE (the scheme of GPT-2, SmolLM2 and Qwen2.5) trained here on the
training split, 1,024 tokens: 256 bytes, 767 merges and <|endoftext|>. Byte-level means any
UTF-8 text encodes with no unknown token, and the engine's streaming path for tokens that end
inside a multi-byte character is exercised by the model that ships. It is written as a Hugging
Face tokenizer.json (ByteLevel pre-tokenizer and decoder, BPE model) so the tokenizers library
(DJL in Java) loads it unchanged.

Model: pre-LayerNorm GPT, learned positions, tied input/output embeddings. The ONNX graph has the
decoder layout Hugging Face Optimum exports: inputs input_ids, attention_mask, position_ids,
past_key_values.{i}.key/.value [batch, heads, past, head_dim]; outputs logits, present.{i}.key/.value.
"""
import argparse
import json
import math
import os
import subprocess
import time
from collections import Counter

import regex
import torch
import torch.nn as nn
import torch.nn.functional as F

EOS = "<|endoftext|>"
GPT2_SPLIT = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


# ---------------------------------------------------------------------------------------- corpus

def read_kjv():
    """Returns chapters, each a list of verse texts, in canonical order."""
    out = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], check=True, capture_output=True,
                         text=True).stdout
    chapters, current, last_chapter = [], [], None
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        ref, _, text = line.partition(" ")
        chapter = ref.split(":")[0]
        if chapter != last_chapter and current:
            chapters.append(current)
            current = []
        last_chapter = chapter
        current.append(text.strip())
    if current:
        chapters.append(current)
    return chapters


def split_corpus(chapters, block=100, every=20):
    """Verse blocks of `block`; every `every`-th block held out. Returns (train, heldout) as
    lists of segments; a segment is a list of verse strings ending a chapter or a block."""
    train, held = [], []
    index = 0
    for verses in chapters:
        segment, segment_held = [], None
        for verse in verses:
            is_held = (index // block) % every == every - 1
            if segment_held is not None and is_held != segment_held:
                (held if segment_held else train).append((segment, False))
                segment = []
            segment_held = is_held
            segment.append(verse)
            index += 1
        (held if segment_held else train).append((segment, True))  # True: chapter ends here
    return train, held


# ------------------------------------------------------------------------------------- tokenizer

def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters (what ByteLevel uses)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_CHARS = bytes_to_unicode()


def pre_tokens(text):
    return ["".join(BYTE_CHARS[b] for b in piece.encode("utf-8")) for piece in GPT2_SPLIT.findall(text)]


def train_bpe(texts, vocab_size):
    words = Counter()
    for text in texts:
        words.update(pre_tokens(text))
    corpus = {tuple(w): c for w, c in words.items()}
    merges = []
    target = vocab_size - 256 - 1
    while len(merges) < target:
        pairs = Counter()
        for symbols, count in corpus.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += count
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        joined = best[0] + best[1]
        new_corpus = {}
        for symbols, count in corpus.items():
            if best[0] in symbols:
                out, i = [], 0
                while i < len(symbols):
                    if i < len(symbols) - 1 and symbols[i] == best[0] and symbols[i + 1] == best[1]:
                        out.append(joined)
                        i += 2
                    else:
                        out.append(symbols[i])
                        i += 1
                symbols = tuple(out)
            new_corpus[symbols] = new_corpus.get(symbols, 0) + count
        corpus = new_corpus
    vocab = {BYTE_CHARS[b]: b for b in range(256)}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    eos_id = len(vocab)
    return vocab, merges, eos_id


class Bpe:
    def __init__(self, vocab, merges, eos_id):
        self.vocab, self.eos_id = vocab, eos_id
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.cache = {}

    def word(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = list(word)
        while len(symbols) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), i) for i, p in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids = [self.vocab[s] for s in symbols]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        return [i for w in pre_tokens(text) for i in self.word(w)]


def tokenizer_json(vocab, merges, eos_id):
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": eos_id, "content": EOS, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": None,
        "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": {**vocab, EOS: eos_id}, "merges": [a + " " + b for a, b in merges]},
    }


def encode_segments(bpe, segments):
    ids = []
    for verses, chapter_end in segments:
        ids.extend(bpe.encode("\n".join(verses) + "\n"))
        if chapter_end:
            ids.append(bpe.eos_id)
    return ids


# ----------------------------------------------------------------------------------------- model

class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.fc = nn.Linear(dim, 4 * dim)
        self.out = nn.Linear(4 * dim, dim)

    def forward(self, x, mask, past_k, past_v):
        b, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = [z.view(b, t, self.heads, self.head_dim).transpose(1, 2) for z in (q, k, v)]
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        att = att.masked_fill(mask, torch.finfo(att.dtype).min)
        y = (F.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(b, t, c)
        x = x + self.proj(y)
        x = x + self.out(F.gelu(self.fc(self.ln2(x))))
        return x, k, v


class Gpt(nn.Module):
    def __init__(self, vocab, context, dim, layers, heads):
        super().__init__()
        self.context, self.layers, self.heads, self.head_dim = context, layers, heads, dim // heads
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(context, dim)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(dim)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        """past: k0, v0, k1, v1, ... each [batch, heads, past, head_dim]; returns logits, k0', v0', ..."""
        t = input_ids.shape[1]
        p = past[0].shape[2]
        query_at = torch.arange(t, device=input_ids.device) + p
        key_at = torch.arange(p + t, device=input_ids.device)
        causal = key_at.unsqueeze(0) > query_at.unsqueeze(1)                  # [t, p+t], True = hidden
        mask = causal.unsqueeze(0).unsqueeze(0) | (attention_mask == 0).unsqueeze(1).unsqueeze(2)
        x = self.tok(input_ids) + self.pos(position_ids)
        present = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, mask, past[2 * i], past[2 * i + 1])
            present += [k, v]
        logits = self.ln(x) @ self.tok.weight.t()
        return (logits, *present)

    def empty_past(self, batch):
        return [torch.zeros(batch, self.heads, 0, self.head_dim) for _ in range(2 * self.layers)]

    def train_logits(self, ids):
        b, t = ids.shape
        positions = torch.arange(t).unsqueeze(0).expand(b, t)
        return self(ids, torch.ones(b, t, dtype=torch.long), positions, *self.empty_past(b))[0]


def init_weights(model, std):
    for name, param in model.named_parameters():
        if param.dim() >= 2:
            nn.init.normal_(param, 0.0, std)
        elif name.endswith("bias"):
            nn.init.zeros_(param)


# ---------------------------------------------------------------------------------------- export

def export(model, out_dir, name, tokenizer, eos_id, bpe, extra):
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    batch, new, past_len = 2, 3, 4
    past = [torch.randn(batch, model.heads, past_len, model.head_dim) for _ in range(2 * model.layers)]
    args = (torch.randint(0, eos_id, (batch, new)), torch.ones(batch, past_len + new, dtype=torch.long),
            torch.arange(past_len, past_len + new).unsqueeze(0).expand(batch, new).contiguous(), *past)
    inputs = ["input_ids", "attention_mask", "position_ids"]
    outputs = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(model.layers):
        for kind in ("key", "value"):
            inputs.append(f"past_key_values.{i}.{kind}")
            outputs.append(f"present.{i}.{kind}")
            axes[inputs[-1]] = {0: "batch_size", 2: "past_sequence_length"}
            axes[outputs[-1]] = {0: "batch_size", 2: "total_sequence_length"}
    path = os.path.join(out_dir, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(model, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                          opset_version=17, do_constant_folding=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    meta = {"name": name, "context_length": model.context, "vocab_size": eos_id + 1,
            "num_layers": model.layers, "num_kv_heads": model.heads, "head_dim": model.head_dim,
            "eos_token_ids": [eos_id],
            # The model continues scripture, it was never taught turns: each message's text is
            # laid down as verses and the model goes on from the last one.
            "chat_template": {"prefix": "", "message": "{content}\n", "roles": {}, "generation_prompt": ""}}
    with open(os.path.join(out_dir, "generation.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
    write_reference(model, out_dir, bpe)
    with open(os.path.join(out_dir, "training.json"), "w", encoding="utf-8") as f:
        json.dump(extra, f, indent=2)


def write_reference(model, out_dir, bpe):
    """Greedy continuations and their log-probs from PyTorch, full recompute, so the Java engine can
    check that the exported graph and its KV cache reproduce the trained model."""
    refs = []
    for prompt in ["In the beginning God created", "And Jesus said unto them,"]:
        ids = bpe.encode(prompt)
        tokens, logprobs = [], []
        with torch.no_grad():
            for _ in range(24):
                seq = torch.tensor([ids + tokens])
                logp = F.log_softmax(model.train_logits(seq)[0, -1], dim=-1)
                nxt = int(torch.argmax(logp))
                tokens.append(nxt)
                logprobs.append(float(logp[nxt]))
        refs.append({"prompt": prompt, "prompt_ids": ids, "tokens": tokens, "logprobs": logprobs})
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(refs, f, indent=1)


# -------------------------------------------------------------------------------------- training

def evaluate(model, ids, context, chars):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(ids) - 1, context):
            chunk = ids[start:start + context + 1]
            if len(chunk) < 2:
                break
            x = torch.tensor([chunk[:-1]])
            y = torch.tensor(chunk[1:])
            total += float(F.cross_entropy(model.train_logits(x)[0], y, reduction="sum"))
            count += len(chunk) - 1
    model.train()
    return {"tokens": count, "nll": total, "ppl_token": math.exp(total / count),
            "ppl_char": math.exp(total / chars)}


def unigram(train_ids, held_ids, vocab, chars):
    counts = Counter(train_ids)
    n = len(train_ids)
    nll = -sum(math.log((counts[t] + 1) / (n + vocab)) for t in held_ids[1:])
    return {"tokens": len(held_ids) - 1, "nll": nll, "ppl_token": math.exp(nll / (len(held_ids) - 1)),
            "ppl_char": math.exp(nll / chars)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="generation/src/main/resources/models")
    ap.add_argument("--tiny-out", default="generation/src/test/resources/models")
    ap.add_argument("--seed", type=int, default=1611)
    ap.add_argument("--vocab", type=int, default=1024)
    ap.add_argument("--context", type=int, default=128)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tiny-only", action="store_true", help="write only the tokenizer and tiny-random")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    started = time.time()

    chapters = read_kjv()
    train_segments, held_segments = split_corpus(chapters)
    train_text = ["\n".join(v) for v, _ in train_segments]
    vocab, merges, eos_id = train_bpe(train_text, args.vocab)
    bpe = Bpe(vocab, merges, eos_id)
    tokenizer = tokenizer_json(vocab, merges, eos_id)
    train_ids = encode_segments(bpe, train_segments)
    held_ids = encode_segments(bpe, held_segments)
    held_chars = sum(len("\n".join(v)) + 1 for v, _ in held_segments)
    print(f"corpus: {sum(map(len, chapters))} verses; train {len(train_ids)} tokens, held-out "
          f"{len(held_ids)} tokens / {held_chars} chars; tokenizer {time.time() - started:.0f}s", flush=True)

    tiny = Gpt(eos_id + 1, 64, 32, 2, 2)
    init_weights(tiny, 0.3)
    export(tiny, os.path.join(args.tiny_out, "tiny-random"), "tiny-random", tokenizer, eos_id, bpe,
           {"seed": args.seed, "parameters": sum(p.numel() for p in tiny.parameters()), "trained": False})
    if args.tiny_only:
        return

    model = Gpt(eos_id + 1, args.context, args.dim, args.layers, args.heads)
    init_weights(model, 0.02)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    data = torch.tensor(train_ids)
    gen = torch.Generator().manual_seed(args.seed)
    warmup = max(1, args.steps // 20)
    for step in range(args.steps):
        lr = args.lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        for group in opt.param_groups:
            group["lr"] = lr
        starts = torch.randint(0, len(train_ids) - args.context - 1, (args.batch,), generator=gen)
        x = torch.stack([data[s:s + args.context] for s in starts])
        y = torch.stack([data[s + 1:s + args.context + 1] for s in starts])
        loss = F.cross_entropy(model.train_logits(x).reshape(-1, eos_id + 1), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step} loss {loss.item():.3f} lr {lr:.2e} {time.time() - started:.0f}s", flush=True)

    held = evaluate(model, held_ids, args.context, held_chars)
    base = unigram(train_ids, held_ids, eos_id + 1, held_chars)
    print(f"held-out perplexity: model {held['ppl_token']:.2f}/token {held['ppl_char']:.3f}/char; "
          f"unigram {base['ppl_token']:.2f}/token {base['ppl_char']:.3f}/char", flush=True)
    extra = {"seed": args.seed, "parameters": params, "args": vars(args), "train_tokens": len(train_ids),
             "heldout_chars": held_chars, "heldout": held, "unigram": base,
             "train_seconds": round(time.time() - started), "torch": torch.__version__}
    export(model, os.path.join(args.out, "kjv-gpt"), "kjv-gpt", tokenizer, eos_id, bpe, extra)


if __name__ == "__main__":
    main()
