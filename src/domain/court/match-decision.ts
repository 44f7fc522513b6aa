import { MATCH_THRESHOLDS, round, type Contribution, type MatchDecision, type ScoredCandidate } from './matching.ts';

/**
 * From scored candidates to a decision: matched, for review, or none, with why in words. The
 * scoring of one candidate is in matching.ts.
 */

const agreed = (c: ScoredCandidate, field: Contribution['field'], ...agreements: string[]) =>
  c.contributions.some((x) => x.field === field && agreements.includes(x.agreement));

/**
 * Possible twins: another candidate with the same surname and date of birth but a different first
 * name. Without an identifier to tell them apart, a person decides.
 */
function twinOf(top: ScoredCandidate, others: ScoredCandidate[]): ScoredCandidate | undefined {
  if (agreed(top, 'PNC', 'EXACT') || agreed(top, 'CRO', 'EXACT')) return undefined;
  return others.find(
    (o) =>
      agreed(o, 'LAST_NAME', 'EXACT', 'CLOSE') &&
      agreed(o, 'DATE_OF_BIRTH', 'EXACT') &&
      !agreed(o, 'FIRST_NAME', 'EXACT', 'NICKNAME_OR_SPELLING'),
  );
}

const describe = (c: ScoredCandidate) =>
  `${c.prisonerNumber} scored ${c.score} (found by ${c.rules.join(', ')}; ${c.contributions.map((x) => `${x.field.toLowerCase().replace(/_/g, ' ')} ${x.agreement.toLowerCase().replace(/_/g, ' ')} ${x.weight >= 0 ? '+' : ''}${round(x.weight)}`).join('; ')})`;

/** A neighbour: someone else with the same full name born within a year (docs/domain.md, "Matching a named person"). */
const NEIGHBOUR_DAYS = 366;

/**
 * Whether the top candidate may be matched without a person, by the policy in docs/domain.md: an
 * identifier (PNC or CRO) that agrees, or an exact full name and exact date of birth with no
 * identifier on either side and no neighbour of the same name. Whatever the score, an identifier
 * in conflict or a date of birth that disagrees sends him to review, and so, without an agreeing
 * identifier, does a surname that agrees only by sound or an identifier on one side only.
 * Returns the reasons he may not be matched, in words; none means he may.
 */
export function automaticMatchBlocks(top: ScoredCandidate, others: ScoredCandidate[]): string[] {
  const has = (field: Contribution['field'], ...agreements: string[]) => agreed(top, field, ...agreements);
  const blocks: string[] = [];
  for (const field of ['PNC', 'CRO'] as const)
    if (has(field, 'MISMATCH')) blocks.push(`his ${field} and the defendant's disagree`);
  if (has('DATE_OF_BIRTH', 'DAY_AND_MONTH_TRANSPOSED', 'NEAR', 'WITHIN_A_YEAR', 'DIFFERENT'))
    blocks.push('the date of birth disagrees (a slip or another man: a person decides)');
  // An agreeing identifier is his whatever the spelling of his name (court data misspells names).
  if (has('PNC', 'EXACT') || has('CRO', 'EXACT')) return blocks;
  if (has('LAST_NAME', 'SOUNDS_ALIKE')) blocks.push('the surname agrees only by sound');
  for (const field of ['PNC', 'CRO'] as const) {
    if (has(field, 'SUBJECT_ONLY')) blocks.push(`the defendant gives a ${field} and the prisoner has none`);
    if (has(field, 'CANDIDATE_ONLY')) blocks.push(`the prisoner has a ${field} and the defendant gives none`);
  }
  const exact = has('FIRST_NAME', 'EXACT') && has('LAST_NAME', 'EXACT') && has('DATE_OF_BIRTH', 'EXACT');
  if (!exact) blocks.push('no identifier agrees, and the full name and date of birth are not both exact');
  const neighbour = others.find((o) => o.sameNameDays !== undefined && o.sameNameDays <= NEIGHBOUR_DAYS);
  if (neighbour)
    blocks.push(
      `a near neighbour: ${neighbour.prisonerNumber} has the same name, born ${neighbour.sameNameDays} days apart`,
    );
  return blocks;
}

/** The decision for one subject from his scored candidates: matched, for review, or none. */
export function decide(scored: ScoredCandidate[], thresholds = MATCH_THRESHOLDS): MatchDecision {
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.prisonerNumber.localeCompare(b.prisonerNumber));
  const [top, second] = ranked;
  const candidates = ranked.slice(0, 3);
  if (!top || top.score < thresholds.review) {
    return {
      outcome: 'NO_MATCH',
      explanation: [
        top
          ? `No candidate reached ${thresholds.review}; the best was ${describe(top)}`
          : 'No one in the register passed any blocking rule',
      ],
      candidates,
    };
  }
  const explanation = [describe(top)];
  const lead = second ? top.score - second.score : Infinity;
  if (second) explanation.push(`The next, ${second.prisonerNumber}, scored ${second.score}: a lead of ${round(lead)}`);
  const twin = twinOf(top, ranked.slice(1));
  if (twin)
    explanation.push(
      `Possible twin: ${twin.prisonerNumber} has the same surname and date of birth and another first name`,
    );
  const blocks = top.score >= thresholds.match ? automaticMatchBlocks(top, ranked.slice(1)) : [];
  if (top.score >= thresholds.match && lead >= thresholds.lead && !twin && !blocks.length)
    return { outcome: 'MATCHED', prisonerNumber: top.prisonerNumber, score: top.score, explanation, candidates };
  if (top.score >= thresholds.match) {
    if (lead < thresholds.lead) explanation.push(`Below the lead of ${thresholds.lead} a match needs`);
    if (twin) explanation.push('A person must tell them apart');
    if (blocks.length) explanation.push(`Not matched without a person: ${blocks.join('; ')}`);
  }
  return { outcome: 'POSSIBLE_MATCH', prisonerNumber: top.prisonerNumber, score: top.score, explanation, candidates };
}
