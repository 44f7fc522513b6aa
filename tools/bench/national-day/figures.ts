/**
 * The published figures a national day is generated from, each with where it was published, and
 * the assumptions made where nothing is published (docs/performance-national-day.md gives both).
 */
export interface Source {
  title: string;
  url: string;
  published: string;
}

export interface Figure {
  value: number;
  what: string;
  source: Source;
}

const OMS_Q1_2025: Source = {
  title: 'Offender management statistics quarterly: January to March 2025 (Ministry of Justice)',
  url: 'https://www.gov.uk/government/statistics/offender-management-statistics-quarterly-january-to-march-2025/offender-management-statistics-quarterly-january-to-march-2025',
  published: '2025-07-31',
};
const CCS_Q2_2025: Source = {
  title: 'Criminal court statistics quarterly: April to June 2025 (Ministry of Justice)',
  url: 'https://www.gov.uk/government/statistics/criminal-court-statistics-quarterly-april-to-june-2025',
  published: '2025-09-25',
};

export const FIGURES = {
  prisonPopulation: { value: 87_334, what: 'prisoners in England and Wales at 30 June 2025', source: OMS_Q1_2025 },
  firstReceptionsPerQuarter: {
    value: 18_874,
    what: 'first receptions into prison, January to March 2025',
    source: OMS_Q1_2025,
  },
  releasesFromSentencesPerQuarter: {
    value: 13_296,
    what: 'releases from sentences, January to March 2025',
    source: OMS_Q1_2025,
  },
  releasesAllKinds: {
    value: 70_000,
    what: 'releases a year of every kind (the issue’s seed: "some 70,000 releases a year"; cross-checked against the two figures beside it)',
    source: {
      title: 'Issue 27 (seed figure), beside the published figures below',
      url: 'issue 27',
      published: '2026-12',
    },
  },
  releasesPerYear: {
    value: 57_000,
    what: 'releases of prisoners who had finished the custodial part of their sentences, 2024-25 ("just over 57,000")',
    source: {
      title: 'What are the numbers behind prison releases? (BBC Verify)',
      url: 'https://feeds.bbci.co.uk/news/articles/cp85r4744pvo',
      published: '2025-11',
    },
  },
  fridayShareOfReleases: {
    value: 1 / 3,
    what: 'share of releases on a Friday: release dates on a Saturday, Sunday or bank holiday are brought forward (MoJ figures as reported)',
    source: {
      title:
        'Releasing prisoners from jail on Fridays heightens risk of reoffending (HuffPost UK, citing Ministry of Justice figures)',
      url: 'https://www.huffingtonpost.co.uk/entry/campaign-to-end-friday-releases-for-prisoners_uk_5c0a8eb4e4b0de79357c6ba3',
      published: '2018-12-15',
    },
  },
  crownCourtReceiptsPerQuarter: {
    value: 30_000,
    what: 'cases entering the Crown Court in April to June 2025 ("over 30,000")',
    source: CCS_Q2_2025,
  },
  releasesInError2024to25: {
    value: 262,
    what: 'releases in error, April 2024 to March 2025 (115 the year before)',
    source: {
      title:
        'Number of prisoners released in error more than doubles (The Independent, on the HMPPS Annual Digest 2024 to 2025)',
      url: 'https://www.the-independent.com/news/uk/home-news/prisoners-ministry-of-justice-government-wales-labour-b2851866.html',
      published: '2025-10-24',
    },
  },
  releasesInErrorApriltoOctober2025: {
    value: 91,
    what: 'releases in error, 1 April to 31 October 2025 (transparency data)',
    source: {
      title: 'Releases in error transparency data, as republished by Parliament Today',
      url: 'https://www.parliamenttoday.com/free/viewnews.html?id=169334',
      published: '2025-11',
    },
  },
  victimLiaisonOfficers: {
    value: 189,
    what: 'Victim Liaison Officers nationally; average caseloads 139 to 278 a VLO by region (Nov 2016, Nov 2017)',
    source: {
      title: 'Written question 129248: Victim support schemes (Ministry of Justice answer)',
      url: 'https://www.parallelparliament.co.uk/question/129248/victim-support-schemes',
      published: '2018',
    },
  },
  urgentQueriesPerDay: {
    value: 1_000 / 135,
    what: 'urgent warrant query unit: over 1,000 warrant matters from 2 December 2025 to mid-April 2026 (about 135 days)',
    source: {
      title: 'Release Guard domain notes and seed (the unit’s own figure)',
      url: 'docs: ../shared/DOMAIN.md and the issue’s seed',
      published: '2026-04',
    },
  },
} satisfies Record<string, Figure>;

/** Working (court sitting) days in a quarter: 13 weeks of five, less the bank holidays, about 63. */
export const WORKING_DAYS_PER_QUARTER = 63;

/**
 * Assumptions, where nothing is published: each with why. The day's plan reads them; the doc
 * prints them beside the figures.
 */
export const ASSUMPTIONS = {
  /**
   * No release-by-hour figure is published. Prisons discharge in the morning (the NACRO campaign
   * against Friday releases notes people leaving "as late as midday"); courts release in the
   * afternoon. Share of the day's releases by hour (Europe/London), summing to 1.
   */
  releasesByHour: { 7: 0.05, 8: 0.35, 9: 0.25, 10: 0.15, 11: 0.1, 12: 0.04, 13: 0.03, 14: 0.02, 15: 0.01 } as Record<
    number,
    number
  >,
  /** Crown Court results arrive in the hourly check from 10:00 to 17:00, evenly. */
  courtHours: [10, 11, 12, 13, 14, 15, 16, 17],
  /** Share of resulted defendants who are in the register (the rest are not prisoners). */
  defendantsInRegister: 0.6,
  /** Share of resulted defendants whose result is a custodial change for someone held (remand in custody). */
  custodialChange: 0.1,
  /** No published VCS share of releases: 10% (violent or sexual, 12 months or more, opted in). */
  vcsShareOfReleases: 0.1,
  /**
   * New VCS registrations in a day, for people not released today: none published. 189 VLOs with
   * about 220 cases each is some 41,000 open cases; if a case stays open three years, 40 a day.
   */
  vcsRegistrations: 40,
  /** Smart-inbox emails a day (misdirected warrants and court documents): none published; 60, a quarter unmatchable. */
  inboxEmails: 60,
  inboxUnmatchable: 0.25,
  /** Releases in error: 262 a year is 0.7 a day; the day runs 2 so each part of the path runs every day. */
  releasesInError: 2,
  /** Transfers between prisons in a day: none found; 100, through the working day. */
  transfers: 100,
  /** Of the day's urgent queries, how many are left to breach so their escalation runs. */
  escalating: 2,
  /** Page reads: each of the four readers (queue, desk, triage, figures) once per 5 simulated minutes, 07:00–19:00. */
  pageReadEveryMinutes: 5,
  pageHours: [7, 19] as [number, number],
} as const;

/** Which day of the week: releases due at a weekend are brought forward to the Friday before. */
export type DayKind = 'weekday' | 'friday';

/** The day's national volumes from the figures above: releases per day by kind, and the rest. */
export function nationalVolumes(day: DayKind) {
  const releasesPerWeek = FIGURES.releasesAllKinds.value / 52;
  const friday = releasesPerWeek * FIGURES.fridayShareOfReleases.value;
  const otherWeekday = (releasesPerWeek - friday) / 4;
  return {
    releases: Math.round(day === 'friday' ? friday : otherWeekday),
    receptions: Math.round(FIGURES.firstReceptionsPerQuarter.value / WORKING_DAYS_PER_QUARTER),
    hearings: Math.round(FIGURES.crownCourtReceiptsPerQuarter.value / WORKING_DAYS_PER_QUARTER),
    queries: Math.round(FIGURES.urgentQueriesPerDay.value * (7 / 5)),
  };
}
