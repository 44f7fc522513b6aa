import type { Queryable } from '../../src/infra/database/database.ts';
import type { SyntheticPrisoner } from './generator.ts';

/**
 * Writes generated people and their aliases into a migrated register, 5,000 a statement, then
 * refreshes the planner's statistics (a search planned on an empty table's figures is another search).
 * Each person is held at his own prison where he has one (the national day), else at Moorland.
 */
export async function seedRegister(
  db: Queryable,
  people: readonly (SyntheticPrisoner & { prisonCode?: string })[],
  options: { updatedBy: string; heldForDays?: number },
): Promise<void> {
  for (let i = 0; i < people.length; i += 5_000) {
    const batch = people.slice(i, i + 5_000);
    await db.query(
      `INSERT INTO prisoners (prisoner_number, first_name, last_name, date_of_birth, pnc_number, cro_number, prison_code, status, status_since, updated_by)
       SELECT pn, first_name, last_name, dob::date, pnc, cro, prison, 'IN_CUSTODY', now() - make_interval(days => $2), $3
       FROM jsonb_to_recordset($1::jsonb) AS x(pn text, first_name text, last_name text, dob text, pnc text, cro text, prison text)`,
      [
        JSON.stringify(
          batch.map((p) => ({
            pn: p.prisonerNumber,
            first_name: p.firstName,
            last_name: p.lastName,
            dob: p.dateOfBirth,
            pnc: p.pncNumber ?? null,
            cro: p.croNumber ?? null,
            prison: p.prisonCode ?? 'MDI',
          })),
        ),
        options.heldForDays ?? 0,
        options.updatedBy,
      ],
    );
    const aliases = batch.flatMap((p) =>
      p.aliases.map((a, position) => ({
        pn: p.prisonerNumber,
        position,
        first_name: a.firstName,
        last_name: a.lastName,
        dob: a.dateOfBirth ?? null,
      })),
    );
    await db.query(
      `INSERT INTO prisoner_aliases (prisoner_number, position, first_name, last_name, date_of_birth)
       SELECT pn, position, first_name, last_name, dob::date FROM jsonb_to_recordset($1::jsonb) AS x(pn text, position int, first_name text, last_name text, dob text)`,
      [JSON.stringify(aliases)],
    );
  }
  await db.query('ANALYZE prisoners; ANALYZE prisoner_aliases');
}
