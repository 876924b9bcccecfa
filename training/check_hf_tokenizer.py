"""Compare training/wordpiece.py with Hugging Face `tokenizers`' BERT WordPiece on corpus papers.

Why: the reference tokenizer (and so the TypeScript one) is meant to be standard uncased BERT tokenization, so
that an operator's BERT-family ONNX model could share it. Run where `tokenizers` is installed (the GPU machine):
    python3 training/check_hf_tokenizer.py .corpus/arxiv-cs-2025-2026.jsonl.xz .corpus/scivocab-uncased.txt [N]
"""
import json
import lzma
import os
import sys

from tokenizers import BertWordPieceTokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402


def main(corpus, vocab, n=20000):
    ours = WordPiece(vocab)
    hf = BertWordPieceTokenizer(vocab, lowercase=True, strip_accents=True, clean_text=True, handle_chinese_chars=True)
    checked = differ = 0
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 6 and not (i % 6 == 1 and not line.isascii()):
                continue
            r = json.loads(line)
            text = f"{r['title']}. {r['abstract']}"
            a = ours.encode(text)
            b = hf.encode(text, add_special_tokens=False).ids
            checked += 1
            if a != b:
                differ += 1
                if differ <= 5:
                    k = next(j for j in range(min(len(a), len(b))) if a[j] != b[j]) if any(x != y for x, y in zip(a, b)) else min(len(a), len(b))
                    print("differs:", [ours.vocab[x] for x in a[max(0, k - 3):k + 3]], "vs", [ours.vocab[x] for x in b[max(0, k - 3):k + 3]])
            if checked >= n:
                break
    print(f"{checked} papers compared with Hugging Face tokenizers: {differ} differ")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20000)
