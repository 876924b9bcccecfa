"""Uncased BERT-style WordPiece tokenizer in plain Python (no dependencies).

This is the reference that paperwire's TypeScript tokenizer (src/search/embedding/) mirrors rule for
rule, and the one used to build the training data, so that ids at training time and at search time are
the same. Rules (original BERT BasicTokenizer + WordpieceTokenizer, uncased):

1. clean: drop NUL, U+FFFD and control characters (Unicode category C*, except tab/newline/CR);
   tab/newline/CR and category Zs become a space.
2. put spaces around CJK ideographs.
3. split on whitespace; for each piece: lowercase, NFD-normalize, drop combining marks (Mn),
   split off every punctuation character (ASCII 33-47, 58-64, 91-96, 123-126, or category P*).
4. WordPiece each word: more than 100 code points -> [UNK]; else greedy longest match first, with
   "##" on continuation pieces; a word that cannot be fully matched becomes [UNK].
"""
import re
import unicodedata

UNK = "[UNK]"
MAX_WORD_CHARS = 100


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_WORD = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")


def basic_tokenize(text):
    """Steps 1-3: text -> list of lower-cased, accent-free words and punctuation marks."""
    if text.isascii():  # fast path, same result: ASCII has no accents, CJK or Zs besides space
        return _ASCII_WORD.findall(_ASCII_CONTROL.sub("", text).lower())
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(" ")
            out.append(ch)
            out.append(" ")
        else:
            out.append(ch)
    words = []
    for piece in "".join(out).split(" "):
        if not piece:
            continue
        piece = piece.lower()
        piece = "".join(c for c in unicodedata.normalize("NFD", piece) if unicodedata.category(c) != "Mn")
        cur = []
        for c in piece:
            if _is_punctuation(c):
                if cur:
                    words.append("".join(cur))
                    cur = []
                words.append(c)
            else:
                cur.append(c)
        if cur:
            words.append("".join(cur))
    return words


class WordPiece:
    """Vocabulary-bound tokenizer: text -> token ids, with a per-word cache."""

    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = [line.rstrip("\n") for line in f]
        self.index = {tok: i for i, tok in enumerate(self.vocab)}
        self.unk = self.index[UNK]
        self._cache = {}

    def word_ids(self, word):
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids = self._word_ids(word)
        if len(self._cache) < 2_000_000:
            self._cache[word] = ids
        return ids

    def _word_ids(self, word):
        n = len(word)
        if n > MAX_WORD_CHARS:
            return (self.unk,)
        ids = []
        start = 0
        index = self.index
        while start < n:
            end = n
            found = None
            while start < end:
                sub = word[start:end]
                if start > 0:
                    sub = "##" + sub
                found = index.get(sub)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk,)
            ids.append(found)
            start = end
        return tuple(ids)

    def encode(self, text):
        ids = []
        for w in basic_tokenize(text):
            ids.extend(self.word_ids(w))
        return ids
