import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { signCourtResults } from '../../../src/api/court-signature.ts';
import { syntheticDefendants, type Defendant } from '../../match-eval/generator.ts';
import type { CourtFeed } from './options.ts';
import type { Day } from './workload.ts';

/** The court feed of a national day: an hourly batch of hearings resulted, some of them remands of people held. */

interface Subject {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  pncNumber?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A hearing shaped after Common Platform's "hearing resulted", one defendant. */
function hearing(id: string, who: Subject, result: string) {
  return {
    version: 1,
    hearing: {
      id,
      jurisdictionType: 'CROWN',
      courtCentre: { code: 'SHEFCC', name: 'Sheffield Crown Court' },
      hearingDays: [{ sittingDay: `${today()}T10:00:00Z` }],
      prosecutionCases: [
        {
          prosecutionCaseIdentifier: {
            caseURN: `20ND${id
              .slice(0, 6)
              .replace(/[^0-9A-Z]/gi, '0')
              .toUpperCase()}`,
          },
          defendants: [
            {
              id: crypto.randomUUID(),
              ...(who.pncNumber ? { pncId: who.pncNumber } : {}),
              personDefendant: {
                personDetails: {
                  firstName: who.firstName,
                  lastName: who.lastName,
                  ...(who.dateOfBirth ? { dateOfBirth: who.dateOfBirth } : {}),
                },
              },
              offences: [
                {
                  id: crypto.randomUUID(),
                  offenceTitle: 'Burglary',
                  judicialResults: [{ label: result, orderedDate: today(), category: 'FINAL' }],
                },
              ],
            },
          ],
        },
      ],
    },
  };
}

/**
 * One hourly batch from the court-results feed: remands in custody of people held (each timed from
 * receipt until the worker recorded the hold), and the rest adjourned, drawn with the variation real
 * court data has (some not prisoners at all). `pulled` drops the batch where our hourly pull reads and
 * runs the pull (it keeps them all, then starts them at its bounded rate); `burst` posts every
 * hearing to the push endpoint at once; `paced` posts them one after another.
 */
export async function courtBatch(
  day: Day,
  custodial: number[],
  others: number,
  batch: number,
  feed: CourtFeed = 'pulled',
): Promise<{ held: number; review: number }> {
  const defendants: Defendant[] = others > 0 ? syntheticDefendants(day.people, others, 1_000 + batch, 0.6) : [];
  const post = async (who: Subject, result: string) => {
    const body = hearing(crypto.randomUUID(), who, result);
    const raw = JSON.stringify(body);
    await fetch(`${day.baseUrl}/api/court-results/hearings`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${day.tokens.court}`,
        'content-type': 'application/json',
        'x-court-results-signature': signCourtResults(day.courtSecret, raw),
      },
      body: raw,
    }).then(async (res) => {
      if (res.status !== 202)
        throw new Error(`court results answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    });
    return body.hearing.id;
  };
  const drops: Promise<string>[] = [];
  const drop = (who: Subject, result: string): Promise<string> => {
    const dropped = writeDrop(who, result, drops.length);
    drops.push(dropped);
    return dropped;
  };
  const writeDrop = async (who: Subject, result: string, n: number): Promise<string> => {
    if (!day.courtPull) throw new Error('court feed pulled: the system has no drop directory');
    const body = hearing(crypto.randomUUID(), who, result);
    // Written aside and renamed, so a pull never reads half a file.
    const file = path.join(day.courtPull.dir, `${batch}-${String(n).padStart(4, '0')}`);
    await writeFile(`${file}.part`, JSON.stringify(body));
    await rename(`${file}.part`, `${file}.json`);
    return body.hearing.id;
  };
  let previous: Promise<unknown> = Promise.resolve();
  const send = (who: Subject, result: string): Promise<string> => {
    if (feed === 'pulled') return drop(who, result);
    if (feed === 'burst') return post(who, result);
    const next = previous.then(() => post(who, result));
    previous = next.catch(() => undefined);
    return next;
  };
  let held = 0;
  let review = 0;
  const remands = custodial.map(async (person) => {
    const p = day.people[person]!;
    const id = await send(
      {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        ...(p.pncNumber ? { pncNumber: p.pncNumber } : {}),
      },
      'Remanded in custody',
    );
    // From receipt until the worker recorded its action (the hold placed first); then the gate must say so.
    const { action, ms } = await day.courtWatch.acted(id);
    if (action !== 'HOLD_PLACED') return void review++;
    const desk = await day.tokens.prison(p.prisonCode);
    const status = await day.call<{ reasons: { kind: string }[] }>(
      'GET',
      `/api/prisoners/${p.prisonerNumber}/release-status`,
      desk.officer,
    );
    if (!status.reasons.some((r) => r.kind === 'CUSTODIAL_STATUS_CHANGE'))
      throw new Error('court result: the hold has no court reason');
    day.record('courtToHold', ms);
    day.expect(`omu.${p.prisonCode}@justice.example`.toLowerCase(), 'court hold notice', (s) =>
      s.includes('his release is held'),
    );
    held++;
  });
  const rest = defendants.map((d) =>
    send(
      {
        firstName: d.firstName,
        lastName: d.lastName,
        ...(d.dateOfBirth ? { dateOfBirth: d.dateOfBirth } : {}),
        ...(d.pncNumber ? { pncNumber: d.pncNumber } : {}),
      },
      'Adjourned',
    ),
  );
  if (feed === 'pulled') {
    // Every hearing of the batch was handed to drop() above; the pull runs once all are down.
    await Promise.all(drops);
    await day.courtPull!.run();
  }
  const results = await Promise.allSettled([...remands, ...rest]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return { held, review };
}
