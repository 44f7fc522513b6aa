import { escapeHtml, type RenderedMail } from '../../domain/format.ts';

/**
 * One layout for every case email: a fixed headline, a table of facts, a link. The subject is
 * `[Release Guard] {tag} {reference}: {headline}` and so carries no personal data.
 */
export function renderCaseMail(
  tag: string,
  reference: string,
  headline: string,
  rows: [string, string][],
  link: string,
): RenderedMail {
  const subject = `[Release Guard] ${tag} ${reference}: ${headline}`;
  const text = [headline, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Open the case: ${link}`].join('\n');
  const html = [
    `<p>${escapeHtml(headline)}</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(link)}">Open the case</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
