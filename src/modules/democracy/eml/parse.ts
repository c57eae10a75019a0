// democracy/eml: reading the Kiesraad's EML_NL files (EML 5 with the Kiesraad extensions,
// namespace urn:oasis:names:tc:evs:schema:eml, kr: http://www.kiesraad.nl/extensions):
//   110a  verkiezingsdefinitie: the election (name, category, date, number of seats)
//   230b  kandidatenlijsten: the lists (Affiliation) and their candidates
//   110b  stembureaus: the polling stations (PollingPlace) with their eligible voters
// Pure, no I/O. Every function takes untrusted text and never throws: it returns the value, or
// the problems in plain Dutch (the coordinator reads them on the import page).
//
// Safety: files above 20 MB are refused before parsing; a DOCTYPE or ENTITY declaration is refused
// outright (no external entities, no entity expansion such as "billion laughs"); the XML must be
// well-formed (XMLValidator) before it is parsed. Only the five predefined entities and numeric
// character references (&#xE9;) are expanded. Namespace prefixes are dropped after the root's
// namespace has been checked, so <xnl:LastName> and <LastName> read the same.
//
// Structure learned from the public EML_NL documentation (github.com/kiesraad/EML_NL) and the test
// files of abacus (github.com/kiesraad/abacus, backend/src/eml/tests); this code is Loket's own.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

import type { Body, Candidate, ElectionList, PollingStation } from '../model.ts';

export const EML_NAMESPACE = 'urn:oasis:names:tc:evs:schema:eml';
/** Largest file Loket reads (a House of Representatives 230b is about 2 MB). */
export const MAX_EML_BYTES = 20 * 1024 * 1024;
/** At most this many problems are listed; the rest is summarised in one line. */
export const MAX_PROBLEMS = 50;
/** Seats of the largest Dutch body (Tweede Kamer). */
export const MAX_SEATS = 150;
/** Upper bound for eligible voters of one polling station (sanity check, not a legal limit). */
export const MAX_ELIGIBLE_VOTERS = 10_000_000;
const MAX_TEXT_LENGTH = 255;

export const emlKinds = ['110a', '110b', '230b'] as const;
export type EmlKind = (typeof emlKinds)[number];

export type EmlParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** What a 110a (verkiezingsdefinitie) defines. */
export interface EmlElectionDefinition {
  kind: 'election';
  /** ElectionIdentifier Id, e.g. "GR2026_Groningen"; 230b and 110b files of the same election carry the same Id. */
  emlId: string;
  name: string;
  /** The EML ElectionCategory: GR, PS, AB or TK. */
  category: EmlElectionCategory;
  body: Body;
  /** Election day, YYYY-MM-DD (kr:ElectionDate). */
  date: string;
  /** kr:NumberOfSeats. */
  seats: number;
  /**
   * The municipality that runs the count as a CBS code "GM" + 4 digits, when the file says so:
   * the ManagingAuthority/AuthorityIdentifier Id when it is 4 digits; for GR also the
   * kr:ElectionDomain Id or the only kr:Region of category GEMEENTE. null when the file does not
   * name a municipality (e.g. a PS or TK definition made by the Kiesraad) — the caller decides then.
   */
  organisationCode: string | null;
}

/** What a 230b (kandidatenlijsten) holds: the lists in number order, candidates in position order. */
export interface EmlCandidateLists {
  emlId: string;
  lists: ElectionList[];
}

/** What a 110b (stembureaus) holds: the polling stations in number order. */
export interface EmlPollingStations {
  emlId: string;
  stations: PollingStation[];
}

export type EmlDocument =
  { kind: '110a'; value: EmlElectionDefinition } | { kind: '230b'; value: EmlCandidateLists } | { kind: '110b'; value: EmlPollingStations };

export const emlElectionCategories = ['GR', 'PS', 'AB', 'TK'] as const;
export type EmlElectionCategory = (typeof emlElectionCategories)[number];

/** ElectionCategory → the body elected. */
export const bodyOfCategory: Record<EmlElectionCategory, Body> = {
  GR: 'municipal_council',
  PS: 'provincial_council',
  AB: 'water_board',
  TK: 'house_of_representatives',
};

// ─── public API ──────────────────────────────────────────────────────────────────────────────────

/** The kind of EML file (the root's Id attribute), or null when it is not a readable 110a/110b/230b file. Never throws. */
export function detectEmlKind(xml: string): EmlKind | null {
  const read = readEml(xml, null);
  return read.ok ? read.kind : null;
}

/** Reads a 110a (verkiezingsdefinitie). */
export function parseEml110a(xml: string): EmlParseResult<EmlElectionDefinition> {
  return guarded(() => {
    const read = readEml(xml, '110a');
    return read.ok ? election110a(read.root) : read;
  });
}

/** Reads a 230b (kandidatenlijsten). */
export function parseEml230b(xml: string): EmlParseResult<EmlCandidateLists> {
  return guarded(() => {
    const read = readEml(xml, '230b');
    return read.ok ? candidateLists230b(read.root) : read;
  });
}

/** Reads a 110b (stembureaus). */
export function parseEml110b(xml: string): EmlParseResult<EmlPollingStations> {
  return guarded(() => {
    const read = readEml(xml, '110b');
    return read.ok ? pollingStations110b(read.root) : read;
  });
}

/** Reads any of the three kinds, whichever the file is (for an upload whose kind is not known beforehand). */
export function parseEmlDocument(xml: string): EmlParseResult<EmlDocument> {
  return guarded<EmlDocument>(() => {
    const read = readEml(xml, null);
    if (!read.ok) return read;
    switch (read.kind) {
      case '110a':
        return mapOk(election110a(read.root), (value): EmlDocument => ({ kind: '110a', value }));
      case '230b':
        return mapOk(candidateLists230b(read.root), (value): EmlDocument => ({ kind: '230b', value }));
      case '110b':
        return mapOk(pollingStations110b(read.root), (value): EmlDocument => ({ kind: '110b', value }));
    }
  });
}

// ─── reading the document ────────────────────────────────────────────────────────────────────────

type XmlNode = Record<string, unknown>;
type Read = { ok: true; kind: EmlKind; root: XmlNode } | { ok: false; problems: string[] };

const predefinedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Expands &amp; &lt; &gt; &quot; &apos; and &#NNN; / &#xHHH; in one pass; anything else stays as written. */
function decodeXmlEntities(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/g,
    (whole, hex?: string, decimal?: string, name?: string) => {
      if (name !== undefined) return predefinedEntities[name] ?? whole;
      const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
      const allowed =
        codePoint === 0x9 ||
        codePoint === 0xa ||
        codePoint === 0xd ||
        (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
        (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
        (codePoint >= 0x10000 && codePoint <= 0x10ffff);
      return allowed ? String.fromCodePoint(codePoint) : whole;
    },
  );
}

function ignore(): void {
  // The decoder keeps no state and accepts no declared entities.
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Keep every value as text: "0014" must stay "0014"; numbers are checked here.
  parseTagValue: false,
  parseAttributeValue: false,
  // The five XML entities and numeric character references only; never a DOCTYPE (refused before).
  processEntities: true,
  entityDecoder: {
    decode: decodeXmlEntities,
    setExternalEntities: ignore,
    addInputEntities: ignore,
    reset: ignore,
    setXmlVersion: ignore,
  },
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

function guarded<T>(run: () => EmlParseResult<T>): EmlParseResult<T> {
  try {
    return run();
  } catch {
    return { ok: false, problems: ['Het bestand kon niet worden gelezen. Controleer of het een EML-bestand van de Kiesraad is.'] };
  }
}

function mapOk<T, U>(result: EmlParseResult<T>, map: (value: T) => U): EmlParseResult<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function fail(problem: string): { ok: false; problems: string[] } {
  return { ok: false, problems: [problem] };
}

function readEml(xml: unknown, expected: EmlKind | null): Read {
  try {
    if (typeof xml !== 'string') return fail('Het bestand is geen tekst.');
    if (xml.length > MAX_EML_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_EML_BYTES) {
      return fail('Het bestand is groter dan 20 MB. Zo groot is een EML-bestand van de Kiesraad nooit.');
    }
    const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
    if (text.trim() === '') return fail('Het bestand is leeg.');
    if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
      return fail('Het bestand bevat een DOCTYPE- of ENTITY-declaratie. Dat is om veiligheidsredenen niet toegestaan in een EML-bestand.');
    }
    // XMLValidator is marked deprecated in favour of the separate fast-xml-validator package, which
    // is not a dependency of Loket; the bundled validator is the same code and still maintained.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const where = typeof valid.err.col === 'number' ? `regel ${valid.err.line}, kolom ${valid.err.col}` : `regel ${valid.err.line}`;
      return fail(`Het bestand is geen geldige XML (fout op ${where}).`);
    }
    const document: unknown = parser.parse(text);
    if (!isNode(document)) return fail('Het bestand is geen EML-bestand.');
    const rootNames = Object.keys(document).filter((key) => !key.startsWith('?') && key !== '#text');
    const root = document.EML;
    if (rootNames.length !== 1 || !isNode(root)) return fail('Het bestand is geen EML-bestand: het hoofdelement moet <EML> zijn.');
    if (!declaresEmlNamespace(text)) return fail(`Het bestand is geen EML-bestand: de namespace ${EML_NAMESPACE} ontbreekt.`);
    const id = attr(root, 'Id');
    if (id === null) return fail('Het bestand is geen EML-bestand: het soortnummer (Id van <EML>) ontbreekt.');
    if (!isEmlKind(id)) {
      return fail(`Loket leest EML-bestanden van de soort 110a, 110b en 230b. Dit is een bestand van de soort "${shorten(id)}".`);
    }
    if (expected !== null && id !== expected) {
      return fail(`Dit is een EML ${id}-bestand (${kindLabel[id]}). Hier is een EML ${expected}-bestand (${kindLabel[expected]}) nodig.`);
    }
    return { ok: true, kind: id, root };
  } catch {
    return fail('Het bestand kon niet worden gelezen. Controleer of het een EML-bestand van de Kiesraad is.');
  }
}

const kindLabel: Record<EmlKind, string> = {
  '110a': 'verkiezingsdefinitie',
  '110b': 'stembureaus',
  '230b': 'kandidatenlijsten',
};

function isEmlKind(id: string): id is EmlKind {
  return (emlKinds as readonly string[]).includes(id);
}

/** The start tag of the root EML element declares the EML namespace for its own prefix (or as default). */
function declaresEmlNamespace(text: string): boolean {
  const start = /<(?:([A-Za-z_][\w.-]*):)?EML(?=[\s/>])([^>]*)>/.exec(text);
  if (start === null) return false;
  const prefix = start[1];
  const attributes = start[2] ?? '';
  const name = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const declaration = new RegExp(`(?:^|\\s)${name.replace(/[.]/g, '\\.')}\\s*=\\s*(["'])([^"']*)\\1`);
  return declaration.exec(attributes)?.[2] === EML_NAMESPACE;
}

// ─── navigating the parsed tree ──────────────────────────────────────────────────────────────────

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All child elements with this (local) name. */
function all(node: unknown, name: string): unknown[] {
  if (!isNode(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
}

/** The first child element with this name, following a path of names. */
function at(node: unknown, ...names: string[]): unknown {
  let current = node;
  for (const name of names) current = all(current, name)[0];
  return current;
}

/** The text content, whitespace collapsed; null when the element is absent or has no text. */
function text(node: unknown): string | null {
  let raw: unknown = node;
  if (isNode(node)) raw = Object.hasOwn(node, '#text') ? node['#text'] : undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const value = String(raw).replace(/\s+/g, ' ').trim();
  return value === '' ? null : value;
}

function attr(node: unknown, name: string): string | null {
  if (!isNode(node)) return null;
  const key = `@_${name}`;
  if (!Object.hasOwn(node, key)) return null;
  const value = node[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : null;
}

// ─── values ──────────────────────────────────────────────────────────────────────────────────────

class Problems {
  private readonly list: string[] = [];
  private dropped = 0;

  add(problem: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped++;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  result<T>(value: T): EmlParseResult<T> {
    if (!this.any) return { ok: true, value };
    const problems = [...this.list];
    if (this.dropped > 0) problems.push(`En nog ${this.dropped} andere problemen.`);
    return { ok: false, problems };
  }
}

/** A whole number ≥ min written as decimal digits only (leading zeros allowed), or null. */
function wholeNumber(value: string | null, min: number, max: number = Number.MAX_SAFE_INTEGER): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

function isDate(value: string | null): value is string {
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "GM" + 4 digits from a CBS municipality number written with 1–4 digits; null otherwise. */
function municipalityCode(digits: string | null): string | null {
  return digits !== null && /^\d{1,4}$/.test(digits) ? `GM${digits.padStart(4, '0')}` : null;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function checkLength(problems: Problems, value: string | null, label: string): void {
  if (value !== null && value.length > MAX_TEXT_LENGTH) problems.add(`${label} is langer dan ${MAX_TEXT_LENGTH} tekens.`);
}

function electionId(problems: Problems, election: unknown): string {
  const id = attr(at(election, 'ElectionIdentifier'), 'Id');
  if (id === null || id === '') {
    problems.add('Het verkiezingsnummer (Id van ElectionIdentifier) ontbreekt.');
    return '';
  }
  if (!/^[\w-]{1,100}$/.test(id)) {
    problems.add(
      `Het verkiezingsnummer "${shorten(id)}" is ongeldig: alleen letters, cijfers, _ en - zijn toegestaan (ten hoogste 100 tekens).`,
    );
  }
  return id;
}

/** The only Election element of a container, or a problem. */
function onlyElection(problems: Problems, container: unknown, containerName: string): unknown {
  const elections = all(container, 'Election');
  if (elections.length !== 1) {
    problems.add(
      elections.length === 0
        ? `Het bestand bevat geen verkiezing (Election in ${containerName}).`
        : `Het bestand bevat ${elections.length} verkiezingen; Loket leest een bestand met één verkiezing.`,
    );
  }
  return elections[0];
}

// ─── 110a ────────────────────────────────────────────────────────────────────────────────────────

function election110a(root: XmlNode): EmlParseResult<EmlElectionDefinition> {
  const problems = new Problems();
  const election = onlyElection(problems, at(root, 'ElectionEvent'), 'ElectionEvent');
  const identifier = at(election, 'ElectionIdentifier');
  const emlId = electionId(problems, election);

  const name = text(at(identifier, 'ElectionName'));
  if (name === null) problems.add('De naam van de verkiezing (ElectionName) ontbreekt.');
  checkLength(problems, name, 'De naam van de verkiezing');

  const categoryText = text(at(identifier, 'ElectionCategory'));
  const category = emlElectionCategories.find((c) => c === categoryText) ?? null;
  if (categoryText === null) problems.add('De soort verkiezing (ElectionCategory) ontbreekt.');
  else if (category === null) {
    problems.add(
      `De soort verkiezing "${shorten(categoryText)}" wordt niet ondersteund. Loket telt gemeenteraad (GR), provinciale staten (PS), waterschap (AB) en Tweede Kamer (TK).`,
    );
  }

  const date = text(at(identifier, 'ElectionDate'));
  if (!isDate(date)) problems.add('De verkiezingsdatum (kr:ElectionDate) ontbreekt of is geen datum in de vorm JJJJ-MM-DD.');

  const seats = wholeNumber(text(at(election, 'NumberOfSeats')), 1, MAX_SEATS);
  if (seats === null) problems.add(`Het aantal zetels (kr:NumberOfSeats) ontbreekt of is geen geheel getal van 1 tot en met ${MAX_SEATS}.`);

  const organisationCode = category === null ? null : organisationOf110a(problems, root, election, category);

  return problems.result({
    kind: 'election',
    emlId,
    name: name ?? '',
    category: category ?? 'GR',
    body: bodyOfCategory[category ?? 'GR'],
    date: isDate(date) ? date : '',
    seats: seats ?? 0,
    organisationCode,
  });
}

/**
 * The municipality (GM + 4 digits) that runs the count. Sources, in order: ManagingAuthority /
 * AuthorityIdentifier Id when it is 4 digits (any category); for GR also kr:ElectionDomain Id (4
 * digits) and the only kr:Region with RegionCategory GEMEENTE. When sources disagree, that is a problem.
 */
function organisationOf110a(problems: Problems, root: XmlNode, election: unknown, category: EmlElectionCategory): string | null {
  const sources: { label: string; code: string }[] = [];
  const authorityId = attr(at(root, 'ManagingAuthority', 'AuthorityIdentifier'), 'Id');
  const authority = authorityId !== null && /^\d{4}$/.test(authorityId) ? municipalityCode(authorityId) : null;
  if (authority !== null) sources.push({ label: 'ManagingAuthority', code: authority });
  if (category === 'GR') {
    const domainId = attr(at(election, 'ElectionIdentifier', 'ElectionDomain'), 'Id');
    const domain = domainId !== null && /^\d{4}$/.test(domainId) ? municipalityCode(domainId) : null;
    if (domain !== null) sources.push({ label: 'kr:ElectionDomain', code: domain });
    const municipalities = all(at(election, 'ElectionTree'), 'Region').filter((region) => attr(region, 'RegionCategory') === 'GEMEENTE');
    const region = municipalities.length === 1 ? municipalityCode(attr(municipalities[0], 'RegionNumber')) : null;
    if (region !== null) sources.push({ label: 'kr:ElectionTree', code: region });
  }
  const first = sources[0];
  if (first === undefined) return null;
  const other = sources.find((source) => source.code !== first.code);
  if (other !== undefined) {
    problems.add(`De gemeentecode in ${first.label} (${first.code}) verschilt van die in ${other.label} (${other.code}).`);
  }
  return first.code;
}

// ─── 230b ────────────────────────────────────────────────────────────────────────────────────────

function candidateLists230b(root: XmlNode): EmlParseResult<EmlCandidateLists> {
  const problems = new Problems();
  const election = onlyElection(problems, at(root, 'CandidateList'), 'CandidateList');
  const emlId = electionId(problems, election);
  const contests = all(election, 'Contest');
  if (contests.length !== 1) {
    problems.add(
      contests.length === 0
        ? 'Het bestand bevat geen kandidatenlijsten (Contest ontbreekt).'
        : `Het bestand bevat ${contests.length} kieskringen (Contest); Loket leest een bestand met één kieskring.`,
    );
  }
  const affiliations = all(contests[0], 'Affiliation');
  if (contests.length === 1 && affiliations.length === 0) problems.add('Het bestand bevat geen kandidatenlijsten (Affiliation).');

  const lists: ElectionList[] = [];
  const seen = new Set<number>();
  affiliations.forEach((affiliation, index) => {
    const list = readList(problems, affiliation, index);
    if (list === null) return;
    if (seen.has(list.number)) problems.add(`Lijstnummer ${list.number} komt meer dan één keer voor.`);
    seen.add(list.number);
    lists.push(list);
  });
  lists.sort((a, b) => a.number - b.number);
  return problems.result({ emlId, lists });
}

function readList(problems: Problems, affiliation: unknown, index: number): ElectionList | null {
  const identifier = at(affiliation, 'AffiliationIdentifier');
  const number = wholeNumber(attr(identifier, 'Id'), 1);
  if (number === null) {
    problems.add(
      `Lijst ${index + 1} in het bestand: het lijstnummer (Id van AffiliationIdentifier) ontbreekt of is geen positief geheel getal.`,
    );
    return null;
  }
  const label = `Lijst ${number}`;
  const registeredName = text(at(identifier, 'RegisteredName'));
  checkLength(problems, registeredName, `${label}: de naam`);

  const candidates: Candidate[] = [];
  const elements = all(affiliation, 'Candidate');
  if (elements.length === 0) problems.add(`${label}: er staan geen kandidaten op de lijst.`);
  elements.forEach((element, candidateIndex) => {
    const candidate = readCandidate(problems, element, label, candidateIndex);
    if (candidate !== null) candidates.push(candidate);
  });
  candidates.sort((a, b) => a.position - b.position);
  const positions = candidates.map((c) => c.position);
  if (positions.some((position, i) => position !== i + 1)) {
    const shown = positions.length > 12 ? `${positions.slice(0, 12).join(', ')}, …` : positions.join(', ');
    problems.add(
      `${label}: de kandidaatnummers moeten 1 tot en met ${positions.length} zijn, zonder gaten of dubbele nummers. Gevonden: ${shown}.`,
    );
  }
  return { number, name: registeredName ?? blankListName(number, candidates[0]), candidates };
}

/** A list without a registered name is known by its first candidate, like the Kiesraad does: "Blanco (Jansen, A.)". */
function blankListName(number: number, first: Candidate | undefined): string {
  if (first === undefined) return `Lijst ${number}`;
  const surname = first.prefix === null ? first.lastName : `${first.prefix} ${first.lastName}`;
  return `Blanco (${surname}, ${first.initials})`;
}

function readCandidate(problems: Problems, element: unknown, listLabel: string, index: number): Candidate | null {
  const position = wholeNumber(attr(at(element, 'CandidateIdentifier'), 'Id'), 1);
  if (position === null) {
    problems.add(
      `${listLabel}, kandidaat ${index + 1} in het bestand: het kandidaatnummer (Id van CandidateIdentifier) ontbreekt of is geen positief geheel getal.`,
    );
    return null;
  }
  const label = `${listLabel}, kandidaat ${position}`;
  const person = at(element, 'CandidateFullName', 'PersonName');
  const initials = text(all(person, 'NameLine').find((line) => attr(line, 'NameType') === 'Initials'));
  const lastName = text(at(person, 'LastName'));
  if (initials === null) problems.add(`${label}: de voorletters (NameLine met NameType="Initials") ontbreken.`);
  if (lastName === null) problems.add(`${label}: de achternaam (LastName) ontbreekt.`);
  const firstName = text(at(person, 'FirstName'));
  const prefix = text(at(person, 'NamePrefix'));
  const address = at(element, 'QualifyingAddress');
  const locality = text(at(address, 'Locality', 'LocalityName')) ?? text(at(address, 'Country', 'Locality', 'LocalityName'));
  for (const [value, what] of [
    [initials, 'de voorletters'],
    [lastName, 'de achternaam'],
    [firstName, 'de voornaam'],
    [prefix, 'het tussenvoegsel'],
    [locality, 'de woonplaats'],
  ] as const) {
    checkLength(problems, value, `${label}: ${what}`);
  }
  return {
    position,
    initials: initials ?? '',
    firstName,
    prefix,
    lastName: lastName ?? '',
    locality,
    gender: genderOf(text(at(element, 'Gender'))),
    deceased: false,
  };
}

/** EML Gender: male / female; "x" is kept for a non-binary registration; anything else (e.g. unknown) is null. */
function genderOf(value: string | null): Candidate['gender'] {
  switch (value?.toLowerCase()) {
    case 'male':
      return 'male';
    case 'female':
      return 'female';
    case 'x':
      return 'x';
    default:
      return null;
  }
}

// ─── 110b ────────────────────────────────────────────────────────────────────────────────────────

function pollingStations110b(root: XmlNode): EmlParseResult<EmlPollingStations> {
  const problems = new Problems();
  const election = onlyElection(problems, at(root, 'ElectionEvent'), 'ElectionEvent');
  const emlId = electionId(problems, election);
  const authorityId = attr(at(root, 'ManagingAuthority', 'AuthorityIdentifier'), 'Id');
  const authority = authorityId !== null && /^\d{4}$/.test(authorityId) ? authorityId : null;

  const contests = all(election, 'Contest');
  if (election !== undefined && contests.length === 0) problems.add('Het bestand bevat geen stembureaus (Contest ontbreekt).');

  const stations: PollingStation[] = [];
  const seen = new Set<number>();
  for (const contest of contests) {
    const unitId = attr(at(contest, 'ReportingUnit', 'ReportingUnitIdentifier'), 'Id');
    const municipality = municipalityCode(unitId !== null && /^\d{4}$/.test(unitId) ? unitId : authority);
    if (municipality === null) {
      problems.add('De gemeentecode (Id van ReportingUnitIdentifier, 4 cijfers) ontbreekt.');
    }
    const places = all(contest, 'PollingPlace');
    if (places.length === 0) problems.add('Het bestand bevat geen stembureaus (PollingPlace).');
    places.forEach((place, index) => {
      const station = readStation(problems, place, index, municipality ?? '');
      if (station === null) return;
      if (seen.has(station.number)) problems.add(`Stembureaunummer ${station.number} komt meer dan één keer voor.`);
      seen.add(station.number);
      stations.push(station);
    });
  }
  stations.sort((a, b) => a.number - b.number);
  return problems.result({ emlId, stations });
}

function readStation(problems: Problems, place: unknown, index: number, municipalityCode: string): PollingStation | null {
  const location = at(place, 'PhysicalLocation');
  const stationElement = at(location, 'PollingStation');
  const number = wholeNumber(attr(stationElement, 'Id'), 1);
  if (number === null) {
    problems.add(`Stembureau ${index + 1} in het bestand: het nummer (Id van PollingStation) ontbreekt of is geen positief geheel getal.`);
    return null;
  }
  const label = `Stembureau ${number}`;
  const votersText = text(stationElement);
  const eligibleVoters = votersText === null ? null : wholeNumber(votersText, 0, MAX_ELIGIBLE_VOTERS);
  if (votersText !== null && eligibleVoters === null) {
    problems.add(
      `${label}: het aantal kiesgerechtigden "${shorten(votersText)}" is geen geheel getal van 0 tot en met ${MAX_ELIGIBLE_VOTERS.toLocaleString('nl-NL')}.`,
    );
  }
  const locality = at(location, 'Address', 'Locality');
  const name = text(at(locality, 'LocalityName'));
  checkLength(problems, name, `${label}: de naam`);
  const postalText = text(at(locality, 'PostalCode', 'PostalCodeNumber')) ?? text(at(location, 'Address', 'Location', 'PostalCode'));
  checkLength(problems, postalText, `${label}: de postcode`);
  return {
    number,
    name: name ?? `Stembureau ${number}`,
    municipalityCode,
    postalCode: postalText === null ? null : normalisePostalCode(postalText),
    eligibleVoters,
  };
}

/** "9711pn" → "9711 PN"; anything that is not a Dutch postal code is kept as written. */
function normalisePostalCode(value: string): string {
  const match = /^(\d{4})\s*([A-Za-z]{2})$/.exec(value);
  return match === null ? value : `${match[1] ?? ''} ${(match[2] ?? '').toUpperCase()}`;
}
