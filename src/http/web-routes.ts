import express, { type RequestHandler } from 'express';
import { loadWebAssets } from '../web/assets.ts';

/**
 * No inline script or style, nothing from another origin, no framing (clickjacking an Approve button), and no
 * plugins: agent text that slipped into markup could still not run.
 * @see https://www.w3.org/TR/CSP3/
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/**
 * `GET /` and its two assets, served by kubegate itself (the machines may have no internet). The page calls the
 * same /api endpoints as curl; `guard` is the Host check the API has, so a DNS-rebinding name gets no page either.
 */
export function webRouter(options: { readonly guard?: RequestHandler } = {}): express.Router {
  const router = express.Router();
  for (const [path, asset] of loadWebAssets()) {
    router.get(path, ...(options.guard ? [options.guard] : []), (_req, res) => {
      res.set(SECURITY_HEADERS).type(asset.type).send(asset.body);
    });
  }
  return router;
}
