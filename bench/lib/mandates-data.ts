// The national population of the mandates benchmark (bench/mandates.bench.ts), generated from a
// seeded generator and bulk-loaded straight into the registry tables (person, person_authority,
// court_registration, business, business_functionary) and the mandate tables, after the real
// migrations made them. Samples of every kind of relation are kept while loading, for the checks.
//
// At scale 1 (the issue's size): 17.5 M persons (about 20% minors, each with one or two parents
// holding gezag, and the 18- and 19-year-olds whose gezag rows the register still holds: the
// registry ends gezag at the 18th birthday itself), 100,000 court registrations (curatele,
// beschermingsbewind, mentorschap; mostly by professional representatives with many clients),
// 1.5 M businesses with 1–3 functionaries (sole, joint, limited), 1% of them intermediary firms
// (accountants) with employees, and 5 M voluntary mandates: person → person, person → firm and
// business → firm (ketenmachtiging, the firm's employees acting under its internal mandates),
// business → employee, with service, product and service-set scopes and every status.
import SQLite from 'better-sqlite3';
import type { LevelOfAssurance } from '../../src/platform/auth/model.ts';
import { scopeCovers, type Action, type MandateScope, type Party, type ServiceFacts } from '../../src/modules/mandates/model.ts';
import { matterOfProduct } from '../../src/modules/mandates/reference.ts';
import { bsnAt, kvkAt, numberRanges } from '../../src/modules/registry/seed/identifiers.ts';
import { Random } from '../../src/modules/registry/seed/random.ts';
import { seedColumns } from '../../src/modules/registry/seed/generate.ts';

// ---------------------------------------------------------------------------------------------
// Sizes

export const nationalSize = { persons: 17_500_000, courtRegistrations: 100_000, businesses: 1_500_000, mandates: 5_000_000 } as const;

export interface Sizes {
  persons: number;
  courtRegistrations: number;
  businesses: number;
  mandates: number;
}

export function sizesAt(scale: number): Sizes {
  const n = (x: number, min: number): number => Math.max(min, Math.round(x * scale));
  return {
    persons: n(nationalSize.persons, 2_000),
    courtRegistrations: n(nationalSize.courtRegistrations, 20),
    businesses: n(nationalSize.businesses, 200),
    mandates: n(nationalSize.mandates, 500),
  };
}

// ---------------------------------------------------------------------------------------------
// The services the checks ask about: ServiceFacts built here (real organisation codes and UPL
// products; matter from data/mandates/service-matters.json), not seeded in the catalog.

export interface BenchService extends ServiceFacts {
  readonly key: string;
}

const upl = (name: string): string => `http://standaarden.overheid.nl/owms/terms/${name}`;

function service(
  organisationCode: string,
  serviceId: string,
  product: string,
  requiredLoa: LevelOfAssurance,
  sets: readonly string[] = [],
  mandatable: boolean | null = true,
): BenchService {
  const uplUri = upl(product);
  return {
    key: `${organisationCode}/${serviceId}`,
    organisationCode,
    serviceId,
    uplUri,
    mandatable,
    requiredLoa,
    matter: matterOfProduct(uplUri),
    serviceSetIds: sets,
  };
}

export const benchServices: readonly BenchService[] = [
  service('BD', 'aangifte-inkomstenbelasting', 'belastingaangifte', 'substantial', ['particulier-belastingen']),
  service('BD', 'betalingsregeling', 'belastingbetalingsregeling', 'substantial', ['particulier-belastingen']),
  service('BD', 'zorgtoeslag', 'zorgtoeslag', 'substantial', ['toeslagen']),
  service('BD', 'huurtoeslag', 'huurtoeslag', 'substantial', ['toeslagen']),
  service('BD', 'kinderopvangtoeslag', 'kinderopvangtoeslag', 'substantial', ['toeslagen']),
  service('BD', 'loonheffingen', 'loonbelasting', 'substantial', ['ondernemers']),
  service('SVB', 'kinderbijslag', 'kinderbijslag', 'substantial'),
  service('SVB', 'aow', 'aow-uitkering', 'substantial'),
  service('UWV', 'ww', 'wwUitkering', 'substantial'),
  service('DUO', 'studiefinanciering', 'studiefinanciering', 'substantial'),
  service('GM0363', 'bijstand', 'bijstand', 'substantial', ['sociaal-domein']),
  service('GM0363', 'wmo', 'wmo-voorziening', 'substantial', ['sociaal-domein']),
  service('GM0363', 'jeugdhulp', 'jeugdhulp', 'substantial', ['sociaal-domein']),
  service('GM0363', 'omgevingsvergunning', 'omgevingsvergunning', 'low', ['vergunningen']),
  service('GM0363', 'parkeervergunning', 'parkeervergunning', 'low', ['vergunningen']),
  service('GM0363', 'afvalstoffenheffing', 'afvalstoffenheffing', 'low'),
  service('GM0599', 'bijstand', 'bijstand', 'substantial'),
  service('GM0599', 'wmo', 'wmo-voorziening', 'substantial'),
  // Identity documents: never through a mandate (DOMAIN.md §4.2).
  service('GM0363', 'paspoort', 'paspoort', 'high', [], false),
];

export interface BenchServiceSet {
  organisationCode: string;
  id: string;
  name: { nl: string; en: string };
  serviceIds: string[];
}

export const benchServiceSets: readonly BenchServiceSet[] = (() => {
  const names: Record<string, { nl: string; en: string }> = {
    'particulier-belastingen': { nl: 'Belastingen particulieren', en: 'Personal taxes' },
    toeslagen: { nl: 'Toeslagen', en: 'Allowances' },
    ondernemers: { nl: 'Ondernemers', en: 'Businesses' },
    'sociaal-domein': { nl: 'Sociaal domein', en: 'Social services' },
    vergunningen: { nl: 'Vergunningen', en: 'Permits' },
  };
  const out = new Map<string, BenchServiceSet>();
  for (const s of benchServices)
    for (const id of s.serviceSetIds) {
      const key = `${s.organisationCode}/${id}`;
      let set = out.get(key);
      if (!set) out.set(key, (set = { organisationCode: s.organisationCode, id, name: names[id] ?? { nl: id, en: id }, serviceIds: [] }));
      set.serviceIds.push(s.serviceId);
    }
  return [...out.values()];
})();

const mandatableServices = benchServices.filter((s) => s.mandatable !== false);
const scopePool = {
  service: mandatableServices.map((s): MandateScope => ({ kind: 'service', organisationCode: s.organisationCode, serviceId: s.serviceId })),
  product: [...new Set(mandatableServices.map((s) => s.uplUri ?? ''))].map((uplUri): MandateScope => ({ kind: 'product', uplUri })),
  set: benchServiceSets.map((s): MandateScope => ({ kind: 'service_set', organisationCode: s.organisationCode, setId: s.id })),
};
/** What clients mandate an intermediary (accountant) for, and what the firm mandates its employees for. */
const intermediaryProducts = [
  'belastingaangifte',
  'belastingbetalingsregeling',
  'zorgtoeslag',
  'huurtoeslag',
  'kinderopvangtoeslag',
  'loonbelasting',
];
const intermediaryScopes = {
  product: scopePool.product.filter((s) => s.kind === 'product' && intermediaryProducts.some((p) => s.uplUri === upl(p))),
  set: scopePool.set.filter((s) => s.kind === 'service_set' && s.organisationCode === 'BD'),
  service: scopePool.service.filter((s) => s.kind === 'service' && s.organisationCode === 'BD'),
};

export const servicesCoveredBy = (scope: MandateScope): BenchService[] => benchServices.filter((s) => scopeCovers(scope, s));

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
const NO_DEATH = 2 ** 31 - 1;
const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const dayCache = new Map<number, string>();
function dayString(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) dayCache.set(day, (s = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return s;
}
const instantOf = (day: number, hour: number): string => `${dayString(day)}T${String(hour).padStart(2, '0')}:00:00.000Z`;

// ---------------------------------------------------------------------------------------------
// Samples kept while loading: reservoirs of a fixed size per kind of relation

class Reservoir<T> {
  readonly items: T[] = [];
  seen = 0;
  constructor(
    private readonly capacity: number,
    private readonly random: Random,
  ) {}
  offer(make: () => T): void {
    this.seen += 1;
    if (this.items.length < this.capacity) this.items.push(make());
    else {
      const j = this.random.int(this.seen);
      if (j < this.capacity) this.items[j] = make();
    }
  }
}

export interface MandateSample {
  mandator: Party;
  mandatary: Party;
  scope: MandateScope;
  status: string;
}

export interface Samples {
  /** Persons with their index (self checks, unrelated actors). */
  personCount: number;
  businessCount: number;
  parents: Reservoir<{ holder: string; child: string }>;
  courts: Reservoir<{ representative: string; person: string; kind: string }>;
  functionaries: Reservoir<{ person: string; kvk: string; authority: string }>;
  /** Mandates to persons from persons. */
  personMandates: Reservoir<MandateSample>;
  /** Mandates from businesses to (employee) persons, other than a firm's internal mandates. */
  employeeMandates: Reservoir<MandateSample>;
  /** Mandates to intermediary firms (from persons and businesses). */
  clientMandates: Reservoir<MandateSample>;
  /** Per intermediary firm (KVK): who acts inside it (internal mandates to employees; non-limited functionaries). */
  firms: Map<string, { employees: string[]; functionaries: string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Counts of what was loaded

export interface LoadCounts {
  persons: number;
  minors: number;
  deceased: number;
  authorities: number;
  authorityChildren: number;
  courtRegistrations: number;
  businesses: number;
  endedBusinesses: number;
  firms: number;
  functionaries: number;
  mandates: number;
  mandatesByKind: Record<string, number>;
  mandatesByState: Record<string, number>;
  mandatesByScope: Record<string, number>;
  serviceSets: number;
  seconds: { persons: number; registers: number; businesses: number; mandates: number; indexes: number };
}

// ---------------------------------------------------------------------------------------------
// The loader

const givenNames = [
  'Sanne',
  'Daan',
  'Emma',
  'Lucas',
  'Julia',
  'Sem',
  'Mila',
  'Noah',
  'Tess',
  'Levi',
  'Fatima',
  'Mohamed',
  'Anna',
  'Pieter',
];
const surnames = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'El Amrani', 'Yılmaz'];
const streets = ['Dorpsstraat', 'Kerkstraat', 'Schoolstraat', 'Molenweg', 'Stationsweg', 'Julianastraat'];
const cities = [
  { city: 'Amsterdam', code: 'GM0363' },
  { city: 'Rotterdam', code: 'GM0599' },
  { city: 'Utrecht', code: 'GM0344' },
  { city: 'Groningen', code: 'GM0014' },
];

type Value = string | number | null;

/**
 * Rows into one table through prepared multi-row INSERTs (`rowsPerStatement` rows a statement:
 * far fewer calls into the driver than one statement a row); `flush` writes what is left, one row
 * a statement, and must run inside the same transaction.
 */
class Bulk {
  private readonly values: Value[] = [];
  private rows = 0;
  private readonly many: SQLite.Statement;
  private readonly one: SQLite.Statement;

  constructor(
    raw: SQLite.Database,
    table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement = 64,
  ) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
    this.many = raw.prepare(head + Array.from({ length: rowsPerStatement }, () => tuple).join(', '));
    this.one = raw.prepare(head + tuple);
  }

  run(row: readonly Value[]): void {
    for (const v of row) this.values.push(v);
    if (++this.rows === this.rowsPerStatement) {
      this.many.run(this.values);
      this.values.length = 0;
      this.rows = 0;
    }
  }

  flush(): void {
    const width = this.columns.length;
    for (let k = 0; k < this.rows; k++) this.one.run(this.values.slice(k * width, (k + 1) * width));
    this.values.length = 0;
    this.rows = 0;
  }
}

/** The tables the load fills; their secondary indexes are dropped for the load and made again afterwards. */
const loadedTables = ['person', 'person_authority', 'court_registration', 'business', 'business_functionary', 'mandate'] as const;

export interface LoadOptions {
  file: string;
  sizes: Sizes;
  today: string;
  /** How many samples of each kind to keep (the checks draw from them). */
  sampleSize: number;
  batch: number;
  progress: (message: string) => void;
}

/**
 * Generates the population and inserts it through one better-sqlite3 connection of its own:
 * prepared statements, one transaction per `batch` rows, secondary indexes dropped during the load
 * and made again afterwards, synchronous=OFF and foreign keys off for the load only (the rows are
 * consistent by construction). The app's own connection keeps its pragmas (WAL, synchronous=FULL).
 */
export function loadPopulation(options: LoadOptions): { counts: LoadCounts; samples: Samples } {
  const { sizes, batch, progress } = options;
  const todayDay = dayOf(options.today);
  const random = new Random(2026, 0x6d);
  const sampleRandom = new Random(2026, 0x5a);
  const raw = new SQLite(options.file);
  const bsnOf = (i: number): string => bsnAt(numberRanges.nation.bsnBase, i);
  const kvkOf = (j: number): string => kvkAt(numberRanges.nation.kvkBase, j);
  const cap = options.sampleSize;
  const samples: Samples = {
    personCount: sizes.persons,
    businessCount: sizes.businesses,
    parents: new Reservoir(cap, sampleRandom),
    courts: new Reservoir(cap, sampleRandom),
    functionaries: new Reservoir(cap, sampleRandom),
    personMandates: new Reservoir(cap, sampleRandom),
    employeeMandates: new Reservoir(cap, sampleRandom),
    clientMandates: new Reservoir(cap, sampleRandom),
    firms: new Map(),
  };
  const counts: LoadCounts = {
    persons: sizes.persons,
    minors: 0,
    deceased: 0,
    authorities: 0,
    authorityChildren: 0,
    courtRegistrations: 0,
    businesses: sizes.businesses,
    endedBusinesses: 0,
    firms: 0,
    functionaries: 0,
    mandates: 0,
    mandatesByKind: {},
    mandatesByState: {},
    mandatesByScope: {},
    serviceSets: benchServiceSets.length,
    seconds: { persons: 0, registers: 0, businesses: 0, mandates: 0, indexes: 0 },
  };
  const bump = (record: Record<string, number>, key: string): void => {
    record[key] = (record[key] ?? 0) + 1;
  };

  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    raw.pragma('cache_size = -1048576');
    raw.pragma('temp_store = MEMORY');
    const indexes = raw
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${loadedTables.map(() => '?').join(', ')})`,
      )
      .all(...loadedTables) as { name: string; sql: string }[];
    for (const index of indexes) raw.exec(`drop index "${index.name}"`);

    const bulks: Bulk[] = [];
    const insert = (table: string, columns: readonly string[]): Bulk => {
      const bulk = new Bulk(raw, table, columns);
      bulks.push(bulk);
      return bulk;
    };
    const inBatches = (total: number, what: string, row: (i: number) => void): number => {
      const started = performance.now();
      const chunk = raw.transaction((from: number, to: number) => {
        for (let i = from; i < to; i++) row(i);
        for (const bulk of bulks) bulk.flush();
      });
      const every = Math.max(batch, Math.ceil(total / 10 / batch) * batch);
      for (let from = 0; from < total; from += batch) {
        const to = Math.min(total, from + batch);
        chunk(from, to);
        if (to % every === 0 || to === total) {
          const s = (performance.now() - started) / 1000;
          progress(
            `${what}: ${to.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.round(to / s).toLocaleString('en-US')}/s)`,
          );
        }
      }
      return (performance.now() - started) / 1000;
    };
    const updatedAt = `${options.today}T00:00:00.000Z`;

    // -- Persons ------------------------------------------------------------------------------
    const birth = new Int32Array(sizes.persons);
    const death = new Int32Array(sizes.persons).fill(NO_DEATH);
    const year = 365.25;
    const personRow: (string | number | null)[] = new Array<string | number | null>(13).fill(null);
    const insertPerson = insert('person', seedColumns.person);
    counts.seconds.persons = inBatches(sizes.persons, 'persons', (i) => {
      const u = random.next();
      // About 20% minors, 2.3% aged 18-19, 58% aged 20-64, 20% aged 65-100 (CBS, rounded).
      const ageDays =
        u < 0.2
          ? random.int(Math.floor(18 * year))
          : u < 0.223
            ? Math.floor(18 * year) + random.int(Math.floor(2 * year))
            : u < 0.8
              ? Math.floor(20 * year) + random.int(Math.floor(45 * year))
              : Math.floor(65 * year) + random.int(Math.floor(35 * year));
      const b = todayDay - ageDays;
      birth[i] = b;
      if (u < 0.2) counts.minors += 1;
      // The register keeps the deceased: 4% of those over 65 died in the last five years, 0.1% of the others.
      if (random.chance(u >= 0.8 ? 0.04 : 0.001)) {
        death[i] = todayDay - 1 - random.int(Math.min(ageDays, Math.floor(5 * year)));
        counts.deceased += 1;
      }
      const place = cities[i % cities.length] ?? cities[0];
      const surname = surnames[random.int(surnames.length)] ?? 'Jansen';
      const prefix = surname.startsWith('de ') ? 'de' : surname.startsWith('van den ') ? 'van den' : null;
      personRow[0] = bsnOf(i);
      personRow[1] = givenNames[random.int(givenNames.length)] ?? 'Sanne';
      personRow[2] = prefix;
      personRow[3] = prefix ? surname.slice(prefix.length + 1) : surname;
      personRow[4] = dayString(b);
      personRow[5] = death[i] === NO_DEATH ? null : dayString(death[i] ?? 0);
      personRow[6] = streets[i % streets.length] ?? 'Dorpsstraat';
      personRow[7] = 1 + (i % 199);
      personRow[8] = null;
      personRow[9] = `${1000 + (i % 8999)}AB`;
      personRow[10] = place?.city ?? 'Amsterdam';
      personRow[11] = place?.code ?? 'GM0363';
      personRow[12] = updatedAt;
      insertPerson.run(personRow);
    });

    const ageYears = (i: number): number => (todayDay - (birth[i] ?? 0)) / year;
    const alive = (i: number): boolean => death[i] === NO_DEATH;
    /** A random living person aged between min and max years (rejection sampling over the population). */
    const pickPerson = (min: number, max: number): number => {
      for (;;) {
        const i = random.int(sizes.persons);
        const a = ageYears(i);
        if (a >= min && a < max && alive(i)) return i;
      }
    };

    // -- Gezag: every minor, and the 18- and 19-year-olds whose rows the register still holds ---------
    let started = performance.now();
    const authorityRow: (string | null)[] = [null, null, null, null, null];
    const insertAuthority = insert('person_authority', seedColumns.person_authority);
    inBatches(sizes.persons, 'gezag (children scanned)', (i) => {
      if (ageYears(i) >= 20) return;
      counts.authorityChildren += 1;
      const guardian = random.chance(0.01);
      const two = !guardian && random.chance(0.7);
      const first = pickPerson(20, 65);
      let second = two ? pickPerson(20, 65) : -1;
      if (second === first) second = -1;
      const child = bsnOf(i);
      for (const holder of second >= 0 ? [first, second] : [first]) {
        const from = guardian ? (birth[i] ?? 0) + random.int(Math.max(1, todayDay - (birth[i] ?? 0))) : (birth[i] ?? 0);
        // 1% of gezag was ended by a court before the 18th birthday.
        const to = random.chance(0.01) ? Math.min(todayDay - 1, from + 1 + random.int(Math.max(1, todayDay - from))) : null;
        authorityRow[0] = child;
        authorityRow[1] = bsnOf(holder);
        authorityRow[2] = guardian ? 'guardian' : 'parent';
        authorityRow[3] = dayString(from);
        authorityRow[4] = to === null ? null : dayString(to);
        insertAuthority.run(authorityRow);
        counts.authorities += 1;
        samples.parents.offer(() => ({ holder: bsnOf(holder), child }));
      }
    });

    // -- Court registrations: curatele, beschermingsbewind, mentorschap --------------------------
    const insertCourt = insert('court_registration', seedColumns.court_registration);
    const professionals = Array.from({ length: Math.max(1, Math.round(sizes.courtRegistrations / 60)) }, () => pickPerson(25, 67));
    const courtRow: (string | null)[] = [null, null, null, null, null, null];
    inBatches(sizes.courtRegistrations, 'court registrations', (k) => {
      const person = pickPerson(18, 100);
      const u = random.next();
      const kind = u < 0.25 ? 'curatele' : u < 0.75 ? 'beschermingsbewind' : 'mentorschap';
      const representative = random.chance(0.6) ? (professionals[random.int(professionals.length)] ?? 0) : pickPerson(20, 80);
      if (representative === person) return;
      const adult = Math.ceil((birth[person] ?? 0) + 18 * year);
      const from = adult + random.int(Math.max(1, todayDay - adult));
      const to = random.chance(0.1) ? Math.min(todayDay - 1, from + 1 + random.int(Math.max(1, todayDay - from))) : null;
      courtRow[0] = `01910000-0000-7000-8000-${k.toString(16).padStart(12, '0')}`;
      courtRow[1] = bsnOf(person);
      courtRow[2] = bsnOf(representative);
      courtRow[3] = kind;
      courtRow[4] = dayString(from);
      courtRow[5] = to === null ? null : dayString(to);
      insertCourt.run(courtRow);
      counts.courtRegistrations += 1;
      samples.courts.offer(() => ({ representative: bsnOf(representative), person: bsnOf(person), kind }));
    });
    counts.seconds.registers = (performance.now() - started) / 1000;

    // -- Businesses and their functionaries ------------------------------------------------------
    started = performance.now();
    const insertBusiness = insert('business', seedColumns.business);
    const insertFunctionary = insert('business_functionary', seedColumns.business_functionary);
    /** A functionary who can sign for the business (granted_by of its mandates). */
    const signatory = new Int32Array(sizes.businesses);
    const ended = new Uint8Array(sizes.businesses);
    const isFirm = (j: number): boolean => j % 100 === 7;
    const firmIndexes: number[] = [];
    const businessRow: (string | number | null)[] = new Array<string | number | null>(13).fill(null);
    const functionaryRow: (string | null)[] = [null, null, null, null, null, null];
    inBatches(sizes.businesses, 'businesses', (j) => {
      const kvk = kvkOf(j);
      const firm = isFirm(j);
      const u = random.next();
      const form = firm
        ? 'bv'
        : u < 0.55
          ? 'eenmanszaak'
          : u < 0.8
            ? 'bv'
            : u < 0.88
              ? 'vof'
              : u < 0.9
                ? 'maatschap'
                : u < 0.96
                  ? 'stichting'
                  : u < 0.99
                    ? 'vereniging'
                    : 'cooperatie';
      const registered = todayDay - 30 - random.int(Math.floor(40 * year));
      const endedOn = !firm && random.chance(0.03) ? todayDay - 1 - random.int(Math.max(1, todayDay - registered - 1)) : null;
      if (endedOn !== null) {
        ended[j] = 1;
        counts.endedBusinesses += 1;
      }
      const place = cities[j % cities.length] ?? cities[0];
      const name = `${surnames[j % surnames.length] ?? 'Jansen'} ${firm ? 'Administratie' : 'Onderneming'} ${j}${form === 'bv' ? ' B.V.' : ''}`;
      businessRow[0] = kvk;
      businessRow[1] = name;
      businessRow[2] = form;
      businessRow[3] = dayString(registered);
      businessRow[4] = endedOn === null ? null : dayString(endedOn);
      businessRow[5] = streets[j % streets.length] ?? 'Dorpsstraat';
      businessRow[6] = 1 + (j % 199);
      businessRow[7] = null;
      businessRow[8] = `${1000 + (j % 8999)}AB`;
      businessRow[9] = place?.city ?? 'Amsterdam';
      businessRow[10] = place?.code ?? 'GM0363';
      businessRow[11] = name.toLowerCase();
      businessRow[12] = updatedAt;
      insertBusiness.run(businessRow);

      // 1-3 functionaries by legal form.
      const people: { role: string; authority: string }[] = [];
      if (form === 'eenmanszaak') people.push({ role: 'owner', authority: 'sole' });
      else if (form === 'bv') {
        const n = firm ? 2 : random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3;
        const authority = n === 1 || random.chance(0.5) ? 'sole' : 'joint';
        for (let k = 0; k < n; k++)
          people.push(
            k === 2 && random.chance(0.5) ? { role: 'authorised_signatory', authority: 'limited' } : { role: 'director', authority },
          );
      } else if (form === 'vof' || form === 'maatschap') {
        const authority = random.chance(0.7) ? 'sole' : 'joint';
        for (let k = random.chance(0.7) ? 2 : 3; k > 0; k--) people.push({ role: 'partner', authority });
      } else {
        const n = random.chance(0.5) ? 2 : 3;
        for (let k = 0; k < n; k++)
          people.push(
            k === 2 && random.chance(0.4)
              ? { role: 'authorised_signatory', authority: 'limited' }
              : { role: 'board_member', authority: 'joint' },
          );
      }
      const firmPeople = firm ? { employees: [] as string[], functionaries: [] as string[] } : undefined;
      const used = new Set<number>();
      for (const p of people) {
        const person = pickPerson(20, 80);
        if (used.has(person)) continue;
        used.add(person);
        if (used.size === 1) signatory[j] = person;
        const to = random.chance(0.05) ? Math.min(todayDay - 1, registered + 1 + random.int(Math.max(1, todayDay - registered))) : null;
        functionaryRow[0] = kvk;
        functionaryRow[1] = bsnOf(person);
        functionaryRow[2] = p.role;
        functionaryRow[3] = p.authority;
        functionaryRow[4] = dayString(registered);
        functionaryRow[5] = to === null ? null : dayString(to);
        insertFunctionary.run(functionaryRow);
        counts.functionaries += 1;
        samples.functionaries.offer(() => ({ person: bsnOf(person), kvk, authority: p.authority }));
        if (firmPeople && p.authority !== 'limited') firmPeople.functionaries.push(bsnOf(person));
      }
      if (firmPeople) {
        samples.firms.set(kvk, firmPeople);
        firmIndexes.push(j);
      }
    });
    counts.firms = firmIndexes.length;
    counts.seconds.businesses = (performance.now() - started) / 1000;

    // -- Voluntary mandates -----------------------------------------------------------------------
    started = performance.now();
    const insertMandate = insert('mandate', [
      'id',
      'mandator_kind',
      'mandator_id',
      'mandatary_kind',
      'mandatary_id',
      'scope_kind',
      'scope_organisation_code',
      'scope_service_id',
      'scope_upl_uri',
      'scope_set_id',
      'valid_from',
      'valid_until',
      'min_loa',
      'status',
      'granted_by',
      'second_signatory',
      'created_at',
      'accepted_at',
      'ended_at',
      'ended_by_kind',
      'ended_by_id',
      'expiry_noticed_at',
    ]);
    const mandateRow: (string | null)[] = new Array<string | null>(22).fill(null);
    let mandateNumber = 0;
    const pickScope = (intermediary: boolean): MandateScope => {
      const u = random.next();
      const pool = intermediary ? intermediaryScopes : scopePool;
      const list = intermediary
        ? u < 0.6
          ? pool.product
          : u < 0.9
            ? pool.set
            : pool.service
        : u < 0.5
          ? pool.product
          : u < 0.85
            ? pool.service
            : pool.set;
      return list[random.int(list.length)] ?? { kind: 'product', uplUri: upl('belastingaangifte') };
    };
    const loaFor = (intermediary: boolean): LevelOfAssurance => {
      const u = random.next();
      if (intermediary) return u < 0.1 ? 'low' : u < 0.9 ? 'substantial' : 'high';
      return u < 0.3 ? 'low' : u < 0.9 ? 'substantial' : 'high';
    };
    /** Writes one mandate; returns its status. */
    const writeMandate = (kind: string, mandator: Party, mandatary: Party, grantedBy: string, intermediary: boolean): MandateSample => {
      const scope = pickScope(intermediary);
      const u = random.next();
      let from: number;
      let until: number;
      let status = 'active';
      let state: string;
      let endedAt: string | null = null;
      let endedBy: Party | null = null;
      let acceptedDay: number | null = null;
      if (u < 0.76) {
        state = 'in force';
        from = todayDay - random.int(1400);
        until = Math.min(from + 1825, todayDay + 1 + random.int(900));
        acceptedDay = from;
      } else if (u < 0.83) {
        state = 'expired';
        until = todayDay - 1 - random.int(700);
        from = until - 30 - random.int(1500);
        acceptedDay = from;
      } else if (u < 0.91) {
        state = 'ended';
        status = 'ended';
        from = todayDay - 30 - random.int(1400);
        until = Math.min(from + 1825, todayDay + 1 + random.int(900));
        acceptedDay = from;
        endedAt = instantOf(from + 1 + random.int(Math.max(1, todayDay - from - 1)), 14);
        endedBy = random.chance(0.5) ? mandator : mandatary;
      } else if (u < 0.95) {
        state = 'awaiting acceptance';
        status = 'awaiting_acceptance';
        from = todayDay - random.int(30);
        until = from + 30 + random.int(1500);
      } else if (u < 0.97) {
        state = 'not started';
        from = todayDay + 1 + random.int(120);
        until = from + 30 + random.int(700);
        acceptedDay = todayDay - random.int(30);
      } else if (u < 0.99) {
        state = 'declined';
        status = 'declined';
        from = todayDay - random.int(400);
        until = from + 30 + random.int(1500);
      } else {
        state = mandator.kind === 'business' ? 'awaiting signature' : 'awaiting acceptance';
        status = mandator.kind === 'business' ? 'awaiting_signature' : 'awaiting_acceptance';
        from = todayDay - random.int(30);
        until = from + 30 + random.int(1500);
      }
      const created = Math.min(from, todayDay) - random.int(3);
      mandateRow[0] = `01900000-0000-7000-8000-${(mandateNumber++).toString(16).padStart(12, '0')}`;
      mandateRow[1] = mandator.kind;
      mandateRow[2] = mandator.id;
      mandateRow[3] = mandatary.kind;
      mandateRow[4] = mandatary.id;
      mandateRow[5] = scope.kind;
      mandateRow[6] = scope.kind === 'product' ? null : scope.organisationCode;
      mandateRow[7] = scope.kind === 'service' ? scope.serviceId : null;
      mandateRow[8] = scope.kind === 'product' ? scope.uplUri : null;
      mandateRow[9] = scope.kind === 'service_set' ? scope.setId : null;
      mandateRow[10] = dayString(from);
      mandateRow[11] = dayString(until);
      mandateRow[12] = loaFor(intermediary);
      mandateRow[13] = status;
      mandateRow[14] = grantedBy;
      mandateRow[15] = null;
      mandateRow[16] = instantOf(created, 9);
      mandateRow[17] = acceptedDay === null ? null : instantOf(Math.max(created, acceptedDay), 11);
      mandateRow[18] = endedAt;
      mandateRow[19] = endedBy?.kind ?? null;
      mandateRow[20] = endedBy?.id ?? null;
      mandateRow[21] = null;
      insertMandate.run(mandateRow);
      counts.mandates += 1;
      bump(counts.mandatesByKind, kind);
      bump(counts.mandatesByState, state);
      bump(counts.mandatesByScope, scope.kind);
      return { mandator, mandatary, scope, status };
    };
    const personParty = (i: number): Party => ({ kind: 'person', id: bsnOf(i) });
    const businessParty = (j: number): Party => ({ kind: 'business', id: kvkOf(j) });
    /** A living business that is not an intermediary firm. */
    const pickBusiness = (): number => {
      for (;;) {
        const j = random.int(sizes.businesses);
        if (!isFirm(j)) return j;
      }
    };
    /** Intermediary firms by a skewed draw: a few large administration offices, many small ones. */
    const pickFirm = (): number => firmIndexes[Math.floor(firmIndexes.length * random.next() ** 2)] ?? firmIndexes[0] ?? 7;

    // Internal mandates first: every firm mandates 2-12 employees.
    const internal: { firm: number; employee: number }[] = [];
    for (const j of firmIndexes) for (let k = 2 + random.int(11); k > 0; k--) internal.push({ firm: j, employee: pickPerson(20, 67) });
    const total = Math.max(sizes.mandates, internal.length);
    inBatches(total, 'mandates', (n) => {
      const inner = internal[n];
      if (inner) {
        const firm = businessParty(inner.firm);
        const m = writeMandate('firm → employee (internal)', firm, personParty(inner.employee), bsnOf(signatory[inner.firm] ?? 0), true);
        if (m.status === 'active') samples.firms.get(firm.id)?.employees.push(m.mandatary.id);
        return;
      }
      const u = random.next();
      if (firmIndexes.length > 0 && u < 0.22) {
        const client = pickPerson(18, 100);
        const m = writeMandate('person → firm', personParty(client), businessParty(pickFirm()), bsnOf(client), true);
        samples.clientMandates.offer(() => m);
      } else if (firmIndexes.length > 0 && u < 0.32) {
        const client = pickBusiness();
        const m = writeMandate('business → firm', businessParty(client), businessParty(pickFirm()), bsnOf(signatory[client] ?? 0), true);
        samples.clientMandates.offer(() => m);
      } else if (u < 0.5) {
        const business = pickBusiness();
        const m = writeMandate(
          'business → employee',
          businessParty(business),
          personParty(pickPerson(18, 67)),
          bsnOf(signatory[business] ?? 0),
          false,
        );
        samples.employeeMandates.offer(() => m);
      } else {
        // Mostly elderly persons mandating a (grown-up) child or another helper.
        const mandator = random.chance(0.5) ? pickPerson(65, 100) : pickPerson(18, 100);
        let mandatary = pickPerson(18, 80);
        if (mandatary === mandator) mandatary = (mandatary + 1) % sizes.persons;
        const m = writeMandate('person → person', personParty(mandator), personParty(mandatary), bsnOf(mandator), false);
        samples.personMandates.offer(() => m);
      }
    });
    counts.seconds.mandates = (performance.now() - started) / 1000;

    // The organisations' service sets the set scopes name.
    const insertSet = insert('mandate_service_set', ['organisation_code', 'id', 'name_nl', 'name_en', 'created_at']);
    const insertItem = insert('mandate_service_set_item', ['organisation_code', 'set_id', 'service_id']);
    raw.transaction(() => {
      for (const set of benchServiceSets) {
        insertSet.run([set.organisationCode, set.id, set.name.nl, set.name.en, updatedAt]);
        for (const id of set.serviceIds) insertItem.run([set.organisationCode, set.id, id]);
      }
      for (const bulk of bulks) bulk.flush();
    })();

    started = performance.now();
    progress(`creating ${indexes.length} secondary indexes again (${indexes.map((i) => i.name).join(', ')})…`);
    for (const index of indexes) raw.exec(index.sql);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    counts.seconds.indexes = (performance.now() - started) / 1000;
    return { counts, samples };
  } finally {
    raw.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

export const checkKinds = [
  'self',
  'parent → child',
  'court representative',
  'functionary → business',
  'mandatary in scope',
  'mandatary out of scope',
  'employee → business',
  'intermediary employee → client',
  'unrelated actor',
] as const;
export type CheckKind = (typeof checkKinds)[number];

/** Shares of the mix (sum 100). */
const mix: Record<CheckKind, number> = {
  self: 15,
  'parent → child': 18,
  'court representative': 5,
  'functionary → business': 14,
  'mandatary in scope': 16,
  'mandatary out of scope': 5,
  'employee → business': 7,
  'intermediary employee → client': 10,
  'unrelated actor': 10,
};

export interface CheckSpec {
  kind: CheckKind;
  actorBsn: string;
  /** The business the actor logged in for (eHerkenning), or null (DigiD). */
  business: string | null;
  subject: Party;
  action: Action;
  service: BenchService | null;
  loa: LevelOfAssurance;
}

const serviceActions = ['apply', 'read_case', 'respond', 'object'] as const satisfies readonly Action[];

/**
 * `n` checks drawn from the samples: the mix above; 15% of the relational checks are "view" (no
 * service: what the session asks on every request while acting for someone), the rest one of the
 * service actions on a service (for the mandate kinds: one the scope covers, or for "out of scope"
 * one it does not); logins 75% substantial, 15% high, 10% low.
 */
export function makeChecks(samples: Samples, n: number, seed = 7): CheckSpec[] {
  const random = new Random(seed, 0xc4);
  const bsnOf = (i: number): string => bsnAt(numberRanges.nation.bsnBase, i);
  const kvkOf = (j: number): string => kvkAt(numberRanges.nation.kvkBase, j);
  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[random.int(items.length)]);
  const loa = (): LevelOfAssurance => {
    const u = random.next();
    return u < 0.75 ? 'substantial' : u < 0.9 ? 'high' : 'low';
  };
  const action = (): Action => pick(serviceActions) ?? 'apply';
  const anyService = (): BenchService => pick(benchServices) ?? (benchServices[0] as BenchService);
  const withService = (service: BenchService | null): { action: Action; service: BenchService | null } =>
    random.chance(0.15) ? { action: 'view', service: null } : { action: action(), service: service ?? anyService() };
  const covered = (scope: MandateScope): BenchService | null => pick(servicesCoveredBy(scope)) ?? null;
  const notCovered = (scope: MandateScope): BenchService =>
    pick(benchServices.filter((s) => s.mandatable !== false && !scopeCovers(scope, s))) ?? anyService();
  const firms = [...samples.firms.entries()];
  const kinds = checkKinds.flatMap((k) => Array.from({ length: mix[k] }, () => k));

  const out: CheckSpec[] = [];
  while (out.length < n) {
    const kind = pick(kinds) ?? 'self';
    let spec: CheckSpec | undefined;
    switch (kind) {
      case 'self': {
        const bsn = bsnOf(random.int(samples.personCount));
        spec = {
          kind,
          actorBsn: bsn,
          business: null,
          subject: { kind: 'person', id: bsn },
          action: action(),
          service: anyService(),
          loa: loa(),
        };
        break;
      }
      case 'parent → child': {
        const p = pick(samples.parents.items);
        if (p)
          spec = { kind, actorBsn: p.holder, business: null, subject: { kind: 'person', id: p.child }, ...withService(null), loa: loa() };
        break;
      }
      case 'court representative': {
        const c = pick(samples.courts.items);
        if (c)
          spec = {
            kind,
            actorBsn: c.representative,
            business: null,
            subject: { kind: 'person', id: c.person },
            ...withService(null),
            loa: loa(),
          };
        break;
      }
      case 'functionary → business': {
        const f = pick(samples.functionaries.items);
        if (f)
          spec = {
            kind,
            actorBsn: f.person,
            business: random.chance(0.6) ? f.kvk : null,
            subject: { kind: 'business', id: f.kvk },
            ...withService(null),
            loa: loa(),
          };
        break;
      }
      case 'mandatary in scope':
      case 'mandatary out of scope': {
        const m = pick(samples.personMandates.items);
        if (!m) break;
        const inScope = kind === 'mandatary in scope';
        const s = inScope ? withService(covered(m.scope)) : { action: action(), service: notCovered(m.scope) };
        spec = { kind, actorBsn: m.mandatary.id, business: null, subject: m.mandator, ...s, loa: loa() };
        break;
      }
      case 'employee → business': {
        const m = pick(samples.employeeMandates.items);
        if (m)
          spec = {
            kind,
            actorBsn: m.mandatary.id,
            business: random.chance(0.7) ? m.mandator.id : null,
            subject: m.mandator,
            ...withService(random.chance(0.85) ? covered(m.scope) : notCovered(m.scope)),
            loa: loa(),
          };
        break;
      }
      case 'intermediary employee → client': {
        const m = pick(samples.clientMandates.items);
        const firm = m ? samples.firms.get(m.mandatary.id) : undefined;
        if (!m || !firm) break;
        const insider = random.chance(0.75) ? pick(firm.employees) : pick(firm.functionaries);
        if (!insider) break;
        spec = {
          kind,
          actorBsn: insider,
          business: m.mandatary.id,
          subject: m.mandator,
          ...withService(random.chance(0.85) ? covered(m.scope) : notCovered(m.scope)),
          loa: loa(),
        };
        break;
      }
      case 'unrelated actor': {
        const actor = bsnOf(random.int(samples.personCount));
        const subject: Party = random.chance(0.7)
          ? { kind: 'person', id: bsnOf(random.int(samples.personCount)) }
          : { kind: 'business', id: kvkOf(random.int(samples.businessCount)) };
        if (subject.kind === 'person' && subject.id === actor) break;
        const firm = pick(firms);
        spec = {
          kind,
          actorBsn: actor,
          business: random.chance(0.2) && firm ? firm[0] : null,
          subject,
          ...withService(null),
          loa: loa(),
        };
        break;
      }
    }
    if (spec) out.push(spec);
  }
  return out;
}
