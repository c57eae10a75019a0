// Who is acting: the principal of a request, levels of assurance, roles. Pure.

/** eIDAS levels of assurance (DOMAIN.md §4.4), lowest first. */
export const levelsOfAssurance = ['low', 'substantial', 'high'] as const;
export type LevelOfAssurance = (typeof levelsOfAssurance)[number];

export function loaAtLeast(actual: LevelOfAssurance, required: LevelOfAssurance): boolean {
  return levelsOfAssurance.indexOf(actual) >= levelsOfAssurance.indexOf(required);
}

export const loaLabels: Record<LevelOfAssurance, { nl: string; en: string; means: { nl: string; en: string } }> = {
  low: {
    nl: 'laag',
    en: 'low',
    means: { nl: 'DigiD Midden (app of sms) of eHerkenning EH2/EH2+', en: 'DigiD Midden (app or SMS) or eHerkenning EH2/EH2+' },
  },
  substantial: {
    nl: 'substantieel',
    en: 'substantial',
    means: {
      nl: 'DigiD Substantieel (app met identiteitscheck) of eHerkenning EH3',
      en: 'DigiD Substantieel (app with ID check) or eHerkenning EH3',
    },
  },
  high: {
    nl: 'hoog',
    en: 'high',
    means: { nl: 'DigiD Hoog (app met identiteitskaart) of eHerkenning EH4', en: 'DigiD Hoog (app with identity card) or eHerkenning EH4' },
  },
};

export const roles = [
  'case_handler',
  'complaint_handler',
  'objection_committee',
  'service_designer',
  'quality_manager',
  'election_official',
  'election_coordinator',
  'administrator',
  'representative',
  'ombudsman',
] as const;
export type Role = (typeof roles)[number];

export type PrincipalKind = 'person' | 'business' | 'official';

interface Authenticated {
  sessionId: string;
  loa: LevelOfAssurance;
  /** The display name of who is logged in. */
  name: string;
}

/**
 * For whom a logged-in citizen or business is acting, chosen with "act for …" after login. Every
 * act is still checked against the mandates at that moment; this only says whose affairs the
 * pages show. The name is for display.
 */
export interface ActingFor {
  kind: 'person' | 'business';
  /** BSN or KVK number. */
  id: string;
  name: string;
}

export type Principal =
  | { kind: 'anonymous' }
  | (Authenticated & { kind: 'person'; bsn: string; actingFor?: ActingFor | undefined })
  | (Authenticated & { kind: 'business'; kvkNumber: string; actingBsn: string | null; actingFor?: ActingFor | undefined })
  | (Authenticated & { kind: 'official'; officialId: string; organisationCode: string; roles: readonly Role[] });

export const anonymous: Principal = { kind: 'anonymous' };

/**
 * Who may use a route:
 * - `public`: anyone, also without login;
 * - `authenticated`: anyone logged in;
 * - `{ kinds, roles }`: a logged-in citizen or business of one of `kinds` (the service then checks
 *   it is their own data, or data they may see as representative), or an official holding one of `roles`.
 */
export type Access = 'public' | 'authenticated' | { kinds?: readonly Exclude<PrincipalKind, 'official'>[]; roles?: readonly Role[] };

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

export function decideAccess(access: Access, principal: Principal): AccessDecision {
  if (access === 'public') return 'allow';
  if (principal.kind === 'anonymous') return 'unauthenticated';
  if (access === 'authenticated') return 'allow';
  if (principal.kind === 'official') return principal.roles.some((r) => access.roles?.includes(r)) ? 'allow' : 'forbidden';
  return access.kinds?.includes(principal.kind) ? 'allow' : 'forbidden';
}

/** The actor as the audit trail records it. */
export function actorOf(principal: Principal): {
  type: 'person' | 'official' | 'business' | 'anonymous';
  id: string | null;
  organisationId?: string | null;
} {
  switch (principal.kind) {
    case 'anonymous':
      return { type: 'anonymous', id: null };
    case 'person':
      return { type: 'person', id: principal.bsn };
    case 'business':
      return { type: 'business', id: principal.kvkNumber };
    case 'official':
      return { type: 'official', id: principal.officialId, organisationId: principal.organisationCode };
  }
}

export const roleLabels: Record<Role, { nl: string; en: string }> = {
  case_handler: { nl: 'zaakbehandelaar', en: 'case handler' },
  complaint_handler: { nl: 'klachtbehandelaar', en: 'complaint handler' },
  objection_committee: { nl: 'bezwaarcommissie', en: 'objection committee' },
  service_designer: { nl: 'dienstontwerper', en: 'service designer' },
  quality_manager: { nl: 'kwaliteitsmanager', en: 'quality manager' },
  election_official: { nl: 'verkiezingsmedewerker', en: 'election official' },
  election_coordinator: { nl: 'coördinator verkiezingen', en: 'election coordinator' },
  administrator: { nl: 'beheerder', en: 'administrator' },
  representative: { nl: 'volksvertegenwoordiger', en: 'representative' },
  ombudsman: { nl: 'ombudsman', en: 'ombudsman' },
};
