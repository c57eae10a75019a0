import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPublishable,
  completeness,
  costsOn,
  draftDescription,
  effectiveDecisionTerm,
  elementCodes,
  offeredByTypes,
  parseUplCsv,
  responsibleNationalOrganisation,
  uplPlaceholderUri,
  type ElementCode,
  type ServiceDescription,
  type UplProduct,
} from './model.ts';
import { defaultDecisionTerm, rijkResponsibleMapping, shippedUplFile } from './reference.ts';

const text = fs.readFileSync(shippedUplFile, 'utf8');
const parsed = parseUplCsv(text);
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const products = parsed.products;
const byName = (name: string): UplProduct => {
  const p = products.find((x) => x.name === name);
  if (!p) throw new Error(`no product ${name}`);
  return p;
};

describe('parseUplCsv', () => {
  it('merges the rows of one product: as many products as distinct URIs', () => {
    const lines = text.trim().split(/\r?\n/).length - 1;
    expect(parsed.rows).toBe(lines);
    expect(parsed.rows).toBe(1252);
    expect(products.length).toBe(1141);
    expect(new Set(products.map((p) => p.uri)).size).toBe(products.length);
    expect(products.reduce((n, p) => n + Math.max(1, p.legalBases.length), 0)).toBe(1252);
  });

  it('reads the flags of known products', () => {
    const paspoort = byName('paspoort');
    expect(paspoort).toMatchObject({
      uri: 'http://standaarden.overheid.nl/owms/terms/paspoort',
      offeredBy: { national: true, province: false, waterBoard: false, municipality: true },
      audience: { citizen: true },
    });
    expect(paspoort.legalBases.map((b) => b.label)).toEqual(['Artikel 26 Paspoortwet']);
    expect(offeredByTypes(paspoort)).toEqual(['municipality']);
    const rijbewijs = byName('rijbewijs');
    expect(rijbewijs.offeredBy).toEqual({ national: true, province: false, waterBoard: false, municipality: true });
    expect(rijbewijs.legalBases[0]?.link).toMatch(/BWBR0006622/);
    const vertrek = byName('aangifte vertrek buitenland');
    expect(vertrek).toMatchObject({ sdgCodes: ['D1'], coGoverned: true, kinds: { obligation: true, application: false } });
  });

  it('keeps every legal basis of a product, in row order', () => {
    const echtheid = byName('rijbewijs echtheidsverklaring');
    expect(echtheid.legalBases.map((b) => b.label)).toEqual(['Artikel 127 Wegenverkeerswet 1994', 'Artikel 128 Wegenverkeerswet 1994']);
    expect(products.filter((p) => p.legalBases.length > 1).length).toBeGreaterThan(50);
  });

  it('splits SDG codes', () => {
    expect(products.some((p) => p.sdgCodes.length === 3)).toBe(true);
    for (const p of products) for (const c of p.sdgCodes) expect(c).toMatch(/^[A-Z]\d{1,2}$/);
  });

  it('refuses files that are not the UPL, line by line', () => {
    const header = text.split(/\r?\n/)[0] ?? '';
    expect(parseUplCsv('')).toEqual({ ok: false, errors: ['Het bestand is leeg.'] });
    expect(parseUplCsv('naam,URI\nx,y\n')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^Kolommen ontbreken: UniformeProductnaam, Rijk/)],
    });
    expect(parseUplCsv(`${header}\n"unterminated`)).toMatchObject({ ok: false, errors: [expect.stringMatching(/geen geldige CSV/)] });
    // A row of the 20 columns, with some cells set by column number.
    const row = (cells: Record<number, string>): string => Array.from({ length: 20 }, (_, i) => cells[i] ?? '').join(',');
    const bad = [
      header,
      row({ 0: 'foo', 1: 'not-a-uri', 2: 'X' }),
      row({ 0: 'bar', 1: 'http://x/bar', 2: 'Y' }),
      row({ 0: 'baz', 1: 'http://x/baz', 9: 'b4' }),
    ].join('\n');
    const r = parseUplCsv(bad);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok)
      expect(r.errors).toEqual([
        expect.stringMatching(/^Regel 2: de URI/),
        expect.stringMatching(/^Regel 3: Rijk moet X/),
        expect.stringMatching(/^Regel 4: SDG-code "b4"/),
      ]);
    const inconsistent = [
      header,
      row({ 0: 'foo', 1: 'http://x/foo', 2: 'X', 18: 'A' }),
      row({ 0: 'foo', 1: 'http://x/foo', 3: 'X', 18: 'B' }),
    ].join('\n');
    expect(parseUplCsv(inconsistent)).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/Regel 3: http:\/\/x\/foo verschilt van regel 2/)],
    });
  });
});

describe('responsible national organisation (AP27)', () => {
  const mapping = rijkResponsibleMapping();
  const known = new Set(mapping.values());
  it('follows the first mapped law, else the fallback', () => {
    expect(responsibleNationalOrganisation(byName('rijbewijs'), mapping, known, 'MIN-BZK')).toEqual({ code: 'RDW', by: 'law' });
    const noBasis = products.find((p) => p.offeredBy.national && p.legalBases.length === 0 && p.uri !== uplPlaceholderUri);
    expect(noBasis).toBeDefined();
    if (noBasis) expect(responsibleNationalOrganisation(noBasis, mapping, known, 'MIN-BZK')).toEqual({ code: 'MIN-BZK', by: 'fallback' });
    // An organisation that is not in the register is never chosen.
    expect(responsibleNationalOrganisation(byName('rijbewijs'), mapping, new Set(), 'MIN-BZK').code).toBe('MIN-BZK');
  });
});

const complete: ServiceDescription = {
  organisationCode: 'GM0344',
  serviceId: '0190c8a0-0000-7000-8000-000000000001',
  version: 3,
  result: 'U krijgt een paspoort.',
  responsibleOrganisationCode: 'GM0344',
  legalBases: [{ uri: null, label: 'Artikel 26 Paspoortwet', link: null }],
  costs: [{ label: 'Paspoort 18 jaar en ouder', amountCents: 8_370, validFrom: '2026-01-01', validUntil: '2026-12-31' }],
  conditions: 'U staat ingeschreven in de gemeente.',
  requirements: 'Een pasfoto en uw oude paspoort.',
  channels: [{ kind: 'counter', address: 'Stadsplateau 1, Utrecht', label: 'Stadskantoor' }],
  levelOfAssurance: 'substantial',
  statutoryDecisionTermWeeks: null,
  silenceConsentApplies: false,
  dwangsomApplies: true,
  mandatable: false,
  objectionAndAppeal: 'U kunt bezwaar maken bij het college.',
  contact: '14 030',
  serviceLevels: [{ norm: 'Klaar binnen 5 werkdagen', indicator: 'lead_time_working_days', target: 5 }],
  audience: { citizen: true, business: false },
  kinds: { application: true, subsidy: false, notification: false, obligation: false },
};

/** The description with one element blanked. */
const without: Record<Exclude<ElementCode, 'decision_term'>, Partial<ServiceDescription>> = {
  result: { result: '  ' },
  responsible_organisation: { responsibleOrganisationCode: null },
  legal_basis: { legalBases: [] },
  costs: { costs: null },
  conditions: { conditions: null },
  requirements: { requirements: '' },
  channels: { channels: [] },
  level_of_assurance: { levelOfAssurance: null },
  mandatable: { mandatable: null },
  objection_and_appeal: { objectionAndAppeal: null },
  contact: { contact: null },
  service_levels: { serviceLevels: [] },
  audience: { audience: { citizen: false, business: false } },
};

describe('completeness (AP05)', () => {
  it('accepts a complete description', () => {
    expect(completeness(complete)).toEqual({ complete: true, missing: [], problems: [] });
    expect(checkPublishable(complete)).toEqual({ ok: true });
  });

  it.each(Object.entries(without))('reports %s when it is missing', (code, blank) => {
    const c = completeness({ ...complete, ...blank });
    expect(c).toEqual({ complete: false, missing: [code], problems: [] });
    expect(checkPublishable({ ...complete, ...blank })).toEqual({
      ok: false,
      refusal: { code: 'catalog.description_incomplete', missing: [code], problems: [] },
    });
  });

  it('reports every missing element at once, in a fixed order', () => {
    fc.assert(
      fc.property(fc.subarray(Object.keys(without) as (keyof typeof without)[]), (codes) => {
        const d = Object.assign({}, complete, ...codes.map((c) => without[c])) as ServiceDescription;
        const c = completeness(d);
        expect(c.missing).toEqual(elementCodes.filter((e) => (codes as string[]).includes(e)));
        expect(c.complete).toBe(codes.length === 0);
      }),
    );
  });

  it('free of charge is an answer; no statutory term means the Awb default', () => {
    expect(completeness({ ...complete, costs: [] }).complete).toBe(true);
    expect(completeness({ ...complete, statutoryDecisionTermWeeks: 13 }).complete).toBe(true);
  });

  it('refuses lex silencio together with the dwangsom (Awb 4:20a lid 2)', () => {
    expect(completeness({ ...complete, silenceConsentApplies: true, dwangsomApplies: true })).toEqual({
      complete: false,
      missing: [],
      problems: ['catalog.silence_consent_excludes_dwangsom'],
    });
    expect(completeness({ ...complete, silenceConsentApplies: true, dwangsomApplies: false }).complete).toBe(true);
  });

  it('refuses impossible terms and costs', () => {
    expect(completeness({ ...complete, statutoryDecisionTermWeeks: 0 }).problems).toEqual(['catalog.decision_term_invalid']);
    expect(completeness({ ...complete, statutoryDecisionTermWeeks: 2.5 }).problems).toEqual(['catalog.decision_term_invalid']);
    const cost = complete.costs?.[0];
    if (!cost) throw new Error('fixture');
    expect(completeness({ ...complete, costs: [{ ...cost, amountCents: -1 }] }).problems).toEqual(['catalog.cost_invalid']);
    expect(completeness({ ...complete, costs: [{ ...cost, amountCents: 10.5 }] }).problems).toEqual(['catalog.cost_invalid']);
    expect(completeness({ ...complete, costs: [{ ...cost, validUntil: '2025-12-31' }] }).problems).toEqual(['catalog.cost_period_invalid']);
    expect(completeness({ ...complete, costs: [{ ...cost, validFrom: '2026-02-30' }] }).problems).toEqual(['catalog.cost_period_invalid']);
  });
});

describe('terms and costs', () => {
  it('takes the Awb 4:13 default from the data, with its source', () => {
    const awb = defaultDecisionTerm();
    expect(awb).toMatchObject({ weeks: 8, citation: 'Awb 4:13 lid 2' });
    expect(awb.source).toMatch(/^https:\/\/wetten\.overheid\.nl\/BWBR0005537/);
    expect(effectiveDecisionTerm(complete, awb)).toEqual({ weeks: 8, basis: 'awb_default', citation: 'Awb 4:13 lid 2' });
    expect(effectiveDecisionTerm({ statutoryDecisionTermWeeks: 26 }, awb)).toEqual({ weeks: 26, basis: 'statutory', citation: null });
  });

  it('picks the price valid on a date', () => {
    const costs = [
      { label: 'a', amountCents: 100, validFrom: '2025-01-01', validUntil: '2025-12-31' },
      { label: 'a', amountCents: 120, validFrom: '2026-01-01', validUntil: null },
    ];
    expect(costsOn(costs, '2025-12-31').map((c) => c.amountCents)).toEqual([100]);
    expect(costsOn(costs, '2030-06-01').map((c) => c.amountCents)).toEqual([120]);
    expect(costsOn(costs, '2024-06-01')).toEqual([]);
  });
});

describe('draft descriptions', () => {
  it('fill what the UPL knows and leave the rest missing', () => {
    const d = draftDescription(byName('paspoort'), { code: 'GM0344', name: 'Utrecht' }, 'id');
    expect(d).toMatchObject({
      responsibleOrganisationCode: 'GM0344',
      version: 1,
      statutoryDecisionTermWeeks: null,
      silenceConsentApplies: false,
    });
    expect(d.legalBases).toHaveLength(1);
    expect(completeness(d).missing).toEqual(
      expect.arrayContaining(['costs', 'conditions', 'requirements', 'channels', 'level_of_assurance', 'service_levels']),
    );
    expect(completeness(d).missing).not.toContain('legal_basis');
    expect(completeness(d).problems).toEqual([]);
    // No generated description is ever complete or contradictory.
    for (const p of products) {
      const c = completeness(draftDescription(p, { code: 'X', name: 'X' }, 'id'));
      expect(c.complete).toBe(false);
      expect(c.problems).toEqual([]);
    }
  });
});
