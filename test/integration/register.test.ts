import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrisonerRegister } from '../../src/domain/register/register.ts';
import { openDatabase } from '../../src/infra/database/database.ts';
import { migrate, readMigrations } from '../../src/infra/database/migrate.ts';
import { SYNTHETIC_ROLL, openRegister } from '../../src/infra/register/open-register.ts';
import { importRoll } from '../../src/infra/register/roll-import.ts';
import { testStores, type TestStores } from '../helpers/database.ts';

const ROLL = readFileSync(fileURLToPath(new URL('../fixtures/rolls/mixed.csv', import.meta.url)), 'utf8');
const person = {
  firstName: 'Oliver',
  lastName: 'Twist',
  dateOfBirth: '1999-11-11',
  prisonCode: 'MDI',
  status: 'IN_CUSTODY' as const,
  aliases: [{ firstName: 'Ollie', lastName: 'Twisst', dateOfBirth: '1999-11-12' }],
};

/** The same register, the same SQL and the same migrations, on a real PostgreSQL and on the embedded one. */
for (const kind of ['postgres', 'embedded'] as const) {
  describe(`the prisoner register on ${kind === 'postgres' ? 'PostgreSQL' : 'embedded PostgreSQL (PGlite)'}`, () => {
    let stores: TestStores;
    let register: PrisonerRegister;
    beforeAll(async () => {
      stores = await testStores(kind);
      register = stores.register;
    });
    afterAll(() => stores?.drop());

    it('migrates once: a second run applies nothing, and knows the establishments', async () => {
      expect((await migrate(stores.db)).applied).toEqual([]);
      expect(await register.isEstablishment('MDI')).toBe(true);
      expect(await register.isEstablishment('ZZZ')).toBe(false);
      expect((await register.establishments()).length).toBeGreaterThanOrEqual(30);
    });

    it('writes a prisoner with aliases, reads him back, and rewrites his aliases', async () => {
      await register.upsert('C2001AA', person, 'sync', '2026-01-01T00:00:00Z');
      expect(await register.find('C2001AA')).toMatchObject({
        ...person,
        prisonerNumber: 'C2001AA',
        statusSince: '2026-01-01T00:00:00.000Z',
      });
      await register.upsert('C2001AA', { ...person, aliases: [] }, 'sync', '2026-01-01T00:00:00Z');
      expect((await register.find('C2001AA'))!.aliases).toEqual([]);
      expect(await register.find('C9999ZZ')).toBeNull();
    });

    it('searches by every name he has used, with the date of birth of each, and confines a search to a caseload', async () => {
      await register.upsert('C2002AA', person, 'sync', '2026-01-01T00:00:00Z');
      const numbers = async (q: Parameters<PrisonerRegister['search']>[0]) =>
        (await register.search(q)).map((p) => p.prisonerNumber);
      expect(await numbers({ lastName: 'twisst', dateOfBirth: '1999-11-12' })).toEqual(['C2002AA']);
      expect(await numbers({ lastName: 'Twist', firstName: 'oliver' })).toContain('C2002AA');
      // Each name goes with its own date of birth: the main name with the alias's date is no match (fuzzy matching is the court intake's).
      expect(await numbers({ lastName: 'Twist', dateOfBirth: '1999-11-12' })).toEqual([]);
      expect(await numbers({ lastName: 'twist', prisonCodes: ['LEI'] })).toEqual([]);
    });

    it('moves a prisoner forward in time only: an older movement is kept as history but moves nothing, and a retried one is harmless', async () => {
      await register.upsert('C2003AA', person, 'sync', '2026-01-01T00:00:00Z');
      const release = {
        id: 'gate:R1',
        prisonerNumber: 'C2003AA',
        status: 'RELEASED' as const,
        prisonCode: 'MDI',
        occurredAt: '2026-02-01T10:00:00Z',
        kind: 'RELEASED',
        recordedBy: 'x',
      };
      const back = {
        id: 'return:1',
        prisonerNumber: 'C2003AA',
        status: 'IN_CUSTODY' as const,
        prisonCode: 'MDI',
        occurredAt: '2026-02-02T10:00:00Z',
        kind: 'RETURNED_TO_CUSTODY',
        recordedBy: 'x',
      };
      // The return is written before the release it follows (separate retried activities).
      expect((await register.recordMovement(back))!.status).toBe('IN_CUSTODY');
      expect((await register.recordMovement(release))!.status).toBe('IN_CUSTODY');
      expect((await register.recordMovement(release))!.statusSince).toBe('2026-02-02T10:00:00.000Z');
      const rows = await stores.db.query<{ id: string; applied: boolean }>(
        'SELECT id, applied FROM prisoner_movements WHERE prisoner_number = $1 ORDER BY occurred_at',
        ['C2003AA'],
      );
      expect(rows).toEqual([
        { id: 'gate:R1', applied: false },
        { id: 'return:1', applied: true },
      ]);
      // A snapshot from the prison system older than his latest movement does not move him back either.
      await register.upsert('C2003AA', { ...person, status: 'RELEASED' }, 'sync', '2026-01-15T00:00:00Z');
      expect((await register.find('C2003AA'))!.status).toBe('IN_CUSTODY');
      expect(await register.recordMovement({ ...back, id: 'x', prisonerNumber: 'C9999ZZ' })).toBeNull();
    });

    it('imports a roll, keeping every good row and reporting each bad one by line and field', async () => {
      const report = await importRoll(register, ROLL, 'import');
      expect(report.imported).toBe(2);
      expect(report.failed).toEqual([
        { line: 4, field: 'prisonCode', message: 'ZZZ is not a known establishment' },
        { line: 5, field: 'prisonerNumber', message: 'must be a prisoner number such as A1234BC' },
        { line: 6, field: 'dateOfBirth', message: 'is less than ten years ago: check the year' },
        { line: 7, field: 'status', message: expect.stringContaining('Invalid option') },
        { line: 7, field: 'aliases.0.lastName', message: 'must be a name: letters, spaces, hyphens and apostrophes' },
        { line: 8, field: 'lastName', message: 'must be a name: letters, spaces, hyphens and apostrophes' },
        { line: 9, field: 'dateOfBirth', message: 'is more than 110 years ago: check the year' },
        { line: 10, field: 'dateOfBirth', message: 'must be a date such as 1990-04-23' },
      ]);
      expect(await register.find('B1002AA')).toMatchObject({ prisonCode: 'LEI', pncNumber: '2010/0000001J' }); // normalised number
      expect(await register.find('B1003AA')).toBeNull();
      expect((await importRoll(register, 'not,a,roll\n1,2,3', 'import')).failed[0]).toMatchObject({
        line: 1,
        field: 'prisonerNumber',
      });
    });
  });
}

describe('the embedded register on disk', () => {
  it('loads the synthetic roll into an empty register once, and refuses a second process on the same directory', async () => {
    const dir = fileURLToPath(new URL(`../../.scratch/register-${process.pid}-${Date.now()}/`, import.meta.url));
    const { db, register } = await openRegister({ embeddedDir: dir }, { syntheticRoll: true });
    try {
      const rows = readFileSync(SYNTHETIC_ROLL, 'utf8').trim().split('\n').length - 1;
      expect(await register.count()).toBe(rows);
      expect(await register.find('A1234BC')).toMatchObject({ prisonCode: 'MDI', lastName: 'Dent' });
      // Another process holding the directory: simulated by our parent's live pid in the lock file.
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir.replace(/\/$/, '')}.lock`, String(process.ppid));
      await expect(openDatabase({ embeddedDir: dir.replace(/\/$/, '') })).rejects.toThrow(/in use by process/);
    } finally {
      await db.close();
      const { rmSync } = await import('node:fs');
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir.replace(/\/$/, '')}.lock`, { force: true });
    }
  });

  it('numbers its migrations without gaps', () => {
    expect(readMigrations().map((m) => m.version)).toEqual(readMigrations().map((_, i) => i + 1));
  });
});
