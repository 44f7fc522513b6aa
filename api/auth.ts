import type { RequestHandler } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ROLES, hasRole, type Actor, type Role } from '../domain/actors.ts';
import { USER_NAME_PATTERN } from '../domain/identifiers.ts';
import { Problem, forbidden } from './problem.ts';

export interface AuthConfig {
  jwksUrl: string;
  issuer: string;
  caseloadClaim: string;
  /** The audience every token must name. */
  audience: string;
  clockToleranceSeconds: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const unauthorised = (detail: string) => new Problem(401, 'Unauthorized', detail);

/**
 * HMPPS Auth shape: `authorities: ['ROLE_X']`, `user_name` (or `client_id` for a client-credentials
 * service token). Only token roles are read: Release Guard's internal role can never come from a token.
 */
export function actorFromClaims(claims: Record<string, unknown>, caseloadClaim: string): Actor {
  const authorities = Array.isArray(claims.authorities) ? claims.authorities.map(String) : [];
  const roles = authorities.map((a) => a.replace(/^ROLE_/, '')).filter((r): r is Role => (TOKEN_ROLES as readonly string[]).includes(r));
  const rawCaseload = claims[caseloadClaim];
  const caseload = Array.isArray(rawCaseload)
    ? rawCaseload.map(String)
    : typeof rawCaseload === 'string'
      ? rawCaseload.split(',').map((s) => s.trim()).filter(Boolean)
      : [];
  const username = String(claims.user_name ?? claims.client_id ?? claims.sub ?? '');
  return { username, roles, caseload };
}

/**
 * The actor a signed token speaks for, or an error saying why not. Shared by the API (bearer
 * tokens) and the pages (the token from the sign-in's code exchange).
 */
export async function verifiedActor(config: AuthConfig, keys: JWTVerifyGetKey, token: string): Promise<{ actor: Actor; expiresAt: number }> {
  // A token without an expiry would be good for ever; one for another audience was meant for another service.
  const { payload } = await jwtVerify(token, keys, {
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp', 'aud'],
    clockTolerance: config.clockToleranceSeconds,
    algorithms: ['RS256', 'ES256'],
  }).catch(() => {
    throw unauthorised('The bearer token is invalid or has expired');
  });
  const actor = actorFromClaims(payload, config.caseloadClaim);
  if (!actor.username) throw unauthorised('The token names no user or client');
  // User names become email addresses and appear in timelines: nothing but a user name is accepted.
  if (!USER_NAME_PATTERN.test(actor.username)) throw unauthorised('The token’s user name is not a user name');
  return { actor, expiresAt: (payload.exp ?? 0) * 1000 };
}

/** The JWKS of the configured issuer, fetched and cached by jose. */
export const remoteKeys = (config: AuthConfig): JWTVerifyGetKey => createRemoteJWKSet(new URL(config.jwksUrl));

/** Verifies the bearer JWT against the issuer's JWKS and puts the actor on the request. */
export function authenticate(config: AuthConfig, keys: JWTVerifyGetKey = remoteKeys(config)): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(unauthorised('A bearer token is required'));
    try {
      req.actor = (await verifiedActor(config, keys, header.slice('Bearer '.length).trim())).actor;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw unauthorised('A bearer token is required');
  return req.actor;
}

/** Every route declares who may call it. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    next(hasRole(actor, ...roles) ? undefined : forbidden(`This needs one of the roles: ${roles.join(', ')}`));
  };
}
