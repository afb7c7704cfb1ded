// npm run build — the bundle that the bin, the tarball and the image run: dist/main.js (src/launcher.ts) and
// the chunks it imports on demand (the MCP handshake first; the store, HTTP, Kubernetes, Slack and Redis stacks
// each in their own chunks, loaded when needed), with source maps back to src/, the dist/*.cjs files that the
// bundle requires at their first use (see OwnFile), and the web page's files.
// Type checking is `npm run typecheck`; esbuild only strips the types. dist/handshake.json records the MCP
// server's answers to `initialize` and `tools/list` (see recordHandshake).
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalService } from '../src/approvals/service.ts';
import type { Handshake } from '../src/mcp/early-stdio.ts';
import { createMcpServer } from '../src/mcp/server.ts';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'; // source maps' VLQ digits
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  outdir: dist,
  bundle: true,
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
} satisfies BuildOptions;
// Modules that the bundle requires from files of their own, at their first use (see OwnFile).
const ownFiles = [iconvEncodingsInTheirOwnFile(), yamlInItsOwnFile()];
// kubegate: the two modules the launcher loads, and the chunks they share and load on demand.
const result = await build({
  ...options,
  entryPoints: { 'early-stdio': 'src/mcp/early-stdio.ts', kubegate: 'src/main.ts' },
  splitting: true,
  plugins: [
    builtinsThroughRequire(),
    undiciOnFirstUse(),
    largeJsonThroughParse(),
    promClientAsUsed(),
    ...ownFiles.map((own) => own.plugin),
  ],
});
for (const own of ownFiles)
  await build({
    ...options,
    format: 'cjs',
    banner: {},
    sourcemap: false, // a dependency's own code: no frame in it maps to src/
    entryPoints: { [own.name]: own.entry() },
    outExtension: { '.js': '.cjs' },
    plugins: [largeJsonThroughParse()],
  });
// The launcher on its own, no chunk shared: nothing of the bundle above, not even esbuild's module helpers, is
// evaluated before it has set V8's flags (src/launcher.ts).
const launcher = await build({
  ...options,
  entryPoints: { main: 'src/launcher.ts' },
  plugins: [theSplitBuild({ './mcp/early-stdio.ts': './early-stdio.js', './main.ts': './kubegate.js' })],
});
for (const file of readdirSync(dist).filter((f) => f.endsWith('.js.map'))) trimSourceMap(`${dist}/${file}`);
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
/**
 * Node's built-in modules are taken with require(), as CommonJS, not imported as ES modules. Importing one as an
 * ES module makes Node build its namespace, which reads every export once, lazy getters included: `node:http`'s
 * WebSocket getter alone loads Node's internal copy of undici (measured in a bare process: 17 MB of RSS, against
 * 3 MB for require). esbuild then reads each export where it is used, as for any CommonJS module.
 */
function builtinsThroughRequire(): Plugin {
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  return {
    name: 'builtins-through-require',
    setup(build) {
      build.onResolve({ filter: /^[a-z_:/]+$/ }, ({ path, kind }) =>
        kind === 'import-statement' && builtins.has(path)
          ? { path: path.startsWith('node:') ? path : `node:${path}`, namespace: 'builtin' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * @kubernetes/client-node imports undici as it loads, for the typed calls (kubegate's changes, the readiness
 * check, the change Events); kubegate's reads go out on Node's own HTTP client (src/kube/api/raw-get.ts). Its three
 * imports (fetch, Agent, ProxyAgent) get a stand-in that loads undici at the first call, so a service or an agent
 * that has only read never loads it (measured: the HTTP service answers /healthz ≈ 40 ms sooner, an agent's
 * process after its reads is ≈ 3 MB smaller).
 */
function undiciOnFirstUse(): Plugin {
  return {
    name: 'undici-on-first-use',
    setup(build) {
      build.onResolve({ filter: /^undici$/ }, ({ importer, kind }) =>
        kind === 'import-statement' && importer.includes('/node_modules/@kubernetes/client-node/')
          ? { path: 'undici', namespace: 'undici-on-first-use', pluginData: dirname(importer) }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'undici-on-first-use' }, ({ pluginData }) => ({
        // resolveDir: undici as client-node itself would resolve it.
        resolveDir: pluginData as string,
        loader: 'js',
        contents: [
          "const undici = () => require('undici');",
          'export function fetch(...args) { return undici().fetch(...args); }',
          'export class Agent { constructor(...args) { return new (undici().Agent)(...args); } }',
          'export class ProxyAgent { constructor(...args) { return new (undici().ProxyAgent)(...args); } }',
        ].join('\n'),
      }));
    },
  };
}

/**
 * A module that the bundle requires from a file of its own in dist/ (`${name}.cjs`, CommonJS, its dependencies
 * bundled into it), at its first use, rather than carrying it in a chunk: code in a chunk that the HTTP service
 * loads before it listens is read and compiled at every start, used or not. `plugin` points the bundle's imports
 * of it at that file; `entry()` is the module to build it from, as the bundle resolved it, once the main build
 * has run. The chunks sit flat in dist/, and each chunk's require() resolves from its own URL (the banner), so
 * `./${name}.cjs` is found beside them.
 */
interface OwnFile {
  readonly name: string;
  readonly plugin: Plugin;
  entry(): string;
}

/**
 * iconv-lite, which body-parser loads as express loads, keeps its codecs and their tables (half a megabyte,
 * nearly all of it for charsets that kubegate refuses) in one module, which it requires at its first decode;
 * that require gets dist/iconv-lite-encodings.cjs, built from the copy of iconv-lite whose code is in the bundle
 * (a second copy fails the build). The first request with a body pays for loading it. Measured: the HTTP
 * service's main thread spent ≈ 8 ms less CPU before /healthz answered (medians of 11 starts).
 */
function iconvEncodingsInTheirOwnFile(): OwnFile {
  const name = 'iconv-lite-encodings';
  const found = new Set<string>();
  const plugin: Plugin = {
    name: 'iconv-encodings-in-their-own-file',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/encodings$/ }, ({ importer, kind }) => {
        if (kind !== 'require-call' || !importer.includes('/node_modules/iconv-lite/lib/')) return undefined;
        found.add(`${dirname(dirname(importer))}/encodings/index.js`);
        return { path: `./${name}.cjs`, external: true };
      });
    },
  };
  const entry = (): string => {
    const [only, ...more] = found;
    if (only === undefined || more.length > 0)
      throw new Error(`expected one copy of iconv-lite in the bundle, found ${String(found.size)}`);
    return only;
  };
  return { name, plugin, entry };
}

/**
 * yaml reads a POLICY_FILE and prints `-o yaml`; most starts do neither. kubegate's imports of it get a stand-in
 * whose functions require dist/yaml.cjs at their first call; a name the stand-in does not export fails the build
 * ("No matching export"). Its chunk took 3–4 ms to load on its own, which whole starts are too noisy to show.
 */
function yamlInItsOwnFile(): OwnFile {
  const name = 'yaml';
  const used = ['parse', 'stringify'];
  let resolved: string | undefined;
  const plugin: Plugin = {
    name: 'yaml-in-its-own-file',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, async ({ importer, resolveDir, kind }) => {
        if (!importer.startsWith(`${root}src/`)) return undefined;
        resolved ??= (await build.resolve('yaml', { resolveDir, kind })).path;
        return { path: name, namespace: 'yaml-in-its-own-file' };
      });
      build.onResolve({ filter: new RegExp(`^\\./${name}\\.cjs$`) }, ({ namespace }) =>
        namespace === 'yaml-in-its-own-file' ? { path: `./${name}.cjs`, external: true } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'yaml-in-its-own-file' }, () => ({
        loader: 'js',
        contents: [
          `const yaml = () => require('./${name}.cjs');`,
          ...used.map((f) => `export function ${f}(...args) { return yaml().${f}(...args); }`),
        ].join('\n'),
      }));
    },
  };
  const entry = (): string => {
    if (resolved === undefined) throw new Error('kubegate no longer imports yaml: drop yamlInItsOwnFile');
    return resolved;
  };
  return { name, plugin, entry };
}

/**
 * A large JSON file (mime-db's 200 KB database, which express loads at start) as `JSON.parse('…')` rather than
 * esbuild's object literal: V8 parses JSON text several times faster than the same data as JavaScript, and the
 * literal is built again at every start, compile cache or not.
 * @see https://v8.dev/blog/cost-of-javascript-2019#json
 */
function largeJsonThroughParse(): Plugin {
  const LARGE = 10 * 1024;
  return {
    name: 'large-json-through-parse',
    setup(build) {
      build.onLoad({ filter: /\.json$/ }, ({ path }) => {
        const text = readFileSync(path, 'utf8');
        if (text.length < LARGE) return undefined;
        // Parsed here first: a file that is not JSON fails the build, not the start.
        const json = JSON.stringify(JSON.parse(text));
        return { loader: 'js', contents: `module.exports = JSON.parse(${JSON.stringify(json)});` };
      });
    },
  };
}

/**
 * prom-client's index loads the whole library as it starts, the Pushgateway client (node:https, which loads
 * node:tls) and the cluster aggregator among it, neither of which kubegate uses. kubegate's imports of prom-client
 * get the library's own modules for what it uses instead; a name not listed here fails the build ("No matching
 * export"), so nothing goes silently missing.
 */
function promClientAsUsed(): Plugin {
  const modules = {
    Registry: 'registry',
    Counter: 'counter',
    Gauge: 'gauge',
    Histogram: 'histogram',
    collectDefaultMetrics: 'defaultMetrics',
  };
  return {
    name: 'prom-client-as-used',
    setup(build) {
      build.onResolve({ filter: /^prom-client$/ }, ({ importer, resolveDir }) =>
        importer.startsWith(`${root}src/`)
          ? { path: 'prom-client', namespace: 'prom-client-as-used', pluginData: resolveDir }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'prom-client-as-used' }, ({ pluginData }) => ({
        resolveDir: pluginData as string,
        loader: 'js',
        contents: Object.entries(modules)
          .map(([name, file]) => `export { default as ${name} } from 'prom-client/lib/${file}.js';`)
          .join('\n'),
      }));
    },
  };
}

/**
 * The launcher's imports of kubegate's modules, pointed at what the split build made of them. An import that no
 * longer matches fails the build: bundled into the launcher, early-stdio would be a second copy of that module,
 * and main.ts would never find the transport that answered the handshake.
 */
function theSplitBuild(built: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'the-split-build',
    setup(build) {
      const unused = new Set(Object.keys(built));
      build.onResolve({ filter: /^\.\// }, ({ path }) => {
        const target = built[path];
        if (target === undefined) return undefined;
        unused.delete(path);
        return { path: target, external: true };
      });
      build.onEnd(() => ({
        errors: [...unused].map((path) => ({ text: `src/launcher.ts no longer imports ${path}` })),
      }));
    },
  };
}

if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  process.stdout.write(await analyzeMetafile(result.metafile));
  process.stdout.write(await analyzeMetafile(launcher.metafile));
}

/**
 * Keeps the source maps' mappings into src/ only. Node parses the map of every chunk it loads and keeps it for
 * the process's life (≈ 15 MB for the dependencies' mappings); a frame in a dependency keeps its dist/ position.
 * A dependency's stretch of code becomes one segment without a source, so that no lookup falls back on the
 * mapping of a src/ line before it; a chunk of dependencies only loses its map.
 * @see https://tc39.es/source-map/#mappings-structure
 */
function trimSourceMap(path: string): void {
  const map = JSON.parse(readFileSync(path, 'utf8')) as {
    sources: string[];
    names: string[];
    mappings: string;
  };
  const ours = map.sources.map((source) => /^(\.\.\/)*src\//.test(source));
  const sources: string[] = [];
  const sourceIndex = new Map<number, number>();
  const names: string[] = [];
  const nameIndex = new Map<number, number>();
  const state = { source: 0, line: 0, column: 0, name: 0 };
  const out = { source: 0, line: 0, column: 0, name: 0 };
  const lines = map.mappings.split(';').map((line) => {
    let generated = 0;
    let outGenerated = 0;
    let inDependency = false;
    const kept: string[] = [];
    for (const segment of line === '' ? [] : line.split(',')) {
      const [column = 0, source, originalLine, originalColumn, name] = decodeVlq(segment);
      generated += column;
      if (source === undefined || originalLine === undefined || originalColumn === undefined) continue;
      state.source += source;
      state.line += originalLine;
      state.column += originalColumn;
      if (name !== undefined) state.name += name;
      if (!ours[state.source]) {
        if (!inDependency) kept.push(encodeVlq([generated - outGenerated]));
        if (!inDependency) outGenerated = generated;
        inDependency = true;
        continue;
      }
      inDependency = false;
      const s = sourceIndex.get(state.source) ?? sources.push(map.sources[state.source] ?? '') - 1;
      sourceIndex.set(state.source, s);
      const fields = [
        generated - outGenerated,
        s - out.source,
        state.line - out.line,
        state.column - out.column,
      ];
      if (name !== undefined) {
        const n = nameIndex.get(state.name) ?? names.push(map.names[state.name] ?? '') - 1;
        nameIndex.set(state.name, n);
        fields.push(n - out.name);
        out.name = n;
      }
      kept.push(encodeVlq(fields));
      outGenerated = generated;
      out.source = s;
      out.line = state.line;
      out.column = state.column;
    }
    return kept.join(',');
  });
  if (sources.length > 0) {
    writeFileSync(path, JSON.stringify({ ...map, sources, names, mappings: lines.join(';') }));
    return;
  }
  // A chunk of dependencies only: no map at all, so Node does not even measure its lines.
  rmSync(path);
  const chunk = path.replace(/\.map$/, '');
  writeFileSync(chunk, readFileSync(chunk, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\n?$/, '\n'));
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeVlq(values: readonly number[]): string {
  let text = '';
  for (const v of values) {
    let rest = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      const digit = rest & 31;
      rest >>>= 5;
      text += BASE64.charAt(rest > 0 ? digit | 32 : digit);
    } while (rest > 0);
  }
  return text;
}
