import { html, type SafeHtml } from './html.ts';
import { ASSET_VERSION } from './assets.ts';
import { anonymousMenu } from './accountMenu.ts';

/** What every page tells the layout about itself. */
export interface PageMeta {
  title: string;
  description?: string;
  canonical?: string;
  /** Feeds offered for autodiscovery on this page. */
  feeds?: { title: string; href: string; type: 'rss' | 'atom' }[];
  /** Which header tab is current. */
  section?: 'daily' | 'trending' | 'search' | 'foryou' | 'other';
  query?: string;
  /** Extra header content (the account menu), rendered by the caller. */
  account?: SafeHtml;
}

/** The page frame: header with search and the subscribe call, main content, footer. */
export function layout(meta: PageMeta, body: SafeHtml): SafeHtml {
  const tab = (key: PageMeta['section'], href: string, label: string) =>
    html`<a href="${href}"${meta.section === key ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} · paperwire</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.canonical ? html`<link rel="canonical" href="${meta.canonical}">` : ''}
${(meta.feeds ?? []).map((f) => html`<link rel="alternate" type="application/${f.type}+xml" title="${f.title}" href="${f.href}">`)}
<meta name="color-scheme" content="light dark">
<link rel="icon" href="/static/favicon.svg?v=${ASSET_VERSION}" type="image/svg+xml">
<link rel="stylesheet" href="/static/app.css?v=${ASSET_VERSION}">
<script src="/static/theme.js?v=${ASSET_VERSION}"></script>
<script src="/static/app.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <div class="bar">
    <a class="brand" href="/" aria-label="paperwire home"><span aria-hidden="true">▤</span> paperwire</a>
    <nav class="tabs" aria-label="Lists">
      ${tab('daily', '/', 'Daily')}${tab('trending', '/papers/trending', 'Trending')}${meta.account ? tab('foryou', '/for-you', 'For you') : ''}
    </nav>
    ${meta.section === 'search' ? '' : html`<form class="search" action="/search" method="get" role="search">
      <label for="q" class="visually-hidden">Search papers</label>
      <input id="q" name="q" type="search" placeholder="Search any paper…" value="${meta.query ?? ''}" autocomplete="off" maxlength="250">
    </form>`}
    <div class="end">
      <button type="button" class="theme-toggle" data-theme-toggle aria-label="Colour theme: follows the system" title="Colour theme">◐</button>
      ${meta.account ?? anonymousMenu}
    </div>
  </div>
  <p class="subscribe">Get trending papers in your email inbox! <a href="/subscribe">Subscribe</a></p>
</header>
<main id="main">
${body}
</main>
<footer class="site">
  <p>paperwire — papers selected by the research community. <a href="/subscribe">Email digest</a> · <a href="/papers/trending.rss">Trending RSS</a> · <a href="/api/daily_papers">API</a> · <a href="/openapi.json">OpenAPI</a></p>
</footer>
</body>
</html>`;
}
