"""Write the fixtures that prove the TypeScript side matches this one (plain Python, no dependencies).

* test/fixtures/embedding/wordpiece-lines.json.gz: 1,000 corpus papers (text as paperwire embeds it,
  "title. abstract"; half spread evenly over the corpus, half over the papers with non-ASCII text) plus
  edge cases, each with its token count and an FNV-1a hash of its ids (full ids for the first 60).
* test/fixtures/embedding/vectors.json.gz: 48 texts and their vectors computed here, in double precision,
  from the shipped int8 weights.

Usage: python3 training/export_fixtures.py [--corpus .corpus/arxiv-cs-2025-2026.jsonl.xz] [--model models/sci-static-v5]
"""
import argparse
import array
import gzip
import json
import lzma
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402

EDGE_CASES = [
    "", "   ", "\t\n\r", "Ünïcödé naïve café résumé", "日本語のテキスト and 中文", "emoji 🤖 test 🚀🚀",
    "a\u0000b\ufffdc", "zero\u200bwidth\u200djoiner", "ﬁne ligature ﬂow", "Σίσυφος ΣΟΦΟΣ", "x" * 150,
    "don't stop-me (now)!", "non\u00a0breaking\u2003spaces", "line\u2028separator", "LLM's 3.5× faster, ±2%",
    "GNN-to-MLP KD", "PTQ for ViTs", "ℝ^n → ℝ^m maps ∀x∈X", "Ｆｕｌｌｗｉｄｔｈ ＡＳＣＩＩ", "ἄλφα and Å",
    "İstanbul DİŞ ﬀ", "tab\tseparated\tvalues\x0bvt\x0cff", "\x7fdel\x01soh", "e\u0301 combining acute",
]
QUERIES = [
    "shrink neural network weights to fewer bits after training",
    "low-bit LLM quantization", "3D Gaussian splatting", "efficient SAM", "NAS for mobile CNNs",
    "make diffusion models sample faster", "retrieval augmented generation for question answering",
    "robot grasping from a single RGB image",
]


RANGES = [(0x20, 0x7E), (0x00, 0x1F), (0xA0, 0xFF), (0x100, 0x17F), (0x391, 0x3C9), (0x410, 0x44F), (0x300, 0x36F),
          (0x2000, 0x206F), (0x4E00, 0x4FFF), (0x1F600, 0x1F64F), (0x2200, 0x22FF), (0xFF01, 0xFF5E), (0x621, 0x64A)]


def random_strings(n, seed=7):
    """Strings drawn from long-assigned Unicode blocks (stable across Python's and Node's Unicode versions)."""
    import random
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        chars = []
        for _ in range(rnd.randint(1, 40)):
            lo, hi = RANGES[0] if rnd.random() < 0.5 else rnd.choice(RANGES)
            chars.append(chr(rnd.randint(lo, hi)))
        out.append("".join(chars))
    return out


def fnv1a(ids):
    h = 2166136261
    for i in ids:
        h = ((h ^ i) * 16777619) & 0xFFFFFFFF
    return h


def load_model(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    rows = array.array("b")
    with open(os.path.join(model_dir, cfg["weights"]), "rb") as f:
        rows.frombytes(f.read())
    scales = array.array("f")
    with open(os.path.join(model_dir, cfg["scales"]), "rb") as f:
        scales.frombytes(f.read())
    if sys.byteorder != "little":
        scales.byteswap()
    phrases = {}
    if cfg.get("phrases"):
        wp = WordPiece(os.path.join(model_dir, cfg["vocab"]))
        with open(os.path.join(model_dir, cfg["phrases"]), encoding="utf-8") as f:
            for i, line in enumerate(f):
                a, b = line.rstrip("\n").split(" ")
                phrases[(wp.index[a], wp.index[b])] = cfg["vocabSize"] + i
    return cfg, rows, scales, phrases


def with_phrases(ids, phrases):
    """Token ids followed by the phrase rows of their adjacent pairs (as training/train.py's encode)."""
    return ids + [phrases[p] for p in zip(ids, ids[1:]) if p in phrases]


def tf_weight(count, tf):
    if tf == "log":
        return 1.0 + math.log(count)
    if tf == "sqrt":
        return math.sqrt(count)
    return float(count)


def embed(ids, cfg, rows, scales):
    dim = cfg["dim"]
    v = [0.0] * dim
    counts = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    for i, c in counts.items():
        s = scales[i] * tf_weight(c, cfg.get("termWeighting", "linear"))
        off = i * dim
        row = rows[off:off + dim]
        for j in range(dim):
            v[j] += s * row[j]
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v] if n > 0 else v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=".corpus/arxiv-cs-2025-2026.jsonl.xz")
    ap.add_argument("--model", default="models/sci-static-v5")
    ap.add_argument("--out", default="test/fixtures/embedding")
    args = ap.parse_args()
    cfg, rows, scales, phrases = load_model(args.model)
    wp = WordPiece(os.path.join(args.model, cfg["vocab"]))
    texts = []
    with lzma.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts.append(f"{r['title']}. {r['abstract']}" if r.get("abstract") else r["title"])
    non_ascii = [i for i, t in enumerate(texts) if not t.isascii()]
    picked = [non_ascii[k * len(non_ascii) // 500] for k in range(500)]
    chosen = set(picked)
    step = len(texts) / 500
    for k in range(500):
        i = int(k * step)
        while i in chosen:
            i += 1
        chosen.add(i)
        picked.append(i)
    lines = []
    for n, i in enumerate(picked):
        ids = wp.encode(texts[i])
        row = {"text": texts[i], "count": len(ids), "fnv": fnv1a(ids)}
        if n < 60:
            row["ids"] = ids
        lines.append(row)
    edge = [{"text": t, "ids": wp.encode(t)} for t in EDGE_CASES + random_strings(300)]
    os.makedirs(args.out, exist_ok=True)
    with gzip.open(os.path.join(args.out, "wordpiece-lines.json.gz"), "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump({"vocab": os.path.join(args.model, cfg["vocab"]), "lines": lines, "edgeCases": edge}, f, ensure_ascii=False)
    vec_texts = QUERIES + EDGE_CASES[:16] + [texts[i] for i in picked[::42]]
    vectors = [{"text": t, "vector": [round(x, 7) for x in embed(with_phrases(wp.encode(t), phrases), cfg, rows, scales)]} for t in vec_texts]
    with gzip.open(os.path.join(args.out, "vectors.json.gz"), "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump({"model": cfg["id"], "dim": cfg["dim"], "texts": vectors}, f, ensure_ascii=False)
    print(f"{len(lines)} lines, {len(edge)} edge cases, {len(vectors)} vectors -> {args.out}")


if __name__ == "__main__":
    main()
