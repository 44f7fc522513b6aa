import { Router } from 'express';
import { closeIncidentSchema } from '../../domain/incident/schemas.ts';
import type { IncidentService } from '../../services/incident.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { incidentCountsQuerySchema, incidentIdSchema, incidentListQuerySchema } from '../contract/requests.ts';
import { paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/** Release-in-error incidents over HTTP: read, list, close, and count for the Justice Performance Board. */
export function incidentsRouter({ incidents }: { incidents: IncidentService }): Router {
  const router = Router(ROUTING);
  const id = (raw: unknown) => paramOr404(incidentIdSchema, raw, 'No such incident');

  router.get('/counts', requireRole(...rolesOf('countIncidents')), async (req, res) => {
    res.json(await incidents.countInMonth(parse(incidentCountsQuerySchema, req.query, 'query').month));
  });

  router.get('/', requireRole(...rolesOf('listIncidents')), async (req, res) => {
    res.json(await incidents.list(actorOf(req), parse(incidentListQuerySchema, req.query, 'query')));
  });

  router.get('/:id', requireRole(...rolesOf('getIncident')), async (req, res) => {
    res.json(await incidents.read(actorOf(req), id(req.params.id)));
  });

  router.post('/:id/close', requireRole(...rolesOf('closeIncident')), async (req, res) => {
    const incidentId = id(req.params.id);
    res.json(await incidents.close(actorOf(req), incidentId, parse(closeIncidentSchema, req.body), traced(req)));
  });

  return router;
}
