/**
 * The file a worker thread starts from, so one source tree runs both ways: under tsx (the calling module is
 * `.ts`) the `<name>Boot.mjs` next to it, which registers tsx's loader in the new thread before importing the
 * TypeScript worker; in the compiled build (`dist/`, the module is `.js`) the compiled `<name>.js` itself.
 * `base` is the caller's `import.meta.url`; the worker lives in the caller's folder.
 */
export function workerEntry(name: string, base: string): URL {
  return new URL(base.endsWith('.ts') ? `./${name}Boot.mjs` : `./${name}.js`, base);
}
