import { renderMarkdown } from '../community/markdown.ts';
import type { Comment } from '../community/types.ts';
import type { Viewer } from '../http/viewer.ts';
import { shortDate } from './format.ts';
import { html, raw, type SafeHtml } from './html.ts';

/** What the comments section needs: the comments, and who is looking (undefined: anonymous, cached page). */
export interface CommentsModel {
  paperId: string;
  comments: Comment[];
  viewer?: Viewer;
}

function one(c: Comment, m: CommentsModel, hasReplies: boolean): SafeHtml | '' {
  const v = m.viewer;
  const mod = v && v.role !== 'user';
  if (c.deletedAt) return hasReplies ? html`<p class="muted">[deleted comment]</p>` : '';
  if (c.hiddenAt && !mod) return hasReplies ? html`<p class="muted">[hidden by a moderator]</p>` : '';
  const mine = v?.id === c.author.id;
  const csrf = html`<input type="hidden" name="csrf" value="${v?.csrf ?? ''}">`;
  return html`<div class="comment${c.hiddenAt ? ' hidden' : ''}" id="comment-${c.id}">
  <p class="meta"><a href="/users/${c.author.username}">@${c.author.username}</a> · <time datetime="${c.createdAt}">${shortDate(c.createdAt.slice(0, 10))}</time>${c.editedAt ? ' · edited' : ''}${c.hiddenAt ? ' · hidden' : ''}</p>
  <div class="md">${raw(renderMarkdown(c.body))}</div>
  ${v ? html`<div class="actions">
    ${mine ? html`<details><summary>Edit</summary><form method="post" action="/comments/${c.id}/edit" class="stack">${csrf}
      <label for="edit-${c.id}">Edit your comment</label><textarea id="edit-${c.id}" name="body" required maxlength="5000" rows="4">${c.body}</textarea><button type="submit">Save</button></form></details>` : ''}
    ${mine || mod ? html`<form method="post" action="/comments/${c.id}/delete" class="inline">${csrf}<button type="submit" class="link">Delete</button></form>` : ''}
    ${mod ? html`<form method="post" action="/comments/${c.id}/${c.hiddenAt ? 'show' : 'hide'}" class="inline">${csrf}<button type="submit" class="link">${c.hiddenAt ? 'Show' : 'Hide'}</button></form>` : ''}
    ${!c.parentId ? html`<details><summary>Reply</summary>${commentForm(m.paperId, v.csrf, c.id)}</details>` : ''}
  </div>` : ''}
</div>`;
}

/** The comment form (a reply form when `parentId` is given). */
export function commentForm(paperId: string, csrf: string, parentId?: number): SafeHtml {
  const id = parentId ? `reply-${parentId}` : 'new-comment';
  return html`<form method="post" action="/papers/${paperId}/comments" class="stack comment-form">
  <input type="hidden" name="csrf" value="${csrf}">${parentId ? html`<input type="hidden" name="parent_id" value="${parentId}">` : ''}
  <label for="${id}">${parentId ? 'Your reply' : 'Add a comment'} <span class="muted">(Markdown; links allowed)</span></label>
  <textarea id="${id}" name="body" required maxlength="5000" rows="${parentId ? 3 : 4}"></textarea>
  <button type="submit">${parentId ? 'Reply' : 'Comment'}</button>
</form>`;
}

/** The paper page's discussion: threads one level deep, with edit/delete/hide/reply controls as the viewer may. */
export function commentsSection(m: CommentsModel): SafeHtml {
  const top = m.comments.filter((c) => !c.parentId);
  const replies = (id: number) => m.comments.filter((c) => c.parentId === id);
  const threads = top.map((c) => {
    const rs = replies(c.id).map((r) => one(r, m, false)).filter(Boolean);
    const head = one(c, m, rs.length > 0);
    return head ? html`<li>${head}${rs.length ? html`<ul class="replies">${rs.map((r) => html`<li>${r}</li>`)}</ul>` : ''}</li>` : '';
  }).filter(Boolean);
  return html`<section id="comments" aria-labelledby="comments-title">
  <h2 id="comments-title">Discussion</h2>
  ${threads.length ? html`<ul class="comments">${threads}</ul>` : html`<p class="muted">No comments yet.</p>`}
  ${m.viewer ? commentForm(m.paperId, m.viewer.csrf) : html`<p><a href="/login?next=/papers/${m.paperId}%23comments">Sign in</a> to join the discussion.</p>`}
</section>`;
}
