import type { NextFunction, Request, Response } from 'express';
import { isLoopback } from '../config.ts';
import { problem, sendProblem } from './problem.ts';

export type BrowserGuardOptions = {
  /** kubegate is bound to a loopback address: only loopback names (and ALLOWED_HOSTS) may appear in Host. */
  readonly loopbackBind: boolean;
  /** ALLOWED_HOSTS: names besides the loopback ones that the API answers to. */
  readonly allowedHosts: readonly string[];
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `localhost:3100` → `localhost`; `[::1]:3100` → `::1`. */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed?.[1] !== undefined) return bracketed[1].toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/**
 * What a web page in the user's browser must not do to the API (the curl flow carries neither header, and is
 * unaffected):
 * - DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches the API with
 *   `Host: evil.example`. Bound to loopback (or with ALLOWED_HOSTS), only known names are answered.
 * - Cross-site requests: any site can make the browser POST to localhost:3100 (a form needs no CORS). A
 *   state-changing request whose `Origin` is not this server, or that the browser marks `Sec-Fetch-Site:
 *   cross-site`, is refused.
 * @see https://fetch.spec.whatwg.org/#http-origin
 * @see https://www.w3.org/TR/fetch-metadata/
 */
export function guardBrowserRequests(options: BrowserGuardOptions) {
  const allowed = new Set(options.allowedHosts);
  const checksHost = options.loopbackBind || allowed.size > 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host ?? '';
    const name = hostnameOf(host);
    if (checksHost && !isLoopback(name) && !allowed.has(name)) {
      const fix = 'a name that should reach kubegate belongs in ALLOWED_HOSTS';
      sendProblem(
        res,
        problem(
          403,
          'forbidden-host',
          'Unknown Host',
          `kubegate does not answer to Host "${host}" (DNS-rebinding protection); ${fix}`,
        ),
      );
      return;
    }
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (site === 'cross-site' || (origin !== undefined && !sameOrigin(origin, host))) {
      const from = origin ?? 'another site';
      sendProblem(
        res,
        problem(
          403,
          'cross-site',
          'Cross-site request refused',
          `a ${req.method} from ${from} may not change approvals; use kubegate's own page or an API client`,
        ),
      );
      return;
    }
    next();
  };
}

/** An Origin matches when it names this very server; `null` (sandboxed frames, file: pages) never does. */
function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase()
    );
  } catch {
    return false;
  }
}
