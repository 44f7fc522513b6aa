import type { Queryable } from '../database/database.ts';
import type { CourtAction, DefendantDecision, HearingStore, StoredHearing } from '../../domain/court/hearing-store.ts';
import type { HearingResult } from '../../domain/court/hearing.ts';

interface HearingRow {
  hearing_id: string;
  version: number;
  digest: string;
  status: StoredHearing['status'];
  court_code: string | null;
  jurisdiction: string | null;
  errors: StoredHearing['errors'] | null;
  received_at: Date;
}

interface DecisionRow {
  defendant_id: string;
  case_urn: string;
  outcome: DefendantDecision['decision']['outcome'];
  prisoner_number: string | null;
  score: number | null;
  explanation: string[];
  candidates: DefendantDecision['decision']['candidates'];
  direction: 'INTO_CUSTODY' | 'OUT_OF_CUSTODY' | null;
  result_label: string | null;
  action: CourtAction | null;
  action_detail: string | null;
}

export function postgresHearingStore(db: Queryable): HearingStore {
  return {
    async receive(result: HearingResult, digest: string, by: string) {
      const { hearing, version } = result;
      const inserted = await db.query(
        `INSERT INTO court_hearings (hearing_id, version, digest, status, court_code, jurisdiction, body, received_by)
         VALUES ($1, $2, $3, 'RECEIVED', $4, $5, $6, $7) ON CONFLICT (hearing_id, version) DO NOTHING RETURNING hearing_id`,
        [hearing.id, version, digest, hearing.courtCentre.code, hearing.jurisdictionType, JSON.stringify(result), by],
      );
      if (inserted.length) return 'NEW';
      const [existing] = await db.query<{ digest: string }>(
        'SELECT digest FROM court_hearings WHERE hearing_id = $1 AND version = $2',
        [hearing.id, version],
      );
      return existing?.digest === digest ? 'SAME' : 'DIFFERENT';
    },

    async receiveMalformed(id, raw, errors, by) {
      await db.query(
        `INSERT INTO court_hearings (hearing_id, version, digest, status, errors, raw, received_by) VALUES ($1, 0, $1, 'MALFORMED', $2, $3, $4)
         ON CONFLICT (hearing_id, version) DO NOTHING`,
        [id, JSON.stringify(errors), raw, by],
      );
    },

    async body(hearingId, version) {
      const [row] = await db.query<{ body: HearingResult | null }>(
        'SELECT body FROM court_hearings WHERE hearing_id = $1 AND version = $2',
        [hearingId, version],
      );
      return row?.body ?? null;
    },

    async recordDecisions(hearingId, version, decisions) {
      await db.query(
        `INSERT INTO court_defendant_decisions (hearing_id, version, defendant_id, case_urn, outcome, prisoner_number, score, explanation, candidates, direction, result_label)
         SELECT $1, $2, d.defendant_id, d.case_urn, d.outcome, d.prisoner_number, d.score, d.explanation, d.candidates, d.direction, d.result_label
         FROM jsonb_to_recordset($3::jsonb) AS d(defendant_id text, case_urn text, outcome text, prisoner_number text, score double precision, explanation jsonb, candidates jsonb, direction text, result_label text)
         ON CONFLICT (hearing_id, version, defendant_id) DO NOTHING`,
        [
          hearingId,
          version,
          JSON.stringify(
            decisions.map((d) => ({
              defendant_id: d.defendantId,
              case_urn: d.caseUrn,
              outcome: d.decision.outcome,
              prisoner_number: d.decision.prisonerNumber ?? null,
              score: d.decision.score ?? null,
              explanation: d.decision.explanation,
              candidates: d.decision.candidates,
              direction: d.change?.direction ?? null,
              result_label: d.change?.label ?? null,
            })),
          ),
        ],
      );
      await db.query(`UPDATE court_hearings SET status = 'MATCHED' WHERE hearing_id = $1 AND version = $2`, [
        hearingId,
        version,
      ]);
    },

    async recordAction(hearingId, version, defendantId, action, detail) {
      await db.query(
        'UPDATE court_defendant_decisions SET action = $4, action_detail = $5, acted_at = now() WHERE hearing_id = $1 AND version = $2 AND defendant_id = $3',
        [hearingId, version, defendantId, action, detail],
      );
    },

    async attention(limit) {
      const malformed = await db.query<{
        hearing_id: string;
        received_at: Date;
        received_by: string;
        errors: { field: string; message: string }[] | null;
      }>(
        `SELECT hearing_id, received_at, received_by, errors FROM court_hearings WHERE status = 'MALFORMED' ORDER BY received_at DESC LIMIT $1`,
        [limit],
      );
      const held = await db.query<{
        hearing_id: string;
        version: number;
        defendant_id: string;
        case_urn: string;
        outcome: string;
        action_detail: string | null;
        explanation: string[];
        decided_at: Date;
      }>(
        `SELECT hearing_id, version, defendant_id, case_urn, outcome, action_detail, explanation, decided_at FROM court_defendant_decisions WHERE action = 'HELD_FOR_UNIT' ORDER BY decided_at DESC LIMIT $1`,
        [limit],
      );
      return {
        malformed: malformed.map((m) => ({
          hearingId: m.hearing_id,
          receivedAt: new Date(m.received_at).toISOString(),
          receivedBy: m.received_by,
          errors: m.errors ?? [],
        })),
        heldForUnit: held.map((h) => ({
          hearingId: h.hearing_id,
          version: h.version,
          defendantId: h.defendant_id,
          caseUrn: h.case_urn,
          outcome: h.outcome,
          ...(h.action_detail ? { actionDetail: h.action_detail } : {}),
          explanation: h.explanation,
          decidedAt: new Date(h.decided_at).toISOString(),
        })),
      };
    },

    async watermark(source) {
      const [row] = await db.query<{ pulled_until: Date }>(
        'SELECT pulled_until FROM court_pull_watermarks WHERE source = $1',
        [source],
      );
      return row ? new Date(row.pulled_until).toISOString() : null;
    },

    async setWatermark(source, until) {
      await db.query(
        `INSERT INTO court_pull_watermarks (source, pulled_until) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET pulled_until = greatest(court_pull_watermarks.pulled_until, excluded.pulled_until), updated_at = now()`,
        [source, until],
      );
    },

    async read(hearingId, version) {
      const [row] = await db.query<HearingRow>('SELECT * FROM court_hearings WHERE hearing_id = $1 AND version = $2', [
        hearingId,
        version,
      ]);
      if (!row) return null;
      const decisions = await db.query<DecisionRow>(
        'SELECT * FROM court_defendant_decisions WHERE hearing_id = $1 AND version = $2 ORDER BY case_urn, defendant_id',
        [hearingId, version],
      );
      return {
        hearingId: row.hearing_id,
        version: row.version,
        status: row.status,
        ...(row.court_code ? { courtCode: row.court_code } : {}),
        ...(row.jurisdiction ? { jurisdiction: row.jurisdiction } : {}),
        ...(row.errors ? { errors: row.errors } : {}),
        receivedAt: new Date(row.received_at).toISOString(),
        defendants: decisions.map((d) => ({
          defendantId: d.defendant_id,
          caseUrn: d.case_urn,
          decision: {
            outcome: d.outcome,
            ...(d.prisoner_number ? { prisonerNumber: d.prisoner_number } : {}),
            ...(d.score !== null ? { score: Number(d.score) } : {}),
            explanation: d.explanation,
            candidates: d.candidates,
          },
          change: d.direction ? { direction: d.direction, label: d.result_label ?? '' } : null,
          ...(d.action ? { action: d.action } : {}),
          ...(d.action_detail ? { actionDetail: d.action_detail } : {}),
        })),
      };
    },
  };
}
