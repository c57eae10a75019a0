// data/delivery/offers.json: valid, every product in the UPL and one a person applies for, life
// events expanded from the catalog's own (checked) data; broken data is reported with its place.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedLifeEvent } from '../../catalog/life-events.ts';
import { parseUplCsv } from '../../catalog/model.ts';
import { shippedUplFile } from '../../catalog/reference.ts';
import { lifeEventsFile, offerReference, offersFile, parseOfferReference } from './reference.ts';

const raw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(offersFile, 'utf8')) as Record<string, unknown>;
const lifeEvents = (): unknown => JSON.parse(fs.readFileSync(lifeEventsFile, 'utf8')) as unknown;

describe('the shipped offer rules', () => {
  const { rules, kinds } = offerReference();

  it('has the three example rules, one per trigger, each with a kind, a source and products', () => {
    expect(rules.map((r) => [r.id, r.when.event])).toEqual([
      ['geboorte-kinderbijslag', 'person.authority_registered'],
      ['ww-naar-werk', 'case.decided'],
      ['18-jaar-worden', 'birthday'],
    ]);
    for (const r of rules) {
      expect(kinds.map((k) => k.id)).toContain(r.kind);
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.products.length).toBeGreaterThan(0);
    }
  });

  it('names real UPL products; the listed ones are applied for by citizens', () => {
    const upl = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
    if (!upl.ok) throw new Error(upl.errors.join('\n'));
    const byUri = new Map(upl.products.map((p) => [p.uri, p]));
    for (const r of rules) {
      for (const p of r.products) expect(byUri.has(p.uplUri), `${r.id}: ${p.uplUri}`).toBe(true);
      if (r.lifeEvent !== null) continue;
      for (const p of r.products) {
        const product = byUri.get(p.uplUri);
        expect(product?.kinds.application || product?.kinds.subsidy, `${r.id}: ${p.uplUri} is applied for`).toBe(true);
        expect(product?.audience.citizen, `${r.id}: ${p.uplUri} is for citizens`).toBe(true);
      }
    }
    const ww = rules.find((r) => r.id === 'ww-naar-werk');
    expect(ww?.when.event === 'case.decided' && ww.when.uplUris).toEqual(['http://standaarden.overheid.nl/owms/terms/wwUitkering']);
  });

  it('expands "18 jaar worden" to the steps of the catalog’s life event, with their texts', () => {
    const rule = rules.find((r) => r.id === '18-jaar-worden');
    const event = shippedLifeEvent('18-jaar-worden');
    expect(rule?.lifeEvent).toBe('18-jaar-worden');
    expect(rule?.products).toEqual(event?.steps.map((s) => ({ uplUri: s.uplUri, why: s.why })));
  });
});

describe('parseOfferReference', () => {
  it('reports every problem with its place, and never throws', () => {
    const data = raw();
    const rules = data['rules'] as Record<string, unknown>[];
    const broken = {
      ...data,
      rules: [
        { ...rules[0], kind: 'onbekend' },
        { ...rules[1], when: { event: 'case.decided', uplUris: [], outcomes: ['maybe'] } },
        { ...rules[2], sources: [] },
        { ...rules[0], forged: true },
      ],
    };
    const result = parseOfferReference(broken, lifeEvents());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\[1\]\.when\.uplUris/),
        expect.stringMatching(/^rules\[1\]\.when\.outcomes\[0\]/),
        expect.stringMatching(/^rules\[2\]\.sources/),
        expect.stringMatching(/^rules\[3\]: .*forged/i),
      ]),
    );
    for (const value of [null, 42, 'text', [], {}]) expect(parseOfferReference(value, lifeEvents()).ok).toBe(false);
  });

  it('refuses an unknown kind, a repeated rule id and an unknown life event', () => {
    const data = raw();
    const rules = data['rules'] as Record<string, unknown>[];
    const kind = parseOfferReference({ ...data, rules: [{ ...rules[0], kind: 'onbekend' }] }, lifeEvents());
    expect(kind.ok ? [] : kind.errors).toEqual(['rules[0].kind: unknown kind "onbekend"']);
    const twice = parseOfferReference({ ...data, rules: [rules[0], rules[0]] }, lifeEvents());
    expect(twice.ok ? [] : twice.errors).toEqual(['rules[1].id: rule "geboorte-kinderbijslag" is listed twice']);
    const event = parseOfferReference({ ...data, rules: [{ ...rules[2], offer: { lifeEvent: 'bestaat-niet' } }] }, lifeEvents());
    expect(event.ok ? [] : event.errors).toEqual([
      'rules[0].offer.lifeEvent: no life event "bestaat-niet" in data/catalog/life-events.json',
    ]);
  });
});
