import { describe, expect, it } from 'vitest';
import { courtSignatureProblem, signCourtResults } from '../../src/api/court-signature.ts';
import { custodialDirection, type Defendant } from '../../src/domain/court/hearing.ts';

const defendant = (labels: string[], bail?: string): Defendant => ({
  id: '6f1c1e0e-2b7a-4d8e-9a57-0c7f2f1b9a11',
  personDefendant: {
    personDetails: { firstName: 'Ann', lastName: 'Lee' },
    ...(bail ? { bailStatus: { code: bail, description: `Bail status ${bail}` } } : {}),
  },
  offences: [
    {
      id: '0d7a4f9e-0b7c-4c59-9d2c-2f3f1f0a1b22',
      offenceTitle: 'Theft',
      judicialResults: labels.map((label) => ({ label, orderedDate: '2026-11-27' })),
    },
  ],
});

describe('which way a court result moves someone', () => {
  it('reads custody from remands, custodial sentences and a custody bail status', () => {
    expect(custodialDirection(defendant(['Remanded in custody']))).toEqual({
      direction: 'INTO_CUSTODY',
      label: 'Remanded in custody',
    });
    expect(custodialDirection(defendant(['Imprisonment 18 months']))?.direction).toBe('INTO_CUSTODY');
    expect(custodialDirection(defendant(['Adjourned'], 'C'))?.direction).toBe('INTO_CUSTODY');
  });
  it('reads release from bail, acquittal and non-custodial outcomes', () => {
    expect(custodialDirection(defendant(['Granted conditional bail']))?.direction).toBe('OUT_OF_CUSTODY');
    expect(custodialDirection(defendant(['Not guilty']))?.direction).toBe('OUT_OF_CUSTODY');
    expect(custodialDirection(defendant(['Community order 12 months']))?.direction).toBe('OUT_OF_CUSTODY');
    expect(custodialDirection(defendant(['Adjourned'], 'U'))?.direction).toBe('OUT_OF_CUSTODY');
  });
  // Issue 26: Sheffield Crown Court's suspended sentence placed a custody reason on Ford Prefect's hold.
  it('does not read a suspended sentence, a conditional discharge or a hospital order as custody', () => {
    expect(
      custodialDirection(defendant(['Suspended sentence of imprisonment 12 months, suspended for 24 months'])),
    ).toEqual({
      direction: 'OUT_OF_CUSTODY',
      label: 'Suspended sentence of imprisonment 12 months, suspended for 24 months',
    });
    expect(custodialDirection(defendant(['Conditional discharge 12 months']))?.direction).toBe('OUT_OF_CUSTODY');
    expect(custodialDirection(defendant(['Hospital order']))?.direction).toBe('OUT_OF_CUSTODY');
  });
  it('does not guess at a result no rule recognises, nor at one pointing both ways', () => {
    expect(custodialDirection(defendant(['Imprisonment 12 months suspended for 24 months']))).toBeNull();
    expect(custodialDirection(defendant(['Fine or imprisonment']))).toBeNull();
  });
  it('lets custody win when results point both ways, and says nothing for an adjournment', () => {
    expect(custodialDirection(defendant(['Not guilty', 'Remanded in custody']))?.direction).toBe('INTO_CUSTODY');
    expect(custodialDirection(defendant(['Adjourned']))).toBeNull();
  });
});

describe('the court-results signature', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters';
  const body = Buffer.from('{"hearing":{}}');
  const now = Date.parse('2026-11-27T12:00:00Z');
  const at = now / 1000;
  it('accepts its own signature within the tolerance, either side', () => {
    expect(courtSignatureProblem(signCourtResults(secret, body, at), body, secret, 300, now)).toBeNull();
    expect(courtSignatureProblem(signCourtResults(secret, body, at - 299), body, secret, 300, now)).toBeNull();
    expect(courtSignatureProblem(signCourtResults(secret, body, at + 299), body, secret, 300, now)).toBeNull();
  });
  it('refuses a stale or future timestamp, another body, another secret, and nonsense', () => {
    expect(courtSignatureProblem(signCourtResults(secret, body, at - 301), body, secret, 300, now)).toMatch(/too far/);
    expect(courtSignatureProblem(signCourtResults(secret, body, at + 301), body, secret, 300, now)).toMatch(/too far/);
    expect(
      courtSignatureProblem(signCourtResults(secret, body, at), Buffer.from('{"hearing":{ }}'), secret, 300, now),
    ).toMatch(/does not match/);
    expect(
      courtSignatureProblem(
        signCourtResults('another-secret-of-at-least-32-characters!', body, at),
        body,
        secret,
        300,
        now,
      ),
    ).toMatch(/does not match/);
    expect(courtSignatureProblem('t=abc,v1=00', body, secret, 300, now)).toMatch(/not t=/);
    expect(courtSignatureProblem(undefined, body, secret, 300, now)).toMatch(/missing/);
  });
});
