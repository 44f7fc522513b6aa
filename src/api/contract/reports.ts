import type { Role } from '../../domain/actors.ts';
import * as requests from './requests.ts';
import * as responses from './responses/reports.ts';
import { TAGS, type Operation } from './shared.ts';

/** Leaders read the figures: the unit's lead nationally, prison staff and governors for their own prisons. */
export const REPORT_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'];
const SCOPED = 'Prison staff and duty governors see their own prisons’ figures; the unit’s lead sees every prison’s.';

/** The figures, served by routers/reports.ts. */
export const REPORT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/reports/releases-in-error',
    operationId: 'reportReleasesInError',
    summary:
      'Releases in error by month of release, prison and cause, with financial-year totals and the change on the year before',
    description: `Incidents outside the official definition (an HMCTS administrative error, or a person never in HMPPS custody) are counted apart. Recent months rise as late-found cases are reported. ${SCOPED}`,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [
      { status: 200, description: 'The figures', schema: responses.releasesInErrorReportSchema, alsoCsv: true },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/reports/urgent-queries',
    operationId: 'reportUrgentQueries',
    summary:
      'Urgent queries handled by month, urgency and category; targets met; time to answer; breaches by escalation level; answered before the release',
    description: `Counted by the month a query was raised, once it has finished. ${SCOPED}`,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [{ status: 200, description: 'The figures', schema: responses.urgentQueriesReportSchema, alsoCsv: true }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/reports/gate',
    operationId: 'reportGate',
    summary:
      'Releases recorded at the discharge gate, releases it prevented by reason kind, and overrides with who authorised them',
    description: SCOPED,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [{ status: 200, description: 'The figures', schema: responses.gateReportSchema, alsoCsv: true }],
    errors: [422],
  },
];
