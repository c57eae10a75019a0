// Use cases of the registers of persons, businesses and officials:
// authorize → (transaction) → load → decide → save → audit → processing log.
//
// Every read or change of a person's data by an official, or by a citizen acting as legal
// representative, writes one processing-log line per data subject (Logboek Dataverwerkingen,
// DOMAIN.md §2.3); a change writes it in the change's own transaction. A citizen reading their
// own data, and a business reading its own record, is no processing by an official: not logged.
import { actorOf, assertLevelOfAssurance, type Principal, type Role } from '../../../platform/auth/index.ts';
import { recordAudit, type Actor, type AuditEntry } from '../../../platform/audit/index.ts';
import { inTransaction, type Db, type Trx } from '../../../platform/db/index.ts';
import {
  fail,
  httpFailures,
  invalidInputFailure,
  ok,
  ProblemError,
  type Failure,
  type InvalidParam,
  type Result,
} from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import type { DomainEvent } from '../../../platform/events/index.ts';
import { processingActivityBase, type ProcessingSubject, type TraceContext } from '../../../platform/processing-log/index.ts';
import {
  authorityAgainstChild,
  bsnReason,
  kvkReason,
  parseAddress,
  parseAuthority,
  parseBusiness,
  parseCourtRegistration,
  parseFunctionary,
  parseOfficial,
  parsePerson,
  parseRoles,
  type Parsed,
} from './input.ts';
import {
  fullName,
  inForce,
  isValidBsn,
  isValidKvkNumber,
  type Address,
  type Authority,
  type Branch,
  type Business,
  type CourtRegistration,
  type Functionary,
  type FunctionaryAuthority,
  type FunctionaryRole,
  type LegalForm,
  type Official,
  type Person,
} from './model.ts';
import {
  adulthoodDate,
  ageOfMajority,
  ageOn,
  decideBusinessAccess,
  decideOfficialAccess,
  decideOfficialsAccess,
  decidePersonAccess,
  decideRelationsAccess,
  legalRepresentations,
  mayManageRegisters,
  officialPersonView,
  representationBasis,
  representationMinimumLoa,
  type DenyReason,
  type Matter,
  type PersonAccess,
  type RepresentationBasis,
} from './policy.ts';
import * as store from './store.ts';

export {
  businessReaderRoles,
  electoralReaderRoles,
  personReaderRoles,
  registerManagerRoles,
  representationBases,
  type RepresentationBasis,
} from './policy.ts';

/** Where a use case was called from: the request's trace (for the processing log) and id (for the audit trail). */
export interface RequestOrigin {
  trace: TraceContext;
  requestId: string | null;
}

// ---------------------------------------------------------------------------------------
// Expected failures (stable codes)
// ---------------------------------------------------------------------------------------

/** 400 for invalid input: one invalid field gives its own code, several `registry.invalid_input`. */
export function invalidInput(issues: readonly InvalidParam[]): Failure {
  return invalidInputFailure('registry', issues);
}

export const peopleFailures = {
  invalidBsn: (field = 'bsn'): Failure => ({
    code: 'registry.invalid_bsn',
    status: 400,
    title: 'Ongeldig BSN',
    detail: `Dit is geen geldig burgerservicenummer. ${bsnReason}`,
    invalidParams: [{ name: field, code: 'registry.invalid_bsn', reason: bsnReason }],
  }),
  invalidKvkNumber: (field = 'kvkNumber'): Failure => ({
    code: 'registry.invalid_kvk_number',
    status: 400,
    title: 'Ongeldig KVK-nummer',
    detail: `Dit is geen geldig KVK-nummer. ${kvkReason}`,
    invalidParams: [{ name: field, code: 'registry.invalid_kvk_number', reason: kvkReason }],
  }),
  /** The same answer for "unknown" and "not yours to see": a citizen cannot learn who is registered. */
  personNotFound: (): Failure => ({
    code: 'registry.person_not_found',
    status: 404,
    title: 'Persoon niet gevonden',
    detail: 'Er is geen persoon gevonden met dit BSN.',
  }),
  businessNotFound: (): Failure => ({
    code: 'registry.business_not_found',
    status: 404,
    title: 'Onderneming niet gevonden',
    detail: 'Er is geen onderneming gevonden met dit KVK-nummer.',
  }),
  officialNotFound: (): Failure => ({
    code: 'registry.official_not_found',
    status: 404,
    title: 'Medewerker niet gevonden',
    detail: 'Er is geen medewerker gevonden met deze id.',
  }),
  roleNotAllowed: (): Failure => ({
    code: 'registry.role_not_allowed',
    status: 403,
    title: 'Geen toegang',
    detail: 'Uw rol geeft geen toegang tot deze gegevens.',
  }),
  otherOrganisation: (): Failure => ({
    code: 'registry.other_organisation',
    status: 403,
    title: 'Geen toegang',
    detail: 'U kunt alleen de medewerkers van uw eigen organisatie zien en beheren.',
  }),
  exists: (what: 'person' | 'business' | 'authority' | 'court_registration' | 'functionary' | 'official'): Failure => {
    const texts = {
      person: 'Er staat al een persoon met dit BSN in het register.',
      business: 'Er staat al een onderneming met dit KVK-nummer in het register.',
      authority: 'Dit gezag is al geregistreerd.',
      court_registration: 'Deze maatregel is voor deze periode al geregistreerd.',
      functionary: 'Deze persoon staat al met deze functie bij de onderneming.',
      official: 'Er is al een medewerker met dit e-mailadres bij deze organisatie.',
    } as const;
    return { code: `registry.${what}_exists`, status: 409, title: 'Bestaat al', detail: texts[what] };
  },
  personDeceased: (): Failure => ({
    code: 'registry.person_deceased',
    status: 409,
    title: 'Persoon overleden',
    detail: 'Het adres van een overleden persoon kan niet meer worden gewijzigd.',
  }),
  ownAdministratorRole: (): Failure => ({
    code: 'registry.own_administrator_role',
    status: 409,
    title: 'Eigen beheerrol',
    detail: 'U kunt uw eigen rol als beheerder niet intrekken; vraag een andere beheerder.',
  }),
};

function denied(reason: DenyReason, notFound: () => Failure): Failure {
  switch (reason) {
    case 'not_logged_in':
      return httpFailures.unauthorized();
    case 'wrong_kind':
    case 'role_not_allowed':
      return peopleFailures.roleNotAllowed();
    case 'other_organisation':
      return peopleFailures.otherOrganisation();
    case 'no_legal_basis':
    case 'not_own_business':
      return notFound();
  }
}

/** A citizen acting as legal representative needs a higher level of assurance (policy.ts). */
function representationLoa(principal: Principal): Failure | undefined {
  try {
    assertLevelOfAssurance(principal, representationMinimumLoa);
    return undefined;
  } catch (error) {
    if (error instanceof ProblemError) return error.failure;
    throw error;
  }
}

const parsedOrFail = <T>(parsed: Parsed<T>): Result<T> => (parsed.ok ? ok(parsed.value) : fail(invalidInput(parsed.issues)));

// ---------------------------------------------------------------------------------------
// Processing log
// ---------------------------------------------------------------------------------------

/** The processing activities of the registers (Register van Verwerkingsactiviteiten), with the name each log line gets. */
export const processingActivities = {
  'registry.person.view': 'Persoonsgegevens ingezien',
  'registry.person.view_electoral': 'Naam, adres en leeftijd ingezien voor verkiezingen',
  'registry.person.view_as_representative': 'Persoonsgegevens ingezien door een wettelijk vertegenwoordiger',
  'registry.person.representatives.view': 'Wettelijke vertegenwoordigers ingezien',
  'registry.person.representatives.view_as_representative': 'Wettelijke vertegenwoordigers ingezien door een wettelijk vertegenwoordiger',
  'registry.person.represented.view': 'Vertegenwoordigde personen ingezien',
  'registry.person.represented.view_as_representative':
    'Gegevens ingezien door een wettelijk vertegenwoordiger (overzicht van wie hij of zij vertegenwoordigt)',
  'registry.business.view': 'Gegevens uit het Handelsregister ingezien',
  'registry.person.create': 'Persoon ingeschreven',
  'registry.person.address_update': 'Adres gewijzigd',
  'registry.authority.register': 'Gezag geregistreerd',
  'registry.court_registration.register': 'Curatele, bewind of mentorschap geregistreerd',
  'registry.business.create': 'Onderneming ingeschreven',
  'registry.business.functionary_add': 'Functionaris van een onderneming geregistreerd',
  'registry.official.create': 'Medewerker aangemaakt en aan een persoon gekoppeld',
} as const;
export type ProcessingActivity = keyof typeof processingActivities;

export const activityUri = (activity: ProcessingActivity): string => `${processingActivityBase}${activity}`;

/** Are these lines written by a legal representative (no organisation)? */
export const isRepresentativeActivity = (activityId: string): boolean => activityId.endsWith('_as_representative');

const bsnSubjects = (bsns: readonly string[]): ProcessingSubject[] => [...new Set(bsns)].map((id) => ({ id, type: 'BSN' as const }));

/** A business and the persons involved (its functionaries). */
const businessSubjects = (kvkNumber: string, bsns: readonly string[]): ProcessingSubject[] => [
  { id: kvkNumber, type: 'KVK' },
  ...bsnSubjects(bsns),
];

async function logProcessing(
  ctx: ModuleContext,
  db: Db | Trx,
  trace: TraceContext,
  principal: Principal,
  activity: ProcessingActivity,
  subjects: readonly ProcessingSubject[],
  startedAt: Date,
): Promise<void> {
  if (subjects.length === 0) return;
  await ctx.processingLog.record(db, trace, {
    name: processingActivities[activity],
    activityId: activityUri(activity),
    subjects,
    organisationCode: principal.kind === 'official' ? principal.organisationCode : null,
    startedAt,
    endedAt: ctx.clock.now(),
    // No user in the line (LDV: "geen gebruikers in logregels"), only in what capacity.
    attributes: {
      'loket.actor': principal.kind === 'official' ? 'official' : principal.kind === 'person' ? 'legal_representative' : principal.kind,
    },
  });
}

// ---------------------------------------------------------------------------------------
// Persons: reading
// ---------------------------------------------------------------------------------------

export type AccessBasis = 'self' | 'official_role' | RepresentationBasis;

export interface PersonRecord {
  view: 'full';
  bsn: string;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  fullName: string;
  birthDate: string;
  deathDate: string | null;
  /** Age today, or at death. */
  age: number;
  minor: boolean;
  address: Address | null;
  accessBasis: AccessBasis;
}

/** What an election official sees: name, address and age only. */
export interface ElectoralPersonRecord {
  view: 'electoral';
  fullName: string;
  age: number;
  address: Address | null;
  accessBasis: 'official_role';
}

export type PersonView = PersonRecord | ElectoralPersonRecord;

function toRecord(person: Person, access: Exclude<PersonAccess, { allow: false }>, today: string): PersonView {
  if (access.view === 'electoral') {
    return {
      view: 'electoral',
      fullName: fullName(person),
      age: ageOn(person.birthDate, person.deathDate ?? today),
      address: person.address,
      accessBasis: 'official_role',
    };
  }
  return fullRecord(person, access.basis, today);
}

function fullRecord(person: Person, accessBasis: AccessBasis, today: string): PersonRecord {
  return {
    view: 'full',
    bsn: person.bsn,
    givenNames: person.givenNames,
    surnamePrefix: person.surnamePrefix,
    surname: person.surname,
    fullName: fullName(person),
    birthDate: person.birthDate,
    deathDate: person.deathDate,
    age: ageOn(person.birthDate, person.deathDate ?? today),
    minor: person.deathDate === null && today < adulthoodDate(person.birthDate),
    address: person.address,
    accessBasis,
  };
}

/** Refusals that need no lookup: a malformed BSN, nobody logged in, a business, an official whose role needs no person data. */
function personPrecheck(principal: Principal, bsn: string, needFull: boolean): Failure | undefined {
  if (!isValidBsn(bsn)) return peopleFailures.invalidBsn();
  if (principal.kind === 'anonymous') return httpFailures.unauthorized();
  if (principal.kind === 'business') return peopleFailures.roleNotAllowed();
  if (principal.kind === 'official') {
    const view = officialPersonView(principal.roles);
    if (view === null || (needFull && view !== 'full')) return peopleFailures.roleNotAllowed();
  }
  return undefined;
}

/** Loads the person and decides access; a citizen without a legal basis gets "not found". */
async function accessPerson(
  ctx: ModuleContext,
  principal: Principal,
  bsn: string,
): Promise<Result<{ person: Person; access: Exclude<PersonAccess, { allow: false }> }>> {
  const db = ctx.database.db;
  const person = await store.findPerson(db, bsn);
  if (!person) return fail(peopleFailures.personNotFound());
  const needsFacts = principal.kind === 'person' && principal.bsn !== bsn;
  const facts = {
    person,
    authorities: needsFacts ? await store.authoritiesOfChild(db, bsn) : [],
    registrations: needsFacts ? await store.courtRegistrationsOf(db, bsn) : [],
  };
  const access = decidePersonAccess(principal, facts, ctx.clock.today());
  if (!access.allow) return fail(denied(access.reason, peopleFailures.personNotFound));
  if (access.basis !== 'self' && access.basis !== 'official_role') {
    const loa = representationLoa(principal);
    if (loa) return fail(loa);
  }
  return ok({ person, access });
}

/** One person's record, as the principal may see it. */
export async function getPerson(ctx: ModuleContext, principal: Principal, bsn: string, trace: TraceContext): Promise<Result<PersonView>> {
  const startedAt = ctx.clock.now();
  const pre = personPrecheck(principal, bsn, false);
  if (pre) return fail(pre);
  const found = await accessPerson(ctx, principal, bsn);
  if (!found.ok) return found;
  const { person, access } = found.value;
  const record = toRecord(person, access, ctx.clock.today());
  if (access.basis !== 'self') {
    const activity =
      access.basis === 'official_role'
        ? access.view === 'electoral'
          ? 'registry.person.view_electoral'
          : 'registry.person.view'
        : 'registry.person.view_as_representative';
    await logProcessing(ctx, ctx.database.db, trace, principal, activity, bsnSubjects([bsn]), startedAt);
  }
  return ok(record);
}

export interface RepresentationItem {
  /** The other person's BSN: shown to officials and to a representative about the persons they represent. */
  bsn: string | null;
  name: string;
  basis: RepresentationBasis;
  authorityKind: Authority['kind'] | null;
  covers: readonly Matter[];
  validFrom: string;
  validTo: string | null;
}

/** Who may act for this person by law today (parents or guardian with authority, curator, bewindvoerder, mentor). */
export async function getRepresentatives(
  ctx: ModuleContext,
  principal: Principal,
  bsn: string,
  trace: TraceContext,
): Promise<Result<RepresentationItem[]>> {
  const startedAt = ctx.clock.now();
  const pre = personPrecheck(principal, bsn, true);
  if (pre) return fail(pre);
  const found = await accessPerson(ctx, principal, bsn);
  if (!found.ok) return found;
  const { person, access } = found.value;
  const db = ctx.database.db;
  const today = ctx.clock.today();
  const representations = legalRepresentations(
    person,
    await store.authoritiesOfChild(db, bsn),
    await store.courtRegistrationsOf(db, bsn),
    today,
  );
  const names = new Map(
    (
      await store.findPersons(
        db,
        representations.map((r) => r.representativeBsn),
      )
    ).map((p) => [p.bsn, fullName(p)]),
  );
  const items = representations.map((r) => ({
    bsn: principal.kind === 'official' ? r.representativeBsn : null,
    name: names.get(r.representativeBsn) ?? '',
    basis: r.basis,
    authorityKind: r.authorityKind,
    covers: r.covers,
    validFrom: r.validFrom,
    validTo: r.validTo,
  }));
  if (access.basis !== 'self') {
    const reader = principal.kind === 'person' ? principal.bsn : null;
    const subjects = [bsn, ...representations.map((r) => r.representativeBsn)].filter((s) => s !== reader);
    const activity =
      access.basis === 'official_role' ? 'registry.person.representatives.view' : 'registry.person.representatives.view_as_representative';
    await logProcessing(ctx, db, trace, principal, activity, bsnSubjects(subjects), startedAt);
  }
  return ok(items);
}

/** Whom this person legally represents today. */
export async function getRepresented(
  ctx: ModuleContext,
  principal: Principal,
  bsn: string,
  trace: TraceContext,
): Promise<Result<RepresentationItem[]>> {
  const startedAt = ctx.clock.now();
  const pre = personPrecheck(principal, bsn, true);
  if (pre) return fail(pre);
  const access = decideRelationsAccess(principal, bsn);
  if (!access.allow) return fail(denied(access.reason, peopleFailures.personNotFound));
  const db = ctx.database.db;
  const person = await store.findPerson(db, bsn);
  if (!person) return fail(peopleFailures.personNotFound());
  const today = ctx.clock.today();
  const authorities = await store.authoritiesHeldBy(db, bsn);
  const registrations = await store.courtRegistrationsHeldBy(db, bsn);
  const represented = await store.findPersons(db, [...authorities.map((a) => a.childBsn), ...registrations.map((r) => r.personBsn)]);
  const items: RepresentationItem[] = represented.flatMap((p) =>
    legalRepresentations(
      p,
      authorities.filter((a) => a.childBsn === p.bsn),
      registrations.filter((r) => r.personBsn === p.bsn),
      today,
    )
      .filter((r) => r.representativeBsn === bsn)
      .map((r) => ({
        bsn: p.bsn,
        name: fullName(p),
        basis: r.basis,
        authorityKind: r.authorityKind,
        covers: r.covers,
        validFrom: r.validFrom,
        validTo: r.validTo,
      })),
  );
  if (access.basis === 'self' && items.length > 0) {
    const loa = representationLoa(principal);
    if (loa) return fail(loa);
  }
  const subjects = items.map((i) => i.bsn ?? '').filter(Boolean);
  if (access.basis === 'official_role')
    await logProcessing(ctx, db, trace, principal, 'registry.person.represented.view', bsnSubjects([bsn, ...subjects]), startedAt);
  else
    await logProcessing(ctx, db, trace, principal, 'registry.person.represented.view_as_representative', bsnSubjects(subjects), startedAt);
  return ok(items);
}

// ---------------------------------------------------------------------------------------
// Businesses: reading
// ---------------------------------------------------------------------------------------

export interface FunctionaryItem {
  /** Shown to officials only. */
  bsn: string | null;
  name: string;
  role: FunctionaryRole;
  authority: FunctionaryAuthority;
  validFrom: string;
  validTo: string | null;
}

export interface BusinessRecord {
  kvkNumber: string;
  name: string;
  legalForm: LegalForm;
  registeredOn: string;
  endedOn: string | null;
  address: Address;
  branches: Branch[];
  /** The functionaries in office today. */
  functionaries: FunctionaryItem[];
  accessBasis: 'own_business' | 'official_role';
}

/** A business from the Handelsregister, with its branches and the functionaries in office. */
export async function getBusiness(
  ctx: ModuleContext,
  principal: Principal,
  kvkNumber: string,
  trace: TraceContext,
): Promise<Result<BusinessRecord>> {
  const startedAt = ctx.clock.now();
  if (!isValidKvkNumber(kvkNumber)) return fail(peopleFailures.invalidKvkNumber());
  const access = decideBusinessAccess(principal, kvkNumber);
  if (!access.allow) return fail(denied(access.reason, peopleFailures.businessNotFound));
  const db = ctx.database.db;
  const record = await loadBusinessRecord(db, kvkNumber, ctx.clock.today(), access.basis);
  if (!record) return fail(peopleFailures.businessNotFound());
  if (access.basis === 'official_role') {
    const subjects = businessSubjects(
      kvkNumber,
      record.functionaries.map((f) => f.bsn ?? ''),
    );
    await logProcessing(ctx, db, trace, principal, 'registry.business.view', subjects, startedAt);
  }
  return ok(record);
}

async function loadBusinessRecord(
  db: Db | Trx,
  kvkNumber: string,
  today: string,
  accessBasis: BusinessRecord['accessBasis'],
): Promise<BusinessRecord | undefined> {
  const business = await store.findBusiness(db, kvkNumber);
  if (!business) return undefined;
  const functionaries = (await store.functionariesOf(db, kvkNumber)).filter((f) => inForce(f, today));
  return {
    ...business,
    branches: await store.branchesOf(db, kvkNumber),
    functionaries: functionaries.map((f) => ({
      bsn: accessBasis === 'official_role' ? f.personBsn : null,
      name: f.personName,
      role: f.role,
      authority: f.authority,
      validFrom: f.validFrom,
      validTo: f.validTo,
    })),
    accessBasis,
  };
}

// ---------------------------------------------------------------------------------------
// Officials: reading
// ---------------------------------------------------------------------------------------

/** Any UUID (PostgreSQL refuses to compare a uuid column with other text). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An official as shown to administrators (without the link to a person). */
export type OfficialRecord = Omit<Official, 'personBsn'>;

const toOfficialRecord = ({ personBsn: _personBsn, ...rest }: Official): OfficialRecord => rest;

export async function listOfficials(
  ctx: ModuleContext,
  principal: Principal,
  query: { organisationCode?: string | undefined; limit: number; offset: number },
): Promise<Result<{ items: OfficialRecord[]; total: number; organisationCode: string }>> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  const organisationCode = query.organisationCode?.toUpperCase() ?? (principal.kind === 'official' ? principal.organisationCode : '');
  const access = decideOfficialsAccess(principal, organisationCode);
  if (!access.allow) return fail(denied(access.reason, peopleFailures.officialNotFound));
  const { items, total } = await store.listOfficials(ctx.database.db, ctx.database.dialect, {
    organisationCode,
    limit: query.limit,
    offset: query.offset,
  });
  return ok({ items: items.map(toOfficialRecord), total, organisationCode });
}

/** One official: the official themself, or an administrator of the same organisation; others get "not found". */
export async function getOfficial(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<OfficialRecord>> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  if (!UUID.test(id)) return fail(peopleFailures.officialNotFound());
  const official = await store.findOfficial(ctx.database.db, id);
  if (!official) return fail(peopleFailures.officialNotFound());
  const access = decideOfficialAccess(principal, official);
  if (!access.allow) return fail(access.reason === 'not_logged_in' ? httpFailures.unauthorized() : peopleFailures.officialNotFound());
  return ok(toOfficialRecord(official));
}

// ---------------------------------------------------------------------------------------
// Writes (administrators), each in one transaction with its audit record and log lines
// ---------------------------------------------------------------------------------------

function managerOnly(principal: Principal): Failure | undefined {
  if (principal.kind === 'anonymous') return httpFailures.unauthorized();
  return mayManageRegisters(principal) ? undefined : peopleFailures.roleNotAllowed();
}

const actor = (principal: Principal): Actor => actorOf(principal);

async function checkAddressMunicipality(db: Db | Trx, address: Address | null, field: string): Promise<InvalidParam[]> {
  if (address === null || (await store.isMunicipality(db, address.municipalityCode))) return [];
  return [
    {
      name: `${field}.municipalityCode`,
      code: 'registry.unknown_municipality',
      reason: 'Deze gemeentecode staat niet in het register van organisaties.',
    },
  ];
}

async function checkPersonsExist(db: Db | Trx, wanted: readonly { name: string; bsn: string }[]): Promise<InvalidParam[]> {
  const known = new Set(
    (
      await store.findPersons(
        db,
        wanted.map((w) => w.bsn),
      )
    ).map((p) => p.bsn),
  );
  return wanted
    .filter((w) => !known.has(w.bsn))
    .map((w) => ({ name: w.name, code: 'registry.unknown_person', reason: 'Er staat geen persoon met dit BSN in het register.' }));
}

/** What a write did: its answer, its audit record and, when it touched personal data, its processing-log line. */
interface Written<T> {
  value: T;
  audit: Pick<AuditEntry, 'action' | 'object' | 'details'>;
  log?: { activity: ProcessingActivity; subjects: readonly ProcessingSubject[] } | undefined;
  /** A domain event for other modules (proactive offers), written to the outbox in the same transaction. */
  event?: DomainEvent | undefined;
}

/** What differs between the write use cases; `writeUseCase` does the rest. */
interface WriteSteps<I, T> {
  /** Refusals before the input is read (a malformed key in the path). */
  precheck?: () => Failure | undefined;
  parse: () => Parsed<I>;
  /** Refusals after the input is read, before the transaction. */
  check?: (input: I) => Failure | undefined;
  /** In the transaction: existence checks and the writes themselves. */
  run: (trx: Trx, input: I, startedAt: Date) => Promise<Result<Written<T>>>;
}

/** Administrators only → parse → one transaction: run, audit record, processing-log line → ok. */
async function writeUseCase<I, T>(
  ctx: ModuleContext,
  principal: Principal,
  origin: RequestOrigin,
  steps: WriteSteps<I, T>,
): Promise<Result<T>> {
  const startedAt = ctx.clock.now();
  const refused = managerOnly(principal) ?? steps.precheck?.();
  if (refused) return fail(refused);
  const parsed = parsedOrFail(steps.parse());
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const unfit = steps.check?.(input);
  if (unfit) return fail(unfit);
  return inTransaction(ctx.database.db, async (trx) => {
    const done = await steps.run(trx, input, startedAt);
    if (!done.ok) return done;
    const { value, audit, log, event } = done.value;
    await recordAudit(trx, { actor: actor(principal), ...audit, requestId: origin.requestId, at: startedAt });
    if (log) await logProcessing(ctx, trx, origin.trace, principal, log.activity, log.subjects, startedAt);
    if (event) await ctx.bus.emit(trx, event, origin.requestId, startedAt);
    return ok(value);
  });
}

/** Registers a person (modelled on an inschrijving in the BRP). */
export function createPerson(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<PersonRecord>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parsePerson(input, ctx.clock.today()),
    run: async (trx, person, startedAt) => {
      if (await store.findPerson(trx, person.bsn)) return fail(peopleFailures.exists('person'));
      const issues = await checkAddressMunicipality(trx, person.address, 'address');
      if (issues.length > 0) return fail(invalidInput(issues));
      await store.insertPerson(trx, person, startedAt.toISOString());
      return ok({
        value: fullRecord(person, 'official_role', ctx.clock.today()),
        audit: {
          action: 'registry.person_created',
          object: { type: 'person', id: person.bsn },
          details: { hasAddress: person.address !== null, deceased: person.deathDate !== null },
        },
        log: { activity: 'registry.person.create', subjects: bsnSubjects([person.bsn]) },
        event: {
          type: 'person.registered',
          aggregate: { type: 'person', id: person.bsn },
          payload: { bsn: person.bsn, birthDate: person.birthDate, municipalityCode: person.address?.municipalityCode ?? null },
        },
      });
    },
  });
}

/** Records a move (or, with null, that no address is known). */
export function updateAddress(
  ctx: ModuleContext,
  principal: Principal,
  bsn: string,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<Person>> {
  return writeUseCase(ctx, principal, origin, {
    precheck: () => (isValidBsn(bsn) ? undefined : peopleFailures.invalidBsn()),
    parse: () => parseAddress(input),
    run: async (trx, address, startedAt) => {
      const person = await store.findPerson(trx, bsn);
      if (!person) return fail(peopleFailures.personNotFound());
      if (person.deathDate !== null) return fail(peopleFailures.personDeceased());
      const issues = await checkAddressMunicipality(trx, address, 'address');
      if (issues.length > 0) return fail(invalidInput(issues.map((i) => ({ ...i, name: i.name.replace(/^address\./, '') }))));
      await store.updatePersonAddress(trx, bsn, address, startedAt.toISOString());
      return ok({
        value: { ...person, address },
        audit: {
          action: 'registry.person_address_updated',
          object: { type: 'person', id: bsn },
          details: { hasAddress: address !== null, municipalityCode: address?.municipalityCode ?? null },
        },
        log: { activity: 'registry.person.address_update', subjects: bsnSubjects([bsn]) },
      });
    },
  });
}

/** Registers parental authority (gezag) of a parent or guardian over a minor. */
export function registerAuthority(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<Authority>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parseAuthority(input),
    run: async (trx, authority) => {
      const issues = await checkPersonsExist(trx, [
        { name: 'childBsn', bsn: authority.childBsn },
        { name: 'holderBsn', bsn: authority.holderBsn },
      ]);
      const child = await store.findPerson(trx, authority.childBsn);
      if (child) issues.push(...authorityAgainstChild(authority, child));
      if (issues.length > 0) return fail(invalidInput(issues));
      const existing = await store.authoritiesOfChild(trx, authority.childBsn);
      if (existing.some((a) => a.holderBsn === authority.holderBsn)) return fail(peopleFailures.exists('authority'));
      await store.insertAuthority(trx, authority);
      return ok({
        value: authority,
        audit: {
          action: 'registry.authority_registered',
          object: { type: 'person', id: authority.childBsn },
          details: { holderBsn: authority.holderBsn, kind: authority.kind, validFrom: authority.validFrom, validTo: authority.validTo },
        },
        log: { activity: 'registry.authority.register', subjects: bsnSubjects([authority.childBsn, authority.holderBsn]) },
        // A parent's authority over a newborn is how a birth reaches other services (proactive offers).
        event: {
          type: 'person.authority_registered',
          aggregate: { type: 'person', id: authority.childBsn },
          payload: {
            childBsn: authority.childBsn,
            holderBsn: authority.holderBsn,
            kind: authority.kind,
            childBirthDate: child?.birthDate ?? null,
          },
        },
      });
    },
  });
}

/** Registers a court measure: curatele, beschermingsbewind or mentorschap (DOMAIN.md §4.1). */
export function registerCourtRegistration(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<CourtRegistration>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parseCourtRegistration(input),
    run: async (trx, parsed) => {
      const registration: CourtRegistration = { id: newId(), ...parsed };
      const issues = await checkPersonsExist(trx, [
        { name: 'personBsn', bsn: registration.personBsn },
        { name: 'representativeBsn', bsn: registration.representativeBsn },
      ]);
      const person = await store.findPerson(trx, registration.personBsn);
      if (person && registration.validFrom < person.birthDate)
        issues.push({ name: 'validFrom', code: 'registry.before_birth', reason: 'De maatregel kan niet beginnen voor de geboorte.' });
      if (issues.length > 0) return fail(invalidInput(issues));
      const existing = await store.courtRegistrationsOf(trx, registration.personBsn);
      const same = existing.some(
        (r) =>
          r.representativeBsn === registration.representativeBsn && r.kind === registration.kind && r.validFrom === registration.validFrom,
      );
      if (same) return fail(peopleFailures.exists('court_registration'));
      await store.insertCourtRegistration(trx, registration);
      return ok({
        value: registration,
        audit: {
          action: 'registry.court_registration_registered',
          object: { type: 'court_registration', id: registration.id },
          details: { kind: registration.kind, validFrom: registration.validFrom, validTo: registration.validTo },
        },
        log: {
          activity: 'registry.court_registration.register',
          subjects: bsnSubjects([registration.personBsn, registration.representativeBsn]),
        },
      });
    },
  });
}

/** Registers a business with its branches and functionaries (modelled on an inschrijving in the Handelsregister). */
export function createBusiness(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<BusinessRecord>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parseBusiness(input, ctx.clock.today()),
    run: async (trx, { business, branches, functionaries }, startedAt) => {
      if (await store.findBusiness(trx, business.kvkNumber)) return fail(peopleFailures.exists('business'));
      const issues = [
        ...(await checkAddressMunicipality(trx, business.address, 'address')),
        ...(await Promise.all(branches.map((b, i) => checkAddressMunicipality(trx, b.address, `branches.${i}.address`)))).flat(),
        ...(await checkPersonsExist(
          trx,
          functionaries.map((f, i) => ({ name: `functionaries.${i}.personBsn`, bsn: f.personBsn })),
        )),
      ];
      const taken = new Set(
        await store.existingBranchNumbers(
          trx,
          branches.map((b) => b.branchNumber),
        ),
      );
      branches.forEach((b, i) => {
        if (taken.has(b.branchNumber))
          issues.push({
            name: `branches.${i}.branchNumber`,
            code: 'registry.branch_exists',
            reason: 'Dit vestigingsnummer is al geregistreerd.',
          });
      });
      if (issues.length > 0) return fail(invalidInput(issues));
      await store.insertBusiness(trx, business, startedAt.toISOString());
      for (const b of branches) await store.insertBranch(trx, b);
      for (const f of functionaries) await store.insertFunctionary(trx, f);
      const record = await loadBusinessRecord(trx, business.kvkNumber, ctx.clock.today(), 'official_role');
      if (!record) throw new Error('the business just written is not there');
      return ok({
        value: record,
        audit: {
          action: 'registry.business_created',
          object: { type: 'business', id: business.kvkNumber },
          details: { branches: branches.length, functionaries: functionaries.length },
        },
        log: {
          activity: 'registry.business.create',
          subjects: businessSubjects(
            business.kvkNumber,
            functionaries.map((f) => f.personBsn),
          ),
        },
      });
    },
  });
}

/** Adds a functionary (owner, director, signatory…) to a business. */
export function addFunctionary(
  ctx: ModuleContext,
  principal: Principal,
  kvkNumber: string,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<Functionary>> {
  return writeUseCase(ctx, principal, origin, {
    precheck: () => (isValidKvkNumber(kvkNumber) ? undefined : peopleFailures.invalidKvkNumber()),
    parse: () => parseFunctionary(input, kvkNumber),
    run: async (trx, functionary) => {
      if (!(await store.findBusiness(trx, kvkNumber))) return fail(peopleFailures.businessNotFound());
      const issues = await checkPersonsExist(trx, [{ name: 'personBsn', bsn: functionary.personBsn }]);
      if (issues.length > 0) return fail(invalidInput(issues));
      if (await store.functionaryExists(trx, kvkNumber, functionary.personBsn, functionary.role))
        return fail(peopleFailures.exists('functionary'));
      await store.insertFunctionary(trx, functionary);
      return ok({
        value: functionary,
        audit: {
          action: 'registry.functionary_added',
          object: { type: 'business', id: kvkNumber },
          details: {
            role: functionary.role,
            authority: functionary.authority,
            validFrom: functionary.validFrom,
            validTo: functionary.validTo,
          },
        },
        log: { activity: 'registry.business.functionary_add', subjects: businessSubjects(kvkNumber, [functionary.personBsn]) },
      });
    },
  });
}

/** Makes an official of the administrator's own organisation, with roles. */
export function createOfficial(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<OfficialRecord>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parseOfficial(input),
    check: (o) => {
      const access = decideOfficialsAccess(principal, o.organisationCode);
      return access.allow ? undefined : denied(access.reason, peopleFailures.officialNotFound);
    },
    run: async (trx, o, startedAt) => {
      const issues: InvalidParam[] = [];
      if (!(await store.organisationExists(trx, o.organisationCode)))
        issues.push({
          name: 'organisationCode',
          code: 'registry.unknown_organisation',
          reason: 'Deze organisatie staat niet in het register.',
        });
      if (o.personBsn !== null) issues.push(...(await checkPersonsExist(trx, [{ name: 'personBsn', bsn: o.personBsn }])));
      if (issues.length > 0) return fail(invalidInput(issues));
      if (await store.officialEmailTaken(trx, o.organisationCode, o.email)) return fail(peopleFailures.exists('official'));
      const official: Official = { id: newId(), ...o };
      await store.insertOfficial(trx, official, startedAt.toISOString());
      return ok({
        value: toOfficialRecord(official),
        audit: {
          action: 'registry.official_created',
          object: { type: 'official', id: official.id },
          details: { organisationCode: official.organisationCode, roles: [...official.roles], linkedToPerson: official.personBsn !== null },
        },
        log:
          official.personBsn === null ? undefined : { activity: 'registry.official.create', subjects: bsnSubjects([official.personBsn]) },
      });
    },
  });
}

/** Replaces the roles of an official of the administrator's own organisation. */
export function setOfficialRoles(
  ctx: ModuleContext,
  principal: Principal,
  officialId: string,
  input: unknown,
  origin: RequestOrigin,
): Promise<Result<OfficialRecord>> {
  return writeUseCase(ctx, principal, origin, {
    parse: () => parseRoles(input),
    check: () => (UUID.test(officialId) ? undefined : peopleFailures.officialNotFound()),
    run: async (trx, wanted) => {
      const official = await store.findOfficial(trx, officialId);
      if (!official) return fail(peopleFailures.officialNotFound());
      const access = decideOfficialsAccess(principal, official.organisationCode);
      if (!access.allow) return fail(peopleFailures.officialNotFound());
      if (principal.kind === 'official' && principal.officialId === officialId && !wanted.includes('administrator'))
        return fail(peopleFailures.ownAdministratorRole());
      await store.replaceOfficialRoles(trx, officialId, wanted);
      return ok({
        value: toOfficialRecord({ ...official, roles: wanted }),
        audit: {
          action: 'registry.official_roles_changed',
          object: { type: 'official', id: officialId },
          details: { from: [...official.roles], to: wanted },
        },
      });
    },
  });
}

// ---------------------------------------------------------------------------------------
// For other modules and the pages
// ---------------------------------------------------------------------------------------

/**
 * A person for another module's use case, without access checks and without logging: the
 * calling use case decides and logs (it knows the purpose).
 */
export function findPerson(ctx: ModuleContext, bsn: string): Promise<Person | undefined> {
  return isValidBsn(bsn) ? store.findPerson(ctx.database.db, bsn) : Promise.resolve(undefined);
}

/**
 * The legal basis on which `representativeBsn` may act for `representedBsn` today, for a
 * matter (money and goods, or personal and care) or any; undefined when there is none.
 */
export async function representedBy(
  ctx: ModuleContext,
  representedBsn: string,
  representativeBsn: string,
  matter?: Matter,
): Promise<{ basis: RepresentationBasis; covers: readonly Matter[]; validTo: string | null } | undefined> {
  if (!isValidBsn(representedBsn) || !isValidBsn(representativeBsn)) return undefined;
  const db = ctx.database.db;
  const person = await store.findPerson(db, representedBsn);
  if (!person) return undefined;
  const authorities = await store.authoritiesOfChild(db, representedBsn);
  const registrations = await store.courtRegistrationsOf(db, representedBsn);
  const found = representationBasis(representativeBsn, person, authorities, registrations, ctx.clock.today(), matter);
  return found ? { basis: found.basis, covers: found.covers, validTo: found.validTo } : undefined;
}

/** The roles an official holds now (none when unknown or inactive): for logins. */
export async function officialRoles(
  ctx: ModuleContext,
  officialId: string,
): Promise<{ organisationCode: string; roles: Official['roles'] } | undefined> {
  if (!UUID.test(officialId)) return undefined;
  const official = await store.findOfficial(ctx.database.db, officialId);
  if (!official?.active) return undefined;
  return { organisationCode: official.organisationCode, roles: official.roles };
}

/**
 * The living minors under `holderBsn`'s authority (gezag) today, for prefilling an application
 * with the children in the applicant's care (data supplied once). The caller logs the use.
 */
export async function childrenInCareOf(ctx: ModuleContext, holderBsn: string): Promise<Person[]> {
  if (!isValidBsn(holderBsn)) return [];
  const today = ctx.clock.today();
  const held = (await store.authoritiesHeldBy(ctx.database.db, holderBsn)).filter(
    (a) => a.validFrom <= today && (a.validTo === null || a.validTo > today),
  );
  const children = await store.findPersons(
    ctx.database.db,
    held.map((a) => a.childBsn),
  );
  return children.filter((c) => c.deathDate === null && ageOn(c.birthDate, today) < ageOfMajority);
}

/** Officials' names by id (for showing who handled a case); unknown ids are left out. */
export async function officialNames(ctx: ModuleContext, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    if (!UUID.test(id)) continue;
    const official = await store.findOfficial(ctx.database.db, id);
    if (official) names.set(id, official.name);
  }
  return names;
}

/** A business from the trade register (KVK), for prefilling an application made for it. The caller logs the use. */
export function findBusiness(ctx: ModuleContext, kvkNumber: string): Promise<Business | undefined> {
  return store.findBusiness(ctx.database.db, kvkNumber);
}

/**
 * The active officials of an organisation who hold one of `roles`, by name: for colleagues who
 * assign work to each other (the case handlers of a work queue). Only names and ids.
 */
export async function colleaguesWithRole(
  ctx: ModuleContext,
  organisationCode: string,
  roles: readonly Role[],
): Promise<{ id: string; name: string }[]> {
  const { items } = await store.listOfficials(ctx.database.db, ctx.database.dialect, { organisationCode, limit: 1000, offset: 0 });
  return items.filter((o) => o.active && o.roles.some((r) => roles.includes(r))).map((o) => ({ id: o.id, name: o.name }));
}

/** Organisation names by code, for showing who processed data. */
export function organisationNames(ctx: ModuleContext, codes: readonly string[]): Promise<Map<string, string>> {
  return store.organisationNames(ctx.database.db, codes);
}
