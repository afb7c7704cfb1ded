import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../observability/log.ts';

// Slack's rule: a request more than five minutes from now is a replay risk.
// @see https://docs.slack.dev/authentication/verifying-requests-from-slack#validating-a-request
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Bolt refuses a signed request whose timestamp is more than five minutes old, but accepts one timestamped in the
 * future: a captured or pre-signed request could then be replayed for as long as its timestamp lies ahead. This
 * runs before Bolt's receiver (it reads only the header, so the raw body Bolt verifies is untouched) and refuses
 * either side of the window the same way.
 */
export function refuseSkewedRequests(
  path: string,
  logger: Logger,
  nowSeconds: () => number = () => Date.now() / 1000,
): express.Router {
  const router = express.Router();
  router.post(path, (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    // A missing or malformed timestamp is Bolt's to refuse (it answers 401 for those too).
    if (!Number.isFinite(timestamp) || Math.abs(nowSeconds() - timestamp) <= MAX_SKEW_SECONDS) {
      next();
      return;
    }
    logger.warn(
      { skewSeconds: Math.round(timestamp - nowSeconds()) },
      'refused a Slack request timestamped more than 5 minutes from now',
    );
    res.status(401).type('text/plain').send('invalid request: the timestamp is more than 5 minutes from now');
  });
  return router;
}
