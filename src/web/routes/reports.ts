import type { Request } from 'express';
import type { GateReport } from '../../domain/reports/gate.ts';
import { LATE_REPORTING_NOTE, type ReleasesInErrorReport } from '../../domain/reports/releases-in-error.ts';
import type { UrgentQueriesReport } from '../../domain/reports/urgent-queries.ts';
import { reportQuerySchema } from '../../api/contract/requests.ts';
import type { Services } from '../../services/index.ts';
import { periodFor, type ReportName } from '../../services/reports.ts';
import { barChart, columnChart, type ChartPoint } from '../charts.ts';
import { fromZod } from '../form-errors.ts';
import { labelOf } from '../nunjucks.ts';
import type { PageRouter } from '../page-router.ts';

const entries = (record: Record<string, number>): ChartPoint[] =>
  Object.entries(record).map(([label, value]) => ({ label: labelOf(label), value }));

/** The monthly charts the summary and the report pages share. */
const monthly = {
  releasesInError: (rie: ReleasesInErrorReport) =>
    columnChart(
      rie.byMonth.map((m) => ({ label: m.month, value: m.counted })),
      'Releases in error by month of release',
    ),
  prevented: (gate: GateReport) =>
    columnChart(
      gate.byMonth.map((m) => ({ label: m.month, value: m.releasesPrevented })),
      'Releases prevented by the gate by month',
    ),
  queries: (queries: UrgentQueriesReport) =>
    columnChart(
      queries.byMonth.map((m) => ({ label: m.month, value: m.handled })),
      'Urgent queries handled by month raised',
    ),
};

/**
 * The Performance Board's figures as pages: a dashboard of the headline figures, a page for each
 * report, and its CSV. Prisons see their own; the unit's lead sees every prison.
 */
export function reportRoutes(pages: PageRouter, services: Services): void {
  // Read when a page is asked for, not when it is mounted (the declarations are listed without services).
  const reports = () => services.reports;

  /**
   * What every figures page starts from: the period from the form (the financial year so far when
   * nothing is asked, or when what was asked is wrong, with its errors), and whose figures they are.
   */
  const pageOf = (req: Request) => {
    const parsed = reportQuerySchema.safeParse(req.query);
    const errors = parsed.success ? undefined : fromZod(parsed.error);
    const period = periodFor(parsed.success ? parsed.data : {}, new Date());
    const scope = reports().scopeOf(req.actor!);
    const scopeText = scope.national ? 'Every prison' : `Your prisons: ${scope.prisons.join(', ') || 'none'}`;
    return {
      period,
      errors,
      status: errors ? 400 : 200,
      locals: { period, errors, values: req.query, scope: scopeText },
    };
  };

  pages.get('/reports', ['reportReleasesInError', 'reportUrgentQueries', 'reportGate'], async (req, res) => {
    const { period, status, locals } = pageOf(req);
    const [rie, queries, gate] = await Promise.all([
      reports().releasesInError(req.actor!, period),
      reports().urgentQueries(req.actor!, period),
      reports().gate(req.actor!, period),
    ]);
    const thisYear = rie.financialYears.at(-1);
    res.status(status).render('reports/dashboard', {
      ...locals,
      title: 'Figures',
      rie,
      queries,
      gate,
      thisYear,
      charts: {
        rie: monthly.releasesInError(rie),
        prevented: monthly.prevented(gate),
        queries: monthly.queries(queries),
      },
    });
  });

  pages.get('/reports/releases-in-error', ['reportReleasesInError'], async (req, res) => {
    const { period, status, locals } = pageOf(req);
    const rie = await reports().releasesInError(req.actor!, period);
    res.status(status).render('reports/releases-in-error', {
      ...locals,
      title: 'Releases in error',
      rie,
      note: LATE_REPORTING_NOTE,
      charts: {
        byMonth: monthly.releasesInError(rie),
        byCause: barChart(entries(rie.byCause), 'Releases in error by cause'),
        byPrison: barChart(entries(rie.byPrison), 'Releases in error by prison'),
      },
    });
  });

  pages.get('/reports/urgent-queries', ['reportUrgentQueries'], async (req, res) => {
    const { period, status, locals } = pageOf(req);
    const queries = await reports().urgentQueries(req.actor!, period);
    const byCategory: Record<string, number> = {};
    for (const m of queries.byMonth)
      for (const [c, n] of Object.entries(m.byCategory)) byCategory[c] = (byCategory[c] ?? 0) + n;
    res.status(status).render('reports/urgent-queries', {
      ...locals,
      title: 'Urgent queries',
      queries,
      charts: {
        byMonth: monthly.queries(queries),
        byCategory: barChart(
          entries(byCategory).filter((p) => p.value > 0),
          'Urgent queries by category',
        ),
        breaches: barChart(
          Object.entries(queries.breachesByLevel).map(([level, value]) => ({ label: `Level ${level}`, value })),
          'Breaches by the escalation level reached',
        ),
      },
    });
  });

  pages.get('/reports/gate', ['reportGate'], async (req, res) => {
    const { period, status, locals } = pageOf(req);
    const gate = await reports().gate(req.actor!, period);
    res.status(status).render('reports/gate', {
      ...locals,
      title: 'The discharge gate',
      gate,
      charts: {
        byMonth: monthly.prevented(gate),
        byKind: barChart(entries(gate.preventedByReasonKind), 'Releases prevented by reason kind'),
      },
    });
  });

  // Each report's CSV is its own page, under its own operation.
  const csvOf: [ReportName, string][] = [
    ['releases-in-error', 'reportReleasesInError'],
    ['urgent-queries', 'reportUrgentQueries'],
    ['gate', 'reportGate'],
  ];
  for (const [name, operationId] of csvOf) {
    pages.get(`/reports/${name}.csv`, [operationId], async (req, res) => {
      const { period, errors } = pageOf(req);
      if (errors)
        return res
          .status(400)
          .render('error', { title: 'Check the period', message: errors.list.map((e) => e.text).join('. ') });
      const csv = await reports().csv(name, req.actor!, period);
      res.type('text/csv; charset=utf-8').attachment(csv.filename).send(csv.body);
    });
  }
}
