import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import { loadChecklists } from '../../src/infra/discharge-checklists.ts';
import type { Call } from './http.ts';

/**
 * The discharge desk's way out, as the measuring tools (bench, chaos) drive it over HTTP: for a
 * Victim Contact Scheme prisoner, the prison system sets his release date and each VLO acknowledges
 * the notice of it; then one officer completes the checklist and a second person verifies it.
 */

/** Every item of the release checklist answered yes: what the desk sends when all is in order. */
export const ALL_YES = (loadChecklists().movements.RELEASED ?? []).map(({ item }) => ({ item, answer: true }));

export interface DeskTokens {
  /** Completes the checklist, and another verifies it: neither is the one who records the release. */
  completer: string;
  verifier: string;
  sync: string;
  vlo: string;
}

/** The prison system writes his release date: his record as it stands, put again with the date. */
export async function setPlannedRelease(
  call: Call,
  syncToken: string,
  pn: string,
  plannedRelease: string,
): Promise<void> {
  const record = await call<Record<string, unknown>>('GET', `/api/prisoners/${pn}`, syncToken);
  const { firstName, middleNames, lastName, dateOfBirth, pncNumber, croNumber, prisonCode, status, aliases } = record;
  await call('PUT', `/api/prisoners/${pn}`, syncToken, {
    firstName,
    middleNames,
    lastName,
    dateOfBirth,
    pncNumber,
    croNumber,
    prisonCode,
    status,
    aliases,
    plannedRelease,
  });
}

/** The VLO hears of the release date first: the sync writes it, the VLO acknowledges the email's notice. */
export async function releaseDateToldToVlo(
  call: Call,
  waitForMail: (match: (m: CaughtMail) => boolean) => Promise<CaughtMail[]>,
  tokens: DeskTokens,
  pn: string,
  vloEmail: string,
  plannedRelease: string,
): Promise<void> {
  await setPlannedRelease(call, tokens.sync, pn, plannedRelease);
  const [notice] = await waitForMail((m) => m.to.includes(vloEmail) && (m.subject ?? '').includes('RELEASE DATE'));
  await call(
    'POST',
    `/api/victim-notifications/${notice!.headers['x-release-guard-reference']}/acknowledge`,
    tokens.vlo,
  );
}

/** One officer completes today's release checklist, a second person verifies it. */
export async function authoriseRelease(
  call: Call,
  tokens: Pick<DeskTokens, 'completer' | 'verifier'>,
  pn: string,
): Promise<void> {
  const { id } = await call<{ id: string }>('POST', `/api/prisoners/${pn}/authorisations`, tokens.completer, {
    movement: 'RELEASED',
    answers: ALL_YES,
  });
  await call('POST', `/api/prisoners/${pn}/authorisations/${id}/verify`, tokens.verifier, {});
}
