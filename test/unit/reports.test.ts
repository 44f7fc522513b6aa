import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/domain/reports/csv.ts';
import {
  financialYear,
  financialYearToDate,
  londonMonth,
  monthsBetween,
  quantile,
} from '../../src/domain/reports/periods.ts';
import { queryOutcome } from '../../src/domain/reports/query-outcome.ts';
import { releasesInErrorReport } from '../../src/domain/reports/releases-in-error.ts';
import type { QueryState } from '../../src/domain/urgent-query/query-state.ts';

describe('the reporting calendar', () => {
  it('puts a release in the London month, so 00:30 BST on 1 April is April and the next financial year', () => {
    expect(londonMonth('2026-03-31T23:30:00Z')).toBe('2026-04');
    expect(financialYear(londonMonth('2026-03-31T23:30:00Z'))).toBe('2026/27');
    expect(londonMonth('2026-03-31T22:59:59Z')).toBe('2026-03');
    expect(londonMonth('2025-12-31T23:59:59Z')).toBe('2025-12'); // GMT: London is UTC
  });

  it('runs financial years April to March', () => {
    expect(financialYear('2026-03')).toBe('2025/26');
    expect(financialYear('2026-04')).toBe('2026/27');
    expect(financialYear('1999-04')).toBe('1999/00');
    expect(financialYearToDate('2026-11')).toEqual({ from: '2026-04', to: '2026-11' });
    expect(financialYearToDate('2027-02')).toEqual({ from: '2026-04', to: '2027-02' });
  });

  it('lists months across a year end, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });

  it('takes quantiles by nearest rank', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});

describe('the releases-in-error report', () => {
  it('counts a late-reported release in the month he left, and one found with no release time in the month found', () => {
    const report = releasesInErrorReport(
      [
        {
          id: 'a',
          prisonCode: 'MDI',
          releasedAt: '2026-01-10T10:00:00Z',
          openedAt: '2026-05-02T10:00:00Z',
          cause: 'WARRANT_MISSING_OR_MISPLACED',
        },
        { id: 'b', prisonCode: 'MDI', openedAt: '2026-05-02T10:00:00Z' },
        {
          id: 'c',
          prisonCode: 'LEI',
          releasedAt: '2026-01-11T10:00:00Z',
          openedAt: '2026-01-12T10:00:00Z',
          cause: 'OTHER',
          exclusion: 'NEVER_IN_HMPPS_CUSTODY',
        },
      ],
      { from: '2026-01', to: '2026-05' },
    );
    expect(report.byMonth.map((m) => [m.month, m.counted, m.outsideOfficialDefinition])).toEqual([
      ['2026-01', 1, 1],
      ['2026-02', 0, 0],
      ['2026-03', 0, 0],
      ['2026-04', 0, 0],
      ['2026-05', 1, 0],
    ]);
    expect(report.byPrison).toEqual({ MDI: 2 });
    expect(report.byCause.NOT_YET_KNOWN).toBe(1);
    expect(report.releaseTimeUnknown).toBe(1);
    expect(report.financialYears.map((y) => [y.year, y.counted, y.previousCounted])).toEqual([
      ['2025/26', 1, 0],
      ['2026/27', 1, 1],
    ]);
    expect(report.financialYears[0]!.changePercent).toBeNull(); // nothing the year before: no percentage
  });
});

describe('a finished query’s outcome', () => {
  it('keeps the deadlines in force when it was claimed and answered, and counts an answer from the queue as the first response', () => {
    const state = {
      reference: 'UQ-MDI-AAAAAAAA',
      prisonCode: 'MDI',
      category: 'RECALL',
      urgency: 'URGENT',
      status: 'CLOSED',
      raisedAt: '2026-11-01T09:00:00Z',
      answeredAt: '2026-11-01T10:00:00Z',
      targetsDue: { firstResponse: '2026-11-01T09:30:00Z', answer: '2026-11-01T13:00:00Z' },
      deadlines: { firstResponse: null, answer: null, releaseCap: null, current: null },
      escalations: [
        { trigger: 'FIRST_RESPONSE_BREACH', level: 2 },
        { trigger: 'RELEASE_NEAR', level: 3 },
      ],
    } as unknown as QueryState;
    expect(queryOutcome(state)).toMatchObject({
      firstResponseAt: '2026-11-01T10:00:00Z',
      firstResponseDue: '2026-11-01T09:30:00Z',
      answerDue: '2026-11-01T13:00:00Z',
      breachLevels: [2],
    });
  });
});

describe('CSV', () => {
  it('quotes what must be quoted and will not let a spreadsheet run a name as a formula', () => {
    const csv = toCsv([
      ['overrides', '2026-04..2026-10', 'authorised_by', '=HYPERLINK("x")', 2],
      ['x', 'p', 'b', 'a,b', null],
      ['change', 'p', 'b', '', -3],
    ]);
    expect(csv.split('\r\n')).toEqual([
      'figure,period,breakdown,category,value',
      `overrides,2026-04..2026-10,authorised_by,"'=HYPERLINK(""x"")",2`,
      'x,p,b,"a,b",',
      'change,p,b,,-3',
      '',
    ]);
  });
});
