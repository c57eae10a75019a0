// Test data shared by the OpenID Connect login tests (oidc.test.ts, in-process) and the browser
// test (e2e/oidc-login.test.ts): the client registered at the provider, the acr values of
// DigiD and eHerkenning, and the persons and the bakery the test accounts log in as.
import type { Db } from '../../../platform/db/index.ts';
import type { PeopleTables } from '../people/store.ts';

/** A DigiD level of assurance as the provider says it (`saml('Smartcard')` is Substantieel). */
export const saml = (c: string): string => `urn:oasis:names:tc:SAML:2.0:ac:classes:${c}`;

/** eHerkenning EH3. */
export const eh3 = 'urn:etoegang:core:assurance-class:loa3';

/** The client Loket is registered as at the test provider, answering at `baseUrl`. */
export function testClient(name: string, baseUrl: string): { clientId: string; clientSecret: string; redirectUri: string } {
  return { clientId: `loket-${name}`, clientSecret: `loket-${name}-secret-0123456789`, redirectUri: `${baseUrl}/inloggen/terug` };
}

/** Loket's configuration for logging in through the provider at `issuer` as `client`. */
export function oidcConfig(issuer: string, client: { clientId: string; clientSecret: string }): Record<string, string> {
  return { LOKET_OIDC_ISSUER: issuer, LOKET_OIDC_CLIENT_ID: client.clientId, LOKET_OIDC_CLIENT_SECRET: client.clientSecret };
}

export interface TestPerson {
  bsn: string;
  given: string;
  surname: string;
  deathDate?: string | null;
}

/** The business the eHerkenning accounts act for. */
export const bakery = { kvkNumber: '91000001', name: 'Bakkerij Bakker' } as const;

/** Writes these persons (born 1980, no address), the bakery, and `ownerBsn` as its owner. */
export async function addLoginPeople(db: Db, persons: readonly TestPerson[], ownerBsn: string): Promise<void> {
  const tables = db.withTables<PeopleTables>();
  const now = new Date().toISOString();
  await tables
    .insertInto('person')
    .values(
      persons.map((p) => ({
        bsn: p.bsn,
        given_names: p.given,
        surname_prefix: null,
        surname: p.surname,
        birth_date: '1980-01-01',
        death_date: p.deathDate ?? null,
        street: null,
        house_number: null,
        house_number_addition: null,
        postcode: null,
        city: null,
        municipality_code: null,
        updated_at: now,
      })),
    )
    .execute();
  await tables
    .insertInto('business')
    .values({
      kvk_number: bakery.kvkNumber,
      name: bakery.name,
      legal_form: 'eenmanszaak',
      registered_on: '2010-05-01',
      ended_on: null,
      street: 'Dorpsstraat',
      house_number: 1,
      house_number_addition: null,
      postcode: '1234AB',
      city: 'Ergens',
      municipality_code: '0363',
      search_name: 'bakkerij bakker',
      updated_at: now,
    })
    .execute();
  await tables
    .insertInto('business_functionary')
    .values({
      kvk_number: bakery.kvkNumber,
      person_bsn: ownerBsn,
      role: 'owner',
      authority: 'sole',
      valid_from: '2010-05-01',
      valid_to: null,
    })
    .execute();
}
