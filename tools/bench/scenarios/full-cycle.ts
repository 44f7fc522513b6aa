import { closedLoop, timed, type CallTimes, type LoadResult } from '../load.ts';
import { syntheticPrisoner, type Call } from '../http.ts';

export interface CycleTokens {
  prison: string;
  expert: string;
}

let serial = 0;

/**
 * One urgent query's whole life over HTTP, as its users drive it: the prison raises it, a court
 * expert claims and answers it, the prison acknowledges the answer (which closes it).
 */
export function fullCycle(
  call: Call,
  tokens: CycleTokens,
  concurrency: number,
  durationMs: number,
): Promise<LoadResult> {
  const plannedRelease = new Date(Date.now() + 30 * 86_400_000).toISOString();
  return closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      const times: CallTimes = {};
      const cycleStart = performance.now();
      const prisonerNumber = syntheticPrisoner('F', serial++);
      const { reference } = await timed(times, 'raise', () =>
        call<{ reference: string }>('POST', '/api/urgent-queries', tokens.prison, {
          prisonCode: 'MDI',
          prisonerNumber,
          category: 'WARRANT_MISSING',
          question: 'No warrant on file',
          plannedRelease,
        }),
      );
      await timed(times, 'claim', () => call('POST', `/api/urgent-queries/${reference}/claim`, tokens.expert, {}));
      await timed(times, 'resolve', () =>
        call('POST', `/api/urgent-queries/${reference}/resolve`, tokens.expert, {
          determination: 'RELEASE_MAY_PROCEED',
          evidence: 'Warrant WR-1',
        }),
      );
      await timed(times, 'acknowledge', () =>
        call('POST', `/api/urgent-queries/${reference}/acknowledge`, tokens.prison, {}),
      );
      times.cycle = performance.now() - cycleStart;
      return times;
    },
  });
}
