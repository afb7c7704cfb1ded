import type { ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import type { Logger } from '../observability/log.ts';

/**
 * Bolt throws a TypeError while routing a signed but malformed payload (no user, a null channel…): that is the
 * sender's fault, answered 400 instead of Bolt's default 500. Other failures stay 500 and are logged as ours.
 */
export function processEventErrorHandler(logger: Logger) {
  return ({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (response.headersSent) {
      logger.error({ err: error }, 'a Slack listener failed after acknowledging');
      return Promise.resolve(false);
    }
    const malformed = error instanceof TypeError;
    if (malformed) logger.warn({ reason: error.message }, 'refused a malformed Slack payload');
    else logger.error({ err: error }, 'a Slack request failed');
    response.writeHead(malformed ? 400 : 500, { 'content-type': 'text/plain' });
    response.end(malformed ? 'malformed Slack payload' : 'kubegate failed to handle this Slack request');
    return Promise.resolve(malformed);
  };
}
