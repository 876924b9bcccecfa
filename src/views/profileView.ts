import type { Account, Submission } from '../community/types.ts';
import type { OrganizationRef, Paper } from '../model/paper.ts';
import { shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { cardList } from './paperCard.ts';

/** Everything a user's public profile shows. */
export interface ProfileModel {
  user: Account;
  authored: Paper[];
  submissions: Submission[];
  /** Undefined when the user keeps their upvotes private. */
  upvoted?: Paper[];
  orgs: { org: OrganizationRef; role: string }[];
  account?: SafeHtml;
  /** The signed-in viewer's vote state per card. */
  vote?: Parameters<typeof cardList>[2];
}

/** A user's profile: their papers (approved authorship), submissions and, if they chose, upvotes. */
export function profileView(m: ProfileModel): SafeHtml {
  const u = m.user;
  const body = html`<section class="profile">
  <h1>${u.fullname ?? u.username} <span class="muted">@${u.username}</span></h1>
  <p class="lede">${u.role !== 'user' ? html`<span class="role">${u.role}</span> · ` : ''}member since ${shortDate(u.createdAt.slice(0, 10))}${u.suspendedAt ? ' · suspended' : ''}</p>
  ${m.orgs.length ? html`<p>Organizations: ${m.orgs.map((o, i) => html`${i ? ', ' : ''}<a href="/orgs/${o.org.name}">${o.org.fullname}</a>`)}</p>` : ''}
  <h2>Papers</h2>
  ${cardList(m.authored, html`<p>No papers claimed yet.</p>`, m.vote)}
  <h2>Submissions</h2>
  ${m.submissions.length
    ? html`<ul class="plain">${m.submissions.map((s) => html`<li><a href="/papers/${s.paper.id}">${s.paper.title}</a> <span class="muted">· on <a href="/papers/date/${s.date}">${shortDate(s.date)}</a></span></li>`)}</ul>`
    : html`<p class="muted">No submissions yet.</p>`}
  ${m.upvoted ? html`<h2>Upvotes</h2>${cardList(m.upvoted, html`<p>No upvotes yet.</p>`, m.vote)}` : ''}
</section>`;
  return layout({ title: `@${u.username}`, section: 'other', account: m.account }, body);
}
