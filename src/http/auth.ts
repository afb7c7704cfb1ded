import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../approvals/model.ts';
import type { ApiToken } from '../config.ts';
import { problem, sendProblem } from './problem.ts';

/** Without configured tokens (only allowed on loopback) every caller is this local user. */
export const LOCAL_PRINCIPAL = 'api:local';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Finds the identity a bearer token belongs to, comparing every token in constant time. */
export function identify(tokens: readonly ApiToken[], presented: string): string | undefined {
  const presentedDigest = digest(presented);
  let match: string | undefined;
  for (const { identity, token } of tokens) {
    // Hashing first gives equal-length inputs, and the loop never exits early, so timing reveals nothing.
    if (timingSafeEqual(digest(token), presentedDigest)) match = identity;
  }
  return match;
}

export type Authenticator = (authorization: string | undefined) => Actor | undefined;

export function createAuthenticator(tokens: readonly ApiToken[]): Authenticator {
  return (authorization) => {
    if (tokens.length === 0) return { principal: LOCAL_PRINCIPAL };
    const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
    const identity = match?.[1] === undefined ? undefined : identify(tokens, match[1]);
    return identity === undefined ? undefined : { principal: `api:${identity}` };
  };
}

export function requireActor(authenticate: Authenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const actor = authenticate(req.headers.authorization);
    if (!actor) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="kubegate"');
      const detail = req.headers.authorization
        ? 'the bearer token is not valid'
        : 'send Authorization: Bearer <token>';
      sendProblem(res, problem(401, 'unauthenticated', 'Authentication required', detail));
      return;
    }
    res.locals.actor = actor;
    next();
  };
}

export const actorOf = (res: Response): Actor => res.locals.actor as Actor;
