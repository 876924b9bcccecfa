import type { DailyEntry, UserRef } from '../model/paper.ts';
import { isoWeekOf, isWeekend, periodLabel, type Period } from '../feed/periods.ts';
import { shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { cardList } from './paperCard.ts';

/** Everything a daily, weekly or monthly page shows. */
export interface ListViewModel {
  period: Period;
  entries: DailyEntry[];
  total: number;
  page: number;
  pageSize: number;
  prev?: { href: string; label: string };
  next?: { href: string; label: string };
  today: string;
  /** The newest day with papers, for the empty state's onward link. */
  latest?: string;
  /** The signed-in viewer's vote state per paper (undefined on anonymous, cached pages). */
  vote?: Parameters<typeof cardList>[2];
  /** On the front page of a young instance: the previous day with papers, shown after a thin newest day. */
  earlier?: { date: string; entries: DailyEntry[]; total: number };
}

const hrefFor = (p: Period) => `/papers/${p.kind === 'day' ? 'date' : p.kind}/${p.key}`;

/** Why a list is empty, in words, with where to go instead. */
function emptyState(m: ListViewModel): SafeHtml {
  const onward = m.latest ? html` <a href="/papers/date/${m.latest}">See the latest papers (${shortDate(m.latest)})</a>.` : '';
  if (m.page > 0) return html`<p>There are no more papers on this list. <a href="${hrefFor(m.period)}">Back to the first page</a>.</p>`;
  if (m.period.from > m.today) return html`<p>This ${m.period.kind} has not happened yet, so nothing has been published.${onward}</p>`;
  if (m.period.kind === 'day' && isWeekend(m.period.from))
    return html`<p>${periodLabel(m.period)} is a weekend: arXiv announces no new papers on Saturdays and Sundays.${onward}</p>`;
  if (m.period.kind === 'day' && m.period.from === m.today) return html`<p>No papers have been featured today yet. Papers appear as arXiv announces them and the community submits them.${onward}</p>`;
  return html`<p>No papers were featured ${m.period.kind === 'day' ? 'on this day' : `in this ${m.period.kind}`}.${onward}</p>`;
}

/** The daily / weekly / monthly list page. */
export function listView(m: ListViewModel, account?: SafeHtml): SafeHtml {
  const label = periodLabel(m.period);
  const first = m.page * m.pageSize + 1;
  const pages = Math.ceil(m.total / m.pageSize);
  const feedBase = hrefFor(m.period);
  const body = html`
<section aria-labelledby="list-title">
  <div class="listhead">
    <div>
      <h1 id="list-title">Daily Papers</h1>
      <p class="lede">by the research community · <strong>${label}</strong>${m.total ? html` · ${m.total} paper${m.total === 1 ? '' : 's'}` : ''}</p>
    </div>
    <nav class="pager" aria-label="Previous and next">
      <form class="jump" action="/papers" method="get"><label for="jump-date" class="visually-hidden">Go to a day</label><input id="jump-date" name="date" type="date" value="${m.period.kind === 'day' ? m.period.key : m.period.from}" max="${m.today}"><button type="submit">Go</button></form>
      ${m.prev ? html`<a rel="prev" href="${m.prev.href}">← ${m.prev.label}</a>` : html`<span>← Previous</span>`}
      ${m.next ? html`<a rel="next" href="${m.next.href}">${m.next.label} →</a>` : html`<span>Next →</span>`}
    </nav>
  </div>
  <nav class="period-tabs" aria-label="Period">
    <a href="/papers/date/${m.period.kind === 'day' ? m.period.key : m.period.from}"${m.period.kind === 'day' ? html` aria-current="page"` : ''}>Daily</a>
    <a href="/papers/week/${m.period.kind === 'week' ? m.period.key : isoWeekOf(m.period.from)}"${m.period.kind === 'week' ? html` aria-current="page"` : ''}>Weekly</a>
    <a href="/papers/month/${m.period.from.slice(0, 7)}"${m.period.kind === 'month' ? html` aria-current="page"` : ''}>Monthly</a>
  </nav>
  ${cardList(m.entries.map((e) => e.paper), emptyState(m), m.vote, submitters(m.entries))}
  ${m.earlier ? html`<h2 id="earlier">Earlier: <a href="/papers/date/${m.earlier.date}">${shortDate(m.earlier.date)}</a> <span class="muted">· ${m.earlier.total} paper${m.earlier.total === 1 ? '' : 's'}</span></h2>
  ${cardList(m.earlier.entries.map((e) => e.paper), html``, m.vote, submitters(m.earlier.entries))}` : ''}
  ${feedBar(feedBase, label)}
  ${pages > 1
    ? html`<nav class="pager" aria-label="Pages">
        ${m.page > 0 ? html`<a href="${feedBase}?p=${m.page - 1}">← Newer page</a>` : ''}
        <span>Papers ${first}–${Math.min(m.total, first + m.pageSize - 1)} of ${m.total}</span>
        ${m.page + 1 < pages ? html`<a href="${feedBase}?p=${m.page + 1}">More papers →</a>` : ''}
      </nav>`
    : ''}
</section>`;
  return layout({ title: `Daily Papers · ${label}`, section: 'daily', canonical: feedBase, description: `Research papers featured ${label}`, account, feeds: feedLinks(feedBase, label) }, body);
}

/** Who submitted each paper of a list (papers a person put on the list), for the cards' "Submitted by". */
function submitters(entries: DailyEntry[]): Map<string, UserRef> {
  return new Map(entries.flatMap((e) => (e.submittedBy ? [[e.paper.id, e.submittedBy] as const] : [])));
}

/** The visible feed links under a list (the same feeds `<link rel=alternate>` announces). */
export function feedBar(base: string, label: string): SafeHtml {
  return html`<p class="feeds">Follow ${label}: <a href="${base}.rss">RSS</a> · <a href="${base}.atom">Atom</a></p>`;
}

/** Autodiscovery links for a list's feeds (served by the feeds feature under the same path). */
export function feedLinks(base: string, label: string): { title: string; href: string; type: 'rss' | 'atom' }[] {
  return [
    { title: `paperwire · ${label} (RSS)`, href: `${base}.rss`, type: 'rss' },
    { title: `paperwire · ${label} (Atom)`, href: `${base}.atom`, type: 'atom' },
  ];
}

/** The trending page. */
export function trendingView(entries: DailyEntry[], asOf: string, days: number, account?: SafeHtml, vote?: Parameters<typeof cardList>[2]): SafeHtml {
  const body = html`
<section aria-labelledby="list-title">
  <h1 id="list-title">Trending Papers</h1>
  <p class="lede">Most upvoted papers of the ${days} days up to ${shortDate(asOf)}, newer papers weighted higher.</p>
  ${cardList(entries.map((e) => e.paper), html`<p>Nothing is trending: no papers were featured in the last ${days} days. <a href="/">See the latest daily list</a>.</p>`, vote, submitters(entries))}
  ${feedBar('/papers/trending', 'Trending')}
</section>`;
  return layout({ title: 'Trending Papers', section: 'trending', canonical: '/papers/trending', account, feeds: feedLinks('/papers/trending', 'Trending') }, body);
}
