/**
 * What a service refuses, in the service's own words; the API and the pages each translate it
 * (a problem+json, an error page). Temporal's own errors are translated in the same place.
 */
/** INVALID: malformed in a way only the service can see (a page token from other filters). */
export type CaseErrorKind = 'INVALID' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNPROCESSABLE';

export class CaseError extends Error {
  constructor(
    readonly kind: CaseErrorKind,
    message: string,
    /** For INVALID and UNPROCESSABLE: the field at fault, e.g. body.prisonCode. */
    readonly field?: string,
    /** Extra members for the answer, e.g. the reasons a release was refused. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CaseError';
  }
}

export const notFound = (message = 'Not found') => new CaseError('NOT_FOUND', message);
export const forbidden = (message: string) => new CaseError('FORBIDDEN', message);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new CaseError('CONFLICT', message, undefined, extensions);
/** Well-formed, but it cannot be so: names the field. */
export const unprocessable = (field: string, message: string) => new CaseError('UNPROCESSABLE', message, field);
/** A retry with the same Idempotency-Key but another body: the key names the first request only. */
export const sameBody = () => conflict('This Idempotency-Key was already used with a different request body');
