import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CaseError } from '../../src/services/errors.ts';
import { londonInstant, londonParts } from '../../src/web/dates.ts';
import { formErrors, fromCaseError, fromZod } from '../../src/web/form-errors.ts';
import { dueSoon, timeLeft } from '../../src/web/nunjucks.ts';

describe('dates typed into a GOV.UK date input', () => {
  const form = (day: string, month: string, year: string, hour = '', minute = '') => ({
    'r-day': day,
    'r-month': month,
    'r-year': year,
    'r-hour': hour,
    'r-minute': minute,
  });

  it('reads London time: BST in summer, GMT in winter', () => {
    expect(londonInstant(form('1', '7', '2027', '09', '30'), 'r')).toBe('2027-07-01T08:30:00Z');
    expect(londonInstant(form('1', '12', '2027', '09', '30'), 'r')).toBe('2027-12-01T09:30:00Z');
  });

  it('takes midday when no time is given, and nothing when the date is blank', () => {
    expect(londonInstant(form('3', '3', '2027'), 'r')).toBe('2027-03-03T12:00:00Z');
    expect(londonInstant(form('', '', ''), 'r')).toBeUndefined();
  });

  it('calls impossible or short-year dates invalid rather than guessing (31 February, year 26, a time without a date)', () => {
    expect(londonInstant(form('31', '2', '2027'), 'r')).toBe('invalid');
    expect(londonInstant(form('1', '1', '26'), 'r')).toBe('invalid');
    expect(londonInstant(form('', '', '', '10', '00'), 'r')).toBe('invalid');
  });

  it('gives an instant back as the parts a person typed', () => {
    expect(londonParts('2027-07-01T08:30:00Z', 'r')).toEqual({
      'r-day': '1',
      'r-month': '7',
      'r-year': '2027',
      'r-hour': '09',
      'r-minute': '30',
    });
  });
});

describe('form errors', () => {
  it('names each field once, as a sentence, with a link to it', () => {
    const parsed = z
      .object({ question: z.string().min(10), plannedRelease: z.string() })
      .safeParse({ question: 'short' });
    const errors = fromZod(parsed.error!);
    expect(errors.list.map((e) => e.href)).toEqual(['#question', '#plannedRelease']);
    expect(errors.byField.question!.text).toBe('Question must be 10 characters or more');
    expect(errors.byField.plannedRelease!.text).toBe('Enter the planned release');
  });

  it('keeps a message the schema wrote itself', () => {
    const parsed = z
      .object({ evidence: z.string().min(1, 'Say what the answer rests on') })
      .safeParse({ evidence: '' });
    expect(fromZod(parsed.error!).byField.evidence!.text).toBe('Say what the answer rests on');
  });

  it('names a choice not made, and a date by its name not its part', () => {
    const parsed = z.object({ reason: z.enum(['RELEASED', 'TRANSFERRED']) }).safeParse({ reason: 'X' });
    expect(fromZod(parsed.error!).byField.reason!.text).toBe('Choose the reason');
    const date = z.object({ when: z.iso.datetime() }).safeParse({ when: 'invalid' });
    expect(fromZod(date.error!, () => 'newReleaseDate-day').byField['newReleaseDate-day']!.text).toBe(
      'Enter a valid new release date',
    );
  });

  it('keeps the first message for a field given twice', () => {
    expect(
      formErrors([
        ['reason', 'Choose a movement'],
        ['reason', 'Another'],
      ]).byField.reason!.text,
    ).toBe('Choose a movement');
  });

  it('shows a refusal naming body.field against that field, and others against the fallback', () => {
    expect(
      fromCaseError(new CaseError('INVALID', 'Too many reasons', 'body.prisonerNumber'), 'x')!.byField.prisonerNumber!
        .text,
    ).toBe('Too many reasons');
    expect(fromCaseError(new CaseError('INVALID', 'No'), 'reason')!.list[0]!.href).toBe('#reason');
    expect(fromCaseError(new Error('boom'), 'reason')).toBeNull();
  });
});

describe('time left to a deadline', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('reads in minutes, hours or days, and says when it is overdue', () => {
    expect(timeLeft('2026-11-27T12:45:00Z', now)).toBe('45 min left');
    expect(timeLeft('2026-11-27T14:30:00Z', now)).toBe('2 h 30 min left');
    expect(timeLeft('2026-11-30T12:00:00Z', now)).toBe('3 days left');
    expect(timeLeft('2026-11-27T11:00:00Z', now)).toBe('Overdue by 1 h 0 min');
    expect(timeLeft(null, now)).toBe('No deadline');
  });

  it('warns within the last hour, but not once passed (then it is a breach)', () => {
    expect(dueSoon('2026-11-27T12:59:00Z', now)).toBe(true);
    expect(dueSoon('2026-11-27T13:01:00Z', now)).toBe(false);
    expect(dueSoon('2026-11-27T11:59:00Z', now)).toBe(false);
    expect(dueSoon(null, now)).toBe(false);
  });
});
