import { z } from 'zod';
// Government organisations: the types and pure rules of the register.

export const organisationTypes = ['municipality', 'province', 'water_board', 'ministry', 'agency'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export interface Organisation {
  id: string;
  /** Stable code: CBS code for municipalities (GM0363) and provinces (PV27), an agreed code otherwise. */
  code: string;
  name: string;
  type: OrganisationType;
  abbreviation: string | null;
  /** TOOI identifier (identifier.overheid.nl), where known. */
  tooiUri: string | null;
  parentCode: string | null;
  safetyRegion: string | null;
  /** The NL Design System theme of the organisation's pages (one of `themes`). */
  theme: string;
}

/** Themes installed with Loket: the EUPL example theme of the NL Design System. */
export const themes = ['voorbeeld'] as const;
export type Theme = (typeof themes)[number];
export const defaultTheme: Theme = 'voorbeeld';

export type OrganisationInput = Omit<Organisation, 'id'>;

export const organisationTypeLabels: Record<OrganisationType, { nl: string; en: string }> = {
  municipality: { nl: 'Gemeente', en: 'Municipality' },
  province: { nl: 'Provincie', en: 'Province' },
  water_board: { nl: 'Waterschap', en: 'Water board' },
  ministry: { nl: 'Ministerie', en: 'Ministry' },
  agency: { nl: 'Uitvoeringsorganisatie', en: 'Implementing agency' },
};

const TOOI = 'https://identifier.overheid.nl/tooi/id';

/** TOOI URI from a CBS code: GM0363 → …/gemeente/gm0363, PV27 → …/provincie/pv27. */
export function tooiUriFor(type: OrganisationType, code: string): string | null {
  if (type === 'municipality' && /^GM\d{4}$/.test(code)) return `${TOOI}/gemeente/${code.toLowerCase()}`;
  if (type === 'province' && /^PV\d{2}$/.test(code)) return `${TOOI}/provincie/${code.toLowerCase()}`;
  return null;
}

/** Did anything a user can see change? (Reference data is reloaded at every start.) */
export function sameOrganisation(a: OrganisationInput, b: OrganisationInput): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.type === b.type &&
    a.abbreviation === b.abbreviation &&
    a.tooiUri === b.tooiUri &&
    a.parentCode === b.parentCode &&
    a.safetyRegion === b.safetyRegion &&
    a.theme === b.theme
  );
}

export interface OrganisationQuery {
  q?: string | undefined;
  type?: OrganisationType | undefined;
  limit: number;
  offset: number;
}

export const listLimits = { defaultLimit: 20, maxLimit: 100, maxOffset: 1_000_000, maxQueryLength: 100 } as const;

/** The query of the organisation list, shared by the API and the page. */
export const organisationQuerySchema = z.object({
  q: z.string().trim().max(listLimits.maxQueryLength).optional(),
  type: z.enum(organisationTypes).optional(),
  limit: z.coerce.number().int().min(1).max(listLimits.maxLimit).default(listLimits.defaultLimit),
  offset: z.coerce.number().int().min(0).max(listLimits.maxOffset).default(0),
});
