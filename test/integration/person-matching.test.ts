import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonMatcher } from '../../src/domain/court/matching.ts';
import type { PrisonerWrite } from '../../src/domain/register/register.ts';
import { postgresPersonMatcher } from '../../src/infra/register/person-matcher.ts';
import { testStores, type TestStores } from '../helpers/database.ts';

const AT = '2026-01-01T00:00:00Z';
const held = (
  p: Partial<PrisonerWrite> & Pick<PrisonerWrite, 'firstName' | 'lastName' | 'dateOfBirth'>,
): PrisonerWrite => ({ prisonCode: 'MDI', status: 'IN_CUSTODY', aliases: [], ...p });

/**
 * Matching defendants to prisoners in the database itself: each blocking rule finds its people on
 * the indexes, pg_trgm and fuzzystrmatch compare the names, and the three outcomes come with their
 * reasons. The same SQL on PostgreSQL and on the embedded PGlite.
 */
for (const kind of ['postgres', 'embedded'] as const) {
  describe(`matching people to the register on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
    let stores: TestStores;
    let matcher: PersonMatcher;
    beforeAll(async () => {
      stores = await testStores(kind);
      const r = stores.register;
      await r.upsert(
        'A1001AA',
        held({
          firstName: 'Robert',
          lastName: 'Okonkwo',
          dateOfBirth: '1985-03-14',
          pncNumber: '1985/0012345A',
          croNumber: '012345/85A',
        }),
        'sync',
        AT,
      );
      await r.upsert(
        'A1002AA',
        held({
          firstName: 'Muhammad',
          lastName: 'Rahman',
          dateOfBirth: '1990-07-01',
          aliases: [{ firstName: 'Mo', lastName: 'Khan', dateOfBirth: '1990-01-07' }],
        }),
        'sync',
        AT,
      );
      await r.upsert(
        'A1003AA',
        held({ firstName: 'Sian', lastName: 'Featherstone-Blackwood', dateOfBirth: '1979-12-30' }),
        'sync',
        AT,
      );
      // Twins: the same surname and date of birth.
      await r.upsert(
        'A1004AA',
        held({ firstName: 'Daniel', lastName: 'Achterberg', dateOfBirth: '2001-05-05' }),
        'sync',
        AT,
      );
      await r.upsert(
        'A1005AA',
        held({ firstName: 'Nathan', lastName: 'Achterberg', dateOfBirth: '2001-05-05' }),
        'sync',
        AT,
      );
      await r.upsert('A1006AA', held({ firstName: 'Zoë', lastName: "O'Brien", dateOfBirth: '1970-02-02' }), 'sync', AT);
      for (let i = 0; i < 40; i++)
        await r.upsert(
          `B${String(1000 + i)}AA`,
          held({
            firstName: ['John', 'Sarah', 'David', 'Emma'][i % 4]!,
            lastName: 'Smith',
            dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
          }),
          'sync',
          AT,
        );
      matcher = postgresPersonMatcher(stores.db);
    });
    afterAll(() => stores?.drop());

    it('matches on the PNC alone, despite a misspelt name and no date of birth', async () => {
      const [d] = await matcher.match([{ firstName: 'Robbert', lastName: 'Okonkow', pncNumber: '1985/12345A' }]);
      expect(d).toMatchObject({ outcome: 'MATCHED', prisonerNumber: 'A1001AA' });
      expect(d!.candidates[0]!.rules).toContain('PNC');
      expect(d!.candidates[0]!.contributions).toContainEqual({
        field: 'PNC',
        agreement: 'EXACT',
        weight: expect.any(Number),
      });
    });

    // Issue 26: only an agreeing identifier, or an exact name and date of birth with no identifier
    // either side, is matched without a person; near forms go to review with the right man first.
    it('sends a nickname and a transliteration to review with the right man first, and says why', async () => {
      const [bob, mohammed] = await matcher.match([
        { firstName: 'Bob', lastName: 'Okonkwo', dateOfBirth: '1985-03-14' },
        { firstName: 'Mohammed', lastName: 'Rahman', dateOfBirth: '1990-07-01' },
      ]);
      expect(bob).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1001AA' });
      expect(bob!.explanation[0]).toMatch(/A1001AA scored .*first name nickname or spelling/);
      expect(bob!.explanation.join(' ')).toMatch(/prisoner has a PNC and the defendant gives none/);
      expect(mohammed).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1002AA' });
      expect(mohammed!.explanation.join(' ')).toMatch(/full name and date of birth are not both exact/);
      const [withPnc] = await matcher.match([
        { firstName: 'Bob', lastName: 'Okonkwo', dateOfBirth: '1985-03-14', pncNumber: '1985/12345A' },
      ]);
      expect(withPnc).toMatchObject({ outcome: 'MATCHED', prisonerNumber: 'A1001AA' });
    });

    it('finds a man under his alias and its own date of birth, and names given the wrong way round', async () => {
      const [alias, swapped] = await matcher.match([
        { firstName: 'Mo', lastName: 'Khan', dateOfBirth: '1990-01-07' },
        { firstName: 'Okonkwo', lastName: 'Robert', dateOfBirth: '1985-03-14' },
      ]);
      expect(alias).toMatchObject({ prisonerNumber: 'A1002AA' });
      expect(alias!.candidates[0]).toMatchObject({ nameUsed: 'ALIAS' });
      expect(alias!.candidates[0]!.rules).toEqual(expect.arrayContaining(['ALIAS_DOB']));
      expect(swapped).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1001AA' });
    });

    it('finds part of a double-barrelled surname, accents and apostrophes folded, and a date of birth with day and month transposed', async () => {
      const [part, folded, transposed] = await matcher.match([
        { firstName: 'Sian', lastName: 'Featherstone', dateOfBirth: '1979-12-30' },
        { firstName: 'Zoe', lastName: 'OBrien', dateOfBirth: '1970-02-02' },
        { firstName: 'Robert', lastName: 'Okonkwo', dateOfBirth: '1985-03-15' },
      ]);
      expect(part).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1003AA' });
      // Folded, the names are exact: no identifier either side and no neighbour, so matched.
      expect(folded).toMatchObject({ outcome: 'MATCHED', prisonerNumber: 'A1006AA' });
      expect(transposed).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1001AA' });
      const [swappedDayMonth] = await matcher.match([
        { firstName: 'Muhammad', lastName: 'Rahman', dateOfBirth: '1990-01-07' },
      ]);
      expect(swappedDayMonth!.candidates[0]!.contributions).toContainEqual({
        field: 'DATE_OF_BIRTH',
        agreement: expect.stringMatching(/TRANSPOSED|EXACT/),
        weight: expect.any(Number),
      });
    });

    it('sends a PNC that contradicts the register to review, even with name and date of birth exact', async () => {
      const [d] = await matcher.match([
        { firstName: 'Robert', lastName: 'Okonkwo', dateOfBirth: '1985-03-14', pncNumber: '1999/0099999Z' },
      ]);
      expect(d).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1001AA' });
      expect(d!.candidates[0]!.contributions).toContainEqual({
        field: 'PNC',
        agreement: 'MISMATCH',
        weight: expect.any(Number),
      });
    });

    it('never picks between possible twins by itself', async () => {
      const [d] = await matcher.match([{ firstName: 'Daniel', lastName: 'Achterberg', dateOfBirth: '2001-05-05' }]);
      expect(d).toMatchObject({ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1004AA' });
      expect(d!.explanation.join(' ')).toMatch(/Possible twin: A1005AA/);
      expect(d!.candidates.map((c) => c.prisonerNumber)).toEqual(expect.arrayContaining(['A1004AA', 'A1005AA']));
    });

    it('weighs a common surname for less than a rare one', async () => {
      const [smith, rare] = await matcher.match([
        { firstName: 'John', lastName: 'Smith', dateOfBirth: '1960-01-10' },
        { firstName: 'Robert', lastName: 'Okonkwo', dateOfBirth: '1985-03-14' },
      ]);
      const surname = (d: typeof smith) => d!.candidates[0]!.contributions.find((c) => c.field === 'LAST_NAME')!.weight;
      expect(surname(smith)).toBeLessThan(surname(rare));
    });

    it('answers no match for someone not there, and for nothing to go on, without throwing', async () => {
      const [stranger, empty] = await matcher.match([
        { firstName: 'Quentin', lastName: 'Zyzzyva', dateOfBirth: '1944-04-04' },
        { firstName: '', lastName: '' },
      ]);
      expect(stranger).toMatchObject({ outcome: 'NO_MATCH', candidates: [] });
      expect(stranger!.explanation[0]).toMatch(/No one in the register/);
      expect(empty).toMatchObject({ outcome: 'NO_MATCH' });
    });

    it('keeps order across batches', async () => {
      const many = Array.from({ length: 23 }, (_, i) =>
        i % 2
          ? { firstName: 'Bob', lastName: 'Okonkwo', dateOfBirth: '1985-03-14' }
          : { firstName: 'Zoe', lastName: "O'Brien", dateOfBirth: '1970-02-02' },
      );
      const decisions = await postgresPersonMatcher(stores.db, { batchSize: 4, concurrency: 3 }).match(many);
      expect(decisions.map((d) => d.prisonerNumber)).toEqual(many.map((_, i) => (i % 2 ? 'A1001AA' : 'A1006AA')));
    });
  });
}
