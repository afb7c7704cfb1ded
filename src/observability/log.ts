import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

// Anything that may carry a credential, wherever it sits in a logged object.
const REDACT = [
  'token',
  'apiTokens',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.token',
  '*.apiTokens',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
];

/** Logs go to stderr (fd 2): stdout carries MCP's JSON-RPC when kubegate runs on stdio. */
export function createLogger(options: { level: string; pretty: boolean }): Logger {
  const base = { level: options.level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}
