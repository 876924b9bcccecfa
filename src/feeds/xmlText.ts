/** Characters XML 1.0 forbids anywhere (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF). */
const ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Any text made safe as XML character data or an attribute value: illegal characters dropped, markup characters
 * escaped (so "]]>" becomes "]]&gt;" and needs no CDATA), everything else, emoji included, kept as is.
 */
export function xmlText(text: string): string {
  return text.replace(ILLEGAL, '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}
