import type { Viewer } from '../http/viewer.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The header's account area for a signed-in viewer: the personal lists and settings in a menu that opens without
 * script (a <details>), so a phone header stays one line: For you, Following, Collections, Follows, digest and
 * alerts, submit, profile, admin (for moderators), settings, sign out.
 */
export function accountMenu(viewer: Viewer): SafeHtml {
  return html`<nav class="account" aria-label="Account">
  <a href="/submit" class="submit-link">Submit<span class="wide-only"> a paper</span></a>
  <details class="menu">
    <summary><span class="avatar" aria-hidden="true">${viewer.username.slice(0, 1).toUpperCase()}</span><span class="visually-hidden">Account menu of </span>@${viewer.username}</summary>
    <ul>
      <li><a href="/for-you">For you</a></li>
      <li><a href="/following">Following</a></li>
      <li><a href="/collections">Collections</a></li>
      <li><a href="/follows">Follows</a></li>
      <li><a href="/settings/digest">Digest and alerts</a></li>
      <li><a href="/users/${viewer.username}">Your profile</a></li>
      ${viewer.role !== 'user' ? html`<li><a href="/admin">Admin</a></li>` : ''}
      <li><a href="/settings">Settings</a></li>
      <li><form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit" class="link">Sign out</button></form></li>
    </ul>
  </details>
</nav>`;
}

/** The header's account area for anonymous visitors (the default the layout shows). */
export const anonymousMenu = html`<nav class="account" aria-label="Account"><a href="/login">Sign in</a> <a href="/signup" class="button">Sign up</a></nav>`;
