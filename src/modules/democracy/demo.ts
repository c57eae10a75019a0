// democracy: demo data (LOKET_DEMO=1), so that the election pages, the counting screens of the
// demo officials and the referendum pages show a story at the first start. Everything is made
// through the real use cases (service.ts, referendum-service.ts) by Groningen's demo officials —
// Anouk Visser and Pieter Smit (election officials) and Ingrid Bakker (coordinator) — with the
// clock set to when it happened, so every step has its audit record. Parties, candidates and
// numbers are invented.
//
// The story, all in Groningen (GM0014):
// - "Gemeenteraadsverkiezing Groningen 2026" (45 seats, 18 March 2026) is being counted: of its
//   12 polling stations 9 are agreed (entered twice, by Anouk and Pieter), at 1 the two entries
//   differ (Ingrid has to decide), 1 has only Anouk's first entry (Pieter can make the second) and
//   1 is not started.
// - "Gemeenteraadsverkiezing Groningen 2022" is finalised: seats, candidates elected on preference
//   votes and in list order, the residual seats by highest averages.
// - A referendum on a car-free city centre is in its request phase (rules `gemeente-voorbeeld`),
//   supported by the demo citizens who live in Groningen. A referendum on the Stadspark, called by
//   the council (rules without a request phase), has been held on 10 June 2026: its polling
//   stations imported from an EML_NL 110b file (written here, with its hash retyped as the
//   coordinator would), both entries made at each, the result finalised by Ingrid.
//
// Needs the registry's demo data first (the supporters are its persons); without it nothing
// happens, so a later start seeds it. Idempotent: nothing happens once any election exists.
import type { Principal } from '../../platform/auth/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { demoBsn, demoOfficialId, findPerson } from '../registry/index.ts';
import { emlHash } from './eml/hash.ts';
import type { ReferendumRules, StationCount } from './model.ts';
import { findReferendumRules, referendumRules } from './reference.ts';
import { createReferendum, supportReferendum } from './referendum-service.ts';
import { defineElection, finalise, importEml, saveEntry, startCounting, type Origin } from './service.ts';
import { tables } from './store.ts';

const organisationCode = 'GM0014';
const origin: Origin = { requestId: null };
const MINUTE = 60_000;
const DAY = 86_400_000;

const official = (officialId: string, name: string, role: 'election_official' | 'election_coordinator'): Principal => ({
  kind: 'official',
  officialId,
  organisationCode,
  roles: [role],
  sessionId: 'demo',
  loa: 'high',
  name,
});

/** The demo officials of Groningen (registry/seed/demo.ts). */
export const demoElectionOfficials = {
  anouk: official(demoOfficialId.electionOfficial, 'Anouk Visser', 'election_official'),
  pieter: official(demoOfficialId.electionOfficial2, 'Pieter Smit', 'election_official'),
  ingrid: official(demoOfficialId.electionCoordinator, 'Ingrid Bakker', 'election_coordinator'),
} as const;

const citizen = (bsn: string, name: string): Principal => ({ kind: 'person', bsn, name, sessionId: 'demo', loa: 'substantial' });

/** Demo citizens who live in Groningen and support the request for the referendum on the city centre. */
export const demoSupporters = [
  { bsn: demoBsn.anna, name: 'Anna Catharina Visser' },
  { bsn: demoBsn.pieter, name: 'Pieter Johannes van den Berg' },
  { bsn: demoBsn.joost, name: 'Joost van der Meer' },
  { bsn: demoBsn.ayse, name: 'Ayşe Kaya' },
] as const;

// ─── invented parties and candidates ─────────────────────────────────────────────────────────────

const parties = [
  'Groen Noorden',
  'Samen Sociaal',
  'Vrij en Verantwoord',
  'Wijkbelang Groningen',
  'Stad voor Studenten',
  'Christelijk Verbond Noord',
  'Ommeland Centraal',
  'Dierenwelzijn Nu',
] as const;

const femaleNames = [
  'Sophie',
  'Lieke',
  'Noor',
  'Fleur',
  'Iris',
  'Merel',
  'Roos',
  'Jildou',
  'Hiske',
  'Aaltje',
  'Nadia',
  'Esra',
  'Tessa',
  'Marloes',
];
const maleNames = [
  'Daan',
  'Bram',
  'Jesse',
  'Ruben',
  'Thijs',
  'Sem',
  'Wietse',
  'Harm',
  'Jelle',
  'Koen',
  'Youssef',
  'Okke',
  'Stijn',
  'Menno',
];
const surnames: readonly [string | null, string][] = [
  [null, 'Wierenga'],
  [null, 'Huizinga'],
  [null, 'Bosma'],
  [null, 'Dijkstra'],
  [null, 'Veenstra'],
  [null, 'Postma'],
  [null, 'Kuipers'],
  ['de', 'Haan'],
  [null, 'Zijlstra'],
  ['van der', 'Laan'],
  [null, 'Brouwer'],
  [null, 'Oosterhof'],
  ['ter', 'Horst'],
  [null, 'Scholten'],
  [null, 'Hazenberg'],
  [null, 'Tuinstra'],
  ['van', 'Dam'],
  [null, 'Kremer'],
  [null, 'Smeenge'],
  [null, 'Doornbos'],
  [null, 'Lubbers'],
  ['de', 'Wolf'],
  [null, 'Nienhuis'],
];
const localities = ['Groningen', 'Groningen', 'Groningen', 'Haren', 'Ten Boer', 'Glimmen'];

interface DemoCandidate {
  position: number;
  initials: string;
  firstName: string;
  prefix: string | null;
  lastName: string;
  locality: string;
  gender: 'male' | 'female';
  deceased: boolean;
}

/** Invented candidates for a list: names from the pools above, different per `salt` (the election). */
function candidatesFor(listIndex: number, count: number, salt: number): DemoCandidate[] {
  return Array.from({ length: count }, (_, p) => {
    const female = (listIndex + p + salt) % 2 === 0;
    const pool = female ? femaleNames : maleNames;
    const firstName = pool[(listIndex * 5 + p * 3 + salt) % pool.length] ?? 'Sam';
    const [prefix, lastName] = surnames[(listIndex * 7 + p * 4 + salt * 3) % surnames.length] ?? [null, 'Bosma'];
    return {
      position: p + 1,
      initials: `${firstName.charAt(0)}.`,
      firstName,
      prefix,
      lastName,
      locality: localities[(listIndex + p) % localities.length] ?? 'Groningen',
      gender: female ? 'female' : 'male',
      deceased: false,
    };
  });
}

// ─── counts ──────────────────────────────────────────────────────────────────────────────────────

interface BallotList {
  number: number;
  /** The list's share of the valid votes (weights; normalised per station). */
  weight: number;
  /** Candidate weights in list order; empty for a referendum option. */
  candidateWeights: readonly number[];
}

/** A small deterministic generator (Park–Miller), so the demo numbers are the same on every start. */
function generator(seed: number): () => number {
  let state = (seed % 2147483646) + 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Distributes `total` over `weights`: floors, then the rest one by one from `start`. Sums exactly. */
function split(total: number, weights: readonly number[], start: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; rest > 0; k++, rest--) {
    const i = (start + k) % out.length;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/**
 * A consistent count of one polling station that raises no warning: turnout between 45 and 70 % (or as given),
 * under 1 % blank and invalid votes, admitted voters equal to the ballots (or, with `fewer`, one
 * ballot fewer with the explanation written on the report).
 */
export function demoCount(
  ballot: readonly BallotList[],
  eligibleVoters: number,
  seed: number,
  fewer?: string,
  turnout: { min: number; spread: number } = { min: 0.45, spread: 0.25 },
): StationCount {
  const random = generator(seed);
  const total = Math.round(eligibleVoters * (turnout.min + turnout.spread * random()));
  const blank = Math.floor(total * 0.004 * (0.5 + random()));
  const invalid = Math.floor(total * 0.003 * (0.5 + random()));
  const totalValid = total - blank - invalid;
  const local = ballot.map((l) => l.weight * (0.75 + 0.5 * random()));
  const listTotals = split(totalValid, local, Math.floor(random() * ballot.length));
  const lists = ballot.map((l, i) => {
    const listTotal = listTotals[i] ?? 0;
    const candidates =
      l.candidateWeights.length === 0
        ? []
        : split(listTotal, l.candidateWeights, Math.floor(random() * Math.min(6, l.candidateWeights.length)));
    return { number: l.number, candidates, total: listTotal };
  });
  const admitted = fewer === undefined ? total : total + 1;
  const proxyCertificates = Math.floor(admitted * 0.02 * random());
  return {
    voters: { pollCards: admitted - proxyCertificates, proxyCertificates, total: admitted },
    votes: { lists, totalValid, blank, invalid, total },
    differences: { moreBallots: 0, fewerBallots: fewer === undefined ? 0 : 1, explanation: fewer ?? null },
  };
}

/** The same count with `moved` votes of one list typed on the next candidate's line (a typing slip: still consistent). */
function withSlip(count: StationCount, listNumber: number, fromIndex: number, moved: number): StationCount {
  const copy = structuredClone(count);
  const list = copy.votes.lists.find((l) => l.number === listNumber);
  const from = list?.candidates[fromIndex];
  const to = list?.candidates[fromIndex + 1];
  if (!list || from === undefined || to === undefined) return copy;
  const n = Math.min(moved, from);
  list.candidates[fromIndex] = from - n;
  list.candidates[fromIndex + 1] = to + n;
  return copy;
}

/** Candidate weights: the lijsttrekker far ahead, a decreasing tail, and `popular` (0-based) with a following of its own. */
function candidateWeights(count: number, popular: number | null): number[] {
  return Array.from({ length: count }, (_, p) => (p === 0 ? 30 : 8 / (p + 1) + 0.6) + (p === popular ? 14 : 0));
}

// ─── the elections ───────────────────────────────────────────────────────────────────────────────

interface ElectionPlan {
  name: string;
  date: string;
  seats: number;
  salt: number;
  lists: { name: string; candidates: number; weight: number; popular: number | null }[];
  stations: { name: string; eligibleVoters: number }[];
}

const stations2026 = [
  { name: 'Stadhuis', eligibleVoters: 2150 },
  { name: 'Wijkcentrum De Wijert', eligibleVoters: 1980 },
  { name: 'Bibliotheek Oosterpoort', eligibleVoters: 2240 },
  { name: 'Buurthuis Selwerd', eligibleVoters: 1870 },
  { name: 'Sporthal Vinkhuizen', eligibleVoters: 2410 },
  { name: 'Basisschool De Zeester', eligibleVoters: 1650 },
  { name: 'Dorpshuis Haren', eligibleVoters: 2030 },
  { name: 'Wijkcentrum Lewenborg', eligibleVoters: 1760 },
  { name: 'Kerkzaal Helpman', eligibleVoters: 1590 },
  { name: 'Station Europapark', eligibleVoters: 2320 },
  { name: 'Zorgcentrum Beijum', eligibleVoters: 1420 },
  { name: 'Dorpshuis Ten Boer', eligibleVoters: 1510 },
] as const;

export const election2026: ElectionPlan = {
  name: 'Gemeenteraadsverkiezing Groningen 2026',
  date: '2026-03-18',
  seats: 45,
  salt: 0,
  lists: [
    { name: parties[0], candidates: 30, weight: 21, popular: 6 },
    { name: parties[1], candidates: 28, weight: 17, popular: null },
    { name: parties[2], candidates: 25, weight: 14, popular: 4 },
    { name: parties[3], candidates: 22, weight: 12, popular: null },
    { name: parties[4], candidates: 18, weight: 11, popular: 2 },
    { name: parties[5], candidates: 16, weight: 9, popular: null },
    { name: parties[6], candidates: 14, weight: 8, popular: 3 },
    { name: parties[7], candidates: 10, weight: 6, popular: null },
  ],
  stations: [...stations2026],
};

export const election2022: ElectionPlan = {
  name: 'Gemeenteraadsverkiezing Groningen 2022',
  date: '2022-03-16',
  seats: 45,
  salt: 5,
  lists: [
    { name: parties[1], candidates: 26, weight: 19, popular: 8 },
    { name: parties[0], candidates: 24, weight: 18, popular: null },
    { name: parties[3], candidates: 20, weight: 13, popular: 5 },
    { name: parties[2], candidates: 20, weight: 12, popular: null },
    { name: parties[5], candidates: 15, weight: 9, popular: 9 },
    { name: parties[4], candidates: 15, weight: 10, popular: null },
    { name: parties[6], candidates: 12, weight: 7, popular: null },
  ],
  stations: stations2026.slice(0, 8).map((s) => ({ name: s.name, eligibleVoters: s.eligibleVoters - 60 })),
};

function definitionInput(plan: ElectionPlan): Record<string, unknown> {
  return {
    kind: 'election',
    organisationCode,
    body: 'municipal_council',
    name: plan.name,
    date: plan.date,
    seats: plan.seats,
    lists: plan.lists.map((l, i) => ({ number: i + 1, name: l.name, candidates: candidatesFor(i, l.candidates, plan.salt) })),
    stations: plan.stations.map((s, i) => ({
      number: i + 1,
      name: s.name,
      municipalityCode: organisationCode,
      postalCode: null,
      eligibleVoters: s.eligibleVoters,
    })),
  };
}

function ballotOf(plan: ElectionPlan): BallotList[] {
  return plan.lists.map((l, i) => ({ number: i + 1, weight: l.weight, candidateWeights: candidateWeights(l.candidates, l.popular) }));
}

/** The count of station `number` (1-based) of a plan. */
export function planCount(plan: ElectionPlan, number: number): StationCount {
  const station = plan.stations[number - 1];
  if (!station) throw new Error(`demo: no station ${number}`);
  const fewer = number === 4 ? 'Eén kiezer heeft het stembiljet meegenomen in plaats van het in de stembus te doen.' : undefined;
  return demoCount(ballotOf(plan), station.eligibleVoters, plan.salt * 100 + number, fewer);
}

// ─── seeding ─────────────────────────────────────────────────────────────────────────────────────

function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`democracy demo: ${what}: ${r.failure.code} ${JSON.stringify(r.failure.invalidParams ?? r.failure.detail)}`);
  return r.value;
}

/** The context with the clock at a fixed instant (so the audit trail tells when it happened). */
const at = (ctx: ModuleContext, instant: number | string): ModuleContext => ({
  ...ctx,
  clock: fixedClock(typeof instant === 'number' ? new Date(instant).toISOString() : instant),
});

async function enter(ctx: ModuleContext, who: Principal, electionId: string, station: number, count: StationCount): Promise<void> {
  must(await saveEntry(ctx, who, electionId, station, { count, acceptedWarnings: [] }, origin), `entry at station ${station}`);
}

/** Defines the election (a month and a half before election day) and starts counting when the polls close. */
async function defineAndStart(ctx: ModuleContext, plan: ElectionPlan): Promise<string> {
  const electionDay = Date.parse(`${plan.date}T20:00:00Z`); // 21:00 in Groningen: the polls have closed
  const def = must(
    await defineElection(at(ctx, electionDay - 45 * DAY), demoElectionOfficials.ingrid, definitionInput(plan), origin),
    plan.name,
  );
  must(
    await startCounting(at(ctx, electionDay + 30 * MINUTE), demoElectionOfficials.ingrid, def.id, origin),
    `${plan.name}: start counting`,
  );
  return def.id;
}

/** Both entries of a station, equal: by Anouk and Pieter, who goes first alternating. */
async function agree(ctx: ModuleContext, plan: ElectionPlan, electionId: string, number: number, start: number): Promise<void> {
  const count = planCount(plan, number);
  const [first, second] =
    number % 2 === 1
      ? [demoElectionOfficials.anouk, demoElectionOfficials.pieter]
      : [demoElectionOfficials.pieter, demoElectionOfficials.anouk];
  const t = start + number * 25 * MINUTE;
  await enter(at(ctx, t), first, electionId, number, count);
  await enter(at(ctx, t + 9 * MINUTE), second, electionId, number, count);
}

async function seed2026(ctx: ModuleContext): Promise<string> {
  const plan = election2026;
  const id = await defineAndStart(ctx, plan);
  const start = Date.parse(`${plan.date}T21:00:00Z`);
  for (let n = 1; n <= 9; n++) await agree(ctx, plan, id, n, start);
  // Station 10: Pieter typed three votes of list 1 on the next candidate's line: the entries differ.
  const t = start + 10 * 25 * MINUTE;
  await enter(at(ctx, t), demoElectionOfficials.anouk, id, 10, planCount(plan, 10));
  await enter(at(ctx, t + 11 * MINUTE), demoElectionOfficials.pieter, id, 10, withSlip(planCount(plan, 10), 1, 1, 3));
  // Station 11: only Anouk's first entry; Pieter can make the second.
  await enter(at(ctx, t + 40 * MINUTE), demoElectionOfficials.anouk, id, 11, planCount(plan, 11));
  // Station 12: the report has not come in yet.
  return id;
}

async function seed2022(ctx: ModuleContext): Promise<string> {
  const plan = election2022;
  const id = await defineAndStart(ctx, plan);
  const start = Date.parse(`${plan.date}T21:00:00Z`);
  for (let n = 1; n <= plan.stations.length; n++) await agree(ctx, plan, id, n, start);
  must(
    await finalise(at(ctx, Date.parse(`${plan.date}T09:00:00Z`) + 5 * DAY), demoElectionOfficials.ingrid, id, origin),
    `${plan.name}: finalise`,
  );
  return id;
}

// ─── referendums ─────────────────────────────────────────────────────────────────────────────────

async function seedRequestingReferendum(ctx: ModuleContext): Promise<string> {
  const now = ctx.clock.now().getTime();
  const created = must(
    await createReferendum(
      at(ctx, now - 9 * DAY),
      demoElectionOfficials.ingrid,
      {
        organisationCode,
        title: 'Autoluwe binnenstad',
        question: 'Bent u voor of tegen het plan om de binnenstad van Groningen vanaf 2028 autoluw te maken?',
        policy: { title: 'Mobiliteitsvisie binnenstad 2028', url: null, goalId: null },
        rulesKey: 'gemeente-voorbeeld',
        options: ['Voor', 'Tegen'],
      },
      origin,
    ),
    'referendum in its request phase',
  );
  for (const [i, s] of demoSupporters.entries()) {
    if (!(await findPerson(ctx, s.bsn))) continue;
    must(await supportReferendum(at(ctx, now - (8 - i * 2) * DAY), citizen(s.bsn, s.name), created.id, origin), `support by ${s.name}`);
  }
  return created.id;
}

/** The polling stations of a referendum's ballot as an EML_NL 110b file (as the municipality's election software exports them). */
export function stations110b(
  emlId: string,
  name: string,
  date: string,
  stations: readonly { name: string; postalCode: string; eligibleVoters: number }[],
): string {
  const escape = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const places = stations
    .map(
      (s, i) => `        <PollingPlace Channel="polling">
          <PhysicalLocation>
            <Address>
              <Locality>
                <xal:LocalityName>${escape(s.name)}</xal:LocalityName>
                <xal:PostalCode>
                  <xal:PostalCodeNumber>${s.postalCode}</xal:PostalCodeNumber>
                </xal:PostalCode>
              </Locality>
            </Address>
            <PollingStation Id="${i + 1}">${s.eligibleVoters}</PollingStation>
          </PhysicalLocation>
        </PollingPlace>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<EML xmlns="urn:oasis:names:tc:evs:schema:eml" xmlns:kr="http://www.kiesraad.nl/extensions" xmlns:xal="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" Id="110b" SchemaVersion="5">
  <TransactionId>1</TransactionId>
  <ManagingAuthority>
    <AuthorityIdentifier Id="0014">Groningen</AuthorityIdentifier>
    <AuthorityAddress/>
  </ManagingAuthority>
  <ElectionEvent>
    <EventIdentifier/>
    <Election>
      <ElectionIdentifier Id="${emlId}">
        <ElectionName>${escape(name)}</ElectionName>
        <kr:ElectionDate>${date}</kr:ElectionDate>
      </ElectionIdentifier>
      <Contest>
        <ContestIdentifier Id="geen"/>
        <ReportingUnit>
          <ReportingUnitIdentifier Id="0014">Groningen</ReportingUnitIdentifier>
        </ReportingUnit>
${places}
      </Contest>
    </Election>
  </ElectionEvent>
</EML>
`;
}

const referendumStations = [
  { name: 'Stadhuis', postalCode: '9712 JA', eligibleVoters: 2150 },
  { name: 'Wijkcentrum De Wijert', postalCode: '9725 AB', eligibleVoters: 1980 },
  { name: 'Sporthal Vinkhuizen', postalCode: '9743 KL', eligibleVoters: 2410 },
  { name: 'Dorpshuis Haren', postalCode: '9751 BC', eligibleVoters: 2030 },
] as const;

/**
 * The rules of the referendum that was held: one that the council calls itself (no request
 * phases, so it is scheduled at once), preferably with a turnout threshold to show on the result.
 */
function heldReferendumRules(): ReferendumRules | undefined {
  const direct = referendumRules().filter((r) => r.requestPhases.length === 0);
  return direct.find((r) => r.turnoutThresholdPercent !== null) ?? findReferendumRules('raadplegend-voorbeeld') ?? direct[0];
}

/** A referendum the council called, held on 10 June 2026, counted at four polling stations and finalised. */
async function seedHeldReferendum(ctx: ModuleContext): Promise<string | null> {
  const rules = heldReferendumRules();
  if (!rules) return null;
  const voteDate = '2026-06-10';
  const title = 'Toekomst van het Stadspark';
  const created = must(
    await createReferendum(
      at(ctx, '2026-04-14T08:00:00Z'),
      demoElectionOfficials.ingrid,
      {
        organisationCode,
        title,
        question: 'Moet het Stadspark een rustig park blijven, zonder grote evenementen?',
        policy: { title: 'Gebiedsvisie Stadspark 2030', url: null, goalId: null },
        rulesKey: rules.key,
        options: ['Ja', 'Nee'],
        voteDate,
      },
      origin,
    ),
    'referendum that was held',
  );
  const xml = stations110b('REF2026_Groningen_Stadspark', title, voteDate, referendumStations);
  must(
    await importEml(
      at(ctx, '2026-05-04T09:00:00Z'),
      demoElectionOfficials.ingrid,
      {
        electionId: created.electionId,
        organisationCode,
        xml,
        hash: emlHash(xml),
      },
      origin,
    ),
    'referendum polling stations (EML 110b)',
  );
  const evening = Date.parse(`${voteDate}T19:00:00Z`); // 21:00 in Groningen
  must(await startCounting(at(ctx, evening), demoElectionOfficials.ingrid, created.electionId, origin), 'referendum: start counting');
  const ballot: BallotList[] = [
    { number: 1, weight: 46, candidateWeights: [] },
    { number: 2, weight: 54, candidateWeights: [] },
  ];
  for (const [i, s] of referendumStations.entries()) {
    const count = demoCount(ballot, s.eligibleVoters, 900 + i, undefined, { min: 0.3, spread: 0.15 });
    const [first, second] =
      i % 2 === 0
        ? [demoElectionOfficials.anouk, demoElectionOfficials.pieter]
        : [demoElectionOfficials.pieter, demoElectionOfficials.anouk];
    const t = evening + (i + 1) * 20 * MINUTE;
    await enter(at(ctx, t), first, created.electionId, i + 1, count);
    await enter(at(ctx, t + 7 * MINUTE), second, created.electionId, i + 1, count);
  }
  must(
    await finalise(at(ctx, Date.parse(`${voteDate}T08:00:00Z`) + 2 * DAY), demoElectionOfficials.ingrid, created.electionId, origin),
    'referendum: finalise',
  );
  return created.id;
}

// ─── entry point ─────────────────────────────────────────────────────────────────────────────────

/** Has any election or referendum been made (by the demo or by anyone)? */
async function hasElections(ctx: ModuleContext): Promise<boolean> {
  const row = await tables(ctx.database.db).selectFrom('election').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function seedDemoDemocracy(ctx: ModuleContext): Promise<void> {
  if (await hasElections(ctx)) return;
  // The registry seeds the demo citizens and officials in its own module; wait for it.
  if (!(await findPerson(ctx, demoBsn.anna))) return;
  await seed2022(ctx);
  await seed2026(ctx);
  await seedHeldReferendum(ctx);
  await seedRequestingReferendum(ctx);
}
