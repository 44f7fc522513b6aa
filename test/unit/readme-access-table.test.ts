import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accessTableIn, currentAccessTable } from '../../src/web/readme-access-table.ts';

describe('docs/security.md’s table of who may do what', () => {
  it('is the table of who may do what as the code has it (rewrite it with `npx tsx scripts/access-table.ts`)', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../docs/security.md', import.meta.url)), 'utf8');
    expect(accessTableIn(readme)).toBe(currentAccessTable());
  });
});
