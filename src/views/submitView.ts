import type { Config } from '../config/config.ts';
import { html, type SafeHtml } from './html.ts';

/** The community rules in words, shown on the submit form. */
export function rulesText(config: Config): SafeHtml {
  return html`<ul class="rules">
  <li>Each paper appears on the daily list once; submitting it again takes you to its entry.</li>
  ${config.submitMaxAgeDays ? html`<li>Papers must have been published in the last ${config.submitMaxAgeDays} days.</li>` : ''}
  ${config.submitDailyCap ? html`<li>You can submit up to ${config.submitDailyCap} papers a day.</li>` : ''}
</ul>`;
}

/** The submit form; with `needsMetadata` it also asks for the title, authors and abstract of an unknown paper. */
export function submitForm(m: { csrf: string; config: Config; ref?: string; comment?: string; needsMetadata?: boolean; title?: string; authors?: string; abstract?: string }): SafeHtml {
  return html`${rulesText(m.config)}
<form method="post" action="/submit" class="stack">
  <input type="hidden" name="csrf" value="${m.csrf}">
  <label for="ref">arXiv id or URL</label>
  <input id="ref" name="ref" required maxlength="300" placeholder="2401.01234 or https://arxiv.org/abs/2401.01234" value="${m.ref ?? ''}">
  ${m.needsMetadata ? html`<fieldset class="stack"><legend>This paper is not in paperwire yet: tell us about it</legend>
    <label for="title">Title</label><input id="title" name="title" required maxlength="500" value="${m.title ?? ''}">
    <label for="authors">Authors <span class="muted">(comma-separated)</span></label><input id="authors" name="authors" maxlength="5000" value="${m.authors ?? ''}">
    <label for="abstract">Abstract</label><textarea id="abstract" name="abstract" rows="6" maxlength="10000">${m.abstract ?? ''}</textarea>
    <label for="published">Published on <span class="muted">(optional)</span></label><input id="published" name="published_at" type="date" value="">
  </fieldset>` : ''}
  <label for="comment">Why is it worth reading? <span class="muted">(optional, posted as the first comment)</span></label>
  <textarea id="comment" name="comment" rows="3" maxlength="5000">${m.comment ?? ''}</textarea>
  <button type="submit">Submit to today's list</button>
</form>`;
}
