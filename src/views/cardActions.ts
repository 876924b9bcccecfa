import type { MarkKind } from '../storage/personalStore.ts';
import { html, type SafeHtml } from './html.ts';

/** Per-card state of the signed-in viewer: CSRF token, whether saved, its marks. */
export interface CardState {
  csrf: string;
  saved: boolean;
  marks?: Set<MarkKind>;
}

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** The one-click save button (a form that app.js posts with fetch; without script it posts and comes back). */
export function saveButton(paperId: string, s: CardState): SafeHtml {
  return html`<form class="save" method="post" action="/saved/${paperId}">${csrfField(s.csrf)}<input type="hidden" name="save" value="${s.saved ? '0' : '1'}">
  <button type="submit" class="link${s.saved ? ' saved' : ''}" aria-pressed="${s.saved ? 'true' : 'false'}">${s.saved ? 'Saved' : 'Save'}</button></form>`;
}

/** The "mark read" and "hide" buttons of a card. */
export function markButtons(paperId: string, s: CardState): SafeHtml {
  const btn = (kind: MarkKind, on: string, off: string) => {
    const set = s.marks?.has(kind) ?? false;
    return html`<form class="mark" method="post" action="/marks/${paperId}">${csrfField(s.csrf)}<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="on" value="${set ? '0' : '1'}"><button type="submit" class="link">${set ? off : on}</button></form>`;
  };
  return html`${btn('read', 'Mark read', 'Mark unread')} ${btn('hidden', 'Hide', 'Unhide')}`;
}

/** Save, add to a named collection (on the paper page), mark read and hide: the row of personal actions in a card. */
export function cardActions(paperId: string, s: CardState): SafeHtml {
  return html`<div class="actions">${saveButton(paperId, s)} <a class="add-to" href="/papers/${paperId}#add-to-collection">Add to collection…</a> ${markButtons(paperId, s)}</div>`;
}
