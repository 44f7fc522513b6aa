import { accessRows, accessTableMarkdown } from './access-table.ts';
import { pageDeclarations } from './index.ts';

export const TABLE_START =
  '<!-- access-table:start (written by `npx tsx scripts/access-table.ts` from the operation table and the pages; do not edit by hand) -->';
export const TABLE_END = '<!-- access-table:end -->';

/** docs/security.md's table of who may do what, as the code has it now. */
export const currentAccessTable = (): string => accessTableMarkdown(accessRows(pageDeclarations()));

/** docs/security.md with its table replaced by `table`. */
export function withAccessTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/security.md has no access-table markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table docs/security.md holds now. */
export function accessTableIn(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  return start < 0 || end < start ? '' : readme.slice(start + TABLE_START.length, end).trim();
}
