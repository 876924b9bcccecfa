/** C0 control characters, DEL and backslashes: browsers drop or reinterpret them in a Location, so none is kept. */
const FORBIDDEN = /[\x00-\x1f\x7f\\]/;

/**
 * The path, query and fragment of `target` when, resolved with the URL parser against `origin`, it stays on that
 * origin; undefined otherwise. The one check every redirect built from request data goes through: it refuses
 * control characters and backslashes outright, other hosts and schemes, and paths the parser turns into "//host".
 */
export function sameOriginPath(target: string | undefined, origin: string): string | undefined {
  if (!target || target.length > 2000 || FORBIDDEN.test(target)) return undefined;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') && !FORBIDDEN.test(path) ? path : undefined;
}

/** Where to go after signing in: `next` when it is a site-relative path that stays on the site's origin, else "/". */
export function safeNext(next: string | undefined, baseUrl: string): string {
  return (next?.startsWith('/') && sameOriginPath(next, baseUrl)) || '/';
}
