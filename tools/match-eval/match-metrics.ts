import type { MatchDecision, MatchOutcome } from '../../src/domain/court/matching.ts';
import type { Defendant } from './generator.ts';

export interface Band {
  count: number;
  /** MATCHED: the right prisoner; POSSIBLE_MATCH: the right one among the candidates; NO_MATCH: not in the register. */
  right: number;
  wrong: number;
}

export interface Evaluation {
  defendants: number;
  inRegister: number;
  bands: Record<MatchOutcome, Band>;
  precision: { matched: number; review: number; noMatch: number };
  recall: { automatic: number; withReview: number };
  /** What the misses and wrong matches had done to them, for tuning. */
  failures: Record<string, number>;
}

/** Precision per band and recall, from each defendant's truth and the decision made for him. */
export function evaluate(defendants: Defendant[], decisions: MatchDecision[]): Evaluation {
  if (defendants.length !== decisions.length) throw new Error('one decision per defendant');
  const bands: Record<MatchOutcome, Band> = {
    MATCHED: { count: 0, right: 0, wrong: 0 },
    POSSIBLE_MATCH: { count: 0, right: 0, wrong: 0 },
    NO_MATCH: { count: 0, right: 0, wrong: 0 },
  };
  const failures: Record<string, number> = {};
  defendants.forEach((d, i) => {
    const decision = decisions[i]!;
    const band = bands[decision.outcome];
    band.count += 1;
    const right =
      decision.outcome === 'MATCHED'
        ? decision.prisonerNumber === d.truth
        : decision.outcome === 'POSSIBLE_MATCH'
          ? d.truth !== null && decision.candidates.some((c) => c.prisonerNumber === d.truth)
          : d.truth === null;
    if (right) band.right += 1;
    else {
      band.wrong += 1;
      const key = `${decision.outcome}:${d.variations.join('+')}`;
      failures[key] = (failures[key] ?? 0) + 1;
    }
  });
  const inRegister = defendants.filter((d) => d.truth !== null).length;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    defendants: defendants.length,
    inRegister,
    bands,
    precision: {
      matched: ratio(bands.MATCHED.right, bands.MATCHED.count),
      review: ratio(bands.POSSIBLE_MATCH.right, bands.POSSIBLE_MATCH.count),
      noMatch: ratio(bands.NO_MATCH.right, bands.NO_MATCH.count),
    },
    recall: {
      automatic: ratio(bands.MATCHED.right, inRegister),
      withReview: ratio(bands.MATCHED.right + bands.POSSIBLE_MATCH.right, inRegister),
    },
    failures,
  };
}

export interface HazardResult {
  defendants: number;
  /** Matched automatically to someone he is not: the target is 0. */
  wrongAutomatic: number;
  /** Matched automatically to himself (only a hazard whose defendant is in the register can be). */
  rightAutomatic: number;
  review: number;
  noMatch: number;
  /** For a hazard whose defendant is in the register: he was among the candidates (matched or for review). */
  found: number;
}

/** Per hazard: how many were matched automatically to the wrong man, and where the rest went. */
export function evaluateHazards(defendants: Defendant[], decisions: MatchDecision[]): Record<string, HazardResult> {
  if (defendants.length !== decisions.length) throw new Error('one decision per defendant');
  const out: Record<string, HazardResult> = {};
  defendants.forEach((d, i) => {
    if (!d.hazard) return;
    const decision = decisions[i]!;
    const r = (out[d.hazard] ??= {
      defendants: 0,
      wrongAutomatic: 0,
      rightAutomatic: 0,
      review: 0,
      noMatch: 0,
      found: 0,
    });
    r.defendants += 1;
    if (decision.outcome === 'MATCHED')
      r[decision.prisonerNumber === d.truth ? 'rightAutomatic' : 'wrongAutomatic'] += 1;
    else if (decision.outcome === 'POSSIBLE_MATCH') r.review += 1;
    else r.noMatch += 1;
    if (
      d.truth !== null &&
      decision.outcome !== 'NO_MATCH' &&
      decision.candidates.some((c) => c.prisonerNumber === d.truth)
    )
      r.found += 1;
  });
  return out;
}
