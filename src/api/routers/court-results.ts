import { Router, type Request } from 'express';
import { hearingResultSchema } from '../../domain/court/hearing.ts';
import type { CourtResultsService } from '../../services/court-results.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { COURT_SIGNATURE_HEADER, courtSignatureProblem } from '../court-signature.ts';
import { Problem, validationProblem } from '../problem.ts';
import { paramOr404, traced } from '../request-helpers.ts';
import { z } from 'zod';
import { ROUTING } from '../routing.ts';

/** The raw bytes a JSON body was parsed from: the signature is over them, not over a re-serialisation. */
export const keepRawBody = (req: Request, _res: unknown, buf: Buffer) => {
  (req as Request & { rawBody?: Buffer }).rawBody = buf;
};

const hearingIdSchema = z.uuid();
const versionSchema = z.coerce.number().int().min(1).max(1_000_000);

/** Court results in (signed, from the feed) and the unit's view of what became of each hearing. */
export function courtResultsRouter({
  courtResults,
  signing,
}: {
  courtResults: CourtResultsService;
  signing: { secret: string; toleranceSeconds: number };
}): Router {
  const router = Router(ROUTING);

  router.post('/hearings', requireRole(...rolesOf('receiveHearingResult')), async (req, res) => {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    // Before anything is read or kept: an unsigned or stale body is nobody's.
    const refused = courtSignatureProblem(
      req.get(COURT_SIGNATURE_HEADER),
      raw,
      signing.secret,
      signing.toleranceSeconds,
    );
    if (refused) throw new Problem(401, 'Unauthorized', refused);
    const parsed = hearingResultSchema.safeParse(req.body);
    if (!parsed.success) {
      const problem = validationProblem(parsed.error);
      const malformedId = await courtResults.receiveMalformed(
        actorOf(req),
        raw!.toString('utf8'),
        problem.errors ?? [],
      );
      throw new Problem(problem.status, problem.title, problem.detail, problem.errors, { malformedId });
    }
    const receipt = await courtResults.receive(actorOf(req), parsed.data, raw!.toString('utf8'), traced(req));
    res.locals.subjectId = receipt.hearingId;
    res.status(202).location(`/api/court-results/hearings/${receipt.hearingId}/versions/${receipt.version}`).json({
      hearingId: receipt.hearingId,
      version: receipt.version,
      status: 'RECEIVED',
      duplicate: receipt.duplicate,
    });
  });

  router.get('/attention', requireRole(...rolesOf('getCourtResultsAttention')), async (_req, res) => {
    res.json(await courtResults.attention());
  });

  router.get(
    '/hearings/:hearingId/versions/:version',
    requireRole(...rolesOf('getHearingResult')),
    async (req, res) => {
      const hearingId = paramOr404(hearingIdSchema, req.params.hearingId, 'No such hearing version');
      const version = paramOr404(versionSchema, req.params.version, 'No such hearing version');
      res.json(await courtResults.read(hearingId, version));
    },
  );
  return router;
}
