// Test data for the offers tests (used by *.test.ts only): the products the shipped rules offer (and
// a few that must never be offered), an administrator for the registry, and a look at the stored
// services. The tests seed the catalog with these products through ../test-fixtures.ts seedCatalog,
// handing in the catalog's import (catalog internals may only be imported by test files).
import type { Db } from '../../../platform/db/index.ts';
import type { UplProduct } from '../../catalog/index.ts';
import { officialPrincipal } from '../test-fixtures.ts';

const term = (slug: string): string => `http://standaarden.overheid.nl/owms/terms/${slug}`;

export const upl = {
  kinderbijslag: term('kinderbijslag'),
  ww: term('wwUitkering'),
  reintegration: term('re-integratie'),
  trialPlacement: term('proefplWw'),
  healthcareAllowance: term('zorgtoeslag'),
  studentFinance: term('studiefinanciering'),
  drivingLicence: term('rijbAanvraag'),
  housing: term('wnZkIns'),
  /** In "18 jaar worden" but nothing one applies for: never offered. */
  votingRight: term('stemrecht'),
  insuranceDuty: term('zorgverzPl'),
  /** Offered by no organisation in the UPL. */
  digid: term('digid'),
  /** An application product no rule mentions. */
  parkingPermit: term('parkeervergunning'),
} as const;

/** The products of `upl` (for seedCatalog: every organisation offers those of its kind). */
export const offerProducts = (products: readonly UplProduct[]): readonly UplProduct[] => {
  const wanted = new Set<string>(Object.values(upl));
  return products.filter((p) => wanted.has(p.uri));
};

/** The stored service of an organisation for a product, with its status (read directly, for expectations). */
export async function serviceOf(db: Db, organisationCode: string, uplUri: string): Promise<{ id: string; status: string } | undefined> {
  return db
    .withTables<{ service: { organisation_code: string; id: string; upl_uri: string; status: string } }>()
    .selectFrom('service')
    .select(['id', 'status'])
    .where('organisation_code', '=', organisationCode)
    .where('upl_uri', '=', uplUri)
    .executeTakeFirst();
}

/** Registers persons and authorities in the registry (the offers' events come from there). */
export const administrator = officialPrincipal({
  id: '01900000-0000-7000-8000-0000000000aa',
  organisationCode: 'MIN-BZK',
  roles: ['administrator'],
});

export const registryOrigin = {
  trace: { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), parentSpanId: null, foreignProcessor: null },
  requestId: 'offers-test',
};
