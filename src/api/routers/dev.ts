import { Router } from 'express';
import type { DevIssuer } from '../../infra/dev-issuer.ts';
import type { MailCatcher } from '../../infra/mail-catcher.ts';
import { escapeHtml, londonTime } from '../../domain/format.ts';
import { oauthStandIn, type StandInOptions } from './oauth-stand-in.ts';
import { ROUTING } from '../routing.ts';

/** Development-only routes: the mail catcher's inbox, the dev issuer's JWKS and sign-in. Never mounted in production. */
export function devRouter(deps: {
  mailCatcher?: MailCatcher;
  issuer?: DevIssuer;
  signIn?: Omit<StandInOptions, 'sign' | 'signIdToken'>;
}): Router {
  const router = Router(ROUTING);
  if (deps.issuer) {
    const { jwks } = deps.issuer;
    router.get('/auth/jwks.json', (_req, res) => void res.json(jwks));
    const issuer = deps.issuer;
    // The pages' sign-in, as HMPPS Auth would do it: a persona picker where its sign-in page would be.
    if (deps.signIn)
      router.use(
        '/auth',
        oauthStandIn({
          ...deps.signIn,
          sign: (p) => issuer.sign({ user: p.user, roles: p.roles, caseload: p.caseload }),
          signIdToken: (p, nonce) => issuer.signIdToken({ user: p.user, clientId: deps.signIn!.clientId, nonce }),
        }),
      );
  }
  if (deps.mailCatcher) {
    const catcher = deps.mailCatcher;
    router.get('/mail.json', (_req, res) => void res.json(catcher.messages()));
    router.get('/mail', (_req, res) => {
      const rows = catcher
        .messages()
        .reverse()
        .map(
          (m) =>
            `<tr><td>${escapeHtml(londonTime(m.receivedAt))}</td><td>${escapeHtml(m.to.join(', '))}</td><td>${escapeHtml(m.subject ?? '')}</td><td><pre>${escapeHtml(m.text ?? '')}</pre></td></tr>`,
        );
      res.type('html')
        .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mail</title></head><body>
<h1>Mail caught by the development SMTP server</h1><p>${rows.length} message(s). Nothing here was really sent.</p>
<table border="1" cellpadding="4"><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>Body</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`);
    });
  }
  return router;
}
