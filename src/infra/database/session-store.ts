import session from 'express-session';
import type { Queryable } from './database.ts';

const DAY_MS = 24 * 3_600_000;

/**
 * express-session's store on the register's database (PostgreSQL, or the embedded one): sessions
 * survive a restart and are shared by every API process. Expired rows are ignored when read and
 * swept now and then when written.
 */
export class DatabaseSessionStore extends session.Store {
  private writes = 0;

  constructor(private readonly db: Queryable) {
    super();
  }

  private expiry(data: session.SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + DAY_MS);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db
      .query<{ data: session.SessionData }>('SELECT data FROM web_sessions WHERE sid = $1 AND expires_at > now()', [
        sid,
      ])
      .then((rows) => callback(null, rows[0]?.data ?? null), callback);
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.writes += 1;
    const sweep =
      this.writes % 100 === 0
        ? this.db.query('DELETE FROM web_sessions WHERE expires_at < now()')
        : Promise.resolve([]);
    sweep
      .then(() =>
        this.db.query(
          'INSERT INTO web_sessions (sid, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at',
          [sid, JSON.stringify(data), this.expiry(data).toISOString()],
        ),
      )
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db.query('DELETE FROM web_sessions WHERE sid = $1', [sid]).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.db
      .query('UPDATE web_sessions SET expires_at = $2 WHERE sid = $1', [sid, this.expiry(data).toISOString()])
      .then(
        () => callback?.(),
        () => callback?.(),
      );
  }
}
