// Checking what users send to the registers: pure, every field at once, stable codes.
//
// The API and the pages hand the raw input (`unknown`) to the service, which checks it here, so
// one answer lists every bad field (type, format and meaning alike) with a code per field. What
// needs the database (does the person exist?) is checked in the service.
import type { InvalidParam } from '../../../platform/http/problem.ts';
import { roles as allRoles, type Role } from '../../../platform/auth/model.ts';
import {
  courtRegistrationKinds,
  functionaryRoles,
  isValidBranchNumber,
  isValidBsn,
  isValidKvkNumber,
  legalForms,
  type Address,
  type Authority,
  type Branch,
  type Business,
  type CourtRegistration,
  type Functionary,
  type FunctionaryAuthority,
  type Person,
} from './model.ts';
import { adulthoodDate, isRealDate } from './policy.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: InvalidParam[] };

export const textLimits = { name: 200, prefix: 20, addition: 6, email: 254, maxBranches: 50, maxFunctionaries: 50 } as const;

export const functionaryAuthorities = ['sole', 'joint', 'limited'] as const satisfies readonly FunctionaryAuthority[];
export const authorityKinds = ['parent', 'guardian'] as const satisfies readonly Authority['kind'][];

// Control characters have no place in names and addresses.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const POSTCODE = /^([1-9][0-9]{3}) ?([A-Za-z]{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MUNICIPALITY = /^GM\d{4}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects the issues of one input; each reader returns the value or undefined when bad. */
class Fields {
  constructor(
    readonly issues: InvalidParam[],
    private readonly raw: Record<string, unknown>,
    private readonly prefix: string,
  ) {}

  path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  issue(name: string, code: string, reason: string): void {
    this.issues.push({ name: this.path(name), code, reason });
  }

  /** Missing (undefined, null or only spaces), or present. */
  private present(name: string): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && v.trim() === '') return undefined;
    return v;
  }

  text(name: string, max: number, what: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', `Vul ${what} in.`);
      return undefined;
    }
    return this.checkText(name, v, max, what);
  }

  optionalText(name: string, max: number, what: string): string | null | undefined {
    const v = this.present(name);
    if (v === undefined) return null;
    return this.checkText(name, v, max, what);
  }

  private checkText(name: string, v: unknown, max: number, what: string): string | undefined {
    if (typeof v !== 'string') {
      this.issue(name, 'registry.invalid_value', `Vul ${what} in als tekst.`);
      return undefined;
    }
    const t = v.trim();
    if (t.length > max) {
      this.issue(name, 'registry.too_long', `Vul ${what} in van hoogstens ${max} tekens.`);
      return undefined;
    }
    if (CONTROL.test(t)) {
      this.issue(name, 'registry.invalid_value', `${capital(what)} bevat tekens die niet zijn toegestaan.`);
      return undefined;
    }
    return t;
  }

  bsn(name: string, what = 'het BSN'): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', `Vul ${what} in.`);
      return undefined;
    }
    if (typeof v !== 'string' || !isValidBsn(v.trim())) {
      this.issue(name, 'registry.invalid_bsn', bsnReason);
      return undefined;
    }
    return v.trim();
  }

  optionalBsn(name: string): string | null | undefined {
    return this.present(name) === undefined ? null : this.bsn(name);
  }

  kvk(name: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', 'Vul het KVK-nummer in.');
      return undefined;
    }
    if (typeof v !== 'string' || !isValidKvkNumber(v.trim())) {
      this.issue(name, 'registry.invalid_kvk_number', kvkReason);
      return undefined;
    }
    return v.trim();
  }

  date(name: string, what: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', `Vul ${what} in.`);
      return undefined;
    }
    return this.checkDate(name, v, what);
  }

  optionalDate(name: string, what: string): string | null | undefined {
    const v = this.present(name);
    return v === undefined ? null : this.checkDate(name, v, what);
  }

  private checkDate(name: string, v: unknown, what: string): string | undefined {
    if (typeof v !== 'string' || !isRealDate(v)) {
      this.issue(name, 'registry.invalid_date', `Vul ${what} in als een bestaande datum in de vorm JJJJ-MM-DD.`);
      return undefined;
    }
    return v;
  }

  choice<T extends string>(name: string, values: readonly T[], what: string): T | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', `Kies ${what}.`);
      return undefined;
    }
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.issue(name, 'registry.invalid_choice', `Kies ${what} uit: ${values.join(', ')}.`);
      return undefined;
    }
    return v as T;
  }

  bool(name: string, fallback: boolean): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.issue(name, 'registry.invalid_value', 'Vul true of false in.');
      return undefined;
    }
    return v;
  }

  houseNumber(name: string): number | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', 'Vul het huisnummer in.');
      return undefined;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 99_999) {
      this.issue(name, 'registry.invalid_house_number', 'Vul een huisnummer in van 1 tot en met 99999.');
      return undefined;
    }
    return n;
  }

  postcode(name: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', 'Vul de postcode in.');
      return undefined;
    }
    const m = typeof v === 'string' ? POSTCODE.exec(v.trim()) : null;
    if (!m?.[1] || !m[2]) {
      this.issue(name, 'registry.invalid_postcode', 'Vul een postcode in zoals 1234 AB.');
      return undefined;
    }
    return `${m[1]}${m[2].toUpperCase()}`;
  }

  municipality(name: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) {
      this.issue(name, 'registry.required', 'Vul de gemeentecode in.');
      return undefined;
    }
    if (typeof v !== 'string' || !MUNICIPALITY.test(v.trim().toUpperCase())) {
      this.issue(name, 'registry.invalid_municipality', 'Vul een CBS-gemeentecode in zoals GM0363.');
      return undefined;
    }
    return v.trim().toUpperCase();
  }

  email(name: string): string | undefined {
    const v = this.text(name, textLimits.email, 'het e-mailadres');
    if (v === undefined) return undefined;
    if (!EMAIL.test(v)) {
      this.issue(name, 'registry.invalid_email', 'Vul een e-mailadres in zoals naam@voorbeeld.nl.');
      return undefined;
    }
    return v;
  }

  /** A nested object; `undefined` when bad, `null` when absent and allowed. */
  object(name: string, required: boolean, what: string): Fields | null | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) {
      if (!required) return null;
      this.issue(name, 'registry.required', `Vul ${what} in.`);
      return undefined;
    }
    if (!isRecord(v)) {
      this.issue(name, 'registry.invalid_value', `Vul ${what} in als object.`);
      return undefined;
    }
    return new Fields(this.issues, v, this.path(name));
  }

  /** A list of objects, each read by `read`. */
  list<T>(name: string, max: number, what: string, read: (f: Fields) => T | undefined): T[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.issue(name, 'registry.invalid_value', `Vul ${what} in als lijst.`);
      return undefined;
    }
    if (v.length > max) {
      this.issue(name, 'registry.too_many', `Geef hoogstens ${max} ${what}.`);
      return undefined;
    }
    const out: T[] = [];
    let bad = false;
    for (const [i, item] of (v as unknown[]).entries()) {
      if (!isRecord(item)) {
        bad = true;
        this.issue(`${name}.${i}`, 'registry.invalid_value', `Vul ${what} in als object.`);
        continue;
      }
      const value = read(new Fields(this.issues, item, this.path(`${name}.${i}`)));
      if (value === undefined) bad = true;
      else out.push(value);
    }
    return bad ? undefined : out;
  }

  roles(name: string): Role[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) {
      this.issue(name, 'registry.required', 'Kies minstens één rol.');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.issue(name, 'registry.invalid_value', 'Geef de rollen als lijst.');
      return undefined;
    }
    if (v.length === 0) {
      this.issue(name, 'registry.no_roles', 'Kies minstens één rol.');
      return undefined;
    }
    const bad = v.filter((r): r is unknown => typeof r !== 'string' || !(allRoles as readonly string[]).includes(r));
    if (bad.length > 0 || v.length > allRoles.length * 2) {
      this.issue(name, 'registry.invalid_choice', `Kies rollen uit: ${allRoles.join(', ')}.`);
      return undefined;
    }
    const held = v as Role[];
    return allRoles.filter((r) => held.includes(r));
  }
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const bsnReason = 'Een BSN bestaat uit 9 cijfers en voldoet aan de elfproef.';
export const kvkReason = 'Een KVK-nummer bestaat uit 8 cijfers.';

function start(raw: unknown, issues: InvalidParam[]): Fields | undefined {
  if (!isRecord(raw)) {
    issues.push({ name: '', code: 'registry.invalid_value', reason: 'Stuur een JSON-object.' });
    return undefined;
  }
  return new Fields(issues, raw, '');
}

function done<T>(issues: InvalidParam[], value: T | undefined): Parsed<T> {
  return issues.length === 0 && value !== undefined ? { ok: true, value } : { ok: false, issues };
}

/** validTo is the first day it no longer applies, so it must come after validFrom. */
function checkPeriod(f: Fields, from: string | undefined, to: string | null | undefined): void {
  if (from !== undefined && typeof to === 'string' && to <= from)
    f.issue('validTo', 'registry.end_before_start', 'De einddatum moet na de begindatum liggen.');
}

function readAddress(f: Fields): Address | undefined {
  const street = f.text('street', textLimits.name, 'de straat');
  const houseNumber = f.houseNumber('houseNumber');
  const houseNumberAddition = f.optionalText('houseNumberAddition', textLimits.addition, 'de toevoeging');
  const postcode = f.postcode('postcode');
  const city = f.text('city', textLimits.name, 'de woonplaats');
  const municipalityCode = f.municipality('municipalityCode');
  if (
    street === undefined ||
    houseNumber === undefined ||
    houseNumberAddition === undefined ||
    postcode === undefined ||
    city === undefined ||
    municipalityCode === undefined
  )
    return undefined;
  return { street, houseNumber, houseNumberAddition, postcode, city, municipalityCode };
}

/** A new person (modelled on the BRP). */
export function parsePerson(raw: unknown, today: string): Parsed<Person> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  const bsn = f.bsn('bsn');
  const givenNames = f.text('givenNames', textLimits.name, 'de voornamen');
  const surnamePrefix = f.optionalText('surnamePrefix', textLimits.prefix, 'het voorvoegsel');
  const surname = f.text('surname', textLimits.name, 'de achternaam');
  const birthDate = f.date('birthDate', 'de geboortedatum');
  const deathDate = f.optionalDate('deathDate', 'de overlijdensdatum');
  if (birthDate !== undefined && birthDate > today)
    f.issue('birthDate', 'registry.date_in_future', 'De geboortedatum kan niet in de toekomst liggen.');
  if (typeof deathDate === 'string' && deathDate > today)
    f.issue('deathDate', 'registry.date_in_future', 'De overlijdensdatum kan niet in de toekomst liggen.');
  if (typeof deathDate === 'string' && birthDate !== undefined && deathDate < birthDate)
    f.issue('deathDate', 'registry.before_birth', 'De overlijdensdatum kan niet voor de geboortedatum liggen.');
  const addressFields = f.object('address', false, 'het adres');
  const address = addressFields ? readAddress(addressFields) : addressFields;
  if (
    bsn === undefined ||
    givenNames === undefined ||
    surnamePrefix === undefined ||
    surname === undefined ||
    birthDate === undefined ||
    deathDate === undefined ||
    address === undefined
  ) {
    return { ok: false, issues };
  }
  return done(issues, { bsn, givenNames, surnamePrefix, surname, birthDate, deathDate, address });
}

/** A new address for a person (or null: no address known, e.g. left the country). */
export function parseAddress(raw: unknown): Parsed<Address | null> {
  const issues: InvalidParam[] = [];
  if (raw === null) return { ok: true, value: null };
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  return done(issues, readAddress(f));
}

/** Parental authority (gezag) of a parent or guardian over a minor. */
export function parseAuthority(raw: unknown): Parsed<Authority> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  const childBsn = f.bsn('childBsn', 'het BSN van het kind');
  const holderBsn = f.bsn('holderBsn', 'het BSN van de gezagdrager');
  const kind = f.choice('kind', authorityKinds, 'de soort gezag');
  const validFrom = f.date('validFrom', 'de begindatum');
  const validTo = f.optionalDate('validTo', 'de einddatum');
  checkPeriod(f, validFrom, validTo);
  if (childBsn !== undefined && childBsn === holderBsn)
    f.issue('holderBsn', 'registry.same_person', 'Iemand kan geen gezag over zichzelf hebben.');
  if (childBsn === undefined || holderBsn === undefined || kind === undefined || validFrom === undefined || validTo === undefined)
    return { ok: false, issues };
  return done(issues, { childBsn, holderBsn, kind, validFrom, validTo });
}

/** Checks that need the child's birth date: gezag starts at birth at the earliest and only over a minor. */
export function authorityAgainstChild(a: Pick<Authority, 'validFrom'>, child: Pick<Person, 'birthDate'>): InvalidParam[] {
  if (a.validFrom < child.birthDate)
    return [{ name: 'validFrom', code: 'registry.before_birth', reason: 'Gezag kan niet beginnen voor de geboorte van het kind.' }];
  if (a.validFrom >= adulthoodDate(child.birthDate))
    return [
      { name: 'validFrom', code: 'registry.not_a_minor', reason: 'Gezag bestaat alleen over een minderjarige (jonger dan 18 jaar).' },
    ];
  return [];
}

/** A court registration: curatele, beschermingsbewind or mentorschap. */
export function parseCourtRegistration(raw: unknown): Parsed<Omit<CourtRegistration, 'id'>> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  const personBsn = f.bsn('personBsn', 'het BSN van de betrokkene');
  const representativeBsn = f.bsn('representativeBsn', 'het BSN van de vertegenwoordiger');
  const kind = f.choice('kind', courtRegistrationKinds, 'de maatregel');
  const validFrom = f.date('validFrom', 'de begindatum');
  const validTo = f.optionalDate('validTo', 'de einddatum');
  checkPeriod(f, validFrom, validTo);
  if (personBsn !== undefined && personBsn === representativeBsn)
    f.issue('representativeBsn', 'registry.same_person', 'Iemand kan niet zijn eigen vertegenwoordiger zijn.');
  if (personBsn === undefined || representativeBsn === undefined || kind === undefined || validFrom === undefined || validTo === undefined)
    return { ok: false, issues };
  return done(issues, { personBsn, representativeBsn, kind, validFrom, validTo });
}

function readFunctionary(f: Fields, kvkNumber: string): Functionary | undefined {
  const personBsn = f.bsn('personBsn');
  const role = f.choice('role', functionaryRoles, 'de functie');
  const authority = f.choice('authority', functionaryAuthorities, 'de bevoegdheid');
  const validFrom = f.date('validFrom', 'de begindatum');
  const validTo = f.optionalDate('validTo', 'de einddatum');
  checkPeriod(f, validFrom, validTo);
  if (personBsn === undefined || role === undefined || authority === undefined || validFrom === undefined || validTo === undefined)
    return undefined;
  return { kvkNumber, personBsn, role, authority, validFrom, validTo };
}

/** A functionary of a business (owner, director, signatory…). */
export function parseFunctionary(raw: unknown, kvkNumber: string): Parsed<Functionary> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  return done(issues, readFunctionary(f, kvkNumber));
}

export interface BusinessInput {
  business: Business;
  branches: Branch[];
  functionaries: Functionary[];
}

/** A new business (modelled on the KVK Handelsregister), with its branches and functionaries. */
export function parseBusiness(raw: unknown, today: string): Parsed<BusinessInput> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  const kvkNumber = f.kvk('kvkNumber');
  const name = f.text('name', textLimits.name, 'de naam');
  const legalForm = f.choice('legalForm', legalForms, 'de rechtsvorm');
  const registeredOn = f.date('registeredOn', 'de datum van inschrijving');
  const endedOn = f.optionalDate('endedOn', 'de datum van uitschrijving');
  if (registeredOn !== undefined && registeredOn > today)
    f.issue('registeredOn', 'registry.date_in_future', 'De datum van inschrijving kan niet in de toekomst liggen.');
  if (registeredOn !== undefined && typeof endedOn === 'string' && endedOn <= registeredOn)
    f.issue('endedOn', 'registry.end_before_start', 'De datum van uitschrijving moet na de datum van inschrijving liggen.');
  const addressFields = f.object('address', true, 'het adres');
  const address = addressFields ? readAddress(addressFields) : undefined;
  const kvk = kvkNumber ?? '';
  const branches = f.list('branches', textLimits.maxBranches, 'vestigingen', (b): Branch | undefined => {
    let branchNumber = b.text('branchNumber', 12, 'het vestigingsnummer');
    if (branchNumber !== undefined && !isValidBranchNumber(branchNumber)) {
      b.issue('branchNumber', 'registry.invalid_branch_number', 'Een vestigingsnummer bestaat uit 12 cijfers.');
      branchNumber = undefined;
    }
    const branchName = b.text('name', textLimits.name, 'de naam van de vestiging');
    const isMain = b.bool('isMain', false);
    const at = b.object('address', true, 'het adres van de vestiging');
    const branchAddress = at ? readAddress(at) : undefined;
    if (branchNumber === undefined || branchName === undefined || isMain === undefined || branchAddress === undefined) return undefined;
    return { branchNumber, kvkNumber: kvk, name: branchName, isMain, address: branchAddress };
  });
  const functionaries = f.list('functionaries', textLimits.maxFunctionaries, 'functionarissen', (x) => readFunctionary(x, kvk));
  if (branches) {
    const seen = new Set<string>();
    branches.forEach((b, i) => {
      if (seen.has(b.branchNumber))
        f.issue(`branches.${i}.branchNumber`, 'registry.duplicate', 'Dit vestigingsnummer staat al eerder in de lijst.');
      seen.add(b.branchNumber);
    });
    if (branches.filter((b) => b.isMain).length > 1)
      f.issue('branches', 'registry.several_main_branches', 'Een onderneming heeft hoogstens één hoofdvestiging.');
  }
  if (functionaries) {
    const seen = new Set<string>();
    functionaries.forEach((x, i) => {
      const key = `${x.personBsn}:${x.role}`;
      if (seen.has(key)) f.issue(`functionaries.${i}`, 'registry.duplicate', 'Deze persoon staat al met deze functie in de lijst.');
      seen.add(key);
    });
  }
  if (
    kvkNumber === undefined ||
    name === undefined ||
    legalForm === undefined ||
    registeredOn === undefined ||
    endedOn === undefined ||
    address === undefined ||
    !branches ||
    !functionaries
  ) {
    return { ok: false, issues };
  }
  return done(issues, { business: { kvkNumber, name, legalForm, registeredOn, endedOn, address }, branches, functionaries });
}

export type OfficialInput = {
  name: string;
  email: string;
  organisationCode: string;
  roles: Role[];
  personBsn: string | null;
  active: boolean;
};

/** A new official of an organisation. */
export function parseOfficial(raw: unknown): Parsed<OfficialInput> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  const name = f.text('name', textLimits.name, 'de naam');
  const email = f.email('email');
  const code = f.text('organisationCode', 20, 'de organisatiecode');
  let organisationCode = code?.toUpperCase();
  if (organisationCode !== undefined && !/^[A-Z0-9-]{2,20}$/.test(organisationCode)) {
    f.issue('organisationCode', 'registry.invalid_value', 'Vul een organisatiecode in zoals GM0363.');
    organisationCode = undefined;
  }
  const roles = f.roles('roles');
  const personBsn = f.optionalBsn('personBsn');
  const active = f.bool('active', true);
  if (
    name === undefined ||
    email === undefined ||
    organisationCode === undefined ||
    roles === undefined ||
    personBsn === undefined ||
    active === undefined
  )
    return { ok: false, issues };
  return done(issues, { name, email, organisationCode, roles, personBsn, active });
}

/** The roles of an official, replacing the ones held. */
export function parseRoles(raw: unknown): Parsed<Role[]> {
  const issues: InvalidParam[] = [];
  const f = start(raw, issues);
  if (!f) return { ok: false, issues };
  return done(issues, f.roles('roles'));
}
