import { LogLevel, type Logger as BoltLogger } from '@slack/logger';
import type { Logger } from '../observability/log.ts';

/** Bolt's logger interface on top of kubegate's pino logger, so Slack's logs go to stderr with the rest. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => {
      child.debug(text(msg));
    },
    info: (...msg) => {
      child.info(text(msg));
    },
    warn: (...msg) => {
      child.warn(text(msg));
    },
    error: (...msg) => {
      child.error(text(msg));
    },
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
