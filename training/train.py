"""Train paperwire's static science embedding model (one vector per WordPiece token).

A text's vector is the L2-normalized sum of its tokens' vectors (repeats counted). Training is
contrastive with in-batch negatives on pairs mined from arXiv titles and abstracts:
  * title -> abstract, and
  * one abstract sentence -> the rest of the paper (title + the other sentences),
optionally with batches grouped by primary category (harder in-batch negatives), a WordNet synonym
loss (general-language words), token dropout, and a Matryoshka loss over vector prefixes. Each token
also has a learned weight (initialized from IDF) that is folded into its vector on export. The table may start
from an LSA of the training papers (a truncated SVD of the token x paper matrix) instead of at random.

Usage: see training/README.md. Variants are named presets (VARIANTS below) so that one GPU run can
train and compare several; `--export NAME` writes the int8 model files of the chosen ones.
"""
import argparse
import hashlib
import json
import lzma
import math
import os
import random
import re
import sys
import time
import zlib
from multiprocessing import Pool

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
from wordpiece import WordPiece  # noqa: E402

CORPUS_SHA256 = "faa613cfe976e3e0477d3cea0bfc0ecf5bd1f293bc7bb509b644d5c14b5b51ce"
S_MAX = 24  # segments per paper: title + up to 23 sentences (the tail is merged into the last)
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")

BASE = dict(dim=384, epochs=20, batch=4096, lr=3e-3, tau=0.05, p_title=0.5, p_cat=0.0,
            wn_weight=0.0, wn_batch=4096, tok_drop=0.0, matryoshka=(64, 128, 256), seed=11, tf="linear",
            hn_start=0.0, hn_lo=5, hn_k=50, soup=(), rd_rows=0.0, rd_p=0.5, rd_q=0.75,
            bigrams=0, bg_min=20, bg_pmi=2.0, asym=0, ict_keep=0.0, init="random",
            defs_weight=0.0, para_weight=0.0, para_p=0.5, extra_batch=4096, lay_weight=0.0, lay_cap=64)
VARIANTS = {
    # the shipped model (models/sci-static-v5): sci-static-v4 plus the everyday-word descriptions of training/lay/
    # (the same recipe as v8_lay below; issue 23)
    "sci-static-v5": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", lay_weight=0.2),
    # the model before (models/sci-static-v4 until 2026-12-06): sci-static-v3 whose table starts half from an LSA of
    # the training papers, half from the random start (the same recipe as v6_lsamix below)
    "sci-static-v4": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix"),
    # the model before (models/sci-static-v3 until 2026-11-24): sci-static-v2 plus 4,000 phrase tokens and, from
    # half-way on, mined hard negatives (the same recipe as v4_bg4k_hn below)
    "sci-static-v3": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5),
    # the previous model (models/sci-static-v2 until 2026-11-24): sci-static-v1 plus sublinear term frequency (sqrt of the count)
    "sci-static-v2": dict(p_cat=0.5, tau=0.07, tf="sqrt"),
    # the first model: category-grouped batches half the time, temperature 0.07, plain counts
    "sci-static-v1": dict(p_cat=0.5, tau=0.07),
    # the sweep that chose it (figures in training/reports-run*.json and the model card)
    "base": {},
    "cat": dict(p_cat=0.5),
    "cat_wn": dict(p_cat=0.5, wn_weight=0.2),
    "cat_wn_drop": dict(p_cat=0.5, wn_weight=0.2, tok_drop=0.1),
    "cat_wn_e40": dict(p_cat=0.5, wn_weight=0.2, epochs=40),
    "cat_wn_d256": dict(p_cat=0.5, wn_weight=0.2, dim=256),
    "cat_wn_tau03": dict(p_cat=0.5, wn_weight=0.2, tau=0.03),
    "cat_t07": dict(p_cat=0.5, tau=0.07),
    "cat_t10": dict(p_cat=0.5, tau=0.1),
    "cat_e10": dict(p_cat=0.5, epochs=10),
    "cat_wn05": dict(p_cat=0.5, wn_weight=0.05),
    "cat_b8k": dict(p_cat=0.5, batch=8192),
    "cat_pt03": dict(p_cat=0.5, p_title=0.3),
    "cat_pc1": dict(p_cat=1.0),
    "v1_seed12": dict(p_cat=0.5, tau=0.07, seed=12),
    "v1_seed13": dict(p_cat=0.5, tau=0.07, seed=13),
    "v1_lr15": dict(p_cat=0.5, tau=0.07, lr=1.5e-3),
    "v1_d448": dict(p_cat=0.5, tau=0.07, dim=448),
    "v1_pc25": dict(p_cat=0.25, tau=0.07),
    "v1_pt07": dict(p_cat=0.5, tau=0.07, p_title=0.7),
    # sublinear term frequency in training and at inference (a token repeated c times counts 1 + ln c)
    "v2_log": dict(p_cat=0.5, tau=0.07, tf="log"),
    "v2_log_s12": dict(p_cat=0.5, tau=0.07, tf="log", seed=12),
    "v2_log_s13": dict(p_cat=0.5, tau=0.07, tf="log", seed=13),
    "v2_sqrt": dict(p_cat=0.5, tau=0.07, tf="sqrt"),
    "v2_sqrt_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", seed=12),
    "v2_sqrt_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", seed=13),
    "v2_nomrl": dict(p_cat=0.5, tau=0.07, tf="sqrt", matryoshka=()),
    "v2_nomrl_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", matryoshka=(), seed=12),
    "v2_pc25": dict(p_cat=0.25, tau=0.07, tf="sqrt"),
    "v2_pc25_s12": dict(p_cat=0.25, tau=0.07, tf="sqrt", seed=12),
    "v2_log_pc25": dict(p_cat=0.25, tau=0.07, tf="log"),
    # mined hard negatives: from half-way on, each query also sees the whole text of a paper that the model
    # itself ranks among its nearest (ranks hn_lo..hn_k, skipping the closest few, which may be true matches)
    "v3_hn": dict(p_cat=0.5, tau=0.07, tf="sqrt", hn_start=0.5),
    "v3_hn_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", hn_start=0.5, seed=12),
    "v3_hn_lo10": dict(p_cat=0.5, tau=0.07, tf="sqrt", hn_start=0.5, hn_lo=10, hn_k=100),
    "v3_hn_early": dict(p_cat=0.5, tau=0.07, tf="sqrt", hn_start=0.25),
    # rare-term dropping on the query side: in a share (rd_rows) of the pairs, each query token rarer than the
    # rd_q quantile of token occurrences is dropped with probability rd_p, so that the query describes the
    # paper in general words instead of naming its technique (as researchers' plain-language searches do)
    "v3_rd": dict(p_cat=0.5, tau=0.07, tf="sqrt", rd_rows=0.5),
    "v3_rd_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", rd_rows=0.5, seed=12),
    "v3_rd_all": dict(p_cat=0.5, tau=0.07, tf="sqrt", rd_rows=1.0, rd_p=0.5),
    "v3_rd_q5": dict(p_cat=0.5, tau=0.07, tf="sqrt", rd_rows=0.5, rd_q=0.5),
    # model soup: the same initialization trained on three data orders, weights averaged
    "v3_soup": dict(p_cat=0.5, tau=0.07, tf="sqrt", soup=(11, 12, 13)),
    "v3_soup_hn": dict(p_cat=0.5, tau=0.07, tf="sqrt", hn_start=0.5, soup=(11, 12, 13)),
    # phrase tokens: the `bigrams` most frequent pairs of adjacent WordPiece tokens whose pointwise mutual
    # information is at least bg_pmi (natural log) get a vector of their own, added to the bag next to the
    # vectors of their two tokens ("early exit", "gaussian splatting", "sp ##lat")
    "v4_bg8k": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=8000),
    "v4_bg8k_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=8000, seed=12),
    "v4_bg8k_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=8000, seed=13),
    "v4_bg4k": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000),
    "v4_bg16k": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=16000),
    "v4_bg8k_pmi3": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=8000, bg_pmi=3.0),
    "v4_bg4k_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, seed=12),
    "v4_bg4k_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, seed=13),
    "v4_bg4k_hn": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5),
    "v4_bg4k_hn_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, seed=12),
    "v4_bg4k_hn_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, seed=13),
    # asymmetric token weights: a token's weight in a query may differ from its weight in a paper (a learned
    # per-row query factor, exported as qweights.f32), as learned sparse retrievers weight the two sides apart;
    # not kept (run 12), so paperwire's TypeScript loader does not read qweights.f32
    "v5_asym": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, asym=1),
    "v5_asym_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, asym=1, seed=12),
    "v5_asym_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, asym=1, seed=13),
    # the inverse-cloze pairs keep the query sentence inside the rest of the paper in ict_keep of the pairs, so the
    # model also learns that a paper matches its own words, not only their context
    "v5_keep": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, ict_keep=0.1),
    "v5_keep_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, ict_keep=0.1, seed=12),
    # LSA initialization: the table starts from a truncated SVD of the token x paper matrix (sqrt tf x idf, papers
    # unit length) over the training papers, so that rare words begin near the words they share papers with
    # instead of at random, then trains as sci-static-v3
    "v6_lsa": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa"),
    "v6_lsa_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa", seed=12),
    "v6_lsa_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa", seed=13),
    # the same without the first singular direction, and mixed half and half with the random start
    "v6_lsa1": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_skip1"),
    "v6_lsa1_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_skip1", seed=12),
    "v6_lsamix": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix"),
    "v6_lsamix_s12": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", seed=12),
    "v6_lsamix_s13": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", seed=13),
    "v6_lsamix_e30": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", epochs=30),
    # everyday paraphrase (issue 23): sci-static-v4 plus a second contrastive loss over mined definitions
    # (description -> term, training/definitions.py) and/or titles whose words were swapped for WordNet synonyms
    # (paraphrased title -> the paper's abstract)
    "v7_defs": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", defs_weight=0.2),
    "v7_para": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", para_weight=0.3),
    "v7_defs_para": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix",
                         defs_weight=0.2, para_weight=0.3),
    # everyday words (issue 23): sci-static-v4 plus everyday-word descriptions of the field's terms
    # (training/lay/, written by hand), each paired with a training paper whose title holds the term
    "v8_lay": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", lay_weight=0.2),
    "v8_lay5": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", lay_weight=0.5),
    "v8_lay1": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix", lay_weight=0.1),
    "v7_defs5_para": dict(p_cat=0.5, tau=0.07, tf="sqrt", bigrams=4000, hn_start=0.5, init="lsa_mix",
                          defs_weight=0.5, para_weight=0.3),
}

_wp = None


def _init(vocab):
    global _wp
    _wp = WordPiece(vocab)


def _tok_paper(row):
    title, abstract = row
    sents = [s for s in SENT_SPLIT.split(abstract) if s.strip()]
    return _wp.encode(title), [_wp.encode(s) for s in sents]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_corpus(path, vocab, workers, limit=0):
    rows = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("title") and r.get("abstract"):
                rows.append(r)
            if limit and len(rows) >= limit:
                break
    held = np.array([zlib.crc32(r["id"].encode()) % 50 == 0 for r in rows])
    cats = [(r.get("categories") or ["none"])[0] for r in rows]
    with Pool(workers, initializer=_init, initargs=(vocab,)) as pool:
        toks = pool.map(_tok_paper, [(r["title"], r["abstract"]) for r in rows], chunksize=256)
    return rows, toks, held, cats


def flatten(toks):
    """Papers -> flat token array, per-token segment index, per-paper start/length/segment count."""
    flat, seg, start, length, nseg = [], [], [], [], []
    pos = 0
    for title, sents in toks:
        parts = [title] + sents[: S_MAX - 1]
        if len(sents) > S_MAX - 1:
            parts[-1] = [t for s in sents[S_MAX - 2:] for t in s]
        start.append(pos)
        n = 0
        for j, p in enumerate(parts):
            flat.extend(p)
            seg.extend([j] * len(p))
            n += len(p)
        length.append(n)
        nseg.append(len(parts))
        pos += n
    return (np.array(flat, dtype=np.int64), np.array(seg, dtype=np.int64), np.array(start, dtype=np.int64),
            np.array(length, dtype=np.int64), np.array(nseg, dtype=np.int64))


def select_bigrams(flat, seg, length, train_mask, vocab_size, k, min_count, min_pmi):
    """The k most frequent adjacent token pairs (within one segment of a training paper) with PMI >= min_pmi.

    Returns an (k, 2) int64 array of token-id pairs; pair i gets the id vocab_size + i."""
    paper = np.repeat(np.arange(len(length)), length)
    ok = (seg[:-1] == seg[1:]) & (paper[:-1] == paper[1:]) & train_mask[paper[:-1]]
    a, b = flat[:-1][ok], flat[1:][ok]
    keys, counts = np.unique(a * vocab_size + b, return_counts=True)
    uni = np.bincount(flat[train_mask[paper]], minlength=vocab_size).astype(np.float64)
    n_pairs = float(ok.sum())
    ka, kb = keys // vocab_size, keys % vocab_size
    pmi = np.log(counts * uni.sum() * uni.sum() / (n_pairs * uni[ka] * uni[kb]))
    keep = (counts >= min_count) & (pmi >= min_pmi)
    order = np.argsort(-counts[keep], kind="stable")[:k]
    return np.stack([ka[keep][order], kb[keep][order]], axis=1)


def bigram_lookup(pairs, vocab_size):
    """{(a, b): id} for embed_texts (ids follow the vocabulary)."""
    return {(int(a), int(b)): vocab_size + i for i, (a, b) in enumerate(pairs)}


def add_bigrams(flat, seg, length, pairs, vocab_size):
    """Append each paper's phrase-token ids (one per matching adjacent pair, in the pair's segment)."""
    paper = np.repeat(np.arange(len(length)), length)
    sel = np.sort(pairs[:, 0] * vocab_size + pairs[:, 1])
    ids = np.argsort(pairs[:, 0] * vocab_size + pairs[:, 1])  # sorted key position -> pair index
    key = flat[:-1] * vocab_size + flat[1:]
    pos = np.clip(np.searchsorted(sel, key), 0, len(sel) - 1)
    hit = (sel[pos] == key) & (seg[:-1] == seg[1:]) & (paper[:-1] == paper[1:])
    bg_tok = vocab_size + ids[pos[hit]]
    all_tok = np.concatenate([flat, bg_tok])
    all_seg = np.concatenate([seg, seg[:-1][hit]])
    all_paper = np.concatenate([paper, paper[:-1][hit]])
    order = np.argsort(all_paper, kind="stable")
    new_len = np.bincount(all_paper, minlength=len(length))
    new_start = np.cumsum(new_len) - new_len
    return all_tok[order], all_seg[order], new_start, new_len


def encode(wp, text, bg=None):
    """Token ids of a text, followed by its phrase-token ids when the model has them."""
    ids = wp.encode(text)
    if bg:
        ids = ids + [bg[p] for p in zip(ids, ids[1:]) if p in bg]
    return ids


def load_wordnet(path, wp):
    pairs = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b = line.rstrip("\n").split("\t")
            ia, ib = wp.encode(a)[:3], wp.encode(b)[:3]
            pairs.append((ia + [0] * (3 - len(ia)), ib + [0] * (3 - len(ib))))
    a = torch.tensor([p[0] for p in pairs])
    b = torch.tensor([p[1] for p in pairs])
    return a, b


def pad_ids(seqs, width):
    """Token-id lists cut to `width` and padded with 0 ([PAD], whose row is masked out)."""
    out = np.zeros((len(seqs), width), dtype=np.int64)
    for i, ids in enumerate(seqs):
        ids = ids[:width]
        out[i, :len(ids)] = ids
    return torch.tensor(out)


def load_definitions(path, wp, bg):
    """(description, term) pairs mined by training/definitions.py, as padded token-id tensors."""
    qs, ds = [], []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            _, desc, term, _ = line.rstrip("\n").split("\t")
            q, d = encode(wp, desc, bg), encode(wp, term, bg)
            if q and d:
                qs.append(q)
                ds.append(d)
    return pad_ids(qs, 48), pad_ids(ds, 12)


TITLE_WORDS = re.compile(r"[^a-z0-9\- ]")


def load_lay(path, rows, held, wp, bg, cap, seed):
    """Everyday-word descriptions of terms (`term<TAB>description` lines) as padded token ids, each with the
    training papers (not held out) whose title holds the term as whole words, at most `cap` a term: returns
    (description ids, offsets, counts, flat paper indices) for sampling one paper a description."""
    index = {}
    for i, r in enumerate(rows):
        if held[i]:
            continue
        w = TITLE_WORDS.sub(" ", r["title"].lower()).split()
        for n in (1, 2, 3, 4):
            for k in range(len(w) - n + 1):
                index.setdefault(" ".join(w[k:k + n]), []).append(i)
    rng = random.Random(seed)
    qs, offsets, counts, flat = [], [], [], []
    terms = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                continue
            term = " ".join(TITLE_WORDS.sub(" ", parts[0].lower()).split())
            papers = sorted(set(index.get(term, ())))
            q = encode(wp, parts[1], bg)
            if not papers or not q:
                continue
            if len(papers) > cap:
                papers = rng.sample(papers, cap)
            terms.add(term)
            qs.append(q)
            offsets.append(len(flat))
            counts.append(len(papers))
            flat.extend(papers)
    print(f"  everyday descriptions: {len(qs)} of {len(terms)} terms, {len(flat)} (description, paper) choices", flush=True)
    return pad_ids(qs, 32), torch.tensor(offsets), torch.tensor(counts), torch.tensor(flat)


def load_synonyms(path):
    """word -> its WordNet synonyms (both directions of training/synonyms/wordnet-pairs.tsv.xz)."""
    syn = {}
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b = line.rstrip("\n").split("\t")
            syn.setdefault(a, []).append(b)
            syn.setdefault(b, []).append(a)
    return syn


def paraphrase_titles(titles, syn, p, seed, wp, bg):
    """Each title with every word that has a WordNet synonym swapped for a random one with probability p."""
    rng = random.Random(seed)
    out = []
    for t in titles:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*|[^A-Za-z\s]+", t)
        new = [rng.choice(syn[w.lower()]) if w.lower() in syn and rng.random() < p else w for w in words]
        out.append(encode(wp, " ".join(new), bg))
    return pad_ids(out, 32)


def masked_bag(model, ids):
    """Plain sum of the token vectors of padded id rows (pads masked)."""
    return model.token_vecs(ids).mul((ids > 0).float().unsqueeze(-1)).sum(1)


class StaticModel(torch.nn.Module):
    def __init__(self, vocab_size, dim, idf, asym=False):
        super().__init__()
        self.emb = torch.nn.Parameter(torch.randn(vocab_size, dim) * (1.0 / math.sqrt(dim)))
        self.logw = torch.nn.Parameter(torch.log(idf / idf.mean()))
        # query-side log factor per row (asymmetric variants only; zero = the paper-side weight)
        self.logq = torch.nn.Parameter(torch.zeros(vocab_size)) if asym else None

    def query_factor(self):
        """Per-row multiplier of a token's vector on the query side (None for symmetric models)."""
        return None if self.logq is None else self.logq.exp()

    def token_vecs(self, ids):
        return self.emb[ids] * self.logw.exp()[ids].unsqueeze(-1)

    def folded(self):
        w = self.emb * self.logw.exp().unsqueeze(-1)
        w = w.clone()
        w[0] = 0  # [PAD]
        return w


@torch.no_grad()
def lsa_vectors(data, nv, dim, device, skip=0):
    """Token vectors from a truncated SVD of the token x training-paper matrix (U * sqrt(S)), mean row norm 1;
    `skip` leading components (the direction every paper shares) are left out."""
    tok, length, train_idx, idf = data[0], data[3], data[6], data[7]
    paper = torch.repeat_interleave(torch.arange(length.shape[0], device=device), length)
    train = torch.zeros(length.shape[0], dtype=torch.bool, device=device)
    train[train_idx] = True
    keep = train[paper]
    keys, counts = torch.unique(paper[keep] * nv + tok[keep], return_counts=True)
    p, t = keys // nv, keys % nv
    val = counts.float().sqrt() * idf.to(device)[t]
    norm = torch.zeros(length.shape[0], device=device).index_add_(0, p, val * val).sqrt()
    x = torch.sparse_coo_tensor(torch.stack([t, p]), val / norm[p], (nv, length.shape[0])).coalesce()
    u, sv, _ = torch.svd_lowrank(x, q=dim + skip, niter=4)
    vecs = (u * sv.sqrt().unsqueeze(0))[:, skip:]
    return vecs / vecs.norm(dim=1).mean()


def tf_weight(counts, tf):
    """Weight of a token that occurs `counts` times in a text (relative to counting each occurrence once)."""
    c = counts.float()
    if tf == "log":
        return 1.0 + torch.log(c)
    if tf == "sqrt":
        return torch.sqrt(c)
    return c


def bag_sums(vec, t, rowi, mask, B, tf, vocab_size):
    """Per-row sums of the masked token vectors, a token repeated c times counting tf_weight(c)."""
    v, tt, r = vec[mask], t[mask], rowi[mask]
    if tf == "linear":
        w = torch.ones_like(tt, dtype=vec.dtype)
    else:
        _, inv, cnt = torch.unique(r * vocab_size + tt, return_inverse=True, return_counts=True)
        c = cnt[inv]
        w = tf_weight(c, tf) / c.float()
    return torch.zeros(B, vec.shape[1], device=vec.device).index_add_(0, r, v * w.unsqueeze(1))


def info_nce(q, d, dims, tau):
    target = torch.arange(q.shape[0], device=q.device)
    loss = 0.0
    for m in dims:
        qn = F.normalize(q[:, :m], dim=-1)
        dn = F.normalize(d[:, :m], dim=-1)
        logits = qn @ dn.T / tau
        loss = loss + (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
    return loss / len(dims)


def info_nce_hard(q, d, dn, dims, tau):
    """InfoNCE where each query also competes with one mined hard-negative document (document side unchanged)."""
    target = torch.arange(q.shape[0], device=q.device)
    loss = 0.0
    for m in dims:
        qn = F.normalize(q[:, :m], dim=-1)
        dd = F.normalize(torch.cat([d[:, :m], dn[:, :m]]), dim=-1)
        logits = qn @ dd.T / tau
        loss = loss + (F.cross_entropy(logits, target) + F.cross_entropy(logits[:, :q.shape[0]].T, target)) / 2
    return loss / len(dims)


def embed_texts(matrix, wp, texts, tf="linear", bg=None):
    """Weighted sum of token rows + L2 normalize: exactly what the TypeScript side computes."""
    out = torch.zeros(len(texts), matrix.shape[1], device=matrix.device)
    for i, t in enumerate(texts):
        ids = encode(wp, t, bg)
        if ids:
            c = torch.bincount(torch.tensor(ids, device=matrix.device), minlength=matrix.shape[0])
            u = torch.nonzero(c).squeeze(1)
            out[i] = (matrix[u] * tf_weight(c[u], tf).unsqueeze(1)).sum(0)
    return F.normalize(out, dim=-1)


def quantize(matrix):
    scale = matrix.abs().amax(dim=1).clamp_min(1e-12) / 127.0
    q = torch.round(matrix / scale.unsqueeze(1)).clamp(-127, 127).to(torch.int8)
    return q, scale.float()


def evaluate(matrix, wp, dev, held_eval, tf, bg=None, qfactor=None):
    """Development-set and held-out figures; queries (and held-out titles) use rows scaled by qfactor if given."""
    papers, queries, qrels, bm25 = dev
    qmatrix = matrix if qfactor is None else matrix * qfactor.unsqueeze(1)
    docs = embed_texts(matrix, wp, [t + ". " + a for t, a in papers], tf, bg)
    qv = embed_texts(qmatrix, wp, [q[2] for q in queries], tf, bg)
    sims = (qv @ docs.T).cpu().tolist()
    sem = {q[0]: devset.rank(s) for q, s in zip(queries, sims)}
    res = {"semantic": devset.score(sem, papers, queries, qrels)}
    bm = {qid: devset.rank(s) for qid, s in bm25.items()}
    res["rrf"] = devset.score({q: devset.rrf(bm[q], sem[q]) for q in sem}, papers, queries, qrels)
    for a in (0.3, 0.5):
        res[f"convex{a}"] = devset.score(
            {q[0]: devset.convex(bm25[q[0]], s, a) for q, s in zip(queries, sims)}, papers, queries, qrels)
    # held-out arXiv papers: title -> its own abstract among all held-out abstracts
    ht, ha = held_eval
    tv = embed_texts(qmatrix, wp, ht, tf, bg)
    av = embed_texts(matrix, wp, ha, tf, bg)
    r = (tv @ av.T).argsort(dim=1, descending=True)[:, :10]
    hit = (r == torch.arange(len(ht), device=r.device).unsqueeze(1)).float()
    mrr = (hit / torch.arange(1, 11, device=r.device).float()).sum(1).mean().item()
    res["heldout_mrr10"] = round(mrr, 4)
    return res


def gather(data, b, device):
    """The tokens of papers b (a tensor of paper indices): token ids, row of each token, segment of each token."""
    tok, seg, start, length = data[0], data[1], data[2], data[3]
    lens = length[b]
    starts = start[b]
    cum = torch.cumsum(lens, 0) - lens
    tot = int(lens.sum())
    pos = torch.arange(tot, device=device) - torch.repeat_interleave(cum - starts, lens)
    rowi = torch.repeat_interleave(torch.arange(len(b), device=device), lens)
    return tok[pos], rowi, seg[pos]


@torch.no_grad()
def mine_neighbours(model, data, cfg, device, chunk=4096):
    """For every paper, the training papers whose whole text is nearest to its title (itself excluded)."""
    train_idx, wp = data[6], data[8]
    n_all = data[2].shape[0]
    m = model.folded()
    qf = model.query_factor()
    mq = m if qf is None else m * qf.unsqueeze(1)

    def vecs(idx, title_only):
        out = []
        for i in range(0, len(idx), chunk):
            b = idx[i:i + chunk]
            t, rowi, sg = gather(data, b, device)
            mask = sg == 0 if title_only else torch.ones_like(sg, dtype=torch.bool)
            rows = mq[t] if title_only else m[t]
            out.append(F.normalize(bag_sums(rows, t, rowi, mask, len(b), cfg["tf"], data[7].shape[0]), dim=-1))
        return torch.cat(out)

    docs = vecs(train_idx, False).half()
    nb = torch.empty(n_all, cfg["hn_k"], dtype=torch.long, device=device)
    allidx = torch.arange(n_all, device=device)
    for i in range(0, n_all, chunk):
        b = allidx[i:i + chunk]
        q = vecs(b, True).half()
        sims = q @ docs.T
        sims[train_idx.unsqueeze(0) == b.unsqueeze(1)] = -2  # never oneself
        nb[i:i + chunk] = train_idx[sims.topk(cfg["hn_k"], dim=1).indices]
    return nb


def train(cfg, data, dev, held_eval, wn, device, extras=None):
    tok, seg, start, length, nseg, cats, train_idx, idf, wp = data
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg.get("init_seed", cfg["seed"]))
    g = torch.Generator(device=device).manual_seed(cfg["seed"])
    nv = idf.shape[0]  # vocabulary plus phrase tokens
    model = StaticModel(nv, cfg["dim"], idf, bool(cfg["asym"])).to(device)
    if cfg["init"].startswith("lsa"):
        lsa = lsa_vectors(data, nv, cfg["dim"], device, skip=1 if cfg["init"] == "lsa_skip1" else 0)
        if cfg["init"] == "lsa_mix":  # half LSA, half the random start (by squared norm)
            lsa = (lsa + model.emb.data) / math.sqrt(2)
        model.emb.data.copy_(lsa)
        print(f"  table initialized from LSA ({cfg['init']})", flush=True)
    torch.manual_seed(cfg["seed"])
    neighbours = None
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    B = cfg["batch"]
    steps_per_epoch = len(train_idx) // B
    total = steps_per_epoch * cfg["epochs"]
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, total // 30)) * 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
    dims = sorted(set([d for d in cfg["matryoshka"] if d < cfg["dim"]] + [cfg["dim"]]))
    cat_codes = torch.tensor(cats, device=device)
    idf_d = idf.to(device)
    if cfg["rd_rows"] > 0:
        sample = tok[torch.randint(0, tok.shape[0], (1_000_000,), generator=g, device=device)]
        rare_from = torch.quantile(idf_d[sample], cfg["rd_q"]).item()
        print(f"  rare-term dropping: idf >= {rare_from:.2f}", flush=True)
    step = 0
    t0 = time.time()
    for epoch in range(cfg["epochs"]):
        if cfg["hn_start"] > 0 and neighbours is None and epoch >= int(cfg["epochs"] * cfg["hn_start"]):
            neighbours = mine_neighbours(model, data, cfg, device)
            print(f"  mined {cfg['hn_k']} neighbours per paper {time.time() - t0:.1f}s", flush=True)
        perm = train_idx[torch.randperm(len(train_idx), generator=g, device=device)]
        # category-grouped order: a random permutation sorted (stably) by primary category
        perm2 = train_idx[torch.randperm(len(train_idx), generator=g, device=device)]
        perm2 = perm2[torch.sort(cat_codes[perm2], stable=True).indices]
        cat_batches = perm2[: steps_per_epoch * B].view(steps_per_epoch, B)
        cat_batches = cat_batches[torch.randperm(steps_per_epoch, generator=g, device=device)]
        for s in range(steps_per_epoch):
            if torch.rand(1, generator=g, device=device).item() < cfg["p_cat"]:
                b = cat_batches[s]
            else:
                b = perm[s * B:(s + 1) * B]
            lens = length[b]
            starts = start[b]
            cum = torch.cumsum(lens, 0) - lens
            tot = int(lens.sum())
            pos = torch.arange(tot, device=device) - torch.repeat_interleave(cum - starts, lens)
            rowi = torch.repeat_interleave(torch.arange(B, device=device), lens)
            t = tok[pos]
            vec = model.token_vecs(t)
            if cfg["tok_drop"] > 0:
                keep = (torch.rand(tot, generator=g, device=device) >= cfg["tok_drop"]).float()
                vec = vec * keep.unsqueeze(1)
            ns = nseg[b] - 1  # sentences
            k = 1 + (torch.rand(B, generator=g, device=device) * ns.clamp_min(1)).long().clamp_max(S_MAX - 1)
            use_title = (torch.rand(B, generator=g, device=device) < cfg["p_title"]) | (ns < 2)
            sg = seg[pos]
            ut = use_title[rowi]
            in_q = torch.where(ut, sg == 0, sg == k[rowi])
            in_d = torch.where(ut, sg >= 1, sg != k[rowi])
            if cfg["ict_keep"] > 0:
                keep_row = torch.rand(B, generator=g, device=device) < cfg["ict_keep"]
                in_d = in_d | (~ut & keep_row[rowi] & (sg >= 1))
            if cfg["rd_rows"] > 0:
                rows_rd = torch.rand(B, generator=g, device=device) < cfg["rd_rows"]
                drop = (idf_d[t] >= rare_from) & rows_rd[rowi] & (torch.rand(tot, generator=g, device=device) < cfg["rd_p"])
                in_q = in_q & ~drop
            qf = model.query_factor()
            q = bag_sums(vec if qf is None else vec * qf[t].unsqueeze(1), t, rowi, in_q, B, cfg["tf"], nv)
            d = bag_sums(vec, t, rowi, in_d, B, cfg["tf"], nv)
            if neighbours is not None:
                pick = (cfg["hn_lo"] + torch.rand(B, generator=g, device=device) * (cfg["hn_k"] - cfg["hn_lo"])).long()
                nb = neighbours[b, pick]
                tn, rn, _ = gather(data, nb, device)
                dn = bag_sums(model.token_vecs(tn), tn, rn, torch.ones_like(tn, dtype=torch.bool), B, cfg["tf"], nv)
                loss = info_nce_hard(q, d, dn, dims, cfg["tau"])
            else:
                loss = info_nce(q, d, dims, cfg["tau"])
            if cfg["wn_weight"] > 0:
                wa, wb = wn
                j = torch.randint(0, wa.shape[0], (cfg["wn_batch"],), generator=g, device=device)
                va = model.token_vecs(wa[j]).mul((wa[j] > 0).float().unsqueeze(-1)).sum(1)
                vb = model.token_vecs(wb[j]).mul((wb[j] > 0).float().unsqueeze(-1)).sum(1)
                loss = loss + cfg["wn_weight"] * info_nce(va, vb, dims, cfg["tau"])
            if cfg["defs_weight"] > 0:
                dq, dd = extras["defs"]
                j = torch.randint(0, dq.shape[0], (cfg["extra_batch"],), generator=g, device=device)
                loss = loss + cfg["defs_weight"] * info_nce(masked_bag(model, dq[j]), masked_bag(model, dd[j]),
                                                            dims, cfg["tau"])
            if cfg["para_weight"] > 0:
                j = train_idx[torch.randint(0, len(train_idx), (cfg["extra_batch"],), generator=g, device=device)]
                pq = masked_bag(model, extras["para"][j])
                tp, rp, sp = gather(data, j, device)
                pd = bag_sums(model.token_vecs(tp), tp, rp, sp >= 1, len(j), cfg["tf"], nv)
                loss = loss + cfg["para_weight"] * info_nce(pq, pd, dims, cfg["tau"])
            if cfg["lay_weight"] > 0:
                lq, lo, lc, lf = extras["lay"]
                j = torch.randint(0, lq.shape[0], (cfg["extra_batch"],), generator=g, device=device)
                pick = lf[lo[j] + (torch.rand(len(j), generator=g, device=device) * lc[j]).long()]
                tl, rl, _ = gather(data, pick, device)
                ld = bag_sums(model.token_vecs(tl), tl, rl, torch.ones_like(tl, dtype=torch.bool), len(j), cfg["tf"], nv)
                loss = loss + cfg["lay_weight"] * info_nce(masked_bag(model, lq[j]), ld, dims, cfg["tau"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
        print(f"  epoch {epoch + 1}/{cfg['epochs']} loss {loss.item():.4f} {time.time() - t0:.1f}s", flush=True)
    return model


def write_model(path, name, q, scale, wp, pairs, cfg, figures, corpus_sha, qfactor=None):
    os.makedirs(path, exist_ok=True)
    extra = {}
    if qfactor is not None:
        # query-side factor per row, float32 LE: a query sums row * factor, a paper the row itself
        qfactor.numpy().astype("<f4").tofile(os.path.join(path, "qweights.f32"))
        extra = {"queryWeights": "qweights.f32"}
    q.cpu().numpy().tofile(os.path.join(path, "embeddings.i8"))
    scale.cpu().numpy().astype("<f4").tofile(os.path.join(path, "scales.f32"))
    phrases = {}
    if len(pairs):
        # one pair per line, as the two tokens' vocabulary entries; row vocabSize + i of the table is line i
        with open(os.path.join(path, "phrases.txt"), "w", encoding="utf-8") as f:
            f.writelines(f"{wp.vocab[a]} {wp.vocab[b]}\n" for a, b in pairs)
        phrases = {"phrases": "phrases.txt", "phraseCount": int(len(pairs))}
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump({"id": name, "dim": int(q.shape[1]), "vocabSize": len(wp.vocab), "rows": int(q.shape[0]), **phrases,
                   "matryoshkaDims": sorted(set([d for d in cfg["matryoshka"] if d < cfg["dim"]] + [cfg["dim"]])),
                   "weights": "embeddings.i8", "scales": "scales.f32", "vocab": "vocab.txt",
                   "format": "int8 row-major [vocabSize x dim], float32 per-row scale, little endian",
                   "tokenizer": "bert-wordpiece-uncased", "pooling": "sum, then L2 normalize", **extra,
                   "termWeighting": cfg["tf"],
                   "training": cfg, "corpusSha256": corpus_sha, "figures": figures}, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=".corpus/arxiv-cs-2025-2026.jsonl.xz")
    ap.add_argument("--vocab", default=".corpus/scivocab-uncased.txt")
    ap.add_argument("--dev", default=".corpus", help="folder with dev-papers.jsonl, queries.tsv, qrels.tsv (scored only)")
    ap.add_argument("--holdout", default="", help="a second query set's folder (queries.tsv, qrels.tsv) scored the same way, never trained on")
    ap.add_argument("--wordnet", default=os.path.join(os.path.dirname(__file__), "synonyms", "wordnet-pairs.tsv.xz"))
    ap.add_argument("--defs", default=".corpus/defs.tsv.xz", help="pairs mined by training/definitions.py")
    ap.add_argument("--lay", default="training/lay/lay.tsv", help="everyday-word descriptions of terms (term<TAB>description)")
    ap.add_argument("--variants", default="sci-static-v5")
    ap.add_argument("--export", default="", help="comma-separated variants to write as int8 models")
    ap.add_argument("--name", default="", help="model id in config.json (default: the variant name)")
    ap.add_argument("--out", default="out")
    ap.add_argument("--workers", type=int, default=min(16, os.cpu_count() or 1))
    ap.add_argument("--any-corpus", action="store_true", help="train on a corpus other than the recorded one")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N papers (smoke tests)")
    ap.add_argument("--set", default="", help="override preset fields, e.g. epochs=2,batch=256")
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    corpus_sha = sha256(args.corpus)
    print("corpus sha256", corpus_sha, flush=True)
    if corpus_sha != CORPUS_SHA256 and not args.any_corpus:
        sys.exit(f"corpus sha256 is not the recorded {CORPUS_SHA256}; pass --any-corpus to train on it anyway")
    wp = WordPiece(args.vocab)
    rows, toks, held, cats = load_corpus(args.corpus, args.vocab, args.workers, args.limit)
    print(f"{len(rows)} papers tokenized in {time.time() - t0:.1f}s; held out {int(held.sum())}", flush=True)
    flat, seg, start, length, nseg = flatten(toks)
    cat_ids = {c: i for i, c in enumerate(sorted(set(cats)))}
    train_mask = ~held
    n_train = int(train_mask.sum())
    V = len(wp.vocab)
    built = {}

    def data_for(cfg):
        """Training tensors for a variant's phrase-token setting (built once per setting)."""
        key = (cfg["bigrams"], cfg["bg_min"], cfg["bg_pmi"])
        if key in built:
            return built[key]
        f, sg, st, ln, pairs = flat, seg, start, length, np.zeros((0, 2), np.int64)
        if cfg["bigrams"]:
            pairs = select_bigrams(flat, seg, length, train_mask, V, cfg["bigrams"], cfg["bg_min"], cfg["bg_pmi"])
            f, sg, st, ln = add_bigrams(flat, seg, length, pairs, V)
            show = [wp.vocab[a] + " " + wp.vocab[b] for a, b in pairs[:40]] + ["…"] + \
                [wp.vocab[a] + " " + wp.vocab[b] for a, b in pairs[-20:]]
            print(f"  {len(pairs)} phrase tokens, {len(f) - len(flat)} occurrences: {' | '.join(show)}", flush=True)
        nvocab = V + len(pairs)
        paper = np.repeat(np.arange(len(ln)), ln)
        tm = train_mask[paper]
        df = np.bincount(np.unique(paper[tm] * nvocab + f[tm]) % nvocab, minlength=nvocab)
        idf = torch.tensor(np.log((n_train + 1) / (df + 1)) + 1.0, dtype=torch.float32)
        d = (torch.tensor(f, device=device), torch.tensor(sg, device=device), torch.tensor(st, device=device),
             torch.tensor(ln, device=device), torch.tensor(nseg, device=device), [cat_ids[c] for c in cats],
             torch.tensor(np.nonzero(train_mask)[0], device=device), idf, wp)
        built[key] = (d, pairs, bigram_lookup(pairs, V) if len(pairs) else None)
        return built[key]

    hidx = np.nonzero(held)[0]
    held_eval = ([rows[i]["title"] for i in hidx], [rows[i]["abstract"] for i in hidx])
    papers, queries, qrels = devset.load_dev(args.dev)
    dev = (papers, queries, qrels, devset.bm25_scores(papers, queries))
    hold = None
    if args.holdout:
        hp, hq, hr = devset.load_dev(args.holdout, args.dev)
        hold = (hp, hq, hr, devset.bm25_scores(hp, hq))
    bm_only = devset.score({q: devset.rank(s) for q, s in dev[3].items()}, papers, queries, qrels)
    print("bm25 dev", bm_only, flush=True)
    wn = tuple(x.to(device) for x in load_wordnet(args.wordnet, wp))
    print(f"wordnet pairs {wn[0].shape[0]}; setup {time.time() - t0:.1f}s", flush=True)
    overrides = {}
    for kv in filter(None, args.set.split(",")):
        k, v = kv.split("=")
        overrides[k] = type(BASE[k])(float(v)) if not isinstance(BASE[k], tuple) else tuple(int(x) for x in v.split("/"))
    report = {"corpus_sha256": corpus_sha, "papers": len(rows), "held_out": int(held.sum()), "bm25": bm_only,
              "variants": {}}
    exports = set(filter(None, args.export.split(",")))
    trained = {}
    for name in filter(None, args.variants.split(",")):
        cfg = dict(BASE, **VARIANTS[name], **overrides)
        t1 = time.time()
        print(f"== {name} {cfg}", flush=True)
        data, pairs, bg = data_for(cfg)
        if cfg["soup"]:
            mats = []
            for sd in cfg["soup"]:
                mdl = train(dict(cfg, seed=sd, init_seed=cfg["seed"]), data, dev, held_eval, wn, device)
                with torch.no_grad():
                    mats.append(mdl.folded())
                del mdl
            with torch.no_grad():
                for i, mi in enumerate(mats):
                    print(f"  soup member {i}", json.dumps(evaluate(mi, wp, dev, held_eval, cfg["tf"], bg)["semantic"]["all"]), flush=True)
            model = None
            m_soup = torch.stack(mats).mean(0)
        else:
            extras = {}
            if cfg["defs_weight"] > 0:
                extras["defs"] = tuple(x.to(device) for x in load_definitions(args.defs, wp, bg))
                print(f"  {extras['defs'][0].shape[0]} definition pairs", flush=True)
            if cfg["para_weight"] > 0:
                syn = load_synonyms(args.wordnet)
                extras["para"] = paraphrase_titles([r["title"] for r in rows], syn, cfg["para_p"], cfg["seed"], wp,
                                                   bg).to(device)
                ex = [wp.vocab[i] for i in extras["para"][1].tolist() if 0 < i < len(wp.vocab)]
                print(f"  paraphrased titles, e.g. {' '.join(ex)} ({rows[1]['title']})", flush=True)
            if cfg["lay_weight"] > 0:
                extras["lay"] = tuple(x.to(device) for x in load_lay(args.lay, rows, held, wp, bg, cfg["lay_cap"], cfg["seed"]))
            model = train(cfg, data, dev, held_eval, wn, device, extras)
        with torch.no_grad():
            m = m_soup if cfg["soup"] else model.folded()
            q, scale = quantize(m)
            deq = q.float() * scale.unsqueeze(1)
            tf = cfg["tf"]
            qf = None if cfg["soup"] else model.query_factor()
            res = {"fp32": evaluate(m, wp, dev, held_eval, tf, bg, qf), "int8": evaluate(deq, wp, dev, held_eval, tf, bg, qf)}
            if hold:
                res["int8_holdout"] = evaluate(deq, wp, hold, held_eval, tf, bg, qf)
            if qf is not None:  # the same paper-side rows with the query factors ignored
                res["int8_symmetric"] = evaluate(deq, wp, dev, held_eval, tf, bg)
            if tf == "linear":
                res["int8_log_at_inference"] = evaluate(deq, wp, dev, held_eval, "log", bg)
            if bg:  # the same weights with the phrase tokens ignored at inference
                res["int8_without_phrases"] = evaluate(deq, wp, dev, held_eval, tf, None, qf)
            res["train_seconds"] = round(time.time() - t1, 1)
            for dsub in [d for d in cfg["matryoshka"] if d < cfg["dim"]]:
                res[f"int8_dim{dsub}"] = evaluate(deq[:, :dsub], wp, dev, held_eval, tf, bg, qf)["semantic"]
        print(json.dumps(res), flush=True)
        report["variants"][name] = {"config": cfg, "results": res}
        trained[name] = (q.cpu(), scale.cpu(), cfg, res["int8"], pairs, None if qf is None else qf.detach().cpu())
        del model
        with open(os.path.join(args.out, "report.json"), "w") as f:
            json.dump(report, f, indent=1)
        if name in exports:  # written at once, so a run cut short keeps what it finished
            write_model(os.path.join(args.out, name), args.name or name, q.cpu(), scale.cpu(), wp, pairs, cfg,
                        res["int8"], corpus_sha, trained[name][5])
            print(f"exported {name}", flush=True)
    # "best" = best semantic-alone nDCG@10 (int8); "besthybrid" = best RRF-fused with BM25
    best = max(trained, key=lambda n: trained[n][3]["semantic"]["all"])
    besth = max(trained, key=lambda n: trained[n][3]["rrf"]["all"])
    for name in exports - set(trained):
        name = {"best": best, "besthybrid": besth}.get(name, name)
        if name in trained:
            q, scale, cfg, fig, pairs, qf = trained[name]
            write_model(os.path.join(args.out, name), args.name or name, q, scale, wp, pairs, cfg, fig, corpus_sha, qf)
            print(f"exported {name}", flush=True)
    print(f"done in {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
