import type { GateService } from '../../services/release-hold.ts';
import { prisonCodeSchema } from '../../domain/identifiers.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { paramOr404 } from '../request-helpers.ts';
import { canonicalRouter } from '../routing.ts';

/** The discharge desk of one prison over HTTP: today's and tomorrow's releases and where each stands. */
export function dischargeDeskRouter({ gate }: { gate: GateService }) {
  const router = canonicalRouter();
  router.get('/:prisonCode/discharge-desk', requireRole(...rolesOf('getDischargeDesk')), async (req, res) => {
    res.json(
      await gate.dischargeDesk(actorOf(req), paramOr404(prisonCodeSchema, req.params.prisonCode, 'No such prison')),
    );
  });
  return router;
}
