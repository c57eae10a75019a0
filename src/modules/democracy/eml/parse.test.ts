// Reading EML_NL 110a, 230b and 110b: the self-written fixtures give the expected objects; bad,
// hostile or wrong files give Dutch problems and never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { readEmlFixture } from './fixtures.ts';
import {
  detectEmlKind,
  MAX_EML_BYTES,
  MAX_PROBLEMS,
  parseEml110a,
  parseEml110b,
  parseEml230b,
  parseEmlDocument,
  type EmlParseResult,
} from './parse.ts';

const definition = readEmlFixture('definition');
const candidateLists = readEmlFixture('candidateLists');
const pollingStations = readEmlFixture('pollingStations');

const NS =
  'xmlns="urn:oasis:names:tc:evs:schema:eml" xmlns:kr="http://www.kiesraad.nl/extensions" xmlns:xnl="urn:oasis:names:tc:ciq:xsdschema:xNL:2.0" xmlns:xal="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0"';

function value<T>(result: EmlParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got problems: ${result.problems.join(' | ')}`);
  return result.value;
}

function problems(result: EmlParseResult<unknown>): string[] {
  if (result.ok) throw new Error('expected problems, got a value');
  expect(result.problems.length).toBeGreaterThan(0);
  return result.problems;
}

/** A small 110a with parts replaceable per test. */
function eml110a(
  parts: { id?: string; category?: string; date?: string; seats?: string; authority?: string; domain?: string; tree?: string } = {},
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<EML ${NS} Id="110a" SchemaVersion="5">
  <TransactionId>1</TransactionId>${parts.authority ?? ''}
  <ElectionEvent><EventIdentifier/><Election>
    <ElectionIdentifier Id="${parts.id ?? 'GR2026_Heemdal'}">
      <ElectionName>Gemeenteraad Heemdal 2026</ElectionName>
      <ElectionCategory>${parts.category ?? 'GR'}</ElectionCategory>
      <kr:ElectionSubcategory>GR1</kr:ElectionSubcategory>
      ${parts.domain ?? '<kr:ElectionDomain Id="0999">Heemdal</kr:ElectionDomain>'}
      <kr:ElectionDate>${parts.date ?? '2026-03-18'}</kr:ElectionDate>
    </ElectionIdentifier>
    <kr:NumberOfSeats>${parts.seats ?? '17'}</kr:NumberOfSeats>${parts.tree ?? ''}
  </Election></ElectionEvent>
</EML>`;
}

function candidate(id: string, lastName = 'Jansen', extra = ''): string {
  return `<Candidate><CandidateIdentifier Id="${id}"/><CandidateFullName><xnl:PersonName><xnl:NameLine NameType="Initials">A.</xnl:NameLine><xnl:LastName>${lastName}</xnl:LastName></xnl:PersonName></CandidateFullName>${extra}</Candidate>`;
}

function affiliation(id: string, name: string, candidates: string): string {
  return `<Affiliation><AffiliationIdentifier Id="${id}"><RegisteredName>${name}</RegisteredName></AffiliationIdentifier><Type>op zichzelf staande lijst</Type>${candidates}</Affiliation>`;
}

function eml230b(affiliations: string, contests = 1): string {
  const contest = `<Contest><ContestIdentifier Id="geen"/>${affiliations}</Contest>`;
  return `<EML ${NS} Id="230b" SchemaVersion="5"><TransactionId>1</TransactionId><CandidateList><Election><ElectionIdentifier Id="GR2026_Heemdal"><ElectionCategory>GR</ElectionCategory></ElectionIdentifier>${contest.repeat(contests)}</Election></CandidateList></EML>`;
}

function place(
  id: string,
  voters: string,
  name = 'Dorpshuis',
  postal = '<xal:PostalCode><xal:PostalCodeNumber>1234 AB</xal:PostalCodeNumber></xal:PostalCode>',
): string {
  return `<PollingPlace Channel="polling"><PhysicalLocation><Address><Locality><xal:LocalityName>${name}</xal:LocalityName>${postal}</Locality></Address><PollingStation Id="${id}">${voters}</PollingStation></PhysicalLocation></PollingPlace>`;
}

function eml110b(places: string, options: { unit?: string; authority?: string; elections?: number } = {}): string {
  const election = `<Election><ElectionIdentifier Id="GR2026_Heemdal"/><Contest><ContestIdentifier Id="geen"/><ReportingUnit><ReportingUnitIdentifier Id="${options.unit ?? '0999'}">Heemdal</ReportingUnitIdentifier></ReportingUnit>${places}</Contest></Election>`;
  const authority =
    options.authority === undefined
      ? ''
      : `<ManagingAuthority><AuthorityIdentifier Id="${options.authority}">Heemdal</AuthorityIdentifier><AuthorityAddress/></ManagingAuthority>`;
  return `<EML ${NS} Id="110b" SchemaVersion="5"><TransactionId>1</TransactionId>${authority}<ElectionEvent><EventIdentifier/>${election.repeat(options.elections ?? 1)}</ElectionEvent></EML>`;
}

describe('the fixtures', () => {
  it('110a: the election definition', () => {
    expect(value(parseEml110a(definition))).toEqual({
      kind: 'election',
      emlId: 'GR2026_Groningen',
      name: 'Gemeenteraad Groningen 2026',
      category: 'GR',
      body: 'municipal_council',
      date: '2026-03-18',
      seats: 45,
      organisationCode: 'GM0014',
    });
  });

  it('230b: 5 lists in number order with their candidates in position order', () => {
    const { emlId, lists } = value(parseEml230b(candidateLists));
    expect(emlId).toBe('GR2026_Groningen');
    expect(lists.map((list) => [list.number, list.name, list.candidates.length])).toEqual([
      [1, 'Stad & Ommeland', 20],
      [2, 'Wijkpartij Groningen', 16],
      [3, 'Groen Noorden', 12],
      [4, 'Noordelijke Burgerunie', 10],
      [5, 'Blanco (Mulder, G.H.)', 3],
    ]);
    for (const list of lists)
      expect(list.candidates.map((c) => c.position)).toEqual([...Array(list.candidates.length).keys()].map((i) => i + 1));
    expect(lists[0]!.candidates[0]).toEqual({
      position: 1,
      initials: 'A.',
      firstName: 'Anne',
      prefix: null,
      lastName: 'Hoeksema',
      locality: 'Groningen',
      gender: 'female',
      deceased: false,
    });
    // Numeric character references, a prefix, UTF-8 accents, a missing Gender.
    expect(lists[2]!.candidates[1]).toMatchObject({
      position: 2,
      firstName: 'Frédérique',
      prefix: 'van der',
      lastName: 'Molen',
      gender: 'female',
    });
    expect(lists[1]!.candidates[3]).toMatchObject({ firstName: 'José', initials: 'J.A.', lastName: 'Ramírez Lopes', locality: 'Glimmen' });
    expect(lists[3]!.candidates[2]).toMatchObject({ position: 3, gender: null, locality: 'Haren' });
    expect(lists.flatMap((list) => list.candidates).every((c) => !c.deceased)).toBe(true);
  });

  it('110b: 8 stations with number, name, postal code, municipality and eligible voters', () => {
    const { emlId, stations } = value(parseEml110b(pollingStations));
    expect(emlId).toBe('GR2026_Groningen');
    expect(stations).toHaveLength(8);
    expect(stations[0]).toEqual({ number: 1, name: 'Stadhuis', municipalityCode: 'GM0014', postalCode: '9711 AB', eligibleVoters: 1450 });
    expect(stations[7]).toEqual({
      number: 8,
      name: 'Mobiel stembureau Hoofdstation',
      municipalityCode: 'GM0014',
      postalCode: '9726 RS',
      eligibleVoters: 520,
    });
    expect(stations.reduce((sum, s) => sum + (s.eligibleVoters ?? 0), 0)).toBe(12_210);
  });

  it('detectEmlKind and parseEmlDocument recognise each file', () => {
    expect([definition, candidateLists, pollingStations].map(detectEmlKind)).toEqual(['110a', '230b', '110b']);
    const document = value(parseEmlDocument(candidateLists));
    expect(document.kind).toBe('230b');
    if (document.kind === '230b') expect(document.value.lists).toHaveLength(5);
    expect(value(parseEmlDocument(pollingStations)).kind).toBe('110b');
    expect(value(parseEmlDocument(definition)).kind).toBe('110a');
  });

  it('a byte order mark at the start is accepted', () => {
    expect(value(parseEml110a(`\uFEFF${definition}`)).seats).toBe(45);
  });
});

describe('not an EML file of the right kind', () => {
  it('the wrong kind names both kinds', () => {
    expect(problems(parseEml230b(definition))).toEqual([
      'Dit is een EML 110a-bestand (verkiezingsdefinitie). Hier is een EML 230b-bestand (kandidatenlijsten) nodig.',
    ]);
    expect(problems(parseEml110a(pollingStations))[0]).toContain('EML 110b-bestand');
  });

  it('an unsupported kind (510b) is refused; detectEmlKind says null', () => {
    const count = definition.replace('Id="110a"', 'Id="510b"');
    expect(detectEmlKind(count)).toBeNull();
    expect(problems(parseEmlDocument(count))[0]).toContain('"510b"');
  });

  it('malformed XML gives the line of the error', () => {
    const broken = definition.replace('</ElectionName>', '</ElectionNaam>');
    const [problem] = problems(parseEml110a(broken));
    expect(problem).toMatch(/^Het bestand is geen geldige XML \(fout op regel \d+/);
    expect(detectEmlKind(broken)).toBeNull();
  });

  it('empty text, plain text, another root element, no namespace, no Id', () => {
    expect(problems(parseEml110a(''))).toEqual(['Het bestand is leeg.']);
    expect(problems(parseEml110a('hallo'))[0]).toContain('geen geldige XML');
    expect(problems(parseEml110a('<html><body/></html>'))[0]).toContain('<EML>');
    expect(problems(parseEml110a(`<EML ${NS} Id="110a"/><EML ${NS} Id="110a"/>`))[0]).toContain('<EML>');
    expect(problems(parseEml110a(definition.replace('xmlns="urn:oasis:names:tc:evs:schema:eml"', '')))[0]).toContain(
      'urn:oasis:names:tc:evs:schema:eml',
    );
    expect(problems(parseEml110a(definition.replace(' Id="110a"', '')))[0]).toContain('soortnummer');
  });

  it('accepts the EML namespace under a prefix', () => {
    const prefixed = `<eml:EML xmlns:eml="urn:oasis:names:tc:evs:schema:eml" xmlns:kr="http://www.kiesraad.nl/extensions" Id="110a"><eml:ElectionEvent><eml:Election><eml:ElectionIdentifier Id="GR2026_Heemdal"><eml:ElectionName>Gemeenteraad Heemdal 2026</eml:ElectionName><eml:ElectionCategory>GR</eml:ElectionCategory><kr:ElectionDate>2026-03-18</kr:ElectionDate></eml:ElectionIdentifier><kr:NumberOfSeats>17</kr:NumberOfSeats></eml:Election></eml:ElectionEvent></eml:EML>`;
    expect(value(parseEml110a(prefixed))).toMatchObject({ emlId: 'GR2026_Heemdal', seats: 17, organisationCode: null });
  });

  it('non-string input is a problem, not an exception', () => {
    expect(problems(parseEml110a(42 as unknown as string))).toEqual(['Het bestand is geen tekst.']);
    expect(detectEmlKind(undefined as unknown as string)).toBeNull();
  });
});

describe('hostile files', () => {
  it('refuses a DOCTYPE with entities (billion laughs) before parsing', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE EML [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><EML ${NS} Id="230b">&lol3;</EML>`;
    const [problem] = problems(parseEml230b(laughs));
    expect(problem).toContain('DOCTYPE- of ENTITY-declaratie');
    expect(detectEmlKind(laughs)).toBeNull();
  });

  it('refuses an external entity (XXE) and a lone ENTITY declaration', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE EML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EML ${NS} Id="110a"><x>&xxe;</x></EML>`;
    expect(problems(parseEml110a(xxe))[0]).toContain('DOCTYPE');
    expect(problems(parseEml110a(`<!doctype EML><EML ${NS} Id="110a"/>`))[0]).toContain('DOCTYPE');
    expect(problems(parseEml110a(definition.replace('<TransactionId>', '<!-- <!ENTITY x "y"> --><TransactionId>')))[0]).toContain('ENTITY');
  });

  it('refuses a file above 20 MB without parsing it', () => {
    const padding = `<!--${'x'.repeat(MAX_EML_BYTES)}-->`;
    const [problem] = problems(parseEml110a(definition.replace('<TransactionId>', `${padding}<TransactionId>`)));
    expect(problem).toContain('groter dan 20 MB');
  });

  it('counts bytes, not characters: 7 million 3-byte characters are too large', () => {
    const padding = `<!--${'€'.repeat(7_000_000)}-->`;
    expect(problems(parseEml110a(definition.replace('<TransactionId>', `${padding}<TransactionId>`)))[0]).toContain('20 MB');
  });

  it('extremely deep nesting is a problem, not a stack overflow', () => {
    const deep = `<EML ${NS} Id="110a">${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</EML>`;
    expect(problems(parseEml110a(deep))[0]).toContain('kon niet worden gelezen');
  });

  it('a tag named __proto__ does not pollute objects', () => {
    const proto = definition.replace('<TransactionId>1</TransactionId>', '<__proto__><polluted>ja</polluted></__proto__>');
    const result = parseEml110a(proto);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('only the XML entities and character references are expanded', () => {
    const list = affiliation('1', 'A &amp;amp; B &lt;c&gt; &#233;&#x1F600; &nbsp;', candidate('1', 'X&#xE9;'));
    const [parsed] = value(parseEml230b(eml230b(list))).lists;
    expect(parsed!.name).toBe('A &amp; B <c> é😀 &nbsp;');
    expect(parsed!.candidates[0]!.lastName).toBe('Xé');
  });
});

describe('110a: missing and wrong fields', () => {
  it('lists every problem at once', () => {
    const result = parseEml110a(eml110a({ id: '', category: 'XX', date: '18-03-2026', seats: 'veel' }));
    expect(problems(result)).toEqual([
      'Het verkiezingsnummer (Id van ElectionIdentifier) ontbreekt.',
      'De soort verkiezing "XX" wordt niet ondersteund. Loket telt gemeenteraad (GR), provinciale staten (PS), waterschap (AB) en Tweede Kamer (TK).',
      'De verkiezingsdatum (kr:ElectionDate) ontbreekt of is geen datum in de vorm JJJJ-MM-DD.',
      'Het aantal zetels (kr:NumberOfSeats) ontbreekt of is geen geheel getal van 1 tot en met 150.',
    ]);
  });

  it('refuses 0 or too many seats, an impossible date and a missing name', () => {
    expect(problems(parseEml110a(eml110a({ seats: '0' })))[0]).toContain('zetels');
    expect(problems(parseEml110a(eml110a({ seats: '151' })))[0]).toContain('zetels');
    expect(problems(parseEml110a(eml110a({ seats: '-3' })))[0]).toContain('zetels');
    expect(problems(parseEml110a(eml110a({ date: '2026-02-30' })))[0]).toContain('verkiezingsdatum');
    expect(problems(parseEml110a(definition.replace(/<ElectionName>[^<]*<\/ElectionName>/, '')))[0]).toContain('ElectionName');
    expect(problems(parseEml110a(eml110a({ id: 'GR 2026' })))[0]).toContain('ongeldig');
  });

  it('maps every supported category to its body', () => {
    const bodies = ['GR', 'PS', 'AB', 'TK'].map((category) => value(parseEml110a(eml110a({ category }))).body);
    expect(bodies).toEqual(['municipal_council', 'provincial_council', 'water_board', 'house_of_representatives']);
    expect(problems(parseEml110a(eml110a({ category: 'EP' })))[0]).toContain('"EP"');
  });

  it('organisation code: ElectionDomain, ManagingAuthority, ElectionTree; a conflict is a problem; none is null', () => {
    expect(value(parseEml110a(eml110a())).organisationCode).toBe('GM0999');
    const authority =
      '<ManagingAuthority><AuthorityIdentifier Id="0014">Groningen</AuthorityIdentifier><AuthorityAddress/></ManagingAuthority>';
    expect(value(parseEml110a(eml110a({ authority, domain: '' }))).organisationCode).toBe('GM0014');
    const tree =
      '<kr:ElectionTree><kr:Region RegionNumber="37" RegionCategory="GEMEENTE"><kr:RegionName>Stadskanaal</kr:RegionName></kr:Region></kr:ElectionTree>';
    expect(value(parseEml110a(eml110a({ domain: '', tree }))).organisationCode).toBe('GM0037');
    expect(problems(parseEml110a(eml110a({ authority })))).toEqual([
      'De gemeentecode in ManagingAuthority (GM0014) verschilt van die in kr:ElectionDomain (GM0999).',
    ]);
    // A provincial definition without a municipality: the caller decides.
    expect(
      value(parseEml110a(eml110a({ category: 'PS', domain: '<kr:ElectionDomain Id="3">Drenthe</kr:ElectionDomain>' }))).organisationCode,
    ).toBeNull();
    // A TK count by a municipality names it in ManagingAuthority.
    const amsterdam =
      '<ManagingAuthority><AuthorityIdentifier Id="0363">Amsterdam</AuthorityIdentifier><AuthorityAddress/></ManagingAuthority>';
    expect(value(parseEml110a(eml110a({ category: 'TK', domain: '', authority: amsterdam }))).organisationCode).toBe('GM0363');
    // "CSB" is not a municipality.
    const csb = '<ManagingAuthority><AuthorityIdentifier Id="CSB">Kiesraad</AuthorityIdentifier><AuthorityAddress/></ManagingAuthority>';
    expect(value(parseEml110a(eml110a({ category: 'TK', domain: '', authority: csb }))).organisationCode).toBeNull();
  });

  it('more than one Election is a problem', () => {
    const two = definition.replace(/(<Election>[\s\S]*<\/Election>)/, '$1$1');
    expect(problems(parseEml110a(two))[0]).toContain('2 verkiezingen');
  });
});

describe('230b: lists and candidates', () => {
  it('duplicate list numbers are a problem', () => {
    const xml = eml230b(affiliation('2', 'A', candidate('1')) + affiliation('2', 'B', candidate('1')));
    expect(problems(parseEml230b(xml))).toEqual(['Lijstnummer 2 komt meer dan één keer voor.']);
  });

  it('list numbers may have gaps; lists come out in number order', () => {
    const xml = eml230b(affiliation('7', 'Zeven', candidate('1')) + affiliation('3', 'Drie', candidate('1') + candidate('2', 'Bakker')));
    const { lists } = value(parseEml230b(xml));
    expect(lists.map((list) => [list.number, list.name, list.candidates.map((c) => c.lastName)])).toEqual([
      [3, 'Drie', ['Jansen', 'Bakker']],
      [7, 'Zeven', ['Jansen']],
    ]);
  });

  it('candidate positions must be 1..n without gaps or doubles; document order does not matter', () => {
    expect(problems(parseEml230b(eml230b(affiliation('1', 'A', candidate('1') + candidate('2') + candidate('4')))))).toEqual([
      'Lijst 1: de kandidaatnummers moeten 1 tot en met 3 zijn, zonder gaten of dubbele nummers. Gevonden: 1, 2, 4.',
    ]);
    expect(problems(parseEml230b(eml230b(affiliation('1', 'A', candidate('1') + candidate('1')))))[0]).toContain('Gevonden: 1, 1.');
    expect(problems(parseEml230b(eml230b(affiliation('1', 'A', candidate('2') + candidate('3')))))[0]).toContain('Gevonden: 2, 3.');
    const reversed = value(parseEml230b(eml230b(affiliation('1', 'A', candidate('2', 'Twee') + candidate('1', 'Een')))));
    expect(reversed.lists[0]!.candidates.map((c) => c.lastName)).toEqual(['Een', 'Twee']);
  });

  it('missing or bad list number, candidate number, initials, last name; an empty list', () => {
    const noInitials =
      '<Candidate><CandidateIdentifier Id="1"/><CandidateFullName><xnl:PersonName><xnl:LastName>Visser</xnl:LastName></xnl:PersonName></CandidateFullName></Candidate>';
    const noLastName =
      '<Candidate><CandidateIdentifier Id="2"/><CandidateFullName><xnl:PersonName><xnl:NameLine NameType="Initials">B.</xnl:NameLine></xnl:PersonName></CandidateFullName></Candidate>';
    const xml = eml230b(
      affiliation('0', 'Nul', candidate('1')) +
        affiliation('abc', 'Letters', candidate('1')) +
        affiliation('4', 'Vier', noInitials + noLastName + candidate('x')) +
        affiliation('5', 'Leeg', ''),
    );
    expect(problems(parseEml230b(xml))).toEqual([
      'Lijst 1 in het bestand: het lijstnummer (Id van AffiliationIdentifier) ontbreekt of is geen positief geheel getal.',
      'Lijst 2 in het bestand: het lijstnummer (Id van AffiliationIdentifier) ontbreekt of is geen positief geheel getal.',
      'Lijst 4, kandidaat 1: de voorletters (NameLine met NameType="Initials") ontbreken.',
      'Lijst 4, kandidaat 2: de achternaam (LastName) ontbreekt.',
      'Lijst 4, kandidaat 3 in het bestand: het kandidaatnummer (Id van CandidateIdentifier) ontbreekt of is geen positief geheel getal.',
      'Lijst 5: er staan geen kandidaten op de lijst.',
    ]);
  });

  it('no Contest, no Affiliation, or two Contests', () => {
    expect(problems(parseEml230b(eml230b('', 0)))[0]).toContain('Contest ontbreekt');
    expect(problems(parseEml230b(eml230b('')))[0]).toContain('Affiliation');
    expect(problems(parseEml230b(eml230b(affiliation('1', 'A', candidate('1')), 2)))[0]).toContain('2 kieskringen');
  });

  it('reads gender, prefix, first name and both locality forms', () => {
    const details =
      '<Gender>male</Gender><QualifyingAddress><xal:Country><xal:CountryNameCode>NL</xal:CountryNameCode><xal:Locality><xal:LocalityName>Juinen</xal:LocalityName></xal:Locality></xal:Country></QualifyingAddress>';
    const full = `<Candidate><CandidateIdentifier Id="2"/><CandidateFullName><xnl:PersonName><xnl:NameLine NameType="Initials">K.L.</xnl:NameLine><xnl:FirstName>Kees</xnl:FirstName><xnl:NamePrefix>van  den</xnl:NamePrefix><xnl:LastName>Berg</xnl:LastName></xnl:PersonName></CandidateFullName><Gender>x</Gender><QualifyingAddress><xal:Locality><xal:LocalityName>Heemdal</xal:LocalityName></xal:Locality></QualifyingAddress></Candidate>`;
    const [list] = value(parseEml230b(eml230b(affiliation('1', 'A', candidate('1', 'Jansen', details) + full)))).lists;
    expect(list!.candidates).toEqual([
      {
        position: 1,
        initials: 'A.',
        firstName: null,
        prefix: null,
        lastName: 'Jansen',
        locality: 'Juinen',
        gender: 'male',
        deceased: false,
      },
      {
        position: 2,
        initials: 'K.L.',
        firstName: 'Kees',
        prefix: 'van den',
        lastName: 'Berg',
        locality: 'Heemdal',
        gender: 'x',
        deceased: false,
      },
    ]);
  });

  it('a very long name is a problem', () => {
    expect(problems(parseEml230b(eml230b(affiliation('1', 'A'.repeat(300), candidate('1')))))[0]).toBe(
      'Lijst 1: de naam is langer dan 255 tekens.',
    );
  });

  it('stops listing after 50 problems and says how many more', () => {
    const many = eml230b(Array.from({ length: 80 }, () => affiliation('nul', 'X', candidate('1'))).join(''));
    const list = problems(parseEml230b(many));
    expect(list).toHaveLength(MAX_PROBLEMS + 1);
    expect(list.at(-1)).toBe('En nog 30 andere problemen.');
  });
});

describe('110b: polling stations', () => {
  it('reads voters, an empty count as unknown, and normalises postal codes', () => {
    const xml = eml110b(
      place('2', '800', 'School', '<xal:PostalCode><xal:PostalCodeNumber>1234ab</xal:PostalCodeNumber></xal:PostalCode>') +
        place('1', '', 'Kerk', ''),
    );
    expect(value(parseEml110b(xml))).toEqual({
      emlId: 'GR2026_Heemdal',
      stations: [
        { number: 1, name: 'Kerk', municipalityCode: 'GM0999', postalCode: null, eligibleVoters: null },
        { number: 2, name: 'School', municipalityCode: 'GM0999', postalCode: '1234 AB', eligibleVoters: 800 },
      ],
    });
  });

  it('zero eligible voters is allowed (an empty station exists)', () => {
    expect(value(parseEml110b(eml110b(place('1', '0')))).stations[0]!.eligibleVoters).toBe(0);
  });

  it('duplicate station numbers, bad numbers and bad voter counts are problems', () => {
    const xml = eml110b(place('1', '10') + place('1', '20') + place('0', '5') + place('3', '-5') + place('4', '12.5') + place('5', 'veel'));
    expect(problems(parseEml110b(xml))).toEqual([
      'Stembureaunummer 1 komt meer dan één keer voor.',
      'Stembureau 3 in het bestand: het nummer (Id van PollingStation) ontbreekt of is geen positief geheel getal.',
      'Stembureau 3: het aantal kiesgerechtigden "-5" is geen geheel getal van 0 tot en met 10.000.000.',
      'Stembureau 4: het aantal kiesgerechtigden "12.5" is geen geheel getal van 0 tot en met 10.000.000.',
      'Stembureau 5: het aantal kiesgerechtigden "veel" is geen geheel getal van 0 tot en met 10.000.000.',
    ]);
  });

  it('the municipality comes from ReportingUnit, else ManagingAuthority; none is a problem', () => {
    expect(value(parseEml110b(eml110b(place('1', '1'), { unit: 'Heemdal', authority: '0014' }))).stations[0]!.municipalityCode).toBe(
      'GM0014',
    );
    expect(problems(parseEml110b(eml110b(place('1', '1'), { unit: 'Heemdal' })))[0]).toContain('gemeentecode');
  });

  it('a station without a name is called by its number; the sb:Location postal code is used when needed', () => {
    const sbLocation =
      '<PollingPlace Channel="polling"><PhysicalLocation><Address><Locality><xal:LocalityName/></Locality><sb:Location xmlns:sb="http://www.kiesraad.nl/sb-extensions"><sb:PostalCode>3011 AD</sb:PostalCode></sb:Location></Address><PollingStation Id="9">100</PollingStation></PhysicalLocation></PollingPlace>';
    expect(value(parseEml110b(eml110b(sbLocation))).stations[0]).toEqual({
      number: 9,
      name: 'Stembureau 9',
      municipalityCode: 'GM0999',
      postalCode: '3011 AD',
      eligibleVoters: 100,
    });
  });

  it('no stations, or more than one election, is a problem', () => {
    expect(problems(parseEml110b(eml110b('')))[0]).toContain('geen stembureaus');
    expect(problems(parseEml110b(eml110b(place('1', '1'), { elections: 2 })))[0]).toContain('2 verkiezingen');
  });
});

describe('never throws (properties)', () => {
  const parsers = [parseEml110a, parseEml230b, parseEml110b, parseEmlDocument] as const;

  function expectResult(result: EmlParseResult<unknown>): void {
    if (!result.ok) {
      expect(result.problems.length).toBeGreaterThan(0);
      for (const problem of result.problems) expect(problem.length).toBeGreaterThan(0);
    }
  }

  it('random strings give a result or problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        for (const parse of parsers) expectResult(parse(text));
        expect(['110a', '110b', '230b', null]).toContain(detectEmlKind(text));
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes read as UTF-8 or latin-1 give a result or problems', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('utf8', 'latin1') as fc.Arbitrary<BufferEncoding>,
        (bytes, encoding) => {
          const text = Buffer.from(bytes).toString(encoding);
          for (const parse of parsers) expectResult(parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('XML-like fragments glued together give a result or problems', () => {
    const fragment = fc.constantFrom(
      `<EML ${NS} Id="110a">`,
      `<EML ${NS} Id="230b">`,
      `<EML ${NS} Id="110b">`,
      '</EML>',
      '<ElectionEvent>',
      '</ElectionEvent>',
      '<CandidateList>',
      '<Election>',
      '</Election>',
      '<ElectionIdentifier Id="GR2026_X">',
      '</ElectionIdentifier>',
      '<Contest>',
      '</Contest>',
      '<Affiliation><AffiliationIdentifier Id="1"/>',
      '</Affiliation>',
      candidate('1'),
      place('1', '5'),
      '<kr:NumberOfSeats>9</kr:NumberOfSeats>',
      '<![CDATA[<x>]]>',
      '<!-- c -->',
      '&amp;',
      '&#xFFFFFF;',
      '<x a="1" a="2"/>',
      '<__proto__/>',
      '<constructor/>',
      'tekst',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        for (const parse of parsers) expectResult(parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('a fixture cut or spliced at random places gives a result or problems', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(definition, candidateLists, pollingStations),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        (xml, a, b, insert) => {
          const from = a % xml.length;
          const to = from + (b % 200);
          const text = xml.slice(0, from) + insert + xml.slice(to);
          for (const parse of parsers) expectResult(parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
