import type { Config } from '../config/config.ts';
import type { MailMessage } from '../mail/mailer.ts';
import type { Paper } from '../model/paper.ts';
import { plural } from '../views/format.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import type { DigestFrequency, SavedSearchHit, Subscriber } from './digestTypes.ts';
import { unsubscribeUrl } from './subscriberLinks.ts';

/** Longest abstract excerpt in a digest, in characters. */
export const EXCERPT = 280;

/** The abstract cut at a word boundary to about EXCERPT characters. */
export function excerpt(text: string | undefined): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= EXCERPT) return t;
  const cut = t.slice(0, EXCERPT);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT - 40)).replace(/[\s,.;:]+$/, '')}…`;
}

/** The papers of a digest as an HTML block and a text block; the same for every subscriber of an edition, so callers cache it. */
export function paperBlocks(papers: Paper[], baseUrl: string): { html: string; text: string } {
  const link = (p: Paper) => `${baseUrl}/papers/${encodeURIComponent(p.id)}`;
  const h = papers.map(
    (p, i) => html`<tr><td style="padding:14px 0;border-top:1px solid #e5e7eb">
<p style="margin:0 0 4px;font-size:16px;line-height:1.35;font-weight:600"><a href="${link(p)}" style="color:#111827;text-decoration:none">${i + 1}. ${p.title}</a></p>
${p.abstract ? html`<p style="margin:0 0 6px;font-size:14px;line-height:1.5;color:#374151">${excerpt(p.abstract)}</p>` : ''}
<p style="margin:0;font-size:13px;color:#6b7280">▲ ${plural(p.upvotes, 'upvote')}${p.organization ? html` · ${p.organization.fullname}` : ''} · <a href="${link(p)}" style="color:#2563eb">Read on paperwire</a>${p.arxivId ? html` · <a href="https://arxiv.org/abs/${p.arxivId}" style="color:#2563eb">arXiv</a>` : ''}</p>
</td></tr>`,
  );
  const t = papers.map((p, i) => `${i + 1}. ${p.title}\n   ▲ ${plural(p.upvotes, 'upvote')}${p.organization ? ` · ${p.organization.fullname}` : ''}\n${p.abstract ? `   ${excerpt(p.abstract)}\n` : ''}   ${link(p)}\n`);
  return { html: h.map((x) => x.value).join('\n'), text: t.join('\n') };
}

/** What one digest or alert mail says, before the per-subscriber frame is added. */
export interface DigestContent {
  subject: string;
  heading: string;
  intro: string;
  /** Link to the whole list on the site. */
  listUrl?: string;
  blocks: { html: string; text: string };
  hits: SavedSearchHit[];
  /** The subscriber's "For you" picks with their reasons (signed-in readers with saves, upvotes or follows). */
  picks?: { paper: Paper; reason: string }[];
}

/** The "For you" section of a digest, HTML and text; empty when there are no picks. */
export function forYouSection(picks: { paper: Paper; reason: string }[], baseUrl: string): { html: SafeHtml | ''; text: string } {
  if (!picks.length) return { html: '', text: '' };
  const link = (p: Paper) => `${baseUrl}/papers/${encodeURIComponent(p.id)}`;
  return {
    html: html`<tr><td style="padding:16px 0 4px"><h2 style="margin:0;font-size:17px;color:#111827">For you</h2><p style="margin:2px 0 0;font-size:13px;color:#6b7280">Picked from what you saved, upvoted and follow · <a href="${baseUrl}/for-you" style="color:#2563eb">more</a></p></td></tr>
${picks.map((x) => html`<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb;font-size:14px"><a href="${link(x.paper)}" style="color:#111827;font-weight:600">${x.paper.title}</a><br><span style="color:#6b7280;font-size:13px">${x.reason}</span></td></tr>`)}`,
    text: `\nFor you (picked from what you saved, upvoted and follow)\n\n${picks.map((x) => `- ${x.paper.title}\n  ${x.reason}\n  ${link(x.paper)}`).join('\n')}\n\nMore: ${baseUrl}/for-you\n`,
  };
}

const frame = (title: string, body: SafeHtml) => html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:10px;padding:0 20px">
${body}
</table></td></tr></table></body></html>`;

/** A complete digest (or alert) mail for one subscriber: HTML and text, one-click unsubscribe headers, fixed Message-ID. */
export function digestMail(config: Pick<Config, 'baseUrl' | 'secret'>, sub: Subscriber, content: DigestContent, messageId: string): MailMessage {
  const unsub = unsubscribeUrl(config, sub);
  const manage = sub.userId ? `${config.baseUrl}/settings/digest` : `${config.baseUrl}/subscribe`;
  const hitsHtml = content.hits.length
    ? html`<tr><td style="padding:16px 0 4px"><h2 style="margin:0;font-size:17px;color:#111827">From your saved searches</h2></td></tr>
${content.hits.map((h) => html`<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb;font-size:14px"><span style="color:#6b7280">“${h.query}”:</span> <a href="${config.baseUrl}/papers/${encodeURIComponent(h.paper.id)}" style="color:#111827;font-weight:600">${h.paper.title}</a></td></tr>`)}`
    : '';
  const hitsText = content.hits.length ? `\nFrom your saved searches\n\n${content.hits.map((h) => `- “${h.query}”: ${h.paper.title}\n  ${config.baseUrl}/papers/${encodeURIComponent(h.paper.id)}`).join('\n')}\n` : '';
  const forYou = forYouSection(content.picks ?? [], config.baseUrl);
  const body = html`<tr><td style="padding:20px 0 8px"><p style="margin:0;font-size:13px;color:#6b7280">paperwire</p><h1 style="margin:4px 0 6px;font-size:21px;color:#111827">${content.heading}</h1><p style="margin:0;font-size:14px;color:#374151">${content.intro}</p></td></tr>
${raw(content.blocks.html)}
${forYou.html}
${hitsHtml}
${content.listUrl ? html`<tr><td style="padding:14px 0;border-top:1px solid #e5e7eb;font-size:14px"><a href="${content.listUrl}" style="color:#2563eb">See the whole list on paperwire →</a></td></tr>` : ''}
<tr><td style="padding:16px 0 20px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.5;color:#6b7280">You get this because ${sub.email} subscribed to paperwire digests. <a href="${unsub}" style="color:#6b7280">Unsubscribe</a> · <a href="${manage}" style="color:#6b7280">Manage</a></td></tr>`;
  const text = `${content.heading}\n${content.intro}\n\n${content.blocks.text}${forYou.text}${hitsText}${content.listUrl ? `\nThe whole list: ${content.listUrl}\n` : ''}\n--\nYou get this because ${sub.email} subscribed to paperwire digests.\nUnsubscribe: ${unsub}\nManage: ${manage}\n`;
  return {
    to: sub.email,
    subject: content.subject,
    text,
    html: frame(content.subject, body).value,
    headers: {
      'Message-ID': messageId,
      'List-Unsubscribe': `<${unsub}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `paperwire digest <digest.${new URL(config.baseUrl).hostname}>`,
      Precedence: 'bulk',
    },
  };
}

/** The double opt-in mail: one link that confirms the address and the frequency chosen. */
export function confirmationMail(sub: Subscriber, frequency: DigestFrequency, link: string, username?: string): MailMessage {
  const what = frequency === 'daily' ? 'the top papers every weekday' : frequency === 'weekly' ? 'the top papers once a week' : 'alerts for your saved searches';
  const account = username ? ` for the paperwire account @${username} (which could then manage this subscription and send its saved-search alerts here)` : '';
  const text = `Hello,\n\nSomeone (hopefully you) asked to receive ${what} from paperwire at ${sub.email}${account}.\nConfirm within 7 days by opening this link and pressing the button on the page:\n\n${link}\n\nIf this wasn't you, ignore this mail: nothing will be sent without confirmation.\n`;
  const body = html`<tr><td style="padding:20px 0"><h1 style="margin:0 0 10px;font-size:20px;color:#111827">Confirm your subscription</h1>
<p style="font-size:15px;line-height:1.5;color:#374151">Someone (hopefully you) asked to receive ${what} from paperwire at ${sub.email}${account}.</p>
<p style="margin:18px 0"><a href="${link}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#ffffff;border-radius:8px;text-decoration:none;font-weight:600">Confirm subscription</a></p>
<p style="font-size:13px;color:#6b7280">The link is valid for 7 days. If this wasn't you, ignore this mail: nothing will be sent without confirmation.</p></td></tr>`;
  return { to: sub.email, subject: 'Confirm your paperwire subscription', text, html: frame('Confirm your subscription', body).value };
}
