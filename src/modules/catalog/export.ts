// Catalog exports of one organisation's published services (pure: items in, text or data out).
//
// 1. Samenwerkende Catalogi 4.0 (SC): the XML that the national search on overheid.nl harvests.
//    Structure as in the SC 4.0 schema (sc.xsd with the OWMS 4.0 schemas it includes):
//      overheidproduct:scproducten
//        overheidproduct:scproduct owms-version="4.0"            one per published service
//          meta/owmskern   dcterms:identifier (page URL), title, language, type, modified,
//                          dcterms:spatial and overheid:authority (the organisation, TOOI URI)
//          meta/owmsmantel dcterms:audience (particulier / ondernemer), dcterms:abstract
//          meta/scmeta     productID, onlineAanvragen (ja / digid / nee), aanvraagURL,
//                          contactpunt, uniformeProductnaam (UPL name with its URI)
//          body/productHTML  the AP05 description as HTML, carried as (escaped) text
// 2. A JSON export with every AP05 element (catalogJsonExportSchema documents the shape; version 1).
//
// Only published services are exported: callers pass only those, and anything else is skipped here too.
import { z } from 'zod';
import { isoDateInAmsterdam } from '../../platform/time/index.ts';
import type { OrganisationType } from '../registry/index.ts';
import {
  channelKinds,
  levelsOfAssurance,
  uplPlaceholderUri,
  type Channel,
  type Cost,
  type DefaultDecisionTerm,
  type LevelOfAssurance,
  type Service,
  type ServiceDescription,
  type UplProduct,
} from './model.ts';

// ---------------------------------------------------------------------------------------------
// Input

export interface ExportOrganisation {
  code: string;
  name: string;
  type: OrganisationType;
  /** TOOI identifier (https://identifier.overheid.nl/tooi/id/...), or null when not known. */
  tooiUri: string | null;
}

export interface ExportItem {
  service: Service;
  description: ServiceDescription;
  product: UplProduct;
  /** The organisation that offers the service. */
  organisation: ExportOrganisation;
  /** Absolute URL of the service page, e.g. https://loket.example/diensten/GM0344/<id> */
  pageUrl: string;
  /** ISO instant of the last change */
  modified: string;
}

/** Only published services are exported. */
export function isExportable(item: ExportItem): boolean {
  return item.service.status === 'published';
}

// ---------------------------------------------------------------------------------------------
// Text safety

/**
 * Characters that may not appear in an XML 1.0 document (C0 controls other than tab, line feed
 * and carriage return, lone surrogates, U+FFFE and U+FFFF), plus DEL and the C1 controls, which
 * XML allows but discourages. They are dropped from every text that goes into an export.
 */
const unsafeCharacters = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without characters that XML cannot carry (see `unsafeCharacters`). */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(unsafeCharacters, '');
}

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attributeEscapes: Record<string, string> = { ...textEscapes, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

/** Text content of an XML element: parses back to exactly `stripUnsafeCharacters(text)`. */
export function escapeXmlText(text: string): string {
  return stripUnsafeCharacters(text).replace(/[&<>\r]/g, (c) => textEscapes[c] ?? c);
}

/** A double-quoted XML attribute value: parses back to exactly `stripUnsafeCharacters(text)` (no whitespace normalisation). */
export function escapeXmlAttribute(text: string): string {
  return stripUnsafeCharacters(text).replace(/[&<>"'\t\n\r]/g, (c) => attributeEscapes[c] ?? c);
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value in HTML. */
export function escapeHtml(text: string): string {
  return stripUnsafeCharacters(text).replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/**
 * The URL in normal form when it is an absolute http(s) URL, or a root-relative path ("/diensten/…")
 * and a `base` to resolve it against; else null (so no `javascript:` links and no invalid anyURI).
 */
export function httpUrl(text: string | null, base: string | null = null): string | null {
  if (text === null) return null;
  const trimmed = stripUnsafeCharacters(text).trim();
  const absolute = /^https?:\/\//i.test(trimmed);
  const rootRelative = base !== null && trimmed.startsWith('/') && !trimmed.startsWith('//');
  if (!absolute && !rootRelative) return null;
  try {
    const url = absolute ? new URL(trimmed) : new URL(trimmed, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Trimmed text without unsafe characters, or null when nothing is left. */
function filled(text: string | null): string | null {
  if (text === null) return null;
  const t = stripUnsafeCharacters(text).trim();
  return t === '' ? null : t;
}

/** xs:dateTime in UTC without milliseconds; throws on an invalid instant (a programming error of the caller). */
function instant(text: string, what: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${what} is not a valid ISO instant: ${JSON.stringify(text)}`);
  return date;
}

const xsDateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------------
// Samenwerkende Catalogi 4.0

const ns = {
  overheidproduct: 'http://standaarden.overheid.nl/product/terms/',
  dcterms: 'http://purl.org/dc/terms/',
  overheid: 'http://standaarden.overheid.nl/owms/terms/',
} as const;

/**
 * OWMS scheme of the organisation as bevoegd gezag (overheid:authority) and as location
 * (dcterms:spatial). SC 4.0 allows Gemeente, GGD, Ministerie, Provincie, Waterschap and
 * AndereOrganisatie for authority; Gemeente, GGD, Provincie, Waterschap and Koninkrijksdeel for spatial.
 * Implementing agencies (ZBOs such as RDW or UWV) are AndereOrganisatie; national organisations have no spatial.
 */
const owmsSchemes: Record<OrganisationType, { authority: string; spatial: string | null }> = {
  municipality: { authority: 'overheid:Gemeente', spatial: 'overheid:Gemeente' },
  province: { authority: 'overheid:Provincie', spatial: 'overheid:Provincie' },
  water_board: { authority: 'overheid:Waterschap', spatial: 'overheid:Waterschap' },
  ministry: { authority: 'overheid:Ministerie', spatial: null },
  agency: { authority: 'overheid:AndereOrganisatie', spatial: null },
};

/** The SC value of onlineAanvragen. */
export type OnlineApplication = 'ja' | 'digid' | 'nee';

/**
 * The first online channel with an http(s) address: where to apply online. Root-relative addresses
 * (Loket's own forms, "/diensten/…") are resolved against `pageUrl`, the absolute URL of the service page.
 */
export function onlineChannel(description: ServiceDescription, pageUrl: string): { url: string; label: string | null } | null {
  for (const channel of description.channels) {
    if (channel.kind !== 'online') continue;
    const url = httpUrl(channel.address, httpUrl(pageUrl));
    if (url) return { url, label: filled(channel.label) };
  }
  return null;
}

/**
 * SC onlineAanvragen: `nee` without an online channel; `digid` when citizens apply online (they log in
 * with DigiD at the required level of assurance); `ja` for businesses only (eHerkenning).
 */
export function onlineApplication(description: ServiceDescription, pageUrl: string): OnlineApplication {
  if (!onlineChannel(description, pageUrl)) return 'nee';
  return description.audience.citizen && description.levelOfAssurance !== null ? 'digid' : 'ja';
}

export interface ScOptions {
  /** ISO instant the export was made; also the date on which the costs shown apply. */
  generatedAt: string;
  /** Awb 4:13 lid 2, for services without a statutory decision term (data/upl/awb-decision-terms.json). */
  defaultDecisionTerm?: DefaultDecisionTerm;
}

/**
 * The Samenwerkende Catalogi 4.0 document of the published items, in the order given.
 * Every text is XML-escaped, characters XML cannot carry are dropped. Note that the schema requires
 * at least one scproduct: without published items the result is an empty `scproducten`, which is
 * well-formed but not schema-valid, so callers should not offer it for harvesting.
 */
export function samenwerkendeCatalogiXml(items: readonly ExportItem[], options: ScOptions): string {
  const generatedAt = instant(options.generatedAt, 'generatedAt');
  const today = isoDateInAmsterdam(generatedAt);
  const products = items.filter(isExportable).map((item) => scProduct(item, today, options.defaultDecisionTerm ?? null));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Samenwerkende Catalogi 4.0, gemaakt door Loket op ${xsDateTime(generatedAt)} (${products.length} producten) -->`,
    `<overheidproduct:scproducten xmlns:overheidproduct="${ns.overheidproduct}" xmlns:dcterms="${ns.dcterms}" xmlns:overheid="${ns.overheid}">`,
    ...products,
    '</overheidproduct:scproducten>',
    '',
  ].join('\n');
}

/** An element with simple content: `<name a="…">text</name>`. */
function element(name: string, text: string, attributes: Record<string, string> = {}): string {
  const atts = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(v)}"`)
    .join('');
  return `<${name}${atts}>${escapeXmlText(text)}</${name}>`;
}

function scProduct(item: ExportItem, today: string, awbDefault: DefaultDecisionTerm | null): string {
  const { service, description: d, product, organisation: org } = item;
  const identifier = httpUrl(item.pageUrl);
  if (!identifier) throw new RangeError(`pageUrl of service ${service.id} is not an absolute http(s) URL: ${JSON.stringify(item.pageUrl)}`);
  const modified = xsDateTime(instant(item.modified, `modified of service ${service.id}`));
  const title = exportTitle(item);
  const orgName = filled(org.name) ?? org.code;
  const tooi = httpUrl(org.tooiUri);
  const schemes = owmsSchemes[org.type];

  const kern: string[] = [
    element('dcterms:identifier', identifier),
    element('dcterms:title', title),
    element('dcterms:language', 'nl'),
    element('dcterms:type', 'productbeschrijving', { scheme: 'overheid:Informatietype' }),
    element('dcterms:modified', modified),
  ];
  // SC requires a resourceIdentifier on both; without a TOOI URI the organisation cannot be named here.
  if (tooi && schemes.spatial) kern.push(element('dcterms:spatial', orgName, { scheme: schemes.spatial, resourceIdentifier: tooi }));
  if (tooi) kern.push(element('overheid:authority', orgName, { scheme: schemes.authority, resourceIdentifier: tooi }));

  const audiences: string[] = [];
  if (d.audience.citizen) audiences.push('particulier');
  if (d.audience.business) audiences.push('ondernemer');
  const mantel =
    audiences.length === 0
      ? []
      : [
          '<overheidproduct:owmsmantel>',
          ...audiences.map((a) => element('dcterms:audience', a, { scheme: 'overheid:Doelgroep' })),
          element('dcterms:abstract', filled(d.result) ?? title),
          '</overheidproduct:owmsmantel>',
        ];

  const online = onlineChannel(d, identifier);
  const scmeta: string[] = [
    element('overheidproduct:productID', service.id),
    element('overheidproduct:onlineAanvragen', onlineApplication(d, identifier)),
  ];
  if (online) scmeta.push(element('overheidproduct:aanvraagURL', online.label ?? 'Online aanvragen', { resourceIdentifier: online.url }));
  const contactUrl = httpUrl(d.contact);
  if (contactUrl) scmeta.push(element('overheidproduct:contactpunt', 'Contact', { resourceIdentifier: contactUrl }));
  // The UPL URI is an identifier: passed as it is (some have non-ASCII letters, fine in xs:anyURI), only checked.
  const uplUri = product.uri === uplPlaceholderUri || !httpUrl(product.uri) ? null : stripUnsafeCharacters(product.uri).trim();
  const uplName = filled(product.name);
  if (uplUri && uplName) {
    scmeta.push(
      element('overheidproduct:uniformeProductnaam', uplName, { scheme: 'overheid:UniformeProductnaam', resourceIdentifier: uplUri }),
    );
  }

  return [
    '  <overheidproduct:scproduct owms-version="4.0">',
    '    <overheidproduct:meta>',
    '      <overheidproduct:owmskern>',
    ...kern.map((l) => `        ${l}`),
    '      </overheidproduct:owmskern>',
    ...mantel.map((l, i) => (i === 0 || i === mantel.length - 1 ? `      ${l}` : `        ${l}`)),
    '      <overheidproduct:scmeta>',
    ...scmeta.map((l) => `        ${l}`),
    '      </overheidproduct:scmeta>',
    '    </overheidproduct:meta>',
    '    <overheidproduct:body>',
    `      ${element('overheidproduct:productHTML', productHtml(item, today, awbDefault))}`,
    '    </overheidproduct:body>',
    '  </overheidproduct:scproduct>',
  ].join('\n');
}

/** The title in the export: the service title, else the UPL name, else the id (dcterms:title may not be empty). */
export function exportTitle(item: ExportItem): string {
  const own = stripUnsafeCharacters(item.service.title);
  if (own.trim() !== '') return own;
  const upl = filled(item.product.name);
  return upl ? upl.charAt(0).toLocaleUpperCase('nl') + upl.slice(1) : item.service.id;
}

// ---------------------------------------------------------------------------------------------
// The description as HTML (SC productHTML), in Dutch, plain language

const assuranceLabels: Record<LevelOfAssurance, string> = { low: 'laag', substantial: 'substantieel', high: 'hoog' };

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const dutchDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** € 12,34 */
export function formatEuroCents(cents: number): string {
  return euro.format(cents / 100).replace(/\u00A0/g, ' ');
}

function formatDate(isoDate: string): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(t) ? isoDate : dutchDate.format(t);
}

/** Paragraphs from plain text: blank lines separate paragraphs, single line breaks stay line breaks. */
function paragraphs(text: string): string {
  return stripUnsafeCharacters(text)
    .split(/\r?\n\s*\r?\n|\r\s*\r/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(
      (p) =>
        `<p>${p
          .split(/\r?\n|\r/)
          .map(escapeHtml)
          .join('<br />')}</p>`,
    )
    .join('');
}

const list = (entries: string[]): string => (entries.length === 0 ? '' : `<ul>${entries.map((e) => `<li>${e}</li>`).join('')}</ul>`);
const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

function costLines(costs: readonly Cost[], today: string): string {
  if (costs.length === 0) return '<p>Hieraan zijn geen kosten verbonden.</p>';
  const current = costs.filter((c) => c.validUntil === null || c.validUntil >= today);
  if (current.length === 0) return '<p>De kosten zijn nog niet bekend.</p>';
  return list(
    current.map((c) => {
      const period =
        c.validFrom > today
          ? ` (vanaf ${formatDate(c.validFrom)})`
          : c.validUntil !== null
            ? ` (tot en met ${formatDate(c.validUntil)})`
            : '';
      return `${escapeHtml(c.label)}: ${escapeHtml(formatEuroCents(c.amountCents))}${escapeHtml(period)}`;
    }),
  );
}

function channelLine(c: Channel, pageUrl: string | null): string {
  const label = filled(c.label);
  const address = stripUnsafeCharacters(c.address).trim();
  switch (c.kind) {
    case 'online': {
      const url = httpUrl(c.address, pageUrl);
      return url ? link(url, label ?? 'Online aanvragen') : escapeHtml(`Online: ${label ?? address}`);
    }
    case 'email': {
      const valid = /^[^\s@<>"]+@[^\s@<>"]+$/.test(address);
      return valid ? `E-mail: ${link(`mailto:${address}`, label ?? address)}` : escapeHtml(`E-mail: ${address}`);
    }
    case 'counter':
      return escapeHtml(`${label ?? 'Aan de balie'}: ${address}`);
    case 'phone':
      return escapeHtml(`${label ?? 'Telefoon'}: ${address}`);
    case 'post':
      return escapeHtml(`${label ?? 'Per post'}: ${address}`);
  }
}

function loginSentence(d: ServiceDescription, pageUrl: string): string {
  if (d.levelOfAssurance === null || !onlineChannel(d, pageUrl)) return '';
  const means = d.audience.citizen && d.audience.business ? 'DigiD of eHerkenning' : d.audience.business ? 'eHerkenning' : 'DigiD';
  return `<p>Online logt u in met ${means}, op betrouwbaarheidsniveau ${assuranceLabels[d.levelOfAssurance]}.</p>`;
}

function termSection(d: ServiceDescription, awbDefault: DefaultDecisionTerm | null): string {
  if (!(d.kinds.application || d.kinds.subsidy)) return '';
  const weeks = (n: number): string => (n === 1 ? '1 week' : `${n} weken`);
  const parts: string[] = [];
  if (d.statutoryDecisionTermWeeks !== null) parts.push(`<p>Wij beslissen binnen ${weeks(d.statutoryDecisionTermWeeks)}.</p>`);
  else if (awbDefault) parts.push(`<p>Wij beslissen binnen ${weeks(awbDefault.weeks)} (${escapeHtml(awbDefault.citation)}).</p>`);
  else parts.push('<p>Wij beslissen binnen de termijn van de Algemene wet bestuursrecht (artikel 4:13).</p>');
  // Awb 4:20a–4:20f: positive decision by operation of law; Awb 4:17: penalty for late decisions.
  if (d.silenceConsentApplies)
    parts.push('<p>Beslissen wij niet op tijd? Dan krijgt u wat u heeft aangevraagd. Dit heet een besluit van rechtswege.</p>');
  if (d.dwangsomApplies) {
    parts.push(
      '<p>Beslissen wij niet op tijd? Stuur ons dan een ingebrekestelling. Beslissen wij daarna nog niet, dan betalen wij u een dwangsom.</p>',
    );
  }
  return `<h2>Hoe lang duurt het?</h2>${parts.join('')}`;
}

function section(heading: string, body: string): string {
  return body === '' ? '' : `<h2>${escapeHtml(heading)}</h2>${body}`;
}

/** The AP05 description as an HTML fragment (every text HTML-escaped; links only to http(s) and mailto). */
export function productHtml(item: ExportItem, today: string, awbDefault: DefaultDecisionTerm | null = null): string {
  const d = item.description;
  const pageUrl = httpUrl(item.pageUrl);
  const mandate =
    d.mandatable === true
      ? '<p>Iemand anders mag dit voor u regelen. Daarvoor machtigt u die persoon.</p>'
      : d.mandatable === false
        ? '<p>U moet dit zelf regelen. Iemand anders machtigen kan niet.</p>'
        : '';
  const legal = d.legalBases.map((b) => {
    const href = httpUrl(b.link);
    const label = filled(b.label) ?? b.uri ?? '';
    return href ? link(href, label) : escapeHtml(label);
  });
  return [
    item.service.localText ? paragraphs(item.service.localText) : '',
    section('Wat krijgt u?', d.result ? paragraphs(d.result) : ''),
    section('Voorwaarden', d.conditions ? paragraphs(d.conditions) : ''),
    section('Wat heeft u nodig?', d.requirements ? paragraphs(d.requirements) : ''),
    section('Kosten', d.costs === null ? '' : costLines(d.costs, today)),
    section('Aanvragen', list(d.channels.map((c) => channelLine(c, pageUrl))) + loginSentence(d, item.pageUrl) + mandate),
    termSection(d, awbDefault),
    section('Onze afspraken', list(d.serviceLevels.map((s) => escapeHtml(s.norm)))),
    section('Bezwaar en beroep', d.objectionAndAppeal ? paragraphs(d.objectionAndAppeal) : ''),
    section('Wetten en regels', list(legal.filter((l) => l !== ''))),
    section('Contact', d.contact ? paragraphs(d.contact) : ''),
  ].join('');
}

// ---------------------------------------------------------------------------------------------
// JSON export (version 1)

const organisationTypeValues = Object.keys(owmsSchemes) as [OrganisationType, ...OrganisationType[]];

const organisationJson = z
  .object({
    code: z.string().describe('Code in the organisation register: CBS code (GM0344, PV26) or an agreed code (WS-…, MIN-…)'),
    name: z.string(),
    type: z.enum(organisationTypeValues),
    tooiUri: z.string().nullable().describe('TOOI identifier (identifier.overheid.nl), null when not known'),
  })
  .strict();

const textOrNull = z.string().nullable();

export const catalogJsonServiceSchema = z
  .object({
    id: z.string().describe('Service id (UUIDv7)'),
    title: z.string(),
    url: z.string().describe('Absolute URL of the service page'),
    modified: z.string().describe('ISO instant of the last change'),
    localText: textOrNull.describe("The organisation's own text (markdown), or null"),
    organisation: organisationJson.describe('The organisation that offers the service'),
    upl: z
      .object({
        uri: z.string().describe('OWMS URI of the product in the Uniforme Productnamenlijst'),
        name: z.string().describe('Uniforme productnaam'),
        sdgCodes: z.array(z.string()).describe('EU Single Digital Gateway codes'),
      })
      .strict(),
    onlineApplication: z
      .object({
        available: z.boolean().describe('There is an online channel with a web address'),
        url: textOrNull,
      })
      .strict(),
    description: z
      .object({
        version: z.number().int().describe('Goes up by one with every change'),
        result: textOrNull.describe('AP05 2: what the customer gets'),
        responsibleOrganisationCode: textOrNull.describe('AP05 3: the one responsible organisation'),
        legalBases: z.array(z.object({ uri: textOrNull, label: z.string(), link: textOrNull }).strict()).describe('AP05 4: legal bases'),
        costs: z
          .array(
            z
              .object({
                label: z.string(),
                amountCents: z.number().int().describe('Amount in euro cents'),
                currency: z.literal('EUR'),
                validFrom: z.string().describe('YYYY-MM-DD, inclusive'),
                validUntil: textOrNull.describe('YYYY-MM-DD, inclusive; null = open-ended'),
              })
              .strict(),
          )
          .nullable()
          .describe('AP05 5: prices; [] = free of charge, null = not filled in'),
        conditions: textOrNull.describe('AP05 5 and 8: delivery conditions and who is eligible'),
        requirements: textOrNull.describe('AP05 8: what the customer needs to bring or send'),
        channels: z
          .array(z.object({ kind: z.enum(channelKinds), address: z.string(), label: textOrNull }).strict())
          .describe('AP05 6: how to apply'),
        levelOfAssurance: z.enum(levelsOfAssurance).nullable().describe('AP05 7: required eIDAS level of the login'),
        statutoryDecisionTermWeeks: z.number().nullable().describe('Statutory decision term in weeks; null = the Awb 4:13 default applies'),
        silenceConsentApplies: z.boolean().describe('Lex silencio positivo (Awb §4.1.3.3)'),
        dwangsomApplies: z.boolean().describe('Penalty for late decisions (Awb §4.1.3.2)'),
        mandatable: z.boolean().nullable().describe('Someone may act on the customer’s behalf; null = not decided'),
        objectionAndAppeal: textOrNull.describe('How to object and appeal (Awb 6:4, 7:1)'),
        contact: textOrNull,
        serviceLevels: z
          .array(z.object({ norm: z.string(), indicator: textOrNull, target: z.number().nullable() }).strict())
          .describe('AP05 9–10: quality norms and service levels'),
        audience: z.object({ citizen: z.boolean(), business: z.boolean() }).strict(),
        kinds: z.object({ application: z.boolean(), subsidy: z.boolean(), notification: z.boolean(), obligation: z.boolean() }).strict(),
      })
      .strict(),
  })
  .strict();

export const catalogJsonExportSchema = z
  .object({
    format: z.literal('loket-catalog-export'),
    version: z.literal(1).describe('Shape version; a breaking change gets a new number'),
    generatedAt: z.string().describe('ISO instant the export was made'),
    organisation: organisationJson.describe('The organisation whose services are exported'),
    services: z.array(catalogJsonServiceSchema).describe('Published services, in the order given'),
  })
  .strict();

export type CatalogJsonService = z.infer<typeof catalogJsonServiceSchema>;
export type CatalogJsonExport = z.infer<typeof catalogJsonExportSchema>;

export interface JsonExportOptions {
  generatedAt: string;
  organisation: ExportOrganisation;
}

/** The JSON export of the published items (every AP05 element; costs in euro cents). */
export function catalogJsonExport(items: readonly ExportItem[], options: JsonExportOptions): CatalogJsonExport {
  return {
    format: 'loket-catalog-export',
    version: 1,
    generatedAt: instant(options.generatedAt, 'generatedAt').toISOString(),
    organisation: organisationOf(options.organisation),
    services: items.filter(isExportable).map(jsonService),
  };
}

function organisationOf(o: ExportOrganisation): CatalogJsonExport['organisation'] {
  return { code: o.code, name: o.name, type: o.type, tooiUri: o.tooiUri };
}

function jsonService(item: ExportItem): CatalogJsonService {
  const { service, description: d, product } = item;
  const online = onlineChannel(d, item.pageUrl);
  return {
    id: service.id,
    title: service.title,
    url: item.pageUrl,
    modified: instant(item.modified, `modified of service ${service.id}`).toISOString(),
    localText: service.localText,
    organisation: organisationOf(item.organisation),
    upl: { uri: product.uri, name: product.name, sdgCodes: [...product.sdgCodes] },
    onlineApplication: { available: online !== null, url: online?.url ?? null },
    description: {
      version: d.version,
      result: d.result,
      responsibleOrganisationCode: d.responsibleOrganisationCode,
      legalBases: d.legalBases.map((b) => ({ uri: b.uri, label: b.label, link: b.link })),
      costs:
        d.costs?.map((c) => ({
          label: c.label,
          amountCents: c.amountCents,
          currency: 'EUR' as const,
          validFrom: c.validFrom,
          validUntil: c.validUntil,
        })) ?? null,
      conditions: d.conditions,
      requirements: d.requirements,
      channels: d.channels.map((c) => ({ kind: c.kind, address: c.address, label: c.label })),
      levelOfAssurance: d.levelOfAssurance,
      statutoryDecisionTermWeeks: d.statutoryDecisionTermWeeks,
      silenceConsentApplies: d.silenceConsentApplies,
      dwangsomApplies: d.dwangsomApplies,
      mandatable: d.mandatable,
      objectionAndAppeal: d.objectionAndAppeal,
      contact: d.contact,
      serviceLevels: d.serviceLevels.map((s) => ({ norm: s.norm, indicator: s.indicator, target: s.target })),
      audience: { citizen: d.audience.citizen, business: d.audience.business },
      kinds: {
        application: d.kinds.application,
        subsidy: d.kinds.subsidy,
        notification: d.kinds.notification,
        obligation: d.kinds.obligation,
      },
    },
  };
}
