import type { OrgMember } from '../community/types.ts';
import type { Viewer } from '../http/viewer.ts';
import type { OrganizationRef } from '../model/paper.ts';
import { html, type SafeHtml } from './html.ts';

/** The members part of an organization page, with the controls the viewer's role allows. */
export function orgMembersView(org: OrganizationRef, members: OrgMember[], viewer?: Viewer): SafeHtml {
  const base = `/orgs/${encodeURIComponent(org.name)}`;
  const me = viewer && members.find((m) => m.user.id === viewer.id);
  const isAdmin = (me?.acceptedAt && me.role === 'admin') || viewer?.role === 'admin';
  const isMember = Boolean(me?.acceptedAt) || (viewer && viewer.role !== 'user');
  const csrf = html`<input type="hidden" name="csrf" value="${viewer?.csrf ?? ''}">`;
  const accepted = members.filter((m) => m.acceptedAt);
  return html`<h2>Members</h2>
${accepted.length ? html`<ul class="members">${accepted.map((m) => html`<li><a href="/users/${m.user.username}">@${m.user.username}</a>${m.role === 'admin' ? html` <span class="role">admin</span>` : ''}
  ${isAdmin || m.user.id === viewer?.id ? html`<form method="post" action="${base}/members/${m.user.username}/remove" class="inline">${csrf}<button type="submit" class="link">${m.user.id === viewer?.id ? 'Leave' : 'Remove'}</button></form>` : ''}</li>`)}</ul>` : html`<p class="muted">No members yet.</p>`}
${me && !me.acceptedAt ? html`<form method="post" action="${base}/accept" class="row">${csrf}<span>You are invited as ${me.role}.</span> <button type="submit">Accept the invitation</button></form>` : ''}
${isAdmin ? html`<form method="post" action="${base}/invite" class="row">${csrf}
  <label for="invite-user">Invite a user</label> <input id="invite-user" name="username" required maxlength="32" placeholder="username">
  <label for="invite-role" class="visually-hidden">Role</label><select id="invite-role" name="role"><option value="member">member</option><option value="admin">admin</option></select>
  <button type="submit">Invite</button></form>
  ${members.some((m) => !m.acceptedAt) ? html`<p class="muted">Invited: ${members.filter((m) => !m.acceptedAt).map((m, i) => html`${i ? ', ' : ''}@${m.user.username} (${m.role})`)}</p>` : ''}` : ''}
${isMember ? html`<form method="post" action="${base}/papers" class="row">${csrf}
  <label for="attach-paper">Attach a paper</label> <input id="attach-paper" name="paper_id" required maxlength="300" placeholder="arXiv id">
  <button type="submit">Attach</button></form>` : ''}`;
}
