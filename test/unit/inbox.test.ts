import { describe, expect, it } from 'vitest';
import {
  extractIdentifiers,
  filingOutcome,
  readDate,
  subjectsOf,
  type RegisterIdentity,
} from '../../src/domain/inbox/inbox.ts';
import type { MatchDecision } from '../../src/domain/court/matching.ts';

describe('identifiers in a misdirected email', () => {
  it('reads a warrant: prisoner number, PNC, CRO, name either way round, date of birth, court and case', () => {
    const e = extractIdentifiers(`Warrant of commitment
      Defendant: DENT, Arthur   DOB: 11/03/1978
      PNC No: 1978/0012345X  CRO: 123456/78T
      Sheffield Crown Court, case T20260117. Prisoner A1234BC at HMP Moorland.`);
    expect(e).toMatchObject({
      prisonerNumbers: ['A1234BC'],
      pncNumbers: ['1978/0012345X'],
      croNumbers: ['123456/78T'],
      names: [{ firstName: 'Arthur', lastName: 'Dent' }],
      datesOfBirth: ['1978-03-11'],
      courts: ['Sheffield Crown Court'],
      caseNumbers: ['T20260117'],
    });
  });

  it('reads "Name: Forename SURNAME", "Surname … Forename", and dates written out', () => {
    expect(extractIdentifiers('Name: Zoë O’BRIEN, born 2 February 1970').names).toEqual([
      { firstName: 'Zoë', lastName: 'O’Brien' },
    ]);
    expect(extractIdentifiers('Surname: OKONKWO Forename: Robert Date of birth 1985-03-14')).toMatchObject({
      names: [{ firstName: 'Robert', lastName: 'Okonkwo' }],
      datesOfBirth: ['1985-03-14'],
    });
  });

  it('refuses impossible dates rather than guessing', () => {
    expect(readDate('31/02/1980')).toBeNull();
    expect(readDate('1 Smarch 1980')).toBeNull();
    expect(readDate('01/01/0026')).toBeNull();
    expect(readDate('23rd April 1990')).toBe('1990-04-23');
  });

  it('finds nothing in a message about nothing', () => {
    const e = extractIdentifiers('Please find attached the documents you asked for. Regards');
    expect(subjectsOf(e)).toEqual([]);
    expect(filingOutcome(e, [], [], false)).toMatchObject({ status: 'TRIAGE', reason: 'NO_IDENTIFIERS' });
    expect(filingOutcome(e, [], [], true)).toMatchObject({ status: 'TRIAGE', reason: 'UNREADABLE' });
  });
});

describe('where a message is filed', () => {
  const matched = (pn: string): MatchDecision => ({
    outcome: 'MATCHED',
    prisonerNumber: pn,
    score: 20,
    explanation: [`${pn} scored 20`],
    candidates: [],
  });
  const e = (over: Partial<ReturnType<typeof extractIdentifiers>> = {}) => ({ ...extractIdentifiers(''), ...over });
  const dent: RegisterIdentity = {
    prisonerNumber: 'A1234BC',
    firstName: 'Arthur',
    lastName: 'Dent',
    dateOfBirth: '1978-03-11',
    pncNumber: '1978/0012345X',
    aliases: [{ firstName: 'Art', lastName: 'Dentley', dateOfBirth: '1978-03-12' }],
  };
  const other = (pn: string): RegisterIdentity => ({
    prisonerNumber: pn,
    firstName: 'Ford',
    lastName: 'Prefect',
    dateOfBirth: '1970-01-01',
    aliases: [],
  });
  it('files on a prisoner number the register knows when a name, date of birth, PNC or CRO in the message agrees', () => {
    expect(
      filingOutcome(
        e({ prisonerNumbers: ['A1234BC'], names: [{ firstName: 'Arthur', lastName: 'DENT' }] }),
        [dent],
        [],
        false,
      ),
    ).toMatchObject({ status: 'FILED', prisonerNumber: 'A1234BC', reason: expect.stringMatching(/name in it agrees/) });
    expect(
      filingOutcome(e({ prisonerNumbers: ['A1234BC'], datesOfBirth: ['1978-03-12'] }), [dent], [], false),
    ).toMatchObject({ status: 'FILED', reason: expect.stringMatching(/date of birth/) });
    expect(
      filingOutcome(
        e({ prisonerNumbers: ['A1234BC'], names: [{ firstName: 'Art', lastName: 'Dentley' }] }),
        [dent],
        [],
        false,
      ),
    ).toMatchObject({ status: 'FILED' });
    // A PNC that agrees confirms him even under a name the register does not know.
    expect(
      filingOutcome(
        e({
          prisonerNumbers: ['A1234BC'],
          pncNumbers: ['1978/0012345X'],
          names: [{ firstName: 'John', lastName: 'Smith' }],
        }),
        [dent],
        [],
        false,
      ),
    ).toMatchObject({ status: 'FILED', reason: expect.stringMatching(/PNC/) });
    expect(
      filingOutcome(e({ prisonerNumbers: ['Z9999ZZ'], names: [{ firstName: 'A', lastName: 'B' }] }), [], [], false),
    ).toMatchObject({ status: 'TRIAGE', reason: 'NO_MATCH' });
  });
  it('does not file on a number alone, or on one whose name, date of birth or PNC in the message are another man’s', () => {
    const triaged = (over: Partial<ReturnType<typeof extractIdentifiers>>) =>
      filingOutcome(e({ prisonerNumbers: ['A1234BC'], ...over }), [dent], [matched('B7777CD')], false);
    expect(triaged({})).toMatchObject({
      status: 'TRIAGE',
      reason: 'NUMBER_UNCONFIRMED',
      detail: expect.stringMatching(/A1234BC.*no name, date of birth/),
    });
    expect(
      triaged({ names: [{ firstName: 'Jasper', lastName: 'Holloway' }], datesOfBirth: ['1994-11-02'] }),
    ).toMatchObject({
      reason: 'NUMBER_UNCONFIRMED',
      detail: expect.stringMatching(/the name in it and the date of birth in it are not/),
    });
    // The right name with another man's date of birth (or PNC) is a doubt for a person, not a filing.
    expect(triaged({ names: [{ firstName: 'Arthur', lastName: 'Dent' }], datesOfBirth: ['1980-01-01'] })).toMatchObject(
      { reason: 'NUMBER_UNCONFIRMED', detail: expect.stringMatching(/date of birth in it is not/) },
    );
    expect(
      triaged({ names: [{ firstName: 'Arthur', lastName: 'Dent' }], pncNumbers: ['1999/0000001A'] }),
    ).toMatchObject({ reason: 'NUMBER_UNCONFIRMED', detail: expect.stringMatching(/PNC/) });
    // A surname alone, with another first name, is not his name.
    expect(triaged({ names: [{ firstName: 'Zaphod', lastName: 'Dent' }] })).toMatchObject({
      reason: 'NUMBER_UNCONFIRMED',
    });
  });
  it('sends two prisoners, or a doubtful match, to triage', () => {
    expect(
      filingOutcome(e({ prisonerNumbers: ['A1234BC', 'B1234BC'] }), [dent, other('B1234BC')], [], false),
    ).toMatchObject({ status: 'TRIAGE', reason: 'AMBIGUOUS' });
    expect(
      filingOutcome(
        e({ names: [{ firstName: 'A', lastName: 'B' }] }),
        [],
        [matched('A1234BC'), matched('B1234BC')],
        false,
      ),
    ).toMatchObject({ reason: 'AMBIGUOUS' });
    expect(
      filingOutcome(
        e({ names: [{ firstName: 'A', lastName: 'B' }] }),
        [],
        [{ outcome: 'POSSIBLE_MATCH', prisonerNumber: 'A1234BC', explanation: ['x'], candidates: [] }],
        false,
      ),
    ).toMatchObject({ reason: 'POSSIBLE_MATCH' });
  });
  it('files on one confident match of the people it names', () => {
    expect(
      filingOutcome(e({ names: [{ firstName: 'A', lastName: 'B' }] }), [], [matched('A1234BC')], false),
    ).toMatchObject({ status: 'FILED', prisonerNumber: 'A1234BC' });
  });
});
