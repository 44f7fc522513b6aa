import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subject } from '../../src/domain/court/matching.ts';
import { CANDIDATE_SEARCH, postgresPersonMatcher, subjectsParameter } from '../../src/infra/register/person-matcher.ts';
import { syntheticDefendants, syntheticRegister } from '../../tools/match-eval/generator.ts';
import { seedRegister } from '../../tools/match-eval/seed-register.ts';
import { testStores, type TestStores } from '../helpers/database.ts';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The hourly court batch searches the register once per hearing, so one defendant's search must
 * cost what his own candidates cost, not what the register costs: each blocking rule probes its
 * index for him, and nothing is compiled before it runs. Before this, PostgreSQL hashed the whole
 * register for a search of one (planning for a hundred subjects) and JIT-compiled it: 1.75 s a
 * hearing on the national register, which is what held the national day's court batches back.
 */
describe('one defendant searched on a register of national shape (PostgreSQL)', () => {
  let stores: TestStores;
  const people = syntheticRegister(20_000, 61);
  const defendants: Subject[] = syntheticDefendants(people, 24, 62, 0.6).map((d) => ({
    firstName: d.firstName,
    lastName: d.lastName,
    ...(d.dateOfBirth ? { dateOfBirth: d.dateOfBirth } : {}),
    ...(d.pncNumber ? { pncNumber: d.pncNumber } : {}),
    ...(d.croNumber ? { croNumber: d.croNumber } : {}),
  }));
  beforeAll(async () => {
    stores = await testStores('postgres');
    await seedRegister(stores.db, people, { updatedBy: 'person-matching-plan' });
  });
  afterAll(() => stores?.drop());

  it('probes the indexes for him: neither the register nor its aliases is read whole', async () => {
    for (const subject of defendants.slice(0, 6)) {
      const [row] = await stores.db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${CANDIDATE_SEARCH}`,
        [subjectsParameter([subject])],
      );
      const scans = nodesOf(row!['QUERY PLAN'][0].Plan).filter(
        (n) => n['Node Type'] === 'Seq Scan' && ['prisoners', 'prisoner_aliases'].includes(n['Relation Name'] ?? ''),
      );
      expect(scans.map((n) => n['Relation Name'])).toEqual([]);
    }
  });

  it('is never compiled before it runs: our connections have JIT off', async () => {
    const [jit] = await stores.db.query<{ jit: string }>('SHOW jit');
    expect(jit!.jit).toBe('off');
    const [row] = await stores.db.query<{ 'QUERY PLAN': [Record<string, unknown>] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${CANDIDATE_SEARCH}`,
      [subjectsParameter(defendants.slice(0, 1))],
    );
    expect(row!['QUERY PLAN'][0]).not.toHaveProperty('JIT');
  });

  it('decides each defendant alone exactly as in a batch', async () => {
    const matcher = postgresPersonMatcher(stores.db);
    const together = await matcher.match(defendants);
    const alone = [];
    for (const d of defendants) alone.push(...(await matcher.match([d])));
    expect(alone).toEqual(together);
    // The batch is not trivially empty: the generator puts most defendants in the register.
    expect(together.filter((d) => d.outcome !== 'NO_MATCH').length).toBeGreaterThan(defendants.length / 3);
  });
});
