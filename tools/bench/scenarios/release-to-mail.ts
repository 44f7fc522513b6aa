import { performance } from 'node:perf_hooks';
import type { MailCatcher } from '../../../src/infra/mail-catcher.ts';
import { laterToday } from '../../../src/domain/release-hold/authorisation.ts';
import { inParallel } from '../load.ts';
import { syntheticPrisoner, type Call } from '../http.ts';
import { authoriseRelease, releaseDateToldToVlo } from '../desk.ts';

const vloEmail = (pn: string) => `vlo.${pn.toLowerCase()}@probation.example`;

/**
 * From a release recorded at the discharge desk to the VLO's email accepted by the SMTP catcher:
 * the promise that victims hear first, timed.
 */
export function releaseToMail(
  call: Call,
  mail: MailCatcher,
  tokens: { prison: string; prison2: string; governor: string; sync: string; vlo: string },
) {
  let next = 0;
  return {
    /** Registers `count` prisoners in the Victim Contact Scheme, then releases each in turn. */
    async measure(count: number): Promise<number[]> {
      const prisoners = Array.from({ length: count }, () => syntheticPrisoner('V', next++));
      await inParallel(count, 8, (i) =>
        call('POST', `/api/victim-contact/${prisoners[i]}/registrations`, tokens.vlo, {
          vloName: 'Bench VLO',
          vloEmail: vloEmail(prisoners[i]!),
          teamMailbox: 'vlo-team@probation.example',
          probationRegion: 'Bench',
          eligibility: 'STATUTORY',
        }),
      );
      const samples: number[] = [];
      for (const pn of prisoners) {
        // The VLO hears of the date, and the desk's two people authorise it, first (not timed: the promise timed is release to mail).
        const desk = { completer: tokens.prison2, verifier: tokens.governor, sync: tokens.sync, vlo: tokens.vlo };
        await releaseDateToldToVlo(
          call,
          (match) => mail.waitFor(match, { timeoutMs: 60_000 }),
          desk,
          pn,
          vloEmail(pn),
          laterToday(2),
        );
        await authoriseRelease(call, desk, pn);
        const started = performance.now();
        const arrived = mail.waitFor(
          (m) => m.to.includes(vloEmail(pn)) && !(m.subject ?? '').includes('RELEASE DATE'),
          { timeoutMs: 60_000 },
        );
        await call('POST', `/api/prisoners/${pn}/releases`, tokens.prison, { prisonCode: 'MDI', reason: 'RELEASED' });
        await arrived;
        samples.push(performance.now() - started);
      }
      return samples;
    },
  };
}
