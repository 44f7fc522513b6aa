import { METRICS, count } from './metrics.ts';
import { defendantsOf, hearingErrors, hearingResultSchema } from '../domain/court/hearing.ts';
import { mayHold, startGapMs, startOrder } from '../domain/court/pull-starts.ts';
import type { CourtAction, CourtResultsSource, HearingStore } from '../domain/court/hearing-store.ts';
import type { PersonMatcher } from '../domain/court/matching.ts';
import type { Actor } from '../domain/actors.ts';
import { isOnRoll } from '../domain/register/prisoner.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseError } from '../services/errors.ts';
import type { Services } from '../services/index.ts';
import type { CourtChange, CourtPullSummary, HearingRef } from '../workflows/definitions.ts';
import { mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

export interface CourtActivityDeps extends MailDeps {
  hearings: HearingStore;
  matcher: PersonMatcher;
  register: PrisonerRegister;
  gate: Services['gate'];
  queries: Services['queries'];
  courtResults: Services['courtResults'];
  courtSource: CourtResultsSource;
  courtContacts: { unitQueue: string; prisonMailboxTemplate: string; dutyGovernorTemplate: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The hourly pull, as it appears on what it keeps. */
const PULL_ACTOR: Actor = { username: 'court-results-hourly', roles: ['COURT_RESULTS'], caseload: [] };

/** The court-results feed as an actor: national, like the feed's own role, for the prison concerned. */
const feedActor = (prisonCode: string): Actor => ({
  username: 'court-results-feed',
  roles: ['COURT_RESULTS'],
  caseload: [prisonCode],
});

/** A hearing's defendants matched to the register and each decision kept; then what a matched change does. */
export function createCourtActivities(deps: CourtActivityDeps) {
  const mail = mailSender(deps);
  const tell = (ref: HearingRef, change: CourtChange, to: string[], headline: string, rows: [string, string][]) =>
    mail.send({
      caseId: `CH-${ref.hearingId}-${ref.version}`,
      key: `${change.defendantId}-${change.direction}`,
      to,
      mail: renderCaseMail(
        'Court result',
        `${change.caseUrn}`,
        headline,
        rows,
        mail.link(`/api/court-results/hearings/${ref.hearingId}/versions/${ref.version}`),
      ),
      priority: 'high',
    });

  return {
    /**
     * The hourly reconciliation: everything the source resulted since the last pull that finished
     * (an hour ago, or longer after downtime), each kept and started as if the feed had posted it;
     * a malformed one kept with its errors. The watermark moves only once every body is kept.
     */
    async pullCourtResults(): Promise<CourtPullSummary> {
      const until = new Date().toISOString();
      const since =
        (await deps.hearings.watermark(deps.courtSource.name)) ?? new Date(Date.now() - 3_600_000).toISOString();
      const bodies = await deps.courtSource.pull(since, until);
      const summary: CourtPullSummary = {
        since,
        until,
        pulled: bodies.length,
        accepted: 0,
        duplicates: 0,
        conflicts: 0,
        malformed: 0,
        crown: 0,
      };
      // Every body is kept before anything starts; each is set aside only once started (or kept as
      // malformed), so a crash part way leaves the rest to the next pull, which finds them kept.
      const kept: { raw: string; ref: HearingRef; first: boolean }[] = [];
      for (const raw of bodies) {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          json = undefined;
        }
        const parsed = hearingResultSchema.safeParse(json);
        if (!parsed.success) {
          await deps.courtResults.receiveMalformed(PULL_ACTOR, raw, hearingErrors(parsed.error));
          summary.malformed += 1;
        } else {
          if (parsed.data.hearing.jurisdictionType === 'CROWN') summary.crown += 1;
          try {
            const { duplicate, ...ref } = await deps.courtResults.keep(PULL_ACTOR, parsed.data, raw);
            summary[duplicate ? 'duplicates' : 'accepted'] += 1;
            kept.push({ raw, ref, first: mayHold(parsed.data) });
            continue;
          } catch (err) {
            if (!(err instanceof CaseError && err.kind === 'CONFLICT')) throw err;
            // Another body under a version already kept: kept aside for the unit, like a malformed one.
            await deps.courtResults.receiveMalformed(PULL_ACTOR, raw, [
              { field: 'body.version', message: err.message },
            ]);
            summary.conflicts += 1;
          }
        }
        await deps.courtSource.done?.(raw);
      }
      // Started at a bounded rate, those that may hold someone first (domain/court/pull-starts.ts).
      const gap = startGapMs(kept.length);
      for (const [i, { raw, ref }] of startOrder(kept, (k) => k.first).entries()) {
        if (i > 0) await sleep(gap);
        await deps.courtResults.start(ref);
        await deps.courtSource.done?.(raw);
      }
      await deps.hearings.setWatermark(deps.courtSource.name, until);
      return summary;
    },

    /** Matches every defendant, keeps each decision with its explanation, and returns the changes to act on. */
    async matchHearing(ref: HearingRef): Promise<CourtChange[]> {
      const body = await deps.hearings.body(ref.hearingId, ref.version);
      if (!body) return [];
      const defendants = defendantsOf(body);
      const decisions = await deps.matcher.match(defendants.map((d) => d.subject));
      await deps.hearings.recordDecisions(
        ref.hearingId,
        ref.version,
        defendants.map((d, i) => ({
          defendantId: d.defendantId,
          caseUrn: d.caseUrn,
          decision: decisions[i]!,
          change: d.change,
        })),
      );
      for (const decision of decisions) count(...METRICS.courtResults, { outcome: decision.outcome });
      // What was kept decides (a retry after the write must not act on a second opinion).
      const stored = (await deps.hearings.read(ref.hearingId, ref.version))?.defendants ?? [];
      // Read again from the body kept (a pure reading): the results the table could not read, and why.
      const unread = new Map(
        defendants.flatMap((d) => (d.unrecognised ? [[d.defendantId, d.unrecognised] as const] : [])),
      );
      const changes: CourtChange[] = [];
      for (const d of stored) {
        if (d.action) continue;
        const base =
          d.change && d.decision.prisonerNumber
            ? {
                defendantId: d.defendantId,
                caseUrn: d.caseUrn,
                prisonerNumber: d.decision.prisonerNumber,
                direction: d.change.direction,
                label: d.change.label,
                courtCode: body.hearing.courtCentre.code,
                courtName: body.hearing.courtCentre.name,
              }
            : null;
        const first =
          base !== null &&
          !changes.some(
            (c) =>
              c.prisonerNumber === base.prisonerNumber &&
              c.direction === base.direction &&
              !!c.review === (d.decision.outcome === 'POSSIBLE_MATCH'),
          );
        if (base && d.decision.outcome === 'MATCHED') changes.push({ ...base, first });
        else if (base && d.decision.outcome === 'POSSIBLE_MATCH')
          changes.push({
            ...base,
            first,
            review: { score: d.decision.score ?? 0, candidates: d.decision.candidates.map((c) => c.prisonerNumber) },
          });
        else if (unread.has(d.defendantId)) {
          // A result no rule recognises is read by a person, whoever he turns out to be.
          const who = d.decision.prisonerNumber
            ? `${d.decision.outcome === 'MATCHED' ? 'matched' : 'possibly'} ${d.decision.prisonerNumber}`
            : 'no prisoner matched';
          await deps.hearings.recordAction(
            ref.hearingId,
            ref.version,
            d.defendantId,
            'HELD_FOR_UNIT',
            `${unread.get(d.defendantId)} (${who})`.slice(0, 2000),
          );
        } else {
          const action: CourtAction =
            d.decision.outcome === 'POSSIBLE_MATCH'
              ? 'REVIEW'
              : d.decision.outcome === 'NO_MATCH'
                ? 'HELD_FOR_UNIT'
                : 'NO_ACTION';
          await deps.hearings.recordAction(
            ref.hearingId,
            ref.version,
            d.defendantId,
            action,
            action === 'NO_ACTION'
              ? 'No change of custodial status in these results'
              : 'For the unit: no prisoner could be matched with confidence',
          );
        }
      }
      return changes;
    },

    /**
     * Remanded or sentenced to custody: a court reason on his hold at once, and his prison, its duty
     * governor and the unit told. Bailed or a sentence ended while still held: not a hold of our
     * choosing but an urgent query for the unit to confirm (every open query holds, docs/domain.md), and
     * the same people told that a release may be due.
     */
    async actOnCourtChange({ ref, change }: { ref: HearingRef; change: CourtChange }): Promise<CourtAction> {
      try {
        return await act(ref, change);
      } catch (err) {
        // The gate refused (his hold takes no more reasons, say): no retry can change that, so the unit decides.
        if (!(err instanceof CaseError || err instanceof WorkflowUpdateFailedError)) throw err;
        const why =
          `Refused: ${(err instanceof WorkflowUpdateFailedError && err.cause ? err.cause : err).message}`.slice(
            0,
            2000,
          );
        if (change.first)
          await tell(
            ref,
            change,
            [deps.courtContacts.unitQueue],
            'A court result could not be acted on: the unit must decide',
            [
              ['Prisoner', change.prisonerNumber],
              ['Case', change.caseUrn],
              ['Result', change.label],
              ['Why', why],
            ],
          );
        await deps.hearings.recordAction(ref.hearingId, ref.version, change.defendantId, 'HELD_FOR_UNIT', why);
        return 'HELD_FOR_UNIT';
      }
    },
  };

  async function act(ref: HearingRef, change: CourtChange): Promise<CourtAction> {
    const prisoner = await deps.register.find(change.prisonerNumber);
    const rows: [string, string][] = [
      ['Prisoner', change.prisonerNumber],
      ['Court', change.courtName],
      ['Case', change.caseUrn],
      ['Result', change.label],
    ];
    if (!prisoner || !isOnRoll(prisoner)) {
      // Nothing the court says is dropped: a remand for someone recorded as out stands on his hold
      // already, so it holds the moment he is back (a return, a reception), while the unit checks.
      const kept =
        prisoner && change.direction === 'INTO_CUSTODY' && !change.review
          ? await deps.gate.flagCourtChange(feedActor(prisoner.prisonCode), change.prisonerNumber, {
              courtCode: change.courtCode,
              courtCaseReference: change.caseUrn,
              hearingId: ref.hearingId,
              detail: `${change.label}: ${change.courtName}, case ${change.caseUrn}`.slice(0, 2000),
            })
          : undefined;
      if (change.first)
        await tell(
          ref,
          change,
          [deps.courtContacts.unitQueue],
          'A court result for someone not on a prison roll: check whether he should be',
          rows,
        );
      await deps.hearings.recordAction(
        ref.hearingId,
        ref.version,
        change.defendantId,
        'HELD_FOR_UNIT',
        `Not on a roll (${prisoner?.status ?? 'not in the register'}): the unit was told${kept?.placed ? '; the court reason is kept on his hold' : ''}`,
      );
      return 'HELD_FOR_UNIT';
    }
    if (change.review) {
      // A human task with a deadline, in the unit's queue: an urgent query on the best candidate (which holds him meanwhile).
      const { reference } = await deps.queries.raise(
        feedActor(prisoner.prisonCode),
        {
          prisonerNumber: change.prisonerNumber,
          category: 'CUSTODIAL_STATUS_CONFLICT',
          question:
            `Possible match (score ${change.review.score}) for a court result "${change.label}" (${change.courtName}, case ${change.caseUrn}): confirm whether the defendant is this prisoner (other candidates: ${change.review.candidates.filter((c) => c !== change.prisonerNumber).join(', ') || 'none'}) and, if so, his custodial status.`.slice(
              0,
              4000,
            ),
        },
        // One query per prisoner a hearing names, however many of its cases name him.
        { idempotencyKey: `court:${ref.hearingId}:${ref.version}:${change.prisonerNumber}:review` },
      );
      await deps.hearings.recordAction(
        ref.hearingId,
        ref.version,
        change.defendantId,
        'REVIEW',
        `Urgent query ${reference} for the unit to confirm who he is`,
      );
      return 'REVIEW';
    }
    const to = [
      deps.courtContacts.prisonMailboxTemplate.replace('{prisonCode}', prisoner.prisonCode),
      deps.courtContacts.dutyGovernorTemplate.replace('{prisonCode}', prisoner.prisonCode),
      deps.courtContacts.unitQueue,
    ];
    const detail =
      `${change.label}: ${change.courtName}, case ${change.caseUrn} (hearing ${ref.hearingId}, version ${ref.version})`.slice(
        0,
        2000,
      );
    if (change.direction === 'INTO_CUSTODY') {
      // Keyed by this hearing: a new hearing on the same case holds again; this one delivered again does not.
      const flagged = await deps.gate.flagCourtChange(feedActor(prisoner.prisonCode), change.prisonerNumber, {
        courtCode: change.courtCode,
        courtCaseReference: change.caseUrn,
        hearingId: ref.hearingId,
        detail,
      });
      if (!flagged.placed) {
        await deps.hearings.recordAction(
          ref.hearingId,
          ref.version,
          change.defendantId,
          'NO_ACTION',
          'This hearing’s court reason was placed and cleared before: nothing new to hold',
        );
        return 'NO_ACTION';
      }
      if (change.first) await tell(ref, change, to, 'Remanded or sentenced to custody: his release is held', rows);
      await deps.hearings.recordAction(
        ref.hearingId,
        ref.version,
        change.defendantId,
        'HOLD_PLACED',
        `Court reason on his hold: ${detail}`,
      );
      return 'HOLD_PLACED';
    }
    const { reference } = await deps.queries.raise(
      feedActor(prisoner.prisonCode),
      {
        prisonerNumber: change.prisonerNumber,
        category: 'CUSTODIAL_STATUS_CONFLICT',
        question:
          `The court result "${change.label}" (${change.courtName}, case ${change.caseUrn}) may mean he is no longer lawfully detained: confirm his custodial status and whether his release is due.`.slice(
            0,
            4000,
          ),
      },
      { idempotencyKey: `court:${ref.hearingId}:${ref.version}:${change.prisonerNumber}:${change.direction}` },
    );
    if (change.first)
      await tell(ref, change, to, `A release may be due: urgent query ${reference} raised for the unit to confirm`, [
        ...rows,
        ['Query', reference],
      ]);
    await deps.hearings.recordAction(
      ref.hearingId,
      ref.version,
      change.defendantId,
      'QUERY_RAISED',
      `Urgent query ${reference}`,
    );
    return 'QUERY_RAISED';
  }
}
