// `npx tsx scripts/access-table.ts`: rewrites docs/security.md's table of who may do what from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentAccessTable, withAccessTable } from '../src/web/readme-access-table.ts';

const file = fileURLToPath(new URL('../docs/security.md', import.meta.url));
writeFileSync(file, withAccessTable(readFileSync(file, 'utf8'), currentAccessTable()));
console.log('docs/security.md: access table written');
