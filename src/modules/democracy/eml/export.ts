// democracy/eml: writing the counts (EML_NL 510) and the result (EML_NL 520) of a finalised
// election, following the structure of the Kiesraad's public samples (github.com/kiesraad/EML_NL
// docs "510_count" and "520_result", and the abacus test files eml510b_test / eml520_test). The code
// is Loket's own. Pure: the caller passes the clock's time in `meta.createdAt`.
//
// The XML is written by the small writer at the bottom of this file: every text and attribute value
// is escaped, after removing characters XML 1.0 cannot hold (control characters, lone surrogates),
// so any name stored in Loket gives a well-formed file.
//
// 510 (telling, kind "510b": per polling station, plus the total):
//   ReportingUnitVotes per station, Id "<4-digit municipality>::SB<number>" (or "SB<number>" when the
//   station's municipality code is not GM + 4 digits), text "<name> (postcode: <postal code>)";
//   TotalVotes for all stations. Each has: Selection per list (AffiliationIdentifier + ValidVotes =
//   list total), followed by a Selection per candidate (CandidateIdentifier Id = list position +
//   ValidVotes); for a referendum ReferendumOptionIdentifier per option. Then Cast (kiesgerechtigden:
//   the station's eligible voters, 0 when unknown, like abacus), TotalCounted (valid votes),
//   RejectedVotes "ongeldig" and "blanco", UncountedVotes "geldige stempassen", "geldige
//   volmachtbewijzen", "toegelaten kiezers", "meer getelde stembiljetten", "minder getelde stembiljetten".
//
// 520 (uitslag): per list a Selection with AffiliationIdentifier and Elected yes/no (yes when the list
//   won seats; an XML comment states the number of seats, since EML 520 has no element for it), then
//   a Selection per candidate of that list with the full name, gender and locality, Ranking and
//   Elected. As the EML_NL documentation prescribes, CandidateIdentifier Id in a 520 is NOT the list
//   position but the order of election within the list: elected candidates first in the order they
//   got their seats (1, 2, …), then the others in the (updated) ranking order — the successors.
//   Ranking is 1 for a candidate elected on preference votes, 2 for every other candidate.

import type { Candidate, CountTotals, ElectionDefinition, ElectionList, PollingStation, StationCount } from '../model.ts';

export interface EmlExportMeta {
  /** kr:CreationDateTime, an ISO 8601 date-time (e.g. the finalisation time). */
  createdAt: string;
  /** Name of the managing authority, e.g. "Groningen"; defaults to the organisation code. */
  authorityName?: string;
}

export interface EmlResultInput {
  seatsPerList: { list: number; seats: number }[];
  /**
   * The elected candidates in the order they got their seats (per list: preference votes first,
   * then list order — the apportionment's `preferential` then `other`). `how` sets Ranking (1 for
   * preference, else 2); when it is given, preference-elected candidates are put first in their list.
   */
  elected: { listNumber: number; position: number; how?: 'preference' | 'list_order' }[];
  /** The (updated) ranking per list as list positions; the order of the successors. Default: list order. */
  rankingPerList?: { list: number; ranking: number[] }[];
}

const namespaces = {
  xmlns: 'urn:oasis:names:tc:evs:schema:eml',
  'xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
  'xmlns:kr': 'http://www.kiesraad.nl/extensions',
  'xmlns:xal': 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
  'xmlns:xnl': 'urn:oasis:names:tc:ciq:xsdschema:xNL:2.0',
};

// ─── 510 ─────────────────────────────────────────────────────────────────────────────────────────

/** EML_NL 510b: the agreed count of every polling station and their total. */
export function eml510(
  def: ElectionDefinition,
  stations: { station: PollingStation; count: StationCount }[],
  totals: CountTotals,
  meta: EmlExportMeta,
): string {
  const lists = sortedLists(def);
  const ordered = [...stations].sort((a, b) => a.station.number - b.station.number);
  const eligibleTotal = def.eligibleVoters ?? ordered.reduce((sum, { station }) => sum + (station.eligibleVoters ?? 0), 0);
  const municipality = municipalityDigits(def.organisationCode);
  return document(
    el('EML', { ...namespaces, Id: '510b', SchemaVersion: '5' }, [
      ...header(municipality ?? 'CSB', def, meta),
      el('Count', {}, [
        el('EventIdentifier'),
        el('Election', {}, [
          electionIdentifier(def, meta),
          el('Contests', {}, [
            el('Contest', {}, [
              el('ContestIdentifier', { Id: contestId(def) }),
              el('TotalVotes', {}, voteGroup(def, lists, totals, eligibleTotal)),
              ...ordered.map(({ station, count }) =>
                el('ReportingUnitVotes', {}, [
                  el('ReportingUnitIdentifier', { Id: reportingUnitId(station) }, reportingUnitName(station)),
                  ...voteGroup(def, lists, count, station.eligibleVoters ?? 0),
                ]),
              ),
            ]),
          ]),
        ]),
      ]),
    ]),
  );
}

function voteGroup(
  def: ElectionDefinition,
  lists: ElectionList[],
  count: Pick<StationCount, 'voters' | 'votes'> & { differences: { moreBallots: number; fewerBallots: number } },
  cast: number,
): XmlElement[] {
  const byNumber = new Map(count.votes.lists.map((list) => [list.number, list]));
  const selections: XmlElement[] = [];
  for (const list of lists) {
    const counted = byNumber.get(list.number);
    if (def.kind === 'referendum') {
      selections.push(
        el('Selection', {}, [
          el('ReferendumOptionIdentifier', { Id: String(list.number) }, list.name),
          el('ValidVotes', {}, num(counted?.total)),
        ]),
      );
      continue;
    }
    selections.push(el('Selection', {}, [affiliation(list), el('ValidVotes', {}, num(counted?.total))]));
    list.candidates.forEach((candidate, index) => {
      selections.push(
        el('Selection', {}, [
          el('Candidate', {}, [el('CandidateIdentifier', { Id: String(candidate.position) })]),
          el('ValidVotes', {}, num(counted?.candidates[index])),
        ]),
      );
    });
  }
  return [
    ...selections,
    el('Cast', {}, num(cast)),
    el('TotalCounted', {}, num(count.votes.totalValid)),
    el('RejectedVotes', { ReasonCode: 'ongeldig' }, num(count.votes.invalid)),
    el('RejectedVotes', { ReasonCode: 'blanco' }, num(count.votes.blank)),
    el('UncountedVotes', { ReasonCode: 'geldige stempassen' }, num(count.voters.pollCards)),
    el('UncountedVotes', { ReasonCode: 'geldige volmachtbewijzen' }, num(count.voters.proxyCertificates)),
    el('UncountedVotes', { ReasonCode: 'toegelaten kiezers' }, num(count.voters.total)),
    el('UncountedVotes', { ReasonCode: 'meer getelde stembiljetten' }, num(count.differences.moreBallots)),
    el('UncountedVotes', { ReasonCode: 'minder getelde stembiljetten' }, num(count.differences.fewerBallots)),
  ];
}

function reportingUnitId(station: PollingStation): string {
  const digits = municipalityDigits(station.municipalityCode);
  return digits === null ? `SB${station.number}` : `${digits}::SB${station.number}`;
}

function reportingUnitName(station: PollingStation): string {
  return station.postalCode === null ? station.name : `${station.name} (postcode: ${station.postalCode})`;
}

// ─── 520 ─────────────────────────────────────────────────────────────────────────────────────────

/** EML_NL 520: the result — which lists won seats and which candidates are elected (and who follows). */
export function eml520(def: ElectionDefinition, result: EmlResultInput, meta: EmlExportMeta): string {
  const selections: XmlChild[] = [];
  for (const list of sortedLists(def)) {
    const elected = result.elected.filter((entry) => entry.listNumber === list.number);
    const seats = result.seatsPerList.find((entry) => entry.list === list.number)?.seats ?? elected.length;
    selections.push({ comment: `lijst ${list.number}: ${seats} ${seats === 1 ? 'zetel' : 'zetels'}` });
    selections.push(el('Selection', {}, [affiliation(list), el('Elected', {}, seats > 0 ? 'yes' : 'no')]));
    const ranking = result.rankingPerList?.find((entry) => entry.list === list.number)?.ranking;
    for (const [index, { candidate, ranking: rank, isElected }] of electionOrder(list, elected, ranking).entries()) {
      selections.push(
        el('Selection', {}, [
          el('Candidate', {}, [
            el('CandidateIdentifier', { Id: String(index + 1) }),
            personName(candidate),
            candidate.gender === 'male' || candidate.gender === 'female' ? el('Gender', {}, candidate.gender) : null,
            el('QualifyingAddress', {}, [el('xal:Locality', {}, [el('xal:LocalityName', {}, candidate.locality ?? '')])]),
          ]),
          el('Ranking', {}, String(rank)),
          el('Elected', {}, isElected ? 'yes' : 'no'),
        ]),
      );
    }
  }
  return document(
    el('EML', { ...namespaces, Id: '520', SchemaVersion: '5' }, [
      ...header('CSB', def, meta),
      el('Result', {}, [
        el('Election', {}, [
          electionIdentifier(def, meta),
          el('Contest', {}, [el('ContestIdentifier', { Id: contestId(def) }), ...selections]),
        ]),
      ]),
    ]),
  );
}

/** The candidates of one list in 520 order: the elected (preference first when known), then the ranking, then anyone left. */
function electionOrder(
  list: ElectionList,
  elected: EmlResultInput['elected'],
  ranking: readonly number[] | undefined,
): { candidate: Candidate; ranking: 1 | 2; isElected: boolean }[] {
  const byPosition = new Map(list.candidates.map((candidate) => [candidate.position, candidate]));
  const placed = new Set<number>();
  const order: { candidate: Candidate; ranking: 1 | 2; isElected: boolean }[] = [];
  const preferenceFirst = [...elected].sort((a, b) => Number(b.how === 'preference') - Number(a.how === 'preference'));
  for (const entry of preferenceFirst) {
    const candidate = byPosition.get(entry.position);
    if (candidate === undefined || placed.has(entry.position)) continue;
    placed.add(entry.position);
    order.push({ candidate, ranking: entry.how === 'preference' ? 1 : 2, isElected: true });
  }
  const rest = [...(ranking ?? []), ...list.candidates.map((candidate) => candidate.position)];
  for (const position of rest) {
    const candidate = byPosition.get(position);
    if (candidate === undefined || placed.has(position)) continue;
    placed.add(position);
    order.push({ candidate, ranking: 2, isElected: false });
  }
  return order;
}

function personName(candidate: Candidate): XmlElement {
  return el('CandidateFullName', {}, [
    el('xnl:PersonName', {}, [
      el('xnl:NameLine', { NameType: 'Initials' }, candidate.initials),
      candidate.firstName === null ? null : el('xnl:FirstName', {}, candidate.firstName),
      candidate.prefix === null ? null : el('xnl:NamePrefix', {}, candidate.prefix),
      el('xnl:LastName', {}, candidate.lastName),
    ]),
  ]);
}

// ─── shared parts ────────────────────────────────────────────────────────────────────────────────

function header(authorityId: string, def: ElectionDefinition, meta: EmlExportMeta): XmlElement[] {
  return [
    el('TransactionId', {}, '1'),
    el('ManagingAuthority', {}, [
      el('AuthorityIdentifier', { Id: authorityId }, meta.authorityName ?? def.organisationCode),
      el('AuthorityAddress'),
    ]),
    el('kr:CreationDateTime', {}, meta.createdAt),
    el('ds:CanonicalizationMethod', { Algorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments' }),
  ];
}

function sortedLists(def: ElectionDefinition): ElectionList[] {
  return [...def.lists]
    .sort((a, b) => a.number - b.number)
    .map((list) => ({ ...list, candidates: [...list.candidates].sort((a, b) => a.position - b.position) }));
}

function affiliation(list: ElectionList): XmlElement {
  return el('AffiliationIdentifier', { Id: String(list.number) }, [el('RegisteredName', {}, list.name)]);
}

/** The EML ElectionCategory of an election: GR, PS, AB or TK by body; a referendum LR (municipal), PR (provincial) or NR. */
export function emlCategory(def: Pick<ElectionDefinition, 'body' | 'organisationCode'>): string {
  switch (def.body) {
    case 'municipal_council':
      return 'GR';
    case 'provincial_council':
      return 'PS';
    case 'water_board':
      return 'AB';
    case 'house_of_representatives':
      return 'TK';
    case null:
      return def.organisationCode.startsWith('GM') ? 'LR' : def.organisationCode.startsWith('PV') ? 'PR' : 'NR';
  }
}

/** kr:ElectionSubcategory: GR1/AB1 below 19 seats, GR2/AB2 from 19; PS2 (more than one electoral district is the common case); else the category. */
function subcategory(category: string, seats: number | null): string {
  if (category === 'GR' || category === 'AB') return `${category}${(seats ?? 0) < 19 ? 1 : 2}`;
  if (category === 'PS') return 'PS2';
  return category;
}

function electionIdentifier(def: ElectionDefinition, meta: EmlExportMeta): XmlElement {
  const category = emlCategory(def);
  const municipality = municipalityDigits(def.organisationCode);
  return el(
    'ElectionIdentifier',
    { Id: def.emlId ?? `${category}${def.date.slice(0, 4)}_${def.organisationCode.replace(/[^\w-]/g, '')}` },
    [
      el('ElectionName', {}, def.name),
      el('ElectionCategory', {}, category),
      el('kr:ElectionSubcategory', {}, subcategory(category, def.seats)),
      category === 'GR' && municipality !== null
        ? el('kr:ElectionDomain', { Id: municipality }, meta.authorityName ?? def.organisationCode)
        : null,
      el('kr:ElectionDate', {}, def.date),
    ],
  );
}

/** "geen" (the whole election is one contest) except TK: "alle". */
function contestId(def: ElectionDefinition): string {
  return def.body === 'house_of_representatives' ? 'alle' : 'geen';
}

function municipalityDigits(code: string): string | null {
  return /^GM\d{4}$/.test(code) ? code.slice(2) : null;
}

function num(value: number | undefined): string {
  return String(value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : 0);
}

// ─── a small XML writer ──────────────────────────────────────────────────────────────────────────

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** Text content, or child elements and comments. */
  content: string | XmlChild[];
}
type XmlChild = XmlElement | { comment: string };

/** An element; `null` children are left out (optional elements). */
function el(name: string, attributes: Record<string, string> = {}, content: string | (XmlChild | null)[] = []): XmlElement {
  return { name, attributes, content: typeof content === 'string' ? content : content.filter((child) => child !== null) };
}

function document(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, '')}`;
}

function write(node: XmlChild, indent: string): string {
  if (!('name' in node)) return `${indent}<!-- ${xmlSafe(node.comment).replace(/-{2,}/g, '-').replace(/-$/, '')} -->\n`;
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  if (node.content.length === 0) return `${indent}<${node.name}${attributes}/>\n`;
  if (typeof node.content === 'string') return `${indent}<${node.name}${attributes}>${escapeText(node.content)}</${node.name}>\n`;
  const children = node.content.map((child) => write(child, `${indent}  `)).join('');
  return `${indent}<${node.name}${attributes}>\n${children}${indent}</${node.name}>\n`;
}

function escapeText(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Also escapes quotes and tab/newline/return, which attribute-value normalisation would otherwise turn into spaces. */
function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Characters XML 1.0 allows: tab, newline, return, U+0020–U+D7FF, U+E000–U+FFFD and proper surrogate pairs (U+10000 and up). */
const notXmlChar =
  /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes what XML 1.0 cannot contain (most control characters, U+FFFE/U+FFFF, lone surrogates). */
function xmlSafe(value: string): string {
  return value.replace(notXmlChar, '');
}
