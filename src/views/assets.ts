import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const read = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');

/** The stylesheet, the small progressive script and the icon, served from memory under /static. */
export const ASSETS: Record<string, { body: string; type: string }> = {
  'app.css': { body: read('app.css'), type: 'text/css; charset=utf-8' },
  'app.js': { body: read('app.js'), type: 'text/javascript; charset=utf-8' },
  'theme.js': { body: read('theme.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { body: read('favicon.svg'), type: 'image/svg+xml' },
};

/** Changes whenever an asset changes, so pages can link them with a long cache lifetime. */
export const ASSET_VERSION = createHash('sha256')
  .update(Object.values(ASSETS).map((a) => a.body).join('\0'))
  .digest('hex')
  .slice(0, 10);
