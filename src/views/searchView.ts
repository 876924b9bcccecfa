import type { Paper } from '../model/paper.ts';
import type { Highlight, Ranges } from '../search/highlight.ts';
import type { QueryRevision } from '../search/query/reviseQuery.ts';
import { plural, repoLabel, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { readableText } from './readableText.ts';
import { layout } from './layout.ts';
import { byline, upvoteBox, viewerActions, type CardViewerState } from './paperCard.ts';

/** The search form's state as the page read it from the address. */
export interface SearchForm {
  q: string;
  mode: 'hybrid' | 'lexical' | 'semantic';
  sort: '' | 'relevance' | 'date' | 'upvotes';
  from: string;
  to: string;
  cat: string;
  org: string;
  code: boolean;
  page: number;
}

/** What the search page shows for one request. */
export interface SearchPageData {
  form: SearchForm;
  papers: Paper[];
  total: number;
  totalExact: boolean;
  highlights: Map<string, Highlight>;
  problems: string[];
  pageSize: number;
  /** Misspellings corrected and non-words left out of the query (src/search/query/reviseQuery.ts). */
  revision?: QueryRevision;
  /** The signed-in viewer's state per card (vote, saved, marks); undefined for anonymous visitors. */
  vote?: (p: Paper) => CardViewerState | undefined;
}

/** Text with the given ranges wrapped in <mark>, LaTeX residue cleaned (per stretch, so ranges stay true), everything escaped. */
export function marked(text: string, ranges: Ranges): SafeHtml {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at) continue;
    parts.push(html`${readableText(text.slice(at, a))}<mark>${readableText(text.slice(a, b))}</mark>`);
    at = b;
  }
  parts.push(html`${readableText(text.slice(at))}`);
  return html`${parts}`;
}

function resultCard(p: Paper, h: Highlight | undefined, v?: CardViewerState): SafeHtml {
  const href = `/papers/${p.id}`;
  return html`<article class="card${v?.marks?.has('read') ? ' read' : ''}" data-paper="${p.id}">
  ${upvoteBox(p, v)}
  <div class="body">
    <h3><a href="${href}">${h ? marked(p.title, h.title) : p.title}</a></h3>
    ${h && h.excerpt ? html`<p class="abstract excerpt">${marked(h.excerpt, h.excerptRanges)}</p>` : html`<p class="abstract muted">No abstract available.</p>`}
    <p class="meta">
      ${byline(p)}
      ${p.publishedAt ? html`<span>Published <time datetime="${p.publishedAt}">${shortDate(p.publishedAt)}</time></span>` : ''}
      ${p.categories.slice(0, 3).map((c) => html`<a class="chip" href="/search?q=${encodeURIComponent(`cat:${c}`)}">${c}</a>`)}
      ${p.codeUrl ? html`<a class="code" href="${p.codeUrl}" rel="nofollow noopener">Code: ${repoLabel(p.codeUrl)}</a>` : ''}
    </p>
    ${viewerActions(p.id, v)}
  </div>
</article>`;
}

/** The address of this search with some fields changed (for pagination and suggestions). */
export function searchHref(form: SearchForm, change: Partial<SearchForm> = {}): string {
  const f = { ...form, ...change };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.mode !== 'hybrid') params.set('mode', f.mode);
  if (f.sort) params.set('sort', f.sort);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.cat) params.set('cat', f.cat);
  if (f.org) params.set('org', f.org);
  if (f.code) params.set('code', '1');
  if (f.page) params.set('p', String(f.page));
  return `/search?${params}`;
}

const EXAMPLES = ['knowledge distillation', '"mixture of experts" has:code', 'title:diffusion year:2024', 'quantization -vision sort:date'];

function emptyState(d: SearchPageData): SafeHtml {
  const f = d.form;
  const filtered = f.from || f.to || f.cat || f.org || f.code;
  const meaningless = d.revision?.meaningless;
  return html`<div class="empty">
  <p><strong>No papers matched${f.q ? html` “${f.q}”` : ''}.</strong>${meaningless ? html` It has no word that paperwire knows, and nothing in the papers comes close to it by meaning.` : ''}</p>
  <ul class="tips">
    ${meaningless ? html`<li>Check the spelling, or describe the idea in a few plain words, such as <a href="${searchHref(f, { q: 'make a photo sharper', page: 0 })}">make a photo sharper</a>.</li>` : ''}
    ${filtered ? html`<li><a href="${searchHref(f, { from: '', to: '', cat: '', org: '', code: false, page: 0 })}">Search again without the filters</a></li>` : ''}
    ${f.mode === 'lexical' ? html`<li><a href="${searchHref(f, { mode: 'hybrid', page: 0 })}">Search by meaning too</a> (hybrid mode)</li>` : ''}
    <li>Use fewer or more general words; quotes ask for an exact phrase.</li>
    <li>Or <a href="/papers/trending">browse trending papers</a>.</li>
  </ul>
</div>`;
}

/** "Showing results for …" when misspellings were corrected, and which strings were left out as no word at all. */
function revisionNotes(d: SearchPageData): SafeHtml {
  const r = d.revision;
  if (!r || r.meaningless) return html``;
  const quoted = (words: string[]) => words.map((w, i) => html`${i ? ', ' : ''}“${w}”`);
  return html`${r.suggestion ? html`<p class="notice did-you-mean">Showing results for <a href="${searchHref(d.form, { q: r.suggestion, page: 0 })}">${r.suggestion}</a>: no paper contains ${quoted(r.corrections.map((c) => c.from))}.</p>` : ''}
  ${r.dropped.length ? html`<p class="notice">Left out ${quoted(r.dropped)}: no word paperwire knows.</p>` : ''}`;
}

/** Just the results region: count, notes, cards and pagination (also sent alone to the as-you-type script). */
export function searchResults(d: SearchPageData): SafeHtml {
  const f = d.form;
  if (!f.q && !(f.from || f.to || f.cat || f.org || f.code)) return html`<p class="lede">Type words, “exact phrases”, -excluded words, or filters such as <code>author:</code>, <code>cat:cs.CL</code>, <code>year:2024</code>, <code>has:code</code>. Try ${EXAMPLES.map((e, i) => html`${i ? ', ' : ''}<a href="${searchHref(f, { q: e })}">${e}</a>`)}.</p>`;
  const first = f.page * d.pageSize;
  const more = first + d.papers.length < d.total;
  return html`<p class="lede" role="status">${d.totalExact ? '' : 'about '}${plural(d.total, 'paper')} found${d.total > d.papers.length && d.papers.length ? html` · showing ${first + 1}–${first + d.papers.length}` : ''}</p>
  ${d.problems.map((p) => html`<p class="notice">${p}</p>`)}
  ${revisionNotes(d)}
  ${d.papers.length ? html`<div class="cards">${d.papers.map((p) => resultCard(p, d.highlights.get(p.id), d.vote?.(p)))}</div>` : emptyState(d)}
  ${f.page > 0 || more ? html`<nav class="pager" aria-label="Result pages">
    ${f.page > 0 ? html`<a rel="prev" href="${searchHref(f, { page: f.page - 1 })}">← Previous</a>` : ''}
    ${more ? html`<a rel="next" href="${searchHref(f, { page: f.page + 1 })}">Next →</a>` : ''}
  </nav>` : ''}`;
}

const option = (value: string, label: string, current: string) => html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;

/** A query as a URL parameter; lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
const qParam = (q: string) => encodeURIComponent((q as string & { toWellFormed(): string }).toWellFormed());

/** The search page: the query and filter form, then the results region that the script refreshes as you type. */
export function searchView(d: SearchPageData, account?: SafeHtml): SafeHtml {
  const f = d.form;
  const open = f.from || f.to || f.cat || f.org || f.code || f.sort || f.mode !== 'hybrid';
  const body = html`
<section aria-labelledby="search-title">
  <h1 id="search-title">${f.q ? html`Results for “${f.q}”` : 'Search papers'}</h1>
  <form class="search-page" action="/search" method="get" role="search" data-live-search>
    <label for="search-q" class="visually-hidden">Query</label>
    <input id="search-q" name="q" type="search" value="${f.q}" maxlength="250" autocomplete="off" placeholder="Words, “phrases”, author:, cat:, year:…">
    <details${open ? html` open` : ''}>
      <summary>Filters and order</summary>
      <div class="filters">
        <label>From <input name="from" value="${f.from}" placeholder="2024-01" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" size="10"></label>
        <label>To <input name="to" value="${f.to}" placeholder="2024-12-31" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" size="10"></label>
        <label>Category <input name="cat" value="${f.cat}" placeholder="cs.CL" size="8" maxlength="64"></label>
        <label>Organization <input name="org" value="${f.org}" size="12" maxlength="100"></label>
        <label><input type="checkbox" name="code" value="1"${f.code ? html` checked` : ''}> Has code</label>
        <label>Order <select name="sort">${option('', 'Best match', f.sort)}${option('date', 'Newest', f.sort)}${option('upvotes', 'Most upvoted', f.sort)}</select></label>
        <label>Match <select name="mode">${option('hybrid', 'Words and meaning', f.mode)}${option('lexical', 'Words only', f.mode)}${option('semantic', 'Meaning only', f.mode)}</select></label>
      </div>
    </details>
    <button type="submit">Search</button>
  </form>
  <div id="results" aria-live="polite">${searchResults(d)}</div>
  ${f.q ? html`<p class="muted">Follow this search: <a href="/search.rss?q=${qParam(f.q)}">RSS</a> · <a href="/search.atom?q=${qParam(f.q)}">Atom</a> · <a href="/settings/digest?q=${qParam(f.q)}#saved-searches">alerts by email</a></p>` : ''}
</section>`;
  const feeds = f.q ? (['rss', 'atom'] as const).map((type) => ({ title: `paperwire · Search: ${f.q} (${type === 'rss' ? 'RSS' : 'Atom'})`, href: `/search.${type}?q=${qParam(f.q)}`, type })) : undefined;
  return layout({ title: f.q ? `Search: ${f.q}` : 'Search', section: 'search', query: f.q, account, feeds }, body);
}
