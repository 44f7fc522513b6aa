import { Router, type Request } from 'express';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { canSeePrison, type Actor } from '../../domain/actors.ts';
import { prisonerNumberSchema, shortId } from '../../domain/identifiers.ts';
import { reportReleaseInErrorSchema, returnedToCustodySchema } from '../../domain/incident/schemas.ts';
import { isReleasable, usableOverride, type HoldOperation, type HoldPolicy, type HoldState } from '../../domain/release-hold/hold-state.ts';
import { isFutureMovement } from '../../domain/release-hold/movement-time.ts';
import { clearReasonSchema, flagStatusChangeSchema, overrideSchema, placeManualHoldSchema, recordReleaseSchema } from '../../domain/release-hold/schemas.ts';
import { RELEASE_HOLD_WORKFLOW, correlationMemo, getHoldState, holdOperation, holdWorkflowId } from '../../workflows/definitions.ts';
import type { ReleaseHoldInput } from '../../workflows/release-hold.ts';
import { rolesOf } from '../contract/operations.ts';
import { actorOf, requireRole } from '../auth.ts';
import { conflict, forbidden, notFound, unprocessable } from '../problem.ts';
import { digest, idBytes, paramOr404, parse } from '../request-helpers.ts';
import { problemFromTemporal } from '../temporal-errors.ts';

export interface PrisonersDeps {
  client: Client;
  taskQueue: string;
  holdPolicy: HoldPolicy;
}

/** The discharge gate and everything that holds or releases a prisoner. */
export function prisonersRouter(deps: PrisonersDeps): Router {
  const router = Router();
  const { client } = deps;

  const prisonerNumber = (req: Request): string => paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such prisoner');
  /** Acting for a prison outside your caseload is refused; national roles act for any. */
  const assertActsFor = (actor: Actor, prisonCode: string) => {
    if (!canSeePrison(actor, prisonCode)) throw forbidden(`${prisonCode} is not in your caseload`);
  };
  const readHold = async (pn: string): Promise<HoldState | undefined> => {
    try {
      return await client.workflow.getHandle(holdWorkflowId(pn)).query(getHoldState);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw problemFromTemporal(err);
    }
  };
  /** The prisoner's hold as `actor` may see it: none, or a 404 when it belongs to a prison outside the caseload. */
  const readHoldFor = async (actor: Actor, pn: string, detail: string): Promise<HoldState | undefined> => {
    const hold = await readHold(pn);
    if (hold?.prisonCode && !canSeePrison(actor, hold.prisonCode)) throw notFound(detail);
    return hold;
  };
  /** Every change goes through one update on the prisoner's hold, starting it if need be. */
  const applyToHold = async (req: Request, pn: string, op: HoldOperation): Promise<HoldState> => {
    const traced = { correlationId: req.correlationId };
    try {
      return await client.workflow.executeUpdateWithStart(holdOperation, {
        args: [{ actor: actorOf(req), op, ...traced }],
        startWorkflowOperation: new WithStartWorkflowOperation(RELEASE_HOLD_WORKFLOW, {
          workflowId: holdWorkflowId(pn),
          taskQueue: deps.taskQueue,
          memo: correlationMemo(traced),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [{ prisonerNumber: pn, policy: deps.holdPolicy } satisfies ReleaseHoldInput],
        }),
      });
    } catch (err) {
      throw problemFromTemporal(err);
    }
  };
  /** A movement is recorded once it has happened: a time ahead of now is a 422 naming the field. */
  const assertHappened = (field: string, at: string | undefined) => {
    if (at && isFutureMovement(at, new Date())) throw unprocessable(`body.${field}`, 'is in the future: record a movement once it has happened');
  };
  const releaseStatus = (pn: string, hold: HoldState | undefined) => {
    const now = new Date();
    const override = hold ? usableOverride(hold, now) : undefined;
    return {
      prisonerNumber: pn,
      releasable: hold ? isReleasable(hold, now) : true,
      reasons: hold?.reasons ?? [],
      ...(override && hold?.reasons.length ? { override } : {}),
    };
  };

  router.get('/:prisonerNumber/release-status', requireRole(...rolesOf('getReleaseStatus')), async (req, res) => {
    const pn = prisonerNumber(req);
    res.json(releaseStatus(pn, await readHoldFor(actorOf(req), pn, 'No such prisoner')));
  });

  router.get('/:prisonerNumber/hold', requireRole(...rolesOf('getHold')), async (req, res) => {
    const pn = prisonerNumber(req);
    const hold = await readHoldFor(actorOf(req), pn, 'No hold for this prisoner');
    if (!hold) throw notFound('No hold for this prisoner');
    res.json(hold);
  });

  router.post('/:prisonerNumber/releases', requireRole(...rolesOf('recordRelease')), async (req, res) => {
    const actor = actorOf(req);
    const pn = prisonerNumber(req);
    const body = parse(recordReleaseSchema, req.body);
    assertActsFor(actor, body.prisonCode);
    assertHappened('releasedAt', body.releasedAt);
    const { bytes, keyed } = idBytes(req, `release:${pn}`);
    const id = `REL-${shortId(bytes)}`;
    const releasedAt = body.releasedAt ? new Date(body.releasedAt).toISOString() : new Date().toISOString();
    const state = await applyToHold(req, pn, { type: 'recordRelease', id, reason: body.reason, prisonCode: body.prisonCode, releasedAt });
    const release = state.releases.find((r) => r.id === id)!;
    if (keyed && (release.reason !== body.reason || release.prisonCode !== body.prisonCode || (body.releasedAt && release.releasedAt !== releasedAt))) {
      throw conflict('This Idempotency-Key was already used with a different request body');
    }
    res.status(201).location(`/api/prisoners/${pn}/release-status`).json(release);
  });

  router.post('/:prisonerNumber/holds', requireRole(...rolesOf('placeManualHold')), async (req, res) => {
    const actor = actorOf(req);
    const pn = prisonerNumber(req);
    const body = parse(placeManualHoldSchema, req.body);
    assertActsFor(actor, body.prisonCode);
    const { bytes, keyed } = idBytes(req, `hold:${pn}`);
    const key = `manual-${shortId(bytes)}`;
    const state = await applyToHold(req, pn, { type: 'addReason', kind: 'MANUAL', key, detail: body.reason, prisonCode: body.prisonCode });
    const reason = state.reasons.find((r) => r.key === key);
    if (keyed && reason && digest([reason.detail, reason.prisonCode]) !== digest([body.reason, body.prisonCode])) {
      throw conflict('This Idempotency-Key was already used with a different request body');
    }
    res.status(201).json(releaseStatus(pn, state));
  });

  router.post('/:prisonerNumber/custodial-status-changes', requireRole(...rolesOf('flagCustodialStatusChange')), async (req, res) => {
    const pn = prisonerNumber(req);
    const body = parse(flagStatusChangeSchema, req.body);
    // Keyed by the court case, so the hourly check flagging the same change again is harmless.
    const key = `court-${body.courtCaseReference.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
    const state = await applyToHold(req, pn, { type: 'addReason', kind: 'CUSTODIAL_STATUS_CHANGE', key, detail: body.detail, prisonCode: body.prisonCode });
    res.status(201).json(releaseStatus(pn, state));
  });

  for (const action of ['clear', 'progress'] as const) {
    router.post(`/:prisonerNumber/holds/:key/${action}`, requireRole(...rolesOf(`${action}HoldReason`)), async (req, res) => {
      const actor = actorOf(req);
      const pn = prisonerNumber(req);
      const { note } = parse(clearReasonSchema, req.body);
      const hold = await readHold(pn);
      const reason = hold?.reasons.find((r) => r.key === req.params.key);
      if (!hold || !reason || !canSeePrison(actor, reason.prisonCode)) throw notFound('No such hold reason');
      const op: HoldOperation = action === 'clear' ? { type: 'clearReason', key: reason.key, ...(note ? { note } : {}) } : { type: 'progressReason', key: reason.key, ...(note ? { note } : {}) };
      res.json(releaseStatus(pn, await applyToHold(req, pn, op)));
    });
  }

  router.post('/:prisonerNumber/overrides', requireRole(...rolesOf('overrideHold')), async (req, res) => {
    const actor = actorOf(req);
    const pn = prisonerNumber(req);
    const body = parse(overrideSchema, req.body);
    assertActsFor(actor, body.prisonCode);
    const id = `OVR-${shortId(idBytes(req, `override:${pn}`).bytes)}`;
    const state = await applyToHold(req, pn, { type: 'override', id, justification: body.justification, prisonCode: body.prisonCode });
    res.status(201).json(state.overrides.find((o) => o.id === id));
  });

  router.post('/:prisonerNumber/releases-in-error', requireRole(...rolesOf('reportReleaseInError')), async (req, res) => {
    const actor = actorOf(req);
    const pn = prisonerNumber(req);
    const body = parse(reportReleaseInErrorSchema, req.body);
    assertActsFor(actor, body.prisonCode);
    assertHappened('releasedAt', body.releasedAt);
    const incidentId = `RIE-${pn}-${shortId(idBytes(req, `rie:${pn}`).bytes)}`;
    await applyToHold(req, pn, { type: 'reportReleaseInError', incidentId, howFound: body.howFound, prisonCode: body.prisonCode, ...(body.releasedAt ? { releasedAt: body.releasedAt } : {}) });
    res.status(201).location(`/api/incidents/${incidentId}`).json({ incidentId });
  });

  router.post('/:prisonerNumber/returned-to-custody', requireRole(...rolesOf('returnedToCustody')), async (req, res) => {
    const actor = actorOf(req);
    const pn = prisonerNumber(req);
    const body = parse(returnedToCustodySchema, req.body);
    assertHappened('returnedAt', body.returnedAt);
    const hold = await readHoldFor(actor, pn, 'No release is recorded for this prisoner');
    if (!hold) throw notFound('No release is recorded for this prisoner');
    const state = await applyToHold(req, pn, { type: 'returnedToCustody', at: body.returnedAt ?? new Date().toISOString() });
    res.json({ prisonerNumber: pn, releases: state.releases, incidents: state.incidents });
  });

  return router;
}
