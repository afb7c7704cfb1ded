import { readFileSync } from 'node:fs';

/** One file of the page, read once at start-up: the page is a few kilobytes and never changes while running. */
export type WebAsset = { readonly body: Buffer; readonly type: string };

// Next to this module in src/; in the bundle, next to the chunk that holds this module (the build copies them to
// dist/assets/, and keeps every chunk directly in dist/).
const ASSETS = new URL('./assets/', import.meta.url);

const FILES = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/web/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/web/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/web/api.js': { file: 'api.js', type: 'text/javascript; charset=utf-8' },
  '/web/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/web/icon.svg': { file: 'icon.svg', type: 'image/svg+xml' },
} as const;

export type WebPath = keyof typeof FILES;

/** The page's files by the path they are served at. */
export function loadWebAssets(): ReadonlyMap<WebPath, WebAsset> {
  return new Map(
    Object.entries(FILES).map(([path, { file, type }]) => [
      path as WebPath,
      { body: readFileSync(new URL(file, ASSETS)), type },
    ]),
  );
}
