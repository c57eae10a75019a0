// Generates one chunk of the population: households of persons at one address, parental authority
// over the minors, court registrations, and the businesses founded by the chunk's adults with their
// branches and functionaries. Pure computation: the same spec gives the same rows, and a chunk
// needs nothing from any other chunk (its numbers come from its index), which makes the nation seed
// resumable and lets the demo reuse it.
//
// Distributions (sources: CBS StatLine, population and households 2023; KVK, companies by legal
// form; Raad voor de rechtspraak, registers of curatele, bewind and mentorschap; all rounded):
// - the age pyramid of the Netherlands (5-year bands below);
// - households: 38 % single persons, 29 % couples without children, 27 % couples or single parents
//   with children at home (the rest: adult children at home, shared houses): 2.1 persons on average;
// - about 1 in 5 persons a minor, each with one or two holders of parental authority (gezag) until 18;
// - about 100,000 adults in 17.5 million under curatele, beschermingsbewind or mentorschap;
// - 1.5 million businesses for 17.5 million persons; legal forms by share (eenmanszaak majority);
//   about two functionaries per business.
import { foldForSearch } from '../../../platform/db/index.ts';
import { addYears, fromDayNumber, toDayNumber, type IsoDate } from '../../../platform/time/index.ts';
import type { CourtRegistrationKind, FunctionaryAuthority, FunctionaryRole, LegalForm } from '../people/model.ts';
import { businessName } from './business-names.ts';
import { branchNumberAt, bsnAt, kvkAt } from './identifiers.ts';
import { givenNames, originTable, surname as drawSurname, type Origin, type Sex, type Surname } from './names.ts';
import type { AddressValues, Places } from './places.ts';
import { Random, Weighted, uuidV7 } from './random.ts';

export type Value = string | number | boolean | null;

export const seedColumns = {
  person: [
    'bsn',
    'given_names',
    'surname_prefix',
    'surname',
    'birth_date',
    'death_date',
    'street',
    'house_number',
    'house_number_addition',
    'postcode',
    'city',
    'municipality_code',
    'updated_at',
  ],
  person_authority: ['child_bsn', 'holder_bsn', 'kind', 'valid_from', 'valid_to'],
  court_registration: ['id', 'person_bsn', 'representative_bsn', 'kind', 'valid_from', 'valid_to'],
  business: [
    'kvk_number',
    'name',
    'legal_form',
    'registered_on',
    'ended_on',
    'street',
    'house_number',
    'house_number_addition',
    'postcode',
    'city',
    'municipality_code',
    'search_name',
    'updated_at',
  ],
  business_branch: [
    'branch_number',
    'kvk_number',
    'name',
    'is_main',
    'street',
    'house_number',
    'house_number_addition',
    'postcode',
    'city',
    'municipality_code',
  ],
  business_functionary: ['kvk_number', 'person_bsn', 'role', 'authority', 'valid_from', 'valid_to'],
  official: ['id', 'person_bsn', 'name', 'email', 'organisation_code', 'active', 'created_at'],
  official_role: ['official_id', 'role'],
} as const satisfies Record<string, readonly string[]>;

export type SeedTable = keyof typeof seedColumns;

/** Parents before children: the order rows must be written in. */
export const seedTables = [
  'person',
  'person_authority',
  'court_registration',
  'business',
  'business_branch',
  'business_functionary',
  'official',
  'official_role',
] as const satisfies readonly SeedTable[];

/** Rows per table, flattened: row i of table t is values[i·columns(t) … (i+1)·columns(t)). */
export type Rows = Record<SeedTable, Value[]>;

export function emptyRows(): Rows {
  return {
    person: [],
    person_authority: [],
    court_registration: [],
    business: [],
    business_branch: [],
    business_functionary: [],
    official: [],
    official_role: [],
  };
}

export function rowCount(rows: Rows, table: SeedTable): number {
  return rows[table].length / seedColumns[table].length;
}

export function totalRows(rows: Rows): number {
  return seedTables.reduce((n, t) => n + rowCount(rows, t), 0);
}

// ---------------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------------

/** Inhabitants (thousands) per 5-year age band 0–4 … 100–104, CBS 1 January 2023, rounded. */
const pyramid = [880, 910, 960, 1050, 1130, 1170, 1140, 1080, 1040, 1100, 1280, 1300, 1190, 1040, 980, 770, 480, 270, 110, 25, 3];
const MAX_AGE = pyramid.length * 5 - 1;
const perYear = (age: number): number => (pyramid[Math.floor(age / 5)] ?? 0) / 5;

/** Adults' ages for a household type: the pyramid weighted by how often that age lives that way. */
function ageTable(from: number, to: number, factor: (age: number) => number): Weighted<number> {
  const entries: [number, number][] = [];
  for (let age = from; age <= Math.min(to, MAX_AGE); age++) entries.push([age, perYear(age) * factor(age)]);
  return new Weighted(entries);
}

const band = (age: number, bands: readonly (readonly [number, number])[]): number => bands.find(([until]) => age <= until)?.[1] ?? 0;

const singleAge = ageTable(18, MAX_AGE, (a) =>
  band(a, [
    [24, 0.95],
    [34, 0.95],
    [54, 0.3],
    [64, 0.55],
    [74, 0.7],
    [84, 1.4],
    [MAX_AGE, 1.6],
  ]),
);
const coupleAge = ageTable(20, 95, (a) =>
  band(a, [
    [24, 0.2],
    [34, 0.5],
    [49, 0.05],
    [54, 0.9],
    [64, 1.2],
    [79, 1.25],
    [95, 0.8],
  ]),
);
const sharedAge = ageTable(18, 30, () => 1);

type HouseholdType = 'single' | 'couple' | 'family' | 'single_parent' | 'adult_children' | 'shared';
const householdTypes = new Weighted<HouseholdType>([
  ['single', 38],
  ['couple', 29],
  ['family', 17.5],
  ['single_parent', 6],
  ['adult_children', 4.5],
  ['shared', 1.5],
]);
const minorCount = new Weighted<number>([
  [1, 40],
  [2, 44],
  [3, 12],
  [4, 3],
  [5, 1],
]);

/** Court registrations per living adult by age (about 100,000 in the whole country). */
const courtRate = (age: number): number => (age < 30 ? 0.0085 : age < 65 ? 0.0068 : age < 80 ? 0.006 : 0.015);
const courtKinds = new Weighted<CourtRegistrationKind>([
  ['beschermingsbewind', 60],
  ['mentorschap', 25],
  ['curatele', 15],
]);

/** Legal forms by their share of the Handelsregister. */
export const legalFormShares = new Weighted<LegalForm>([
  ['eenmanszaak', 62.4],
  ['bv', 20],
  ['vof', 7],
  ['stichting', 6],
  ['vereniging', 3],
  ['maatschap', 0.8],
  ['cv', 0.4],
  ['cooperatie', 0.3],
  ['nv', 0.1],
]);
/** Mean age of a business of each form, in years (exponential). */
const businessAge: Record<LegalForm, number> = {
  eenmanszaak: 7,
  vof: 9,
  maatschap: 15,
  cv: 15,
  bv: 14,
  nv: 30,
  stichting: 18,
  vereniging: 30,
  cooperatie: 15,
};

/** Businesses per person: 1.5 million for 17.5 million. */
export const BUSINESSES_PER_PERSON = { numerator: 3, denominator: 35 } as const;
export function businessesBefore(personIndex: number): number {
  return Math.floor((personIndex * BUSINESSES_PER_PERSON.numerator) / BUSINESSES_PER_PERSON.denominator);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** YYYY-MM-DD for a day number, cached: the seed formats tens of millions of dates. */
export class Days {
  readonly today: number;
  readonly #from: number;
  readonly #strings: (string | undefined)[];
  /** yearsAgo[a] = the day number a calendar years before today. */
  readonly #yearsAgo: number[] = [];

  constructor(today: IsoDate) {
    this.today = toDayNumber(today);
    for (let a = 0; a <= MAX_AGE + 2; a++) this.#yearsAgo.push(toDayNumber(addYears(today, -a)));
    this.#from = this.#yearsAgo[this.#yearsAgo.length - 1] ?? this.today;
    // From the oldest birthday to the end of the youngest child's parental authority.
    this.#strings = new Array<string | undefined>(this.today - this.#from + 20 * 366).fill(undefined);
  }

  iso(day: number): string {
    const i = day - this.#from;
    if (i < 0 || i >= this.#strings.length) return fromDayNumber(day);
    let s = this.#strings[i];
    if (s === undefined) {
      s = fromDayNumber(day);
      this.#strings[i] = s;
    }
    return s;
  }

  yearsAgo(years: number): number {
    return this.#yearsAgo[years] ?? toDayNumber(addYears(fromDayNumber(this.today), -years));
  }

  /** A birthday making someone exactly `age` today. */
  birthDay(random: Random, age: number): number {
    const latest = this.yearsAgo(age);
    const earliest = this.yearsAgo(age + 1) + 1;
    return earliest + random.int(latest - earliest + 1);
  }

  /** The date someone born on `birth` turns `years` (29 February → 28 February in a common year). */
  anniversary(birth: number, years: number): string {
    const s = this.iso(birth);
    const year = Number(s.slice(0, 4)) + years;
    const rest = s.slice(4);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return `${year}${rest === '-02-29' && !leap ? '-02-28' : rest}`;
  }

  /** A day on or after someone born on `birth` turned 18 (18 years are at most 6,575 days). */
  adultFrom(birth: number): number {
    return birth + 6575;
  }

  year(day: number): number {
    return Number(this.iso(day).slice(0, 4));
  }
}

// ---------------------------------------------------------------------------------------------
// The chunk generator
// ---------------------------------------------------------------------------------------------

export interface NumberRanges {
  bsnBase: number;
  kvkBase: number;
  branchBase: number;
}

export interface ChunkSpec {
  seed: number;
  chunk: number;
  /** Index of the chunk's first person in the whole sequence, and how many persons it holds. */
  personStart: number;
  persons: number;
  /** Index of the chunk's first business, and how many. */
  businessStart: number;
  businesses: number;
  ranges: NumberRanges;
  days: Days;
  /** updated_at of every row: the instant of the seed. */
  updatedAt: string;
  places: Places;
}

interface Resident {
  bsn: string;
  age: number;
  birth: number;
  sex: Sex;
  name: Surname;
  given: string;
  address: AddressValues;
  dead: boolean;
  /** The partner in the same household, if any. */
  partner: Resident | undefined;
  /** Under curatele, bewind or mentorschap (so not a functionary or a representative). */
  represented: boolean;
  /** Holds parental authority (so not under curatele: BW 1:246). */
  holdsAuthority: boolean;
}

/** Appends person rows; used by the generator and by the demo's hand-made cases. */
export function pushPerson(
  rows: Rows,
  p: {
    bsn: string;
    givenNames: string;
    name: Surname;
    birthDate: string;
    deathDate: string | null;
    address: Omit<AddressValues, 'municipality'> | null;
  },
  updatedAt: string,
): void {
  const a = p.address;
  rows.person.push(
    p.bsn,
    p.givenNames,
    p.name[0],
    p.name[1],
    p.birthDate,
    p.deathDate,
    a?.street ?? null,
    a?.houseNumber ?? null,
    a?.houseNumberAddition ?? null,
    a?.postcode ?? null,
    a?.city ?? null,
    a?.municipalityCode ?? null,
    updatedAt,
  );
}

export function pushBusiness(
  rows: Rows,
  b: {
    kvkNumber: string;
    name: string;
    legalForm: LegalForm;
    registeredOn: string;
    endedOn: string | null;
    address: Omit<AddressValues, 'municipality'>;
  },
  updatedAt: string,
): void {
  const a = b.address;
  rows.business.push(
    b.kvkNumber,
    b.name,
    b.legalForm,
    b.registeredOn,
    b.endedOn,
    a.street,
    a.houseNumber,
    a.houseNumberAddition,
    a.postcode,
    a.city,
    a.municipalityCode,
    foldForSearch(b.name),
    updatedAt,
  );
}

export function pushBranch(
  rows: Rows,
  b: { branchNumber: string; kvkNumber: string; name: string; isMain: boolean; address: Omit<AddressValues, 'municipality'> },
): void {
  const a = b.address;
  rows.business_branch.push(
    b.branchNumber,
    b.kvkNumber,
    b.name,
    b.isMain,
    a.street,
    a.houseNumber,
    a.houseNumberAddition,
    a.postcode,
    a.city,
    a.municipalityCode,
  );
}

export function generateChunk(spec: ChunkSpec): Rows {
  const rows = emptyRows();
  const random = new Random(spec.seed, spec.chunk, 0x9e0);
  const { days, places, updatedAt, ranges } = spec;
  const today = days.today;
  let next = 0;
  const adults: Resident[] = [];

  const addPerson = (
    origin: Origin,
    sex: Sex,
    age: number,
    name: Surname,
    address: AddressValues,
    partner?: Resident,
  ): Resident | undefined => {
    if (next >= spec.persons) return undefined;
    const bsn = bsnAt(ranges.bsnBase, spec.personStart + next);
    next++;
    const birth = days.birthDay(random, age);
    const given = givenNames(random, origin, sex, days.year(birth));
    // A small share of the elderly has died recently: the BRP keeps them, with their last address.
    // (From 72: parents of minors are at most 70, so no minor is left with a deceased holder of authority.)
    const dead = age >= 72 && random.chance(0.004 + (age - 72) * 0.0006);
    const r: Resident = { bsn, age, birth, sex, name, given, address, dead, partner, represented: false, holdsAuthority: false };
    if (partner) partner.partner = r;
    const deathDay = dead ? today - 1 - random.int(730) : null;
    pushPerson(
      rows,
      { bsn, givenNames: given, name, birthDate: days.iso(birth), deathDate: deathDay === null ? null : days.iso(deathDay), address },
      updatedAt,
    );
    if (age >= 18) adults.push(r);
    return r;
  };

  const partnerOrigin = (origin: Origin): Origin => (random.chance(0.12) ? originTable.draw(random) : origin);
  const clampAge = (a: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, a));

  const authority = (child: Resident, holder: Resident, kind: 'parent' | 'guardian', from: number): void => {
    holder.holdsAuthority = true;
    rows.person_authority.push(child.bsn, holder.bsn, kind, days.iso(from), days.anniversary(child.birth, 18));
  };

  /** Adds children of `parents` (ages given) and their parental authority. */
  const addChildren = (ages: readonly number[], parents: readonly Resident[], origin: Origin, address: AddressValues): Resident[] => {
    const carrier = parents[parents.length > 1 && random.chance(0.2) ? 1 : 0] ?? parents[0];
    const kids: Resident[] = [];
    const guardians = random.chance(0.01);
    const onlyOne = !guardians && parents.length > 1 && random.chance(0.02);
    for (const age of ages) {
      const kid = addPerson(origin, random.chance(0.51) ? 'm' : 'f', age, carrier?.name ?? drawSurname(random, origin), address);
      if (!kid) break;
      kids.push(kid);
      if (age >= 18) continue;
      if (guardians) {
        // Foster parents appointed as guardians (voogden) by the court, some years after the birth.
        const from = Math.min(today, kid.birth + 365 + random.int(Math.max(1, today - kid.birth - 365)));
        for (const p of parents) authority(kid, p, 'guardian', from);
      } else {
        const holders = onlyOne ? parents.slice(0, 1) : parents;
        for (const p of holders) authority(kid, p, 'parent', kid.birth);
      }
    }
    return kids;
  };

  /** Single parents whose former partner still holds joint authority (the rule after a divorce). */
  const exPartners: { kids: Resident[]; parent: Resident }[] = [];

  while (next < spec.persons) {
    const type = householdTypes.draw(random);
    const origin = originTable.draw(random);
    const address = places.address(random, places.drawMunicipality(random));
    const own = (): Surname => drawSurname(random, origin);
    switch (type) {
      case 'single': {
        addPerson(origin, random.chance(0.5) ? 'f' : 'm', singleAge.draw(random), own(), address);
        break;
      }
      case 'couple': {
        const a = coupleAge.draw(random);
        const first = addPerson(origin, 'm', a, own(), address);
        const o2 = partnerOrigin(origin);
        if (first)
          addPerson(
            o2,
            random.chance(0.96) ? 'f' : 'm',
            clampAge(a - 4 + random.int(7), 18, MAX_AGE),
            drawSurname(random, o2),
            address,
            first,
          );
        break;
      }
      case 'family':
      case 'single_parent': {
        // One child's age, the others one to four years apart around it (all minors).
        const n = minorCount.draw(random);
        const anchor = random.int(18);
        const ages = [anchor];
        for (let attempt = 0; ages.length < n && attempt < 20; attempt++) {
          const older = random.chance(0.5);
          const age = older ? Math.max(...ages) + 1 + random.int(4) : Math.min(...ages) - 1 - random.int(4);
          if (age >= 0 && age <= 17) ages.push(age);
        }
        ages.sort((x, y) => y - x);
        const eldest = ages[0] ?? anchor;
        // Now and then an older brother or sister of 18–24 still lives at home.
        if (eldest >= 12 && random.chance(0.15)) ages.unshift(Math.max(18, eldest + 2 + random.int(5)));
        const motherAge = clampAge((ages[0] ?? eldest) + 24 + random.int(14), 18, 62);
        const parents: Resident[] = [];
        if (type === 'family') {
          const father = addPerson(origin, 'm', clampAge(motherAge + random.int(7) - 1, 18, 70), own(), address);
          const o2 = partnerOrigin(origin);
          const mother = father ? addPerson(o2, 'f', motherAge, drawSurname(random, o2), address, father) : undefined;
          if (father) parents.push(father);
          if (mother) parents.push(mother);
        } else {
          const parent = addPerson(origin, random.chance(0.85) ? 'f' : 'm', motherAge, own(), address);
          if (parent) parents.push(parent);
        }
        if (parents.length === 0) break;
        const kids = addChildren(ages, parents, origin, address);
        if (type === 'single_parent' && random.chance(0.55) && parents[0])
          exPartners.push({ kids: kids.filter((k) => k.age < 18), parent: parents[0] });
        break;
      }
      case 'adult_children': {
        const n = 1 + random.int(3);
        const ages = Array.from({ length: n }, () => 18 + random.int(9)).sort((x, y) => y - x);
        const parentAge = clampAge((ages[0] ?? 20) + 25 + random.int(14), 40, 80);
        const father = addPerson(origin, 'm', parentAge, own(), address);
        const o2 = partnerOrigin(origin);
        const mother = father
          ? addPerson(o2, 'f', clampAge(parentAge - 2 + random.int(5), 38, 80), drawSurname(random, o2), address, father)
          : undefined;
        if (father && mother) addChildren(ages, [father, mother], origin, address);
        break;
      }
      case 'shared': {
        const n = 2 + random.int(3);
        for (let i = 0; i < n; i++) {
          const o = originTable.draw(random);
          addPerson(o, random.chance(0.5) ? 'f' : 'm', sharedAge.draw(random), drawSurname(random, o), address);
        }
        break;
      }
    }
  }

  // Joint authority of a former partner who lives elsewhere: an adult of the other sex, of about the same age.
  const living = adults.filter((a) => !a.dead);
  for (const { kids, parent } of exPartners) {
    if (kids.length === 0 || living.length < 2) continue;
    for (let attempt = 0; attempt < 8; attempt++) {
      const ex = living[random.int(living.length)];
      if (!ex || ex === parent || ex.sex === parent.sex || Math.abs(ex.age - parent.age) > 8) continue;
      for (const kid of kids) authority(kid, ex, 'parent', kid.birth);
      break;
    }
  }

  // Court registrations: the representative is the partner, or a professional (a bewindvoerder or
  // mentor acting for many people), chosen from a small pool of the chunk's adults.
  const professionals: Resident[] = [];
  const poolSize = Math.max(1, Math.ceil(spec.persons / 20_000));
  for (let attempt = 0; professionals.length < poolSize && attempt < poolSize * 20 && living.length > 0; attempt++) {
    const p = living[random.int(living.length)];
    if (p && p.age >= 30 && p.age <= 67 && !professionals.includes(p)) professionals.push(p);
  }
  for (const person of living) {
    if (!random.chance(courtRate(person.age))) continue;
    const drawn = courtKinds.draw(random);
    // BW 1:246: someone under curatele cannot hold parental authority; a parent gets bewind instead.
    const kind = drawn === 'curatele' && person.holdsAuthority ? 'beschermingsbewind' : drawn;
    const partner = person.partner;
    const family = partner && !partner.dead && !partner.represented && partner.age >= 18 && random.chance(0.45) ? partner : undefined;
    const representative = family ?? professionals.find((p) => p !== person);
    if (!representative) continue;
    person.represented = true;
    const adultFrom = days.adultFrom(person.birth);
    const earliest = Math.max(adultFrom, today - 15 * 365);
    const from = earliest + random.int(Math.max(1, today - earliest));
    const ended = random.chance(0.05) ? Math.min(today, from + 30 + random.int(Math.max(1, today - from))) : null;
    rows.court_registration.push(
      uuidV7(random, from * 86_400_000),
      person.bsn,
      representative.bsn,
      kind,
      days.iso(from),
      ended === null ? null : days.iso(ended),
    );
  }

  // Businesses, founded by the chunk's living adults of working age.
  const founders = living.filter((a) => a.age >= 20 && a.age <= 75 && !a.represented);
  const pool = founders.length > 0 ? founders : living.length > 0 ? living : adults;
  for (let b = 0; b < spec.businesses; b++) {
    const index = spec.businessStart + b;
    const kvkNumber = kvkAt(ranges.kvkBase, index);
    const form = legalFormShares.draw(random);
    const people = functionaryPlan(random, form);
    const chosen: Resident[] = [];
    for (let attempt = 0; chosen.length < people.length && attempt < people.length * 6 && pool.length > 0; attempt++) {
      const p = pool[random.int(pool.length)];
      if (p && !chosen.includes(p)) chosen.push(p);
    }
    const first = chosen[0] ?? pool[0];
    if (!first) throw new Error(`chunk ${spec.chunk} has no adults to found businesses`);
    // Registered after the youngest founder came of age; most businesses are young.
    const coming = Math.max(...chosen.map((p) => days.adultFrom(p.birth)), today - 100 * 365);
    const years = -Math.log(1 - random.next()) * businessAge[form];
    const registered = Math.max(coming, today - Math.floor(years * 365.25) - random.int(365));
    const ended = random.chance(0.02) ? Math.min(today, registered + 1 + random.int(Math.max(1, today - registered))) : null;
    const address =
      form === 'eenmanszaak' && random.chance(0.7)
        ? first.address
        : places.address(random, random.chance(0.6) ? first.address.municipality : places.drawMunicipality(random));
    const name = businessName(
      random,
      form,
      chosen.map((p) => p.name),
      first.given.split(' ')[0] ?? first.given,
      address.city,
      address.street,
    );
    pushBusiness(
      rows,
      { kvkNumber, name, legalForm: form, registeredOn: days.iso(registered), endedOn: ended === null ? null : days.iso(ended), address },
      updatedAt,
    );
    pushBranch(rows, { branchNumber: branchNumberAt(ranges.branchBase, index, 0), kvkNumber, name, isMain: true, address });
    const extra = form === 'eenmanszaak' ? (random.chance(0.02) ? 1 : 0) : random.chance(0.1) ? 1 + random.int(3) : 0;
    for (let e = 1; e <= extra; e++) {
      const at = places.address(random, places.drawMunicipality(random));
      pushBranch(rows, {
        branchNumber: branchNumberAt(ranges.branchBase, index, e),
        kvkNumber,
        name: `${name.replace(/ (B\.V\.|N\.V\.|V\.O\.F\.|C\.V\.|U\.A\.)$/, '')} ${at.city}`,
        isMain: false,
        address: at,
      });
    }
    chosen.forEach((p, i) => {
      const plan = people[i];
      if (!plan) return;
      const from = plan.later ? registered + random.int(Math.max(1, (ended ?? today) - registered)) : registered;
      rows.business_functionary.push(kvkNumber, p.bsn, plan.role, plan.authority, days.iso(from), ended === null ? null : days.iso(ended));
    });
  }
  return rows;
}

interface PlannedFunctionary {
  role: FunctionaryRole;
  authority: FunctionaryAuthority;
  /** Joined after the business was registered. */
  later: boolean;
}

/** Who a business of this form registers, with what authority (about two per business on average). */
function functionaryPlan(random: Random, form: LegalForm): PlannedFunctionary[] {
  const f = (role: FunctionaryRole, authority: FunctionaryAuthority, later = false): PlannedFunctionary => ({ role, authority, later });
  const times = (n: number, p: () => PlannedFunctionary): PlannedFunctionary[] => Array.from({ length: n }, p);
  switch (form) {
    case 'eenmanszaak':
      return [f('owner', 'sole'), ...(random.chance(0.4) ? [f('authorised_signatory', 'limited', true)] : [])];
    case 'vof':
      return times(2 + (random.chance(0.25) ? 1 : 0), () => f('partner', 'sole'));
    case 'maatschap':
      return times(2 + random.int(3), () => f('partner', 'sole'));
    case 'cv':
      return [f('partner', 'sole'), ...times(1 + random.int(2), () => f('partner', 'limited'))];
    case 'bv': {
      const two = random.chance(0.45);
      const directors = two
        ? random.chance(0.5)
          ? [f('director', 'joint'), f('director', 'joint')]
          : [f('director', 'sole'), f('director', 'sole')]
        : [f('director', 'sole')];
      return [...directors, ...times(random.chance(0.65) ? 1 + random.int(2) : 0, () => f('authorised_signatory', 'limited', true))];
    }
    case 'nv':
      return [...times(3, () => f('director', 'joint')), f('authorised_signatory', 'limited', true)];
    case 'stichting':
    case 'vereniging':
      return times(3 + random.int(3), () => f('board_member', 'joint'));
    case 'cooperatie':
      return times(3 + random.int(2), () => f('board_member', 'joint'));
  }
}
