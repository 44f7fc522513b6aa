/**
 * First names people use for one another: nicknames and transliterations. Each group is one name
 * as far as matching goes ("Bob" is "Robert", "Muhammad" is "Mohammed"). Keys are as
 * `nameKey` makes them.
 */
const GROUPS: readonly string[][] = [
  ['robert', 'rob', 'robbie', 'bob', 'bobby', 'bert'],
  ['william', 'will', 'bill', 'billy', 'liam', 'willie'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jon', 'johnny', 'jack', 'sean', 'shaun', 'shawn', 'ian', 'evan'],
  ['michael', 'mike', 'mick', 'mickey', 'micky'],
  ['richard', 'rich', 'rick', 'ricky', 'dick'],
  ['thomas', 'tom', 'tommy'],
  ['christopher', 'chris', 'kit'],
  ['daniel', 'dan', 'danny'],
  ['matthew', 'matt', 'matty'],
  ['anthony', 'tony', 'antony'],
  ['joseph', 'joe', 'joey'],
  ['david', 'dave', 'davey', 'dai', 'dafydd'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['stephen', 'steven', 'steve', 'stevie'],
  ['andrew', 'andy', 'drew'],
  ['alexander', 'alex', 'alec', 'sandy', 'sasha', 'aleksandr', 'oleksandr'],
  ['benjamin', 'ben', 'benny'],
  ['samuel', 'sam', 'sammy'],
  ['nicholas', 'nick', 'nicky', 'nikolai', 'mykola'],
  ['peter', 'pete', 'piotr', 'pyotr'],
  ['patrick', 'pat', 'paddy'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['henry', 'harry', 'hal'],
  ['frederick', 'fred', 'freddie'],
  ['kenneth', 'ken', 'kenny'],
  ['terence', 'terry'],
  ['gerald', 'gerry', 'jerry'],
  ['lawrence', 'laurence', 'larry'],
  ['leonard', 'len', 'lenny', 'leo'],
  ['raymond', 'ray'],
  ['ronald', 'ron', 'ronnie'],
  ['timothy', 'tim', 'timmy'],
  ['jonathan', 'jonny', 'jon'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad', 'mahomed', 'mohd'],
  ['ahmed', 'ahmad', 'ahmet'],
  ['yusuf', 'yousef', 'youssef', 'yosef', 'joseph'],
  ['ibrahim', 'ebrahim', 'abraham'],
  ['mustafa', 'mostafa', 'moustafa'],
  ['hussein', 'husain', 'hussain', 'hossein'],
  ['ali', 'aly'],
  ['oleg', 'olek'],
  ['dmitri', 'dmitry', 'dimitri', 'dmytro'],
  ['sergei', 'sergey', 'serhiy'],
  ['yuri', 'yury', 'iurii', 'yurii'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'elisabeth'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'cathy', 'kathy', 'kat'],
  ['rebecca', 'becky', 'becca'],
  ['jennifer', 'jen', 'jenny'],
  ['susan', 'sue', 'susie'],
  ['deborah', 'debbie', 'debra'],
  ['victoria', 'vicky', 'tori'],
  ['samantha', 'sam', 'sammy'],
  ['jessica', 'jess', 'jessie'],
  ['patricia', 'pat', 'patsy', 'trish'],
  ['christine', 'christina', 'chris', 'tina'],
  ['alexandra', 'alex', 'alexa', 'sandra'],
  ['abigail', 'abi', 'abby'],
  ['natalie', 'nat', 'natalia', 'natasha'],
  ['anna', 'ann', 'anne', 'hannah', 'ana'],
  ['sarah', 'sara', 'sally'],
  ['fatima', 'fatimah', 'fatma'],
  ['aisha', 'ayesha', 'aysha'],
];

const GROUP_OF = new Map<string, Set<number>>();
GROUPS.forEach((group, i) => {
  for (const name of group) GROUP_OF.set(name, (GROUP_OF.get(name) ?? new Set()).add(i));
});

/** Whether two first names (as keys) are the same name under a nickname or another spelling. */
export function sameFirstName(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = GROUP_OF.get(a);
  const gb = GROUP_OF.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

/** A name as matching compares it; the same as the database's rg_name_key (migration 0005). */
export function nameKey(name: string | undefined | null): string {
  return (name ?? '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/[^a-z]/g, '');
}

/** The equivalents of a first name, for blocking by name group. */
export const firstNameGroup = (key: string): string[] => [
  ...new Set([...(GROUP_OF.get(key) ?? [])].flatMap((i) => GROUPS[i]!)),
];
