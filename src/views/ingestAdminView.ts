import type { IngestRun } from '../storage/ingestStore.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/** What the ingestion admin page shows: the schedule, each source's last run, and the recent runs. */
export interface IngestAdminModel {
  last: IngestRun[];
  recent: IngestRun[];
  schedule: { categories: string[]; sources: string[]; everyMs: number; contact?: string };
  account?: SafeHtml;
}

const when = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '—');

const row = (r: IngestRun) => html`<tr>
  <td>${r.source}</td><td class="status-${r.status}">${r.status}</td><td>${when(r.startedAt)}</td><td>${when(r.finishedAt)}</td>
  <td>${r.read}</td><td>${r.new}</td><td>${r.updated}</td><td>${r.unchanged}</td><td>${r.skipped}</td><td>${r.requests}</td>
  <td>${r.errors.length ? r.errors.slice(0, 3).join('; ') : (r.message ?? '')}</td></tr>`;

const table = (runs: IngestRun[], caption: string) => html`<table class="users">
  <caption>${caption}</caption>
  <thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Read</th><th scope="col">New</th>
  <th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Skipped</th><th scope="col">Requests</th><th scope="col">Errors / note</th></tr></thead>
  <tbody>${runs.map(row)}</tbody></table>`;

/** The admin page for ingestion: is the instance filling itself, and what went wrong when it did not. */
export function ingestAdminView(m: IngestAdminModel): SafeHtml {
  const s = m.schedule;
  const every = s.everyMs ? `every ${Math.round(s.everyMs / 60_000)} min` : 'off (set PAPERWIRE_INGEST_EVERY)';
  const body = html`<section class="admin">
  <h1>Ingestion</h1>
  <p>Schedule: ${every}; sources ${s.sources.join(', ') || '—'}; categories ${s.categories.join(', ') || 'none (set PAPERWIRE_INGEST_CATEGORIES)'}.
  ${s.contact ? html`arXiv contact: ${s.contact}.` : html`<strong>No PAPERWIRE_ARXIV_CONTACT set</strong>: arXiv asks harvesters to identify themselves.`}</p>
  ${m.last.length ? table(m.last, 'Last run of each source') : html`<p class="muted">No ingestion has run yet. Run <code>paperwire ingest all</code> or <code>paperwire import FILE</code>.</p>`}
  ${m.recent.length ? table(m.recent, 'Recent runs') : ''}
</section>`;
  return layout({ title: 'Ingestion', section: 'other', account: m.account }, body);
}
