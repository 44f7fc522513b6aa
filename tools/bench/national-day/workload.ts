import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { seeded } from '../../match-eval/generator.ts';
import { laterToday } from '../../../src/domain/release-hold/authorisation.ts';
import { authoriseRelease, releaseDateToldToVlo, setPlannedRelease } from '../desk.ts';
import type { Call } from '../http.ts';
import type { CourtWatch } from './court-watch.ts';
import type { MailIndex } from './mail.ts';
import type { PageName } from './plan.ts';
import type { NationalPrisoner } from './register.ts';

/**
 * The people of a national day, as actors over HTTP: the prison system's sync, the discharge desk,
 * prison officers and the unit's experts on urgent queries, the court feed, senders to the smart
 * inbox, VLOs, and readers of the pages. Each times what its service level is about.
 */
export interface Timed {
  /** Milliseconds since the day began (real time), when the sample was taken. */
  at: number;
  ms: number;
}

export type SampleKind = 'gate' | 'releaseToMail' | 'raiseToHold' | 'courtToHold' | 'pages' | 'escalationLateness';

export interface Tokens {
  expert: string;
  lead: string;
  vlo: string;
  sync: string;
  court: string;
  /** The desk's three people at a prison: who completes, who verifies, who records the release. */
  prison(code: string): Promise<{ officer: string; completer: string; verifier: string }>;
}

export interface Day {
  call: Call;
  baseUrl: string;
  mail: MailIndex;
  people: NationalPrisoner[];
  prisons: string[];
  tokens: Tokens;
  courtSecret: string;
  inboxPort: number;
  /** Simulated minutes as real milliseconds at this compression. */
  simMinutes(minutes: number): number;
  record(kind: SampleKind, ms: number): void;
  /** Each email that must arrive at the catcher (checked at the end: lost notices). */
  expect(recipient: string, what: string, match: (subject: string) => boolean): void;
  readers: Record<PageName, { path: string; read(path: string): Promise<void> }>;
  courtWatch: CourtWatch;
  /** Where our hourly pull reads dropped hearings, and one run of that pull (`--court-feed pulled`). */
  courtPull?: { dir: string; run(): Promise<unknown> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const vloEmail = (pn: string) => `vlo.${pn.toLowerCase()}@probation.example`;
const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const subjectOf = (m: { subject?: string | undefined }) => m.subject ?? '';

async function timed<T>(day: Day, kind: SampleKind, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  day.record(kind, performance.now() - started);
  return result;
}

export async function vcsRegister(day: Day, person: number): Promise<void> {
  const pn = day.people[person]!.prisonerNumber;
  await day.call('POST', `/api/victim-contact/${pn}/registrations`, day.tokens.vlo, {
    vloName: 'National Day VLO',
    vloEmail: vloEmail(pn),
    teamMailbox: 'vlo-team@probation.example',
    probationRegion: 'National',
    eligibility: 'STATUTORY',
  });
}

/** The morning sync: the prison system sets today's release date; a VCS case's VLO hears of it and acknowledges. */
export async function syncReleaseDate(day: Day, person: number, vcs: boolean): Promise<void> {
  const p = day.people[person]!;
  // Later today, so the authorisation is for today's date (Europe/London) whatever the hour of the run.
  const plannedRelease = laterToday(1);
  if (vcs) {
    day.expect(vloEmail(p.prisonerNumber), 'release date notice', (s) => s.includes('RELEASE DATE'));
    const desk = { completer: '', verifier: '', sync: day.tokens.sync, vlo: day.tokens.vlo };
    await releaseDateToldToVlo(
      day.call,
      (match) => day.mail.waitFor(vloEmail(p.prisonerNumber), match).then((m) => [m]),
      desk,
      p.prisonerNumber,
      vloEmail(p.prisonerNumber),
      plannedRelease,
    );
    return;
  }
  await setPlannedRelease(day.call, day.tokens.sync, p.prisonerNumber, plannedRelease);
}

/**
 * A release at the discharge desk: the gate asked, the checklist completed and verified by two
 * people, the gate asked again, the release recorded; for a VCS case, timed to the VLO's email. A
 * release in error is then reported, the person brought back, and the incident closed.
 */
export async function release(day: Day, person: number, vcs: boolean, inError: boolean): Promise<void> {
  const p = day.people[person]!;
  const pn = p.prisonerNumber;
  const desk = await day.tokens.prison(p.prisonCode);
  await timed(day, 'gate', () => day.call('GET', `/api/prisoners/${pn}/release-status`, desk.officer));
  await authoriseRelease(day.call, desk, pn);
  const status = await timed(day, 'gate', () =>
    day.call<{ releasable: boolean }>('GET', `/api/prisoners/${pn}/release-status`, desk.officer),
  );
  if (!status.releasable) throw new Error('release: the gate said no after authorisation');
  const started = Date.now();
  await day.call('POST', `/api/prisoners/${pn}/releases`, desk.officer, {
    prisonCode: p.prisonCode,
    reason: 'RELEASED',
  });
  if (vcs) {
    day.expect(vloEmail(pn), 'release notice', (s) => s.includes(' NOTICE '));
    const notice = await day.mail.waitFor(vloEmail(pn), (m) => subjectOf(m).includes(' NOTICE '));
    day.record('releaseToMail', Date.parse(notice.receivedAt) - started);
  }
  if (!inError) return;
  // Found later in the day: reported by the governor, he is brought back, and the incident closed.
  await sleep(day.simMinutes(30));
  day.expect(vloEmail(pn), 'release-in-error notice', (s) => s.includes(' URGENT '));
  const { incidentId } = await day.call<{ incidentId: string }>(
    'POST',
    `/api/prisoners/${pn}/releases-in-error`,
    desk.verifier,
    { howFound: 'National day: the remand warrant arrived after discharge' },
  );
  await sleep(day.simMinutes(120));
  day.expect(vloEmail(pn), 'back-in-custody notice', (s) => s.includes(' RETURNED '));
  await day.call('POST', `/api/prisoners/${pn}/returned-to-custody`, desk.officer, {});
  // The incident hears of the return through the hold: a person closes it when it lets them.
  for (let i = 0; ; i++) {
    try {
      await day.call('POST', `/api/incidents/${incidentId}/close`, day.tokens.lead, {
        cause: 'WARRANT_MISSING_OR_MISPLACED',
      });
      return;
    } catch (err) {
      if (i >= 40) throw err;
      await sleep(500);
    }
  }
}

/**
 * An urgent query's life: raised (timed until the hold holds it), claimed, information asked for
 * and given, answered, acknowledged. An escalating one is raised with its release two hours and
 * three minutes away, so its deadline (release less the 2-hour margin) falls three real minutes
 * later whatever the compression, and is left unclaimed until its first escalation arrives.
 */
export async function urgentQuery(day: Day, person: number, escalating: boolean): Promise<void> {
  const p = day.people[person]!;
  const desk = await day.tokens.prison(p.prisonCode);
  const body = {
    prisonerNumber: p.prisonerNumber,
    category: 'WARRANT_MISSING',
    question: 'National day: is the remand warrant on file?',
    ...(escalating ? { plannedRelease: iso(123 * 60_000) } : {}),
  };
  const { reference } = await timed(day, 'raiseToHold', () =>
    day.call<{ reference: string }>('POST', '/api/urgent-queries', desk.officer, body),
  );
  // The deadline in force, as the unit's screen shows it (the raise answers with the reference only).
  const current = escalating
    ? (
        await day.call<{ deadlines: { current: string | null } }>(
          'GET',
          `/api/urgent-queries/${reference}`,
          day.tokens.expert,
        )
      ).deadlines.current
    : null;
  if (escalating && current) {
    const deadline = Date.parse(current);
    const alert = await day.mail.waitFor(
      'query-unit@justice.example',
      (m) => subjectOf(m).includes(reference) && (m.text ?? '').includes('Escalation level'),
      deadline - Date.now() + 5 * 60_000,
    );
    day.record('escalationLateness', Date.parse(alert.receivedAt) - deadline);
  } else {
    await sleep(day.simMinutes(5));
  }
  const step = (op: string, token: string, payload: unknown) =>
    day.call('POST', `/api/urgent-queries/${reference}/${op}`, token, payload);
  await step('claim', day.tokens.expert, {});
  await sleep(day.simMinutes(5));
  await step('request-information', day.tokens.expert, { request: 'Please send the remand warrant you hold.' });
  await sleep(day.simMinutes(10));
  await step('provide-information', desk.officer, { information: 'Attached: the remand warrant on file.' });
  await sleep(day.simMinutes(10));
  await step('resolve', day.tokens.expert, {
    determination: 'RELEASE_MAY_PROCEED',
    evidence: 'Warrant WR-NATIONAL-DAY',
  });
  await sleep(day.simMinutes(5));
  await step('acknowledge', desk.officer, {});
}

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 760 - i * 16, size: 11, font }));
  return Buffer.from(await doc.save());
}

/** A misdirected warrant to the smart inbox over SMTP, with its PDF: naming someone held, or no one it can find. */
export async function inboxEmail(day: Day, person: number | null, n: number): Promise<void> {
  const random = seeded(50_000 + n);
  const p = person === null ? null : day.people[person]!;
  const lines = p
    ? [
        'WARRANT OF COMMITMENT',
        `Prisoner number: ${p.prisonerNumber}`,
        `Name: ${p.lastName.toUpperCase()}, ${p.firstName}`,
        'Crown Court   Case T2026NATIONAL',
      ]
    : ['WARRANT OF COMMITMENT', `Name: ZZYZX-${random.int(1_000_000)}, Unknown`, 'No prisoner number given'];
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: day.inboxPort,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({
      from: 'listing@court.example',
      to: 'inbox@release-guard.test',
      subject: `Warrant sent in error ${n}`,
      text: 'Please see the attached warrant, received here in error.',
      attachments: [{ filename: 'warrant.pdf', content: await pdf(lines), contentType: 'application/pdf' }],
    });
  } finally {
    transport.close();
  }
}

/** A first reception from court: the sync adds someone new to the register. */
export async function reception(day: Day, n: number): Promise<void> {
  const random = seeded(90_000 + n);
  const pn = `R${String(n % 10_000).padStart(4, '0')}ZR`;
  await day.call('PUT', `/api/prisoners/${pn}`, day.tokens.sync, {
    firstName: 'Newly',
    lastName: `Received${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}`,
    dateOfBirth: `19${70 + random.int(30)}-0${1 + random.int(9)}-1${random.int(10)}`,
    prisonCode: day.prisons[random.int(day.prisons.length)]!,
    status: 'IN_CUSTODY',
    aliases: [],
  });
}

/** A transfer between prisons, from the sync. */
export async function transfer(day: Day, person: number): Promise<void> {
  const p = day.people[person]!;
  const to = day.prisons.find((code) => code !== p.prisonCode)!;
  await day.call('POST', `/api/prisoners/${p.prisonerNumber}/movements`, day.tokens.sync, {
    type: 'TRANSFERRED',
    prisonCode: to,
  });
}

export async function readPage(day: Day, page: PageName): Promise<void> {
  const reader = day.readers[page];
  await timed(day, 'pages', () => reader.read(reader.path));
}
