"""Mine (description -> term) pairs from arXiv abstracts: the sentences where authors explain a term in other words.

Static token vectors learn from co-occurrence within papers, so a term ("speculative decoding") ends up near the
other technical words of its papers, not near the plainer words a reader would use to describe it. Authors often
write that description themselves: "X, which <does this>", "<description>, known as X", "X refers to
<description>", "X is a technique that <description>". Each such sentence gives one pair, (the description,
the term), that `train.py --set defs_weight=…` adds to the contrastive loss as a dictionary-like signal.

Only training papers are mined (the 2% held out by crc32(id) % 50 == 0 are skipped), and never the demo corpus or
any query set. Usage: python3 training/definitions.py CORPUS.jsonl.xz OUT.tsv.xz
"""
import json
import lzma
import os
import re
import sys
import zlib
from multiprocessing import Pool

STOP = set("""a an the this that these those our its their his her we it they them of in on for to with by from as at
and or but is are was were be been being which who whom whose what when where how than then such via into over under
between both each all any some more most other also only very can may might will would should could do does did not
no nor so too new novel proposed existing study studies use uses using propose proposes introduce introduces
present presents leverage leverages employ employs adopt adopts apply applies develop develops called named via
enable enables improve improves""".split())
WORD = r"[A-Za-z][A-Za-z0-9\-']*"
TERM = rf"((?:{WORD}\s+){{0,3}}{WORD})"  # one to four words
CLAUSE = r"([^.;:()]{15,200}?)(?=[.;:()]|,\s+(?:and|but|while|whereas|thus|which)\b|$)"
KIND = r"(?:\w+\s+){0,2}(?:technique|method|approach|task|process|problem|paradigm|strategy|procedure|way)s?"
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")
PATTERNS = [
    # X, which <description>
    ("which", re.compile(rf"{TERM},\s+which\s+(?:is|are)?\s*{CLAUSE}")),
    # <description>, (also) known as / called / termed / dubbed / referred to as X
    ("known_as", re.compile(rf"([^,.;:()]{{15,200}}),\s+(?:(?:a|an|the)\s+(?:\w+\s+){{0,2}})?(?:also\s+|often\s+|commonly\s+)?(?:known as|called|termed|dubbed|referred to as)\s+{TERM}")),
    # X refers to <description>
    ("refers_to", re.compile(rf"{TERM}\s+refers?\s+to\s+{CLAUSE}")),
    # X is a technique/method/task/... that/which/where/of/for <description>
    ("is_a", re.compile(rf"{TERM}\s+(?:is|are)\s+(?:a|an)\s+({KIND}\s+(?:that|which|where|in which|of|for|to)\s+[^.;:()]{{15,200}}?)(?=[.;:()]|$)")),
]


# a term ending in one of these names a kind of thing, not a concept ("our framework", "these tasks")
GENERIC = set("""method methods framework frameworks module modules model models approach approaches task tasks paper
work works system systems technique techniques data dataset datasets results result problem problems performance
strategy strategies process design designs architecture network networks component components step steps stage
stages issue issues limitation limitations challenge challenges setting settings version information analysis
experiments experiment way ways manner""".split())


def clean_term(t):
    """The term without leading stopwords and determiners; None when nothing term-like is left."""
    words = t.split()
    while words and words[0].lower() in STOP:
        words = words[1:]
    while words and words[-1].lower() in STOP:
        words = words[:-1]
    if not words or len(words) > 4 or sum(len(w) for w in words) < 4 or words[-1].lower() in GENERIC:
        return None
    return " ".join(words)


def clean_desc(d):
    words = d.split()
    if len(words) < 4 or len(words) > 40:
        return None
    return " ".join(words)


def mine(abstract):
    out = []
    for s in SENT_SPLIT.split(abstract):
        for kind, rx in PATTERNS:
            for m in rx.finditer(s):
                if kind == "known_as":
                    desc, term = m.group(1), m.group(2)
                else:
                    term, desc = m.group(1), m.group(2)
                term, desc = clean_term(term), clean_desc(desc)
                if term and desc and term.lower() not in desc.lower():
                    out.append((kind, desc, term))
    return out


def mine_line(line):
    """(paper id, its pairs) for a training paper, None for a held-out or empty one."""
    r = json.loads(line)
    if not r.get("abstract") or zlib.crc32(r["id"].encode()) % 50 == 0:
        return None
    return r["id"], mine(r["abstract"])


def main():
    src, dst = sys.argv[1], sys.argv[2]
    n = kept = 0
    counts = {}
    with lzma.open(src, "rt", encoding="utf-8") as f, lzma.open(dst, "wt", encoding="utf-8") as g, \
            Pool(os.cpu_count()) as pool:
        g.write("# kind\tdescription\tterm\tpaper id (mined by training/definitions.py)\n")
        for res in pool.imap(mine_line, f, chunksize=512):
            if res is None:
                continue
            pid, pairs = res
            n += 1
            for kind, desc, term in pairs:
                counts[kind] = counts.get(kind, 0) + 1
                kept += 1
                g.write(f"{kind}\t{desc}\t{term}\t{pid}\n")
    print(f"{n} papers, {kept} pairs", counts)


if __name__ == "__main__":
    main()
