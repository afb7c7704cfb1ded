// npm run build — the bundle that the bin, the tarball and the image run: dist/main.js (src/launcher.ts) and
// the chunks it imports on demand (the MCP handshake first; the store, HTTP, Kubernetes, Slack and Redis stacks
// each in their own chunks, loaded when needed), with source maps back to src/, and the web page's files.
// Type checking is `npm run typecheck`; esbuild only strips the types. dist/handshake.json records the MCP
// server's answers to `initialize` and `tools/list` (see recordHandshake).
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalService } from '../src/approvals/service.ts';
import type { Handshake } from '../src/mcp/early-stdio.ts';
import { createMcpServer } from '../src/mcp/server.ts';

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
writeFileSync(`${dist}/handshake.json`, JSON.stringify(await recordHandshake()));

/**
 * What kubegate's MCP server answers to `initialize` and `tools/list`, asked of the server itself: the bundle
 * answers an agent's handshake from this record before the SDK is loaded (src/mcp/early-stdio.ts).
 */
async function recordHandshake(): Promise<Handshake> {
  const server = createMcpServer({
    requester: { principal: 'build' },
    get service(): ApprovalService {
      throw new Error('no tool runs while the handshake is recorded');
    },
  });
  const [ours, theirs] = InMemoryTransport.createLinkedPair();
  const answers = new Map<unknown, Record<string, unknown>>();
  ours.onmessage = (m) => {
    if ('id' in m && 'result' in m) answers.set(m.id, m.result);
  };
  await server.connect(theirs);
  await ours.start();
  const ask = async (id: number, method: string, params: Record<string, unknown>) => {
    await ours.send({ jsonrpc: '2.0', id, method, params });
    for (let i = 0; i < 100 && !answers.has(id); i++) await new Promise((r) => setImmediate(r));
    const answer = answers.get(id);
    if (answer === undefined) throw new Error(`the MCP server did not answer ${method}`);
    return answer;
  };
  const clientInfo = { name: 'kubegate-build', version: '0' };
  const initialize = await ask(1, 'initialize', { protocolVersion: 'unknown', capabilities: {}, clientInfo });
  await ours.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const toolsList = await ask(2, 'tools/list', {});
  await server.close();
  return {
    supportedProtocolVersions: SUPPORTED_PROTOCOL_VERSIONS,
    initialize: initialize as Handshake['initialize'],
    toolsList,
  };
}
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  process.stdout.write(await analyzeMetafile(result.metafile));
}
