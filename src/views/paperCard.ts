import type { OrganizationRef, Paper, UserRef } from '../model/paper.ts';
import type { MarkKind } from '../storage/personalStore.ts';
import { cardActions } from './cardActions.ts';
import { plural, repoLabel, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { readableText, richText } from './readableText.ts';

/**
 * Who the card credits, showing only what is known: the organization's badge, the author names (the first three,
 * then "+N more"), or else "N authors"; nothing at all when a source said nothing.
 */
export function byline(paper: Paper): SafeHtml {
  const o = paper.organization;
  const org = o ? orgBadge(o) : '';
  const names = paper.authors;
  const n = names.length || paper.authorCount;
  const who = names.length
    ? html`<span class="authors-short">${names.slice(0, 3).join(', ')}${names.length > 3 ? html` <span class="muted">+${names.length - 3} more</span>` : ''}</span>`
    : !o && n ? html`<span class="authors">${plural(n, 'author')}</span>` : '';
  return html`${org}${org && who ? ' ' : ''}${who}`;
}

/** An organization's badge and name, linking to its page. */
export function orgBadge(o: OrganizationRef): SafeHtml {
  return html`<a class="org" href="/orgs/${encodeURIComponent(o.name)}"><span class="badge" aria-hidden="true">${o.fullname.slice(0, 1).toUpperCase()}</span>${o.fullname}</a>`;
}

/** "Submitted by" with the submitter's initial as an avatar, when a person put the paper on a list. */
export function submitter(user: UserRef | undefined): SafeHtml | '' {
  if (!user) return '';
  const name = user.fullname ?? user.username;
  return html`<a class="submitter" href="/users/${user.username}"><span class="avatar" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</span>Submitted by ${name}</a>`;
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
export function paperCard(paper: Paper, options: { vote?: Parameters<typeof upvoteBox>[1]; rank?: number; extra?: SafeHtml; submittedBy?: UserRef } = {}): SafeHtml {
  const href = `/papers/${paper.id}`;
  const v = options.vote;
  return html`<article class="card${v?.marks?.has('read') ? ' read' : ''}" data-paper="${paper.id}">
  ${upvoteBox(paper, options.vote)}
  <div class="body">
    <h3><a href="${href}">${readableText(paper.title)}</a></h3>
    ${paper.abstract ? html`<p class="abstract clamp">${richText(paper.abstract)}</p>` : html`<p class="abstract muted">No abstract available.</p>`}
    <p class="meta">
      ${byline(paper)}
      ${submitter(options.submittedBy)}
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
export function cardList(papers: Paper[], empty: SafeHtml, vote?: (p: Paper) => CardViewerState | undefined, submitters?: Map<string, UserRef>): SafeHtml {
  if (!papers.length) return html`<div class="empty">${empty}</div>`;
  const shown = vote ? papers.filter((p) => !vote(p)?.marks?.has('hidden')) : papers;
  const hidden = papers.length - shown.length;
  return html`<div class="cards">${shown.map((p) => paperCard(p, { vote: vote?.(p), submittedBy: submitters?.get(p.id) }))}</div>
  ${hidden ? html`<p class="muted hidden-note">${plural(hidden, 'paper')} you hid ${hidden === 1 ? 'is' : 'are'} not shown (<a href="/collections">your collections</a> · <a href="/for-you">For you</a>).</p>` : ''}`;
}
