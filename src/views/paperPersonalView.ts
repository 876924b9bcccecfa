import type { Paper } from '../model/paper.ts';
import type { Collection, Follow } from '../storage/personalStore.ts';
import { saveButton } from './cardActions.ts';
import { html, type SafeHtml } from './html.ts';

/** What the paper page knows about a signed-in reader, for its personal actions. */
export interface PaperPersonalModel {
  paper: Paper;
  csrf: string;
  saved: boolean;
  collections: Collection[];
  follows: Follow[];
}

const MAX_AUTHOR_FOLLOWS = 12;

/** One follow / unfollow button (posts to /follows and comes back here). */
function followButton(m: PaperPersonalModel, kind: 'org' | 'author', value: string, label: string): SafeHtml {
  const on = m.follows.some((f) => f.kind === kind && f.value.toLowerCase() === value.toLowerCase());
  return html`<form method="post" action="/follows" class="inline follow">
    <input type="hidden" name="csrf" value="${m.csrf}"><input type="hidden" name="action" value="${on ? 'unfollow' : 'follow'}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="value" value="${value}">
    <button type="submit" class="chip-button${on ? ' on' : ''}" aria-pressed="${on ? 'true' : 'false'}">${on ? `Following ${label}` : `Follow ${label}`}</button></form>`;
}

/**
 * The paper page's personal actions for a signed-in reader: save, add to a named collection, and follow the
 * paper's organization and authors (only those that are known: nothing is offered for unknown authors).
 */
export function paperPersonalActions(m: PaperPersonalModel): SafeHtml {
  const named = m.collections.filter((c) => !c.isDefault);
  const follows = [
    ...(m.paper.organization ? [followButton(m, 'org', m.paper.organization.name, m.paper.organization.fullname)] : []),
    ...m.paper.authors.slice(0, MAX_AUTHOR_FOLLOWS).map((a) => followButton(m, 'author', a, a)),
  ];
  return html`<div class="paper-actions" id="add-to-collection">
  <div class="row">${saveButton(m.paper.id, { csrf: m.csrf, saved: m.saved })}
  ${named.length
    ? html`<form method="post" action="/collections/add" class="row add-to-form"><input type="hidden" name="csrf" value="${m.csrf}"><input type="hidden" name="paper_id" value="${m.paper.id}">
      <label for="add-collection">Add to collection…</label> <select id="add-collection" name="collection_id">${named.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select> <button type="submit">Add</button></form>`
    : html`<a href="/collections">Add to collection… (create one first)</a>`}
  </div>
  ${follows.length ? html`<div class="row follows">${follows}</div>` : ''}
</div>`;
}
