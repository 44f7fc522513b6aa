import type { Queryable } from '../database/database.ts';
import { decide } from '../../domain/court/match-decision.ts';
import {
  scoreCandidate,
  type CandidateEvidence,
  type MatchDecision,
  type NameEvidence,
  type PersonMatcher,
  type Subject,
} from '../../domain/court/matching.ts';
import { nameKey } from '../../domain/court/names.ts';

/**
 * Candidates by blocking rules, on the indexes of migration 0005, for a batch of subjects in one
 * statement; then each candidate's names compared with the subject's by pg_trgm and
 * fuzzystrmatch. Nothing scans the register, in Node or in the database: a search costs what the
 * subject's own candidates cost, so one hearing's defendant is as cheap as one of a bulk batch.
 */
export const CANDIDATE_SEARCH = `
WITH d AS (
  SELECT idx, rg_name_key(first_name) AS f, rg_name_key(last_name) AS l, date_of_birth::date AS dob, nullif(pnc, '') AS pnc, nullif(cro, '') AS cro
  FROM jsonb_to_recordset($1::jsonb) AS x(idx int, first_name text, last_name text, date_of_birth text, pnc text, cro text)
),
-- The dates of birth a slip makes of his: a day out, a year out, day and month swapped.
near AS (
  SELECT d.idx, n.dob FROM d, LATERAL unnest(ARRAY[d.dob - 1, d.dob + 1,
    (d.dob - interval '1 year')::date, (d.dob + interval '1 year')::date,
    CASE WHEN extract(day FROM d.dob) <= 12 AND extract(day FROM d.dob) <> extract(month FROM d.dob)
      THEN make_date(extract(year FROM d.dob)::int, extract(day FROM d.dob)::int, extract(month FROM d.dob)::int) END]) AS n(dob)
  WHERE d.dob IS NOT NULL AND n.dob IS NOT NULL
),
-- Each subject probes the indexes for his own candidates (LATERAL, fenced by OFFSET 0 so the planner
-- cannot turn it back into a join that hashes the whole register: it plans for a hundred subjects,
-- and a court hearing brings one).
cand AS (
  SELECT d.idx, c.prisoner_number, c.rule FROM d CROSS JOIN LATERAL (
    SELECT * FROM (
      SELECT p.prisoner_number, 'PNC' AS rule FROM prisoners p WHERE rg_pnc_key(p.pnc_number) = rg_pnc_key(d.pnc) AND p.pnc_number IS NOT NULL
      UNION ALL
      SELECT p.prisoner_number, 'CRO' FROM prisoners p WHERE rg_cro_key(p.cro_number) = rg_cro_key(d.cro) AND p.cro_number IS NOT NULL
      UNION ALL
      -- Date of birth with a name prefix, either way round (names swapped are caught here too).
      SELECT p.prisoner_number, 'DOB_AND_NAME' FROM prisoners p WHERE p.date_of_birth = d.dob
        AND (left(rg_name_key(p.last_name), 2) IN (left(d.l, 2), left(d.f, 2)) OR left(rg_name_key(p.first_name), 2) IN (left(d.f, 2), left(d.l, 2)))
      UNION ALL
      -- A surname that sounds the same, the same initial, born within a year: a wrong date of birth.
      SELECT p.prisoner_number, 'PHONETIC_SURNAME' FROM prisoners p
        WHERE dmetaphone(rg_name_key(p.last_name)) = dmetaphone(d.l) AND left(rg_name_key(p.first_name), 1) = left(d.f, 1)
        AND p.date_of_birth BETWEEN d.dob - 400 AND d.dob + 400
      UNION ALL
      -- A date of birth a slip away with a name prefix: a wrong date of birth and a misspelt name together.
      SELECT p.prisoner_number, 'NEAR_DOB_AND_NAME' FROM near n JOIN prisoners p ON p.date_of_birth = n.dob WHERE n.idx = d.idx
        AND (left(rg_name_key(p.last_name), 2) IN (left(d.l, 2), left(d.f, 2)) OR left(rg_name_key(p.first_name), 2) IN (left(d.f, 2), left(d.l, 2)))
      UNION ALL
      -- Names the wrong way round (or sounding so) and born within about a year: swapped names and a wrong date of birth.
      SELECT p.prisoner_number, 'SWAPPED_PHONETIC' FROM prisoners p
        WHERE dmetaphone(rg_name_key(p.last_name)) = dmetaphone(d.f) AND left(rg_name_key(p.first_name), 1) = left(d.l, 1)
        AND p.date_of_birth BETWEEN d.dob - 400 AND d.dob + 400
      UNION ALL
      SELECT a.prisoner_number, 'ALIAS_NAME' FROM prisoner_aliases a WHERE rg_name_key(a.last_name) = d.l AND left(rg_name_key(a.first_name), 1) = left(d.f, 1)
      UNION ALL
      SELECT a.prisoner_number, 'ALIAS_DOB' FROM prisoner_aliases a WHERE a.date_of_birth = d.dob
        AND (left(rg_name_key(a.last_name), 2) IN (left(d.l, 2), left(d.f, 2)) OR left(rg_name_key(a.first_name), 2) IN (left(d.f, 2), left(d.l, 2)))
    ) probes OFFSET 0
  ) c
),
pairs AS (SELECT idx, prisoner_number, array_agg(DISTINCT rule ORDER BY rule) AS rules FROM cand GROUP BY idx, prisoner_number),
-- Each candidate's own names, read by his key (fenced as above).
names AS (
  SELECT pr.idx, pr.prisoner_number, pr.rules, own.* FROM pairs pr CROSS JOIN LATERAL (
    SELECT * FROM (
      SELECT p.pnc_number, p.cro_number, 'PRIMARY' AS kind, rg_name_key(p.first_name) AS nf, rg_name_key(p.last_name) AS nl, p.date_of_birth AS ndob
      FROM prisoners p WHERE p.prisoner_number = pr.prisoner_number
      UNION ALL
      SELECT p.pnc_number, p.cro_number, 'ALIAS', rg_name_key(a.first_name), rg_name_key(a.last_name), coalesce(a.date_of_birth, p.date_of_birth)
      FROM prisoner_aliases a JOIN prisoners p USING (prisoner_number) WHERE a.prisoner_number = pr.prisoner_number
    ) named OFFSET 0
  ) own
)
SELECT n.idx, d.f AS sf, d.l AS sl, n.prisoner_number, n.rules, n.pnc_number, n.cro_number, n.kind, n.nf, n.nl, to_char(n.ndob, 'YYYY-MM-DD') AS ndob,
  similarity(n.nf, d.f) AS first_sim, similarity(n.nl, d.l) AS last_sim,
  least(similarity(n.nf, d.l), similarity(n.nl, d.f)) AS swapped_sim,
  levenshtein(left(n.nf, 255), left(d.f, 255)) AS first_lev, levenshtein(left(n.nl, 255), left(d.l, 255)) AS last_lev,
  dmetaphone(n.nf) = dmetaphone(d.f) AS first_phon, dmetaphone(n.nl) = dmetaphone(d.l) AS last_phon
FROM names n JOIN d USING (idx)`;

/** The subjects as the searches' one parameter ($1): numbered in order, absent fields null. */
export const subjectsParameter = (subjects: Subject[]): string =>
  JSON.stringify(
    subjects.map((s, idx) => ({
      idx,
      first_name: s.firstName,
      last_name: s.lastName,
      date_of_birth: s.dateOfBirth ?? null,
      pnc: s.pncNumber ?? null,
      cro: s.croNumber ?? null,
    })),
  );

/** How many share each subject's surname, and the register's average per surname: term frequency. */
const FREQUENCIES = `
SELECT x.idx, (SELECT count(*) FROM prisoners p WHERE rg_name_key(p.last_name) = rg_name_key(x.last_name))::int AS count
FROM jsonb_to_recordset($1::jsonb) AS x(idx int, last_name text)`;
const AVERAGE = `SELECT (count(*)::float / greatest(count(DISTINCT rg_name_key(last_name)), 1)) AS average FROM prisoners`;

interface Row {
  idx: number;
  /** The subject's names as the database keys them (the same rule as nameKey, but one implementation decides). */
  sf: string;
  sl: string;
  prisoner_number: string;
  rules: string[];
  pnc_number: string | null;
  cro_number: string | null;
  kind: 'PRIMARY' | 'ALIAS';
  nf: string;
  nl: string;
  ndob: string;
  first_sim: number;
  last_sim: number;
  swapped_sim: number;
  first_lev: number;
  last_lev: number;
  first_phon: boolean;
  last_phon: boolean;
}

/** The register's average people per surname changes slowly: counted at most once a minute. */
const AVERAGE_CACHE_MS = 60_000;

/** Batches of subjects per statement, and statements at once (each on its own pooled connection). */
export function postgresPersonMatcher(
  db: Queryable,
  options: { batchSize?: number; concurrency?: number } = {},
): PersonMatcher {
  const batchSize = options.batchSize ?? 250;
  const concurrency = options.concurrency ?? 2;
  let average: { at: number; value: number } | null = null;
  const averagePerSurname = async () => {
    if (!average || Date.now() - average.at > AVERAGE_CACHE_MS)
      average = { at: Date.now(), value: Number((await db.query<{ average: number }>(AVERAGE))[0]?.average ?? 1) };
    return average.value;
  };

  const matchBatch = async (subjects: Subject[]): Promise<MatchDecision[]> => {
    const payload = subjectsParameter(subjects);
    const [rows, counts, avg] = await Promise.all([
      db.query<Row>(CANDIDATE_SEARCH, [payload]),
      db.query<{ idx: number; count: number }>(FREQUENCIES, [payload]),
      averagePerSurname(),
    ]);
    const bySubject = new Map<number, Map<string, CandidateEvidence>>();
    const keysOf = new Map<number, { first: string; last: string }>();
    for (const r of rows) {
      keysOf.set(r.idx, { first: r.sf, last: r.sl });
      const candidates = bySubject.get(r.idx) ?? new Map<string, CandidateEvidence>();
      bySubject.set(r.idx, candidates);
      const candidate = candidates.get(r.prisoner_number) ?? {
        prisonerNumber: r.prisoner_number,
        rules: r.rules,
        ...(r.pnc_number ? { pncNumber: r.pnc_number } : {}),
        ...(r.cro_number ? { croNumber: r.cro_number } : {}),
        names: [] as NameEvidence[],
      };
      candidates.set(r.prisoner_number, candidate);
      candidate.names.push({
        kind: r.kind,
        firstKey: r.nf,
        lastKey: r.nl,
        dateOfBirth: r.ndob,
        firstSimilarity: Number(r.first_sim),
        lastSimilarity: Number(r.last_sim),
        swappedSimilarity: Number(r.swapped_sim),
        firstEdits: Number(r.first_lev),
        lastEdits: Number(r.last_lev),
        firstPhonetic: r.first_phon,
        lastPhonetic: r.last_phon,
      });
    }
    const countOf = new Map(counts.map((c) => [c.idx, Number(c.count)]));
    return subjects.map((subject, idx) => {
      const keys = keysOf.get(idx) ?? { first: nameKey(subject.firstName), last: nameKey(subject.lastName) };
      const frequency = { count: countOf.get(idx) ?? 0, average: avg };
      return decide([...(bySubject.get(idx)?.values() ?? [])].map((c) => scoreCandidate(subject, c, frequency, keys)));
    });
  };

  return {
    async match(subjects) {
      const batches: Subject[][] = [];
      for (let i = 0; i < subjects.length; i += batchSize) batches.push(subjects.slice(i, i + batchSize));
      const results: MatchDecision[][] = new Array(batches.length);
      let next = 0;
      const lane = async () => {
        while (next < batches.length) {
          const i = next++;
          results[i] = await matchBatch(batches[i]!);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, lane));
      return results.flat();
    },
  };
}
