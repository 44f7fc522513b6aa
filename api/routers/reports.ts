import { Router, type Request, type Response } from 'express';
import { gateRows, releasesInErrorRows, toCsv, urgentQueriesRows, type CsvRow } from '../../domain/reports/csv.ts';
import { financialYearToDate, londonMonth, type ReportPeriod } from '../../domain/reports/periods.ts';
import type { ReportService } from '../../services/reports.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { reportQuerySchema } from '../contract/requests.ts';
import { parse } from '../request-helpers.ts';

/** The period asked for, or the financial year so far; `wantsCsv` from `format=csv` or an Accept that prefers CSV. */
export function reportRequest(req: Request): { period: ReportPeriod; wantsCsv: boolean } {
  const { from, to, format } = parse(reportQuerySchema, req.query, 'query');
  const fallback = financialYearToDate(londonMonth(new Date().toISOString()));
  const period = { from: from ?? (to && to < fallback.from ? `${to.slice(0, 4)}-01` : fallback.from), to: to ?? fallback.to };
  if (period.from > period.to) period.from = period.to;
  return { period, wantsCsv: format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv' };
}

/** The Performance Board's reports over HTTP, as JSON or CSV. */
export function reportsRouter({ reports }: { reports: ReportService }): Router {
  const router = Router();
  const serve = <R>(name: string, operationId: string, compute: (actor: ReturnType<typeof actorOf>, p: ReportPeriod) => Promise<R>, rows: (r: R) => CsvRow[]) =>
    router.get(`/${name}`, requireRole(...rolesOf(operationId)), async (req: Request, res: Response) => {
      const { period, wantsCsv } = reportRequest(req);
      const report = await compute(actorOf(req), period);
      if (!wantsCsv) return void res.json(report);
      res.type('text/csv; charset=utf-8').attachment(`${name}-${period.from}-to-${period.to}.csv`).send(toCsv(rows(report)));
    });
  serve('releases-in-error', 'reportReleasesInError', reports.releasesInError, releasesInErrorRows);
  serve('urgent-queries', 'reportUrgentQueries', reports.urgentQueries, urgentQueriesRows);
  serve('gate', 'reportGate', reports.gate, gateRows);
  return router;
}
