import type { Actor } from '../domain/actors.ts';
import { isNational } from '../domain/actors.ts';
import { canActOn } from '../domain/register/access.ts';
import type { Prisoner } from '../domain/register/prisoner.ts';
import type { PrisonerRegister, PrisonerWrite, RegisterSearch } from '../domain/register/register.ts';
import { notFound, unprocessable } from './errors.ts';

/**
 * The register as the API and the pages use it. Who may see a prisoner, and where he is, are
 * decided here from the register and never from what a request says.
 */
export interface PrisonerServiceHooks {
  /** A sync wrote a planned release: victim liaison may need to hear of it. */
  plannedReleaseWritten?: (prisonerNumber: string, prisonCode: string, plannedRelease: string) => Promise<void>;
  /** The register now holds him at another prison: what was checked or overridden at the old one ends. */
  prisonChanged?: (prisonerNumber: string, from: string, to: string, at: string) => Promise<void>;
  /** His planned release is another instant, or none: what the desk checked for the old one is void. */
  plannedReleaseChanged?: (prisonerNumber: string) => Promise<void>;
}

const sameInstant = (a: string | undefined, b: string | undefined): boolean =>
  (a === undefined ? null : Date.parse(a)) === (b === undefined ? null : Date.parse(b));

export function prisonerService(register: PrisonerRegister, hooks: PrisonerServiceHooks = {}) {
  /** An unknown establishment code is a 422 naming the field. */
  const assertEstablishment = async (code: string, field: string) => {
    if (!(await register.isEstablishment(code))) throw unprocessable(field, `${code} is not a known establishment`);
  };
  return {
    /** People on the register (the operators' gauge). */
    count: () => register.count(),
    register,
    assertEstablishment,

    /** The prisoner as `actor` may see him: unknown, or held outside their caseload, is not found. */
    async visible(actor: Actor, prisonerNumber: string): Promise<Prisoner> {
      const prisoner = await register.find(prisonerNumber);
      if (!prisoner || !canActOn(actor, prisoner)) throw notFound('No such prisoner');
      return prisoner;
    },

    /** A body's prisonCode, where one is given, must be where the register places him. */
    assertHeldAt(prisoner: Prisoner, given: string | undefined, field = 'body.prisonCode'): void {
      if (given !== undefined && given !== prisoner.prisonCode) {
        throw unprocessable(
          field,
          `is ${given}, but the register places ${prisoner.prisonerNumber} at ${prisoner.prisonCode}`,
        );
      }
    },

    /** Prison users search their own caseload only; the search itself is confined, not filtered afterwards. */
    search(actor: Actor, query: Omit<RegisterSearch, 'prisonCodes'>): Promise<Prisoner[]> {
      return register.search({
        ...query,
        ...(isNational(actor) ? {} : { prisonCodes: actor.caseload.filter((c) => /^[A-Z]{3}$/.test(c)) }),
      });
    },

    /** The prison-system sync writes a prisoner's record as NOMIS holds it. */
    async write(
      actor: Actor,
      prisonerNumber: string,
      record: PrisonerWrite,
      asAt: string,
    ): Promise<{ prisoner: Prisoner; created: boolean }> {
      await assertEstablishment(record.prisonCode, 'body.prisonCode');
      const before = await register.find(prisonerNumber);
      const created = before === null;
      const prisoner = await register.upsert(prisonerNumber, record, actor.username, asAt);
      if (before && before.prisonCode !== prisoner.prisonCode && hooks.prisonChanged)
        await hooks.prisonChanged(prisonerNumber, before.prisonCode, prisoner.prisonCode, asAt);
      // Voided before anyone is told of the new date: a date moved away and back is not the one checked.
      if (before && !sameInstant(before.plannedRelease, prisoner.plannedRelease) && hooks.plannedReleaseChanged)
        await hooks.plannedReleaseChanged(prisonerNumber);
      // Told after the write, every time: the same date again is recognised downstream, so a retried sync still gets through.
      if (record.plannedRelease && hooks.plannedReleaseWritten)
        await hooks.plannedReleaseWritten(
          prisonerNumber,
          prisoner.prisonCode,
          prisoner.plannedRelease ?? record.plannedRelease,
        );
      return { prisoner, created };
    },
  };
}
export type PrisonerService = ReturnType<typeof prisonerService>;
