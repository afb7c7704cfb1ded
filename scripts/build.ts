// npm run build — the bundle that the bin, the tarball and the image run: dist/main.js (src/launcher.ts) and
// the chunks it imports on demand (the MCP handshake first; the store, HTTP, Kubernetes, Slack and Redis stacks
// each in their own chunks, loaded when needed), with source maps back to src/, and the web page's files.
// Type checking is `npm run typecheck`; esbuild only strips the types.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/launcher.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // Flat, so that a chunk's `new URL('./assets/', import.meta.url)` (src/web/assets.ts) finds dist/assets/.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // CommonJS dependencies call require() for Node's built-ins; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __kubegateCreateRequire } from 'node:module'; const require = __kubegateCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});
// The web page's files are served from disk, beside the chunk that serves them.
cpSync(`${root}src/web/assets`, `${dist}/assets`, { recursive: true });
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  process.stdout.write(await analyzeMetafile(result.metafile));
}
