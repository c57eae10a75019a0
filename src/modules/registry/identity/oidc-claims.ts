// From the claims of an OpenID Connect login (a DigiD or eHerkenning broker) to who logged in and
// at which eIDAS level of assurance. Pure: no I/O; the register lookups happen in service.ts.
import type { LevelOfAssurance } from '../../../platform/auth/model.ts';
import { levelsOfAssurance } from '../../../platform/auth/model.ts';
import { isValidBsn, isValidKvkNumber } from '../people/model.ts';

/** The means a login was started with: the DigiD button or the eHerkenning button. */
export type LoginMeans = 'digid' | 'eherkenning';

export type ClaimedIdentity =
  | { kind: 'person'; bsn: string; loa: LevelOfAssurance }
  | { kind: 'business'; kvkNumber: string; actingBsn: string; loa: LevelOfAssurance };

/** The claim names of the provider (configuration: LOKET_OIDC_CLAIM_*). */
export interface ClaimNames {
  bsn: string;
  kvkNumber: string;
  actingBsn: string;
  /** One or more claims carrying a level; every one present must be known, the highest counts. */
  loa: readonly string[];
}

export type ClaimsFailureCode =
  | 'auth.claims_bsn_missing'
  | 'auth.claims_bsn_invalid'
  | 'auth.claims_kvk_missing'
  | 'auth.claims_kvk_invalid'
  | 'auth.claims_acting_bsn_missing'
  | 'auth.claims_acting_bsn_invalid'
  | 'auth.claims_loa_missing'
  | 'auth.claims_loa_unknown'
  | 'auth.loa_not_accepted';

export type ClaimsResult = { ok: true; identity: ClaimedIdentity } | { ok: false; code: ClaimsFailureCode; detail: string };

/** A level URI either maps to an eIDAS level, or is refused with a reason the user can act on. */
export type LevelMapping = { loa: LevelOfAssurance; label: string } | { refused: string; label: string };

/**
 * Every level URI Loket understands, as data. Sources:
 * - eIDAS: Commission Implementing Regulation (EU) 2015/1502 (levels low, substantial, high);
 *   URIs from the eIDAS SAML Attribute Profile v1.2 §2.4 (http://eidas.europa.eu/LoA/…).
 * - eHerkenning: Afsprakenstelsel Elektronische Toegangsdiensten, "Betrouwbaarheidsniveaus"
 *   (https://afsprakenstelsel.etoegang.nl, urn:etoegang:core:assurance-class:…); EH1 (loa1) has not
 *   been accepted since 1 July 2021, EH2 and EH2+ are eIDAS low, EH3 substantial, EH4 high
 *   (DOMAIN.md §4.4; https://www.eherkenning.nl/en/login-with-eherkenning/levels-of-assurance).
 * - DigiD: Logius, Koppelvlakspecificatie DigiD SAML Authenticatie (AuthnContextClassRef):
 *   PasswordProtectedTransport = Basis, MobileTwoFactorContract = Midden, Smartcard = Substantieel,
 *   SmartcardPKI = Hoog. Basis is single-factor and does not meet eIDAS low (DOMAIN.md §4.4;
 *   https://www.vngrealisatie.nl/producten/digid-laag), so Loket refuses it.
 */
export const levelMappings: ReadonlyMap<string, LevelMapping> = new Map<string, LevelMapping>([
  ['http://eidas.europa.eu/LoA/low', { loa: 'low', label: 'eIDAS laag' }],
  ['http://eidas.europa.eu/LoA/substantial', { loa: 'substantial', label: 'eIDAS substantieel' }],
  ['http://eidas.europa.eu/LoA/high', { loa: 'high', label: 'eIDAS hoog' }],
  [
    'urn:etoegang:core:assurance-class:loa1',
    {
      refused:
        'U hebt ingelogd met eHerkenning niveau EH1. Dat niveau wordt sinds 1 juli 2021 niet meer geaccepteerd. Log opnieuw in met eHerkenning niveau EH2 of hoger.',
      label: 'eHerkenning EH1',
    },
  ],
  ['urn:etoegang:core:assurance-class:loa2', { loa: 'low', label: 'eHerkenning EH2' }],
  ['urn:etoegang:core:assurance-class:loa2plus', { loa: 'low', label: 'eHerkenning EH2+' }],
  ['urn:etoegang:core:assurance-class:loa3', { loa: 'substantial', label: 'eHerkenning EH3' }],
  ['urn:etoegang:core:assurance-class:loa4', { loa: 'high', label: 'eHerkenning EH4' }],
  [
    'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    {
      refused:
        'U hebt ingelogd met DigiD met alleen een gebruikersnaam en wachtwoord (DigiD Basis). Dat is niet veilig genoeg. Log opnieuw in met de DigiD app, of met gebruikersnaam, wachtwoord en sms-controle.',
      label: 'DigiD Basis',
    },
  ],
  ['urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract', { loa: 'low', label: 'DigiD Midden' }],
  ['urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard', { loa: 'substantial', label: 'DigiD Substantieel' }],
  ['urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI', { loa: 'high', label: 'DigiD Hoog' }],
]);

/** The eIDAS level of one level URI, a refusal, or undefined when Loket does not know the URI. */
export function levelOf(uri: string): LevelMapping | undefined {
  return levelMappings.get(uri);
}

const failure = (code: ClaimsFailureCode, detail: string): ClaimsResult => ({ ok: false, code, detail });

function hasClaim(claims: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.hasOwn(claims, name) && claims[name] !== null && claims[name] !== undefined && claims[name] !== '';
}

/**
 * A claim's text: undefined when absent (or null, or empty); `''` when present but not text, so
 * that it fails validation (a BSN sent as a number has lost its leading zero).
 */
function stringClaim(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (!hasClaim(claims, name)) return undefined;
  const value = claims[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The level of the login: every LoA claim present must be known and accepted; the highest counts. */
export function levelFromClaims(
  claims: Readonly<Record<string, unknown>>,
  names: readonly string[],
): { ok: true; loa: LevelOfAssurance } | { ok: false; code: ClaimsFailureCode; detail: string } {
  let best: LevelOfAssurance | undefined;
  for (const name of names) {
    if (!hasClaim(claims, name)) continue;
    const mapping = levelOf(stringClaim(claims, name) ?? '');
    if (!mapping)
      return {
        ok: false,
        code: 'auth.claims_loa_unknown',
        detail: 'De inlogdienst gaf een betrouwbaarheidsniveau door dat Loket niet kent. Neem contact op met de beheerder.',
      };
    if ('refused' in mapping) return { ok: false, code: 'auth.loa_not_accepted', detail: mapping.refused };
    if (best === undefined || levelsOfAssurance.indexOf(mapping.loa) > levelsOfAssurance.indexOf(best)) best = mapping.loa;
  }
  if (best === undefined)
    return {
      ok: false,
      code: 'auth.claims_loa_missing',
      detail: 'De inlogdienst gaf geen betrouwbaarheidsniveau door. Neem contact op met de beheerder.',
    };
  return { ok: true, loa: best };
}

/**
 * Who logged in, from the claims of the ID token (and user info). A DigiD login must carry a valid
 * BSN; an eHerkenning login a KVK number and the BSN of the person acting for the business. Both
 * carry a level of assurance that Loket accepts.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>, names: ClaimNames, means: LoginMeans): ClaimsResult {
  const level = levelFromClaims(claims, names.loa);
  if (means === 'digid') {
    const bsn = stringClaim(claims, names.bsn);
    if (bsn === undefined)
      return failure(
        'auth.claims_bsn_missing',
        'De inlogdienst gaf uw burgerservicenummer niet door. Probeer het opnieuw of neem contact op met de beheerder.',
      );
    if (!isValidBsn(bsn)) return failure('auth.claims_bsn_invalid', 'Het burgerservicenummer dat de inlogdienst doorgaf, is ongeldig.');
    if (!level.ok) return failure(level.code, level.detail);
    return { ok: true, identity: { kind: 'person', bsn, loa: level.loa } };
  }
  const kvkNumber = stringClaim(claims, names.kvkNumber);
  if (kvkNumber === undefined)
    return failure(
      'auth.claims_kvk_missing',
      'De inlogdienst gaf het KVK-nummer van uw onderneming niet door. Probeer het opnieuw of neem contact op met de beheerder.',
    );
  if (!isValidKvkNumber(kvkNumber)) return failure('auth.claims_kvk_invalid', 'Het KVK-nummer dat de inlogdienst doorgaf, is ongeldig.');
  const actingBsn = stringClaim(claims, names.actingBsn);
  if (actingBsn === undefined)
    return failure(
      'auth.claims_acting_bsn_missing',
      'De inlogdienst gaf niet door wie er namens de onderneming inlogt. Loket heeft dat nodig om te controleren dat u de onderneming mag vertegenwoordigen.',
    );
  if (!isValidBsn(actingBsn))
    return failure('auth.claims_acting_bsn_invalid', 'Het burgerservicenummer van wie namens de onderneming inlogt, is ongeldig.');
  if (!level.ok) return failure(level.code, level.detail);
  return { ok: true, identity: { kind: 'business', kvkNumber, actingBsn, loa: level.loa } };
}
