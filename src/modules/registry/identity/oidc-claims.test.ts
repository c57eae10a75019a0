import { describe, expect, it } from 'vitest';
import { identityFromClaims, levelFromClaims, levelMappings, levelOf, type ClaimNames } from './oidc-claims.ts';

const names: ClaimNames = { bsn: 'bsn', kvkNumber: 'kvk', actingBsn: 'acting_bsn', loa: ['acr'] };
const bsn = '999993653';
const otherBsn = '111222333';
const kvk = '69599084';
const saml = (c: string) => `urn:oasis:names:tc:SAML:2.0:ac:classes:${c}`;
const eh = (l: string) => `urn:etoegang:core:assurance-class:${l}`;

describe('levels of assurance as data', () => {
  it.each([
    ['http://eidas.europa.eu/LoA/low', 'low'],
    ['http://eidas.europa.eu/LoA/substantial', 'substantial'],
    ['http://eidas.europa.eu/LoA/high', 'high'],
    [eh('loa2'), 'low'],
    [eh('loa2plus'), 'low'],
    [eh('loa3'), 'substantial'],
    [eh('loa4'), 'high'],
    [saml('MobileTwoFactorContract'), 'low'],
    [saml('Smartcard'), 'substantial'],
    [saml('SmartcardPKI'), 'high'],
  ])('%s is eIDAS %s', (uri, loa) => {
    expect(levelOf(uri)).toMatchObject({ loa });
    expect(levelFromClaims({ acr: uri }, ['acr'])).toEqual({ ok: true, loa });
  });

  it('refuses DigiD Basis (password only: below eIDAS low) with an explanation of what to do', () => {
    const r = levelFromClaims({ acr: saml('PasswordProtectedTransport') }, ['acr']);
    expect(r).toMatchObject({ ok: false, code: 'auth.loa_not_accepted' });
    expect(!r.ok && r.detail).toMatch(/DigiD Basis.*DigiD app/);
  });

  it('refuses eHerkenning EH1 (stopped on 1 July 2021)', () => {
    const r = levelFromClaims({ acr: eh('loa1') }, ['acr']);
    expect(r).toMatchObject({ ok: false, code: 'auth.loa_not_accepted' });
    expect(!r.ok && r.detail).toMatch(/EH1/);
  });

  it('knows every level of the auth-context schema (DigiD and eHerkenning) and nothing else', () => {
    expect([...levelMappings.keys()].sort()).toEqual(
      [
        'http://eidas.europa.eu/LoA/high',
        'http://eidas.europa.eu/LoA/low',
        'http://eidas.europa.eu/LoA/substantial',
        eh('loa1'),
        eh('loa2'),
        eh('loa2plus'),
        eh('loa3'),
        eh('loa4'),
        saml('MobileTwoFactorContract'),
        saml('PasswordProtectedTransport'),
        saml('Smartcard'),
        saml('SmartcardPKI'),
      ].sort(),
    );
  });

  it.each([
    ['http://eidas.europa.eu/LoA/medium'],
    ['substantial'],
    ['urn:etoegang:core:assurance-class:loa5'],
    ['toString'],
    ['constructor'],
    [''],
  ])('refuses the unknown level %j', (value) => {
    const r = levelFromClaims({ acr: value }, ['acr']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(value === '' ? 'auth.claims_loa_missing' : 'auth.claims_loa_unknown');
  });

  it('refuses a level that is not text', () => {
    expect(levelFromClaims({ acr: 3 }, ['acr'])).toMatchObject({ ok: false, code: 'auth.claims_loa_unknown' });
    expect(levelFromClaims({ acr: ['http://eidas.europa.eu/LoA/high'] }, ['acr'])).toMatchObject({
      ok: false,
      code: 'auth.claims_loa_unknown',
    });
  });

  it('refuses a login without a level', () => {
    expect(levelFromClaims({}, ['acr'])).toMatchObject({ ok: false, code: 'auth.claims_loa_missing' });
    expect(levelFromClaims({ acr: null }, ['acr'])).toMatchObject({ ok: false, code: 'auth.claims_loa_missing' });
  });

  it('with several level claims: DigiD Midden counts as substantial when a separate claim says substantial', () => {
    const claims = { acr: saml('MobileTwoFactorContract'), loa: 'http://eidas.europa.eu/LoA/substantial' };
    expect(levelFromClaims(claims, ['acr', 'loa'])).toEqual({ ok: true, loa: 'substantial' });
    expect(levelFromClaims(claims, ['acr'])).toEqual({ ok: true, loa: 'low' });
    expect(levelFromClaims({ acr: saml('MobileTwoFactorContract') }, ['acr', 'loa'])).toEqual({ ok: true, loa: 'low' });
  });

  it('with several level claims: one refused or unknown level refuses the login', () => {
    expect(
      levelFromClaims({ acr: saml('PasswordProtectedTransport'), loa: 'http://eidas.europa.eu/LoA/high' }, ['acr', 'loa']),
    ).toMatchObject({ ok: false, code: 'auth.loa_not_accepted' });
    expect(levelFromClaims({ acr: saml('Smartcard'), loa: 'hoog' }, ['acr', 'loa'])).toMatchObject({
      ok: false,
      code: 'auth.claims_loa_unknown',
    });
  });

  it('does not read inherited properties as claims', () => {
    const claims = Object.create({ acr: saml('SmartcardPKI'), bsn }) as Record<string, unknown>;
    expect(levelFromClaims(claims, ['acr'])).toMatchObject({ ok: false, code: 'auth.claims_loa_missing' });
  });
});

describe('DigiD: a person', () => {
  it('maps the BSN and the level', () => {
    expect(identityFromClaims({ sub: 'x', bsn, acr: saml('Smartcard') }, names, 'digid')).toEqual({
      ok: true,
      identity: { kind: 'person', bsn, loa: 'substantial' },
    });
  });

  it('uses the configured claim names', () => {
    const custom: ClaimNames = { bsn: 'urn:nl-eid-gdi:1.0:id:BSN', kvkNumber: 'k', actingBsn: 'a', loa: ['loa_level'] };
    expect(
      identityFromClaims({ 'urn:nl-eid-gdi:1.0:id:BSN': otherBsn, loa_level: 'http://eidas.europa.eu/LoA/high' }, custom, 'digid'),
    ).toEqual({
      ok: true,
      identity: { kind: 'person', bsn: otherBsn, loa: 'high' },
    });
  });

  it.each([
    ['no BSN', { acr: saml('Smartcard') }, 'auth.claims_bsn_missing'],
    ['an empty BSN', { bsn: '', acr: saml('Smartcard') }, 'auth.claims_bsn_missing'],
    ['a BSN failing the elfproef', { bsn: '123456789', acr: saml('Smartcard') }, 'auth.claims_bsn_invalid'],
    ['a BSN of 8 digits', { bsn: '12345678', acr: saml('Smartcard') }, 'auth.claims_bsn_invalid'],
    ['a BSN as a number', { bsn: 999993653, acr: saml('Smartcard') }, 'auth.claims_bsn_invalid'],
    ['the BSN 000000000', { bsn: '000000000', acr: saml('Smartcard') }, 'auth.claims_bsn_invalid'],
    ['no level', { bsn }, 'auth.claims_loa_missing'],
    ['an unknown level', { bsn, acr: 'urn:example:loa:gold' }, 'auth.claims_loa_unknown'],
    ['DigiD Basis', { bsn, acr: saml('PasswordProtectedTransport') }, 'auth.loa_not_accepted'],
    ['only a KVK number', { kvk, acting_bsn: bsn, acr: eh('loa3') }, 'auth.claims_bsn_missing'],
  ])('refuses %s', (_what, claims, code) => {
    const r = identityFromClaims(claims, names, 'digid');
    expect(r).toMatchObject({ ok: false, code });
    expect(!r.ok && r.detail.length).toBeGreaterThan(20);
  });
});

describe('eHerkenning: a business and the person acting for it', () => {
  it('maps the KVK number, the acting person and the level', () => {
    expect(identityFromClaims({ kvk, acting_bsn: bsn, acr: eh('loa3') }, names, 'eherkenning')).toEqual({
      ok: true,
      identity: { kind: 'business', kvkNumber: kvk, actingBsn: bsn, loa: 'substantial' },
    });
    expect(identityFromClaims({ kvk, acting_bsn: bsn, acr: eh('loa2plus') }, names, 'eherkenning')).toMatchObject({
      ok: true,
      identity: { loa: 'low' },
    });
  });

  it.each([
    ['no KVK number', { acting_bsn: bsn, acr: eh('loa3') }, 'auth.claims_kvk_missing'],
    ['a KVK number of 7 digits', { kvk: '1234567', acting_bsn: bsn, acr: eh('loa3') }, 'auth.claims_kvk_invalid'],
    ['a KVK number with letters', { kvk: '1234567a', acting_bsn: bsn, acr: eh('loa3') }, 'auth.claims_kvk_invalid'],
    ['no acting person', { kvk, acr: eh('loa3') }, 'auth.claims_acting_bsn_missing'],
    ['an acting BSN failing the elfproef', { kvk, acting_bsn: '123456789', acr: eh('loa3') }, 'auth.claims_acting_bsn_invalid'],
    ['no level', { kvk, acting_bsn: bsn }, 'auth.claims_loa_missing'],
    ['an unknown level', { kvk, acting_bsn: bsn, acr: eh('loa9') }, 'auth.claims_loa_unknown'],
    ['EH1', { kvk, acting_bsn: bsn, acr: eh('loa1') }, 'auth.loa_not_accepted'],
    ['only a BSN (a DigiD login)', { bsn, acr: saml('Smartcard') }, 'auth.claims_kvk_missing'],
  ])('refuses %s', (_what, claims, code) => {
    expect(identityFromClaims(claims, names, 'eherkenning')).toMatchObject({ ok: false, code });
  });
});
