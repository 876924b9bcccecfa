import type { Paper } from '../model/paper.ts';
import type { MarkKind } from '../storage/personalStore.ts';
import { cardActions } from './cardActions.ts';
import { plural, repoLabel, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { readableText, richText } from './readableText.ts';

/** Who the card credits: the organization badge when known, else "N authors", else nothing. */
export function byline(paper: Paper): SafeHtml {
  if (paper.organization) {
    const o = paper.organization;
    return html`<a class="org" href="/orgs/${encodeURIComponent(o.name)}"><span class="badge" aria-hidden="true">${o.fullname.slice(0, 1).toUpperCase()}</span>${o.fullname}</a>`;
  }
  const n = paper.authors.length || paper.authorCount;
  return n ? html`<span class="authors">${plural(n, 'author')}</span>` : html``;
}

/**
 * The signed-in viewer's state of one card: their vote, and on lists whether they saved, read or hid the paper
 * (with `saved` set the card shows the save / mark read / hide buttons).
 */
export interface CardViewerState {
  canVote: boolean;
  voted: boolean;
  csrf?: string;
  saved?: boolean;
  marks?: Set<MarkKind>;
}

/** The upvote count: a toggle button for a signed-in viewer, a sign-in link for anonymous visitors, a plain count when voting is off. */
export function upvoteBox(paper: Paper, state?: CardViewerState): SafeHtml {
  const label = `${plural(paper.upvotes, 'upvote')}`;
  if (!state) return html`<a class="votes" href="/login?next=/papers/${encodeURIComponent(paper.id)}" title="${label}: sign in to upvote"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes: sign in to upvote</span></a>`;
  if (!state.canVote) return html`<span class="votes" title="${label}"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes</span></span>`;
  return html`<form class="vote" method="post" action="/papers/${paper.id}/upvote">
    <input type="hidden" name="csrf" value="${state.csrf ?? ''}"><input type="hidden" name="up" value="${state.voted ? '0' : '1'}">
    <button type="submit" class="votes${state.voted ? ' voted' : ''}" aria-pressed="${state.voted ? 'true' : 'false'}"><span aria-hidden="true">▲</span> <span class="n">${paper.upvotes}</span><span class="visually-hidden"> upvotes: upvote this paper</span></button>
  </form>`;
}

/** The save / mark read / hide row of a card, when the viewer's state carries them (signed-in lists). */
export function viewerActions(paperId: string, v: CardViewerState | undefined): SafeHtml | '' {
  return v?.saved !== undefined && v.csrf ? cardActions(paperId, { csrf: v.csrf, saved: v.saved, marks: v.marks }) : '';
}

/** A paper as a card on a list: title, clamped abstract, byline, date, upvotes, comments, code link. */
export function paperCard(paper: Paper, options: { vote?: Parameters<typeof upvoteBox>[1]; rank?: number; extra?: SafeHtml } = {}): SafeHtml {
  const href = `/papers/${paper.id}`;
  const v = options.vote;
  return html`<article class="card${v?.marks?.has('read') ? ' read' : ''}" data-paper="${paper.id}">
  ${upvoteBox(paper, options.vote)}
  <div class="body">
    <h3><a href="${href}">${readableText(paper.title)}</a></h3>
    ${paper.abstract ? html`<p class="abstract clamp">${richText(paper.abstract)}</p>` : html`<p class="abstract muted">No abstract available.</p>`}
    <p class="meta">
      ${byline(paper)}
      ${paper.publishedAt ? html`<span>Published <time datetime="${paper.publishedAt}">${shortDate(paper.publishedAt)}</time></span>` : ''}
      <a href="${href}#comments" class="comments">${plural(paper.numComments, 'comment')}</a>
      ${paper.codeUrl ? html`<a class="code" href="${paper.codeUrl}" rel="nofollow noopener">Code: ${repoLabel(paper.codeUrl)}</a>` : ''}
    </p>
    ${viewerActions(paper.id, v)}
    ${options.extra ?? ''}
  </div>
</article>`;
}

/** A list of cards, or the given empty state when there are none; papers the viewer hid are left out, and counted. */
export function cardList(papers: Paper[], empty: SafeHtml, vote?: (p: Paper) => CardViewerState | undefined): SafeHtml {
  if (!papers.length) return html`<div class="empty">${empty}</div>`;
  const shown = vote ? papers.filter((p) => !vote(p)?.marks?.has('hidden')) : papers;
  const hidden = papers.length - shown.length;
  return html`<div class="cards">${shown.map((p) => paperCard(p, { vote: vote?.(p) }))}</div>
  ${hidden ? html`<p class="muted hidden-note">${plural(hidden, 'paper')} you hid ${hidden === 1 ? 'is' : 'are'} not shown (<a href="/collections">your collections</a> · <a href="/for-you">For you</a>).</p>` : ''}`;
}
