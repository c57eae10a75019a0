// Catalog exports: Samenwerkende Catalogi 4.0 XML validated against the SC schema with libxml2
// (xmllint-wasm), escaping properties with fast-check, and the JSON export shape.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateXML, type XMLFileInfo, type XMLValidationResult } from 'xmllint-wasm';
import {
  catalogJsonExport,
  catalogJsonExportSchema,
  exportTitle,
  productHtml,
  samenwerkendeCatalogiXml,
  type ExportItem,
  type ExportOrganisation,
} from './export.ts';
import {
  checkPublishable,
  draftDescription,
  parseUplCsv,
  serviceTitle,
  uplPlaceholderUri,
  type Channel,
  type ServiceDescription,
  type UplProduct,
} from './model.ts';
import { defaultDecisionTerm, shippedUplFile, uplDir } from './reference.ts';

// ---------------------------------------------------------------------------------------------
// The schema
//
// sc.xsd and its two redefinitions are shipped in data/upl. They include the OWMS 4.0 base
// schemas by relative path (../../../owms/4.0/xsd/…), which are not shipped. The stand-ins below
// declare what sc.xsd uses from them, with the same names, types and cardinalities as OWMS 4.0
// (owms-types: DateTimeFormat, NonEmptyString, SchemeName, URI; the schemes; the classes Agent,
// Location, FreeText, InformationObject, …; the dcterms elements and the overheid:owmskern group).
// The SC-specific rules (required resourceIdentifier on authority and spatial, the allowed schemes,
// type "productbeschrijving", scmeta, owmsmantel, body) come from the shipped SC files themselves.

const xs = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';
const xmlNs = 'xmlns:xml="http://www.w3.org/XML/1998/namespace"';
const overheidNs = 'xmlns:overheid="http://standaarden.overheid.nl/owms/terms/"';
const importXml = '<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml-att.xsd"/>';

const scheme = (name: string, values: string[]): string =>
  `<xs:simpleType name="Overheid${name}"><xs:restriction base="xs:QName">${values.map((v) => `<xs:enumeration value="overheid:${v}"/>`).join('')}</xs:restriction></xs:simpleType>` +
  `<xs:simpleType name="${name}"><xs:union memberTypes="Overheid${name}"><xs:simpleType><xs:restriction base="SchemeName"/></xs:simpleType></xs:union></xs:simpleType>`;
const owmsSchemes = [
  scheme('AgentScheme', [
    'Adviescollege',
    'Deelgemeente',
    'StatenGeneraal',
    'Dienst',
    'DienstAgentschapInstellingOfProject',
    'Gemeente',
    'HoogCollegeVanStaat',
    'Koepelorganisatie',
    'KoninklijkHuis',
    'Ministerie',
    'OpenbaarLichaamVoorBedrijfEnBeroep',
    'Politiekorps',
    'Provincie',
    'RechterlijkeMacht',
    'Regering',
    'RegionaalSamenwerkingsorgaan',
    'Rijksinspectie',
    'Waterschap',
    'ZelfstandigBestuursorgaan',
  ]),
  scheme('AgentClassScheme', ['Doelgroep']),
  scheme('LocationScheme', ['PostcodeHuisnummer', 'Gemeente', 'Provincie', 'Waterschap']),
  scheme('BeslissendOrgaanScheme', [
    'BestuursorgaanDeelgemeente',
    'BestuursorgaanGemeente',
    'BestuursorgaanMinisterie',
    'BestuursorgaanProvincie',
    'BestuursorgaanRegionaalSamenwerkingsorgaan',
    'BestuursorgaanWaterschap',
  ]),
  scheme('InformationTypeScheme', ['Informatietype']),
].join('');
const simpleContent = (name: string, base: string, attributes: string): string =>
  `<xs:complexType name="${name}"><xs:simpleContent><xs:extension base="${base}">${attributes}</xs:extension></xs:simpleContent></xs:complexType>`;
const attribute = (name: string, type: string, use: 'required' | 'optional'): string =>
  `<xs:attribute name="${name}" type="${type}" use="${use}"/>`;
const schemeAndUri = (schemeType: string, use: 'required' | 'optional'): string =>
  attribute('scheme', schemeType, use) + attribute('resourceIdentifier', 'URI', 'optional');
const owmsClasses = [
  simpleContent('Agent', 'NonEmptyString', schemeAndUri('AgentScheme', 'required')),
  simpleContent('AgentClassOrFreeText', 'NonEmptyString', schemeAndUri('AgentClassScheme', 'optional')),
  simpleContent('AgentOrFreeText', 'NonEmptyString', schemeAndUri('AgentScheme', 'optional')),
  simpleContent('BeslissendOrgaan', 'NonEmptyString', schemeAndUri('BeslissendOrgaanScheme', 'required')),
  simpleContent('FreeText', 'NonEmptyString', '<xs:attribute ref="xml:lang" use="optional"/>'),
  simpleContent('InformationObject', 'xs:string', attribute('resourceIdentifier', 'xs:anyURI', 'required')),
  simpleContent('InformationType', 'NonEmptyString', schemeAndUri('InformationTypeScheme', 'required')),
  simpleContent('Location', 'NonEmptyString', schemeAndUri('LocationScheme', 'required')),
  '<xs:complexType name="PeriodOfTime"><xs:sequence><xs:element name="start" type="DateTimeFormat"/>' +
    '<xs:element name="end" type="DateTimeFormat" minOccurs="0"/><xs:any minOccurs="0" maxOccurs="unbounded" namespace="##other"/></xs:sequence></xs:complexType>',
  simpleContent(
    'TripleType',
    'xs:string',
    attribute('scheme', 'SchemeName', 'optional') + attribute('resourceIdentifier', 'URI', 'optional'),
  ),
].join('');
const owmsTypes =
  '<xs:simpleType name="DateTimeFormat"><xs:union memberTypes="xs:date xs:dateTime"/></xs:simpleType>' +
  '<xs:simpleType name="NonEmptyString"><xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction></xs:simpleType>' +
  '<xs:simpleType name="SchemeName"><xs:restriction base="xs:QName"><xs:pattern value="(overheid|\\p{Ll}+):\\p{Lu}\\c+"/></xs:restriction></xs:simpleType>' +
  '<xs:simpleType name="URI"><xs:restriction base="xs:anyURI"><xs:minLength value="1"/></xs:restriction></xs:simpleType>';
const dctermsElements = (
  [
    ['identifier', 'URI'],
    ['title', 'FreeText'],
    ['type', 'InformationType'],
    ['modified', 'DateTimeFormat'],
    ['creator', 'Agent'],
    ['spatial', 'Location'],
    ['temporal', 'PeriodOfTime'],
    ['language', 'xs:language'],
    ['abstract', 'FreeText'],
    ['audience', 'AgentClassOrFreeText'],
    ['subject', 'TripleType'],
  ] as const
)
  .map(([name, type]) => `<xs:element name="${name}" type="${type}"/>`)
  .join('');
const owmskern =
  '<xs:group name="owmskern"><xs:sequence>' +
  '<xs:element ref="dcterms:identifier"/><xs:element ref="dcterms:title"/><xs:element ref="dcterms:language" maxOccurs="unbounded"/>' +
  '<xs:element ref="dcterms:type"/><xs:element ref="dcterms:creator" minOccurs="0" maxOccurs="unbounded"/><xs:element ref="dcterms:modified"/>' +
  '<xs:element ref="dcterms:spatial" minOccurs="0" maxOccurs="unbounded"/><xs:element ref="dcterms:temporal" minOccurs="0"/>' +
  '<xs:element ref="overheid:authority" minOccurs="0" maxOccurs="unbounded"/>' +
  '</xs:sequence></xs:group>';
const owmsStandIns: Record<string, string> = {
  'owms-types.xsd': `<xs:schema ${xs}>${owmsTypes}</xs:schema>`,
  'overheid-schemes.xsd': `<xs:schema ${xs} ${overheidNs}><xs:include schemaLocation="owms-types.xsd"/>${owmsSchemes}</xs:schema>`,
  'owms-classes.xsd': `<xs:schema ${xs} ${xmlNs}><xs:include schemaLocation="overheid-schemes.xsd"/>${importXml}${owmsClasses}</xs:schema>`,
  'xml-att.xsd': `<xs:schema ${xs} targetNamespace="http://www.w3.org/XML/1998/namespace"><xs:attribute name="lang" type="xs:language"/></xs:schema>`,
  'dcterms-elem.xsd':
    `<xs:schema ${xs} ${xmlNs} ${overheidNs} xmlns="http://purl.org/dc/terms/" targetNamespace="http://purl.org/dc/terms/" elementFormDefault="unqualified">` +
    `${importXml}<xs:include schemaLocation="owms-types.xsd"/>${owmsSchemes}${owmsClasses}${dctermsElements}</xs:schema>`,
  'owms.xsd':
    `<xs:schema ${xs} ${xmlNs} ${overheidNs} xmlns:dcterms="http://purl.org/dc/terms/" xmlns="http://standaarden.overheid.nl/owms/terms/" ` +
    `targetNamespace="http://standaarden.overheid.nl/owms/terms/" elementFormDefault="unqualified">` +
    `<xs:import namespace="http://purl.org/dc/terms/" schemaLocation="dcterms-elem.xsd"/>${importXml}<xs:include schemaLocation="owms-types.xsd"/>` +
    `${owmsSchemes}${owmsClasses}<xs:element name="authority" type="Agent"/>${owmskern}</xs:schema>`,
};

// The folder layout of standaarden.overheid.nl, so the relative schemaLocations of sc.xsd resolve.
const scDir = 'standaarden.overheid.nl/sc/4.0/xsd/';
const owmsDir = 'standaarden.overheid.nl/owms/4.0/xsd/';
const shipped = (name: string): XMLFileInfo => ({ fileName: scDir + name, contents: fs.readFileSync(path.join(uplDir, name), 'utf8') });
const scSchema = shipped('sc.xsd');
const preload: XMLFileInfo[] = [
  shipped('sc-owms-classes-redef.xsd'),
  shipped('sc-overheid-classes-redef.xsd'),
  ...Object.entries(owmsStandIns).map(([name, contents]) => ({ fileName: owmsDir + name, contents })),
];

/** Validates against sc.xsd; `normalized` is libxml2's canonical form (C14N) of the document. */
function validate(xml: string): Promise<XMLValidationResult> {
  return validateXML({ xml: [{ fileName: 'export.xml', contents: xml }], schema: [scSchema], preload, normalization: 'c14n' });
}

/** Text content of every `name` element, as libxml2 parsed it (read from its canonical form). */
function texts(c14n: string, name: string): string[] {
  const decode = (s: string): string =>
    s.replace(/&(amp|lt|gt|#xD);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', '#xD': '\r' })[e] ?? '');
  return [...c14n.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => decode(m[1] ?? ''));
}

/** An attribute value of every `name` element, as libxml2 parsed it. */
function attributeValues(c14n: string, name: string, att: string): string[] {
  const decode = (s: string): string =>
    s.replace(
      /&(amp|lt|quot|#x9|#xA|#xD);/g,
      (_, e: string) => ({ amp: '&', lt: '<', quot: '"', '#x9': '\t', '#xA': '\n', '#xD': '\r' })[e] ?? '',
    );
  return [...c14n.matchAll(new RegExp(`<${name} [^>]*?${att}="([^"]*)"`, 'g'))].map((m) => decode(m[1] ?? ''));
}

/** The XML 1.0 Char production without the discouraged DEL and C1 controls: an oracle independent of export.ts. */
function xmlCharactersOnly(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0x7e) ||
      (c >= 0xa0 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff);
    if (ok) out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Test data: real UPL products, offered by four kinds of organisation

const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const products = parsed.products.filter((p) => p.uri !== uplPlaceholderUri);
const byName = (name: string): UplProduct => {
  const p = products.find((x) => x.name === name);
  if (!p) throw new Error(`no product ${name}`);
  return p;
};

const utrecht: ExportOrganisation = {
  code: 'GM0344',
  name: 'Utrecht',
  type: 'municipality',
  tooiUri: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0344',
};
const provinceUtrecht: ExportOrganisation = {
  code: 'PV26',
  name: 'Utrecht',
  type: 'province',
  tooiUri: 'https://identifier.overheid.nl/tooi/id/provincie/pv26',
};
const brabantseDelta: ExportOrganisation = {
  code: 'WS-BRABANTSEDELTA',
  name: 'Waterschap Brabantse Delta',
  type: 'water_board',
  tooiUri: 'https://identifier.overheid.nl/tooi/id/waterschap/ws0652',
};
const bzk: ExportOrganisation = {
  code: 'MIN-BZK',
  name: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties',
  type: 'ministry',
  tooiUri: 'https://identifier.overheid.nl/tooi/id/ministerie/mnre1034',
};

const generatedAt = '2026-11-29T10:00:00Z';
const today = '2026-11-29';
const awbDefault = defaultDecisionTerm();
let sequence = 0;
const nextId = (): string => `0190a000-0000-7000-8000-${String(++sequence).padStart(12, '0')}`;

/** A description with every AP05 element filled in (draftDescription leaves most of them for the organisation). */
function completeDescription(product: UplProduct, org: ExportOrganisation, serviceId: string, variant: number): ServiceDescription {
  const draft = draftDescription(product, org, serviceId);
  const channels: Channel[] =
    variant % 2 === 0
      ? [
          { kind: 'online', address: `https://loket.example/aanvragen/${serviceId}`, label: 'Vraag online aan' },
          { kind: 'counter', address: 'Stadsplateau 1, Utrecht', label: 'Stadskantoor' },
        ]
      : [
          { kind: 'phone', address: '14 030', label: null },
          { kind: 'email', address: 'info@loket.example', label: null },
        ];
  const audience = draft.audience.citizen || draft.audience.business ? draft.audience : { citizen: true, business: false };
  const description: ServiceDescription = {
    ...draft,
    result: draft.result ?? `U krijgt: ${product.name}.`,
    legalBases: draft.legalBases.length > 0 ? draft.legalBases : [{ uri: null, label: `Verordening van ${org.name}`, link: null }],
    costs: variant % 3 === 0 ? [] : [{ label: 'Leges', amountCents: 1234 + variant, validFrom: '2026-01-01', validUntil: null }],
    conditions: 'U woont in het gebied.\n\nU bent 18 jaar of ouder.',
    requirements: 'Een geldig identiteitsbewijs.',
    channels,
    levelOfAssurance: variant % 2 === 0 ? 'substantial' : 'low',
    statutoryDecisionTermWeeks: variant % 4 === 0 ? 6 : null,
    mandatable: draft.mandatable ?? false,
    objectionAndAppeal: draft.objectionAndAppeal ?? `U kunt bezwaar maken bij ${org.name}.`,
    serviceLevels: [{ norm: 'Besluit binnen 4 weken', indicator: 'lead_time_days', target: 28 }],
    audience,
  };
  const publishable = checkPublishable(description);
  if (!publishable.ok) throw new Error(`test description not complete: ${JSON.stringify(publishable.refusal)}`);
  return description;
}

function exportItem(product: UplProduct, org: ExportOrganisation, variant = 0, status: 'published' | 'draft' = 'published'): ExportItem {
  const id = nextId();
  return {
    service: { id, organisationCode: org.code, uplUri: product.uri, title: serviceTitle(product), localText: null, status },
    description: completeDescription(product, org, id, variant),
    product,
    organisation: org,
    pageUrl: `https://loket.example/diensten/${org.code}/${id}`,
    modified: '2026-11-20T08:15:30.123Z',
  };
}

const offeredBy = (flag: keyof UplProduct['offeredBy'], n: number): UplProduct[] => products.filter((p) => p.offeredBy[flag]).slice(0, n);
const municipalItems = offeredBy('municipality', 8).map((p, i) => exportItem(p, utrecht, i));
const provincialItems = offeredBy('province', 6).map((p, i) => exportItem(p, provinceUtrecht, i));
const waterBoardItems = offeredBy('waterBoard', 6).map((p, i) => exportItem(p, brabantseDelta, i));
const nationalItems = offeredBy('national', 6).map((p, i) => exportItem(p, bzk, i));
// A UPL URI with a non-ASCII letter (financiële_hulp) goes out exactly as the UPL has it.
const financialAid = exportItem(byName('financiële hulp'), provinceUtrecht, 5);
const allItems = [...municipalItems, ...provincialItems, financialAid, ...waterBoardItems, ...nationalItems];

const countOf = (xml: string, needle: string): number => xml.split(needle).length - 1;

// ---------------------------------------------------------------------------------------------

describe('samenwerkendeCatalogiXml', () => {
  it('is valid SC 4.0 for services of a municipality, a province, a water board and a ministry', async () => {
    const draft = exportItem(byName('paspoort'), utrecht, 0, 'draft');
    const xml = samenwerkendeCatalogiXml([...allItems, draft], { generatedAt, defaultDecisionTerm: awbDefault });
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);

    // One scproduct per published service, in order; the draft is left out.
    expect(allItems.length).toBe(27);
    expect(financialAid.product.uri).toBe('http://standaarden.overheid.nl/owms/terms/financiële_hulp');
    expect(countOf(xml, '<overheidproduct:scproduct owms-version="4.0">')).toBe(allItems.length);
    expect(texts(result.normalized, 'overheidproduct:productID')).toEqual(allItems.map((i) => i.service.id));
    expect(xml).not.toContain(draft.service.id);
    expect(texts(result.normalized, 'dcterms:identifier')).toEqual(allItems.map((i) => i.pageUrl));
    expect(texts(result.normalized, 'dcterms:title')).toEqual(allItems.map((i) => i.service.title));
    expect(texts(result.normalized, 'dcterms:modified')).toEqual(allItems.map(() => '2026-11-20T08:15:30Z'));
    expect(texts(result.normalized, 'overheidproduct:uniformeProductnaam')).toEqual(allItems.map((i) => i.product.name));
    expect(attributeValues(result.normalized, 'overheidproduct:uniformeProductnaam', 'resourceIdentifier')).toEqual(
      allItems.map((i) => i.product.uri),
    );
    expect(xml).toContain('<!-- Samenwerkende Catalogi 4.0, gemaakt door Loket op 2026-11-29T10:00:00Z (27 producten) -->');
  });

  it('names the organisation as authority and location with its TOOI URI and the scheme SC wants', () => {
    const xml = samenwerkendeCatalogiXml(
      [municipalItems[0], provincialItems[0], waterBoardItems[0], nationalItems[0]].filter((i) => i !== undefined),
      {
        generatedAt,
      },
    );
    const both = (scheme: string, org: ExportOrganisation): string[] => [
      `<dcterms:spatial scheme="${scheme}" resourceIdentifier="${org.tooiUri ?? ''}">${org.name}</dcterms:spatial>`,
      `<overheid:authority scheme="${scheme}" resourceIdentifier="${org.tooiUri ?? ''}">${org.name}</overheid:authority>`,
    ];
    for (const line of [
      ...both('overheid:Gemeente', utrecht),
      ...both('overheid:Provincie', provinceUtrecht),
      ...both('overheid:Waterschap', brabantseDelta),
    ]) {
      expect(xml).toContain(line);
    }
    // A ministry is bevoegd gezag for the whole country: authority, no spatial.
    expect(xml).toContain(
      '<overheid:authority scheme="overheid:Ministerie" resourceIdentifier="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034">Ministerie van Binnenlandse Zaken en Koninkrijksrelaties</overheid:authority>',
    );
    expect(countOf(xml, '<dcterms:spatial ')).toBe(3);
    expect(countOf(xml, '<overheid:authority ')).toBe(4);
  });

  it('leaves authority and spatial out when the TOOI URI is not known (SC requires it), and stays valid', async () => {
    const agency: ExportOrganisation = { code: 'RVIG', name: 'Rijksdienst voor Identiteitsgegevens', type: 'agency', tooiUri: null };
    const noTooi: ExportOrganisation = { ...brabantseDelta, tooiUri: null };
    const xml = samenwerkendeCatalogiXml([exportItem(byName('paspoort'), agency), exportItem(products[1] ?? byName('paspoort'), noTooi)], {
      generatedAt,
    });
    expect(xml).not.toContain('overheid:authority');
    expect(xml).not.toContain('dcterms:spatial');
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    // With a TOOI URI an agency is AndereOrganisatie, the one SC scheme for implementing agencies.
    const withUri = samenwerkendeCatalogiXml(
      [exportItem(byName('paspoort'), { ...agency, tooiUri: 'https://identifier.overheid.nl/tooi/id/oorg/oorg10103' })],
      {
        generatedAt,
      },
    );
    expect(withUri).toContain('<overheid:authority scheme="overheid:AndereOrganisatie"');
    expect((await validate(withUri)).valid).toBe(true);
  });

  it('the validator really runs: broken documents are rejected with the reason', async () => {
    const xml = samenwerkendeCatalogiXml(municipalItems.slice(0, 2), { generatedAt });
    expect((await validate(xml)).valid).toBe(true);
    const broken: [string, string, RegExp][] = [
      ['owms-version missing', xml.replace(' owms-version="4.0"', ''), /owms-version/],
      [
        'onlineAanvragen not ja/digid/nee',
        xml.replace(/<overheidproduct:onlineAanvragen>\w+</, '<overheidproduct:onlineAanvragen>misschien<'),
        /onlineAanvragen/,
      ],
      [
        'authority without resourceIdentifier (SC redefinition)',
        xml.replace(/(<overheid:authority scheme="[^"]*") resourceIdentifier="[^"]*"/, '$1'),
        /resourceIdentifier/,
      ],
      [
        'authority scheme SC does not allow',
        xml.replace('<overheid:authority scheme="overheid:Gemeente"', '<overheid:authority scheme="overheid:Dienst"'),
        /scheme/,
      ],
      ['type other than productbeschrijving', xml.replace('>productbeschrijving<', '>webpagina<'), /type/],
      ['title empty', xml.replace(/<dcterms:title>[^<]*</, '<dcterms:title><'), /title/],
      ['modified not a date', xml.replace(/<dcterms:modified>[^<]*</, '<dcterms:modified>gisteren<'), /modified/],
      [
        'scmeta before owmskern',
        xml.replace(/<overheidproduct:owmskern>/, '<overheidproduct:productID>x</overheidproduct:productID><overheidproduct:owmskern>'),
        /productID/,
      ],
      ['unescaped ampersand (not well-formed)', xml.replace(/<dcterms:title>/, '<dcterms:title>A & B '), /EntityRef|xmlParseEntityRef|&/],
    ];
    // One xmllint run for all of them; each error names its file.
    const result = await validateXML({
      xml: broken.map(([, doc], i) => ({ fileName: `broken-${i}.xml`, contents: doc })),
      schema: [scSchema],
      preload,
    });
    expect(result.valid).toBe(false);
    broken.forEach(([what, doc, reason], i) => {
      expect(doc, what).not.toBe(xml);
      const errors = result.errors.filter((e) => e.loc?.fileName === `broken-${i}.xml`).map((e) => e.message);
      expect(errors.length, what).toBeGreaterThan(0);
      expect(errors.join('\n'), what).toMatch(reason);
    });
  });

  it('maps the online channel to onlineAanvragen and aanvraagURL', async () => {
    // Paspoort is for citizens and businesses in the UPL; here each item gets one audience.
    const paspoort: UplProduct = { ...byName('paspoort'), audience: { citizen: true, business: false } };
    const online = exportItem(paspoort, utrecht, 0); // online channel, citizens, level substantial
    const offline = exportItem(paspoort, utrecht, 1); // phone and e-mail only
    const business = exportItem(paspoort, utrecht, 0);
    business.description = { ...business.description, audience: { citizen: false, business: true } };
    const unsafe = exportItem(paspoort, utrecht, 0);
    unsafe.description = { ...unsafe.description, channels: [{ kind: 'online', address: 'javascript:alert(1)', label: 'Klik' }] };
    // Loket's own form: a root-relative address, resolved against the page URL.
    const own = exportItem(paspoort, utrecht, 0);
    own.description = {
      ...own.description,
      channels: [{ kind: 'online', address: `/diensten/GM0344/${own.service.id}/aanvragen`, label: null }],
    };
    const xml = samenwerkendeCatalogiXml([online, offline, business, unsafe, own], { generatedAt });
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(texts(result.normalized, 'overheidproduct:onlineAanvragen')).toEqual(['digid', 'nee', 'ja', 'nee', 'digid']);
    expect(attributeValues(result.normalized, 'overheidproduct:aanvraagURL', 'resourceIdentifier')).toEqual([
      `https://loket.example/aanvragen/${online.service.id}`,
      `https://loket.example/aanvragen/${business.service.id}`,
      `https://loket.example/diensten/GM0344/${own.service.id}/aanvragen`,
    ]);
    expect(texts(result.normalized, 'overheidproduct:aanvraagURL')).toEqual(['Vraag online aan', 'Vraag online aan', 'Online aanvragen']);
    expect(xml).not.toContain('javascript:');
    expect(texts(result.normalized, 'dcterms:audience')).toEqual([
      'particulier',
      'particulier',
      'ondernemer',
      'particulier',
      'particulier',
    ]);
    expect(catalogJsonExport([own], { generatedAt, organisation: utrecht }).services[0]?.onlineApplication).toEqual({
      available: true,
      url: `https://loket.example/diensten/GM0344/${own.service.id}/aanvragen`,
    });
  });

  it('puts every AP05 element in productHTML as escaped HTML text', async () => {
    const item = exportItem({ ...byName('paspoort'), audience: { citizen: true, business: false } }, utrecht, 2);
    item.service = { ...item.service, localText: 'Een paspoort is een reisdocument.\nOok voor <kinderen>.' };
    item.description = {
      ...item.description,
      conditions: 'U bent Nederlander & woont in "Utrecht".\n\n<script>alert(1)</script>',
      costs: [
        { label: 'Paspoort volwassene', amountCents: 8430, validFrom: '2026-01-01', validUntil: null },
        { label: 'Oud tarief', amountCents: 7000, validFrom: '2025-01-01', validUntil: '2025-12-31' },
        { label: 'Nieuw tarief', amountCents: 8800, validFrom: '2027-01-01', validUntil: null },
      ],
      statutoryDecisionTermWeeks: null,
      legalBases: [{ uri: null, label: 'Artikel 26 Paspoortwet', link: 'https://wetten.overheid.nl/BWBR0005212/2024-01-01#Artikel26' }],
    };
    const html = productHtml(item, today, awbDefault);
    expect(html).toContain('<p>Een paspoort is een reisdocument.<br />Ook voor &lt;kinderen&gt;.</p>');
    expect(html).toContain(
      '<h2>Voorwaarden</h2><p>U bent Nederlander &amp; woont in &quot;Utrecht&quot;.</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(html).toContain('<h2>Wat heeft u nodig?</h2><p>Een geldig identiteitsbewijs.</p>');
    expect(html).toContain(
      '<h2>Kosten</h2><ul><li>Paspoort volwassene: € 84,30</li><li>Nieuw tarief: € 88,00 (vanaf 1 januari 2027)</li></ul>',
    );
    expect(html).not.toContain('Oud tarief');
    expect(html).toContain(
      `<h2>Aanvragen</h2><ul><li><a href="https://loket.example/aanvragen/${item.service.id}">Vraag online aan</a></li><li>Stadskantoor: Stadsplateau 1, Utrecht</li></ul>`,
    );
    expect(html).toContain('Online logt u in met DigiD, op betrouwbaarheidsniveau substantieel.');
    expect(html).toContain(`Wij beslissen binnen ${awbDefault.weeks} weken (${awbDefault.citation}).`);
    expect(html).toContain('<h2>Bezwaar en beroep</h2>');
    expect(html).toContain('<a href="https://wetten.overheid.nl/BWBR0005212/2024-01-01#Artikel26">Artikel 26 Paspoortwet</a>');
    expect(html).toContain('<h2>Onze afspraken</h2><ul><li>Besluit binnen 4 weken</li></ul>');
    expect(html).toContain('<h2>Contact</h2><p>Utrecht</p>');

    const xml = samenwerkendeCatalogiXml([item], { generatedAt, defaultDecisionTerm: awbDefault });
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    // libxml2 reads back exactly the HTML: escaped once for HTML and once for XML.
    expect(texts(result.normalized, 'overheidproduct:productHTML')).toEqual([html]);
    expect(xml).toContain('&lt;h2&gt;Voorwaarden&lt;/h2&gt;&lt;p&gt;U bent Nederlander &amp;amp; woont');
    expect(texts(result.normalized, 'dcterms:abstract')).toEqual([item.description.result]);
  });

  it('free services say so; a statutory term and silence-is-consent are explained', () => {
    const item = exportItem(byName('paspoort'), utrecht, 0);
    item.description = {
      ...item.description,
      costs: [],
      statutoryDecisionTermWeeks: 6,
      silenceConsentApplies: true,
      dwangsomApplies: false,
    };
    const html = productHtml(item, today, awbDefault);
    expect(html).toContain('<h2>Kosten</h2><p>Hieraan zijn geen kosten verbonden.</p>');
    expect(html).toContain('Wij beslissen binnen 6 weken.');
    expect(html).toContain('besluit van rechtswege');
    expect(html).not.toContain('dwangsom');
  });

  it('any title survives: valid XML that parses back to the title without the characters XML cannot carry', async () => {
    const product = byName('paspoort');
    const template = exportItem(product, utrecht, 0);
    const tricky = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom(
          '&',
          '<',
          '>',
          '"',
          "'",
          ']]>',
          '\r',
          '\n',
          '\t',
          '\u0000',
          '\u0008',
          '\u001f',
          '\u007f',
          '\u0085',
          '\uFFFE',
          '\uD800',
          '€',
          'é',
          '😀',
          ' ',
          'a',
        ),
        maxLength: 30,
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(tricky, { minLength: 1, maxLength: 12 }), async (titles) => {
        const items = titles.map((title, i): ExportItem => ({
          ...template,
          service: { ...template.service, id: `svc-${i}`, title },
          description: { ...template.description, result: title, conditions: title },
        }));
        const xml = samenwerkendeCatalogiXml(items, { generatedAt });
        const result = await validate(xml);
        expect(result.errors).toEqual([]);
        const expected = titles.map((t) => (xmlCharactersOnly(t).trim() === '' ? serviceTitle(product) : xmlCharactersOnly(t)));
        expect(texts(result.normalized, 'dcterms:title')).toEqual(expected);
        expect(items.map(exportTitle)).toEqual(expected);
        // The HTML has only the tags Loket writes; user text never becomes markup.
        for (const html of texts(result.normalized, 'overheidproduct:productHTML')) {
          const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/g)].map((m) => m[1]);
          expect(new Set(tags).size > 0 && [...new Set(tags)].every((t) => ['p', 'br', 'h2', 'ul', 'li', 'a'].includes(t ?? ''))).toBe(
            true,
          );
          expect(html.replace(/<\/?[a-z0-9]+(?: [a-z]+="[^"<>]*")*(?: \/)?>/g, '')).not.toMatch(/[<>]/);
        }
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('escapes attribute values: a page URL with & and quotes parses back unchanged', async () => {
    const item = exportItem(byName('paspoort'), utrecht, 0);
    item.pageUrl = 'https://loket.example/diensten/GM0344/x?a=1&b=\'2\'&c="3"';
    const xml = samenwerkendeCatalogiXml([item], { generatedAt });
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(texts(result.normalized, 'dcterms:identifier')).toEqual([new URL(item.pageUrl).href]);
    expect(new URL(item.pageUrl).href).toContain('&');
  });

  it('refuses a page URL that is not absolute http(s) and an invalid instant', () => {
    const item = exportItem(byName('paspoort'), utrecht, 0);
    expect(() => samenwerkendeCatalogiXml([{ ...item, pageUrl: '/diensten/GM0344/x' }], { generatedAt })).toThrow(/pageUrl/);
    expect(() => samenwerkendeCatalogiXml([{ ...item, modified: 'gisteren' }], { generatedAt })).toThrow(/modified/);
    expect(() => samenwerkendeCatalogiXml([item], { generatedAt: 'nu' })).toThrow(/generatedAt/);
  });

  it('without published services the document has no scproduct, which the schema does not accept', async () => {
    const xml = samenwerkendeCatalogiXml([exportItem(byName('paspoort'), utrecht, 0, 'draft')], { generatedAt });
    expect(xml).not.toContain('scproduct ');
    const result = await validate(xml);
    expect(result.valid).toBe(false);
    expect(result.rawOutput).toMatch(/Missing child element|expected/i);
  });
});

describe('catalogJsonExport', () => {
  it('has the documented shape, with every AP05 element, costs in cents, the UPL name and URI and the organisation', () => {
    const items = [...municipalItems.slice(0, 3), exportItem(byName('paspoort'), utrecht, 0, 'draft')];
    const result = catalogJsonExport(items, { generatedAt, organisation: utrecht });
    expect(catalogJsonExportSchema.parse(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result).toMatchObject({
      format: 'loket-catalog-export',
      version: 1,
      generatedAt: '2026-11-29T10:00:00.000Z',
      organisation: utrecht,
    });
    expect(result.services.map((s) => s.id)).toEqual(municipalItems.slice(0, 3).map((i) => i.service.id));

    const item = municipalItems[1];
    if (!item) throw new Error('no item');
    const d = item.description;
    expect(result.services[1]).toEqual({
      id: item.service.id,
      title: item.service.title,
      url: item.pageUrl,
      modified: '2026-11-20T08:15:30.123Z',
      localText: null,
      organisation: utrecht,
      upl: { uri: item.product.uri, name: item.product.name, sdgCodes: item.product.sdgCodes },
      onlineApplication: { available: false, url: null },
      description: {
        version: 1,
        result: d.result,
        responsibleOrganisationCode: 'GM0344',
        legalBases: d.legalBases,
        costs: [{ label: 'Leges', amountCents: 1235, currency: 'EUR', validFrom: '2026-01-01', validUntil: null }],
        conditions: 'U woont in het gebied.\n\nU bent 18 jaar of ouder.',
        requirements: 'Een geldig identiteitsbewijs.',
        channels: [
          { kind: 'phone', address: '14 030', label: null },
          { kind: 'email', address: 'info@loket.example', label: null },
        ],
        levelOfAssurance: 'low',
        statutoryDecisionTermWeeks: null,
        silenceConsentApplies: false,
        dwangsomApplies: d.dwangsomApplies,
        mandatable: d.mandatable,
        objectionAndAppeal: d.objectionAndAppeal,
        contact: 'Utrecht',
        serviceLevels: [{ norm: 'Besluit binnen 4 weken', indicator: 'lead_time_days', target: 28 }],
        audience: d.audience,
        kinds: d.kinds,
      },
    });
    // The first item has an online channel; a free service has costs [], not null.
    expect(result.services[0]?.onlineApplication).toEqual({
      available: true,
      url: `https://loket.example/aanvragen/${result.services[0]?.id ?? ''}`,
    });
    expect(result.services[0]?.description.costs).toEqual([]);
  });

  it('exports the services of every kind of organisation; the schema rejects unknown fields', () => {
    for (const [org, items] of [
      [utrecht, municipalItems],
      [provinceUtrecht, provincialItems],
      [brabantseDelta, waterBoardItems],
      [bzk, nationalItems],
    ] as const) {
      const result = catalogJsonExport(items, { generatedAt, organisation: org });
      expect(catalogJsonExportSchema.safeParse(result).success).toBe(true);
      expect(result.services).toHaveLength(items.length);
      expect(new Set(result.services.map((s) => s.organisation.type))).toEqual(new Set([org.type]));
    }
    const result = catalogJsonExport(municipalItems.slice(0, 1), { generatedAt, organisation: utrecht });
    expect(catalogJsonExportSchema.safeParse({ ...result, extra: 1 }).success).toBe(false);
    expect(catalogJsonExportSchema.safeParse({ ...result, services: [{ ...result.services[0], secret: 'x' }] }).success).toBe(false);
  });
});
