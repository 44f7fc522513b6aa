import { defendantsOf } from '../domain/court/hearing.ts';
import type { CourtAction, HearingStore } from '../domain/court/hearing-store.ts';
import type { PersonMatcher } from '../domain/court/matching.ts';
import type { Actor } from '../domain/actors.ts';
import { isOnRoll } from '../domain/register/prisoner.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import type { Services } from '../services/index.ts';
import type { CourtChange, HearingRef } from '../workflows/definitions.ts';
import { mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

export interface CourtActivityDeps extends MailDeps {
  hearings: HearingStore;
  matcher: PersonMatcher;
  register: PrisonerRegister;
  gate: Services['gate'];
  queries: Services['queries'];
  courtContacts: { unitQueue: string; prisonMailboxTemplate: string; dutyGovernorTemplate: string };
}

/** The court-results feed as an actor: national, like the feed's own role, for the prison concerned. */
const feedActor = (prisonCode: string): Actor => ({ username: 'court-results-feed', roles: ['COURT_RESULTS'], caseload: [prisonCode] });

/** A hearing's defendants matched to the register and each decision kept; then what a matched change does. */
export function createCourtActivities(deps: CourtActivityDeps) {
  const mail = mailSender(deps);
  const tell = (ref: HearingRef, change: CourtChange, to: string[], headline: string, rows: [string, string][]) =>
    mail.send({
      caseId: `CH-${ref.hearingId}-${ref.version}`,
      key: `${change.defendantId}-${change.direction}`,
      to,
      mail: renderCaseMail('Court result', `${change.caseUrn}`, headline, rows, mail.link(`/api/court-results/hearings/${ref.hearingId}/versions/${ref.version}`)),
      priority: 'high',
    });

  return {
    /** Matches every defendant, keeps each decision with its explanation, and returns the changes to act on. */
    async matchHearing(ref: HearingRef): Promise<CourtChange[]> {
      const body = await deps.hearings.body(ref.hearingId, ref.version);
      if (!body) return [];
      const defendants = defendantsOf(body);
      const decisions = await deps.matcher.match(defendants.map((d) => d.subject));
      await deps.hearings.recordDecisions(ref.hearingId, ref.version, defendants.map((d, i) => ({ defendantId: d.defendantId, caseUrn: d.caseUrn, decision: decisions[i]!, change: d.change })));
      // What was kept decides (a retry after the write must not act on a second opinion).
      const stored = (await deps.hearings.read(ref.hearingId, ref.version))?.defendants ?? [];
      const changes: CourtChange[] = [];
      for (const d of stored) {
        if (d.action) continue;
        if (d.decision.outcome === 'MATCHED' && d.change && d.decision.prisonerNumber) {
          changes.push({ defendantId: d.defendantId, caseUrn: d.caseUrn, prisonerNumber: d.decision.prisonerNumber, direction: d.change.direction, label: d.change.label, courtCode: body.hearing.courtCentre.code, courtName: body.hearing.courtCentre.name });
        } else {
          const action: CourtAction = d.decision.outcome === 'POSSIBLE_MATCH' ? 'REVIEW' : d.decision.outcome === 'NO_MATCH' ? 'HELD_FOR_UNIT' : 'NO_ACTION';
          await deps.hearings.recordAction(ref.hearingId, ref.version, d.defendantId, action, action === 'NO_ACTION' ? 'No change of custodial status in these results' : 'For the unit: no prisoner could be matched with confidence');
        }
      }
      return changes;
    },

    /**
     * Remanded or sentenced to custody: a court reason on his hold at once, and his prison, its duty
     * governor and the unit told. Bailed or a sentence ended while still held: not a hold of our
     * choosing but an urgent query for the unit to confirm (every open query holds, DOMAIN.md), and
     * the same people told that a release may be due.
     */
    async actOnCourtChange({ ref, change }: { ref: HearingRef; change: CourtChange }): Promise<CourtAction> {
      const prisoner = await deps.register.find(change.prisonerNumber);
      const rows: [string, string][] = [['Prisoner', change.prisonerNumber], ['Court', change.courtName], ['Case', change.caseUrn], ['Result', change.label]];
      if (!prisoner || !isOnRoll(prisoner)) {
        await tell(ref, change, [deps.courtContacts.unitQueue], 'A court result for someone not on a prison roll: check whether he should be', rows);
        await deps.hearings.recordAction(ref.hearingId, ref.version, change.defendantId, 'HELD_FOR_UNIT', `Not on a roll (${prisoner?.status ?? 'not in the register'}): the unit was told`);
        return 'HELD_FOR_UNIT';
      }
      const to = [deps.courtContacts.prisonMailboxTemplate.replace('{prisonCode}', prisoner.prisonCode), deps.courtContacts.dutyGovernorTemplate.replace('{prisonCode}', prisoner.prisonCode), deps.courtContacts.unitQueue];
      const detail = `${change.label}: ${change.courtName}, case ${change.caseUrn} (hearing ${ref.hearingId}, version ${ref.version})`.slice(0, 2000);
      if (change.direction === 'INTO_CUSTODY') {
        await deps.gate.flagCourtChange(feedActor(prisoner.prisonCode), change.prisonerNumber, { courtCode: change.courtCode, courtCaseReference: change.caseUrn, detail });
        await tell(ref, change, to, 'Remanded or sentenced to custody: his release is held', rows);
        await deps.hearings.recordAction(ref.hearingId, ref.version, change.defendantId, 'HOLD_PLACED', `Court reason on his hold: ${detail}`);
        return 'HOLD_PLACED';
      }
      const { reference } = await deps.queries.raise(
        feedActor(prisoner.prisonCode),
        { prisonerNumber: change.prisonerNumber, category: 'CUSTODIAL_STATUS_CONFLICT', question: `The court result "${change.label}" (${change.courtName}, case ${change.caseUrn}) may mean he is no longer lawfully detained: confirm his custodial status and whether his release is due.`.slice(0, 4000) },
        { idempotencyKey: `court:${ref.hearingId}:${ref.version}:${change.defendantId}` },
      );
      await tell(ref, change, to, `A release may be due: urgent query ${reference} raised for the unit to confirm`, [...rows, ['Query', reference]]);
      await deps.hearings.recordAction(ref.hearingId, ref.version, change.defendantId, 'QUERY_RAISED', `Urgent query ${reference}`);
      return 'QUERY_RAISED';
    },
  };
}
