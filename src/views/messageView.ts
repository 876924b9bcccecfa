import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/** A plain page with a heading and a message: errors, confirmations, empty results. */
export function messageView(title: string, message: SafeHtml | string, account?: SafeHtml): SafeHtml {
  return layout({ title, section: 'other', account }, html`<section class="empty"><h1>${title}</h1><p>${message}</p><p><a href="/">Go to today's papers</a></p></section>`);
}
