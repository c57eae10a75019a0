// Writing EML_NL 510 (counts) and 520 (result): well-formed, re-readable, numbers as entered, the
// total equal to the sum of the stations, and every text escaped.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import type { Candidate, CountTotals, ElectionDefinition, ElectionList, PollingStation, StationCount } from '../model.ts';
import { eml510, eml520, emlCategory, type EmlResultInput } from './export.ts';
import { readEmlFixture } from './fixtures.ts';
import { parseEml110a, parseEml110b, parseEml230b, type EmlParseResult } from './parse.ts';

function value<T>(result: EmlParseResult<T>): T {
  if (!result.ok) throw new Error(result.problems.join(' | '));
  return result.value;
}

/** The Groningen fixtures as a finalised election definition. */
function fixtureDefinition(): ElectionDefinition {
  const election = value(parseEml110a(readEmlFixture('definition')));
  return {
    id: 'election-1',
    kind: 'election',
    organisationCode: election.organisationCode ?? 'GM0014',
    body: election.body,
    name: election.name,
    date: election.date,
    seats: election.seats,
    status: 'finalised',
    emlId: election.emlId,
    eligibleVoters: null,
    createdAt: '2026-02-06T10:00:00.000Z',
    finalisedAt: '2026-03-20T16:00:00.000Z',
    lists: value(parseEml230b(readEmlFixture('candidateLists'))).lists,
    stations: value(parseEml110b(readEmlFixture('pollingStations'))).stations,
  };
}

/** A consistent count for a station, varied by seed. */
function sampleCount(lists: readonly ElectionList[], seed: number): StationCount {
  const counted = lists.map((list, li) => {
    const candidates = list.candidates.map((_, ci) => (seed * 31 + li * 17 + ci * 7) % 41);
    return { number: list.number, candidates, total: candidates.reduce((a, b) => a + b, 0) };
  });
  const totalValid = counted.reduce((sum, list) => sum + list.total, 0);
  const blank = seed % 5;
  const invalid = (seed * 3) % 4;
  const total = totalValid + blank + invalid;
  const fewer = seed % 3 === 0 ? 2 : 0;
  const more = seed % 3 === 1 ? 1 : 0;
  const voters = total + fewer - more;
  const proxy = seed % 9;
  return {
    voters: { pollCards: voters - proxy, proxyCertificates: proxy, total: voters },
    votes: { lists: counted, totalValid, blank, invalid, total },
    differences: { moreBallots: more, fewerBallots: fewer, explanation: more + fewer > 0 ? 'Kiezer nam stembiljet mee' : null },
  };
}

function sumCounts(counts: readonly StationCount[]): CountTotals {
  const first = counts[0]!;
  const add = (pick: (c: StationCount) => number): number => counts.reduce((sum, c) => sum + pick(c), 0);
  return {
    stations: counts.length,
    voters: {
      pollCards: add((c) => c.voters.pollCards),
      proxyCertificates: add((c) => c.voters.proxyCertificates),
      total: add((c) => c.voters.total),
    },
    votes: {
      lists: first.votes.lists.map((list, li) => ({
        number: list.number,
        candidates: list.candidates.map((_, ci) => add((c) => c.votes.lists[li]!.candidates[ci]!)),
        total: add((c) => c.votes.lists[li]!.total),
      })),
      totalValid: add((c) => c.votes.totalValid),
      blank: add((c) => c.votes.blank),
      invalid: add((c) => c.votes.invalid),
      total: add((c) => c.votes.total),
    },
    differences: { moreBallots: add((c) => c.differences.moreBallots), fewerBallots: add((c) => c.differences.fewerBallots) },
  };
}

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Selection', 'ReportingUnitVotes', 'RejectedVotes', 'UncountedVotes'].includes(name),
});

type Node = Record<string, unknown>;
const node = (value: unknown): Node => value as Node;
const nodes = (value: unknown): Node[] => value as Node[];
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = node(value)['#text'];
  return typeof text === 'string' || typeof text === 'number' ? String(text) : '';
}

function wellFormed(xml: string): boolean {
  // The validator of fast-xml-parser (deprecated in favour of a separate package Loket does not depend on).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return XMLValidator.validate(xml) === true;
}

/** The numbers of a vote group (TotalVotes or ReportingUnitVotes) as plain data. */
function readGroup(group: Node): {
  selections: { list?: number; listName?: string; candidate?: number; option?: number; votes: number }[];
  cast: number;
  counted: number;
  rejected: Record<string, number>;
  uncounted: Record<string, number>;
} {
  const selections = nodes(group.Selection).map((selection) => {
    const votes = Number(textOf(selection.ValidVotes));
    if (selection.AffiliationIdentifier !== undefined) {
      const affiliation = node(selection.AffiliationIdentifier);
      return { list: Number(affiliation['@_Id']), listName: textOf(affiliation.RegisteredName), votes };
    }
    if (selection.ReferendumOptionIdentifier !== undefined)
      return { option: Number(node(selection.ReferendumOptionIdentifier)['@_Id']), votes };
    return { candidate: Number(node(node(selection.Candidate).CandidateIdentifier)['@_Id']), votes };
  });
  const byReason = (list: unknown): Record<string, number> =>
    Object.fromEntries(nodes(list).map((entry) => [String(entry['@_ReasonCode']), Number(textOf(entry))]));
  return {
    selections,
    cast: Number(textOf(group.Cast)),
    counted: Number(textOf(group.TotalCounted)),
    rejected: byReason(group.RejectedVotes),
    uncounted: byReason(group.UncountedVotes),
  };
}

/** What eml510 should write for one count, in the same shape as readGroup. */
function expectedGroup(
  lists: readonly ElectionList[],
  count: Pick<StationCount, 'voters' | 'votes'> & { differences: { moreBallots: number; fewerBallots: number } },
  cast: number,
) {
  return {
    selections: lists.flatMap((list) => {
      const counted = count.votes.lists.find((l) => l.number === list.number)!;
      return [
        { list: list.number, listName: list.name, votes: counted.total },
        ...list.candidates.map((candidate, index) => ({ candidate: candidate.position, votes: counted.candidates[index]! })),
      ];
    }),
    cast,
    counted: count.votes.totalValid,
    rejected: { ongeldig: count.votes.invalid, blanco: count.votes.blank },
    uncounted: {
      'geldige stempassen': count.voters.pollCards,
      'geldige volmachtbewijzen': count.voters.proxyCertificates,
      'toegelaten kiezers': count.voters.total,
      'meer getelde stembiljetten': count.differences.moreBallots,
      'minder getelde stembiljetten': count.differences.fewerBallots,
    },
  };
}

function contest510(xml: string): Node {
  return node(node(node(node(node(node(reader.parse(xml)).EML).Count).Election).Contests).Contest);
}

const meta = { createdAt: '2026-03-20T16:00:00.000Z', authorityName: 'Groningen' };

describe('eml510', () => {
  const def = fixtureDefinition();
  const stations = def.stations.map((station, i) => ({ station, count: sampleCount(def.lists, i + 1) }));
  const totals = sumCounts(stations.map((s) => s.count));
  const xml = eml510(def, stations, totals, meta);

  it('is well-formed EML 510b with the header and election identifier of the public samples', () => {
    expect(wellFormed(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<EML xmlns="urn:oasis:names:tc:evs:schema:eml"')).toBe(true);
    const eml = node(node(reader.parse(xml)).EML);
    expect(eml['@_Id']).toBe('510b');
    expect(eml['@_SchemaVersion']).toBe('5');
    expect(node(node(eml.ManagingAuthority).AuthorityIdentifier)).toEqual({ '@_Id': '0014', '#text': 'Groningen' });
    expect(eml.CreationDateTime).toBe('2026-03-20T16:00:00.000Z');
    const identifier = node(node(node(eml.Count).Election).ElectionIdentifier);
    expect(identifier['@_Id']).toBe('GR2026_Groningen');
    expect(identifier.ElectionName).toBe('Gemeenteraad Groningen 2026');
    expect(identifier.ElectionCategory).toBe('GR');
    expect(identifier.ElectionSubcategory).toBe('GR2');
    expect(identifier.ElectionDomain).toEqual({ '@_Id': '0014', '#text': 'Groningen' });
    expect(identifier.ElectionDate).toBe('2026-03-18');
    expect(node(contest510(xml).ContestIdentifier)['@_Id']).toBe('geen');
  });

  it('writes every station in number order with its identifier and exactly its numbers', () => {
    const units = nodes(contest510(xml).ReportingUnitVotes);
    expect(units).toHaveLength(8);
    expect(node(units[0]!.ReportingUnitIdentifier)).toEqual({ '@_Id': '0014::SB1', '#text': 'Stadhuis (postcode: 9711 AB)' });
    expect(units.map((unit) => node(unit.ReportingUnitIdentifier)['@_Id'])).toEqual(def.stations.map((s) => `0014::SB${s.number}`));
    units.forEach((unit, i) => {
      const { station, count } = stations[i]!;
      expect(readGroup(unit)).toEqual(expectedGroup(def.lists, count, station.eligibleVoters!));
    });
  });

  it('the total equals the sum of the stations, field by field', () => {
    const contest = contest510(xml);
    const total = readGroup(node(contest.TotalVotes));
    const units = nodes(contest.ReportingUnitVotes).map(readGroup);
    expect(total.selections.map((s) => s.votes)).toEqual(
      total.selections.map((_, i) => units.reduce((sum, unit) => sum + unit.selections[i]!.votes, 0)),
    );
    for (const key of ['cast', 'counted'] as const) expect(total[key]).toBe(units.reduce((sum, unit) => sum + unit[key], 0));
    for (const reason of Object.keys(total.rejected))
      expect(total.rejected[reason]).toBe(units.reduce((sum, unit) => sum + unit.rejected[reason]!, 0));
    for (const reason of Object.keys(total.uncounted))
      expect(total.uncounted[reason]).toBe(units.reduce((sum, unit) => sum + unit.uncounted[reason]!, 0));
    expect(total).toEqual(expectedGroup(def.lists, totals, 12_210));
    // 5 lists + 61 candidates.
    expect(total.selections).toHaveLength(66);
  });

  it('Cast is 0 for a station with unknown eligible voters; the election total overrides the sum', () => {
    const unknown = { ...def, eligibleVoters: 50_000, stations: def.stations.map((s) => ({ ...s, eligibleVoters: null })) };
    const withUnknown = unknown.stations.map((station, i) => ({ station, count: sampleCount(def.lists, i + 1) }));
    const contest = contest510(eml510(unknown, withUnknown, totals, meta));
    expect(nodes(contest.ReportingUnitVotes).every((unit) => readGroup(unit).cast === 0)).toBe(true);
    expect(readGroup(node(contest.TotalVotes)).cast).toBe(50_000);
  });

  it('a station outside a GM municipality gets an Id without the municipality; no postal code, no "(postcode: …)"', () => {
    const station: PollingStation = { number: 12, name: 'Briefstembureau', municipalityCode: 'XX', postalCode: null, eligibleVoters: null };
    const count = sampleCount(def.lists, 3);
    const unit = nodes(contest510(eml510(def, [{ station, count }], sumCounts([count]), meta)).ReportingUnitVotes)[0]!;
    expect(node(unit.ReportingUnitIdentifier)).toEqual({ '@_Id': 'SB12', '#text': 'Briefstembureau' });
  });

  it('a referendum writes ReferendumOptionIdentifier per option and category LR', () => {
    const referendum: ElectionDefinition = {
      ...def,
      kind: 'referendum',
      body: null,
      seats: null,
      emlId: null,
      name: 'Referendum "Autoluwe binnenstad" & meer',
      lists: [
        { number: 1, name: 'Voor', candidates: [] },
        { number: 2, name: 'Tegen', candidates: [] },
      ],
    };
    const count: StationCount = {
      voters: { pollCards: 100, proxyCertificates: 2, total: 102 },
      votes: {
        lists: [
          { number: 1, candidates: [], total: 60 },
          { number: 2, candidates: [], total: 38 },
        ],
        totalValid: 98,
        blank: 3,
        invalid: 1,
        total: 102,
      },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    };
    const out = eml510(referendum, [{ station: def.stations[0]!, count }], sumCounts([count]), meta);
    expect(wellFormed(out)).toBe(true);
    const identifier = node(node(node(node(node(reader.parse(out)).EML).Count).Election).ElectionIdentifier);
    expect(identifier['@_Id']).toBe('LR2026_GM0014');
    expect(identifier.ElectionCategory).toBe('LR');
    expect(identifier.ElectionName).toBe('Referendum "Autoluwe binnenstad" & meer');
    expect(readGroup(node(contest510(out).TotalVotes)).selections).toEqual([
      { option: 1, votes: 60 },
      { option: 2, votes: 38 },
    ]);
    expect(out).toContain('<ReferendumOptionIdentifier Id="1">Voor</ReferendumOptionIdentifier>');
  });
});

describe('escaping', () => {
  const nasty = `Lijst <A> & "B" 'C' ]]> <!-- x --> \u0001\u0008 tab\there 😀 \uD800 &amp;`;
  const cleaned = `Lijst <A> & "B" 'C' ]]> <!-- x -->  tab\there 😀  &amp;`;

  function nastyDefinition(): ElectionDefinition {
    const def = fixtureDefinition();
    const first = def.lists[0]!;
    const candidate: Candidate = {
      ...first.candidates[0]!,
      lastName: nasty,
      firstName: '"Q"',
      prefix: '<van>',
      initials: 'A&B',
      locality: "'s-Hertogenbosch",
    };
    return {
      ...def,
      name: nasty,
      emlId: 'GR2026_"x"<y>',
      lists: [{ ...first, name: nasty, candidates: [candidate, ...first.candidates.slice(1)] }, ...def.lists.slice(1)],
      stations: [{ ...def.stations[0]!, name: nasty, postalCode: '1234 "AB"' }],
    };
  }

  it('510: any name gives a well-formed file and reads back as written (minus characters XML cannot hold)', () => {
    const def = nastyDefinition();
    const count = sampleCount(def.lists, 7);
    const xml = eml510(def, [{ station: def.stations[0]!, count }], sumCounts([count]), {
      createdAt: meta.createdAt,
      authorityName: '<Gr&ningen>',
    });
    expect(wellFormed(xml)).toBe(true);
    const eml = node(node(reader.parse(xml)).EML);
    expect(textOf(node(node(eml.ManagingAuthority).AuthorityIdentifier))).toBe('<Gr&ningen>');
    const identifier = node(node(node(eml.Count).Election).ElectionIdentifier);
    expect(identifier['@_Id']).toBe('GR2026_"x"<y>');
    expect(identifier.ElectionName).toBe(cleaned);
    const unit = nodes(contest510(xml).ReportingUnitVotes)[0]!;
    expect(textOf(unit.ReportingUnitIdentifier)).toBe(`${cleaned} (postcode: 1234 "AB")`);
    expect(readGroup(unit).selections[0]).toEqual({ list: 1, listName: cleaned, votes: count.votes.lists[0]!.total });
  });

  it('520: candidate names are escaped too', () => {
    const def = nastyDefinition();
    const xml = eml520(def, { seatsPerList: [{ list: 1, seats: 1 }], elected: [{ listNumber: 1, position: 1 }] }, meta);
    expect(wellFormed(xml)).toBe(true);
    const selection = nodes(node(node(node(node(node(reader.parse(xml)).EML).Result).Election).Contest).Selection)[1]!;
    const person = node(node(node(selection.Candidate).CandidateFullName).PersonName);
    expect(person.LastName).toBe(cleaned);
    expect(person.FirstName).toBe('"Q"');
    expect(person.NamePrefix).toBe('<van>');
    expect(textOf(person.NameLine)).toBe('A&B');
    expect(node(node(selection.Candidate).QualifyingAddress)).toEqual({ Locality: { LocalityName: "'s-Hertogenbosch" } });
  });

  it('random list names and station names always give a well-formed 510 and 520 (property)', () => {
    const def = fixtureDefinition();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), (listName, stationName) => {
        const changed: ElectionDefinition = {
          ...def,
          name: stationName,
          lists: def.lists.map((list) => ({ ...list, name: listName })),
          stations: [{ ...def.stations[0]!, name: stationName }],
        };
        const count = sampleCount(def.lists, 2);
        expect(
          wellFormed(eml510(changed, [{ station: changed.stations[0]!, count }], sumCounts([count]), { createdAt: stationName })),
        ).toBe(true);
        expect(wellFormed(eml520(changed, { seatsPerList: [], elected: [] }, { createdAt: listName, authorityName: stationName }))).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('eml520', () => {
  const def = fixtureDefinition();
  const result: EmlResultInput = {
    seatsPerList: [
      { list: 1, seats: 3 },
      { list: 2, seats: 2 },
      { list: 3, seats: 0 },
      { list: 4, seats: 0 },
      { list: 5, seats: 0 },
    ],
    // List 1: candidate 5 elected on preference votes (given last, written first), then 1 and 2 in list order.
    elected: [
      { listNumber: 1, position: 1, how: 'list_order' },
      { listNumber: 1, position: 2, how: 'list_order' },
      { listNumber: 1, position: 5, how: 'preference' },
      { listNumber: 2, position: 1 },
      { listNumber: 2, position: 2 },
    ],
    rankingPerList: [{ list: 1, ranking: [5, 1, 2, 4, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] }],
  };
  const xml = eml520(def, result, meta);
  const contest = node(node(node(node(node(reader.parse(xml)).EML).Result).Election).Contest);

  /** The selections of the contest grouped per list: the affiliation followed by its candidates. */
  function perList(): Map<number, { elected: string; candidates: { id: number; lastName: string; ranking: string; elected: string }[] }> {
    const lists = new Map<number, { elected: string; candidates: { id: number; lastName: string; ranking: string; elected: string }[] }>();
    let current: { elected: string; candidates: { id: number; lastName: string; ranking: string; elected: string }[] } | undefined;
    for (const selection of nodes(contest.Selection)) {
      if (selection.AffiliationIdentifier !== undefined) {
        current = { elected: String(selection.Elected), candidates: [] };
        lists.set(Number(node(selection.AffiliationIdentifier)['@_Id']), current);
        continue;
      }
      const candidate = node(selection.Candidate);
      current!.candidates.push({
        id: Number(node(candidate.CandidateIdentifier)['@_Id']),
        lastName: String(node(node(candidate.CandidateFullName).PersonName).LastName),
        ranking: String(selection.Ranking),
        elected: String(selection.Elected),
      });
    }
    return lists;
  }

  it('is well-formed EML 520 with the result header', () => {
    expect(wellFormed(xml)).toBe(true);
    const eml = node(node(reader.parse(xml)).EML);
    expect(eml['@_Id']).toBe('520');
    expect(node(node(eml.ManagingAuthority).AuthorityIdentifier)).toEqual({ '@_Id': 'CSB', '#text': 'Groningen' });
    expect(node(node(node(eml.Result).Election).ElectionIdentifier)['@_Id']).toBe('GR2026_Groningen');
    expect(node(contest.ContestIdentifier)['@_Id']).toBe('geen');
  });

  it('each list: Elected yes when it won seats, and the number of seats in a comment', () => {
    const lists = perList();
    expect([...lists].map(([number, list]) => [number, list.elected])).toEqual([
      [1, 'yes'],
      [2, 'yes'],
      [3, 'no'],
      [4, 'no'],
      [5, 'no'],
    ]);
    expect(xml).toContain('<!-- lijst 1: 3 zetels -->');
    expect(xml).toContain('<!-- lijst 3: 0 zetels -->');
    expect(xml).toContain('<!-- lijst 4: 0 zetels -->');
  });

  it('candidates in election order: preference-elected first (Ranking 1), then list order (2), then the successors by the ranking', () => {
    const list1 = perList().get(1)!;
    const byPosition = def.lists[0]!.candidates;
    const name = (position: number): string => byPosition[position - 1]!.lastName;
    expect(list1.candidates).toHaveLength(20);
    expect(list1.candidates.map((c) => c.id)).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(list1.candidates.slice(0, 5)).toEqual([
      { id: 1, lastName: name(5), ranking: '1', elected: 'yes' },
      { id: 2, lastName: name(1), ranking: '2', elected: 'yes' },
      { id: 3, lastName: name(2), ranking: '2', elected: 'yes' },
      { id: 4, lastName: name(4), ranking: '2', elected: 'no' },
      { id: 5, lastName: name(3), ranking: '2', elected: 'no' },
    ]);
    expect(list1.candidates.filter((c) => c.elected === 'yes')).toHaveLength(3);
  });

  it('without ranking or how: elected in the given order, the others in list order, all Ranking 2', () => {
    const list2 = perList().get(2)!;
    expect(list2.candidates.map((c) => [c.id, c.elected, c.ranking])).toEqual(
      def.lists[1]!.candidates.map((_, i) => [i + 1, i < 2 ? 'yes' : 'no', '2']),
    );
    expect(
      perList()
        .get(3)!
        .candidates.every((c) => c.elected === 'no'),
    ).toBe(true);
  });

  it('writes the full name, gender (when male or female) and locality of a candidate', () => {
    const selection = nodes(contest.Selection).find(
      (s) => s.Candidate !== undefined && node(node(node(s.Candidate).CandidateFullName).PersonName).FirstName === 'Frédérique',
    )!;
    const candidate = node(selection.Candidate);
    expect(node(node(candidate.CandidateFullName).PersonName)).toEqual({
      NameLine: { '@_NameType': 'Initials', '#text': 'F.' },
      FirstName: 'Frédérique',
      NamePrefix: 'van der',
      LastName: 'Molen',
    });
    expect(candidate.Gender).toBe('female');
    expect(candidate.QualifyingAddress).toEqual({ Locality: { LocalityName: 'Hoogkerk' } });
    // List 4 candidate 3 has no gender: the element is left out.
    const list4 = nodes(contest.Selection).filter(
      (s) => s.Candidate !== undefined && textOf(node(node(node(s.Candidate).CandidateFullName).PersonName).NameLine) === 'K.',
    );
    expect(list4.some((s) => node(s.Candidate).Gender === undefined)).toBe(true);
  });

  it('ignores an elected position that is not on the list; seats default to the number elected', () => {
    const out = eml520(
      def,
      {
        seatsPerList: [],
        elected: [
          { listNumber: 3, position: 99 },
          { listNumber: 3, position: 1 },
        ],
      },
      meta,
    );
    expect(wellFormed(out)).toBe(true);
    expect(out).toContain('<!-- lijst 3: 2 zetels -->');
    const selections = nodes(node(node(node(node(node(reader.parse(out)).EML).Result).Election).Contest).Selection);
    expect(selections.filter((s) => s.Elected === 'yes' && s.Candidate !== undefined)).toHaveLength(1);
  });
});

describe('emlCategory', () => {
  it('maps bodies, and referendums by organisation', () => {
    expect(emlCategory({ body: 'municipal_council', organisationCode: 'GM0014' })).toBe('GR');
    expect(emlCategory({ body: 'provincial_council', organisationCode: 'PV20' })).toBe('PS');
    expect(emlCategory({ body: 'water_board', organisationCode: 'WS0155' })).toBe('AB');
    expect(emlCategory({ body: 'house_of_representatives', organisationCode: 'GM0014' })).toBe('TK');
    expect(emlCategory({ body: null, organisationCode: 'GM0014' })).toBe('LR');
    expect(emlCategory({ body: null, organisationCode: 'PV20' })).toBe('PR');
    expect(emlCategory({ body: null, organisationCode: 'MIN' })).toBe('NR');
  });
});
