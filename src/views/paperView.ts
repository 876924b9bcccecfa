import type { Paper, UserRef } from '../model/paper.ts';
import { paperLinks } from '../model/paperLinks.ts';
import { toBibtex } from '../export/bibtex.ts';
import { plural, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { readableText, richText } from './readableText.ts';
import { layout } from './layout.ts';
import { orgBadge, upvoteBox } from './paperCard.ts';

/** Everything the paper page shows. */
export interface PaperViewModel {
  paper: Paper;
  featured: { date: string; submittedBy?: UserRef }[];
  similar: Paper[];
  /** Extra sections (comments, actions) that features add below the abstract. */
  extra?: SafeHtml;
  vote?: Parameters<typeof upvoteBox>[1];
  account?: SafeHtml;
  /** A signed-in reader's actions (save, add to collection, follow), shown under the links. */
  personal?: SafeHtml;
  /** A one-line confirmation shown at the top of the page (after a submission, a claim, an add). */
  notice?: string;
  /** The site's public address, for the BibTeX entry's url. */
  baseUrl?: string;
}

/** The paper page: full abstract, authors, links, BibTeX, who submitted it, similar papers. */
export function paperView(m: PaperViewModel): SafeHtml {
  const p = m.paper;
  const first = m.featured[m.featured.length - 1];
  const body = html`
<article class="paper">
  ${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
  <p class="lede">${m.featured.length ? html`Featured in <a href="/papers/date/${m.featured[0]!.date}">Daily Papers on ${shortDate(m.featured[0]!.date)}</a>` : 'Paper'}
    ${first?.submittedBy ? html` · Submitted by <a href="/users/${first.submittedBy.username}">${first.submittedBy.fullname ?? first.submittedBy.username}</a>` : ''}</p>
  <h1>${readableText(p.title)}</h1>
  ${p.withdrawnAt ? html`<p class="notice">This paper was withdrawn by its authors on ${shortDate(p.withdrawnAt)}.</p>` : ''}
  ${p.authors.length || p.authorCount ? html`<p class="authors-list">${p.authors.length ? p.authors.join(', ') : plural(p.authorCount!, 'author')}</p>` : ''}
  ${p.organization ? html`<p>${orgBadge(p.organization)}</p>` : ''}
  <div class="meta">
    ${upvoteBox(p, m.vote)}
    ${p.publishedAt ? html`<span>Published <time datetime="${p.publishedAt}">${shortDate(p.publishedAt)}</time></span>` : ''}
    ${p.categories.length ? html`<span>${p.categories.join(' · ')}</span>` : ''}
    <span>${plural(p.numComments, 'comment')}</span>
  </div>
  <ul class="links">
    ${paperLinks(p).map((l) => html`<li><a href="${l.href}" rel="nofollow noopener">${l.label}</a></li>`)}
    <li><a href="/papers/${p.id}.bib" download>BibTeX</a></li>
    <li><a href="/papers/${p.id}.md">Markdown</a></li>
  </ul>
  ${m.personal ?? ''}
  <h2>Abstract</h2>
  <p class="abstract">${p.abstract ? richText(p.abstract) : html`<span class="muted">No abstract available.</span>`}</p>
  ${p.aiSummary ? html`<h2>Summary</h2><p>${p.aiSummary}</p>` : ''}
  ${p.aiKeywords.length ? html`<h2>Keywords</h2><ul class="chips">${p.aiKeywords.map((k) => html`<li><a href="/search?q=${encodeURIComponent(k)}">${k}</a></li>`)}</ul>` : ''}
  ${m.extra ?? ''}
  <h2>Cite</h2>
  <pre class="bibtex" aria-label="BibTeX" tabindex="0">${toBibtex(p, m.baseUrl)}</pre>
  <h2>Similar papers</h2>
  ${m.similar.length
    ? html`<ul class="similar">${m.similar.map((s) => html`<li><a href="/papers/${s.id}">${readableText(s.title)}</a> <span class="muted">· ${plural(s.upvotes, 'upvote')}</span></li>`)}</ul>`
    : html`<p class="muted">No similar papers found yet.</p>`}
</article>`;
  return layout({ title: readableText(p.title), description: p.abstract ? readableText(p.abstract).slice(0, 200) : undefined, canonical: `/papers/${p.id}`, account: m.account }, body);
}
