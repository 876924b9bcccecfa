"""Derive general-language synonym pairs from WordNet 3.0 (Debian package `wordnet-base`).

Why: arXiv abstracts teach the model scientific associations, but users also search in everyday words
("shrink" for "compress", "phone" for "mobile device"). A synonym pair pulls the two words' vectors
together during training. Only common senses are kept (the synset is among the first MAX_SENSE senses
of both words) and only words whose every WordPiece is a real vocabulary entry.

Usage (run where `wordnet-base` is installed; writes the table that training/ reads):
    python3 training/wordnet_pairs.py /usr/share/wordnet VOCAB.txt training/synonyms/wordnet-pairs.tsv.xz
"""
import itertools
import lzma
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402

MAX_SENSE = 2
MAX_WORDS = 2  # two-word lemmas ("mobile_phone") at most


def sense_ranks(wn_dir, pos):
    """lemma -> {synset offset: sense rank (0 = most frequent)} from index.<pos>."""
    ranks = {}
    with open(os.path.join(wn_dir, f"index.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma = parts[0]
            n_synsets = int(parts[2])
            offsets = parts[-n_synsets:]
            ranks[lemma] = {off: i for i, off in enumerate(offsets)}
    return ranks


def synsets(wn_dir, pos):
    with open(os.path.join(wn_dir, f"data.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            offset = parts[0]
            n = int(parts[3], 16)
            lemmas = [parts[4 + 2 * i].lower() for i in range(n)]
            lemmas = [l.split("(")[0] for l in lemmas]  # adjective markers like "(a)"
            yield offset, lemmas


def main(wn_dir, vocab_path, out_path):
    wp = WordPiece(vocab_path)
    pairs = set()
    for pos in ("noun", "verb", "adj", "adv"):
        ranks = sense_ranks(wn_dir, pos)
        for offset, lemmas in synsets(wn_dir, pos):
            keep = []
            for lemma in dict.fromkeys(lemmas):
                if ranks.get(lemma, {}).get(offset, 99) >= MAX_SENSE:
                    continue
                text = lemma.replace("_", " ")
                if len(text.split()) > MAX_WORDS or any(c.isdigit() for c in text):
                    continue
                ids = wp.encode(text)
                if not ids or wp.unk in ids or len(ids) > 3:
                    continue
                keep.append(text)
            for a, b in itertools.combinations(keep[:8], 2):
                if a != b:
                    pairs.add((a, b) if a < b else (b, a))
    with lzma.open(out_path, "wt", encoding="utf-8", preset=9) as f:
        f.write("# Synonym pairs derived from WordNet 3.0 (Princeton University); see training/synonyms/NOTICE-wordnet.txt\n")
        for a, b in sorted(pairs):
            f.write(f"{a}\t{b}\n")
    print(f"{len(pairs)} pairs -> {out_path}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
