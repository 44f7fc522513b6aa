import type { Queryable, Database } from '../database/database.ts';
import { supersedes, type Alias, type Movement, type Prisoner } from '../../domain/register/prisoner.ts';
import type { Establishment, PrisonerRegister, PrisonerWrite, RegisterSearch } from '../../domain/register/register.ts';
import type { PrisonerStatus } from '../../domain/register/vocabulary.ts';

interface PrisonerRow {
  prisoner_number: string;
  first_name: string;
  middle_names: string | null;
  last_name: string;
  date_of_birth: string;
  pnc_number: string | null;
  cro_number: string | null;
  prison_code: string;
  status: PrisonerStatus;
  planned_release: Date | null;
  status_since: Date;
  aliases: { first_name: string; last_name: string; date_of_birth: string | null }[] | null;
}

/** Each prisoner with his aliases in one row, in position order. */
const SELECT_PRISONERS = `
  SELECT p.*, (
    SELECT json_agg(json_build_object('first_name', a.first_name, 'last_name', a.last_name, 'date_of_birth', a.date_of_birth) ORDER BY a.position)
    FROM prisoner_aliases a WHERE a.prisoner_number = p.prisoner_number
  ) AS aliases
  FROM prisoners p`;

const iso = (d: Date | string): string => new Date(d).toISOString();

function toPrisoner(row: PrisonerRow): Prisoner {
  return {
    prisonerNumber: row.prisoner_number,
    firstName: row.first_name,
    ...(row.middle_names ? { middleNames: row.middle_names } : {}),
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    ...(row.pnc_number ? { pncNumber: row.pnc_number } : {}),
    ...(row.cro_number ? { croNumber: row.cro_number } : {}),
    prisonCode: row.prison_code,
    status: row.status,
    ...(row.planned_release ? { plannedRelease: iso(row.planned_release) } : {}),
    statusSince: iso(row.status_since),
    aliases: (row.aliases ?? []).map((a): Alias => ({
      firstName: a.first_name,
      lastName: a.last_name,
      ...(a.date_of_birth ? { dateOfBirth: a.date_of_birth.slice(0, 10) } : {}),
    })),
  };
}

/** The establishment list changes a few times a year; every request checks against it, so it is cached briefly. */
const ESTABLISHMENT_CACHE_MS = 60_000;

export function postgresRegister(db: Database): PrisonerRegister {
  let establishmentCache: { at: number; list: Establishment[] } | null = null;
  const find = async (q: Queryable, prisonerNumber: string): Promise<Prisoner | null> => {
    const [row] = await q.query<PrisonerRow>(`${SELECT_PRISONERS} WHERE p.prisoner_number = $1`, [prisonerNumber]);
    return row ? toPrisoner(row) : null;
  };
  const establishments = async (): Promise<Establishment[]> => {
    if (establishmentCache && Date.now() - establishmentCache.at < ESTABLISHMENT_CACHE_MS)
      return establishmentCache.list;
    const list = await db.query<Establishment>('SELECT code, name FROM establishments ORDER BY code');
    establishmentCache = { at: Date.now(), list };
    return list;
  };

  return {
    find: (prisonerNumber) => find(db, prisonerNumber),

    async search(query: RegisterSearch) {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => `$${params.push(value)}`;
      if (query.prisonerNumber) where.push(`p.prisoner_number = ${param(query.prisonerNumber)}`);
      if (query.pncNumber) where.push(`p.pnc_number = ${param(query.pncNumber)}`);
      if (query.lastName) {
        // A name search looks at every name he has used, and at the date of birth of each.
        const last = param(query.lastName.toLowerCase());
        const first = query.firstName ? param(query.firstName.toLowerCase()) : null;
        const dob = query.dateOfBirth ? param(query.dateOfBirth) : null;
        const main = [
          `lower(p.last_name) = ${last}`,
          ...(first ? [`lower(p.first_name) = ${first}`] : []),
          ...(dob ? [`p.date_of_birth = ${dob}`] : []),
        ];
        const alias = [
          `lower(a.last_name) = ${last}`,
          ...(first ? [`lower(a.first_name) = ${first}`] : []),
          ...(dob ? [`coalesce(a.date_of_birth, p.date_of_birth) = ${dob}`] : []),
        ];
        where.push(
          `((${main.join(' AND ')}) OR EXISTS (SELECT 1 FROM prisoner_aliases a WHERE a.prisoner_number = p.prisoner_number AND ${alias.join(' AND ')}))`,
        );
      } else if (query.dateOfBirth) where.push(`p.date_of_birth = ${param(query.dateOfBirth)}`);
      if (query.prisonCodes) where.push(`p.prison_code = ANY(${param(query.prisonCodes)})`);
      if (query.leavingBetween) {
        const [from, to] = [param(query.leavingBetween.from), param(query.leavingBetween.to)];
        where.push(
          `((p.planned_release >= ${from} AND p.planned_release < ${to}) OR (p.status = 'RELEASED' AND p.status_since >= ${from}))`,
        );
      }
      const rows = await db.query<PrisonerRow>(
        `${SELECT_PRISONERS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.last_name, p.first_name, p.prisoner_number LIMIT ${param(Math.min(query.limit ?? 50, 200))}`,
        params,
      );
      return rows.map(toPrisoner);
    },

    async upsert(prisonerNumber: string, record: PrisonerWrite, by: string, asAt: string) {
      return db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO prisoners (prisoner_number, first_name, middle_names, last_name, date_of_birth, pnc_number, cro_number, prison_code, status, planned_release, status_since, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (prisoner_number) DO UPDATE SET
             first_name = excluded.first_name, middle_names = excluded.middle_names, last_name = excluded.last_name,
             date_of_birth = excluded.date_of_birth, pnc_number = excluded.pnc_number, cro_number = excluded.cro_number,
             planned_release = excluded.planned_release, updated_at = now(), updated_by = excluded.updated_by,
             -- Where he is moves only forward in time: a stale snapshot does not undo a newer movement.
             prison_code = CASE WHEN excluded.status_since >= prisoners.status_since THEN excluded.prison_code ELSE prisoners.prison_code END,
             status = CASE WHEN excluded.status_since >= prisoners.status_since THEN excluded.status ELSE prisoners.status END,
             status_since = greatest(prisoners.status_since, excluded.status_since)`,
          [
            prisonerNumber,
            record.firstName,
            record.middleNames ?? null,
            record.lastName,
            record.dateOfBirth,
            record.pncNumber ?? null,
            record.croNumber ?? null,
            record.prisonCode,
            record.status,
            record.plannedRelease ?? null,
            asAt,
            by,
          ],
        );
        await tx.query('DELETE FROM prisoner_aliases WHERE prisoner_number = $1', [prisonerNumber]);
        for (const [position, alias] of record.aliases.entries()) {
          await tx.query(
            'INSERT INTO prisoner_aliases (prisoner_number, position, first_name, last_name, date_of_birth) VALUES ($1, $2, $3, $4, $5)',
            [prisonerNumber, position, alias.firstName, alias.lastName, alias.dateOfBirth ?? null],
          );
        }
        return (await find(tx, prisonerNumber))!;
      });
    },

    async recordMovement(movement: Movement) {
      return db.transaction(async (tx) => {
        const current = await find(tx, movement.prisonerNumber);
        if (!current) return null;
        const [already] = await tx.query('SELECT 1 FROM prisoner_movements WHERE id = $1', [movement.id]);
        if (already) return current;
        const applies = supersedes(movement, current);
        await tx.query(
          'INSERT INTO prisoner_movements (id, prisoner_number, kind, status, prison_code, occurred_at, recorded_by, applied) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [
            movement.id,
            movement.prisonerNumber,
            movement.kind,
            movement.status,
            movement.prisonCode,
            movement.occurredAt,
            movement.recordedBy,
            applies,
          ],
        );
        if (applies) {
          await tx.query(
            'UPDATE prisoners SET status = $2, prison_code = $3, status_since = $4, updated_at = now(), updated_by = $5 WHERE prisoner_number = $1',
            [movement.prisonerNumber, movement.status, movement.prisonCode, movement.occurredAt, movement.recordedBy],
          );
        }
        return find(tx, movement.prisonerNumber);
      });
    },

    async setPlannedRelease(prisonerNumber, plannedRelease, by) {
      await db.query(
        'UPDATE prisoners SET planned_release = $2, updated_at = now(), updated_by = $3 WHERE prisoner_number = $1',
        [prisonerNumber, plannedRelease, by],
      );
    },

    establishments,
    async isEstablishment(code) {
      return (await establishments()).some((e) => e.code === code);
    },
    async count() {
      const [row] = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM prisoners');
      return Number(row?.n ?? 0);
    },
  };
}
