import { prisonCodeSchema } from '../../domain/identifiers.ts';
import type { DeskState } from '../../domain/release-hold/discharge-desk.ts';
import type { Services } from '../../services/index.ts';
import type { PageRouter } from '../page-router.ts';

const STATE_COLOURS: Record<DeskState, string> = {
  RELEASED: 'govuk-tag--grey',
  HELD: 'govuk-tag--red',
  REFUSED_AT_CHECK: 'govuk-tag--red',
  AWAITING_CHECKLIST: 'govuk-tag--yellow',
  AWAITING_VERIFICATION: 'govuk-tag--blue',
  AUTHORISED: 'govuk-tag--green',
};

/** What the desk does next for someone in each state: every row leads to his release check. */
const NEXT_STEP: Record<DeskState, string> = {
  RELEASED: 'See the release',
  HELD: 'See what holds him',
  REFUSED_AT_CHECK: 'Check again',
  AWAITING_CHECKLIST: 'Complete the checklist',
  AWAITING_VERIFICATION: 'Verify the checklist',
  AUTHORISED: 'Record the release',
};

/** Where the desk starts its morning: one prison's releases of today and tomorrow, each with its next step. */
export function dischargeDeskRoutes(pages: PageRouter, services: Services): void {
  pages.get('/discharge-desk', ['getDischargeDesk'], async (req, res) => {
    const prisons = req.actor!.caseload.filter((c) => prisonCodeSchema.safeParse(c).success);
    const asked = prisonCodeSchema.safeParse(req.query.prison);
    const prisonCode = asked.success ? asked.data : prisons[0];
    if (!prisonCode)
      return res.render('release-hold-discharge-desk/desk', {
        title: 'Discharge desk',
        prisons,
        desk: { prisonCode: '', day: '', rows: [] },
        stateColours: STATE_COLOURS,
        nextStep: NEXT_STEP,
      });
    const desk = await services.gate.dischargeDesk(req.actor!, prisonCode);
    res.render('release-hold-discharge-desk/desk', {
      title: `Discharge desk: ${prisonCode}`,
      prisons,
      desk,
      stateColours: STATE_COLOURS,
      nextStep: NEXT_STEP,
    });
  });
}
