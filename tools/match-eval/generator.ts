import { firstNameGroup } from '../../src/domain/court/names.ts';
import type { Subject } from '../../src/domain/court/matching.ts';

/**
 * A labelled synthetic register and defendant sets for the matching evaluation, from a seed:
 * clearly fictional people whose names follow a realistic spread (a few very common surnames, a
 * long tail), with aliases, double-barrelled surnames, PNC and CRO numbers; and defendants drawn
 * from them with the variation real court data has (nicknames, transliterations, typos, swapped
 * names, part of a double-barrelled surname, date-of-birth slips, aliases, wrong identifiers), plus
 * people who are not in the register at all. Each defendant knows who he really is.
 */

/** mulberry32: small, fast and the same on every machine. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]) => list[int(list.length)]!, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof seeded>;

const FIRST = (
  'James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene ' +
  'Mohammed Ahmed Ali Hassan Hussein Omar Yusuf Ibrahim Mustafa Tariq Imran Bilal Hamza Kwame Kofi Chinedu Emeka Oluwaseun Tunde Dmitri Sergei Oleg Yuri Piotr Tomasz Krzysztof Marek Andrei Florin Ionut Mihai Darius Lukas Jonas Arjun Rahul Sanjay Vikram Deepak Amit Wei Jun Hao Mateo Diego Carlos Luis ' +
  'Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Olivia Julie Joyce Victoria Fatima Aisha Amina Zainab Chioma Ngozi Agnieszka Katarzyna Ioana Elena Priya Anjali Mei Sofia'
).split(' ');

const SURNAMES = (
  "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins " +
  'Okonkwo Adeyemi Mensah Boateng Nwosu Kowalski Nowak Wisniewski Wojcik Popescu Ionescu Petrov Ivanov Smirnov Volkov Sokolov Kozlov Rahman Chowdhury Uddin Islam Miah Sharma Gupta Mehta Chaudhry Iqbal Malik Akhtar Mahmood Qureshi Nguyen Tran Wang Zhang Chen Liu Garcia Rodriguez Fernandez Lopez Gonzalez Silva Santos Oliveira Costa Mahoney Fitzgerald Gallagher Doherty Quinn Kavanagh Brennan Nolan Sweeney McLaughlin MacLeod Fraser Sinclair Ferguson Cameron Duffy Lynch Hegarty Achterberg Vanterpool Ogunleye Abernethy Featherstone Blackwood Winterbottom Ramsbottom Higginbotham Cholmondeley'
).split(' ');

/** Zipf-like: the list's head is much commoner than its tail, as surnames are. */
function zipf(random: Random, n: number, s = 0.9): number {
  // Inverse-CDF over precomputed weights would be exact; this rejection form is close and cheap.
  for (;;) {
    const i = random.int(n);
    if (random.next() < 1 / Math.pow(i + 1, s)) return i;
  }
}

export interface SyntheticPrisoner {
  prisonerNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  pncNumber?: string;
  croNumber?: string;
  aliases: { firstName: string; lastName: string; dateOfBirth?: string }[];
}

export interface Defendant extends Subject {
  /** Who he really is: a prisoner number, or null for someone not in the register. */
  truth: string | null;
  /** The variations applied, for the report. */
  variations: string[];
  /** The hazard he was built for, when he was (see hazardDefendants, in hazard-defendants.ts). */
  hazard?: Hazard;
}

export const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const iso = (d: Date) => d.toISOString().slice(0, 10);
export const valid = (dob: string) => !Number.isNaN(Date.parse(dob)) && iso(new Date(Date.parse(dob))) === dob;

function dateOfBirth(random: Random): string {
  const from = Date.UTC(1950, 0, 1);
  const to = Date.UTC(2007, 11, 31);
  return iso(new Date(from + random.int(Math.floor((to - from) / 86_400_000)) * 86_400_000));
}

function identity(random: Random): { firstName: string; lastName: string; dateOfBirth: string } {
  const lastName = random.chance(0.04)
    ? `${SURNAMES[zipf(random, SURNAMES.length)]}-${SURNAMES[zipf(random, SURNAMES.length)]}`
    : SURNAMES[zipf(random, SURNAMES.length)]!;
  return { firstName: FIRST[zipf(random, FIRST.length, 0.6)]!, lastName, dateOfBirth: dateOfBirth(random) };
}

/** Twins (0.4 %: 340 pairs in 85,000, as the register had) and same-name neighbours born within a year (0.3 %). */
const TWIN_SHARE = 0.004;
const NEIGHBOUR_SHARE = 0.003;

/**
 * The register: `count` people, each with a unique prisoner number, PNC (most) and CRO (some).
 * Some follow the one before as a twin (his surname and date of birth, another first name) or as a
 * neighbour (his full name, born one to twelve months apart): the people a match must not confuse.
 */
export function syntheticRegister(count: number, seed: number): SyntheticPrisoner[] {
  const random = seeded(seed);
  const people: SyntheticPrisoner[] = [];
  for (let i = 0; i < count; i++) {
    const before = people[i - 1];
    const roll = random.next();
    let who = identity(random);
    if (before && roll < TWIN_SHARE) {
      let firstName = FIRST[random.int(FIRST.length)]!;
      while (firstName === before.firstName) firstName = FIRST[random.int(FIRST.length)]!;
      who = { firstName, lastName: before.lastName, dateOfBirth: before.dateOfBirth };
    } else if (before && roll < TWIN_SHARE + NEIGHBOUR_SHARE) {
      const days = (30 + random.int(335)) * (random.chance(0.5) ? 1 : -1);
      who = {
        firstName: before.firstName,
        lastName: before.lastName,
        dateOfBirth: iso(new Date(Date.parse(before.dateOfBirth) + days * 86_400_000)),
      };
    }
    const year = who.dateOfBirth.slice(0, 4);
    const aliases: SyntheticPrisoner['aliases'] = [];
    if (random.chance(0.25)) {
      const kinds = random.int(2) + 1;
      for (let k = 0; k < kinds; k++) {
        const roll = random.int(3);
        if (roll === 0) aliases.push({ firstName: who.firstName, lastName: SURNAMES[zipf(random, SURNAMES.length)]! });
        else if (roll === 1) aliases.push({ firstName: FIRST[random.int(FIRST.length)]!, lastName: who.lastName });
        else aliases.push({ firstName: who.firstName, lastName: who.lastName, dateOfBirth: dateOfBirth(random) });
      }
    }
    people.push({
      prisonerNumber: `${LETTERS[i % 24]}${String(Math.floor(i / 24) % 10_000).padStart(4, '0')}${LETTERS[Math.floor(i / 240_000) % 24]}${LETTERS[((Math.floor(i / 24) / 10_000) % 24) | 0]}`,
      ...who,
      ...(random.chance(0.8)
        ? { pncNumber: `${year}/${String(1_000_000 + i).padStart(7, '0')}${LETTERS[i % 24]}` }
        : {}),
      ...(random.chance(0.5)
        ? { croNumber: `${String(100_000 + i).padStart(6, '0')}/${year.slice(2)}${LETTERS[(i * 7) % 24]}` }
        : {}),
      aliases,
    });
  }
  return people;
}

export function typo(random: Random, word: string): string {
  if (word.length < 3) return word;
  const i = 1 + random.int(word.length - 1);
  const letter = 'abcdefghijklmnopqrstuvwxyz'[random.int(26)]!;
  switch (random.int(4)) {
    case 0:
      return word.slice(0, i) + letter + word.slice(i + 1); // substitution
    case 1:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    case 2:
      return word.slice(0, i) + letter + word.slice(i); // insertion
    default:
      return i < word.length - 1 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word; // transposition
  }
}

const VARIATIONS = [
  'CLEAN',
  'NICKNAME',
  'LAST_TYPO',
  'FIRST_TYPO',
  'SWAPPED',
  'HYPHEN_PART',
  'DOB_TRANSPOSED',
  'DOB_NEAR',
  'DOB_YEAR_DIGIT',
  'ALIAS',
  'TWO',
] as const;
const WEIGHTS = [35, 10, 10, 7, 5, 5, 4, 4, 3, 8, 9];

function vary(
  random: Random,
  person: SyntheticPrisoner,
  variation: string,
  d: { firstName: string; lastName: string; dateOfBirth: string },
): boolean {
  switch (variation) {
    case 'NICKNAME': {
      const others = firstNameGroup(d.firstName.toLowerCase()).filter((n) => n !== d.firstName.toLowerCase());
      if (!others.length) return false;
      d.firstName = random.pick(others);
      return true;
    }
    case 'LAST_TYPO':
      d.lastName = typo(random, d.lastName);
      return true;
    case 'FIRST_TYPO':
      d.firstName = typo(random, d.firstName);
      return true;
    case 'SWAPPED':
      [d.firstName, d.lastName] = [d.lastName, d.firstName];
      return true;
    case 'HYPHEN_PART':
      d.lastName = d.lastName.includes('-')
        ? d.lastName.split('-')[random.int(2)]!
        : `${d.lastName}-${SURNAMES[random.int(SURNAMES.length)]}`;
      return true;
    case 'DOB_TRANSPOSED': {
      const [y, m, day] = d.dateOfBirth.split('-');
      if (Number(day) > 12 || m === day) return false;
      d.dateOfBirth = `${y}-${day}-${m}`;
      return true;
    }
    case 'DOB_NEAR':
      d.dateOfBirth = iso(new Date(Date.parse(d.dateOfBirth) + (random.chance(0.5) ? 1 : -1) * 86_400_000));
      return true;
    case 'DOB_YEAR_DIGIT': {
      const year = Number(d.dateOfBirth.slice(0, 4)) + (random.chance(0.5) ? 1 : -1);
      const next = `${year}${d.dateOfBirth.slice(4)}`;
      // Date.parse rolls 1993-02-29 over to 1 March: a real date only.
      if (!valid(next)) return false;
      d.dateOfBirth = next;
      return true;
    }
    case 'ALIAS': {
      if (!person.aliases.length) return false;
      const alias = random.pick(person.aliases);
      d.firstName = alias.firstName;
      d.lastName = alias.lastName;
      if (alias.dateOfBirth) d.dateOfBirth = alias.dateOfBirth;
      return true;
    }
    default:
      return true;
  }
}

/**
 * `count` defendants: `inRegisterShare` of them people in the register (with variation), the rest
 * new people. A defendant's PNC is given about half the time he has one, and is wrong 1% of times.
 */
export function syntheticDefendants(
  register: SyntheticPrisoner[],
  count: number,
  seed: number,
  inRegisterShare = 0.75,
): Defendant[] {
  const random = seeded(seed);
  const defendants: Defendant[] = [];
  for (let i = 0; i < count; i++) {
    if (!random.chance(inRegisterShare)) {
      const who = identity(random);
      defendants.push({ ...who, truth: null, variations: ['NOT_IN_REGISTER'] });
      continue;
    }
    const person = register[random.int(register.length)]!;
    const d = { firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth };
    let roll = random.int(100);
    let variation: string = VARIATIONS[0];
    for (const [k, w] of WEIGHTS.entries()) {
      if (roll < w) {
        variation = VARIATIONS[k]!;
        break;
      }
      roll -= w;
    }
    const applied: string[] = [];
    const steps =
      variation === 'TWO' ? [random.pick(VARIATIONS.slice(1, 10)), random.pick(VARIATIONS.slice(1, 10))] : [variation];
    for (const step of steps) if (vary(random, person, step, d)) applied.push(step);
    const pnc =
      person.pncNumber && random.chance(0.5)
        ? random.chance(0.02)
          ? register[random.int(register.length)]!.pncNumber
          : person.pncNumber
        : undefined;
    if (pnc && pnc !== person.pncNumber) applied.push('WRONG_PNC');
    defendants.push({
      ...d,
      ...(pnc ? { pncNumber: pnc } : {}),
      truth: person.prisonerNumber,
      variations: applied.length ? applied : ['CLEAN'],
    });
  }
  return defendants;
}

/**
 * The hazards a match must not fall for (issue 26): people built against someone in the register
 * to look like him. Each is a stranger (not in the register) unless it says otherwise, and none
 * may be matched automatically to anyone but himself.
 */
export const HAZARDS = [
  'DOB_A_DAY_APART', // his full name, born a day apart; no identifier either side
  'DOB_DAYS_APART', // two to nine days apart
  'DOB_A_MONTH_APART', // the same day of another month
  'DOB_A_YEAR_APART', // the same day and month of another year
  'DOB_DAY_AND_MONTH_SWAPPED', // 1980-03-11 for 1980-11-03
  'SURNAME_SOUNDS_ALIKE', // WOOD for WHITE: his first name and date of birth
  'FIRST_NAME_NICKNAME_OR_SLIP', // Bob for Robert, or one letter out: his surname and date of birth
  'PNC_ON_DEFENDANT_ONLY', // his full name and date of birth, and a PNC the register's man does not have
  'PNC_ON_REGISTER_ONLY', // his full name and date of birth; the register's man has a PNC, the defendant none
  'EXACT_COINCIDENCE_WITH_PNC', // his full name and date of birth, and a PNC of the stranger's own
  'TWIN', // the man himself (in the register), whose twin is there too; no identifier given
  'NEAR_NEIGHBOUR', // the man himself, with someone of the same name born within a year; no identifier given
] as const;
export type Hazard = (typeof HAZARDS)[number] | typeof INDISTINGUISHABLE;

/**
 * Reported apart, not a target: a stranger with a register man's exact name and date of birth,
 * and no identifier on either side. Nothing the policy may read tells them apart, so the policy
 * matches him; the report says how often that happens.
 */
export const INDISTINGUISHABLE = 'EXACT_COINCIDENCE_NO_IDENTIFIERS';
