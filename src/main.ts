#!/usr/bin/env node
import { loadConfig } from './config.ts';
import { createLogger } from './observability/log.ts';
import { startKubegate } from './app.ts';
import { describeStartup } from './startup-report.ts';
import { loadPolicy } from './policy-file.ts';
import { serveStdio, stdinIsPipe } from './mcp/stdio.ts';

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

try {
  const kubegate = await startKubegate({ config, logger, policy: policy.value });
  describeStartup(logger, config, kubegate);
  let stopping = false;
  let closeStdio: (() => Promise<void>) | undefined;
  // MCP on stdio closes first: no tool call starts while executions drain, and calls still waiting are aborted
  // (they answer nothing rather than write to stdout during shutdown).
  const shutdown = async (): Promise<void> => {
    await closeStdio?.();
    await kubegate.close();
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
  if (config.mcpStdio === 'on' || (config.mcpStdio === 'auto' && stdinIsPipe())) {
    const requester = { principal: config.mcpRequester };
    closeStdio = await serveStdio({ service: kubegate.service, requester }, () => {
      stop('stdin closed');
    });
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
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
} catch (error) {
  logger.fatal({ err: error }, 'kubegate failed to start');
  logger.flush();
  process.exitCode = 1;
}
