import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checklistsSchema, type DischargeChecklists } from '../domain/release-hold/checklists.ts';

/** The checklists shipped with Release Guard; DISCHARGE_CHECKLISTS_FILE replaces them. */
export const DEFAULT_CHECKLISTS_FILE = fileURLToPath(new URL('./policy/discharge-checklists.json', import.meta.url));

/** Reads and validates the discharge checklists once, at start-up: an invalid file stops the service, naming the field. */
export function loadChecklists(file: string = DEFAULT_CHECKLISTS_FILE): DischargeChecklists {
  const parsed = checklistsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `Discharge checklists ${file} are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
