import { londonTime, type RenderedMail } from '../../domain/format.ts';
import type { Alert } from '../../domain/urgent-query/query-state.ts';
import { renderCaseMail } from './case-mail.ts';

/**
 * The subject carries only the reference, urgency and a fixed headline: no name, no prisoner
 * number, nothing personal, because subjects travel through systems that log them.
 */
export function renderQueryAlert(alert: Alert, baseUrl: string): RenderedMail {
  const link = `${baseUrl.replace(/\/$/, '')}/api/urgent-queries/${alert.reference}`;
  const rows: [string, string][] = [
    ['Reference', alert.reference],
    ['Prison', alert.prisonCode],
    ['Prisoner number', alert.prisonerNumber],
    ['Category', alert.category],
    ['Urgency', alert.urgency],
    ['Deadline', londonTime(alert.deadline)],
    ...(alert.level ? ([['Escalation level', String(alert.level)]] as [string, string][]) : []),
  ];
  return renderCaseMail(alert.urgency, alert.reference, alert.headline, rows, link);
}
