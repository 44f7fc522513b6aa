import { createHash } from 'node:crypto';
import type { Queryable } from '../infra/database/database.ts';

/** How long a form's submission id is remembered: longer than anyone leaves a form open. */
const REMEMBERED_HOURS = 24;

export interface SubmissionClaims {
  /** True for the first submission of this id by this user to this path; false for any repeat. */
  claim(username: string, path: string, submissionId: string): Promise<boolean>;
  /** Forget a claim whose submission was refused, so the corrected form may be sent again. */
  release(username: string, path: string, submissionId: string): Promise<void>;
}

/**
 * Submission ids already used, in the sessions table as rows of their own (`submission:` and a
 * digest, which no session cookie can name: session ids are signed and have no colon). Its rows
 * already expire and are swept, and one table means no migration to race the other branches'.
 * The primary key makes the claim atomic, across API processes too: of two submits sent at once,
 * one wins.
 */
export function submissionClaims(db: Queryable): SubmissionClaims {
  const sid = (username: string, path: string, id: string) =>
    `submission:${createHash('sha256').update(`${username}\n${path}\n${id}`).digest('base64url')}`;
  return {
    async claim(username, path, submissionId) {
      const rows = await db.query(
        `INSERT INTO web_sessions (sid, data, expires_at) VALUES ($1, '{}'::jsonb, now() + interval '${REMEMBERED_HOURS} hours') ON CONFLICT (sid) DO NOTHING RETURNING sid`,
        [sid(username, path, submissionId)],
      );
      return rows.length === 1;
    },
    async release(username, path, submissionId) {
      await db.query('DELETE FROM web_sessions WHERE sid = $1', [sid(username, path, submissionId)]);
    },
  };
}
