import type { ImportReport } from '../personal/importEntries.ts';
import type { Reason } from '../personal/rankForYou.ts';
import type { Paper } from '../model/paper.ts';
import type { Collection, CollectionItem, Follow } from '../storage/personalStore.ts';
import { plural, shortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { paperCard, type CardViewerState } from './paperCard.ts';

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/**
 * A paper card for a signed-in list: the viewer's vote and personal actions inside the card, an optional line
 * above it (the reason it is shown) and optional owner controls inside it (a collection's note and Remove).
 */
export function personalCard(paper: Paper, s: CardViewerState | undefined, line?: SafeHtml, extra?: SafeHtml): SafeHtml {
  return html`<div class="personal${s?.marks?.has('read') ? ' read' : ''}" data-paper="${paper.id}">
  ${line ? html`<p class="reason muted">${line}</p>` : ''}
  ${paperCard(paper, { vote: s, extra })}
</div>`;
}

/** The For you tab: picks with reasons, or how to get started. */
export function forYouView(picks: { paper: Paper; reason: Reason }[], state: (p: Paper) => CardViewerState, signals: number): SafeHtml {
  return html`<section class="for-you">
  <h1>For you</h1>
  <p class="muted">Recent papers ranked by what you saved, upvoted and follow.${signals ? '' : html` Save or upvote a few papers, or <a href="/follows">follow</a> authors and topics, and this list becomes yours.`}</p>
  <p><a href="/following">Following</a> · <a href="/collections">Your collections</a> · <a href="/follows">Follows</a></p>
  ${picks.length ? picks.map((p) => personalCard(p.paper, state(p.paper), html`${p.reason.text}`)) : html`<div class="empty">No recent papers yet.</div>`}
</section>`;
}

/** The Following view of a day. */
export function followingView(date: string, list: { paper: Paper; matched: Follow[] }[], state: (p: Paper) => CardViewerState, follows: number): SafeHtml {
  return html`<section class="following">
  <h1>Following · ${shortDate(date)}</h1>
  <form method="get" action="/following" class="inline"><label for="date">Day</label> <input id="date" name="date" type="date" value="${date}"> <button type="submit">Show</button></form>
  ${follows ? '' : html`<p>You follow nothing yet: <a href="/follows">follow authors, organizations, categories or searches</a>.</p>`}
  ${list.length ? list.map((x) => personalCard(x.paper, state(x.paper), html`${x.matched.map((f) => `${f.kind}: ${f.value}`).join(' · ')}`)) : html`<div class="empty">Nothing you follow on this day.</div>`}
</section>`;
}

/** The page listing follows with a form to add one. */
export function followsView(follows: Follow[], csrf: string): SafeHtml {
  return html`<section class="follows">
  <h1>Follows</h1>
  <form method="post" action="/follows" class="stack">${csrfField(csrf)}<input type="hidden" name="action" value="follow">
    <label for="kind">Follow</label>
    <select id="kind" name="kind"><option value="author">Author</option><option value="org">Organization</option><option value="category">Category (e.g. cs.CL)</option><option value="search">Search</option></select>
    <label for="value">Name, category or query</label><input id="value" name="value" required maxlength="200">
    <button type="submit">Follow</button>
  </form>
  <ul>${follows.map((f) => html`<li>${f.kind}: <strong>${f.value}</strong>
    <form method="post" action="/follows" class="inline">${csrfField(csrf)}<input type="hidden" name="action" value="unfollow"><input type="hidden" name="kind" value="${f.kind}"><input type="hidden" name="value" value="${f.value}"><button type="submit" class="link">Unfollow</button></form></li>`)}</ul>
</section>`;
}

/** The user's collections with a form to create one. */
export function collectionsView(list: Collection[], csrf: string): SafeHtml {
  return html`<section class="collections">
  <h1>Your collections</h1>
  <ul class="collection-list">${list.map((c) => html`<li><a href="/collections/${c.id}">${c.name}</a> <span class="muted">${plural(c.size, 'paper')} · ${c.isPublic ? 'public' : 'private'}</span></li>`)}</ul>
  <h2>New collection</h2>
  <form method="post" action="/collections" class="stack">${csrfField(csrf)}
    <label for="name">Name</label><input id="name" name="name" required maxlength="80">
    <label for="description">Description</label><input id="description" name="description" maxlength="500">
    <label><input type="checkbox" name="public" value="1"> Public (its own page, RSS feed and JSON)</label>
    <button type="submit">Create</button>
  </form>
</section>`;
}

/** One collection: its papers with notes, exports, and for the owner the forms to edit, add and import. */
export function collectionView(c: Collection, items: CollectionItem[], owner: { csrf: string; report?: ImportReport } | undefined, state: (p: Paper) => CardViewerState | undefined): SafeHtml {
  const base = `/collections/${c.id}`;
  const r = owner?.report;
  return html`<section class="collection">
  <h1>${c.name}</h1>
  <p class="muted">by <a href="/users/${c.ownerUsername}">@${c.ownerUsername}</a> · ${plural(c.size, 'paper')} · ${c.isPublic ? 'public' : 'private'}</p>
  ${c.description ? html`<p>${c.description}</p>` : ''}
  <p>Export: <a href="${base}.bib">BibTeX</a> · <a href="${base}.csv">CSV</a>${c.isPublic ? html` · <a href="${base}.rss">RSS</a> · <a href="${base}.atom">Atom</a> · <a href="${base}.json">JSON</a>` : ''}</p>
  ${r ? html`<div class="notice" role="status"><p>Imported ${plural(r.added, 'paper')}; ${r.already} already here; ${plural(r.failed.length, 'entry', )} not imported.</p>
    ${r.failed.length ? html`<ul class="import-problems">${r.failed.map((f) => html`<li><code>${f.label}</code>: ${f.problem}</li>`)}</ul>` : ''}</div>` : ''}
  ${items.length ? items.map((i) => personalCard(i.paper, state(i.paper), i.note ? html`Note: ${i.note}` : undefined, owner ? itemControls(c, i, owner.csrf) : undefined)) : html`<div class="empty">No papers in this collection yet.</div>`}
  ${owner ? ownerForms(c, owner.csrf) : ''}
</section>`;
}

/** The owner's controls on one paper of a collection: change its note, take it out. */
function itemControls(c: Collection, i: CollectionItem, csrf: string): SafeHtml {
  const base = `/collections/${c.id}`;
  const key = i.paper.id.replace(/[^\w-]/g, '_');
  return html`<div class="item-controls">
    <details><summary>${i.note ? 'Edit note' : 'Add a note'}</summary>
      <form method="post" action="${base}/items" class="stack">${csrfField(csrf)}<input type="hidden" name="paper_id" value="${i.paper.id}">
        <label for="note-${key}">Note</label><textarea id="note-${key}" name="note" maxlength="2000" rows="2">${i.note}</textarea>
        <button type="submit">Save note</button>
      </form></details>
    <form method="post" action="${base}/remove" class="inline">${csrfField(csrf)}<input type="hidden" name="paper_id" value="${i.paper.id}"><button type="submit" class="link">Remove from ${c.name}</button></form>
  </div>`;
}

/** The forms under an owned collection: add a paper, import, settings, delete. */
function ownerForms(c: Collection, csrf: string): SafeHtml {
  const base = `/collections/${c.id}`;
  return html`<h2>Add a paper</h2>
  <form method="post" action="${base}/items" class="stack">${csrfField(csrf)}
    <label for="paper_id">Paper id</label><input id="paper_id" name="paper_id" required maxlength="40" placeholder="2401.01234">
    <label for="note">Note</label><textarea id="note" name="note" maxlength="2000" rows="2"></textarea>
    <button type="submit">Add</button>
  </form>
  <h2>Import</h2>
  <form method="post" action="${base}/import" class="stack" enctype="multipart/form-data">${csrfField(csrf)}
    <label for="text">BibTeX entries or arXiv ids</label><textarea id="text" name="text" rows="5"></textarea>
    <label for="file">or a .bib / .txt file</label><input id="file" name="file" type="file" accept=".bib,.txt,text/plain">
    <button type="submit">Import</button>
  </form>
  <h2>Settings</h2>
  <form method="post" action="${base}/settings" class="stack">${csrfField(csrf)}
    <label for="cname">Name</label><input id="cname" name="name" required maxlength="80" value="${c.name}">
    <label for="cdesc">Description</label><input id="cdesc" name="description" maxlength="500" value="${c.description}">
    <label><input type="checkbox" name="public" value="1"${c.isPublic ? html` checked` : ''}> Public</label>
    <button type="submit">Save settings</button>
  </form>
  ${c.isDefault ? '' : html`<form method="post" action="${base}/delete">${csrfField(csrf)}<button type="submit" class="link">Delete this collection</button></form>`}`;
}
