#!/usr/bin/env node
import { loadConfig } from './config.ts';
import { createLogger } from './observability/log.ts';
import type { Kubegate } from './app.ts';
import { describeKubernetes, describeStartup } from './startup-report.ts';
import { loadPolicy } from './policy-file.ts';
import { EarlyStdioTransport, loadHandshake, takeEarlyStdio } from './mcp/early-stdio.ts';
import { servesStdio } from './mcp/stdio-mode.ts';

const loaded = loadConfig();
if (!loaded.ok) {
  // Before a logger exists; stderr, because stdout belongs to MCP on stdio.
  process.stderr.write(`kubegate cannot start: the configuration is invalid\n`);
  for (const issue of loaded.error) process.stderr.write(`  ${issue.variable}: ${issue.message}\n`);
  process.exit(1);
}
const config = loaded.value;
const policy = loadPolicy(config);
if (!policy.ok) {
  process.stderr.write(
    `kubegate cannot start: the approval policy (${config.policyFile ?? 'APPROVERS'}) is invalid\n`,
  );
  for (const issue of policy.error) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
  process.exit(1);
}
const logger = createLogger(config.log);

// The MCP handshake is answered before the rest loads (src/launcher.ts and mcp/early-stdio.ts answer it from the
// recorded handshake; src/app.ts loads the store, Kubernetes, Slack and HTTP), so an agent that spawns kubegate is
// not kept waiting for stacks it does not need yet. The rest loads right after the agent has listed the tools,
// when a tool is called, or HEAD_START_MS after start, whichever comes first.
const HEAD_START_MS = 200;
const started = Promise.withResolvers<Kubegate>();
let loading = false;
// Over stdio, the agent's calls are what need the cluster, and no probe waits on the HTTP port's first answer: the
// Kubernetes stack loads right after listen (given the HTTP service's head start, the process stayed 4 MB bigger
// after an agent's reads: bench:peers, three runs each way).
const kubeLoadOptions = servesStdio(config.mcpStdio) ? { kubeHeadStartMs: 0 } : {};
const load = (): void => {
  if (loading) return;
  loading = true;
  import('./app.ts')
    .then(({ startKubegate }) => startKubegate({ config, logger, policy: policy.value, ...kubeLoadOptions }))
    .then(started.resolve, started.reject);
};

let stopping = false;
/** Read through a call: `stop` sets it from a signal or stdin handler, which type narrowing cannot see. */
const isStopping = (): boolean => stopping;
let closeStdio: (() => Promise<void>) | undefined;
// MCP on stdio closes first: no tool call starts while executions drain, and calls still waiting are aborted
// (they answer nothing rather than write to stdout during shutdown).
const shutdown = async (): Promise<void> => {
  await closeStdio?.();
  if (loading) await (await started.promise).close();
};
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info(
    { signal, graceMs: config.shutdownGraceMs },
    'shutting down: letting running executions finish',
  );
  shutdown().then(
    () => {
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => {
  stop('SIGTERM');
});
process.once('SIGINT', () => {
  stop('SIGINT');
});

try {
  const early = takeEarlyStdio();
  const stdio = servesStdio(config.mcpStdio)
    ? (early ?? new EarlyStdioTransport({ handshake: loadHandshake() }))
    : undefined;
  if (early !== undefined && stdio === undefined) await early.close();
  if (stdio === undefined) load();
  else {
    stdio.whenWanted(load);
    setTimeout(load, HEAD_START_MS);
    // When stdin ends, the agent that spawned kubegate has gone: stop, so no orphan keeps the port.
    process.stdin.once('end', () => {
      stop('stdin closed');
    });
    process.stdin.once('close', () => {
      stop('stdin closed');
    });
  }
  const kubegate = await started.promise;
  describeStartup(logger, config, kubegate);
  kubegate.kubernetes.then(
    (kubernetes) => {
      describeKubernetes(logger, kubernetes);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'the Kubernetes stack did not load: proposals and reads are refused');
    },
  );
  // Not once shutting down (stdin closed, or a signal, while the rest was loading): no new tool call may start.
  if (stdio !== undefined && !isStopping()) {
    const requester = { principal: config.mcpRequester };
    const { serveStdio } = await import('./mcp/stdio.ts');
    closeStdio = await serveStdio({ service: kubegate.service, requester }, stdio);
    logger.info(
      { requester: requester.principal },
      'MCP on stdio: stdout carries JSON-RPC only; kubegate stops when stdin closes',
    );
  }
  // SIGHUP reloads the policy file, as daemons reload their configuration; a bad file changes nothing.
  process.on('SIGHUP', () => {
    if (config.policyFile === undefined) {
      logger.info('SIGHUP: no POLICY_FILE to reload (APPROVERS is read at start only)');
      return;
    }
    const reloaded = kubegate.reloadPolicy();
    if (reloaded.ok)
      logger.info(
        { rules: reloaded.value.rules.map((r) => r.name) },
        'policy reloaded; pending proposals keep the rules they were created under',
      );
    else logger.error({ issues: reloaded.error }, 'policy file is invalid: the policy in force is unchanged');
  });
} catch (error) {
  logger.fatal({ err: error }, 'kubegate failed to start');
  logger.flush();
  process.exit(1);
}
