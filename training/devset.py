"""Development-set scoring used to compare training variants on the GPU machine.

Mirrors ../shared/search-eval/score.mjs (nDCG@10 with gains 2^g - 1, per query type) and adds a small
BM25 and two fusions, so that one training run can report semantic-alone and hybrid figures for every
variant. The development set is only ever *scored* here, never trained on.
"""
import json
import math
import os
import re
from collections import Counter, defaultdict

WORD = re.compile(r"[a-z0-9]+")


def load_dev(dev_dir, papers_dir=None):
    """Papers (dev-papers.jsonl of papers_dir, default dev_dir), queries and graded judgments of one query set."""
    papers, seen = [], set()
    with open(os.path.join(papers_dir or dev_dir, "dev-papers.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p["title"] in seen:
                continue
            seen.add(p["title"])
            papers.append((p["title"], p.get("abstract") or ""))
    queries = []
    with open(os.path.join(dev_dir, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            qid, qtype, text = line.rstrip("\n").split("\t")
            if qid != "qid":
                queries.append((qid, qtype, text))
    qrels = defaultdict(dict)
    with open(os.path.join(dev_dir, "qrels.tsv"), encoding="utf-8") as f:
        for line in f:
            qid, title, grade = line.rstrip("\n").split("\t")
            if qid != "qid":
                qrels[qid][title] = int(grade)
    return papers, queries, qrels


def _dcg(gains):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score(rankings, papers, queries, qrels):
    """rankings: qid -> list of paper indices, best first. Returns {type: nDCG@10} with 'all'."""
    by_type = defaultdict(list)
    for qid, qtype, _ in queries:
        rel = qrels.get(qid, {})
        titles = [papers[i][0] for i in rankings[qid][:10]]
        ideal = _dcg(sorted(rel.values(), reverse=True)[:10]) or 1.0
        v = _dcg([rel.get(t, 0) for t in titles]) / ideal
        by_type["all"].append(v)
        by_type[qtype].append(v)
    return {t: round(sum(v) / len(v), 4) for t, v in by_type.items()}


def _stem(w):
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _terms(text):
    return [_stem(w) for w in WORD.findall(text.lower())]


def bm25_scores(papers, queries, k1=1.2, b=0.75, title_weight=2):
    docs = []
    for title, abstract in papers:
        docs.append(Counter(_terms(title) * title_weight + _terms(abstract)))
    lens = [sum(d.values()) for d in docs]
    avg = sum(lens) / len(lens)
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    out = {}
    for qid, _, text in queries:
        qt = set(_terms(text))
        s = []
        for d, L in zip(docs, lens):
            v = 0.0
            for t in qt:
                tf = d.get(t, 0)
                if tf:
                    idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                    v += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * L / avg))
            s.append(v)
        out[qid] = s
    return out


def rank(scores):
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def rrf(rank_a, rank_b, k=60, wa=1.0, wb=1.0, depth=100):
    s = defaultdict(float)
    for r, i in enumerate(rank_a[:depth]):
        s[i] += wa / (k + r + 1)
    for r, i in enumerate(rank_b[:depth]):
        s[i] += wb / (k + r + 1)
    return sorted(s, key=lambda i: -s[i])


def convex(scores_a, scores_b, alpha):
    """alpha * minmax(a) + (1 - alpha) * minmax(b)."""
    def mm(x):
        lo, hi = min(x), max(x)
        return [(v - lo) / (hi - lo or 1.0) for v in x]
    a, b = mm(scores_a), mm(scores_b)
    return rank([alpha * x + (1 - alpha) * y for x, y in zip(a, b)])
