// Test set-up shared by the democracy tests (used by *.test.ts only): principals of the election
// officials of Groningen (GM0014), a defined election in status counting, consistent counts that
// raise no warning, and entries agreed by two different officials.
//
// To .dependency-cruiser.cjs this file is not a test: it takes a ModuleContext made by the test
// (e.g. delivery/test-fixtures.ts openTestContext) and imports no test harness.
import type { Principal, Role } from '../../platform/auth/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { demoOfficialId } from '../registry/index.ts';
import type { ElectionDefinition, ElectionKind, StationCount } from './model.ts';
import { defineElection, saveEntry, startCounting, type Origin, type SavedEntry } from './service.ts';

export const testOrganisation = { code: 'GM0014', name: 'Groningen' } as const;
export const testOrigin: Origin = { requestId: null };

const session = { sessionId: 's', loa: 'substantial' as const, name: 'Test' };

/** The demo official of a role (Anouk Visser, Ingrid Bakker), for the default organisation. */
const defaultOfficialOf = (role: Role): string =>
  role === 'election_coordinator'
    ? demoOfficialId.electionCoordinator
    : role === 'election_official'
      ? demoOfficialId.electionOfficial
      : '01900000-0000-7000-8000-0000000000ee';

/** An official with one role (the use cases take the principal's word for its roles). */
export function officialPrincipal(role: Role, officialId: string = defaultOfficialOf(role), organisationCode = 'GM0014'): Principal {
  return { kind: 'official', officialId, organisationCode, roles: [role], ...session };
}

/** The two election officials and the coordinator of Groningen (the demo officials' ids). */
export const officials = {
  first: officialPrincipal('election_official', demoOfficialId.electionOfficial),
  second: officialPrincipal('election_official', demoOfficialId.electionOfficial2),
  coordinator: officialPrincipal('election_coordinator', demoOfficialId.electionCoordinator),
} as const;

/** The value of a Result, or an error naming the failure (for set-up steps that must succeed). */
export function mustOk<T>(r: Result<T>, what = 'step'): T {
  if (!r.ok) throw new Error(`${what} failed: ${r.failure.code} ${r.failure.detail} ${JSON.stringify(r.failure.invalidParams ?? [])}`);
  return r.value;
}

export interface TestElectionOptions {
  /** Seats of the council (default 9); ignored for a referendum. */
  seats?: number;
  /** Number of lists (default 3), or options of a referendum (default 2). */
  lists?: number;
  /** Candidates per list (default 4); a referendum's options have none. */
  candidatesPerList?: number;
  /** Number of polling stations (default 3). */
  stations?: number;
  kind?: ElectionKind;
  /** Leave the election in draft (default: counting started). */
  draft?: boolean;
  /** Name of the election (default "Gemeenteraad Groningen 2026 (test)"). */
  name?: string;
}

const surnames = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
];

/** The definition input (as defineElection takes it) of a small election for GM0014. */
export function testElectionInput(opts: TestElectionOptions = {}): Record<string, unknown> {
  const kind = opts.kind ?? 'election';
  const nLists = opts.lists ?? (kind === 'referendum' ? 2 : 3);
  const perList = kind === 'referendum' ? 0 : (opts.candidatesPerList ?? 4);
  const nStations = opts.stations ?? 3;
  return {
    kind,
    organisationCode: testOrganisation.code,
    body: kind === 'election' ? 'municipal_council' : null,
    name: opts.name ?? (kind === 'election' ? 'Gemeenteraad Groningen 2026 (test)' : 'Raadplegend referendum Groningen (test)'),
    date: '2026-03-18',
    seats: kind === 'election' ? (opts.seats ?? 9) : null,
    lists: Array.from({ length: nLists }, (_, i) => ({
      number: i + 1,
      name:
        kind === 'election'
          ? `Partij ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? String(i) : ''}`
          : i === 0
            ? 'Voor'
            : i === 1
              ? 'Tegen'
              : `Optie ${i + 1}`,
      candidates: Array.from({ length: perList }, (_, p) => {
        const lastName = surnames[(i * 7 + p) % surnames.length] ?? 'Jansen';
        const [prefix, last] = lastName.includes(' ')
          ? [lastName.slice(0, lastName.lastIndexOf(' ')), lastName.slice(lastName.lastIndexOf(' ') + 1)]
          : [null, lastName];
        return {
          position: p + 1,
          initials: `${String.fromCharCode(65 + ((i + p) % 26))}.`,
          firstName: null,
          prefix,
          lastName: `${last.charAt(0).toUpperCase()}${last.slice(1)}`,
          locality: 'Groningen',
          gender: null,
          deceased: false,
        };
      }),
    })),
    stations: Array.from({ length: nStations }, (_, s) => ({
      number: s + 1,
      name: `Stembureau ${s + 1}`,
      municipalityCode: testOrganisation.code,
      postalCode: null,
      eligibleVoters: 2000,
    })),
  };
}

/** An election of GM0014 defined by its coordinator, with counting started (unless `draft`). */
export async function defineTestElection(ctx: ModuleContext, opts: TestElectionOptions = {}): Promise<ElectionDefinition> {
  const def = mustOk(await defineElection(ctx, officials.coordinator, testElectionInput(opts), testOrigin), 'defineElection');
  if (opts.draft) return def;
  const started = mustOk(await startCounting(ctx, officials.coordinator, def.id, testOrigin), 'startCounting');
  return { ...def, status: started.status, stations: def.stations };
}

/** What a count must fit: either a definition's lists or a ballot shape (counting.ts). */
type BallotLike = { lists: readonly ({ number: number; candidates: readonly unknown[] } | { number: number; candidateCount: number })[] };

/**
 * A consistent count for the ballot that raises no warning: small votes per candidate (about 300
 * valid votes at most on a ballot with candidates; 40–199 per referendum option), one blank and one
 * invalid vote when that stays within 3 %, as many admitted voters as ballots. The same seed gives
 * the same count.
 */
export function sampleCount(ballot: BallotLike, seed = 1): StationCount {
  let state = (Math.abs(Math.trunc(seed)) % 2147483646) + 1;
  const next = (n: number): number => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
  const sizes = ballot.lists.map((l) => ('candidateCount' in l ? l.candidateCount : l.candidates.length));
  // About 300 valid votes at most whatever the size of the ballot (under any station's eligible voters).
  const perCandidate = Math.max(
    2,
    Math.min(
      25,
      Math.floor(
        600 /
          Math.max(
            1,
            sizes.reduce((a, b) => a + b, 0),
          ),
      ),
    ),
  );
  const lists = ballot.lists.map((l, i) => {
    const n = sizes[i] ?? 0;
    const candidates = Array.from({ length: n }, () => next(perCandidate));
    const total = n === 0 ? 40 + next(160) : candidates.reduce((a, b) => a + b, 0);
    return { number: l.number, candidates, total };
  });
  const totalValid = lists.reduce((a, l) => a + l.total, 0);
  // Blank and invalid stay at or under 3 % of the votes (no W.201/W.202).
  const extra = totalValid >= 70 ? 1 : 0;
  const total = totalValid + 2 * extra;
  const proxyCertificates = Math.min(total, next(5));
  return {
    voters: { pollCards: total - proxyCertificates, proxyCertificates, total },
    votes: { lists, totalValid, blank: extra, invalid: extra, total },
    differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
  };
}

/** Entry 1 by the first official and entry 2 (equal) by the second: the station is agreed. */
export async function enterAgreed(
  ctx: ModuleContext,
  election: { id: string } | string,
  stationNumber: number,
  count: StationCount,
  acceptedWarnings: readonly string[] = [],
): Promise<SavedEntry> {
  const id = typeof election === 'string' ? election : election.id;
  const input = { count, acceptedWarnings: [...acceptedWarnings] };
  mustOk(await saveEntry(ctx, officials.first, id, stationNumber, input, testOrigin), `entry 1 of station ${stationNumber}`);
  const second = mustOk(
    await saveEntry(ctx, officials.second, id, stationNumber, input, testOrigin),
    `entry 2 of station ${stationNumber}`,
  );
  if (second.outcome !== 'agreed') throw new Error(`station ${stationNumber}: entry 2 gave ${second.outcome}`);
  return second;
}

/** Every station agreed with sampleCount(def, seed + station number). Returns the counts by station number. */
export async function enterAllAgreed(ctx: ModuleContext, def: ElectionDefinition, seed = 1): Promise<Map<number, StationCount>> {
  const counts = new Map<number, StationCount>();
  for (const s of def.stations) {
    const count = sampleCount(def, seed + s.number);
    await enterAgreed(ctx, def, s.number, count);
    counts.set(s.number, count);
  }
  return counts;
}
