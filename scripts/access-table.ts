// `npx tsx scripts/access-table.ts`: rewrites the README's table of who may do what from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentAccessTable, withAccessTable } from '../web/readme-access-table.ts';

const file = fileURLToPath(new URL('../README.md', import.meta.url));
writeFileSync(file, withAccessTable(readFileSync(file, 'utf8'), currentAccessTable()));
console.log('README.md: access table written');
