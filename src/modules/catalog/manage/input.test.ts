// Checking a change to a description, and the form's conversions (pure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeness, type ServiceDescription } from '../model.ts';
import { fieldOfIssue, formFromDescription, formToChanges, formatEuros, parseEuros, parseNumber, readForm } from './form.ts';
import {
  applyChanges,
  changedFields,
  checkCombination,
  editableFields,
  editableValues,
  parseChanges,
  parseUpdate,
  parseVersion,
} from './input.ts';

const complete: ServiceDescription = {
  organisationCode: 'GM0363',
  serviceId: '01900000-0000-7000-8000-000000000001',
  version: 3,
  result: 'U krijgt een besluit.',
  responsibleOrganisationCode: 'GM0363',
  legalBases: [{ uri: 'http://standaarden.overheid.nl/owms/terms/x', label: 'Artikel 1 Wet', link: 'https://wetten.overheid.nl/x' }],
  costs: [
    { label: 'Volwassenen', amountCents: 7_835, validFrom: '2026-01-01', validUntil: '2026-12-31' },
    { label: 'Kinderen', amountCents: 0, validFrom: '2026-01-01', validUntil: null },
  ],
  conditions: 'U woont in de gemeente.\nEn u bent 18.',
  requirements: 'Een pasfoto.',
  channels: [
    { kind: 'online', address: 'https://example.org/aanvragen', label: 'Online' },
    { kind: 'counter', address: 'Amstel 1, Amsterdam', label: null },
  ],
  levelOfAssurance: 'substantial',
  statutoryDecisionTermWeeks: 8,
  silenceConsentApplies: false,
  dwangsomApplies: true,
  mandatable: false,
  objectionAndAppeal: 'Maak bezwaar binnen 6 weken.',
  contact: 'Bel 14 020.',
  serviceLevels: [{ norm: 'Binnen 4 weken', indicator: 'lead_time_days', target: 28.5 }],
  audience: { citizen: true, business: false },
  kinds: { application: true, subsidy: false, notification: false, obligation: false },
};

const names = (r: ReturnType<typeof parseChanges>): string[] => (r.ok ? [] : r.issues.map((i) => `${i.name}:${i.code}`).sort());

describe('parseChanges', () => {
  it('accepts every editable field with good values, and trims text', () => {
    const r = parseChanges({ ...editableValues(complete, 'Eigen tekst'), result: '  U krijgt een besluit.  ' });
    expect(r).toEqual({ ok: true, value: editableValues(complete, 'Eigen tekst') });
  });

  it('accepts any subset, also an empty one; empty text means "not filled in"', () => {
    expect(parseChanges({})).toEqual({ ok: true, value: {} });
    expect(parseChanges({ contact: '   ', costs: null, mandatable: null })).toEqual({
      ok: true,
      value: { contact: null, costs: null, mandatable: null },
    });
    expect(parseChanges({ responsibleOrganisationCode: 'min-bzk' })).toEqual({
      ok: true,
      value: { responsibleOrganisationCode: 'MIN-BZK' },
    });
  });

  it('lists every bad field at once, each with its own code', () => {
    const r = parseChanges({
      result: 42,
      responsibleOrganisationCode: ['GM0363', 'GM0599'],
      legalBases: [{ label: '' }, { label: 'Art. 1', link: 'wetten.nl' }],
      costs: [
        { label: 'A', amountCents: -1, validFrom: '2026-02-30' },
        { label: 'B', amountCents: 12.5, validFrom: '2026-01-01', validUntil: '2025-12-31' },
      ],
      channels: [
        { kind: 'pigeon', address: 'x' },
        { kind: 'online', address: 'not a url' },
        { kind: 'email', address: 'nobody' },
      ],
      levelOfAssurance: 'medium',
      statutoryDecisionTermWeeks: 0,
      silenceConsentApplies: 'ja',
      mandatable: 'maybe',
      serviceLevels: [{ norm: 'x', target: -3 }],
      audience: { citizen: 'yes', everyone: true },
      localText: 'a\u0000b',
      kinds: { application: true },
      nonsense: 1,
    });
    expect(names(r)).toEqual(
      [
        'result:catalog.invalid_value',
        'responsibleOrganisationCode:catalog.invalid_organisation_code',
        'legalBases.0.label:catalog.required',
        'legalBases.1.link:catalog.invalid_url',
        'costs.0.amountCents:catalog.invalid_amount',
        'costs.0.validFrom:catalog.invalid_date',
        'costs.1.amountCents:catalog.invalid_amount',
        'costs.1.validUntil:catalog.end_before_start',
        'channels.0.kind:catalog.invalid_choice',
        'channels.1.address:catalog.invalid_url',
        'channels.2.address:catalog.invalid_email',
        'levelOfAssurance:catalog.invalid_choice',
        'statutoryDecisionTermWeeks:catalog.decision_term_invalid',
        'silenceConsentApplies:catalog.invalid_value',
        'mandatable:catalog.invalid_value',
        'serviceLevels.0.target:catalog.invalid_number',
        'audience.citizen:catalog.invalid_value',
        'audience.everyone:catalog.unknown_field',
        'localText:catalog.invalid_value',
        'kinds:catalog.unknown_field',
        'nonsense:catalog.unknown_field',
      ].sort(),
    );
  });

  it('an online channel is a web address or a path on this Loket, never another host or a script', () => {
    const online = (address: string): string[] => names(parseChanges({ channels: [{ kind: 'online', address, label: null }] }));
    expect(online('https://www.utrecht.nl/paspoort')).toEqual([]);
    expect(online('/diensten/GM0344/01900000-0000-7000-8000-000000000001')).toEqual([]);
    for (const bad of ['//evil.example/x', 'javascript:alert(1)', 'www.utrecht.nl', '/met spatie']) {
      expect(online(bad), bad).toEqual(['channels.0.address:catalog.invalid_url']);
    }
  });

  it('refuses too long texts, too many rows and a body that is no object', () => {
    expect(names(parseChanges({ result: 'x'.repeat(2001) }))).toEqual(['result:catalog.too_long']);
    expect(names(parseChanges({ channels: Array.from({ length: 21 }, () => ({ kind: 'phone', address: '14 020' })) }))).toEqual([
      'channels:catalog.too_many',
    ]);
    expect(names(parseChanges([]))).toEqual([':catalog.invalid_value']);
    expect(names(parseChanges(null))).toEqual([':catalog.invalid_value']);
  });

  it('keeps line breaks in long texts, but no control characters in one-line fields', () => {
    expect(parseChanges({ conditions: 'a\r\nb' })).toEqual({ ok: true, value: { conditions: 'a\nb' } });
    expect(names(parseChanges({ legalBases: [{ label: 'a\nb' }] }))).toEqual(['legalBases.0.label:catalog.invalid_value']);
  });

  it('never throws, whatever it gets, and a refusal always names a field (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...editableFields), fc.jsonValue())), (v) => {
        const r = parseChanges(v);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        else for (const key of Object.keys(r.value)) expect(editableFields).toContain(key);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseVersion and parseUpdate', () => {
  it('needs a whole version from 1, and reports it with the other fields', () => {
    expect(parseVersion(3)).toEqual({ ok: true, value: 3 });
    for (const bad of [0, -1, 1.5, '3', null, undefined]) expect(parseVersion(bad).ok, String(bad)).toBe(false);
    expect(parseVersion(undefined)).toMatchObject({ ok: false, issues: [{ name: 'version', code: 'catalog.required' }] });
    const r = parseUpdate({ result: 1 }, 'x');
    expect(r.ok ? [] : r.issues.map((i) => i.name)).toEqual(['result', 'version']);
  });
});

describe('changes against the current description', () => {
  it('names only the fields whose value really changes, key order aside', () => {
    const before = editableValues(complete, null);
    expect(changedFields(before, { result: complete.result, contact: 'Anders' })).toEqual(['contact']);
    expect(changedFields(before, { audience: { business: false, citizen: true } })).toEqual([]);
    expect(changedFields(before, { localText: 'Nieuw', costs: null })).toEqual(['costs', 'localText']);
    const after = applyChanges(complete, null, { localText: 'Nieuw', costs: null });
    expect(after.localText).toBe('Nieuw');
    expect(after.description.costs).toBeNull();
    expect(after.description.version).toBe(3);
  });

  it('refuses a decision by operation of law together with the dwangsom (Awb 4:20a lid 2), on the field that was changed', () => {
    const both = applyChanges(complete, null, { silenceConsentApplies: true }).description;
    expect(checkCombination(both, { silenceConsentApplies: true })).toEqual([
      expect.objectContaining({ name: 'silenceConsentApplies', code: 'catalog.silence_consent_excludes_dwangsom' }),
    ]);
    expect(checkCombination({ ...both, dwangsomApplies: false }, { dwangsomApplies: false })).toEqual([]);
  });
});

describe('the form', () => {
  it('reads amounts in euros as people type them', () => {
    expect(parseEuros('12,50')).toBe(1250);
    expect(parseEuros('€ 12,5')).toBe(1250);
    expect(parseEuros('0')).toBe(0);
    expect(parseEuros('1.250')).toBe(125_000);
    expect(parseEuros('1.250,99')).toBe(125_099);
    for (const bad of ['12.50', '12,505', '-1', 'twaalf', '', '1,2,3', '12.5']) expect(parseEuros(bad), bad).toBeUndefined();
    expect(formatEuros(1250)).toBe('12,50');
    expect(formatEuros(5)).toBe('0,05');
    expect(parseNumber('95,5')).toBe(95.5);
    expect(parseNumber('x')).toBeUndefined();
  });

  it('shows cents as euros and reads them back to the same cents (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        expect(parseEuros(formatEuros(cents))).toBe(cents);
      }),
    );
  });

  it('gives back the same description after a round trip through the form, as posted', () => {
    const form = formFromDescription(complete, 'Eigen tekst');
    // As the browser posts it: every field as text, the two spare rows empty.
    const body: Record<string, string> = {
      versie: form.version,
      resultaat: form.result,
      'verantwoordelijke-organisatie': form.responsible,
      kosten: form.costsMode,
      voorwaarden: form.conditions,
      benodigdheden: form.requirements,
      betrouwbaarheidsniveau: form.loa,
      beslistermijn: form.termWeeks,
      'van-rechtswege': form.silence,
      dwangsom: form.dwangsom,
      machtigen: form.mandatable,
      'bezwaar-en-beroep': form.objection,
      contact: form.contact,
      'doelgroep-burgers': 'ja',
      'eigen-tekst': form.localText,
    };
    form.legalBases.forEach((b, i) =>
      Object.assign(body, { [`grondslag-${i}-omschrijving`]: b.label, [`grondslag-${i}-link`]: b.link, [`grondslag-${i}-uri`]: b.uri }),
    );
    form.costs.forEach((c, i) =>
      Object.assign(body, {
        [`kosten-${i}-omschrijving`]: c.label,
        [`kosten-${i}-bedrag`]: c.amount,
        [`kosten-${i}-vanaf`]: c.from,
        [`kosten-${i}-tot`]: c.until,
      }),
    );
    form.channels.forEach((c, i) =>
      Object.assign(body, { [`kanaal-${i}-soort`]: c.kind, [`kanaal-${i}-adres`]: c.address, [`kanaal-${i}-naam`]: c.label }),
    );
    form.serviceLevels.forEach((s, i) =>
      Object.assign(body, { [`norm-${i}-tekst`]: s.norm, [`norm-${i}-indicator`]: s.indicator, [`norm-${i}-doel`]: s.target }),
    );
    Object.assign(body, { 'kosten-2-bedrag': '', 'kanaal-3-soort': '' });
    const { changes, version, issues } = formToChanges(readForm(body));
    expect(issues).toEqual([]);
    expect(version).toBe(3);
    const parsed = parseChanges(changes);
    expect(parsed).toEqual({ ok: true, value: editableValues(complete, 'Eigen tekst') });
  });

  it('reports what it cannot read on the field itself, and drops empty rows', () => {
    const { changes, issues } = formToChanges(
      readForm({
        versie: '3',
        kosten: 'bedragen',
        'kosten-0-omschrijving': 'A',
        'kosten-0-bedrag': '12,505',
        'kosten-1-omschrijving': '',
        'kosten-2-omschrijving': 'B',
        'kosten-2-bedrag': '',
        beslistermijn: 'acht',
        'van-rechtswege': 'ja',
        dwangsom: '',
        machtigen: 'onbekend',
        'norm-0-tekst': 'x',
        'norm-0-doel': 'veel',
      }),
    );
    expect(issues).toEqual([
      { field: 'kosten-0-bedrag', code: 'catalog.invalid_amount' },
      { field: 'kosten-0-vanaf', code: 'catalog.required' },
      { field: 'kosten-1-bedrag', code: 'catalog.required' },
      { field: 'kosten-1-vanaf', code: 'catalog.required' },
      { field: 'beslistermijn', code: 'catalog.decision_term_invalid' },
      { field: 'norm-0-doel', code: 'catalog.invalid_number' },
      { field: 'dwangsom', code: 'catalog.invalid_choice' },
    ]);
    expect((changes['costs'] as unknown[]).length).toBe(2);
    expect(changes['mandatable']).toBeNull();
  });

  it('asks for amounts when "there are costs", and for none otherwise', () => {
    const base = { versie: '1', 'van-rechtswege': 'nee', dwangsom: 'nee', machtigen: 'ja' };
    expect(formToChanges(readForm({ ...base, kosten: 'bedragen' })).issues).toEqual([
      { field: 'kosten', code: 'catalog.costs_rows_needed' },
    ]);
    expect(formToChanges(readForm({ ...base, kosten: 'gratis', 'kosten-0-bedrag': '5' })).issues).toEqual([
      { field: 'kosten', code: 'catalog.costs_rows_not_wanted' },
    ]);
    expect(formToChanges(readForm({ ...base, kosten: 'gratis' })).changes['costs']).toEqual([]);
    expect(formToChanges(readForm({ ...base, kosten: 'nog-niet' })).changes['costs']).toBeNull();
    expect(formToChanges(readForm({ ...base, kosten: 'iets' })).issues).toEqual([{ field: 'kosten', code: 'catalog.invalid_choice' }]);
  });

  it('finds the form field of each issue the service reports', () => {
    expect(fieldOfIssue('costs.1.amountCents')).toBe('kosten-1-bedrag');
    expect(fieldOfIssue('costs')).toBe('kosten');
    expect(fieldOfIssue('legalBases.0.uri')).toBe('grondslag-0-omschrijving');
    expect(fieldOfIssue('channels.2.address')).toBe('kanaal-2-adres');
    expect(fieldOfIssue('serviceLevels.0.target')).toBe('norm-0-doel');
    expect(fieldOfIssue('audience.citizen')).toBe('doelgroep');
    expect(fieldOfIssue('responsibleOrganisationCode')).toBe('verantwoordelijke-organisatie');
    expect(fieldOfIssue('version')).toBe('versie');
  });

  it('shows a complete description as complete', () => {
    expect(completeness(complete).complete).toBe(true);
  });
});
