import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Actor } from '../domain/actors.ts';
import type { Queryable } from '../infra/database/database.ts';
import { DatabaseSessionStore } from '../infra/database/session-store.ts';

/** What a signed-in session holds: who, until when, and a journey's answers between its pages. */
declare module 'express-session' {
  interface SessionData {
    user?: { actor: Actor; expiresAt: number };
    /** Sign-ins under way: the state sent to HMPPS Auth, and where to go once back. */
    signIns?: { state: string; verifier: string; nonce: string; returnTo: string }[];
    raise?: Record<string, string>;
    flash?: { title: string; html?: string; text?: string };
  }
}

/** Sessions in the register's database; the cookie is httpOnly, lax, and secure over https. */
export function sessions({ db, secret, secure }: { db: Queryable; secret: string; secure: boolean }): RequestHandler {
  return session({
    name: 'release-guard.session',
    store: new DatabaseSessionStore(db),
    secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: secure,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: 8 * 3_600_000 },
  });
}
