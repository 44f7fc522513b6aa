import { describe, expect, it } from 'vitest';
import { readResults, type Defendant } from '../../src/domain/court/hearing.ts';
import { RESULT_CODES } from '../../src/domain/court/result-codes.ts';

type Expected = 'INTO_CUSTODY' | 'OUT_OF_CUSTODY' | 'NO_CHANGE' | 'UNRECOGNISED';

const defendant = (results: { label: string; cjsCode?: string }[], bail?: string): Defendant => ({
  id: '6f1c1e0e-2b7a-4d8e-9a57-0c7f2f1b9a11',
  personDefendant: {
    personDetails: { firstName: 'Ford', lastName: 'Prefect' },
    ...(bail ? { bailStatus: { code: bail, description: `Bail status ${bail}` } } : {}),
  },
  offences: [
    {
      id: '0d7a4f9e-0b7c-4c59-9d2c-2f3f1f0a1b22',
      offenceTitle: 'Theft',
      judicialResults: results.map((r) => ({ ...r, orderedDate: '2026-11-27' })),
    },
  ],
});
const direction = (results: { label: string; cjsCode?: string }[], bail?: string): Expected => {
  const r = readResults(defendant(results, bail));
  return r.kind === 'CHANGE' ? r.direction : r.kind;
};

/** Real CJS result codes with the labels courts give them, each with the way it moves him. */
const BY_CODE: [string, string, Expected][] = [
  ['1002', 'Imprisonment 18 months', 'INTO_CUSTODY'],
  ['1003', "Detained during His Majesty's pleasure", 'INTO_CUSTODY'],
  ['1007', 'Detention under s.250 Sentencing Act 2020', 'INTO_CUSTODY'],
  ['1024', 'Detention in a young offender institution 9 months', 'INTO_CUSTODY'],
  ['1081', 'Detention and training order 4 months', 'INTO_CUSTODY'],
  ['1088', 'Hospital and limitation directions', 'INTO_CUSTODY'],
  ['1111', 'Return to prison', 'INTO_CUSTODY'],
  ['1121', 'Life imprisonment, minimum term 15 years', 'INTO_CUSTODY'],
  ['1501', 'Recall to prison', 'INTO_CUSTODY'],
  ['1507', 'Suspended sentence implemented', 'INTO_CUSTODY'],
  ['1510', 'Imprisonment in default of payment 7 days', 'INTO_CUSTODY'],
  ['3223', 'Suspended sentence put into operation in full', 'INTO_CUSTODY'],
  ['3226', 'Suspended sentence reduced and put into operation', 'INTO_CUSTODY'],
  ['4012', 'Remitted for sentence in custody', 'INTO_CUSTODY'],
  ['4016', 'Committed to Crown Court for sentence in custody', 'INTO_CUSTODY'],
  ['4028', 'Remanded in custody', 'INTO_CUSTODY'],
  ['4049', 'Remanded in custody after prosecution appeal against bail', 'INTO_CUSTODY'],
  ['4058', 'Remanded to youth detention accommodation', 'INTO_CUSTODY'],
  ['4531', 'Remanded in custody, bail refused', 'INTO_CUSTODY'],
  ['4539', 'Remanded to secure local authority accommodation', 'INTO_CUSTODY'],
  ['4560', 'Sent to Crown Court for trial in custody', 'INTO_CUSTODY'],
  ['4576', 'Warrant not backed for bail', 'INTO_CUSTODY'],
  ['4588', 'Remitted for trial in custody', 'INTO_CUSTODY'],
  ['1115', 'Suspended sentence of imprisonment 12 months, suspended for 24 months', 'OUT_OF_CUSTODY'],
  ['1134', 'Suspended sentence of detention in a young offender institution', 'OUT_OF_CUSTODY'],
  ['1089', 'Suspended sentence supervision order', 'OUT_OF_CUSTODY'],
  ['1018', 'Conditional discharge 12 months', 'OUT_OF_CUSTODY'],
  ['1017', 'Absolute discharge', 'OUT_OF_CUSTODY'],
  ['1008', 'Hospital order (s.37 Mental Health Act 1983)', 'OUT_OF_CUSTODY'],
  ['4582', 'Interim hospital order', 'OUT_OF_CUSTODY'],
  ['4536', 'Remanded to hospital for reports (s.35 Mental Health Act 1983)', 'OUT_OF_CUSTODY'],
  ['1116', 'Community order England / Wales', 'OUT_OF_CUSTODY'],
  ['1141', 'Youth rehabilitation order', 'OUT_OF_CUSTODY'],
  ['1097', 'Referral order 6 months', 'OUT_OF_CUSTODY'],
  ['1015', 'Fine £200', 'OUT_OF_CUSTODY'],
  ['1016', 'Bound over to keep the peace', 'OUT_OF_CUSTODY'],
  ['2004', 'Not guilty', 'OUT_OF_CUSTODY'],
  ['2050', 'No evidence offered, dismissed', 'OUT_OF_CUSTODY'],
  ['2051', 'Withdrawn', 'OUT_OF_CUSTODY'],
  ['2008', 'Ordered to lie on the file', 'OUT_OF_CUSTODY'],
  ['4027', 'Remanded on conditional bail', 'OUT_OF_CUSTODY'],
  ['4530', 'Bail with conditions: residence, curfew 19:00 to 07:00', 'OUT_OF_CUSTODY'],
  ['4542', 'Remanded on unconditional bail', 'OUT_OF_CUSTODY'],
  ['4559', 'Sent to Crown Court for trial on conditional bail', 'OUT_OF_CUSTODY'],
  ['4029', 'Remanded to local authority accommodation', 'OUT_OF_CUSTODY'],
  ['4537', 'Remanded to local authority accommodation, bail refused', 'OUT_OF_CUSTODY'],
  ['4533', 'Remanded in custody with a direction to release on bail once a surety is taken', 'OUT_OF_CUSTODY'],
  ['4017', 'Committed for sentence in custody with direction to release on bail', 'OUT_OF_CUSTODY'],
  ['4506', 'Adjourned', 'NO_CHANGE'],
  ['4005', 'Sentence deferred', 'NO_CHANGE'],
  ['4579', 'Guilty', 'NO_CHANGE'],
  ['3117', 'Victim surcharge £114', 'NO_CHANGE'],
  ['3011', 'Costs £85', 'NO_CHANGE'],
  ['3070', 'Disqualified from driving 12 months', 'NO_CHANGE'],
  ['3047', 'Restraining order', 'NO_CHANGE'],
  ['2514', 'Jury discharged, unable to reach a verdict', 'NO_CHANGE'],
  ['3045', 'Appeal against sentence dismissed', 'NO_CHANGE'],
];

/** Labels with no code (today's feed), read by whole phrases. */
const BY_LABEL: [string, Expected][] = [
  ['Remanded in custody', 'INTO_CUSTODY'],
  ['Imprisonment 18 months', 'INTO_CUSTODY'],
  ['Detention and training order 6 months', 'INTO_CUSTODY'],
  ['Recalled to prison', 'INTO_CUSTODY'],
  ['Committed to Crown Court for sentence in custody', 'INTO_CUSTODY'],
  ['Suspended sentence activated', 'INTO_CUSTODY'],
  ['Suspended sentence of imprisonment 12 months, suspended for 24 months', 'OUT_OF_CUSTODY'],
  ['Suspended sentence order', 'OUT_OF_CUSTODY'],
  ['Conditional discharge 12 months', 'OUT_OF_CUSTODY'],
  ['Hospital order', 'OUT_OF_CUSTODY'],
  ['Granted conditional bail', 'OUT_OF_CUSTODY'],
  ['Bail with conditions', 'OUT_OF_CUSTODY'],
  ['Remanded to local authority accommodation', 'OUT_OF_CUSTODY'],
  ['Not guilty', 'OUT_OF_CUSTODY'],
  ['Community order 12 months', 'OUT_OF_CUSTODY'],
  ['Time served', 'OUT_OF_CUSTODY'],
  ["One day's detention in the precincts of the court", 'INTO_CUSTODY'],
  ['Adjourned', 'NO_CHANGE'],
  ['Guilty plea', 'NO_CHANGE'],
  // Pointing both ways within one label, or unknown to every rule: a person reads it.
  ['Imprisonment 12 months suspended for 24 months', 'UNRECOGNISED'],
  ['Fine or imprisonment', 'UNRECOGNISED'],
  ['Remanded in custody - bail application adjourned, bail granted later', 'UNRECOGNISED'],
  ['Committed to the Crown Court for sentence', 'UNRECOGNISED'],
  ['Hybrid order', 'UNRECOGNISED'],
];

describe('reading a result by its CJS code', () => {
  it.each(BY_CODE)('%s "%s" is %s', (cjsCode, label, expected) => {
    expect(direction([{ cjsCode, label }])).toBe(expected);
  });
  it('has at least 60 real results in these tables', () => {
    expect(BY_CODE.length + BY_LABEL.length).toBeGreaterThanOrEqual(60);
  });
  it('trusts the code over a label that says otherwise', () => {
    expect(direction([{ cjsCode: '1115', label: 'Imprisonment 6 months' }])).toBe('OUT_OF_CUSTODY');
    expect(direction([{ cjsCode: '4028', label: 'Bail' }])).toBe('INTO_CUSTODY');
  });
  it('reads the label of "uncoded text result" (1000) and of a code the table does not know, and says so', () => {
    expect(direction([{ cjsCode: '1000', label: 'Remanded in custody' }])).toBe('INTO_CUSTODY');
    const r = readResults(defendant([{ cjsCode: '9999', label: 'Something new' }]));
    expect(r).toMatchObject({ kind: 'UNRECOGNISED' });
    expect(r.kind === 'UNRECOGNISED' && r.why).toMatch(
      /CJS code 9999 is not in the result table.*no rule recognises the result "Something new"/,
    );
  });
  it('lists every code once, each with a label for people', () => {
    for (const [code, entry] of RESULT_CODES) {
      expect(code).toMatch(/^[0-9]{4}$/);
      expect(entry.label.length).toBeGreaterThan(2);
    }
  });
});

describe('reading a result by its label when it has no code', () => {
  it.each(BY_LABEL)('"%s" is %s', (label, expected) => {
    expect(direction([{ label }])).toBe(expected);
  });
});

describe('a defendant with several results', () => {
  it('is held when custody is ordered on any matter, whatever the others say', () => {
    expect(
      direction([
        { cjsCode: '2004', label: 'Not guilty' },
        { cjsCode: '4531', label: 'Remanded in custody' },
      ]),
    ).toBe('INTO_CUSTODY');
    expect(direction([{ label: 'Suspended sentence order' }, { label: 'Recall to prison' }])).toBe('INTO_CUSTODY');
  });
  it('goes to a person when a result cannot be read and none holds him', () => {
    expect(direction([{ cjsCode: '2004', label: 'Not guilty' }, { label: 'Hybrid order' }])).toBe('UNRECOGNISED');
  });
  it('is released on this matter by a non-custodial sentence beside its ancillary orders', () => {
    expect(
      direction([
        { cjsCode: '1116', label: 'Community order' },
        { cjsCode: '3117', label: 'Victim surcharge' },
        { cjsCode: '3011', label: 'Costs' },
      ]),
    ).toBe('OUT_OF_CUSTODY');
  });
  it('reads the bail status only when no result moves him', () => {
    expect(direction([{ label: 'Adjourned' }], 'C')).toBe('INTO_CUSTODY');
    expect(direction([{ label: 'Adjourned' }], 'B')).toBe('OUT_OF_CUSTODY');
    expect(direction([{ cjsCode: '2004', label: 'Not guilty' }], 'C')).toBe('OUT_OF_CUSTODY');
    expect(direction([{ label: 'Adjourned' }])).toBe('NO_CHANGE');
  });
});
