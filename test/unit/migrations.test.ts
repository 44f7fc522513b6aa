import { describe, expect, it } from 'vitest';
import { readMigrations, splitStatements } from '../../src/infra/database/migrate.ts';

describe('migrations', () => {
  it('splits at semicolons that end a line, but not inside a dollar-quoted body', () => {
    const sql = `-- a comment
CREATE TABLE a (x int);
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE INDEX a_x ON a (x);`;
    const statements = splitStatements(sql);
    expect(statements).toHaveLength(3);
    expect(statements[1]).toMatch(/^DO \$\$[\s\S]*END \$\$$/);
  });

  it('numbers the migrations 1, 2, 3 … and every one splits into statements', () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(splitStatements(m.sql).length).toBeGreaterThan(0);
  });
});
