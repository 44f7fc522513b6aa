import { openDatabase } from '../../../src/infra/database/database.ts';
import { syntheticRegister, type SyntheticPrisoner } from '../../match-eval/generator.ts';
import { BENCH_DATABASE_URL } from '../register.ts';

export interface NationalPrisoner extends SyntheticPrisoner {
  prisonCode: string;
}

/**
 * The national register: the match-eval generator's people (fictional names with a realistic
 * spread, aliases, PNC and CRO), spread over every establishment the register knows, written into
 * the bench's schema in batches.
 */
export async function seedNationalRegister(schema: string, count: number, seed: number): Promise<NationalPrisoner[]> {
  const db = await openDatabase({ url: BENCH_DATABASE_URL, schema, poolSize: 2 });
  try {
    const prisons = (await db.query<{ code: string }>('SELECT code FROM establishments ORDER BY code')).map(
      (r) => r.code,
    );
    const people = syntheticRegister(count, seed).map((p, i) => ({ ...p, prisonCode: prisons[i % prisons.length]! }));
    for (let i = 0; i < people.length; i += 5_000) {
      const batch = people.slice(i, i + 5_000);
      await db.query(
        `INSERT INTO prisoners (prisoner_number, first_name, last_name, date_of_birth, pnc_number, cro_number, prison_code, status, status_since, updated_by)
         SELECT pn, first_name, last_name, dob::date, pnc, cro, prison, 'IN_CUSTODY', now() - interval '30 days', 'national-day'
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
              prison: p.prisonCode,
            })),
          ),
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
    return people;
  } finally {
    await db.close();
  }
}
