import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { classifySmtpError, headerReference, messageIdFor } from '../../src/activities/mail.ts';
import { renderQueryAlert } from '../../src/activities/templates/urgent-query-alert.ts';

describe('mail', () => {
  it('treats 5xx as permanent and everything else as transient', () => {
    const permanent = classifySmtpError({ responseCode: 550, message: 'no such user' }) as ApplicationFailure;
    expect(permanent).toMatchObject({ type: 'SMTP_PERMANENT', nonRetryable: true });
    for (const err of [{ responseCode: 451 }, { code: 'ECONNREFUSED' }, new Error('socket hang up')]) {
      expect(classifySmtpError(err)).toMatchObject({ type: 'SMTP_TRANSIENT', nonRetryable: false });
    }
  });
  it('derives a stable, valid Message-ID from the workflow and the alert', () => {
    expect(messageIdFor('UQ-MDI-AAAAAAAA', 'warning-ANSWER:CRITICAL:2026-11-23T10:00:00.000Z:0.5', 'rg.test')).toBe(
      '<UQ-MDI-AAAAAAAA.warning-ANSWER-CRITICAL-2026-11-23T10-00-00.000Z-0.5@rg.test>',
    );
  });
  it('keeps the prisoner number and question out of the subject line', () => {
    const mail = renderQueryAlert(
      {
        key: 'k',
        kind: 'ESCALATION',
        to: ['a@b'],
        reference: 'UQ-MDI-AAAAAAAA',
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'WARRANT_MISSING',
        urgency: 'CRITICAL',
        headline: 'Escalation level 2: query needs action',
        deadline: '2026-07-01T09:00:00Z',
        level: 2,
      },
      'https://rg.example/',
    );
    expect(mail.subject).toBe('[Release Guard] CRITICAL UQ-MDI-AAAAAAAA: Escalation level 2: query needs action');
    expect(mail.subject).not.toMatch(/A1234BC/);
    expect(mail.text).toContain('Prisoner number: A1234BC');
    expect(mail.text).toContain('BST'); // deadlines are shown in London time
    expect(mail.text).toContain('https://rg.example/api/urgent-queries/UQ-MDI-AAAAAAAA');
  });
});

describe('headerReference', () => {
  const key = new TextEncoder().encode('a-test-key-for-header-references');
  it('hides the prisoner number in a hold’s or an incident’s id, the same way every time', () => {
    const hold = headerReference('RH-A1234BC', key);
    expect(hold).toMatch(/^RH-P[0-9A-F]{12}$/);
    expect(headerReference('RH-A1234BC', key)).toBe(hold);
    expect(headerReference('RH-A1234BD', key)).not.toBe(hold);
    expect(headerReference('RIE-A1234BC-QA6AV9QC', key)).toMatch(/^RIE-P[0-9A-F]{12}-QA6AV9QC$/);
  });
  it('leaves alone ids that name no prisoner, even where a run of characters looks like a number', () => {
    for (const id of ['VN-A1234BCX', 'UQ-MDI-B2345CD9', 'VN-FC9WM88X']) expect(headerReference(id, key)).toBe(id);
  });
});
