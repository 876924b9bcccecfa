import type { OrganizationRef, Paper } from '../model/paper.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { cardList } from './paperCard.ts';
import { feedBar } from './listView.ts';

/** An organization's page: its name and its papers, newest first, with paging. */
export function orgView(org: OrganizationRef, papers: Paper[], total: number, page: number, pageSize: number, extra?: SafeHtml, account?: SafeHtml, vote?: Parameters<typeof cardList>[2]): SafeHtml {
  const base = `/orgs/${encodeURIComponent(org.name)}`;
  const body = html`
<section>
  <h1><span class="badge" aria-hidden="true">${org.fullname.slice(0, 1).toUpperCase()}</span> ${org.fullname}</h1>
  <p class="lede">@${org.name} · ${total} paper${total === 1 ? '' : 's'}</p>
  ${extra ?? ''}
  <h2>Papers</h2>
  ${cardList(papers, html`<p>${page > 0 ? html`No more papers. <a href="${base}">Back to the first page</a>.` : html`${org.fullname} has no papers yet. <a href="/">Browse today's papers</a>.`}</p>`, vote)}
  ${feedBar(base, org.fullname)}
  <nav class="pager" aria-label="Pages">
    ${page > 0 ? html`<a href="${base}?p=${page - 1}">← Newer</a>` : ''}
    ${(page + 1) * pageSize < total ? html`<a href="${base}?p=${page + 1}">Older →</a>` : ''}
  </nav>
</section>`;
  return layout({ title: org.fullname, canonical: base, account, feeds: [{ title: `${org.fullname} (RSS)`, href: `${base}.rss`, type: 'rss' }, { title: `${org.fullname} (Atom)`, href: `${base}.atom`, type: 'atom' }] }, body);
}
