import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ROLES, grantedBy, hasRole, type Actor, type Role } from '../domain/actors.ts';
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
  const roles = authorities
    .map((a) => a.replace(/^ROLE_/, ''))
    .filter((r): r is Role => (TOKEN_ROLES as readonly string[]).includes(r));
  const rawCaseload = claims[caseloadClaim];
  const caseload = Array.isArray(rawCaseload)
    ? rawCaseload.map(String)
    : typeof rawCaseload === 'string'
      ? rawCaseload
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const username = String(claims.user_name ?? claims.client_id ?? claims.sub ?? '');
  return { username, roles, caseload };
}

/**
 * The actor a signed token speaks for, or an error saying why not. Shared by the API (bearer
 * tokens) and the pages (the token from the sign-in's code exchange).
 */
export async function verifiedActor(
  config: AuthConfig,
  keys: JWTVerifyGetKey,
  token: string,
): Promise<{ actor: Actor; expiresAt: number }> {
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

/** How long a verified token is believed without checking its signature again, and how many are kept. */
export const VERIFIED_TOKENS = { ttlMs: 60_000, max: 10_000 };

/**
 * Verified tokens, remembered briefly by their hash. A desk asks again and again with one token,
 * and checking its signature every time was a quarter of a millisecond of the gate's answer. Only
 * a token that verified is kept, never past its own expiry, and the actor it gives is frozen, as
 * requests share it.
 */
export function verifiedTokenCache(
  verify: (token: string) => Promise<{ actor: Actor; expiresAt: number }>,
  { ttlMs, max, now }: { ttlMs: number; max: number; now: () => number } = { ...VERIFIED_TOKENS, now: Date.now },
): (token: string) => Promise<Actor> {
  const entries = new Map<string, { actor: Actor; until: number }>();
  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64');
    const hit = entries.get(key);
    if (hit && now() < hit.until) return hit.actor;
    entries.delete(key);
    const verified = await verify(token);
    const actor = Object.freeze({
      ...verified.actor,
      roles: Object.freeze([...verified.actor.roles]),
      caseload: Object.freeze([...verified.actor.caseload]),
    }) as Actor;
    // The oldest goes first when full: a Map iterates in the order its keys went in.
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(key, { actor, until: Math.min(verified.expiresAt, now() + ttlMs) });
    return actor;
  };
}

/** Verifies the bearer JWT against the issuer's JWKS and puts the actor on the request. */
export function authenticate(config: AuthConfig, keys: JWTVerifyGetKey = remoteKeys(config)): RequestHandler {
  const actorFor = verifiedTokenCache((token) => verifiedActor(config, keys, token));
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(unauthorised('A bearer token is required'));
    try {
      req.actor = await actorFor(header.slice('Bearer '.length).trim());
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

/**
 * Every route declares who may call it, and from there on the request acts with those roles only:
 * a permission reaches as far as the role that grants it, whatever else the token carries.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (!hasRole(actor, ...roles)) return next(forbidden(`This needs one of the roles: ${roles.join(', ')}`));
    req.actor = grantedBy(actor, roles);
    next();
  };
}
