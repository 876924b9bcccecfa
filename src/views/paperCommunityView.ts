import type { AuthorshipClaim, Comment } from '../community/types.ts';
import type { Viewer } from '../http/viewer.ts';
import type { UserRef } from '../model/paper.ts';
import { commentsSection } from './commentsView.ts';
import { html, type SafeHtml } from './html.ts';

/** The community part of a paper page: its authors on paperwire, the claim button, and the discussion. */
export function paperCommunityView(m: { paperId: string; comments: Comment[]; authors: UserRef[]; viewer?: Viewer; claim?: AuthorshipClaim['status']; notice?: string; featured?: boolean }): SafeHtml {
  const v = m.viewer;
  return html`${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${v && m.featured === false ? html`<p><a href="/submit?ref=${encodeURIComponent(m.paperId)}">Submit this paper to today's list</a></p>` : ''}
${m.authors.length ? html`<p class="claimed">Authors on paperwire: ${m.authors.map((a, i) => html`${i ? ', ' : ''}<a href="/users/${a.username}">@${a.username}</a>`)}</p>` : ''}
${v && !m.claim ? html`<form method="post" action="/papers/${m.paperId}/claim" class="inline claim"><input type="hidden" name="csrf" value="${v.csrf}"><button type="submit" class="link">I am an author of this paper</button></form>` : ''}
${m.claim === 'pending' ? html`<p class="muted">Your authorship claim is waiting for an admin.</p>` : ''}
${commentsSection({ paperId: m.paperId, comments: m.comments, viewer: v })}`;
}
