import type { ZodError } from 'zod';
import { CaseError } from '../services/errors.ts';

/** A form's errors as GOV.UK's error summary and fields take them: one message per field. */
export interface FormErrors {
  list: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

const sentence = (field: string, message: string) => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /^[A-Z]/.test(message)
    ? text
    : `${field
        .replace(/([A-Z])/g, ' $1')
        .toLowerCase()
        .replace(/^./, (c) => c.toUpperCase())} ${message}`;
};

export function formErrors(entries: [field: string, message: string][]): FormErrors {
  const byField: FormErrors['byField'] = {};
  for (const [field, message] of entries) byField[field] ??= { text: sentence(field, message) };
  return { list: Object.entries(byField).map(([field, { text }]) => ({ text, href: `#${field}` })), byField };
}

const words = (field: string) =>
  field
    .replace(/-(day|month|year|hour|minute)$/, '')
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase();

/**
 * Zod's own default messages ("Too small: expected string to have >=10 characters") are for
 * developers; a person gets the GOV.UK kind ("Question must be 10 characters or more"). Messages a
 * schema wrote itself are kept.
 */
function humane(issue: ZodError['issues'][number], field: string): string {
  const name = words(field);
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  if (!/^(Too small|Too big|Invalid input|Invalid option|Invalid string|Invalid ISO)/.test(issue.message))
    return issue.message;
  const bound =
    (issue as { minimum?: number | bigint; maximum?: number | bigint }).minimum ??
    (issue as { maximum?: number | bigint }).maximum;
  const origin = (issue as { origin?: string }).origin;
  if (issue.code === 'too_small' && origin === 'string')
    return Number(bound) <= 1 ? `Enter the ${name}` : `${Name} must be ${bound} characters or more`;
  if (issue.code === 'too_big' && origin === 'string') return `${Name} must be ${bound} characters or fewer`;
  if (issue.code === 'too_small' || issue.code === 'too_big')
    return `${Name} must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound}`;
  if (issue.code === 'invalid_value') return `Choose the ${name}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `Enter the ${name}`;
  return `Enter a valid ${name}`;
}

/** The API's own validation, read for a form: the same zod schema, the same rules, one message per field. */
export const fromZod = (error: ZodError, fieldFor: (path: string) => string = (p) => p): FormErrors =>
  formErrors(
    error.issues.map((issue) => {
      const field = fieldFor(issue.path.join('.'));
      return [field, humane(issue, field)];
    }),
  );

/** A refusal from a service that names a field (`body.prisonerNumber`), shown against that field. */
export function fromCaseError(err: unknown, fallbackField: string): FormErrors | null {
  if (!(err instanceof CaseError)) return null;
  const field = err.field?.replace(/^(body|query)\./, '') ?? fallbackField;
  return formErrors([[field, err.message]]);
}
