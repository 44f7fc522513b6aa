import { openDatabase } from '../../../src/infra/database/database.ts';
import { syntheticRegister, type SyntheticPrisoner } from '../../match-eval/generator.ts';
import { seedRegister } from '../../match-eval/seed-register.ts';
import { BENCH_DATABASE_URL } from '../register.ts';

export interface NationalPrisoner extends SyntheticPrisoner {
  prisonCode: string;
}

/**
 * The national register: the match-eval generator's people (fictional names with a realistic
 * spread, aliases, PNC and CRO), spread over every establishment the register knows, written into
 * the bench's schema by match-eval's seeding.
 */
export async function seedNationalRegister(schema: string, count: number, seed: number): Promise<NationalPrisoner[]> {
  const db = await openDatabase({ url: BENCH_DATABASE_URL, schema, poolSize: 2 });
  try {
    const prisons = (await db.query<{ code: string }>('SELECT code FROM establishments ORDER BY code')).map(
      (r) => r.code,
    );
    const people = syntheticRegister(count, seed).map((p, i) => ({ ...p, prisonCode: prisons[i % prisons.length]! }));
    await seedRegister(db, people, { updatedBy: 'national-day', heldForDays: 30 });
    return people;
  } finally {
    await db.close();
  }
}
