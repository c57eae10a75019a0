// Catalog: the UPL products, the services organisations offer, and their AP05 descriptions.
// Pure: types, the UPL parser (text in, products out) and the description rules.
import { parse } from 'csv-parse/sync';
import type { OrganisationType } from '../registry/index.ts';

// ---------------------------------------------------------------------------------------------
// UPL products (Uniforme Productnamenlijst; columns explained in data/upl/README.md)

export interface UplLegalBasis {
  /** OWMS URI of the legal basis (`Grondslag`), or null when the UPL gives only a label. */
  uri: string | null;
  /** The legal basis in words: "Artikel 26 Paspoortwet". */
  label: string;
  /** The article on wetten.overheid.nl, or null. */
  link: string | null;
}

export interface UplProduct {
  uri: string;
  name: string;
  offeredBy: { national: boolean; province: boolean; waterBoard: boolean; municipality: boolean };
  audience: { citizen: boolean; business: boolean };
  kinds: { application: boolean; subsidy: boolean; notification: boolean; obligation: boolean };
  /** Can be requested on someone's behalf with DigiD Machtigen. */
  digidMandate: boolean;
  /** Falls under the Dienstenwet (EU Services Directive). */
  servicesDirective: boolean;
  autonomous: boolean;
  coGoverned: boolean;
  /** EU Single Digital Gateway codes, e.g. ["B4", "C4"]. */
  sdgCodes: string[];
  /** In the order of the CSV rows. */
  legalBases: UplLegalBasis[];
}

/** The UPL's stand-in row for products without a name yet; it is no product anyone offers. */
export const uplPlaceholderUri = 'http://standaarden.overheid.nl/owms/terms/UPL-naam_nog_niet_beschikbaar';

const uplColumns = [
  'UniformeProductnaam',
  'URI',
  'Rijk',
  'Provincie',
  'Waterschap',
  'Gemeente',
  'Burger',
  'Bedrijf',
  'Dienstenwet',
  'SDG',
  'Autonomie',
  'Medebewind',
  'Aanvraag',
  'Subsidie',
  'Melding',
  'Verplichting',
  'DigiDMacht',
  'Grondslag',
  'Grondslaglabel',
  'Grondslaglink',
] as const;
type UplColumn = (typeof uplColumns)[number];
const flagColumns = uplColumns.slice(2, 17).filter((c) => c !== 'SDG');

export type UplParseResult = { ok: true; products: UplProduct[]; rows: number } | { ok: false; errors: string[] };

/** Largest number of errors reported for one file (the rest is summarised). */
const maxErrors = 20;

/**
 * Reads the UPL CSV: one row per product × legal basis, merged into one product per URI.
 * Rows of one URI must agree on everything but the legal basis; every problem is reported with its line.
 */
export function parseUplCsv(text: string): UplParseResult {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (e) {
    return { ok: false, errors: [`Het bestand is geen geldige CSV: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const header = records[0];
  if (!header) return { ok: false, errors: ['Het bestand is leeg.'] };
  const missing = uplColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) return { ok: false, errors: [`Kolommen ontbreken: ${missing.join(', ')}.`] };
  const index = Object.fromEntries(uplColumns.map((c) => [c, header.indexOf(c)])) as Record<UplColumn, number>;

  const errors: string[] = [];
  const products = new Map<string, { product: UplProduct; key: string; line: number }>();
  for (let i = 1; i < records.length; i++) {
    const record = records[i] ?? [];
    const line = i + 1;
    const cell = (c: UplColumn): string => (record[index[c]] ?? '').trim();
    const uri = cell('URI');
    const name = cell('UniformeProductnaam');
    if (!uri || !/^https?:\/\/\S+$/.test(uri)) errors.push(`Regel ${line}: de URI ontbreekt of is ongeldig.`);
    if (!name) errors.push(`Regel ${line}: de productnaam ontbreekt.`);
    const badFlags = flagColumns.filter((c) => cell(c) !== '' && cell(c) !== 'X');
    if (badFlags.length > 0) errors.push(`Regel ${line}: ${badFlags.join(', ')} moet X of leeg zijn.`);
    const sdg = cell('SDG');
    if (sdg && !/^[A-Z]\d{1,2}(;[A-Z]\d{1,2})*$/.test(sdg)) errors.push(`Regel ${line}: SDG-code "${sdg}" is ongeldig.`);
    if (errors.length >= maxErrors) break;
    if (!uri || !name) continue;

    const flag = (c: UplColumn): boolean => cell(c) === 'X';
    const product: UplProduct = {
      uri,
      name,
      offeredBy: { national: flag('Rijk'), province: flag('Provincie'), waterBoard: flag('Waterschap'), municipality: flag('Gemeente') },
      audience: { citizen: flag('Burger'), business: flag('Bedrijf') },
      kinds: { application: flag('Aanvraag'), subsidy: flag('Subsidie'), notification: flag('Melding'), obligation: flag('Verplichting') },
      digidMandate: flag('DigiDMacht'),
      servicesDirective: flag('Dienstenwet'),
      autonomous: flag('Autonomie'),
      coGoverned: flag('Medebewind'),
      sdgCodes: sdg ? sdg.split(';') : [],
      legalBases: [],
    };
    const basis: UplLegalBasis | null =
      cell('Grondslaglabel') || cell('Grondslag')
        ? { uri: cell('Grondslag') || null, label: cell('Grondslaglabel') || cell('Grondslag'), link: cell('Grondslaglink') || null }
        : null;
    // Everything but the legal basis must be the same on every row of one product.
    const key = JSON.stringify({ ...product, legalBases: undefined });
    const seen = products.get(uri);
    if (!seen) {
      if (basis) product.legalBases.push(basis);
      products.set(uri, { product, key, line });
      continue;
    }
    if (seen.key !== key) {
      errors.push(`Regel ${line}: ${uri} verschilt van regel ${seen.line} in meer dan de grondslag.`);
      continue;
    }
    if (basis && !seen.product.legalBases.some((b) => sameLegalBasis(b, basis))) seen.product.legalBases.push(basis);
  }
  if (errors.length > 0) return { ok: false, errors: errors.length >= maxErrors ? [...errors, 'Meer fouten weggelaten.'] : errors };
  return { ok: true, products: [...products.values()].map((p) => p.product), rows: records.length - 1 };
}

function sameLegalBasis(a: UplLegalBasis, b: UplLegalBasis): boolean {
  return a.uri === b.uri && a.label === b.label && a.link === b.link;
}

/** Did anything change between two versions of a product? */
export function sameProduct(a: UplProduct, b: UplProduct): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The BWBR id of the law a legal basis links to (wetten.overheid.nl/…BWBR0001886…), or null. */
export function lawIdOf(basis: UplLegalBasis): string | null {
  return /BWBR\d{7}/.exec(basis.link ?? '')?.[0] ?? null;
}

/** Which kinds of organisation offer a product (the UPL flags → register types). */
export function offeredByTypes(product: UplProduct): OrganisationType[] {
  if (product.uri === uplPlaceholderUri) return [];
  const types: OrganisationType[] = [];
  if (product.offeredBy.municipality) types.push('municipality');
  if (product.offeredBy.province) types.push('province');
  if (product.offeredBy.waterBoard) types.push('water_board');
  return types;
}

/**
 * The one national organisation responsible for a Rijk product (NORA AP27), by the rule in
 * data/upl/README.md: the first legal basis whose law is in the mapping decides; otherwise the fallback.
 */
export function responsibleNationalOrganisation(
  product: UplProduct,
  lawToOrganisation: ReadonlyMap<string, string>,
  known: ReadonlySet<string>,
  fallback: string,
): { code: string; by: 'law' | 'fallback' } {
  for (const basis of product.legalBases) {
    const law = lawIdOf(basis);
    const code = law ? lawToOrganisation.get(law) : undefined;
    if (code && known.has(code)) return { code, by: 'law' };
  }
  return { code: fallback, by: 'fallback' };
}

// ---------------------------------------------------------------------------------------------
// Services and their descriptions (NORA AP05; DOMAIN.md §2.2)

export const serviceStatuses = ['draft', 'published', 'retired'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

/** An organisation's product. */
export interface Service {
  id: string;
  organisationCode: string;
  uplUri: string;
  title: string;
  /** The organisation's own text (markdown), or null. */
  localText: string | null;
  status: ServiceStatus;
}

export const levelsOfAssurance = ['low', 'substantial', 'high'] as const;
/** eIDAS level: laag / substantieel / hoog (DOMAIN.md §4.4). */
export type LevelOfAssurance = (typeof levelsOfAssurance)[number];

export const channelKinds = ['online', 'counter', 'phone', 'post', 'email'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export interface Channel {
  kind: ChannelKind;
  /** Where: a URL, an address, a phone number. */
  address: string;
  label: string | null;
}

/** A price, in euro cents, valid from a date (inclusive) until a date (inclusive) or open-ended. */
export interface Cost {
  label: string;
  amountCents: number;
  validFrom: string;
  validUntil: string | null;
}

/** A service-level norm (AP05 items 9–10, AP29): what the organisation promises, measurably. */
export interface ServiceLevelNorm {
  /** E.g. "Besluit binnen 4 weken", "Telefonisch bereikbaar op werkdagen". */
  norm: string;
  /** The indicator it is measured by, e.g. "lead_time_days", or null. */
  indicator: string | null;
  target: number | null;
}

export interface Audience {
  citizen: boolean;
  business: boolean;
}

export interface Kinds {
  application: boolean;
  subsidy: boolean;
  notification: boolean;
  obligation: boolean;
}

/** The current description of a service, with every AP05 element. Null (or empty) means "not filled in yet". */
export interface ServiceDescription {
  organisationCode: string;
  serviceId: string;
  /** Goes up by one with every change. */
  version: number;
  /** What the customer gets (AP05 2). */
  result: string | null;
  /** Exactly one responsible organisation (AP05 3, AP27). */
  responsibleOrganisationCode: string | null;
  /** AP05 4. */
  legalBases: UplLegalBasis[];
  /** AP05 5: price; null = not filled in, [] = free of charge. */
  costs: Cost[] | null;
  /** AP05 5 and 8: delivery conditions and who is eligible. */
  conditions: string | null;
  /** AP05 8: what the customer needs to bring or send. */
  requirements: string | null;
  /** AP05 6: how to apply. */
  channels: Channel[];
  /** AP05 7: required level of assurance of the login. */
  levelOfAssurance: LevelOfAssurance | null;
  /** Statutory decision term in weeks; null = none, so the Awb 4:13 default applies. */
  statutoryDecisionTermWeeks: number | null;
  /** Lex silencio positivo (Awb §4.1.3.3): applies only where a statutory provision says so (4:20a lid 1). */
  silenceConsentApplies: boolean;
  /** Wet dwangsom (Awb §4.1.3.2); excluded where silence means consent (Awb 4:20a lid 2). */
  dwangsomApplies: boolean;
  /** Can someone act on the customer's behalf (machtigen)? null = not decided yet. */
  mandatable: boolean | null;
  /** How to object and appeal (Awb 6:4, 7:1), in plain language. */
  objectionAndAppeal: string | null;
  /** Who to contact with questions. */
  contact: string | null;
  /** AP05 9–10: quality norms and service levels. */
  serviceLevels: ServiceLevelNorm[];
  audience: Audience;
  kinds: Kinds;
}

/** The AP05 elements a description must have before it is published. */
export const elementCodes = [
  'result',
  'responsible_organisation',
  'legal_basis',
  'costs',
  'conditions',
  'requirements',
  'channels',
  'level_of_assurance',
  'decision_term',
  'mandatable',
  'objection_and_appeal',
  'contact',
  'service_levels',
  'audience',
] as const;
export type ElementCode = (typeof elementCodes)[number];

/** Filled in, but not acceptable. */
export const problemCodes = [
  'catalog.silence_consent_excludes_dwangsom',
  'catalog.decision_term_invalid',
  'catalog.cost_invalid',
  'catalog.cost_period_invalid',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export interface Completeness {
  complete: boolean;
  /** Elements not filled in, in the order of elementCodes. */
  missing: ElementCode[];
  /** Elements filled in wrongly. */
  problems: ProblemCode[];
}

const isText = (s: string | null): boolean => s !== null && s.trim() !== '';
/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Which AP05 elements are missing or wrong. Nothing is published unless `complete`. */
export function completeness(d: ServiceDescription): Completeness {
  const present: Record<ElementCode, boolean> = {
    result: isText(d.result),
    responsible_organisation: isText(d.responsibleOrganisationCode),
    legal_basis: d.legalBases.length > 0,
    costs: d.costs !== null,
    conditions: isText(d.conditions),
    requirements: isText(d.requirements),
    channels: d.channels.length > 0,
    level_of_assurance: d.levelOfAssurance !== null,
    // null is an answer: no statutory term, so Awb 4:13 applies.
    decision_term: true,
    mandatable: d.mandatable !== null,
    objection_and_appeal: isText(d.objectionAndAppeal),
    contact: isText(d.contact),
    service_levels: d.serviceLevels.length > 0,
    audience: d.audience.citizen || d.audience.business,
  };
  const missing = elementCodes.filter((c) => !present[c]);
  const problems: ProblemCode[] = [];
  // Awb 4:20a lid 2: where the positive fictitious decision applies, the dwangsom paragraph does not.
  if (d.silenceConsentApplies && d.dwangsomApplies) problems.push('catalog.silence_consent_excludes_dwangsom');
  const term = d.statutoryDecisionTermWeeks;
  if (term !== null && (!Number.isInteger(term) || term <= 0)) problems.push('catalog.decision_term_invalid');
  const costs = d.costs ?? [];
  if (costs.some((c) => !Number.isSafeInteger(c.amountCents) || c.amountCents < 0 || !isText(c.label)))
    problems.push('catalog.cost_invalid');
  if (costs.some((c) => !isDate(c.validFrom) || (c.validUntil !== null && (!isDate(c.validUntil) || c.validUntil < c.validFrom)))) {
    problems.push('catalog.cost_period_invalid');
  }
  return { complete: missing.length === 0 && problems.length === 0, missing, problems };
}

export type PublishRefusal = { code: 'catalog.description_incomplete'; missing: ElementCode[]; problems: ProblemCode[] };

/** May this service be published with this description? */
export function checkPublishable(d: ServiceDescription): { ok: true } | { ok: false; refusal: PublishRefusal } {
  const c = completeness(d);
  return c.complete
    ? { ok: true }
    : { ok: false, refusal: { code: 'catalog.description_incomplete', missing: c.missing, problems: c.problems } };
}

/** A legal term with its citation and source (data/upl/awb-decision-terms.json). */
export interface DefaultDecisionTerm {
  weeks: number;
  citation: string;
  source: string;
  validFrom: string;
}

/** The decision term that applies: the statutory one, or the Awb 4:13 lid 2 default. */
export function effectiveDecisionTerm(
  d: Pick<ServiceDescription, 'statutoryDecisionTermWeeks'>,
  awbDefault: DefaultDecisionTerm,
): { weeks: number; basis: 'statutory' | 'awb_default'; citation: string | null } {
  return d.statutoryDecisionTermWeeks === null
    ? { weeks: awbDefault.weeks, basis: 'awb_default', citation: awbDefault.citation }
    : { weeks: d.statutoryDecisionTermWeeks, basis: 'statutory', citation: null };
}

/** The cost that applies on a date (YYYY-MM-DD), per label. */
export function costsOn(costs: readonly Cost[], date: string): Cost[] {
  return costs.filter((c) => c.validFrom <= date && (c.validUntil === null || date <= c.validUntil));
}

// ---------------------------------------------------------------------------------------------
// The generated demo catalog

export interface OfferingOrganisation {
  code: string;
  name: string;
}

/** A first, plausible description from what the UPL knows; the rest is left for the organisation (so it is incomplete). */
export function draftDescription(product: UplProduct, organisation: OfferingOrganisation, serviceId: string): ServiceDescription {
  const application = product.kinds.application || product.kinds.subsidy;
  return {
    organisationCode: organisation.code,
    serviceId,
    version: 1,
    result: draftResult(product),
    responsibleOrganisationCode: organisation.code,
    legalBases: product.legalBases,
    costs: null,
    conditions: null,
    requirements: null,
    channels: [],
    levelOfAssurance: null,
    statutoryDecisionTermWeeks: null,
    silenceConsentApplies: false,
    // Awb 4:17: only for a decision on an application.
    dwangsomApplies: application,
    mandatable: product.digidMandate ? true : null,
    objectionAndAppeal: application
      ? `Bent u het niet eens met het besluit van ${organisation.name}? Dan kunt u bezwaar maken. Hoe en binnen welke termijn staat in het besluit.`
      : null,
    contact: organisation.name,
    serviceLevels: [],
    audience: { ...product.audience },
    kinds: { ...product.kinds },
  };
}

function draftResult(p: UplProduct): string | null {
  if (p.kinds.subsidy) return `U hoort of u subsidie krijgt voor: ${p.name}.`;
  if (p.kinds.application) return `U krijgt een besluit op uw aanvraag: ${p.name}.`;
  if (p.kinds.notification) return `Uw melding is ontvangen en vastgelegd: ${p.name}.`;
  if (p.kinds.obligation) return `U voldoet aan uw verplichting: ${p.name}.`;
  return null;
}

/** The service title: the UPL name with a capital first letter. */
export function serviceTitle(product: UplProduct): string {
  return product.name.charAt(0).toLocaleUpperCase('nl') + product.name.slice(1);
}

/** One in this many demo services stays an incomplete draft, so service designers see what is missing. */
export const DEMO_DRAFT_EVERY = 20;

/** A small, stable number from a text (FNV-1a), for deterministic demo variation. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A complete demo description: what `draftDescription` knows from the UPL, with the other AP05
 * elements filled in by the kind of product. Texts say plainly where they are an example (the fee).
 * Every DEMO_DRAFT_EVERY-th service of a municipality, province or water board (by a stable hash)
 * keeps the gaps of the draft and stays a draft.
 */
export function demoDescription(
  product: UplProduct,
  organisation: OfferingOrganisation & { national: boolean },
  serviceId: string,
  awbDefault: Pick<DefaultDecisionTerm, 'weeks'>,
): { description: ServiceDescription; status: ServiceStatus } {
  const draft = draftDescription(product, organisation, serviceId);
  const hash = stableHash(`${organisation.code} ${product.uri}`);
  // A national product has one provider: a draft would take it out of the catalog altogether.
  if (!organisation.national && hash % DEMO_DRAFT_EVERY === 0) return { description: draft, status: 'draft' };
  const k = product.kinds;
  const decides = k.application || k.subsidy;
  const business = product.audience.business && !product.audience.citizen;
  const login = business ? 'eHerkenning' : 'DigiD';
  const fee = decides && !k.subsidy && !organisation.national;
  const description: ServiceDescription = {
    ...draft,
    result: draft.result ?? `U krijgt wat u nodig heeft voor: ${product.name}.`,
    // The UPL gives no legal basis for autonomous products: the organisation's own ordinance is it.
    legalBases:
      draft.legalBases.length > 0
        ? draft.legalBases
        : [{ uri: null, label: `Verordening van ${organisation.name} (autonome bevoegdheid)`, link: null }],
    costs: fee
      ? [
          {
            label: 'Leges (voorbeeldbedrag; het bedrag dat geldt staat in de legesverordening)',
            amountCents: 1500 + (hash % 160) * 50,
            validFrom: '2026-01-01',
            validUntil: '2026-12-31',
          },
        ]
      : [],
    conditions: decides
      ? `U komt in aanmerking als u voldoet aan de voorwaarden in ${product.legalBases[0]?.label ?? 'de regeling'}.`
      : k.notification
        ? 'U doet de melding op tijd, vóór u begint of binnen de termijn die de regels noemen.'
        : 'Deze dienst staat open voor iedereen voor wie hij bedoeld is.',
    requirements: decides
      ? `U logt in met ${login}. U heeft de gegevens en bewijsstukken bij de hand die het formulier vraagt.`
      : `U logt in met ${login} en vult de gegevens in die het formulier vraagt.`,
    channels: [
      { kind: 'online', address: `/diensten/${organisation.code}/${serviceId}`, label: 'Online via Loket' },
      { kind: 'counter', address: organisation.name, label: 'Op afspraak' },
    ],
    levelOfAssurance: decides ? 'substantial' : 'low',
    mandatable: draft.mandatable ?? business,
    objectionAndAppeal:
      draft.objectionAndAppeal ??
      `Krijgt u een besluit van ${organisation.name}? Dan staat daarin hoe en wanneer u bezwaar kunt maken. Bent u ontevreden over hoe u bent geholpen, dan kunt u een klacht indienen.`,
    contact: `${organisation.name}, via het contactformulier of aan de balie`,
    serviceLevels: decides
      ? [{ norm: `Besluit binnen ${awbDefault.weeks} weken`, indicator: 'lead_time_days', target: awbDefault.weeks * 7 }]
      : [{ norm: 'Bevestiging van ontvangst binnen 1 werkdag', indicator: 'acknowledgement_days', target: 1 }],
  };
  return { description, status: completeness(description).complete ? 'published' : 'draft' };
}
