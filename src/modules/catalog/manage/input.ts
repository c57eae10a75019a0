// Checking a change to a service description: pure, every field at once, a stable code per field.
//
// The API and the pages hand the raw input (`unknown`) to the service, which checks it here, so
// one answer lists every bad field (type, format and meaning alike). What needs the database
// (does the responsible organisation exist?) is checked in the service.
import type { InvalidParam } from '../../../platform/http/problem.ts';
import {
  channelKinds,
  levelsOfAssurance,
  type Audience,
  type Channel,
  type ChannelKind,
  type Cost,
  type LevelOfAssurance,
  type ServiceDescription,
  type ServiceLevelNorm,
  type UplLegalBasis,
} from '../model.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: InvalidParam[] };

/** What a service designer can change: the AP05 elements of the description, and the organisation's own text. */
export const editableFields = [
  'result',
  'responsibleOrganisationCode',
  'legalBases',
  'costs',
  'conditions',
  'requirements',
  'channels',
  'levelOfAssurance',
  'statutoryDecisionTermWeeks',
  'silenceConsentApplies',
  'dwangsomApplies',
  'mandatable',
  'objectionAndAppeal',
  'contact',
  'serviceLevels',
  'audience',
  'localText',
] as const;
export type EditableField = (typeof editableFields)[number];

/** The editable part of a service: its description's elements plus the local text (on the service itself). */
export type EditableValues = Pick<ServiceDescription, Exclude<EditableField, 'localText'>> & { localText: string | null };

/** Any subset of the editable fields. */
export type DescriptionChanges = Partial<EditableValues>;

export const inputLimits = {
  /** Labels, names, indicator names. */
  label: 1000,
  /** Channel addresses, contact, result. */
  text: 2000,
  /** Conditions, requirements, objection and appeal. */
  longText: 10_000,
  /** The organisation's own text (markdown). */
  localText: 20_000,
  url: 2000,
  legalBases: 50,
  costs: 50,
  channels: 20,
  serviceLevels: 30,
  /** Ten years: no statutory decision term is longer. */
  maxDecisionTermWeeks: 520,
  /** One billion euro, in cents. */
  maxAmountCents: 100_000_000_000,
  maxTarget: 1_000_000_000,
  maxVersion: 2_000_000_000,
} as const;

// Control characters have no place in one-line text; multi-line text may hold tabs and line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
/** A path on this site: one leading slash (not `//host`), no spaces or control characters. */
const LOCAL_PATH = /^\/(?!\/)[^\s\\]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORGANISATION_CODE = /^[A-Z0-9-]{2,20}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Collects the issues of one input; each reader returns the value, or undefined when it is bad. */
class Issues {
  readonly found: InvalidParam[] = [];

  add(name: string, code: string, reason: string): void {
    this.found.push({ name, code, reason });
  }

  /** Optional text: null, "" and spaces mean "not filled in" (null). */
  text(name: string, v: unknown, max: number, what: string, multiline = false): string | null | undefined {
    if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
    return this.checkText(name, v, max, what, multiline);
  }

  requiredText(name: string, v: unknown, max: number, what: string): string | undefined {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      this.add(name, 'catalog.required', `Vul ${what} in.`);
      return undefined;
    }
    return this.checkText(name, v, max, what, false);
  }

  private checkText(name: string, v: unknown, max: number, what: string, multiline: boolean): string | undefined {
    if (typeof v !== 'string') {
      this.add(name, 'catalog.invalid_value', `Vul ${what} in als tekst.`);
      return undefined;
    }
    const t = multiline ? v.replace(/\r\n?/g, '\n').trim() : v.trim();
    if (t.length > max) {
      this.add(name, 'catalog.too_long', `Vul ${what} in van hoogstens ${max} tekens.`);
      return undefined;
    }
    if ((multiline ? CONTROL_MULTILINE : CONTROL).test(t)) {
      this.add(name, 'catalog.invalid_value', `In ${what} staan tekens die niet zijn toegestaan.`);
      return undefined;
    }
    return t;
  }

  url(name: string, v: unknown, what: string): string | null | undefined {
    const t = this.text(name, v, inputLimits.url, what);
    if (t === null || t === undefined) return t;
    if (!URL_PATTERN.test(t)) {
      this.add(name, 'catalog.invalid_url', `Vul ${what} in als webadres dat begint met https:// of http://.`);
      return undefined;
    }
    return t;
  }

  bool(name: string, v: unknown, what: string): boolean | undefined {
    if (typeof v !== 'boolean') {
      this.add(name, 'catalog.invalid_value', `Kies bij ${what} ja (true) of nee (false).`);
      return undefined;
    }
    return v;
  }

  nullableBool(name: string, v: unknown, what: string): boolean | null | undefined {
    if (v === null) return null;
    return this.bool(name, v, what);
  }

  choice<T extends string>(name: string, v: unknown, values: readonly T[], what: string): T | undefined {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.add(name, 'catalog.invalid_choice', `Kies ${what} uit: ${values.join(', ')}.`);
      return undefined;
    }
    return v as T;
  }

  date(name: string, v: unknown, what: string): string | undefined {
    if (typeof v !== 'string' || !isRealDate(v)) {
      this.add(name, 'catalog.invalid_date', `Vul ${what} in als een bestaande datum in de vorm JJJJ-MM-DD.`);
      return undefined;
    }
    return v;
  }

  /** A list of at most `max` items, each read by `item`; undefined when the list or any item is bad. */
  array<T>(name: string, v: unknown, max: number, what: string, item: (name: string, raw: unknown) => T | undefined): T[] | undefined {
    if (!Array.isArray(v)) {
      this.add(name, 'catalog.invalid_value', `Geef ${what} als een lijst.`);
      return undefined;
    }
    if (v.length > max) {
      this.add(name, 'catalog.too_many', `Geef hoogstens ${max} ${what}.`);
      return undefined;
    }
    const before = this.found.length;
    const out = v.map((raw: unknown, i) => item(`${name}.${i}`, raw));
    if (this.found.length > before) return undefined;
    return out.filter((x): x is T => x !== undefined);
  }

  /** An object with exactly these keys (missing optional keys are allowed); undefined when it is not an object. */
  object(name: string, v: unknown, keys: readonly string[], what: string): Record<string, unknown> | undefined {
    if (!isRecord(v)) {
      this.add(name, 'catalog.invalid_value', `Geef ${what} als object.`);
      return undefined;
    }
    for (const key of Object.keys(v))
      if (!keys.includes(key)) this.add(`${name}.${key}`, 'catalog.unknown_field', `Dit veld bestaat niet bij ${what}.`);
    return v;
  }
}

function legalBasis(issues: Issues, name: string, raw: unknown): UplLegalBasis | undefined {
  const o = issues.object(name, raw, ['uri', 'label', 'link'], 'een grondslag');
  if (!o) return undefined;
  const before = issues.found.length;
  const label = issues.requiredText(`${name}.label`, o['label'], inputLimits.label, 'de omschrijving van de grondslag');
  const uri = issues.url(`${name}.uri`, o['uri'] ?? null, 'de URI van de grondslag');
  const link = issues.url(`${name}.link`, o['link'] ?? null, 'de link naar de wettekst');
  if (issues.found.length > before || label === undefined || uri === undefined || link === undefined) return undefined;
  return { uri, label, link };
}

function cost(issues: Issues, name: string, raw: unknown): Cost | undefined {
  const o = issues.object(name, raw, ['label', 'amountCents', 'validFrom', 'validUntil'], 'een bedrag');
  if (!o) return undefined;
  const before = issues.found.length;
  const label = issues.requiredText(`${name}.label`, o['label'], inputLimits.label, 'waarvoor het bedrag is');
  const cents = o['amountCents'];
  let amountCents: number | undefined;
  if (typeof cents === 'number' && Number.isSafeInteger(cents) && cents >= 0 && cents <= inputLimits.maxAmountCents) amountCents = cents;
  else
    issues.add(
      `${name}.amountCents`,
      'catalog.invalid_amount',
      'Vul het bedrag in als een heel aantal eurocenten, 0 of meer (12,50 euro is 1250).',
    );
  const validFrom = issues.date(`${name}.validFrom`, o['validFrom'], 'de datum vanaf wanneer het bedrag geldt');
  const until = o['validUntil'] ?? null;
  const validUntil = until === null ? null : issues.date(`${name}.validUntil`, until, 'de datum tot en met wanneer het bedrag geldt');
  if (validFrom !== undefined && typeof validUntil === 'string' && validUntil < validFrom)
    issues.add(`${name}.validUntil`, 'catalog.end_before_start', 'De einddatum moet op of na de begindatum liggen.');
  if (
    issues.found.length > before ||
    label === undefined ||
    amountCents === undefined ||
    validFrom === undefined ||
    validUntil === undefined
  )
    return undefined;
  return { label, amountCents, validFrom, validUntil };
}

function channel(issues: Issues, name: string, raw: unknown): Channel | undefined {
  const o = issues.object(name, raw, ['kind', 'address', 'label'], 'een kanaal');
  if (!o) return undefined;
  const before = issues.found.length;
  const kind = issues.choice<ChannelKind>(`${name}.kind`, o['kind'], channelKinds, 'het soort kanaal');
  let address = issues.requiredText(`${name}.address`, o['address'], inputLimits.text, 'het adres van het kanaal');
  // An online channel: a web address, or a path on this Loket (such as the service's own page).
  if (address !== undefined && kind === 'online' && !URL_PATTERN.test(address) && !LOCAL_PATH.test(address)) {
    issues.add(`${name}.address`, 'catalog.invalid_url', 'Vul bij een online kanaal een webadres in dat begint met https://.');
    address = undefined;
  }
  if (address !== undefined && kind === 'email' && !EMAIL.test(address)) {
    issues.add(`${name}.address`, 'catalog.invalid_email', 'Vul bij e-mail een e-mailadres in, zoals info@gemeente.nl.');
    address = undefined;
  }
  const label = issues.text(`${name}.label`, o['label'] ?? null, inputLimits.label, 'de naam van het kanaal');
  if (issues.found.length > before || kind === undefined || address === undefined || label === undefined) return undefined;
  return { kind, address, label };
}

function serviceLevel(issues: Issues, name: string, raw: unknown): ServiceLevelNorm | undefined {
  const o = issues.object(name, raw, ['norm', 'indicator', 'target'], 'een servicenorm');
  if (!o) return undefined;
  const before = issues.found.length;
  const norm = issues.requiredText(`${name}.norm`, o['norm'], inputLimits.label, 'de norm');
  const indicator = issues.text(`${name}.indicator`, o['indicator'] ?? null, inputLimits.label, 'de indicator');
  const t = o['target'] ?? null;
  let target: number | null | undefined = null;
  if (typeof t === 'number' && Number.isFinite(t) && t >= 0 && t <= inputLimits.maxTarget) target = t;
  else if (t !== null) {
    issues.add(`${name}.target`, 'catalog.invalid_number', 'Vul als doel een getal in van 0 of meer, of laat het leeg.');
    target = undefined;
  }
  if (issues.found.length > before || norm === undefined || indicator === undefined || target === undefined) return undefined;
  return { norm, indicator, target };
}

function audience(issues: Issues, name: string, raw: unknown): Audience | undefined {
  const o = issues.object(name, raw, ['citizen', 'business'], 'de doelgroep');
  if (!o) return undefined;
  const citizen = issues.bool(`${name}.citizen`, o['citizen'] ?? false, 'burgers');
  const business = issues.bool(`${name}.business`, o['business'] ?? false, 'bedrijven');
  return citizen === undefined || business === undefined ? undefined : { citizen, business };
}

/** An organisation code as given (upper case), null for none, undefined when it is no code (AP27: exactly one). */
export function organisationCode(v: unknown): string | null | undefined {
  if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v !== 'string' || !ORGANISATION_CODE.test(v.trim().toUpperCase())) return undefined;
  return v.trim().toUpperCase();
}

/** Reads one editable field; undefined when it is bad (the issue is recorded). */
function readField(issues: Issues, field: EditableField, v: unknown): EditableValues[EditableField] | undefined {
  switch (field) {
    case 'result':
      return issues.text(field, v, inputLimits.text, 'het resultaat', true);
    case 'responsibleOrganisationCode': {
      const code = organisationCode(v);
      if (code === undefined)
        issues.add(field, 'catalog.invalid_organisation_code', 'Vul één organisatiecode in, zoals GM0363 of MIN-BZK.');
      return code;
    }
    case 'legalBases':
      return issues.array(field, v, inputLimits.legalBases, 'grondslagen', (n, raw) => legalBasis(issues, n, raw));
    case 'costs':
      // null: not filled in yet; []: free of charge.
      return v === null ? null : issues.array(field, v, inputLimits.costs, 'bedragen', (n, raw) => cost(issues, n, raw));
    case 'conditions':
      return issues.text(field, v, inputLimits.longText, 'de voorwaarden', true);
    case 'requirements':
      return issues.text(field, v, inputLimits.longText, 'wat de klant nodig heeft', true);
    case 'channels':
      return issues.array(field, v, inputLimits.channels, 'kanalen', (n, raw) => channel(issues, n, raw));
    case 'levelOfAssurance':
      return v === null ? null : issues.choice<LevelOfAssurance>(field, v, levelsOfAssurance, 'het betrouwbaarheidsniveau');
    case 'statutoryDecisionTermWeeks':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > inputLimits.maxDecisionTermWeeks) {
        issues.add(
          field,
          'catalog.decision_term_invalid',
          `Vul de wettelijke beslistermijn in als een heel aantal weken van 1 tot en met ${inputLimits.maxDecisionTermWeeks}, of laat hem leeg (dan geldt de Awb).`,
        );
        return undefined;
      }
      return v;
    case 'silenceConsentApplies':
      return issues.bool(field, v, 'beschikking van rechtswege');
    case 'dwangsomApplies':
      return issues.bool(field, v, 'dwangsom bij niet tijdig beslissen');
    case 'mandatable':
      return issues.nullableBool(field, v, 'machtigen');
    case 'objectionAndAppeal':
      return issues.text(field, v, inputLimits.longText, 'hoe de klant bezwaar en beroep instelt', true);
    case 'contact':
      return issues.text(field, v, inputLimits.text, 'de contactgegevens', true);
    case 'serviceLevels':
      return issues.array(field, v, inputLimits.serviceLevels, 'servicenormen', (n, raw) => serviceLevel(issues, n, raw));
    case 'audience':
      return audience(issues, field, v);
    case 'localText':
      return issues.text(field, v, inputLimits.localText, 'de eigen tekst', true);
  }
}

/** Checks a change: any subset of the editable fields, nothing else. */
export function parseChanges(raw: unknown): Parsed<DescriptionChanges> {
  const issues = new Issues();
  if (!isRecord(raw)) {
    issues.add('', 'catalog.invalid_value', 'Stuur de wijzigingen als JSON-object.');
    return { ok: false, issues: issues.found };
  }
  const changes: DescriptionChanges & Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(editableFields as readonly string[]).includes(key)) {
      issues.add(key, 'catalog.unknown_field', 'Dit veld bestaat niet of kan niet worden gewijzigd.');
      continue;
    }
    if (value === undefined) continue;
    const read = readField(issues, key as EditableField, value);
    if (read !== undefined) changes[key] = read;
  }
  return issues.found.length > 0 ? { ok: false, issues: issues.found } : { ok: true, value: changes };
}

/** The version the change was made on (optimistic concurrency). */
export function parseVersion(raw: unknown, name = 'version'): Parsed<number> {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= inputLimits.maxVersion) return { ok: true, value: raw };
  return {
    ok: false,
    issues: [
      {
        name,
        code: raw === undefined || raw === null ? 'catalog.required' : 'catalog.invalid_version',
        reason: 'Geef de versie van de beschrijving waarop u de wijziging maakte (een heel getal vanaf 1).',
      },
    ],
  };
}

/** Change and version together: one answer with every bad field. */
export function parseUpdate(changes: unknown, version: unknown): Parsed<{ changes: DescriptionChanges; version: number }> {
  const c = parseChanges(changes);
  const v = parseVersion(version);
  if (c.ok && v.ok) return { ok: true, value: { changes: c.value, version: v.value } };
  return { ok: false, issues: [...(c.ok ? [] : c.issues), ...(v.ok ? [] : v.issues)] };
}

/** The current values of the editable fields. */
export function editableValues(description: ServiceDescription, localText: string | null): EditableValues {
  const out = {} as Record<EditableField, unknown>;
  for (const f of editableFields) out[f] = f === 'localText' ? localText : description[f];
  return out as EditableValues;
}

/** The description (and local text) after a change. */
export function applyChanges(
  description: ServiceDescription,
  localText: string | null,
  changes: DescriptionChanges,
): { description: ServiceDescription; localText: string | null } {
  const { localText: newLocalText, ...elements } = changes;
  return { description: { ...description, ...elements }, localText: newLocalText === undefined ? localText : newLocalText };
}

/** The fields whose value the change really alters, in the order of `editableFields`. */
export function changedFields(before: EditableValues, changes: DescriptionChanges): EditableField[] {
  return editableFields.filter((f) => f in changes && changes[f] !== undefined && !sameValue(before[f], changes[f]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Object keys sorted, so key order does not count as a change. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (isRecord(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, normalise(v[k])]),
    );
  return v;
}

/**
 * Rules across fields, on the description as it would be after the change. Awb 4:20a lid 2:
 * where the positive fictitious decision (beschikking van rechtswege) applies, the dwangsom does not.
 */
export function checkCombination(after: ServiceDescription, changes: DescriptionChanges): InvalidParam[] {
  if (!(after.silenceConsentApplies && after.dwangsomApplies)) return [];
  const name = 'dwangsomApplies' in changes ? 'dwangsomApplies' : 'silenceConsentApplies';
  return [
    {
      name,
      code: 'catalog.silence_consent_excludes_dwangsom',
      reason:
        'Als een beschikking van rechtswege geldt, geldt de dwangsom bij niet tijdig beslissen niet (Awb 4:20a lid 2). Zet een van beide op nee.',
    },
  ];
}
