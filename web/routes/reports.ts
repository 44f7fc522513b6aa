import { Router, type Request } from 'express';
import { hasRole } from '../../domain/actors.ts';
import { LATE_REPORTING_NOTE } from '../../domain/reports/releases-in-error.ts';
import { reportQuerySchema } from '../../api/contract/requests.ts';
import { REPORT_READERS } from '../../api/contract/operations.ts';
import { forbidden, notFound } from '../../services/errors.ts';
import type { Services } from '../../services/index.ts';
import { periodFor, REPORT_NAMES, type ReportName } from '../../services/reports.ts';
import { barChart, columnChart, type ChartPoint } from '../charts.ts';
import { fromZod } from '../form-errors.ts';
import { labelOf } from '../nunjucks.ts';

const entries = (record: Record<string, number>): ChartPoint[] => Object.entries(record).map(([label, value]) => ({ label: labelOf(label), value }));

/**
 * The Performance Board's figures as pages: a dashboard of the headline figures, a page for each
 * report, and its CSV. Prisons see their own; the unit's lead sees every prison.
 */
export function reportRoutes(services: Services): Router {
  const router = Router();
  const { reports } = services;

  /** The period from the form, or its errors; the financial year so far when nothing is asked. */
  const periodOf = (req: Request) => {
    if (!hasRole(req.actor!, ...REPORT_READERS)) throw forbidden('Prison staff, duty governors and the query unit’s lead read the figures');
    const parsed = reportQuerySchema.safeParse(req.query);
    const fallback = periodFor({}, new Date());
    if (!parsed.success) return { period: fallback, errors: fromZod(parsed.error), values: req.query };
    return { period: periodFor(parsed.data, new Date()), values: req.query };
  };
  const scopeText = (req: Request) => {
    const scope = reports.scopeOf(req.actor!);
    return scope.national ? 'Every prison' : `Your prisons: ${scope.prisons.join(', ') || 'none'}`;
  };

  router.get('/reports', async (req, res) => {
    const { period, errors, values } = periodOf(req);
    const [rie, queries, gate] = await Promise.all([reports.releasesInError(req.actor!, period), reports.urgentQueries(req.actor!, period), reports.gate(req.actor!, period)]);
    const thisYear = rie.financialYears.at(-1);
    res.status(errors ? 400 : 200).render('reports/dashboard', {
      title: 'Figures',
      period,
      errors,
      values,
      scope: scopeText(req),
      rie,
      queries,
      gate,
      thisYear,
      charts: {
        rie: columnChart(rie.byMonth.map((m) => ({ label: m.month, value: m.counted })), 'Releases in error by month of release'),
        prevented: columnChart(gate.byMonth.map((m) => ({ label: m.month, value: m.releasesPrevented })), 'Releases prevented by the gate by month'),
        queries: columnChart(queries.byMonth.map((m) => ({ label: m.month, value: m.handled })), 'Urgent queries handled by month raised'),
      },
    });
  });

  router.get('/reports/releases-in-error', async (req, res) => {
    const { period, errors, values } = periodOf(req);
    const rie = await reports.releasesInError(req.actor!, period);
    res.status(errors ? 400 : 200).render('reports/releases-in-error', {
      title: 'Releases in error',
      period,
      errors,
      values,
      scope: scopeText(req),
      rie,
      note: LATE_REPORTING_NOTE,
      charts: {
        byMonth: columnChart(rie.byMonth.map((m) => ({ label: m.month, value: m.counted })), 'Releases in error by month of release'),
        byCause: barChart(entries(rie.byCause), 'Releases in error by cause'),
        byPrison: barChart(entries(rie.byPrison), 'Releases in error by prison'),
      },
    });
  });

  router.get('/reports/urgent-queries', async (req, res) => {
    const { period, errors, values } = periodOf(req);
    const queries = await reports.urgentQueries(req.actor!, period);
    const byCategory: Record<string, number> = {};
    for (const m of queries.byMonth) for (const [c, n] of Object.entries(m.byCategory)) byCategory[c] = (byCategory[c] ?? 0) + n;
    res.status(errors ? 400 : 200).render('reports/urgent-queries', {
      title: 'Urgent queries',
      period,
      errors,
      values,
      scope: scopeText(req),
      queries,
      charts: {
        byMonth: columnChart(queries.byMonth.map((m) => ({ label: m.month, value: m.handled })), 'Urgent queries handled by month raised'),
        byCategory: barChart(entries(byCategory).filter((p) => p.value > 0), 'Urgent queries by category'),
        breaches: barChart(Object.entries(queries.breachesByLevel).map(([level, value]) => ({ label: `Level ${level}`, value })), 'Breaches by the escalation level reached'),
      },
    });
  });

  router.get('/reports/gate', async (req, res) => {
    const { period, errors, values } = periodOf(req);
    const gate = await reports.gate(req.actor!, period);
    res.status(errors ? 400 : 200).render('reports/gate', {
      title: 'The discharge gate',
      period,
      errors,
      values,
      scope: scopeText(req),
      gate,
      charts: {
        byMonth: columnChart(gate.byMonth.map((m) => ({ label: m.month, value: m.releasesPrevented })), 'Releases prevented by month'),
        byKind: barChart(entries(gate.preventedByReasonKind), 'Releases prevented by reason kind'),
      },
    });
  });

  router.get('/reports/:name.csv', async (req, res) => {
    const name = REPORT_NAMES.find((n) => n === req.params.name) as ReportName | undefined;
    if (!name) throw notFound('No such report');
    const { period, errors } = periodOf(req);
    if (errors) return res.status(400).render('error', { title: 'Check the period', message: errors.list.map((e) => e.text).join('. ') });
    const csv = await reports.csv(name, req.actor!, period);
    res.type('text/csv; charset=utf-8').attachment(csv.filename).send(csv.body);
  });
  return router;
}
