import type { Paper } from '../model/paper.ts';
import { plural, repoLabel, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** Who the card credits: the organization badge when known, else "N authors", else nothing. */
export function byline(paper: Paper): SafeHtml {
  if (paper.organization) {
    const o = paper.organization;
    return html`<a class="org" href="/orgs/${encodeURIComponent(o.name)}"><span class="badge" aria-hidden="true">${o.fullname.slice(0, 1).toUpperCase()}</span>${o.fullname}</a>`;
  }
  const n = paper.authors.length || paper.authorCount;
  return n ? html`<span class="authors">${plural(n, 'author')}</span>` : html``;
}

/** The upvote count: a toggle button for a signed-in viewer, a sign-in link for anonymous visitors, a plain count when voting is off. */
export function upvoteBox(paper: Paper, state?: { canVote: boolean; voted: boolean; csrf?: string }): SafeHtml {
  const label = `${plural(paper.upvotes, 'upvote')}`;
  if (!state) return html`<a class="votes" href="/login?next=/papers/${encodeURIComponent(paper.id)}" title="${label}: sign in to upvote"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes: sign in to upvote</span></a>`;
  if (!state.canVote) return html`<span class="votes" title="${label}"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes</span></span>`;
  return html`<form class="vote" method="post" action="/papers/${paper.id}/upvote">
    <input type="hidden" name="csrf" value="${state.csrf ?? ''}"><input type="hidden" name="up" value="${state.voted ? '0' : '1'}">
    <button type="submit" class="votes${state.voted ? ' voted' : ''}" aria-pressed="${state.voted ? 'true' : 'false'}"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes: upvote this paper</span></button>
  </form>`;
}

/** A paper as a card on a list: title, clamped abstract, byline, date, upvotes, comments, code link. */
export function paperCard(paper: Paper, options: { vote?: Parameters<typeof upvoteBox>[1]; rank?: number } = {}): SafeHtml {
  const href = `/papers/${paper.id}`;
  return html`<article class="card" data-paper="${paper.id}">
  ${upvoteBox(paper, options.vote)}
  <div class="body">
    <h3><a href="${href}">${paper.title}</a></h3>
    ${paper.abstract ? html`<p class="abstract clamp">${paper.abstract}</p>` : html`<p class="abstract muted">No abstract available.</p>`}
    <p class="meta">
      ${byline(paper)}
      ${paper.publishedAt ? html`<span>Published <time datetime="${paper.publishedAt}">${shortDate(paper.publishedAt)}</time></span>` : ''}
      <a href="${href}#comments" class="comments">${plural(paper.numComments, 'comment')}</a>
      ${paper.codeUrl ? html`<a class="code" href="${paper.codeUrl}" rel="nofollow noopener">Code: ${repoLabel(paper.codeUrl)}</a>` : ''}
    </p>
  </div>
</article>`;
}

/** A list of cards, or the given empty state when there are none. */
export function cardList(papers: Paper[], empty: SafeHtml, vote?: (p: Paper) => Parameters<typeof upvoteBox>[1]): SafeHtml {
  if (!papers.length) return html`<div class="empty">${empty}</div>`;
  return html`<div class="cards">${papers.map((p) => paperCard(p, { vote: vote?.(p) }))}</div>`;
}
