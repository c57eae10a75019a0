// The shipped referendum rules: the file parses, every value has a source, values not in
// DOMAIN.md are marked ⚠️, and the Wrr is there with the numbers of DOMAIN.md §7.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findReferendumRules, referendumRules, referendumRulesFile, rulesInForce, rulesValidUntil } from './reference.ts';

interface RawPhase {
  source: string;
  threshold: number;
}
interface RawRules {
  key: string;
  note?: string;
  requestPhases: RawPhase[];
  validFromSource: string;
  turnoutThresholdSource: string;
  minimumVotesForOutcomeSource: string;
}
const raw = JSON.parse(fs.readFileSync(referendumRulesFile, 'utf8')) as { source: string; rules: RawRules[] };

describe('data/democracy/referendum-rules.json', () => {
  it('parses, with the keys the team relies on', () => {
    expect(referendumRules().map((r) => r.key)).toEqual(['wrr-2015', 'gemeente-voorbeeld', 'deventer-stijl', 'raadplegend-voorbeeld']);
    expect(raw.rules).toHaveLength(referendumRules().length);
  });

  it('has the Wrr with the thresholds and periods of DOMAIN.md §7', () => {
    expect(findReferendumRules('wrr-2015')).toEqual({
      key: 'wrr-2015',
      name: { nl: 'Wet raadgevend referendum (2015-2018)', en: 'Advisory Referendum Act (2015-2018)' },
      source: 'https://www.rijksoverheid.nl/onderwerpen/democratie/vraag-en-antwoord/wanneer-kan-ik-een-referendum-starten',
      validFrom: '2015-07-01',
      requestPhases: [
        { key: 'introductory', label: { nl: 'Inleidend verzoek', en: 'Introductory request' }, threshold: 10_000, days: 28 },
        { key: 'definitive', label: { nl: 'Definitief verzoek', en: 'Definitive request' }, threshold: 300_000, days: 42 },
      ],
      turnoutThresholdPercent: 30,
      minimumVotesForOutcome: null,
    });
  });

  it('gives the code only the fields of ReferendumRules (notes and sources per value stay in the file)', () => {
    for (const r of referendumRules()) {
      expect(Object.keys(r).sort()).toEqual(
        ['key', 'name', 'source', 'validFrom', 'requestPhases', 'turnoutThresholdPercent', 'minimumVotesForOutcome'].sort(),
      );
      for (const p of r.requestPhases) expect(Object.keys(p).sort()).toEqual(['days', 'key', 'label', 'threshold']);
    }
  });

  it('the Deventer style has no turnout threshold but a minimum number of votes; the council-called one has no request but a turnout threshold', () => {
    expect(findReferendumRules('deventer-stijl')).toMatchObject({ turnoutThresholdPercent: null, minimumVotesForOutcome: 15_000 });
    expect(findReferendumRules('raadplegend-voorbeeld')).toMatchObject({
      requestPhases: [],
      turnoutThresholdPercent: 30,
      minimumVotesForOutcome: null,
    });
    expect(findReferendumRules('gemeente-voorbeeld')?.requestPhases.map((p) => p.threshold)).toEqual([300, 5000]);
    expect(findReferendumRules('nope')).toBeUndefined();
  });

  it('every value has a source, and example values are marked ⚠️', () => {
    expect(raw.source.trim()).not.toBe('');
    for (const r of raw.rules) {
      for (const s of [
        r.validFromSource,
        r.turnoutThresholdSource,
        r.minimumVotesForOutcomeSource,
        ...r.requestPhases.map((p) => p.source),
      ])
        expect(s.trim()).not.toBe('');
    }
    const example = raw.rules.filter((r) => r.key !== 'wrr-2015');
    for (const r of example) expect(r.note).toContain('⚠️');
    // The Wrr's numbers are all in DOMAIN.md: its phases carry no ⚠️; its dates do.
    const wrr = raw.rules.find((r) => r.key === 'wrr-2015');
    expect(wrr?.requestPhases.map((p) => p.source.includes('⚠️'))).toEqual([false, false]);
    expect(wrr?.validFromSource).toContain('⚠️');
    // The council-called example's turnout threshold is an example value, and says so.
    const council = raw.rules.find((r) => r.key === 'raadplegend-voorbeeld');
    expect(council?.turnoutThresholdSource).toMatch(/^⚠️ Example: 30 %/);
    expect(council?.turnoutThresholdSource).toContain('DOMAIN.md §7');
  });

  it('knows when rules apply: the Wrr only between 1 July 2015 and its repeal', () => {
    expect(rulesValidUntil('wrr-2015')).toBe('2018-07-10');
    expect(rulesValidUntil('gemeente-voorbeeld')).toBeNull();
    expect(rulesInForce('wrr-2015', '2015-06-30')).toBe(false);
    expect(rulesInForce('wrr-2015', '2015-07-01')).toBe(true);
    expect(rulesInForce('wrr-2015', '2018-07-10')).toBe(true);
    expect(rulesInForce('wrr-2015', '2018-07-11')).toBe(false);
    expect(rulesInForce('gemeente-voorbeeld', '2030-01-01')).toBe(true);
    expect(rulesInForce('nope', '2030-01-01')).toBe(false);
  });

  it('hands out copies: changing one does not change the next caller’s', () => {
    const a = findReferendumRules('wrr-2015');
    if (!a?.requestPhases[0]) throw new Error('missing');
    a.requestPhases[0].threshold = 1;
    expect(findReferendumRules('wrr-2015')?.requestPhases[0]?.threshold).toBe(10_000);
  });
});
