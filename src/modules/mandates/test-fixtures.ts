// Test set-up shared by the mandates tests (used by *.test.ts only): a cast of persons, legal
// representatives, businesses with their functionaries and officials in the registry, published
// services of Amsterdam (GM0363) and Utrecht (GM0344) to give mandates for, principals, and ways
// to read what a use case wrote (row counts, a mandate's audit trail and outbox events).
//
// To .dependency-cruiser.cjs this file is not a test: it may not import the test harness, app.ts
// or another module's internals (the registry's and delivery's test fixtures, the catalog's
// import). A test hands those in (RegistryKit, Publish); their types are written out here.
import type { LevelOfAssurance, Principal, Role } from '../../platform/auth/index.ts';
import { readCount, sql, type Database, type Db } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { newTrace } from '../../platform/processing-log/index.ts';
import type { Clock } from '../../platform/time/index.ts';
import type { Service } from '../catalog/index.ts';
import type { Authority, Business, CourtRegistration, Functionary, Official, Person } from '../registry/index.ts';
import type { Party } from './model.ts';
import { changeMandate, grantMandate, type MandateView, type Origin } from './service.ts';

// ---------------------------------------------------------------------------------------------
// Time

/** The day the tests start on (a Tuesday); the clock is set back to it before each test. */
export const startInstant = '2026-12-01T10:00:00.000Z';
export const startDay = '2026-12-01';

export type MandatesClock = Clock & { set(instant: string): void; advanceDays(days: number): void };

// ---------------------------------------------------------------------------------------------
// What a test hands in

/** The registry's test data functions (registry/people/test-fixtures.ts). */
export interface RegistryKit {
  addPerson: (database: Database, p: Partial<Person> & Pick<Person, 'bsn' | 'birthDate'>) => Promise<Person>;
  addAuthority: (database: Database, a: Partial<Authority> & Pick<Authority, 'childBsn' | 'holderBsn' | 'validFrom'>) => Promise<void>;
  addCourtRegistration: (database: Database, r: Omit<CourtRegistration, 'id' | 'validTo'> & { validTo?: string | null }) => Promise<void>;
  addBusiness: (
    database: Database,
    b: Partial<Business> & Pick<Business, 'kvkNumber'>,
    branches: readonly never[],
    functionaries: readonly Omit<Functionary, 'kvkNumber'>[],
  ) => Promise<void>;
  addOfficial: (database: Database, o: Partial<Official> & Pick<Official, 'organisationCode' | 'roles'>) => Promise<Official>;
  bsnSeries: (first: number, n: number) => string[];
}

/** Publishes one service of the organisation per UPL product (delivery/test-fixtures.ts publishServices with the catalog's kit). */
export type Publish = (organisation: { code: string; name: string }, uris: readonly string[]) => Promise<Service[]>;

// ---------------------------------------------------------------------------------------------
// The UPL products of the test services

const term = (slug: string): string => `http://standaarden.overheid.nl/owms/terms/${slug}`;

export const upl = {
  parkingPermit: term('parkeervergunning'),
  parkingExemption: term('parkeerontheffing'),
  /** Financial (data/mandates/service-matters.json). */
  welfare: term('bijstand'),
  /** Personal and care (data/mandates/service-matters.json). */
  wmo: term('wmo-voorziening'),
  /** Financial, outside the "parkeren" set. */
  dogTax: term('hondenbelasting'),
  /** Made not mandatable by castForMandates. */
  burningExemption: term('stookonth'),
} as const;

export const amsterdam = { code: 'GM0363', name: 'Gemeente Amsterdam' } as const;
export const utrecht = { code: 'GM0344', name: 'Gemeente Utrecht' } as const;

// ---------------------------------------------------------------------------------------------
// The cast

export interface TestPerson {
  bsn: string;
  surname: string;
  name: string;
  party: Party;
}

export interface TestBusiness {
  kvkNumber: string;
  name: string;
  party: Party;
}

export interface TestService {
  organisationCode: string;
  serviceId: string;
  uplUri: string;
}

export interface Cast {
  people: {
    /** Alice de Vries: gives mandates. */
    alice: TestPerson;
    /** Bob Bakker: receives them. */
    bob: TestPerson;
    /** Carol Jansen: has nothing to do with anyone. */
    carol: TestPerson;
    dave: TestPerson;
    erin: TestPerson;
    /** Parent with authority over `child`, who turns 18 on `childAdultOn`. */
    parent: TestPerson;
    child: TestPerson;
    /** Curator of `curandus` (curatele: all matters). */
    curator: TestPerson;
    curandus: TestPerson;
    /** Bewindvoerder of `underBewind` (money and goods). */
    bewindvoerder: TestPerson;
    underBewind: TestPerson;
    /** Mentor of `mentee` (personal and care matters). */
    mentor: TestPerson;
    mentee: TestPerson;
    /** Owner (sole authority) of `soleBusiness`. */
    soleOwner: TestPerson;
    /** Two directors with joint authority of `jointBusiness`. */
    jointFirst: TestPerson;
    jointSecond: TestPerson;
    /** Owner (sole) of the intermediary `firm`, and an employee of it who is no functionary. */
    firmOwner: TestPerson;
    firmEmployee: TestPerson;
    /** Owner (sole) of `client`, the firm's client. */
    clientOwner: TestPerson;
  };
  childAdultOn: string;
  businesses: { soleBusiness: TestBusiness; jointBusiness: TestBusiness; firm: TestBusiness; client: TestBusiness };
  services: {
    parkingPermit: TestService;
    parkingExemption: TestService;
    welfare: TestService;
    wmo: TestService;
    dogTax: TestService;
    notMandatable: TestService;
    /** The parking permit of Utrecht: the same UPL product at another organisation. */
    utrechtParkingPermit: TestService;
  };
  officials: {
    /** Service designer of Amsterdam. */
    designer: Official;
    /** Service designer of Utrecht. */
    otherDesigner: Official;
    /** Case handler of Amsterdam (may look up mandates for help-desk questions). */
    caseHandler: Official;
    /** Quality manager of Amsterdam (may not). */
    qualityManager: Official;
  };
}

/**
 * Registers the cast (persons, representations, businesses, officials) and publishes the test
 * services; the service of `upl.burningExemption` is made not mandatable.
 */
export async function castForMandates(ctx: ModuleContext, registry: RegistryKit, publish: Publish): Promise<Cast> {
  const database = ctx.database;
  const bsns = registry.bsnSeries(31_000_000, 19);
  let next = 0;
  const person = async (
    givenNames: string,
    surnamePrefix: string | null,
    surname: string,
    birthDate = '1980-05-05',
  ): Promise<TestPerson> => {
    const bsn = bsns[next++];
    if (!bsn) throw new Error('not enough test BSNs');
    await registry.addPerson(database, { bsn, birthDate, givenNames, surnamePrefix, surname });
    return {
      bsn,
      surname,
      name: [givenNames, surnamePrefix, surname].filter(Boolean).join(' '),
      party: { kind: 'person', id: bsn },
    };
  };
  const childAdultOn = '2026-12-10';
  const people = {
    alice: await person('Alice', 'de', 'Vries'),
    bob: await person('Bob', null, 'Bakker'),
    carol: await person('Carol', null, 'Jansen'),
    dave: await person('Dave', null, 'Mulder'),
    erin: await person('Erin', null, 'Brouwer'),
    parent: await person('Peter', null, 'Smit'),
    child: await person('Kim', null, 'Smit', '2008-12-10'),
    curator: await person('Cor', null, 'Visser'),
    curandus: await person('Ruud', 'van den', 'Berg'),
    bewindvoerder: await person('Bea', null, 'Dekker'),
    underBewind: await person('Koen', null, 'Vos'),
    mentor: await person('Mila', null, 'Kok'),
    mentee: await person('Mien', null, 'Kok', '1940-03-03'),
    soleOwner: await person('Sam', null, 'Sol'),
    jointFirst: await person('Jan', null, 'Twee'),
    jointSecond: await person('Jet', null, 'Twee'),
    firmOwner: await person('Frank', null, 'Telwerk'),
    firmEmployee: await person('Eef', null, 'Werk'),
    clientOwner: await person('Kees', null, 'Klant'),
  };
  await registry.addAuthority(database, { childBsn: people.child.bsn, holderBsn: people.parent.bsn, validFrom: '2008-12-10' });
  const court = (kind: CourtRegistration['kind'], represented: TestPerson, representative: TestPerson): Promise<void> =>
    registry.addCourtRegistration(database, {
      personBsn: represented.bsn,
      representativeBsn: representative.bsn,
      kind,
      validFrom: '2020-01-01',
    });
  await court('curatele', people.curandus, people.curator);
  await court('beschermingsbewind', people.underBewind, people.bewindvoerder);
  await court('mentorschap', people.mentee, people.mentor);

  const business = async (
    kvkNumber: string,
    name: string,
    functionaries: readonly { who: TestPerson; role: Functionary['role']; authority: Functionary['authority'] }[],
  ): Promise<TestBusiness> => {
    await registry.addBusiness(
      database,
      { kvkNumber, name, legalForm: 'bv' },
      [],
      functionaries.map((f) => ({ personBsn: f.who.bsn, role: f.role, authority: f.authority, validFrom: '2020-01-01', validTo: null })),
    );
    return { kvkNumber, name, party: { kind: 'business', id: kvkNumber } };
  };
  const businesses = {
    soleBusiness: await business('71000001', 'Bakkerij Sol', [{ who: people.soleOwner, role: 'owner', authority: 'sole' }]),
    jointBusiness: await business('71000002', 'Twee Techniek B.V.', [
      { who: people.jointFirst, role: 'director', authority: 'joint' },
      { who: people.jointSecond, role: 'director', authority: 'joint' },
    ]),
    firm: await business('71000003', 'Administratiekantoor Telwerk', [{ who: people.firmOwner, role: 'owner', authority: 'sole' }]),
    client: await business('71000004', 'Klant B.V.', [{ who: people.clientOwner, role: 'director', authority: 'sole' }]),
  };

  const [parkingPermit, parkingExemption, welfare, wmo, dogTax, notMandatable] = await publish(amsterdam, [
    upl.parkingPermit,
    upl.parkingExemption,
    upl.welfare,
    upl.wmo,
    upl.dogTax,
    upl.burningExemption,
  ]);
  const [utrechtParkingPermit] = await publish(utrecht, [upl.parkingPermit]);
  if (!parkingPermit || !parkingExemption || !welfare || !wmo || !dogTax || !notMandatable || !utrechtParkingPermit)
    throw new Error('the test services were not published');
  await sql`update service_description set mandatable = false where service_id = ${notMandatable.id}`.execute(database.db);
  const service = (s: Service): TestService => ({ organisationCode: s.organisationCode, serviceId: s.id, uplUri: s.uplUri });

  const official = (organisationCode: string, roles: Role[], name: string): Promise<Official> =>
    registry.addOfficial(database, { organisationCode, roles, name });
  return {
    people,
    childAdultOn,
    businesses,
    services: {
      parkingPermit: service(parkingPermit),
      parkingExemption: service(parkingExemption),
      welfare: service(welfare),
      wmo: service(wmo),
      dogTax: service(dogTax),
      notMandatable: service(notMandatable),
      utrechtParkingPermit: service(utrechtParkingPermit),
    },
    officials: {
      designer: await official(amsterdam.code, ['service_designer'], 'Ontwerper Amsterdam'),
      otherDesigner: await official(utrecht.code, ['service_designer'], 'Ontwerper Utrecht'),
      caseHandler: await official(amsterdam.code, ['case_handler'], 'Behandelaar Amsterdam'),
      qualityManager: await official(amsterdam.code, ['quality_manager'], 'Kwaliteit Amsterdam'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Principals

const session = (loa: LevelOfAssurance, name: string) => ({ sessionId: 'mandates-test', loa, name });

/** A citizen logged in with DigiD. */
export const personPrincipal = (who: { bsn: string; name?: string }, loa: LevelOfAssurance = 'substantial'): Principal => ({
  kind: 'person',
  bsn: who.bsn,
  ...session(loa, who.name ?? 'Test'),
});

/** Someone logged in with eHerkenning for a business. */
export const businessPrincipal = (
  business: { kvkNumber: string },
  actor: { bsn: string },
  loa: LevelOfAssurance = 'substantial',
): Principal => ({
  kind: 'business',
  kvkNumber: business.kvkNumber,
  actingBsn: actor.bsn,
  ...session(loa, 'Test'),
});

/** The principal of an official stored in the registry. */
export const officialPrincipal = (o: Pick<Official, 'id' | 'organisationCode' | 'roles' | 'name'>): Principal => ({
  kind: 'official',
  officialId: o.id,
  organisationCode: o.organisationCode,
  roles: o.roles,
  ...session('substantial', o.name),
});

/** The same principal, acting for someone (as after "act for …"). */
export function actingFor(principal: Principal, party: Party, name = 'Vertegenwoordigde'): Principal {
  if (principal.kind !== 'person' && principal.kind !== 'business') throw new Error('only citizens and businesses act for someone');
  return { ...principal, actingFor: { kind: party.kind, id: party.id, name } };
}

export const testOrigin = (): Origin => ({ trace: newTrace(), requestId: 'mandates-test' });

// ---------------------------------------------------------------------------------------------
// Granting and changing, failing the test on a refusal

/** A grant body for the API and the use case. */
export function grantBody(
  mandatary: TestPerson | TestBusiness,
  scope:
    | { kind: 'service'; service: TestService }
    | { kind: 'product'; uplUri: string }
    | { kind: 'service_set'; organisationCode: string; setId: string },
  validUntil: string,
  extra: { validFrom?: string; minLoa?: LevelOfAssurance } = {},
): Record<string, unknown> {
  return {
    mandatary:
      'bsn' in mandatary
        ? { kind: 'person', bsn: mandatary.bsn, surname: mandatary.surname }
        : { kind: 'business', kvkNumber: mandatary.kvkNumber },
    scope:
      scope.kind === 'service'
        ? { kind: 'service', organisationCode: scope.service.organisationCode, serviceId: scope.service.serviceId }
        : scope,
    validUntil,
    ...extra,
  };
}

export async function mustGrant(ctx: ModuleContext, principal: Principal, body: unknown): Promise<MandateView> {
  const r = await grantMandate(ctx, principal, body, testOrigin());
  if (!r.ok) throw new Error(`grant refused: ${JSON.stringify(r.failure)}`);
  return r.value;
}

export async function mustChange(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  event: 'sign' | 'accept' | 'decline' | 'end',
): Promise<MandateView> {
  const r = await changeMandate(ctx, principal, id, event, testOrigin());
  if (!r.ok) throw new Error(`${event} refused: ${JSON.stringify(r.failure)}`);
  return r.value;
}

/** Grants `mandatary` a mandate from the principal's subject and has the mandatary accept it: an active mandate. */
export async function activeMandate(ctx: ModuleContext, grantor: Principal, acceptor: Principal, body: unknown): Promise<MandateView> {
  const granted = await mustGrant(ctx, grantor, body);
  return mustChange(ctx, acceptor, granted.mandate.id, 'accept');
}

// ---------------------------------------------------------------------------------------------
// What was written

/** Rows in a table (that match `where`). */
export async function rowCount(db: Db, table: string, where = sql`1 = 1`): Promise<number> {
  return readCount((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]?.n);
}

/** Rows in every table a mandates use case writes to (to prove a refusal stored nothing). */
export async function mandateRowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['mandate', 'mandate_service_set', 'mandate_service_set_item', 'audit_log', 'event_outbox', 'processing_log'])
    out[table] = await rowCount(db, table);
  return out;
}

/** The audit actions and the outbox event types of one mandate, oldest first. */
export async function trailOf(db: Db, mandateId: string): Promise<{ audit: string[]; events: string[] }> {
  const audit = await sql<{ action: string }>`
    select action from audit_log where object_type = 'mandate' and object_id = ${mandateId} order by seq`.execute(db);
  const events = await sql<{ type: string }>`
    select type from event_outbox where aggregate_type = 'mandate' and aggregate_id = ${mandateId} order by occurred_at, id`.execute(db);
  return { audit: audit.rows.map((r) => r.action), events: events.rows.map((r) => r.type) };
}
