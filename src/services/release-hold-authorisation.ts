import { canSeePrison, type Actor } from '../domain/actors.ts';
import { londonDay, type Authorisation } from '../domain/release-hold/authorisation.ts';
import { checkAnswers, type ChecklistRequest, type DischargeChecklists } from '../domain/release-hold/checklists.ts';
import { deskOrder, deskRow, deskWindow, type DeskRow } from '../domain/release-hold/discharge-desk.ts';
import type { Traced } from '../workflows/definitions.ts';
import { conflict, notFound, sameBody, unprocessable } from './errors.ts';
import { applyOn, type HoldClient } from './release-hold-client.ts';
import type { PrisonerService } from './register.ts';
import { caseId, type Keyed } from './workflow-calls.ts';

/** The system's own answer to the checklist's VLO_TOLD item (victim liaison's acknowledgements). */
export type VloToldCheck = (
  prisonerNumber: string,
  plannedRelease: string | undefined,
  releaseDay: string,
) => Promise<{ told: boolean; note: string }>;
const VLO_TOLD = 'VLO_TOLD';

/** A busy prison discharges dozens a day; the desk shows at most this many (and says when there are more). */
const DESK_LIMIT = 200;

/** What the gate service and its authorisation half are built from. */
export interface GateDeps {
  holds: HoldClient;
  prisoners: PrisonerService;
  checklists: DischargeChecklists;
  vloTold?: VloToldCheck;
}

/**
 * The release's positive authorisation, the gate's second half: one officer completes the discharge
 * checklist, a second person verifies it, and the discharge desk shows where everyone leaving stands.
 * Part of the gate service (release-hold.ts), which spreads these into its own.
 */
export function authorisationCalls({ holds, prisoners, checklists, vloTold }: GateDeps) {
  const apply = applyOn(holds);
  const now = () => new Date();

  return {
    /**
     * One officer completes the discharge checklist for a movement today: every item answered, a
     * note with every no. Any no refuses the release at check (counted); otherwise it awaits a
     * second person of the prison. Its id follows the Idempotency-Key, so a double submit is one.
     */
    async completeChecklist(
      actor: Actor,
      prisonerNumber: string,
      body: ChecklistRequest,
      request: Keyed = {},
    ): Promise<Authorisation> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      const releaseDay = londonDay(now());
      // VLO_TOLD is not the officer's to answer: the system decides it from the VLOs' acknowledgements.
      const systemAnswer =
        vloTold && checklists.movements[body.movement]?.some((i) => i.item === VLO_TOLD)
          ? await vloTold(prisonerNumber, prisoner.plannedRelease, releaseDay)
          : undefined;
      const answers = systemAnswer
        ? [
            ...body.answers.filter((a) => a.item !== VLO_TOLD),
            { item: VLO_TOLD, answer: systemAnswer.told, note: systemAnswer.note },
          ]
        : body.answers;
      const checked = checkAnswers(checklists, { ...body, answers });
      if ('field' in checked) throw unprocessable(checked.field, checked.message);
      const { id, keyed } = caseId('AUTH-', `authorisation:${prisonerNumber}`, actor, request.idempotencyKey);
      const { authorisation } = await apply(
        actor,
        prisoner,
        {
          type: 'completeChecklist',
          id,
          movement: body.movement,
          prisonCode: prisoner.prisonCode,
          releaseDay,
          ...(prisoner.plannedRelease ? { plannedRelease: prisoner.plannedRelease } : {}),
          checklistVersion: checklists.version,
          answers: checked.answers,
        },
        request,
      );
      if (!authorisation) throw conflict('The checklist was not recorded');
      if (
        keyed &&
        (authorisation.movement !== body.movement ||
          JSON.stringify(authorisation.answers) !== JSON.stringify(checked.answers))
      )
        throw sameBody();
      return authorisation;
    },

    /** A second person of the holding prison verifies a completed checklist: the release is then authorised for today. */
    async verifyAuthorisation(
      actor: Actor,
      prisonerNumber: string,
      id: string,
      traced: Traced = {},
    ): Promise<Authorisation> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      const { authorisation } = await apply(
        actor,
        prisoner,
        { type: 'verifyAuthorisation', id, prisonCode: prisoner.prisonCode },
        traced,
      );
      if (!authorisation) throw notFound('No such authorisation');
      return authorisation;
    },

    /**
     * The discharge desk of one prison: everyone the register says leaves today or tomorrow (or
     * left today), each with where he stands, in the order people leave. Only the prison's own people.
     */
    async dischargeDesk(
      actor: Actor,
      prisonCode: string,
    ): Promise<{ prisonCode: string; day: string; rows: DeskRow[]; truncated: boolean }> {
      await prisoners.assertEstablishment(prisonCode, 'path.prisonCode');
      if (!canSeePrison(actor, prisonCode)) throw notFound('No such discharge desk');
      const at = now();
      const { day, from, to } = deskWindow(at);
      const people = await prisoners.register.search({
        prisonCodes: [prisonCode],
        leavingBetween: { from, to },
        limit: DESK_LIMIT,
      });
      const rows = await Promise.all(people.map(async (p) => deskRow(p, await holds.read(p.prisonerNumber), at)));
      return { prisonCode, day, rows: deskOrder(rows), truncated: people.length === DESK_LIMIT };
    },

    /** The discharge checklists in force, for the desk's pages. */
    checklists(): DischargeChecklists {
      return checklists;
    },
  };
}
