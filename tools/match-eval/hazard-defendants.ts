import { firstNameGroup } from '../../src/domain/court/names.ts';
import {
  HAZARDS,
  INDISTINGUISHABLE,
  LETTERS,
  iso,
  seeded,
  typo,
  valid,
  type Defendant,
  type Hazard,
  type SyntheticPrisoner,
} from './generator.ts';

/**
 * The hazards' defendants (see HAZARDS in generator.ts): people built against someone in the
 * register to look like him.
 */

/** Surnames that double metaphone reads alike, from the register's list (generator.ts; checked with PostgreSQL's dmetaphone). */
const SOUNDS_ALIKE: [string, string][] = [
  ['Wood', 'White'],
  ['Wright', 'Reid'],
  ['Brown', 'Byrne'],
  ['Hughes', 'Hayes'],
  ['Moore', 'Murray'],
  ['Price', 'Pearce'],
  ['Young', 'Wang'],
  ['Kelly', 'Cole'],
  ['Bailey', 'Powell'],
  ['Khan', 'Quinn'],
  ['Ellis', 'Wells'],
  ['Gray', 'Carr'],
  ['Barnes', 'Burns'],
  ['Pearson', 'Parsons'],
  ['Howard', 'Hart'],
  ['Watts', 'Yates'],
  ['Rose', 'Rees'],
  ['Barrett', 'Bird'],
  ['Dunn', 'Dean'],
  ['Stone', 'Sutton'],
  ['Hunter', 'Henderson'],
];
const SOUNDS_LIKE = new Map<string, string[]>();
for (const [a, b] of SOUNDS_ALIKE) {
  SOUNDS_LIKE.set(a, [...(SOUNDS_LIKE.get(a) ?? []), b]);
  SOUNDS_LIKE.set(b, [...(SOUNDS_LIKE.get(b) ?? []), a]);
}

const shiftDays = (dob: string, days: number) => iso(new Date(Date.parse(dob) + days * 86_400_000));

/** `perHazard` defendants of each hazard (and of the indistinguishable kind), against the register. */
export function hazardDefendants(register: SyntheticPrisoner[], perHazard: number, seed: number): Defendant[] {
  const random = seeded(seed);
  // Everyone the register knows by name and date of birth, aliases too: a "stranger" who is one of them to the letter is not a stranger.
  const taken = new Set(
    register.flatMap((p) => [
      `${p.firstName}|${p.lastName}|${p.dateOfBirth}`,
      ...p.aliases.map((a) => `${a.firstName}|${a.lastName}|${a.dateOfBirth ?? p.dateOfBirth}`),
    ]),
  );
  const noIds = (p: SyntheticPrisoner) => !p.pncNumber && !p.croNumber;
  const twins = register.filter(
    (p, i) =>
      i > 0 &&
      register[i - 1]!.lastName === p.lastName &&
      register[i - 1]!.dateOfBirth === p.dateOfBirth &&
      register[i - 1]!.firstName !== p.firstName,
  );
  const neighbours = register.filter(
    (p, i) =>
      i > 0 &&
      register[i - 1]!.firstName === p.firstName &&
      register[i - 1]!.lastName === p.lastName &&
      register[i - 1]!.dateOfBirth !== p.dateOfBirth,
  );
  const pick = (ok: (p: SyntheticPrisoner) => boolean, from = register) => {
    for (let tries = 0; tries < 100_000; tries++) {
      const p = from[random.int(from.length)]!;
      if (ok(p)) return p;
    }
    throw new Error('no one in the register fits this hazard');
  };
  const nameOf = (p: SyntheticPrisoner) => ({
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
  });
  let serial = 0;
  const ownPnc = (dob: string) =>
    `${dob.slice(0, 4)}/${String(9_000_000 + serial++).padStart(7, '0')}${LETTERS[serial % 24]}`;
  /** A stranger, unless he would be someone in the register to the letter (then he is not a stranger). */
  const stranger = (
    hazard: Hazard,
    d: { firstName: string; lastName: string; dateOfBirth: string; pncNumber?: string },
  ): Defendant | null =>
    valid(d.dateOfBirth) &&
    (hazard === INDISTINGUISHABLE ||
      hazard.startsWith('PNC_') ||
      hazard === 'EXACT_COINCIDENCE_WITH_PNC' ||
      !taken.has(`${d.firstName}|${d.lastName}|${d.dateOfBirth}`))
      ? { ...d, truth: null, variations: [hazard], hazard }
      : null;

  const build: Record<Hazard, () => Defendant | null> = {
    DOB_A_DAY_APART: () => {
      const p = pick(noIds);
      return stranger('DOB_A_DAY_APART', {
        ...nameOf(p),
        dateOfBirth: shiftDays(p.dateOfBirth, random.chance(0.5) ? 1 : -1),
      });
    },
    DOB_DAYS_APART: () => {
      const p = pick(noIds);
      return stranger('DOB_DAYS_APART', {
        ...nameOf(p),
        dateOfBirth: shiftDays(p.dateOfBirth, (2 + random.int(8)) * (random.chance(0.5) ? 1 : -1)),
      });
    },
    DOB_A_MONTH_APART: () => {
      const p = pick(noIds);
      const [y, m, day] = p.dateOfBirth.split('-').map(Number) as [number, number, number];
      const month = m === 12 ? 11 : m === 1 ? 2 : m + (random.chance(0.5) ? 1 : -1);
      return stranger('DOB_A_MONTH_APART', {
        ...nameOf(p),
        dateOfBirth: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      });
    },
    DOB_A_YEAR_APART: () => {
      const p = pick(noIds);
      return stranger('DOB_A_YEAR_APART', {
        ...nameOf(p),
        dateOfBirth: `${Number(p.dateOfBirth.slice(0, 4)) + (random.chance(0.5) ? 1 : -1)}${p.dateOfBirth.slice(4)}`,
      });
    },
    DOB_DAY_AND_MONTH_SWAPPED: () => {
      const p = pick(
        (x) => noIds(x) && Number(x.dateOfBirth.slice(8)) <= 12 && x.dateOfBirth.slice(5, 7) !== x.dateOfBirth.slice(8),
      );
      const [y, m, day] = p.dateOfBirth.split('-');
      return stranger('DOB_DAY_AND_MONTH_SWAPPED', { ...nameOf(p), dateOfBirth: `${y}-${day}-${m}` });
    },
    SURNAME_SOUNDS_ALIKE: () => {
      const p = pick((x) => noIds(x) && SOUNDS_LIKE.has(x.lastName));
      return stranger('SURNAME_SOUNDS_ALIKE', { ...nameOf(p), lastName: random.pick(SOUNDS_LIKE.get(p.lastName)!) });
    },
    FIRST_NAME_NICKNAME_OR_SLIP: () => {
      const p = pick(noIds);
      const others = firstNameGroup(p.firstName.toLowerCase()).filter((n) => n !== p.firstName.toLowerCase());
      const firstName = others.length && random.chance(0.5) ? random.pick(others) : typo(random, p.firstName);
      return firstName.toLowerCase() === p.firstName.toLowerCase()
        ? null
        : stranger('FIRST_NAME_NICKNAME_OR_SLIP', { ...nameOf(p), firstName });
    },
    PNC_ON_DEFENDANT_ONLY: () => {
      const p = pick((x) => !x.pncNumber);
      return stranger('PNC_ON_DEFENDANT_ONLY', {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        pncNumber: ownPnc(p.dateOfBirth),
      });
    },
    PNC_ON_REGISTER_ONLY: () => {
      const p = pick((x) => !!x.pncNumber);
      return stranger('PNC_ON_REGISTER_ONLY', {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
      });
    },
    EXACT_COINCIDENCE_WITH_PNC: () => {
      const p = pick(() => true);
      return stranger('EXACT_COINCIDENCE_WITH_PNC', {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        pncNumber: ownPnc(p.dateOfBirth),
      });
    },
    TWIN: () => {
      const p = pick(() => true, twins);
      return {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        truth: p.prisonerNumber,
        variations: ['TWIN'],
        hazard: 'TWIN',
      };
    },
    NEAR_NEIGHBOUR: () => {
      const p = pick(() => true, neighbours);
      return {
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: p.dateOfBirth,
        truth: p.prisonerNumber,
        variations: ['NEAR_NEIGHBOUR'],
        hazard: 'NEAR_NEIGHBOUR',
      };
    },
    [INDISTINGUISHABLE]: () => {
      const p = pick(noIds);
      return stranger(INDISTINGUISHABLE, { firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth });
    },
  };
  const out: Defendant[] = [];
  for (const hazard of [...HAZARDS, INDISTINGUISHABLE] as const) {
    for (let made = 0; made < perHazard;) {
      const d = build[hazard]();
      if (d) {
        out.push(d);
        made += 1;
      }
    }
  }
  return out;
}
