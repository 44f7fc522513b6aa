import { Router } from 'express';
import type { Actor } from '../../domain/actors.ts';
import type { ReportPeriod } from '../../domain/reports/periods.ts';
import { periodFor, type ReportName, type ReportService } from '../../services/reports.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { reportQuerySchema } from '../contract/requests.ts';
import { parse } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/** The Performance Board's reports over HTTP: JSON, or CSV for `format=csv` or an Accept that prefers it. */
export function reportsRouter({ reports }: { reports: ReportService }): Router {
  const router = Router(ROUTING);
  const serve = (
    name: ReportName,
    operationId: string,
    compute: (actor: Actor, period: ReportPeriod) => Promise<unknown>,
  ) =>
    router.get(`/${name}`, requireRole(...rolesOf(operationId)), async (req, res) => {
      const { from, to, format } = parse(reportQuerySchema, req.query, 'query');
      const period = periodFor({ from, to }, new Date());
      const wantsCsv = format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
      if (!wantsCsv) return void res.json(await compute(actorOf(req), period));
      const csv = await reports.csv(name, actorOf(req), period);
      res.type('text/csv; charset=utf-8').attachment(csv.filename).send(csv.body);
    });
  serve('releases-in-error', 'reportReleasesInError', reports.releasesInError);
  serve('urgent-queries', 'reportUrgentQueries', reports.urgentQueries);
  serve('gate', 'reportGate', reports.gate);
  return router;
}
