// npm run check:production — kubegate installed the ways users install it, then started and spoken to.
//
// 1. `npm pack` (prepack bundles src/ into dist/): the tarball carries dist/ and no sources or tests.
// 2. The container image's contents, made as the Dockerfile makes them: package.json + lockfile,
//    `npm ci --omit=dev --ignore-scripts`, dist/. Then `node dist/main.js`.
// 3. The tarball installed into an empty folder with production dependencies only. Then its `kubegate` bin.
//
// Each start is launched by the MCP SDK's own stdio client from an unrelated working directory, as an agent
// launches it: `initialize` and `tools/list` must answer with every tool, a tool call must answer (it waits for the
// stacks that load after the handshake), `/healthz` must answer 200, `GET /` must serve the web page (its
// assets are copied into dist/assets/ by the build, not bundled), the default
// SQLite store must land in the per-user data directory (never in the working directory), and closing stdin
// must stop kubegate. A package missing from `dependencies` fails here with ERR_MODULE_NOT_FOUND.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { freePort } from '../test/support/processes.ts';

const TOOLS = ['execute_kubectl', 'get_approval', 'get_pending_approvals', 'propose_remediation'];
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kubegate-production-'));
const run = promisify(execFile);
// Node 24 from the lockfile's `node` package comes first, as it does for every npm script.
const PATH = `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund'], {
    cwd,
    env: { ...process.env, PATH },
    maxBuffer: 64 << 20,
  });

const failures: string[] = [];
let passed = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed += 1;
    process.stdout.write(`PASS ${name}\n`);
  } catch (error) {
    failures.push(name);
    process.stdout.write(
      `FAIL ${name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Starts kubegate the way an MCP client does and checks it end to end. */
async function startAndProbe(command: string, args: string[]): Promise<void> {
  const home = mkdtempSync(join(work, 'home-'));
  const cwd = mkdtempSync(join(work, 'cwd-'));
  const port = await freePort();
  const transport = new StdioClientTransport({
    command,
    args,
    cwd,
    stderr: 'pipe',
    // Only what a user's MCP client passes: no STORE_URL, so the default store is used; no cluster configured.
    env: {
      PATH,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      APPROVAL_PORT: String(port),
      LOG_LEVEL: 'info',
    },
  });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'check-production', version: '1.0.0' });
  try {
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(JSON.stringify(tools) === JSON.stringify(TOOLS), `tools/list answered ${JSON.stringify(tools)}`);
    // The handshake is answered before the store and HTTP stacks load; a tool call waits for them.
    const pending = await client.callTool({ name: 'get_pending_approvals', arguments: {} });
    expect(pending.isError !== true, `get_pending_approvals failed: ${JSON.stringify(pending.content)}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status === 200, `/healthz answered ${health.status}`);
    // The web page's files are not bundled: the build copies them into dist/assets/.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    const html = await page.text();
    expect(
      page.status === 200 && (page.headers.get('content-type') ?? '').startsWith('text/html'),
      `GET / answered ${page.status} ${page.headers.get('content-type') ?? ''}`,
    );
    expect(html.includes('/web/app.js'), 'GET / is not the approval page');
    const script = await fetch(`http://127.0.0.1:${port}/web/app.js`);
    expect(script.status === 200, `GET /web/app.js answered ${script.status}`);
    expect(
      existsSync(join(home, 'data', 'kubegate', 'kubegate.db')),
      'the default store is not in $XDG_DATA_HOME/kubegate',
    );
    expect(
      readdirSync(cwd).length === 0,
      `kubegate wrote into its working directory: ${readdirSync(cwd).join(', ')}`,
    );
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nkubegate's stderr:\n${stderr.join('')}`,
      { cause: error },
    );
  } finally {
    await client.close();
  }
  expect(
    stderr.join('').includes('"msg":"stopped"'),
    `kubegate did not stop cleanly when stdin closed:\n${stderr.join('')}`,
  );
}

try {
  let tarball = '';
  await check('npm pack ships everything the build wrote, and nothing else', async () => {
    const { stdout } = await npm(['pack', '--json', '--pack-destination', work], root);
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    expect(packed !== undefined, 'npm pack reported nothing');
    tarball = join(work, packed!.filename);
    const paths = packed!.files.map((f) => f.path);
    // Everything the build wrote ships: the chunks and maps, the files required at first use (*.cjs), the
    // recorded MCP handshake and the web page's files.
    const built = readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)));
    expect(built.includes('dist/main.js'), 'the build wrote no dist/main.js');
    const missing = built.filter((path) => !paths.includes(path));
    expect(missing.length === 0, `the tarball lacks files the build wrote: ${missing.join(', ')}`);
    const stray = paths.filter(
      (p) =>
        !/^(dist\/[^/]+\.(js|cjs)(\.map)?|dist\/handshake\.json|dist\/assets\/[a-z]+\.(html|css|js|svg)|package\.json|README\.md|LICENSE|manifest\.yml|\.env\.example)$/.test(
          p,
        ),
    );
    expect(stray.length === 0, `the tarball carries files users do not need: ${stray.join(', ')}`);
  });

  await check(
    'image contents (npm ci --omit=dev, as the Dockerfile does): node dist/main.js serves MCP and HTTP',
    async () => {
      const app = join(work, 'image');
      mkdirSync(app);
      for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(app, file));
      await npm(['ci', '--omit=dev', '--ignore-scripts'], app);
      expect(!existsSync(join(app, 'node_modules', 'typescript')), 'devDependencies were installed');
      cpSync(join(root, 'dist'), join(app, 'dist'), { recursive: true });
      await startAndProbe('node', [join(app, 'dist', 'main.js')]);
    },
  );

  await check(
    'packed tarball installed with production dependencies: the kubegate bin serves MCP and HTTP',
    async () => {
      expect(tarball !== '', 'no tarball to install');
      const consumer = join(work, 'consumer');
      mkdirSync(consumer);
      writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      await npm(['install', '--omit=dev', '--ignore-scripts', tarball], consumer);
      await startAndProbe(join(consumer, 'node_modules', '.bin', 'kubegate'), []);
    },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

process.stdout.write(`${passed} passed, ${failures.length} failed\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
