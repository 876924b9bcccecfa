import type { Paper } from '../model/paper.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { cardList } from './paperCard.ts';

/** The search page: the query, how many matched, and the results as cards. */
export function searchView(query: string, papers: Paper[], total: number, account?: SafeHtml): SafeHtml {
  const body = html`
<section aria-labelledby="search-title">
  <h1 id="search-title">${query ? html`Results for “${query}”` : 'Search papers'}</h1>
  ${query ? html`<p class="lede" role="status">${total} paper${total === 1 ? '' : 's'} found</p>` : html`<p class="lede">Search titles, abstracts and authors.</p>`}
  ${query
    ? cardList(papers, html`<p>No papers matched “${query}”. Try fewer or more general words, or <a href="/papers/trending">browse trending papers</a>.</p>`)
    : ''}
</section>`;
  return layout({ title: query ? `Search: ${query}` : 'Search', section: 'search', query }, body);
}
