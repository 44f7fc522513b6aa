import type { MatchDecision, MatchOutcome } from '../domain/court/matching.ts';
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
  const bands: Record<MatchOutcome, Band> = { MATCHED: { count: 0, right: 0, wrong: 0 }, POSSIBLE_MATCH: { count: 0, right: 0, wrong: 0 }, NO_MATCH: { count: 0, right: 0, wrong: 0 } };
  const failures: Record<string, number> = {};
  defendants.forEach((d, i) => {
    const decision = decisions[i]!;
    const band = bands[decision.outcome];
    band.count += 1;
    const right =
      decision.outcome === 'MATCHED' ? decision.prisonerNumber === d.truth : decision.outcome === 'POSSIBLE_MATCH' ? d.truth !== null && decision.candidates.some((c) => c.prisonerNumber === d.truth) : d.truth === null;
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
    precision: { matched: ratio(bands.MATCHED.right, bands.MATCHED.count), review: ratio(bands.POSSIBLE_MATCH.right, bands.POSSIBLE_MATCH.count), noMatch: ratio(bands.NO_MATCH.right, bands.NO_MATCH.count) },
    recall: { automatic: ratio(bands.MATCHED.right, inRegister), withReview: ratio(bands.MATCHED.right + bands.POSSIBLE_MATCH.right, inRegister) },
    failures,
  };
}
