import type { Queryable } from '../database/database.ts';
import type { InboxDocument, InboxMessage, InboxStore } from '../../domain/inbox/inbox.ts';

interface MessageRow {
  id: string;
  received_at: Date;
  mail_from: string | null;
  subject: string | null;
  size: number;
  status: InboxMessage['status'];
  outcome: string | null;
  prisoner_number: string | null;
  extracted: InboxMessage['extracted'] | null;
  explanation: string[] | null;
}
interface DocumentRow {
  message_id: string;
  position: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  text_read: boolean;
  problem: string | null;
}

const toDocument = (d: DocumentRow): InboxDocument => ({
  position: d.position,
  filename: d.filename,
  contentType: d.content_type,
  size: d.size,
  sha256: d.sha256,
  textRead: d.text_read,
  ...(d.problem ? { problem: d.problem } : {}),
});

export function postgresInboxStore(db: Queryable): InboxStore {
  const withDocuments = async (rows: MessageRow[]): Promise<InboxMessage[]> => {
    if (!rows.length) return [];
    const docs = await db.query<DocumentRow>(
      'SELECT message_id, position, filename, content_type, size, sha256, text_read, problem FROM inbox_documents WHERE message_id = ANY($1) ORDER BY position',
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      receivedAt: new Date(r.received_at).toISOString(),
      ...(r.mail_from ? { from: r.mail_from } : {}),
      ...(r.subject ? { subject: r.subject } : {}),
      size: r.size,
      status: r.status,
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(r.prisoner_number ? { prisonerNumber: r.prisoner_number } : {}),
      ...(r.extracted ? { extracted: r.extracted } : {}),
      ...(r.explanation ? { explanation: r.explanation } : {}),
      documents: docs.filter((d) => d.message_id === r.id).map(toDocument),
    }));
  };
  const COLUMNS = 'id, received_at, mail_from, subject, size, status, outcome, prisoner_number, extracted, explanation';
  return {
    async keep(m) {
      const rows = await db.query(
        `INSERT INTO inbox_messages (id, mail_from, subject, size, raw, status, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [m.id, m.from ?? null, m.subject ?? null, m.size, m.raw, m.status, m.outcome ?? null],
      );
      return rows.length > 0;
    },
    async raw(id) {
      const [row] = await db.query<{ raw: Buffer | Uint8Array | null }>(
        'SELECT raw FROM inbox_messages WHERE id = $1',
        [id],
      );
      return row?.raw ? Buffer.from(row.raw) : null;
    },
    async keepDocuments(id, documents) {
      for (const d of documents) {
        await db.query(
          `INSERT INTO inbox_documents (message_id, position, filename, content_type, size, sha256, content, text_read, problem) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (message_id, position) DO NOTHING`,
          [id, d.position, d.filename, d.contentType, d.size, d.sha256, d.content, d.textRead, d.problem ?? null],
        );
      }
    },
    async file(id, r) {
      await db.query(
        'UPDATE inbox_messages SET status = $2, outcome = $3, prisoner_number = $4, extracted = $5, explanation = $6, mail_from = COALESCE(mail_from, $7), processed_at = now() WHERE id = $1',
        [
          id,
          r.status,
          r.outcome,
          r.prisonerNumber ?? null,
          JSON.stringify(r.extracted),
          JSON.stringify(r.explanation),
          r.from?.slice(0, 320) ?? null,
        ],
      );
    },
    async earlierFromSender(id, sender, minutes) {
      // Earlier by arrival (then id), so a retry of the same message counts the same.
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox_messages m, (SELECT received_at, id FROM inbox_messages WHERE id = $1) me
          WHERE lower(m.mail_from) = lower($2) AND m.received_at > me.received_at - make_interval(mins => $3::int) AND (m.received_at, m.id) < (me.received_at, me.id)`,
        [id, sender, minutes],
      );
      return row?.n ?? 0;
    },
    async read(id) {
      return (
        (
          await withDocuments(await db.query<MessageRow>(`SELECT ${COLUMNS} FROM inbox_messages WHERE id = $1`, [id]))
        )[0] ?? null
      );
    },
    async triage(limit) {
      return withDocuments(
        await db.query<MessageRow>(
          `SELECT ${COLUMNS} FROM inbox_messages WHERE status IN ('TRIAGE', 'OVERSIZED') ORDER BY received_at LIMIT $1`,
          [limit],
        ),
      );
    },
  };
}
