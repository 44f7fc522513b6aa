/** Formatting shared by emails and pages: pure, no I/O. */

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

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

/** An instant as the people using Release Guard read it: Europe/London, GMT or BST named. */
export const londonTime = (isoInstant: string | null): string =>
  isoInstant ? LONDON.format(new Date(isoInstant)) : 'none running';
