// The shipped data of mandates: the rules parse, and every product classed as financial or
// personal is a product of the shipped UPL, under its UPL name, listed once.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { mandateRules, matterOfProduct, mattersFile, rulesFile, serviceMatters } from './reference.ts';

const upl = (() => {
  const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return new Map(parsed.products.map((p) => [p.uri, p.name]));
})();

describe('data/mandates', () => {
  it('rules.json parses, with a source for every setting', () => {
    expect(mandateRules()).toMatchObject({ maxValidityYears: 5, chainMinimumLoa: 'substantial', legalMinimumLoa: 'substantial' });
    const raw = JSON.parse(fs.readFileSync(rulesFile, 'utf8')) as Record<string, unknown>;
    for (const key of ['maxValiditySource', 'chainMinimumLoaSource', 'legalMinimumLoaSource']) expect(String(raw[key]).trim()).not.toBe('');
  });

  it('service-matters.json parses and lists products of both matters', () => {
    const list = serviceMatters();
    expect(list.filter((p) => p.matter === 'financial').length).toBeGreaterThanOrEqual(10);
    expect(list.filter((p) => p.matter === 'personal').length).toBeGreaterThanOrEqual(10);
    const raw = JSON.parse(fs.readFileSync(mattersFile, 'utf8')) as { products: unknown[] };
    expect(raw.products).toHaveLength(list.length);
  });

  it('every product is in the shipped UPL, under its UPL name', () => {
    const wrong = serviceMatters().filter((p) => upl.get(p.uplUri) !== p.label);
    expect(wrong).toEqual([]);
  });

  it('no product is listed twice', () => {
    const raw = JSON.parse(fs.readFileSync(mattersFile, 'utf8')) as { products: { uplUri: string }[] };
    const uris = raw.products.map((p) => p.uplUri);
    expect(new Set(uris).size).toBe(uris.length);
  });

  it('answers the matter of a product, and null (both) for one not listed', () => {
    const t = (slug: string) => `http://standaarden.overheid.nl/owms/terms/${slug}`;
    expect(matterOfProduct(t('bijstand'))).toBe('financial');
    expect(matterOfProduct(t('belastingkwijtschelding'))).toBe('financial');
    expect(matterOfProduct(t('wmo-voorziening'))).toBe('personal');
    expect(matterOfProduct(t('jeugdhulp'))).toBe('personal');
    expect(matterOfProduct(t('parkeervergunning'))).toBeNull();
    expect(matterOfProduct(null)).toBeNull();
  });
});
