// The description form of /beheer/diensten/{id}: from a description to what the form shows, and
// from what the form posts back to a change for the service. Pure.
//
// Every value travels as text; amounts in euros with a comma ("12,50") become cents here. Rows
// (legal bases, costs, channels, service levels) are numbered from 0 in the field names
// (`kosten-0-bedrag`); a row left empty is dropped, so after reading the rows are numbered again
// from 0 and an issue on `costs.1.amountCents` belongs to the field `kosten-1-bedrag`.
import type { ServiceDescription } from '../model.ts';
import { inputLimits, type EditableField } from './input.ts';

export interface LegalBasisRow {
  label: string;
  link: string;
  /** Hidden: the OWMS URI of a basis from the UPL, kept as long as the row is. */
  uri: string;
}
export interface CostRow {
  label: string;
  amount: string;
  from: string;
  until: string;
}
export interface ChannelRow {
  kind: string;
  address: string;
  label: string;
}
export interface ServiceLevelRow {
  norm: string;
  indicator: string;
  target: string;
}

/** `kosten`: not known yet (null), free of charge ([]), or the amounts in the rows. */
export const costsModes = ['nog-niet', 'gratis', 'bedragen'] as const;

export interface DescriptionForm {
  version: string;
  result: string;
  responsible: string;
  legalBases: LegalBasisRow[];
  costsMode: string;
  costs: CostRow[];
  conditions: string;
  requirements: string;
  channels: ChannelRow[];
  loa: string;
  termWeeks: string;
  /** 'ja' or 'nee'. */
  silence: string;
  dwangsom: string;
  /** 'ja', 'nee' or 'onbekend'. */
  mandatable: string;
  objection: string;
  contact: string;
  serviceLevels: ServiceLevelRow[];
  citizen: boolean;
  business: boolean;
  localText: string;
}

/** A problem found while reading the form itself (before the service sees the change). */
export interface FormIssue {
  field: string;
  code: string;
}

/** The form field of each editable field (rows: the first row's first field). */
export const fieldIds: Record<EditableField, string> = {
  result: 'resultaat',
  responsibleOrganisationCode: 'verantwoordelijke-organisatie',
  legalBases: 'grondslag-0-omschrijving',
  costs: 'kosten',
  conditions: 'voorwaarden',
  requirements: 'benodigdheden',
  channels: 'kanaal-0-soort',
  levelOfAssurance: 'betrouwbaarheidsniveau',
  statutoryDecisionTermWeeks: 'beslistermijn',
  silenceConsentApplies: 'van-rechtswege',
  dwangsomApplies: 'dwangsom',
  mandatable: 'machtigen',
  objectionAndAppeal: 'bezwaar-en-beroep',
  contact: 'contact',
  serviceLevels: 'norm-0-tekst',
  audience: 'doelgroep',
  localText: 'eigen-tekst',
};

const rowFields = {
  legalBases: { prefix: 'grondslag', fields: { label: 'omschrijving', link: 'link', uri: 'omschrijving' } },
  costs: { prefix: 'kosten', fields: { label: 'omschrijving', amountCents: 'bedrag', validFrom: 'vanaf', validUntil: 'tot' } },
  channels: { prefix: 'kanaal', fields: { kind: 'soort', address: 'adres', label: 'naam' } },
  serviceLevels: { prefix: 'norm', fields: { norm: 'tekst', indicator: 'indicator', target: 'doel' } },
} as const satisfies Partial<Record<EditableField, { prefix: string; fields: Record<string, string> }>>;

/** The form field an issue of the service (`costs.1.amountCents`, `result`) belongs to. */
export function fieldOfIssue(name: string): string {
  const [head = '', index, sub] = name.split('.');
  if (head === 'version' || head === '') return 'versie';
  const rows = (rowFields as Record<string, { prefix: string; fields: Record<string, string> }>)[head];
  if (rows && index !== undefined && /^\d+$/.test(index))
    return `${rows.prefix}-${index}-${(sub && rows.fields[sub]) ?? Object.values(rows.fields)[0] ?? ''}`;
  if (head === 'audience') return 'doelgroep';
  return (fieldIds as Record<string, string>)[head] ?? 'versie';
}

/** `kosten-1-bedrag` → the phrase key `kosten-bedrag` and row number 2; `resultaat` → itself, no row. */
export function phraseOf(field: string): { key: string; row: number | null } {
  const m = /^([a-z]+)-(\d+)-([a-z]+)$/.exec(field);
  return m ? { key: `${m[1] ?? ''}-${m[3] ?? ''}`, row: Number(m[2]) + 1 } : { key: field, row: null };
}

// ---------------------------------------------------------------------------------------------
// Money and numbers as people type them

/** "12,50", "€ 1.250", "0" → cents; undefined when it is no amount in euros (a point is only a thousands separator). */
export function parseEuros(text: string): number | undefined {
  const t = text.replace(/[\s€]/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d{1,12})(?:,(\d{1,2}))?$/.exec(t);
  if (!m?.[1]) return undefined;
  const cents = Number(m[1].replaceAll('.', '')) * 100 + (m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0')));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** 1250 → "12,50". */
export function formatEuros(cents: number): string {
  const euros = Math.floor(cents / 100);
  return `${euros},${String(cents % 100).padStart(2, '0')}`;
}

/** "28", "95,5" → a number; undefined when it is none. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,10}(?:[,.]\d{1,6})?$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
}

const formatNumber = (n: number): string => String(n).replace('.', ',');

// ---------------------------------------------------------------------------------------------
// Description → form

const yesNo = (b: boolean): string => (b ? 'ja' : 'nee');

export function formFromDescription(d: ServiceDescription, localText: string | null): DescriptionForm {
  return {
    version: String(d.version),
    result: d.result ?? '',
    responsible: d.responsibleOrganisationCode ?? '',
    legalBases: d.legalBases.map((b) => ({ label: b.label, link: b.link ?? '', uri: b.uri ?? '' })),
    costsMode: d.costs === null ? 'nog-niet' : d.costs.length === 0 ? 'gratis' : 'bedragen',
    costs: (d.costs ?? []).map((c) => ({
      label: c.label,
      amount: formatEuros(c.amountCents),
      from: c.validFrom,
      until: c.validUntil ?? '',
    })),
    conditions: d.conditions ?? '',
    requirements: d.requirements ?? '',
    channels: d.channels.map((c) => ({ kind: c.kind, address: c.address, label: c.label ?? '' })),
    loa: d.levelOfAssurance ?? '',
    termWeeks: d.statutoryDecisionTermWeeks === null ? '' : String(d.statutoryDecisionTermWeeks),
    silence: yesNo(d.silenceConsentApplies),
    dwangsom: yesNo(d.dwangsomApplies),
    mandatable: d.mandatable === null ? 'onbekend' : yesNo(d.mandatable),
    objection: d.objectionAndAppeal ?? '',
    contact: d.contact ?? '',
    serviceLevels: d.serviceLevels.map((s) => ({
      norm: s.norm,
      indicator: s.indicator ?? '',
      target: s.target === null ? '' : formatNumber(s.target),
    })),
    citizen: d.audience.citizen,
    business: d.audience.business,
    localText: localText ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// Posted form → form

/** One value of a posted form (a repeated name gives its first value). */
export const formValue = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Rows `prefix-N-field` for N from 0; rows with nothing filled in (hidden fields aside) are dropped. */
function readRows<K extends string>(
  body: Record<string, unknown>,
  prefix: string,
  fields: Record<K, string>,
  visible: readonly NoInfer<K>[],
  max: number,
): Record<K, string>[] {
  const rows: Record<K, string>[] = [];
  // The form shows the rows there are plus two empty ones; more than that is not read.
  for (let i = 0; i < max + 2; i++) {
    const row = {} as Record<K, string>;
    for (const [key, name] of Object.entries(fields) as [K, string][]) row[key] = formValue(body[`${prefix}-${i}-${name}`]);
    if (visible.some((k) => row[k].trim() !== '')) rows.push(row);
  }
  return rows;
}

export function readForm(body: Record<string, unknown>): DescriptionForm {
  const v = (name: string): string => formValue(body[name]);
  return {
    version: v('versie'),
    result: v('resultaat'),
    responsible: v('verantwoordelijke-organisatie'),
    legalBases: readRows(body, 'grondslag', { label: 'omschrijving', link: 'link', uri: 'uri' }, ['label', 'link'], inputLimits.legalBases),
    costsMode: v('kosten'),
    costs: readRows(
      body,
      'kosten',
      { label: 'omschrijving', amount: 'bedrag', from: 'vanaf', until: 'tot' },
      ['label', 'amount', 'from', 'until'],
      inputLimits.costs,
    ),
    conditions: v('voorwaarden'),
    requirements: v('benodigdheden'),
    channels: readRows(
      body,
      'kanaal',
      { kind: 'soort', address: 'adres', label: 'naam' },
      ['kind', 'address', 'label'],
      inputLimits.channels,
    ),
    loa: v('betrouwbaarheidsniveau'),
    termWeeks: v('beslistermijn'),
    silence: v('van-rechtswege'),
    dwangsom: v('dwangsom'),
    mandatable: v('machtigen'),
    objection: v('bezwaar-en-beroep'),
    contact: v('contact'),
    serviceLevels: readRows(
      body,
      'norm',
      { norm: 'tekst', indicator: 'indicator', target: 'doel' },
      ['norm', 'indicator', 'target'],
      inputLimits.serviceLevels,
    ),
    citizen: v('doelgroep-burgers') !== '',
    business: v('doelgroep-bedrijven') !== '',
    localText: v('eigen-tekst'),
  };
}

// ---------------------------------------------------------------------------------------------
// Form → change

const orNull = (s: string): string | null => (s.trim() === '' ? null : s);

/**
 * The change the form asks for (every field: the service works out what really changed), the
 * version it was made on, and what could not be read. A field with an issue here is sent as the
 * user typed it, so the service's own checks still cover the other fields.
 */
export function formToChanges(form: DescriptionForm): { changes: Record<string, unknown>; version: unknown; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const bool = (value: string, field: string): boolean | string => {
    if (value === 'ja') return true;
    if (value === 'nee') return false;
    issues.push({ field, code: 'catalog.invalid_choice' });
    return value;
  };

  let costs: unknown;
  if (form.costsMode === 'bedragen') {
    if (form.costs.length === 0) issues.push({ field: 'kosten', code: 'catalog.costs_rows_needed' });
    costs = form.costs.map((c, i) => {
      let amountCents: unknown = c.amount;
      if (c.amount.trim() === '') issues.push({ field: `kosten-${i}-bedrag`, code: 'catalog.required' });
      else {
        const cents = parseEuros(c.amount);
        if (cents === undefined) issues.push({ field: `kosten-${i}-bedrag`, code: 'catalog.invalid_amount' });
        else amountCents = cents;
      }
      if (c.from.trim() === '') issues.push({ field: `kosten-${i}-vanaf`, code: 'catalog.required' });
      return { label: c.label, amountCents, validFrom: c.from.trim(), validUntil: orNull(c.until.trim()) };
    });
  } else if (form.costsMode === 'gratis' || form.costsMode === 'nog-niet') {
    if (form.costs.length > 0) issues.push({ field: 'kosten', code: 'catalog.costs_rows_not_wanted' });
    costs = form.costsMode === 'gratis' ? [] : null;
  } else {
    issues.push({ field: 'kosten', code: 'catalog.invalid_choice' });
    costs = null;
  }

  let term: unknown = null;
  if (form.termWeeks.trim() !== '') {
    term = /^\d{1,4}$/.test(form.termWeeks.trim()) ? Number(form.termWeeks.trim()) : form.termWeeks;
    if (typeof term !== 'number') issues.push({ field: 'beslistermijn', code: 'catalog.decision_term_invalid' });
  }

  const mandatable = form.mandatable === 'onbekend' ? null : bool(form.mandatable, 'machtigen');

  const serviceLevels = form.serviceLevels.map((s, i) => {
    let target: unknown = null;
    if (s.target.trim() !== '') {
      target = parseNumber(s.target) ?? s.target;
      if (typeof target !== 'number') issues.push({ field: `norm-${i}-doel`, code: 'catalog.invalid_number' });
    }
    return { norm: s.norm, indicator: orNull(s.indicator), target };
  });

  const changes: Record<string, unknown> = {
    result: form.result,
    responsibleOrganisationCode: orNull(form.responsible),
    legalBases: form.legalBases.map((b) => ({ label: b.label, link: orNull(b.link.trim()), uri: orNull(b.uri.trim()) })),
    costs,
    conditions: form.conditions,
    requirements: form.requirements,
    channels: form.channels.map((c) => ({ kind: c.kind, address: c.address, label: orNull(c.label) })),
    levelOfAssurance: orNull(form.loa),
    statutoryDecisionTermWeeks: term,
    silenceConsentApplies: bool(form.silence, 'van-rechtswege'),
    dwangsomApplies: bool(form.dwangsom, 'dwangsom'),
    mandatable,
    objectionAndAppeal: form.objection,
    contact: form.contact,
    serviceLevels,
    audience: { citizen: form.citizen, business: form.business },
    localText: form.localText,
  };
  const version = /^\d{1,10}$/.test(form.version.trim()) ? Number(form.version.trim()) : form.version;
  return { changes, version, issues };
}
