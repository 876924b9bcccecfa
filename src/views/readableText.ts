import { html, type SafeHtml } from './html.ts';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;

const SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', sim: '~', approx: '≈', simeq: '≃', le: '≤', leq: '≤', ge: '≥', geq: '≥', neq: '≠', ne: '≠', pm: '±', mp: '∓',
  in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩', infty: '∞', to: '→', rightarrow: '→', leftarrow: '←',
  Rightarrow: '⇒', leftrightarrow: '↔', ll: '≪', gg: '≫', propto: '∝', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫',
  sqrt: '√', circ: '∘', degree: '°', dots: '…', ldots: '…', cdots: '⋯', forall: '∀', exists: '∃', mid: '|', ell: 'ℓ',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ',
  omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ie: 'i.e.', eg: 'e.g.', etc: 'etc.', etal: 'et al.', vs: 'vs.', textasciitilde: '~', LaTeX: 'LaTeX', TeX: 'TeX',
};
const SUPER: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*' };
const SUB: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', t: 'ₜ' };
/** Words arXiv metadata leaves behind once the backslash of a macro is lost ("x!in!{4,8}", "sim50%"). */
const LOST_BACKSLASH: [RegExp, string][] = [
  [/!(in|times|sim|approx|leq|geq|cdot)!/g, ' \\$1 '],
  [/(^|[\s(~>=<])sim(?=\s?[\d.])/g, '$1~'],
];

/** Superscript or subscript characters for a short script, or the script in parentheses when one has no such form. */
function script(text: string, table: Record<string, string>, mark: string): string {
  const chars = [...text];
  return chars.every((c) => table[c]) ? chars.map((c) => table[c]).join('') : /^[A-Za-z0-9]+$/.test(text) ? `${mark}${text}` : `${mark}(${text})`;
}

/**
 * Turns LaTeX residue in arXiv titles and abstracts into readable Unicode text: `33\%` → 33%, `$100\times$` → 100×,
 * `\textbf{Mamba}` → Mamba, `$x^{2}$` → x², `\ie` → i.e., `x!in!{4,8}` → x ∈ {4,8}. It does not typeset math; it
 * removes the markup a reader would otherwise have to read around. Unknown macros lose only their backslash.
 */
export function readableText(text: string): string {
  if (!/[\\$!^_]|sim/.test(text)) return text;
  const urls = [...text.matchAll(URL_RE)];
  if (urls.length) {
    let out = '';
    let at = 0;
    for (const m of urls) {
      out += cleanLatex(text.slice(at, m.index)) + m[0];
      at = m.index! + m[0].length;
    }
    return out + cleanLatex(text.slice(at));
  }
  return cleanLatex(text).trim();
}

/** The LaTeX clean-up of one stretch of text without web addresses. */
function cleanLatex(text: string): string {
  let t = text;
  for (const [re, to] of LOST_BACKSLASH) t = t.replace(re, to);
  t = t.replace(/\\([%&#_$])/g, '$1').replace(/\\[{}]/g, (m) => m[1]!);
  t = t.replace(/\\(?:textbf|textit|emph|texttt|textrm|textsf|mathrm|mathbf|mathit|mathcal|mathbb|mathsf|boldsymbol|text|operatorname|underline|mbox)\s*\{([^{}]*)\}/g, '$1');
  t = t.replace(/\\(?:[,;:! ]|quad|qquad)/g, (m) => (m === '\\!' ? '' : ' '));
  t = t.replace(/\\([A-Za-z]+)(?![A-Za-z])/g, (_, name: string) => SYMBOLS[name] ?? name);
  t = t.replace(/\^\{([^{}]{1,12})\}|\^([A-Za-z0-9+\-*])/g, (_, a: string | undefined, b: string | undefined) => script(a ?? b!, SUPER, '^'));
  t = t.replace(/_\{([^{}]{1,12})\}|_([0-9])/g, (_, a: string | undefined, b: string | undefined) => script(a ?? b!, SUB, '_'));
  // math delimiters that remain: $…$ pairs lose their dollars, and braces left from groups go
  t = t.replace(/\$([^$]{1,200})\$/g, '$1').replace(/\{([^{}]*)\}/g, (m, inner: string) => (/^[\d\s,.;:]+$/.test(inner) ? m : inner));
  return t.replace(/[ \t]{2,}/g, ' ').replace(/ ([,;:)])/g, '$1').replace(/\( /g, '(');
}

/** Readable text with its web addresses as links (rel nofollow), everything else escaped: for abstracts. */
export function richText(text: string): SafeHtml {
  const clean = readableText(text);
  URL_RE.lastIndex = 0;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const m of clean.matchAll(URL_RE)) {
    const url = m[0].replace(/[.,;:)\]]+$/, '');
    parts.push(html`${clean.slice(at, m.index)}<a href="${url}" rel="nofollow noopener">${url}</a>`);
    at = m.index! + url.length;
  }
  parts.push(html`${clean.slice(at)}`);
  return html`${parts}`;
}
