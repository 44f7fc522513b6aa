import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  inHours,
  startGateModelSystem,
  tokens,
  type Hold,
  type Model,
  type Real,
  type Step,
} from '../helpers/gate-model.ts';
import { Authorise, FlagCourt, Release, STEP } from '../helpers/gate-model-steps.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/**
 * The gate's invariants, tried by a model rather than by examples: random sequences of what people
 * and systems do (raise, withdraw and confirm, answer, clear, override, flag and clear court
 * changes, checklists and verification, releases, transfers, returns, reasons up to the people's
 * limit, dates that come) as random actors (every role, own and other prison, the same person
 * twice, mixed roles) against a real system. After each step:
 *
 * - I1 no release out of custody while a reason stands that no usable override covers, or without
 *   a verified authorisation for this movement today;
 * - I2 no single person takes him from not releasable to released: the authorisation used was
 *   verified by someone other than the one who records the release, after the last reason was
 *   placed, and any override used was given by someone else too;
 * - I3 a reason removed comes back when the event that placed it happens again (a new remand on
 *   the same court case, a new hearing);
 * - I4 every change of releasability has its line in the hold's audit, and every request its line
 *   in the audit trail; and never a 5xx.
 *
 * GATE_MODEL_RUNS (default 12) sets how many sequences `npm test` tries; `npm run model:gate` runs
 * many more.
 */
const RUNS = Number(process.env.GATE_MODEL_RUNS ?? 30);
const STEPS = Number(process.env.GATE_MODEL_STEPS ?? 18);

let sys: TestSystem;
beforeAll(async () => {
  sys = await startGateModelSystem();
});
afterAll(() => sys?.stop());

describe('the gate under random operations by random actors (model-based)', () => {
  it(`keeps I1–I4 over ${RUNS} sequences of up to ${STEPS} steps`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands([STEP], { maxCommands: STEPS, size: 'max' }),
        fc.constantFrom(null, 20, 240),
        async (steps, releaseInHours) => {
          const pn = await sys.admit('MDI');
          const registerRelease = releaseInHours === null ? null : inHours(releaseInHours);
          if (registerRelease) await sys.register.setPlannedRelease(pn, registerRelease, 'test');
          const model: Model = {
            pn,
            queries: [],
            finished: new Set(),
            courtCases: new Set(),
            prisonRaised: new Set(),
            askers: new Map(),
            seen: new Map(),
            legit: new Set(),
            notBefore: new Map(),
            prisonCode: 'MDI',
            registerRelease,
            lastPlacedAt: 0,
            steps: [],
          };
          const real: Real = {
            hold: async () => {
              const res = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.lead });
              return res.status === 200 ? (res.body as Hold) : undefined;
            },
            call: (user, method, path, body) =>
              sys.http(method, path, { token: tokens[user], ...(body === undefined ? {} : { body }) }),
          };
          try {
            await fc.asyncModelRun(() => ({ model, real }), steps);
            // Whatever the sequence left, the way out is then tried: by someone of another prison who is
            // also a court expert (checklist, then release), and by the desk's own two people and a third.
            const probes: Step[] = [
              // A new remand on every case the court flagged (bail revoked): each must hold again.
              ...[...model.courtCases].map((courtCase) => new FlagCourt('courts', courtCase, null)),
              new Authorise('leedsAndExpert', 'governorA', 'RELEASED'),
              new Release('officerB', 'RELEASED'),
              new Authorise('officerA', 'governorA', 'RELEASED'),
              new Release('leedsAndExpert', 'RELEASED'),
              new Release('officerB', 'RELEASED'),
            ];
            for (const probe of probes) await probe.run(model, real);
          } finally {
            if (process.env.GATE_MODEL_VERBOSE)
              console.log(`${pn} (register release ${registerRelease ?? 'none'}):\n  ${model.steps.join('\n  ')}`);
          }
        },
      ),
      {
        numRuns: RUNS,
        endOnFailure: true,
        ...(process.env.GATE_MODEL_SEED ? { seed: Number(process.env.GATE_MODEL_SEED) } : {}),
      },
    );
  });
});
