import { createHash, randomBytes } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { ROUTING } from '../api/routing.ts';
import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { verifiedActor, type AuthConfig } from '../api/auth.ts';

export interface SignInConfig {
  /** HMPPS Auth's authorisation endpoint (in development, the stand-in's persona picker). */
  authorizeUrl: string;
  /** Where codes are exchanged for tokens; reached server to server. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** This service's callback, registered with HMPPS Auth. */
  callbackUrl: string;
  /** Where signing out also ends the HMPPS Auth session, if anywhere. */
  signOutUrl?: string;
}

/** How long a sign-in may take from leaving for HMPPS Auth to coming back; a session that never comes back goes then. */
export const UNFINISHED_SIGN_IN_MS = 10 * 60_000;

const random = () => randomBytes(32).toString('base64url');

/** Is this a valid id token from the issuer, for this client, carrying this sign-in's nonce. */
export async function idTokenFor(
  idToken: string | undefined,
  keys: JWTVerifyGetKey,
  expected: { issuer: string; clientId: string; nonce: string; clockToleranceSeconds: number },
): Promise<boolean> {
  if (!idToken) return false;
  return jwtVerify(idToken, keys, {
    issuer: expected.issuer,
    audience: expected.clientId,
    clockTolerance: expected.clockToleranceSeconds,
    algorithms: ['RS256', 'ES256'],
  })
    .then(({ payload }) => typeof payload.nonce === 'string' && payload.nonce === expected.nonce)
    .catch(() => false);
}

/** Only a path on this site: a returnTo naming another site would be an open redirect. */
const localPath = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : '/';

/**
 * Sign-in by OAuth 2's authorisation-code flow (RFC 6749 §4.1): to HMPPS Auth with a one-time
 * state, a PKCE S256 code challenge (RFC 7636) and an OpenID Connect nonce; back with a code, the
 * code exchanged server to server with the code verifier; the id token must carry our nonce, and
 * the access token is verified exactly as the API verifies a bearer token. The session then holds
 * the actor until the token expires. The session row is written when a sign-in starts, and lives
 * only minutes until it finishes.
 */
export function signInRoutes({
  config,
  auth,
  keys,
}: {
  config: SignInConfig;
  auth: AuthConfig;
  keys: JWTVerifyGetKey;
}): Router {
  const router = Router(ROUTING);
  router.get('/sign-in', (req, res) => {
    const state = random();
    const verifier = random();
    const nonce = random();
    // Several sign-ins may be under way in one browser (two tabs): each state keeps its own way back.
    req.session.signIns = [
      ...(req.session.signIns ?? []).slice(-4),
      { state, verifier, nonce, returnTo: localPath(req.query.returnTo) },
    ];
    // Not signed in yet: the row goes in minutes unless the sign-in finishes (which makes a new session).
    if (!req.session.user) req.session.cookie.maxAge = UNFINISHED_SIGN_IN_MS;
    const target = new URL(config.authorizeUrl);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    target.search = new URLSearchParams({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: config.callbackUrl,
      scope: 'openid',
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    res.redirect(target.toString());
  });

  router.get('/sign-in/callback', async (req, res, next) => {
    const { code, state } = req.query as Record<string, string | undefined>;
    const pending = (req.session.signIns ?? []).find((s) => s.state === state);
    req.session.signIns = (req.session.signIns ?? []).filter((s) => s !== pending);
    if (!code || !state || !pending)
      return void res
        .status(400)
        .render('error', { title: 'Sign-in failed', message: 'The sign-in could not be completed. Please try again.' });
    try {
      const response = await fetch(config.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: config.callbackUrl,
          code_verifier: pending.verifier,
        }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok)
        return void res.status(401).render('error', {
          title: 'Sign-in failed',
          message: 'The sign-in service did not accept this sign-in. Please try again.',
        });
      const { access_token: token, id_token: idToken } = (await response.json()) as {
        access_token?: string;
        id_token?: string;
      };
      // The id token is for this client and carries the nonce this sign-in sent: a token minted for another sign-in is refused.
      if (
        !(await idTokenFor(idToken, keys, {
          issuer: auth.issuer,
          clientId: config.clientId,
          nonce: pending.nonce,
          clockToleranceSeconds: auth.clockToleranceSeconds,
        }))
      )
        return void res.status(401).render('error', {
          title: 'Sign-in failed',
          message: 'The sign-in service’s answer was not for this sign-in. Please try again.',
        });
      const user = await verifiedActor(auth, keys, token ?? '');
      const returnTo = pending.returnTo;
      // A new session id on sign-in, so a session fixed before it is worth nothing after.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = user;
        res.redirect(303, returnTo);
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('release-guard.session');
      res.redirect(303, config.signOutUrl ?? '/signed-out');
    });
  });
  router.get('/signed-out', (_req, res) => res.render('signed-out', { title: 'You have signed out' }));
  return router;
}

/** Every page but sign-in's needs a signed-in user; one whose token has expired signs in again. */
export const requireUser: RequestHandler = (req, res, next) => {
  const user = req.session.user;
  if (user && user.expiresAt > Date.now()) {
    req.actor = user.actor;
    res.locals.user = { name: user.actor.username, roles: user.actor.roles, caseload: user.actor.caseload };
    return next();
  }
  // Only a page is sent to sign in: a favicon or a script that follows the redirect would start a sign-in of its own.
  const accept = req.get('accept')?.trim();
  const wantsPage = !accept || accept === '*/*' || accept.includes('text/html');
  if (req.method === 'GET' && wantsPage)
    return res.redirect(`/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`);
  res.status(401).render('error', {
    title: 'Sign in again',
    message: 'Your session has ended. Sign in again and repeat what you were doing.',
  });
};
