import type { Alert } from '../../domain/urgent-query/query-state.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

export const londonTime = (isoInstant: string | null): string => (isoInstant ? LONDON.format(new Date(isoInstant)) : 'none running');

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The subject carries only the reference, urgency and a fixed headline: no name, no prisoner
 * number, nothing personal, because subjects travel through systems that log them.
 */
export function renderQueryAlert(alert: Alert, baseUrl: string): RenderedMail {
  const link = `${baseUrl.replace(/\/$/, '')}/api/urgent-queries/${alert.reference}`;
  const subject = `[Release Guard] ${alert.urgency} ${alert.reference}: ${alert.headline}`;
  const rows: [string, string][] = [
    ['Reference', alert.reference],
    ['Prison', alert.prisonCode],
    ['Prisoner number', alert.prisonerNumber],
    ['Category', alert.category],
    ['Urgency', alert.urgency],
    ['Deadline', londonTime(alert.deadline)],
    ...(alert.level ? ([['Escalation level', String(alert.level)]] as [string, string][]) : []),
  ];
  const text = [alert.headline, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Open the query: ${link}`].join('\n');
  const html = [
    `<p>${escapeHtml(alert.headline)}</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(link)}">Open the query</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
