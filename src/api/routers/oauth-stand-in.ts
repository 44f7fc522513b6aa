import { createHash, randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { escapeHtml } from '../../domain/format.ts';
import { ROUTING } from '../routing.ts';

/** Someone to sign in as, in development and in tests. */
export interface Persona {
  id: string;
  label: string;
  user: string;
  roles: string[];
  caseload: string[];
}

/** The people of the service, one of each kind, at Moorland (MDI) and Leeds (LEI). */
export const DEV_PERSONAS: readonly Persona[] = [
  {
    id: 'mdi-officer',
    label: 'Prison officer, Moorland (MDI)',
    user: 'mdi.officer',
    roles: ['PRISON_STAFF'],
    caseload: ['MDI'],
  },
  {
    id: 'mdi-governor',
    label: 'Duty governor, Moorland (MDI)',
    user: 'mdi.governor',
    roles: ['DUTY_GOVERNOR'],
    caseload: ['MDI'],
  },
  {
    id: 'lei-officer',
    label: 'Prison officer, Leeds (LEI)',
    user: 'lei.officer',
    roles: ['PRISON_STAFF'],
    caseload: ['LEI'],
  },
  {
    id: 'expert',
    label: 'Court expert, urgent warrant query unit',
    user: 'court.expert',
    roles: ['COURT_EXPERT'],
    caseload: [],
  },
  {
    id: 'lead',
    label: 'Team leader, urgent warrant query unit',
    user: 'team.lead',
    roles: ['QUERY_UNIT_LEAD'],
    caseload: [],
  },
  { id: 'vlo', label: 'Victim Liaison Officer', user: 'vic.liaison', roles: ['VICTIM_LIAISON'], caseload: [] },
  {
    id: 'escort',
    label: 'Escort contractor, at court for Moorland (MDI)',
    user: 'escort.officer',
    roles: ['ESCORT_CONTRACTOR'],
    caseload: ['MDI'],
  },
];

export interface StandInOptions {
  /** Signs an access token for the persona chosen. */
  sign: (persona: Persona) => Promise<string>;
  /** Signs an OpenID Connect id token for the persona, carrying the nonce the sign-in sent. */
  signIdToken: (persona: Persona, nonce: string) => Promise<string>;
  clientId: string;
  clientSecret: string;
  /** Where codes may be sent: the registered redirect URIs. */
  redirectUris: string[];
  personas?: readonly Persona[];
}

const page = (
  title: string,
  body: string,
) => `<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/assets/css/govuk-frontend.min.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">${body}</main></div></body></html>`;

/** RFC 7636's S256: the challenge is the verifier's SHA-256, base64url. */
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * A stand-in for HMPPS Auth's authorisation-code flow, speaking its protocol (RFC 6749 §4.1, with
 * PKCE, RFC 7636, and OpenID Connect's nonce): `GET /authorize` shows a persona picker where HMPPS
 * Auth shows its sign-in page, and takes only an S256 code challenge and a nonce; `POST /authorize`
 * sends a one-time code to the registered redirect URI; `POST /token` exchanges the code, with the
 * client's credentials and the code verifier whose S256 is the challenge, for an access token and
 * an id token carrying the nonce, both signed by the development issuer. Strict on purpose: a
 * client that skips PKCE or the nonce fails here as it should fail in production. Never mounted in
 * production.
 */
export function oauthStandIn(options: StandInOptions): Router {
  const personas = options.personas ?? DEV_PERSONAS;
  const codes = new Map<
    string,
    { persona: Persona; redirectUri: string; challenge: string; nonce: string; expires: number }
  >();
  const router = Router(ROUTING);
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const badRequest = (res: express.Response, why: string) =>
    res
      .status(400)
      .type('html')
      .send(
        page(
          'Sign-in failed',
          `<h1 class="govuk-heading-l">Sign-in failed</h1><p class="govuk-body">${escapeHtml(why)}</p>`,
        ),
      );

  router.get('/authorize', (req, res) => {
    const {
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      response_type: responseType,
      code_challenge: challenge,
      code_challenge_method: method,
      nonce,
    } = req.query as Record<string, string | undefined>;
    if (
      responseType !== 'code' ||
      clientId !== options.clientId ||
      !redirectUri ||
      !options.redirectUris.includes(redirectUri)
    )
      return badRequest(res, 'This sign-in request is not from a known service.');
    if (method !== 'S256' || !challenge || !/^[\w-]{43}$/.test(challenge) || !nonce)
      return badRequest(res, 'This sign-in request has no S256 code challenge or no nonce.');
    const choices = personas
      .map(
        (
          p,
          i,
        ) => `<div class="govuk-radios__item"><input class="govuk-radios__input" id="persona-${i}" name="persona" type="radio" value="${escapeHtml(p.id)}"${i === 0 ? ' checked' : ''}>
<label class="govuk-label govuk-radios__label" for="persona-${i}">${escapeHtml(p.label)}</label></div>`,
      )
      .join('');
    res.type('html').send(
      page(
        'Sign in - development',
        `<h1 class="govuk-heading-l">Sign in (development)</h1>
<p class="govuk-body">In production this is HMPPS Auth's sign-in page. Here, choose who to be.</p>
<form method="post"><input type="hidden" name="client_id" value="${escapeHtml(clientId)}"><input type="hidden" name="code_challenge" value="${escapeHtml(challenge)}"><input type="hidden" name="nonce" value="${escapeHtml(nonce)}"><input type="hidden" name="redirect_uri" value="${escapeHtml(redirectUri)}"><input type="hidden" name="state" value="${escapeHtml(state ?? '')}">
<div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Who are you?</legend><div class="govuk-radios" data-module="govuk-radios">${choices}</div></fieldset></div>
<button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button></form>`,
      ),
    );
  });

  router.post('/authorize', form, (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const persona = personas.find((p) => p.id === body.persona);
    if (
      !persona ||
      body.client_id !== options.clientId ||
      !body.redirect_uri ||
      !options.redirectUris.includes(body.redirect_uri)
    )
      return badRequest(res, 'Choose who to sign in as.');
    if (!body.code_challenge || !body.nonce)
      return badRequest(res, 'This sign-in request has no code challenge or no nonce.');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      persona,
      redirectUri: body.redirect_uri,
      challenge: body.code_challenge,
      nonce: body.nonce,
      expires: Date.now() + 60_000,
    });
    const target = new URL(body.redirect_uri);
    target.searchParams.set('code', code);
    if (body.state) target.searchParams.set('state', body.state);
    res.redirect(303, target.toString());
  });

  router.post('/token', form, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const [id, secret] = Buffer.from((req.header('authorization') ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    if (id !== options.clientId || secret !== options.clientSecret)
      return void res.status(401).json({ error: 'invalid_client' });
    const issued = body.code ? codes.get(body.code) : undefined;
    if (body.code) codes.delete(body.code); // one use, whatever happens next
    if (
      body.grant_type !== 'authorization_code' ||
      !issued ||
      issued.expires < Date.now() ||
      issued.redirectUri !== body.redirect_uri
    )
      return void res.status(400).json({ error: 'invalid_grant' });
    // PKCE: only whoever started this sign-in holds the verifier, so a code stolen on the way back is worth nothing.
    if (!body.code_verifier || pkceChallenge(body.code_verifier) !== issued.challenge)
      return void res
        .status(400)
        .json({ error: 'invalid_grant', error_description: 'code_verifier does not match the code challenge' });
    res.json({
      access_token: await options.sign(issued.persona),
      id_token: await options.signIdToken(issued.persona, issued.nonce),
      token_type: 'bearer',
      expires_in: 3600,
    });
  });
  return router;
}
