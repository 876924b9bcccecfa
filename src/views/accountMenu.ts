import type { Viewer } from '../http/viewer.ts';
import { html, type SafeHtml } from './html.ts';

/** The header's account area for a signed-in viewer: submit, profile, admin (for moderators), settings, sign out. */
export function accountMenu(viewer: Viewer): SafeHtml {
  return html`<nav class="account" aria-label="Account">
  <a href="/submit">Submit a paper</a>
  <a href="/users/${viewer.username}">@${viewer.username}</a>
  ${viewer.role !== 'user' ? html`<a href="/admin">Admin</a>` : ''}
  <a href="/settings">Settings</a>
  <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit" class="link">Sign out</button></form>
</nav>`;
}

/** The header's account area for anonymous visitors (the default the layout shows). */
export const anonymousMenu = html`<nav class="account" aria-label="Account"><a href="/login">Sign in</a> <a href="/signup" class="button">Sign up</a></nav>`;
