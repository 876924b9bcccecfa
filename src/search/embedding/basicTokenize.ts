const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ASCII_WORD = /[a-z0-9]+|[!-/:-@[-`{-~]/g;
const OTHER = /^\p{C}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const PUNCTUATION = /^\p{P}$/u;
const COMBINING_MARK = /\p{Mn}/gu;

const NON_ASCII = /[^\x00-\x7f]/gu;
const WHITESPACE = /[ \t\n\r]/;

/** Cleaning of one non-ASCII character: dropped (controls, U+FFFD), a space (Zs), spaced out (CJK) or kept. */
function cleanChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp === 0xfffd || OTHER.test(ch)) return '';
  if (SPACE_SEPARATOR.test(ch)) return ' ';
  if (isCjk(cp)) return ` ${ch} `;
  return ch;
}

function isAsciiPunctuation(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function splitPunctuation(piece: string, words: string[]): void {
  let cur = '';
  for (const c of piece) {
    const cp = c.codePointAt(0)!;
    if (isAsciiPunctuation(cp) || (cp > 127 && PUNCTUATION.test(c))) {
      if (cur) words.push(cur);
      cur = '';
      words.push(c);
    } else {
      cur += c;
    }
  }
  if (cur) words.push(cur);
}

/**
 * The uncased BERT basic tokenizer, rule for rule as `training/wordpiece.py` (the model was trained on its
 * output): drops NUL, U+FFFD and control characters, turns whitespace into spaces, isolates CJK ideographs,
 * lower-cases, strips accents (NFD, minus combining marks) and splits off every punctuation character.
 * Returns the words that WordPiece then splits into vocabulary pieces.
 */
export function basicTokenize(text: string): string[] {
  if (ASCII_ONLY.test(text)) return text.replace(ASCII_CONTROL, '').toLowerCase().match(ASCII_WORD) ?? [];
  const cleaned = text.replace(ASCII_CONTROL, '').replace(NON_ASCII, cleanChar);
  const words: string[] = [];
  for (const raw of cleaned.split(WHITESPACE)) {
    if (!raw) continue;
    if (ASCII_ONLY.test(raw)) {
      const ascii = raw.toLowerCase().match(ASCII_WORD);
      if (ascii) for (const w of ascii) words.push(w);
    } else {
      splitPunctuation(raw.toLowerCase().normalize('NFD').replace(COMBINING_MARK, ''), words);
    }
  }
  return words;
}
