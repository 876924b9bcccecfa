import type { Account, AuthorshipClaim, Comment, ModerationEntry, Submission } from '../community/types.ts';
import type { Viewer } from '../http/viewer.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { shortDate } from './format.ts';

/** Everything the moderation page shows. */
export interface AdminModel {
  viewer: Viewer;
  claims: AuthorshipClaim[];
  comments: Comment[];
  submissions: Submission[];
  users: Account[];
  query: string;
  log: ModerationEntry[];
  account: SafeHtml;
  notice?: string;
}

/** The admin page: pending authorship claims, recent comments and submissions, users, and the moderation log. */
export function adminView(m: AdminModel): SafeHtml {
  const admin = m.viewer.role === 'admin';
  const csrf = html`<input type="hidden" name="csrf" value="${m.viewer.csrf}">`;
  const post = (action: string, label: string, extra: SafeHtml | '' = '') => html`<form method="post" action="${action}" class="inline">${csrf}${extra}<button type="submit" class="link">${label}</button></form>`;
  const body = html`<section class="admin">
  <h1>Moderation</h1>
  ${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
  ${admin ? html`<h2>Authorship claims</h2>
  ${m.claims.length ? html`<ul class="plain">${m.claims.map((c) => html`<li>@${c.user.username} claims <a href="/papers/${c.paper.id}">${c.paper.title}</a>
    ${post(`/admin/claims/${c.id}`, 'Approve', html`<input type="hidden" name="decision" value="approve">`)} ${post(`/admin/claims/${c.id}`, 'Reject', html`<input type="hidden" name="decision" value="reject">`)}</li>`)}</ul>` : html`<p class="muted">No pending claims.</p>`}` : ''}
  <h2>Recent comments</h2>
  ${m.comments.length ? html`<ul class="plain">${m.comments.map((c) => html`<li><a href="/papers/${c.paperId}#comment-${c.id}">#${c.id}</a> @${c.author.username}: <span class="excerpt">${c.body.slice(0, 140)}</span>${c.hiddenAt ? ' (hidden)' : ''}
    ${post(`/comments/${c.id}/${c.hiddenAt ? 'show' : 'hide'}`, c.hiddenAt ? 'Show' : 'Hide')}</li>`)}</ul>` : html`<p class="muted">No comments.</p>`}
  <h2>Recent submissions</h2>
  ${m.submissions.length ? html`<ul class="plain">${m.submissions.map((s) => html`<li><a href="/papers/${s.paper.id}">${s.paper.title}</a> by @${s.submittedBy?.username ?? '?'} on ${shortDate(s.date)}
    ${post('/admin/submissions/remove', 'Remove', html`<input type="hidden" name="paper_id" value="${s.paper.id}"><input type="hidden" name="date" value="${s.date}">`)}</li>`)}</ul>` : html`<p class="muted">No submissions.</p>`}
  ${admin ? html`<h2>Users</h2>
  <form method="get" action="/admin" role="search" class="row"><label for="uq">Find users</label> <input id="uq" name="q" value="${m.query}" maxlength="100"> <button type="submit">Search</button></form>
  <table class="users"><thead><tr><th scope="col">User</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>
  ${m.users.map((u) => html`<tr><td><a href="/users/${u.username}">@${u.username}</a></td><td>${u.email ?? ''}</td><td>${u.role}</td><td>${u.suspendedAt ? 'suspended' : u.emailVerifiedAt ? 'verified' : 'unverified'}</td>
    <td>${u.id === m.viewer.id ? html`<span class="muted">you</span>` : html`<div class="user-actions">${post(`/admin/users/${u.username}`, u.suspendedAt ? 'Restore' : 'Suspend', html`<input type="hidden" name="action" value="${u.suspendedAt ? 'restore' : 'suspend'}">`)}
    ${(['user', 'moderator', 'admin'] as const).filter((r) => r !== u.role).map((r) => html` ${post(`/admin/users/${u.username}`, `Make ${r}`, html`<input type="hidden" name="action" value="role"><input type="hidden" name="role" value="${r}">`)}`)}</div>`}</td></tr>`)}
  </tbody></table>` : ''}
  <h2>Moderation log</h2>
  ${m.log.length ? html`<ul class="plain log">${m.log.map((e) => html`<li><time datetime="${e.createdAt}">${e.createdAt.slice(0, 16).replace('T', ' ')}</time> @${e.actor?.username ?? '?'} ${e.action} ${e.target}${e.detail ? html` <span class="muted">(${e.detail})</span>` : ''}</li>`)}</ul>` : html`<p class="muted">Nothing logged yet.</p>`}
</section>`;
  return layout({ title: 'Moderation', section: 'other', account: m.account }, body);
}
