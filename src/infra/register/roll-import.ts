import { parse } from 'csv-parse/sync';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import type { PrisonerRegister } from '../../domain/register/register.ts';
import { prisonerRecordSchema } from '../../domain/register/schemas.ts';

/**
 * A prison roll as CSV, one prisoner a line, with a header:
 * prisonerNumber,firstName,middleNames,lastName,dateOfBirth,pncNumber,croNumber,prisonCode,status,plannedRelease,aliases
 * `aliases` is `First|Last|YYYY-MM-DD` entries separated by `;` (the date may be left out).
 */
export const ROLL_COLUMNS = [
  'prisonerNumber',
  'firstName',
  'middleNames',
  'lastName',
  'dateOfBirth',
  'pncNumber',
  'croNumber',
  'prisonCode',
  'status',
  'plannedRelease',
  'aliases',
] as const;

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  imported: number;
  failed: RowError[];
}

function aliasesFrom(cell: string): unknown[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [firstName, lastName, dateOfBirth] = entry.split('|').map((s) => s.trim());
      return { firstName, lastName, ...(dateOfBirth ? { dateOfBirth } : {}) };
    });
}

/**
 * Imports every good row and reports every bad one by line and field; one bad row never costs the
 * good ones. Unknown establishments are bad rows too.
 */
export async function importRoll(
  register: PrisonerRegister,
  csv: string,
  by: string,
  asAt = new Date().toISOString(),
): Promise<ImportReport> {
  const failed: RowError[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (err) {
    return {
      imported: 0,
      failed: [
        {
          line: (err as { lines?: number }).lines ?? 1,
          field: '(file)',
          message: `is not readable CSV: ${(err as Error).message}`,
        },
      ],
    };
  }
  const header = Object.keys(records[0] ?? {});
  const missing = ROLL_COLUMNS.filter(
    (c) => !['middleNames', 'pncNumber', 'croNumber', 'plannedRelease', 'aliases'].includes(c) && !header.includes(c),
  );
  if (records.length && missing.length)
    return {
      imported: 0,
      failed: missing.map((field) => ({ line: 1, field, message: 'column is missing from the header' })),
    };
  let imported = 0;
  for (const [index, raw] of records.entries()) {
    const line = index + 2; // the header is line 1
    const blankless = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
    const number = prisonerNumberSchema.safeParse(raw.prisonerNumber ?? '');
    const { prisonerNumber: _n, aliases, ...rest } = blankless;
    const record = prisonerRecordSchema.safeParse({ ...rest, aliases: aliasesFrom(aliases ?? '') });
    const errors: RowError[] = [];
    if (!number.success) errors.push({ line, field: 'prisonerNumber', message: number.error.issues[0]!.message });
    if (!record.success) {
      for (const issue of record.error.issues) {
        const field = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.map(String).join('.');
        errors.push({
          line,
          field: field || '(row)',
          message: issue.code === 'unrecognized_keys' ? 'is not a recognised column' : issue.message,
        });
      }
    } else if (!(await register.isEstablishment(record.data.prisonCode))) {
      errors.push({ line, field: 'prisonCode', message: `${record.data.prisonCode} is not a known establishment` });
    }
    if (errors.length || !number.success || !record.success) {
      failed.push(...errors);
      continue;
    }
    await register.upsert(number.data, record.data, by, asAt);
    imported += 1;
  }
  return { imported, failed };
}
