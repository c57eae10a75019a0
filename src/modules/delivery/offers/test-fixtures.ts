// Test data for the offers tests (used by *.test.ts only): the products the shipped rules offer (and
// a few that must never be offered), principals, and a look at the stored services. The tests seed
// the catalog with these products themselves (catalog internals may only be imported by test files).
import type { Principal } from '../../../platform/auth/model.ts';
import type { Db } from '../../../platform/db/index.ts';

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

const session = { sessionId: 's', loa: 'substantial' as const, name: 'Test' };
export const personPrincipal = (bsn: string): Principal => ({ kind: 'person', bsn, ...session });
export const businessPrincipal = (kvkNumber: string): Principal => ({ kind: 'business', kvkNumber, actingBsn: null, ...session });
export const administrator: Principal = {
  kind: 'official',
  officialId: '01900000-0000-7000-8000-0000000000aa',
  organisationCode: 'MIN-BZK',
  roles: ['administrator'],
  ...session,
};
export const caseHandlerOf = (organisationCode: string): Principal => ({
  kind: 'official',
  officialId: '01900000-0000-7000-8000-0000000000bb',
  organisationCode,
  roles: ['case_handler'],
  ...session,
});

export const registryOrigin = {
  trace: { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), parentSpanId: null, foreignProcessor: null },
  requestId: 'offers-test',
};

export const amsterdam = {
  street: 'Amstel',
  houseNumber: 1,
  houseNumberAddition: null,
  postcode: '1011PN',
  city: 'Amsterdam',
  municipalityCode: 'GM0363',
};
