// democracy: use cases of elections (and of the ballots of referendums). Every change is one
// transaction with its audit record (and an outbox event where others need to know). Officials act
// only for the organisation that runs the count: election officials enter, coordinators define,
// import, resolve, draw lots, finalise and order recounts. Reads of finalised results are public.
//
// Double data entry: entry 1 and entry 2 of a polling station's report are made by two different
// election officials; equal entries agree, different ones wait for the coordinator (keep one,
// correct, or discard both). Only agreed counts are summed. A finalised result changes only
// through a recorded recount, and finalising again stores a new version beside the old one.
//
// Lots: the apportionment consumes the recorded lots in order. Lots recorded before the last
// recount was ordered belong to the earlier counting round and are not used again (a recount makes
// new totals, so any tie is decided anew).
import { z } from 'zod';
import { actorOf, type Principal, type Role } from '../../platform/auth/index.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Trx } from '../../platform/db/index.ts';
import { fail, inUseCase, invalidInputFailure, ok, type Failure, type InvalidParam, type Result } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { organisationNames } from '../registry/index.ts';
import {
  apportion,
  type ApportionmentInput,
  type ApportionmentResult,
  type CandidateLotDrawn,
  type ListLotDrawn,
} from './apportionment/model.ts';
import { ballotShapeOf, compareCounts, stationCountSchema, sumCounts, validateCount, type FieldDifference } from './counting.ts';
import { eml510, eml520, type EmlExportMeta, type EmlResultInput } from './eml/export.ts';
import { emlHash, typedHashMatches } from './eml/hash.ts';
import { detectEmlKind, MAX_EML_BYTES, parseEml110a, parseEml110b, parseEml230b } from './eml/parse.ts';
import { referendumOutcome, type ReferendumOutcome } from './referendum.ts';
import { findReferendumByElection, setReferendumStatusByElection } from './referendum-store.ts';
import {
  bodies,
  mayFinalise as mayFinaliseElection,
  resolutions,
  stationStatuses,
  type Candidate,
  type CountEntry,
  type CountFinding,
  type CountTotals,
  type Election,
  type ElectionDefinition,
  type ElectionList,
  type EntryOutcome,
  type FinalResult,
  type LotRecord,
  type PollingStation,
  type ReferendumRules,
  type StationCount,
  type StationProgress,
  type StationStatus,
} from './model.ts';
import * as store from './store.ts';
import type { RecountRecord, StationState } from './store.ts';

export interface Origin {
  requestId: string | null;
}

export interface ElectionSummary extends Election {
  organisationName: string;
}

export interface CountingProgress {
  election: ElectionDefinition;
  stations: StationProgress[];
  counts: Record<StationStatus, number>;
  mayFinalise: boolean;
  /** What the principal may do here: enter (election official) and/or coordinate (coordinator). */
  may: { enter: boolean; coordinate: boolean };
}

export interface StationForEntry {
  election: ElectionDefinition;
  station: StationProgress;
  /** The entry this official would make now. */
  entryNo: 1 | 2;
}

export interface StationDifferences {
  election: ElectionDefinition;
  station: StationProgress;
  first: CountEntry;
  second: CountEntry;
  differences: FieldDifference[];
}

export interface ElectedCandidate {
  listNumber: number;
  listName: string;
  position: number;
  name: string;
  votes: number;
  how: 'preference' | 'list_order';
}

export interface MunicipalityTotals {
  code: string;
  name: string;
  totals: CountTotals;
}

export interface ResultView {
  election: ElectionDefinition;
  /** null while provisional (computed now, not stored). */
  version: number | null;
  finalisedAt: string | null;
  totals: CountTotals;
  perMunicipality: MunicipalityTotals[];
  turnout: { voted: number; eligible: number | null; percent: number | null };
  /** For an election; null for a referendum. */
  apportionment: ApportionmentResult | null;
  elected: ElectedCandidate[];
  /** For a referendum ballot; null for an election. */
  referendum: ReferendumOutcome | null;
  lots: LotRecord[];
  /** Versions before this one (after recounts), newest first. */
  earlierVersions: { version: number; finalisedAt: string }[];
}

export interface SavedEntry {
  outcome: EntryOutcome;
  station: StationProgress;
  /** Warnings of the saved count (all confirmed). */
  findings: CountFinding[];
}

export interface ImportedEml {
  election: ElectionDefinition;
  kind: '110a' | '230b' | '110b';
  hash: string;
}

// ─── failures ────────────────────────────────────────────────────────────────────────────────────

interface FailureText {
  code: string;
  status: number;
  nl: { title: string; detail: string };
  en: { title: string; detail: string };
}

/** Every failure of the election use cases: stable code, HTTP status, Dutch and English text. */
export const democracyFailureTexts = {
  loginRequired: {
    code: 'auth.login_required',
    status: 401,
    nl: { title: 'Inloggen nodig', detail: 'Log in om dit te gebruiken.' },
    en: { title: 'Login required', detail: 'Log in to use this.' },
  },
  electionOfficialsOnly: {
    code: 'democracy.election_officials_only',
    status: 403,
    nl: { title: 'Geen toegang', detail: 'Alleen verkiezingsmedewerkers van de gemeente kunnen tellingen invoeren.' },
    en: { title: 'No access', detail: 'Only election officials of the municipality can enter counts.' },
  },
  coordinatorsOnly: {
    code: 'democracy.coordinators_only',
    status: 403,
    nl: { title: 'Geen toegang', detail: 'Alleen de coördinator verkiezingen van de gemeente kan dit doen.' },
    en: { title: 'No access', detail: 'Only the election coordinator of the municipality can do this.' },
  },
  officialsOnly: {
    code: 'democracy.officials_only',
    status: 403,
    nl: { title: 'Geen toegang', detail: 'Alleen verkiezingsmedewerkers en de coördinator verkiezingen kunnen dit bekijken.' },
    en: { title: 'No access', detail: 'Only election officials and the election coordinator can see this.' },
  },
  otherOrganisation: {
    code: 'democracy.other_organisation',
    status: 403,
    nl: {
      title: 'Geen toegang',
      detail: 'Deze verkiezing hoort bij een andere organisatie. U kunt alleen voor uw eigen organisatie werken.',
    },
    en: { title: 'No access', detail: 'This election belongs to another organisation. You can only work for your own organisation.' },
  },
  electionNotFound: {
    code: 'democracy.election_not_found',
    status: 404,
    nl: { title: 'Verkiezing niet gevonden', detail: 'Deze verkiezing bestaat niet.' },
    en: { title: 'Election not found', detail: 'This election does not exist.' },
  },
  stationNotFound: {
    code: 'democracy.station_not_found',
    status: 404,
    nl: { title: 'Stembureau niet gevonden', detail: 'Dit stembureau hoort niet bij deze verkiezing.' },
    en: { title: 'Polling station not found', detail: 'This polling station is not part of this election.' },
  },
  resultNotFound: {
    code: 'democracy.result_not_found',
    status: 404,
    nl: { title: 'Nog geen uitslag', detail: 'De uitslag van deze verkiezing is nog niet vastgesteld.' },
    en: { title: 'No result yet', detail: 'The result of this election has not been finalised yet.' },
  },
  hashMismatch: {
    code: 'democracy.hash_mismatch',
    status: 422,
    nl: {
      title: 'Controlecode klopt niet',
      detail:
        'De overgetypte controlecode (hash) past niet bij het bestand. Controleer de code op de papieren lijst. Er is niets opgeslagen.',
    },
    en: {
      title: 'Check code does not match',
      detail: 'The check code (hash) you typed does not match the file. Check the code on the paper list. Nothing was saved.',
    },
  },
  invalidEml: {
    code: 'democracy.invalid_eml',
    status: 422,
    nl: { title: 'Bestand niet bruikbaar', detail: 'Dit is geen bruikbaar EML_NL-bestand (110a, 110b of 230b). Er is niets opgeslagen.' },
    en: { title: 'File not usable', detail: 'This is not a usable EML_NL file (110a, 110b or 230b). Nothing was saved.' },
  },
  emlWrongKind: {
    code: 'democracy.eml_wrong_kind',
    status: 422,
    nl: {
      title: 'Verkeerd soort bestand',
      detail:
        'Dit soort EML-bestand past hier niet. Een 110a maakt een nieuwe verkiezing; een 230b of 110b hoort bij een bestaande verkiezing.',
    },
    en: {
      title: 'Wrong kind of file',
      detail: 'This kind of EML file does not fit here. A 110a creates a new election; a 230b or 110b belongs to an existing election.',
    },
  },
  emlElectionMismatch: {
    code: 'democracy.eml_election_mismatch',
    status: 422,
    nl: { title: 'Bestand hoort bij een andere verkiezing', detail: 'Het bestand noemt een andere verkiezing of organisatie dan deze.' },
    en: { title: 'File belongs to another election', detail: 'The file names another election or organisation than this one.' },
  },
  electionIdRequired: {
    code: 'democracy.election_id_required',
    status: 400,
    nl: { title: 'Verkiezing ontbreekt', detail: 'Kies de verkiezing waar dit bestand bij hoort.' },
    en: { title: 'Election missing', detail: 'Choose the election this file belongs to.' },
  },
  notDraft: {
    code: 'democracy.not_draft',
    status: 409,
    nl: { title: 'Dit kan nu niet', detail: 'De telling is al begonnen. Lijsten en stembureaus kunnen niet meer veranderen.' },
    en: { title: 'Not possible now', detail: 'Counting has started. Lists and polling stations can no longer change.' },
  },
  incompleteDefinition: {
    code: 'democracy.incomplete_definition',
    status: 409,
    nl: { title: 'Verkiezing nog niet compleet', detail: 'Voor de telling zijn minstens één lijst en één stembureau nodig.' },
    en: { title: 'Election not complete', detail: 'Counting needs at least one list and one polling station.' },
  },
  referendumNotScheduled: {
    code: 'democracy.referendum_not_scheduled',
    status: 409,
    nl: { title: 'Referendum nog niet uitgeschreven', detail: 'De telling kan pas beginnen als het referendum is uitgeschreven.' },
    en: { title: 'Referendum not scheduled', detail: 'Counting can only start once the referendum has been scheduled.' },
  },
  notCounting: {
    code: 'democracy.not_counting',
    status: 409,
    nl: { title: 'Dit kan nu niet', detail: 'De telling van deze verkiezing is nog niet begonnen.' },
    en: { title: 'Not possible now', detail: 'Counting for this election has not started yet.' },
  },
  alreadyFinalised: {
    code: 'democracy.already_finalised',
    status: 409,
    nl: { title: 'Uitslag al vastgesteld', detail: 'De uitslag is vastgesteld. Er kan niets meer veranderen, behalve via een hertelling.' },
    en: { title: 'Result already finalised', detail: 'The result has been finalised. Nothing can change except through a recount.' },
  },
  sameUser: {
    code: 'democracy.same_user',
    status: 409,
    nl: {
      title: 'Tweede invoer door een ander',
      detail: 'U hebt de eerste invoer van dit stembureau gedaan. De tweede invoer moet door een andere medewerker gebeuren.',
    },
    en: {
      title: 'Second entry by someone else',
      detail: 'You made the first entry for this polling station. The second entry must be made by another official.',
    },
  },
  entryNotPossible: {
    code: 'democracy.entry_not_possible',
    status: 409,
    nl: {
      title: 'Invoer niet mogelijk',
      detail: 'Dit stembureau is al twee keer ingevoerd. Bij verschillen beslist de coördinator.',
    },
    en: {
      title: 'Entry not possible',
      detail: 'This polling station has been entered twice already. The coordinator decides on differences.',
    },
  },
  countInconsistent: {
    code: 'democracy.count_inconsistent',
    status: 422,
    nl: {
      title: 'De telling klopt niet',
      detail: 'De getallen passen niet bij elkaar. Controleer ze met het proces-verbaal. Er is niets opgeslagen.',
    },
    en: {
      title: 'The count does not add up',
      detail: 'The numbers do not fit together. Check them against the official report. Nothing was saved.',
    },
  },
  warningsNotConfirmed: {
    code: 'democracy.warnings_not_confirmed',
    status: 422,
    nl: {
      title: 'Controleer de waarschuwingen',
      detail: 'Bevestig bij elke waarschuwing dat u het hebt gecontroleerd op het proces-verbaal. Er is nog niets opgeslagen.',
    },
    en: {
      title: 'Check the warnings',
      detail: 'Confirm for each warning that you checked it against the official report. Nothing has been saved yet.',
    },
  },
  noDifferences: {
    code: 'democracy.no_differences',
    status: 409,
    nl: { title: 'Geen verschillen', detail: 'Bij dit stembureau is er nu geen verschil tussen twee invoeren om over te beslissen.' },
    en: { title: 'No differences', detail: 'This polling station has no difference between two entries to decide on now.' },
  },
  notAllAgreed: {
    code: 'democracy.not_all_agreed',
    status: 409,
    nl: {
      title: 'Nog niet alles ingevoerd',
      detail: 'Van elk stembureau moeten twee gelijke invoeren zijn (of een besluit van de coördinator).',
    },
    en: {
      title: 'Not everything entered yet',
      detail: 'Every polling station needs two equal entries (or a decision by the coordinator).',
    },
  },
  lotRequired: {
    code: 'democracy.lot_required',
    status: 409,
    nl: { title: 'Loting nodig', detail: 'Voor de zetelverdeling moet eerst worden geloot. Leg de uitkomst van de loting vast.' },
    en: { title: 'Drawing of lots required', detail: 'The seat apportionment needs a drawing of lots first. Record its outcome.' },
  },
  noLotPending: {
    code: 'democracy.no_lot_pending',
    status: 409,
    nl: { title: 'Geen loting nodig', detail: 'Er is nu geen loting nodig voor deze uitslag.' },
    en: { title: 'No drawing of lots needed', detail: 'No drawing of lots is needed for this result now.' },
  },
  lotInvalid: {
    code: 'democracy.lot_invalid',
    status: 422,
    nl: {
      title: 'Loting past niet',
      detail: 'De loting past niet bij de loting die nodig is (soort, keuzes of getrokken lijst of kandidaat).',
    },
    en: {
      title: 'Lot does not fit',
      detail: 'The lot does not fit the drawing that is needed (kind, options, or the list or candidate drawn).',
    },
  },
  apportionmentFailed: {
    code: 'democracy.apportionment_failed',
    status: 409,
    nl: { title: 'Zetelverdeling niet mogelijk', detail: 'De zetelverdeling kan met deze gegevens niet worden gemaakt.' },
    en: { title: 'Seat apportionment not possible', detail: 'The seat apportionment cannot be made with this data.' },
  },
  recountNotPossible: {
    code: 'democracy.recount_not_possible',
    status: 409,
    nl: { title: 'Hertelling niet mogelijk', detail: 'Een hertelling kan alleen voor een stembureau met een vastgestelde telling.' },
    en: { title: 'Recount not possible', detail: 'A recount is only possible for a polling station whose count was agreed.' },
  },
  recountInProgress: {
    code: 'democracy.recount_in_progress',
    status: 409,
    nl: {
      title: 'Hertelling bezig',
      detail: 'Er loopt een hertelling. De telling per stembureau is beschikbaar zodra de uitslag opnieuw is vastgesteld.',
    },
    en: {
      title: 'Recount in progress',
      detail: 'A recount is in progress. The counts per polling station are available once the result has been finalised again.',
    },
  },
  emlResultElectionsOnly: {
    code: 'democracy.eml_result_elections_only',
    status: 404,
    nl: {
      title: 'Geen EML-uitslag',
      detail:
        'Een EML 520-bestand met de uitslag bestaat alleen voor verkiezingen. De uitkomst van een referendum staat op de uitslagpagina.',
    },
    en: {
      title: 'No EML result',
      detail: 'An EML 520 result file exists only for elections. The outcome of a referendum is on the result page.',
    },
  },
  invalidInput: {
    code: 'democracy.invalid_input',
    status: 400,
    nl: { title: 'Ongeldige invoer', detail: 'Niet alle velden zijn goed ingevuld.' },
    en: { title: 'Invalid input', detail: 'Not all fields were filled in correctly.' },
  },
} as const satisfies Record<string, FailureText>;

type DemocracyFailureKey = keyof typeof democracyFailureTexts;

/** A failure of this module: the Dutch text as title and detail, and the English text beside it (and the count's findings, if any). */
export interface DemocracyFailure extends Failure {
  en: { title: string; detail: string };
  findings?: CountFinding[];
}

function failure(
  key: DemocracyFailureKey,
  extra: { detail?: string; invalidParams?: InvalidParam[]; findings?: CountFinding[] } = {},
): DemocracyFailure {
  const t: FailureText = democracyFailureTexts[key];
  return {
    code: t.code,
    status: t.status,
    title: t.nl.title,
    detail: extra.detail ?? t.nl.detail,
    en: { ...t.en },
    ...(extra.invalidParams ? { invalidParams: extra.invalidParams } : {}),
    ...(extra.findings ? { findings: extra.findings } : {}),
  };
}

/** The failures as functions, for the use cases, routes and pages. */
export const democracyFailures = {
  loginRequired: () => failure('loginRequired'),
  electionOfficialsOnly: () => failure('electionOfficialsOnly'),
  coordinatorsOnly: () => failure('coordinatorsOnly'),
  officialsOnly: () => failure('officialsOnly'),
  otherOrganisation: () => failure('otherOrganisation'),
  electionNotFound: () => failure('electionNotFound'),
  stationNotFound: () => failure('stationNotFound'),
  resultNotFound: () => failure('resultNotFound'),
  hashMismatch: () => failure('hashMismatch'),
  invalidEml: (problems: readonly string[] = []) =>
    failure('invalidEml', {
      invalidParams: problems.slice(0, 50).map((p) => ({ name: 'xml', code: 'democracy.invalid_eml', reason: p })),
    }),
  emlWrongKind: () => failure('emlWrongKind'),
  emlElectionMismatch: (detail?: string) => failure('emlElectionMismatch', detail ? { detail } : {}),
  electionIdRequired: () => failure('electionIdRequired'),
  notDraft: () => failure('notDraft'),
  incompleteDefinition: () => failure('incompleteDefinition'),
  referendumNotScheduled: () => failure('referendumNotScheduled'),
  notCounting: () => failure('notCounting'),
  alreadyFinalised: () => failure('alreadyFinalised'),
  sameUser: () => failure('sameUser'),
  entryNotPossible: () => failure('entryNotPossible'),
  countInconsistent: (findings: readonly CountFinding[]) =>
    failure('countInconsistent', { invalidParams: findingParams(findings), findings: [...findings] }),
  warningsNotConfirmed: (warnings: readonly CountFinding[]) =>
    failure('warningsNotConfirmed', { invalidParams: findingParams(warnings), findings: [...warnings] }),
  noDifferences: () => failure('noDifferences'),
  notAllAgreed: () => failure('notAllAgreed'),
  lotRequired: () => failure('lotRequired'),
  noLotPending: () => failure('noLotPending'),
  lotInvalid: () => failure('lotInvalid'),
  apportionmentFailed: (message?: string) =>
    failure('apportionmentFailed', message ? { detail: `${democracyFailureTexts.apportionmentFailed.nl.detail} ${message}` } : {}),
  recountNotPossible: () => failure('recountNotPossible'),
  recountInProgress: () => failure('recountInProgress'),
  emlResultElectionsOnly: () => failure('emlResultElectionsOnly'),
  invalidInput: (issues: readonly InvalidParam[]): Failure => invalidInputFailure('democracy', issues),
};

/** The Dutch or English title and detail of a failure code of this module (for pages). */
export function democracyFailureText(code: string, lang: 'nl' | 'en'): { title: string; detail: string } | undefined {
  const t = Object.values(democracyFailureTexts).find((x: FailureText) => x.code === code);
  return t ? t[lang] : undefined;
}

/** Findings as invalid params: one per field (path under `count.`), with the finding's code and Dutch message. */
function findingParams(findings: readonly CountFinding[]): InvalidParam[] {
  return findings.flatMap((f) =>
    (f.fields.length > 0 ? f.fields : ['']).map((field) => ({
      name: field ? `count.${field}` : 'count',
      code: f.code,
      reason: f.message.nl,
    })),
  );
}

// ─── input ───────────────────────────────────────────────────────────────────────────────────────

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Polling station numbers: positive integers (the stations of a House election run to about 9,500 per municipality at most). */
const MAX_STATION_NUMBER = 999_999;

const isUuidLike = (id: unknown): id is string => typeof id === 'string' && UUID_LIKE.test(id);
const isStationNumber = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_STATION_NUMBER;

const dutchErrors = z.locales.nl().localeError;

/** zod issues as invalid params (`name` is the path, e.g. `lists.0.candidates.2.lastName`). */
function issuesOf(error: z.ZodError): InvalidParam[] {
  return error.issues.map((i) => ({
    name: i.path.length > 0 ? i.path.map(String).join('.') : 'body',
    code: 'democracy.invalid_field',
    reason: i.message,
  }));
}

function parse<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const r = schema.safeParse(input, { error: dutchErrors });
  return r.success ? ok(r.data) : fail(democracyFailures.invalidInput(issuesOf(r.error)));
}

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const candidateSchema = z.object({
  position: z.number().int().min(1).max(1000).optional(),
  initials: text(20),
  firstName: optionalText(100),
  prefix: optionalText(30),
  lastName: text(100),
  locality: optionalText(100),
  gender: z
    .enum(['male', 'female', 'x'])
    .nullish()
    .transform((v) => v ?? null),
  deceased: z.boolean().default(false),
});

const listSchema = z.object({
  number: z.number().int().min(1).max(999),
  name: text(200),
  candidates: z.array(candidateSchema).max(250).default([]),
});

const stationSchema = z.object({
  number: z.number().int().min(1).max(MAX_STATION_NUMBER),
  name: text(200),
  municipalityCode: z.string().regex(/^[A-Z]{2}[0-9]{4}$/, 'Gebruik een CBS-code zoals GM0014.'),
  postalCode: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{3} ?[A-Z]{2}$/, 'Gebruik een postcode zoals 9711 LV.')
    .nullish()
    .transform((v) => v ?? null),
  eligibleVoters: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .nullish()
    .transform((v) => v ?? null),
});

/** The input of defineElection (also what POST /api/v1/elections takes). */
export const electionDefinitionSchema = z
  .object({
    kind: z.enum(['election', 'referendum']).default('election'),
    organisationCode: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
    body: z
      .enum(bodies)
      .nullish()
      .transform((v) => v ?? null),
    name: text(200),
    date: isoDate,
    seats: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .nullish()
      .transform((v) => v ?? null),
    emlId: optionalText(100),
    eligibleVoters: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .nullish()
      .transform((v) => v ?? null),
    lists: z.array(listSchema).max(100).default([]),
    stations: z.array(stationSchema).max(20_000).default([]),
  })
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (d.kind === 'election') {
      if (d.body === null) issue(['body'], 'Kies het orgaan dat wordt gekozen.');
      if (d.seats === null) issue(['seats'], 'Vul het aantal zetels in (1 tot en met 10.000).');
      d.lists.forEach((l, i) => {
        if (l.candidates.length === 0) issue(['lists', i, 'candidates'], 'Een lijst heeft minstens één kandidaat.');
      });
    } else {
      if (d.body !== null) issue(['body'], 'Een referendum kiest geen orgaan.');
      if (d.seats !== null) issue(['seats'], 'Een referendum heeft geen zetels.');
      d.lists.forEach((l, i) => {
        if (l.candidates.length > 0) issue(['lists', i, 'candidates'], 'Een antwoordmogelijkheid heeft geen kandidaten.');
      });
    }
    const listNumbers = new Set<number>();
    d.lists.forEach((l, i) => {
      if (listNumbers.has(l.number)) issue(['lists', i, 'number'], 'Dit lijstnummer komt twee keer voor.');
      listNumbers.add(l.number);
      l.candidates.forEach((c, p) => {
        if (c.position !== undefined && c.position !== p + 1)
          issue(['lists', i, 'candidates', p, 'position'], `Kandidaten staan in volgorde: dit moet nummer ${p + 1} zijn.`);
      });
    });
    const stationNumbers = new Set<number>();
    d.stations.forEach((s, i) => {
      if (stationNumbers.has(s.number)) issue(['stations', i, 'number'], 'Dit stembureaunummer komt twee keer voor.');
      stationNumbers.add(s.number);
    });
  });

const warningCodes = z.array(z.string().regex(/^[A-Z]\.[0-9]{3}$/)).max(50);

const entryInputSchema = z.object({
  count: z.lazy(() => stationCountSchema),
  acceptedWarnings: warningCodes.default([]),
});

const resolveInputSchema = z
  .object({
    resolution: z.enum(resolutions),
    count: z.lazy(() => stationCountSchema).optional(),
    acceptedWarnings: warningCodes.default([]),
  })
  .superRefine((d, ctx) => {
    if (d.resolution === 'correct' && d.count === undefined)
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'Vul de gecorrigeerde telling in.' });
  });

const lotInputSchema = z.object({
  kind: z.enum(['list', 'candidate']),
  drawn: z.object({
    kind: z.string().max(100).optional(),
    list: z.number().int().min(1).max(999).optional(),
    options: z.array(z.number().int().min(0).max(100_000)).max(1000).optional(),
    seat_numbers: z.array(z.number().int().min(0).max(100_000)).max(100_000).optional(),
    drawn: z.number().int().min(0).max(100_000),
  }),
});

const recountInputSchema = z.object({ reason: z.string().trim().min(3).max(2000) });

// ─── who ─────────────────────────────────────────────────────────────────────────────────────────

type Official = Extract<Principal, { kind: 'official' }>;

function officialWith(principal: Principal, roles: readonly Role[], refusal: () => Failure): Result<Official> {
  if (principal.kind === 'anonymous') return fail(democracyFailures.loginRequired());
  if (principal.kind !== 'official' || !principal.roles.some((r) => roles.includes(r))) return fail(refusal());
  return ok(principal);
}
const asElectionOfficial = (p: Principal) => officialWith(p, ['election_official'], democracyFailures.electionOfficialsOnly);
const asCoordinator = (p: Principal) => officialWith(p, ['election_coordinator'], democracyFailures.coordinatorsOnly);
const asAnyElectionOfficial = (p: Principal) =>
  officialWith(p, ['election_official', 'election_coordinator'], democracyFailures.officialsOnly);

/** The election of the official's organisation: unknown → 404; another organisation's draft → 404, else 403. */
function ownElection(official: Official, election: Election | undefined): Result<Election> {
  if (!election) return fail(democracyFailures.electionNotFound());
  if (election.organisationCode !== official.organisationCode)
    return fail(election.status === 'draft' ? democracyFailures.electionNotFound() : democracyFailures.otherOrganisation());
  return ok(election);
}

async function loadOwnElection(ctx: ModuleContext, official: Official, id: string): Promise<Result<Election>> {
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  return ownElection(official, await store.findElection(ctx.database.db, id));
}

async function lockOwnElection(ctx: ModuleContext, trx: Trx, official: Official, id: string): Promise<Result<Election>> {
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  return ownElection(official, await store.lockElection(trx, ctx.database.dialect, id));
}

/** Entries and decisions need a counting election. */
function mustBeCounting(election: Election): Result<Election> {
  if (election.status === 'finalised') return fail(democracyFailures.alreadyFinalised());
  if (election.status !== 'counting') return fail(democracyFailures.notCounting());
  return ok(election);
}

/** Who a use case is for: the role check that comes first. */
type Who = (principal: Principal) => Result<Official>;

interface OwnElection {
  official: Official;
  election: Election;
}

interface OwnStation extends OwnElection {
  station: StationState;
}

/** The opening of a read: the role, then the election of the official's own organisation (not locked). */
async function readOwnElection(ctx: ModuleContext, principal: Principal, who: Who, id: string): Promise<Result<OwnElection>> {
  const official = who(principal);
  if (!official.ok) return official;
  const election = await loadOwnElection(ctx, official.value, id);
  return election.ok ? ok({ official: official.value, election: election.value }) : election;
}

/** The opening of a read of one station: as readOwnElection, then the station (an impossible or unknown number → 404). */
async function readOwnStation(
  ctx: ModuleContext,
  principal: Principal,
  who: Who,
  id: string,
  stationNumber: number,
): Promise<Result<OwnStation>> {
  const found = await readOwnElection(ctx, principal, who, id);
  if (!found.ok) return found;
  if (!isStationNumber(stationNumber)) return fail(democracyFailures.stationNotFound());
  const station = await store.findStation(ctx.database.db, found.value.election.id, stationNumber);
  return station ? ok({ ...found.value, station }) : fail(democracyFailures.stationNotFound());
}

/**
 * A change to one station of a counting election (an entry, a decision on differences): the role,
 * the own election, the station number and the input are checked first; then, in one transaction,
 * the election is read again, the station row locked and read, and the election must be counting.
 */
async function changeStation<I, T>(
  ctx: ModuleContext,
  principal: Principal,
  who: Who,
  id: string,
  stationNumber: number,
  schema: z.ZodType<I>,
  input: unknown,
  work: (trx: Trx, found: OwnStation, input: I) => Promise<Result<T>>,
): Promise<Result<T>> {
  const found = await readOwnElection(ctx, principal, who, id);
  if (!found.ok) return found;
  if (!isStationNumber(stationNumber)) return fail(democracyFailures.stationNotFound());
  const parsed = parse(schema, input);
  if (!parsed.ok) return parsed;
  const { official } = found.value;
  return inUseCase(ctx.database, async (trx) => {
    const election = await store.findElection(trx, found.value.election.id);
    if (!election) return fail(democracyFailures.electionNotFound());
    const station = await store.lockStation(trx, ctx.database.dialect, election.id, stationNumber);
    if (!station) return fail(democracyFailures.stationNotFound());
    const counting = mustBeCounting(election);
    if (!counting.ok) return counting;
    return work(trx, { official, election, station }, parsed.value);
  });
}

/** No input to parse. */
const noInput = (): Result<undefined> => ok(undefined);

/**
 * A coordinator's change to a whole election: the role, an id that can exist and the input first;
 * then, in one transaction, the election of the coordinator's organisation, locked.
 */
async function changeElection<I, T>(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  parseInput: () => Result<I>,
  work: (trx: Trx, found: OwnElection, input: I) => Promise<Result<T>>,
): Promise<Result<T>> {
  const who = asCoordinator(principal);
  if (!who.ok) return who;
  const official = who.value;
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  const parsed = parseInput();
  if (!parsed.ok) return parsed;
  return inUseCase(ctx.database, async (trx) => {
    const found = await lockOwnElection(ctx, trx, official, id);
    if (!found.ok) return found;
    return work(trx, { official, election: found.value }, parsed.value);
  });
}

const audit = (
  trx: Trx,
  ctx: ModuleContext,
  principal: Principal,
  origin: Origin,
  action: string,
  object: { type: 'election' | 'election_station'; id: string },
  details: Record<string, unknown>,
) =>
  recordAudit(trx, {
    actor: actorOf(principal),
    action: `democracy.${action}`,
    object,
    requestId: origin.requestId,
    at: ctx.clock.now(),
    details,
  });

/** The object id of a polling station in the audit trail: `<election id>/<station number>`. */
export const stationObjectId = (electionId: string, stationNumber: number): string => `${electionId}/${stationNumber}`;

// ─── shapes ──────────────────────────────────────────────────────────────────────────────────────

const pollingStation = (s: PollingStation): PollingStation => ({
  number: s.number,
  name: s.name,
  municipalityCode: s.municipalityCode,
  postalCode: s.postalCode,
  eligibleVoters: s.eligibleVoters,
});

const progressOf = (s: StationState): StationProgress => ({
  ...pollingStation(s),
  status: s.status,
  attempt: s.attempt,
  recounts: s.recounts,
  firstEnteredBy: s.firstEnteredBy,
  agreedAt: s.agreedAt,
});

async function definitionOf(
  db: ModuleContext['database']['db'] | Trx,
  election: Election,
  stations?: readonly StationState[],
): Promise<ElectionDefinition> {
  const lists = await store.listsOf(db, election.id);
  const all = stations ?? (await store.stationsOf(db, election.id));
  return { ...election, lists, stations: all.map(pollingStation) };
}

const entryOf = (e: CountEntry): CountEntry => ({
  electionId: e.electionId,
  stationNumber: e.stationNumber,
  attempt: e.attempt,
  entryNo: e.entryNo,
  enteredBy: e.enteredBy,
  count: e.count,
  acceptedWarnings: e.acceptedWarnings,
  createdAt: e.createdAt,
});

// ─── reads ───────────────────────────────────────────────────────────────────────────────────────

/**
 * May this principal see the election? A draft (an election or a referendum's ballot in
 * preparation) only the election officials and coordinators of its organisation see; without a
 * principal (a caller that decides itself, such as the pages) every election.
 */
function mayView(election: Election, principal: Principal | undefined): boolean {
  if (election.status !== 'draft' || principal === undefined) return true;
  const official = asAnyElectionOfficial(principal);
  return official.ok && official.value.organisationCode === election.organisationCode;
}

/**
 * The elections and referendum ballots, newest election day first (definitions hold nothing
 * secret). With a principal, drafts of other organisations (and drafts for anyone but election
 * officials and coordinators) are left out; without one, every election.
 */
export async function listElections(
  ctx: ModuleContext,
  filter: { kind?: 'election' | 'referendum' } = {},
  principal?: Principal,
): Promise<ElectionSummary[]> {
  const rows = await store.listElectionRows(ctx.database.db, filter.kind ? { kind: filter.kind } : {});
  const elections = rows.filter((e) => mayView(e, principal));
  const names = await organisationNames(ctx, [...new Set(elections.map((e) => e.organisationCode))]);
  return elections.map((e) => ({ ...e, organisationName: names.get(e.organisationCode) ?? e.organisationCode }));
}

/**
 * The definition of an election: lists, candidates and polling stations (counts are not part of
 * it). With a principal, a draft the principal may not see is 404, like an unknown id.
 */
export async function getElection(ctx: ModuleContext, id: string, principal?: Principal): Promise<Result<ElectionDefinition>> {
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  const election = await store.findElection(ctx.database.db, id);
  if (!election || !mayView(election, principal)) return fail(democracyFailures.electionNotFound());
  return ok(await definitionOf(ctx.database.db, election));
}

const countsByStatus = (stations: readonly StationProgress[]): Record<StationStatus, number> => {
  const counts = Object.fromEntries(stationStatuses.map((s) => [s, 0])) as Record<StationStatus, number>;
  for (const s of stations) counts[s.status] += 1;
  return counts;
};

/** The progress of counting per polling station, for the officials of the organisation. */
export async function getProgress(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<CountingProgress>> {
  const found = await readOwnElection(ctx, principal, asAnyElectionOfficial, id);
  if (!found.ok) return found;
  const { official, election } = found.value;
  const states = await store.stationsOf(ctx.database.db, election.id);
  const stations = states.map(progressOf);
  return ok({
    election: await definitionOf(ctx.database.db, election, states),
    stations,
    counts: countsByStatus(stations),
    mayFinalise: mayFinaliseElection(election, stations),
    may: { enter: official.roles.includes('election_official'), coordinate: official.roles.includes('election_coordinator') },
  });
}

/** Which entry (1 or 2) the official would make for a station now; refused when they may not enter it. */
function entryNoFor(station: StationState, officialId: string): Result<1 | 2> {
  if (station.status === 'not_started') return ok(1);
  if (station.status === 'first_entry') return station.firstEnteredBy === officialId ? fail(democracyFailures.sameUser()) : ok(2);
  return fail(democracyFailures.entryNotPossible());
}

/** The station an election official is about to enter, with the entry number it would be. Never shows entry 1's numbers. */
export async function getStationForEntry(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  stationNumber: number,
): Promise<Result<StationForEntry>> {
  const found = await readOwnStation(ctx, principal, asElectionOfficial, id, stationNumber);
  if (!found.ok) return found;
  const { official, election, station } = found.value;
  const counting = mustBeCounting(election);
  if (!counting.ok) return counting;
  const entryNo = entryNoFor(station, official.officialId);
  if (!entryNo.ok) return entryNo;
  return ok({ election: await definitionOf(ctx.database.db, election), station: progressOf(station), entryNo: entryNo.value });
}

/** The two entries of a station whose entries differ, field by field (coordinator). */
export async function getDifferences(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  stationNumber: number,
): Promise<Result<StationDifferences>> {
  const found = await readOwnStation(ctx, principal, asCoordinator, id, stationNumber);
  if (!found.ok) return found;
  const { election, station } = found.value;
  if (station.status !== 'different') return fail(democracyFailures.noDifferences());
  const pair = await currentPair(ctx.database.db, election.id, station);
  if (!pair) return fail(democracyFailures.noDifferences());
  return ok({
    election: await definitionOf(ctx.database.db, election),
    station: progressOf(station),
    first: entryOf(pair.first),
    second: entryOf(pair.second),
    differences: compareCounts(pair.first.count, pair.second.count),
  });
}

async function currentPair(
  db: ModuleContext['database']['db'] | Trx,
  electionId: string,
  station: StationState,
): Promise<{ first: CountEntry; second: CountEntry } | undefined> {
  const entries = (await store.entriesOf(db, electionId, station.number, station.attempt)).filter((e) => e.discardedAt === null);
  const first = entries.find((e) => e.entryNo === 1);
  const second = entries.find((e) => e.entryNo === 2);
  return first && second ? { first, second } : undefined;
}

// ─── results ─────────────────────────────────────────────────────────────────────────────────────

/** Lots of the current counting round: recorded after the last recount ordered before `at` (and not after `at`). */
function lotsInForce(lots: readonly LotRecord[], recounts: readonly RecountRecord[], at?: string): LotRecord[] {
  const before = at === undefined ? recounts : recounts.filter((r) => r.decidedAt <= at);
  const since = before.reduce<string | null>((m, r) => (m === null || r.decidedAt > m ? r.decidedAt : m), null);
  return lots.filter((l) => (since === null || l.recordedAt > since) && (at === undefined || l.recordedAt <= at));
}

/** The apportionment input of Kieswet chapter P: candidate votes per list, deceased candidates, the lots in force. */
export function apportionmentInput(
  def: Pick<ElectionDefinition, 'seats' | 'lists'>,
  totals: CountTotals,
  lots: readonly LotRecord[],
): ApportionmentInput {
  const deceased = def.lists
    .map((l) => ({ list: l.number, candidates: l.candidates.filter((c) => c.deceased).map((c) => c.position) }))
    .filter((d) => d.candidates.length > 0);
  return {
    seats: def.seats ?? 0,
    lists: def.lists.map((l) => {
      const counted = totals.votes.lists.find((x) => x.number === l.number);
      return { number: l.number, candidate_votes: l.candidates.map((_, i) => counted?.candidates[i] ?? 0) };
    }),
    ...(deceased.length > 0 ? { deceased_candidates: deceased } : {}),
    lots_drawn_lists: lots.filter((l) => l.kind === 'list').map((l) => l.drawn as ListLotDrawn),
    lots_drawn_candidates: lots.filter((l) => l.kind === 'candidate').map((l) => l.drawn as CandidateLotDrawn),
  };
}

const candidateName = (c: Candidate): string =>
  `${c.initials}${c.firstName ? ` (${c.firstName})` : ''} ${c.prefix ? `${c.prefix} ` : ''}${c.lastName}`;

/** The elected candidates in the order they were elected, and how: on preference votes or in list order. */
function electedCandidates(
  def: Pick<ElectionDefinition, 'lists'>,
  totals: CountTotals,
  result: ApportionmentResult | null,
): ElectedCandidate[] {
  if (!result || result.status !== 'Completed' || result.kind !== 'process') return [];
  const out: ElectedCandidate[] = [];
  for (const n of result.list_nominations) {
    const list = def.lists.find((l) => l.number === n.list);
    const counted = totals.votes.lists.find((l) => l.number === n.list);
    const add = (position: number, how: ElectedCandidate['how']) => {
      const c = list?.candidates.find((x) => x.position === position);
      out.push({
        listNumber: n.list,
        listName: list?.name ?? String(n.list),
        position,
        name: c ? candidateName(c) : String(position),
        votes: counted?.candidates[position - 1] ?? 0,
        how,
      });
    };
    for (const p of n.preferential) add(p, 'preference');
    for (const p of n.other) add(p, 'list_order');
  }
  return out;
}

/** Rules of a ballot without a referendum row (a consultation defined by hand): no thresholds. */
const noThresholds: ReferendumRules = {
  key: 'none',
  name: { nl: 'Geen drempels', en: 'No thresholds' },
  source: '',
  validFrom: '1900-01-01',
  requestPhases: [],
  turnoutThresholdPercent: null,
  minimumVotesForOutcome: null,
};

function eligibleOf(election: Election, stations: readonly PollingStation[]): number | null {
  if (election.eligibleVoters !== null) return election.eligibleVoters;
  if (stations.length === 0 || stations.some((s) => s.eligibleVoters === null)) return null;
  return stations.reduce((a, s) => a + (s.eligibleVoters ?? 0), 0);
}

const turnoutOf = (voted: number, eligible: number | null): ResultView['turnout'] => ({
  voted,
  eligible,
  percent: eligible !== null && eligible > 0 ? Math.round((voted / eligible) * 1000) / 10 : null,
});

interface Computed {
  totals: CountTotals;
  perMunicipality: Record<string, CountTotals>;
  apportionment: ApportionmentResult | null;
  referendum: ReferendumOutcome | null;
  lots: LotRecord[];
  /** Eligible voters of the counted stations (all of them once every station is agreed); absent for a stored result. */
  eligible?: number | null;
}

/** Sums the agreed counts (overall and per municipality) and applies the rules: apportionment, or the referendum's outcome. */
async function compute(
  db: ModuleContext['database']['db'] | Trx,
  def: ElectionDefinition,
  states: readonly StationState[],
): Promise<Computed> {
  const ballot = ballotShapeOf(def.lists);
  const agreed = states.filter((s) => s.status === 'agreed' && s.agreed !== null);
  const totals = sumCounts(
    agreed.map((s) => s.agreed as StationCount),
    ballot,
  );
  const byMunicipality = new Map<string, StationCount[]>(states.map((s) => [s.municipalityCode, []]));
  for (const s of agreed) byMunicipality.get(s.municipalityCode)?.push(s.agreed as StationCount);
  const perMunicipality: Record<string, CountTotals> = {};
  for (const code of [...byMunicipality.keys()].sort()) perMunicipality[code] = sumCounts(byMunicipality.get(code) ?? [], ballot);
  const lots = lotsInForce(await store.lotsOf(db, def.id), await store.recountsOf(db, def.id));
  // While stations are missing, turnout is over the stations counted so far, not over all of them.
  const counted = new Set(agreed.map((s) => s.number));
  const eligible =
    agreed.length === states.length
      ? eligibleOf(def, def.stations)
      : eligibleOf(
          { ...def, eligibleVoters: null },
          def.stations.filter((s) => counted.has(s.number)),
        );
  if (def.kind === 'election') {
    return { totals, perMunicipality, apportionment: apportion(apportionmentInput(def, totals, lots)), referendum: null, lots, eligible };
  }
  const referendum = await findReferendumByElection(db, def.id);
  const outcome = referendumOutcome(referendum?.rules ?? noThresholds, totals, def.lists, eligible);
  return { totals, perMunicipality, apportionment: null, referendum: outcome, lots, eligible };
}

async function resultView(
  ctx: ModuleContext,
  def: ElectionDefinition,
  r: Computed,
  version: { version: number; finalisedAt: string } | null,
  earlierVersions: { version: number; finalisedAt: string }[],
): Promise<ResultView> {
  const codes = Object.keys(r.perMunicipality);
  const names = await organisationNames(ctx, codes);
  return {
    election: def,
    version: version?.version ?? null,
    finalisedAt: version?.finalisedAt ?? null,
    totals: r.totals,
    perMunicipality: codes.map((code) => ({ code, name: names.get(code) ?? code, totals: r.perMunicipality[code] as CountTotals })),
    turnout: turnoutOf(r.totals.votes.total, r.eligible !== undefined ? r.eligible : eligibleOf(def, def.stations)),
    apportionment: r.apportionment,
    elected: electedCandidates(def, r.totals, r.apportionment),
    referendum: r.referendum,
    lots: r.lots,
    earlierVersions,
  };
}

/** The result as it stands now, from the agreed counts so far, with the apportionment (coordinator; not stored). */
export async function getProvisionalResult(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<ResultView>> {
  const found = await readOwnElection(ctx, principal, asCoordinator, id);
  if (!found.ok) return found;
  const { election } = found.value;
  if (election.status === 'draft') return fail(democracyFailures.notCounting());
  const states = await store.stationsOf(ctx.database.db, election.id);
  const def = await definitionOf(ctx.database.db, election, states);
  const computed = await compute(ctx.database.db, def, states);
  return ok(await resultView(ctx, def, computed, null, await store.resultVersions(ctx.database.db, def.id)));
}

/** The last finalised result (public); 404 when the election was never finalised. During a recount this stays the last version. */
export async function getFinalResult(ctx: ModuleContext, id: string): Promise<Result<ResultView>> {
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  const election = await store.findElection(ctx.database.db, id);
  if (!election) return fail(democracyFailures.electionNotFound());
  const latest = await store.latestResult(ctx.database.db, id);
  if (!latest) return fail(democracyFailures.resultNotFound());
  const def = await definitionOf(ctx.database.db, election);
  const lots = lotsInForce(await store.lotsOf(ctx.database.db, id), await store.recountsOf(ctx.database.db, id), latest.finalisedAt);
  const versions = await store.resultVersions(ctx.database.db, id);
  return ok(
    await resultView(
      ctx,
      def,
      {
        totals: latest.totals,
        perMunicipality: latest.perMunicipality,
        apportionment: latest.apportionment as ApportionmentResult | null,
        referendum: latest.referendum as ReferendumOutcome | null,
        lots,
      },
      { version: latest.version, finalisedAt: latest.finalisedAt },
      versions.filter((v) => v.version < latest.version),
    ),
  );
}

// ─── define and import ───────────────────────────────────────────────────────────────────────────

const toLists = (lists: z.output<typeof listSchema>[]): ElectionList[] =>
  [...lists]
    .sort((a, b) => a.number - b.number)
    .map((l) => ({
      number: l.number,
      name: l.name,
      candidates: l.candidates.map((c, p) => ({
        position: p + 1,
        initials: c.initials,
        firstName: c.firstName,
        prefix: c.prefix,
        lastName: c.lastName,
        locality: c.locality,
        gender: c.gender,
        deceased: c.deceased,
      })),
    }));

const toStations = (stations: z.output<typeof stationSchema>[]): PollingStation[] =>
  [...stations].sort((a, b) => a.number - b.number).map((s) => ({ ...s }));

/** A new election (draft) for the coordinator's organisation, with lists, candidates and polling stations. */
export async function defineElection(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: Origin,
): Promise<Result<ElectionDefinition>> {
  const who = asCoordinator(principal);
  if (!who.ok) return who;
  const parsed = parse(electionDefinitionSchema, input);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  if (d.organisationCode !== who.value.organisationCode) return fail(democracyFailures.otherOrganisation());
  const def: ElectionDefinition = {
    id: newId(),
    kind: d.kind,
    organisationCode: d.organisationCode,
    body: d.body,
    name: d.name,
    date: d.date,
    seats: d.seats,
    status: 'draft',
    emlId: d.emlId,
    eligibleVoters: d.eligibleVoters,
    createdAt: ctx.clock.now().toISOString(),
    finalisedAt: null,
    lists: toLists(d.lists),
    stations: toStations(d.stations),
  };
  return inUseCase(ctx.database, async (trx) => {
    await store.insertElectionDefinition(trx, def);
    await audit(
      trx,
      ctx,
      principal,
      origin,
      'election_defined',
      { type: 'election', id: def.id },
      {
        kind: def.kind,
        name: def.name,
        date: def.date,
        seats: def.seats,
        lists: def.lists.length,
        candidates: def.lists.reduce((a, l) => a + l.candidates.length, 0),
        stations: def.stations.length,
      },
    );
    return ok(def);
  });
}

/**
 * Imports an EML_NL file after the hash check (the coordinator retyped the file's SHA-256): 110a
 * creates a draft election for the coordinator's organisation; 230b (lists and candidates) and
 * 110b (polling stations) replace those of a draft election. Nothing is stored on any refusal.
 */
export async function importEml(
  ctx: ModuleContext,
  principal: Principal,
  input: { electionId: string | null; organisationCode: string | null; xml: string; hash: string },
  origin: Origin,
): Promise<Result<ImportedEml>> {
  const who = asCoordinator(principal);
  if (!who.ok) return who;
  const official = who.value;
  const issues: InvalidParam[] = [];
  if (typeof input.xml !== 'string' || input.xml.trim() === '')
    issues.push({ name: 'xml', code: 'democracy.eml_missing', reason: 'Kies een EML-bestand.' });
  else if (input.xml.length > MAX_EML_BYTES)
    issues.push({ name: 'xml', code: 'democracy.eml_too_large', reason: 'Het bestand is te groot (hoogstens 20 MB).' });
  if (typeof input.hash !== 'string' || input.hash.trim() === '' || input.hash.length > 200)
    issues.push({ name: 'hash', code: 'democracy.hash_missing', reason: 'Typ de controlecode (hash) van het bestand over.' });
  if (issues.length > 0) return fail(democracyFailures.invalidInput(issues));
  if (input.organisationCode !== null && input.organisationCode !== official.organisationCode)
    return fail(democracyFailures.otherOrganisation());

  // The integrity check comes first: a file that is not the one on paper is not even read.
  const hash = emlHash(input.xml);
  if (!typedHashMatches(hash, input.hash)) return fail(democracyFailures.hashMismatch());

  const kind = detectEmlKind(input.xml);
  if (kind !== '110a' && kind !== '230b' && kind !== '110b') return fail(democracyFailures.invalidEml());
  const now = ctx.clock.now().toISOString();
  const record = async (trx: Trx, electionId: string, emlId: string | null): Promise<void> => {
    await store.insertImport(trx, { id: newId(), electionId, kind, fileHash: hash, importedAt: now, importedBy: official.officialId });
    await audit(trx, ctx, principal, origin, 'eml_imported', { type: 'election', id: electionId }, { kind, hash, emlId });
  };

  if (kind === '110a') {
    if (input.electionId !== null) return fail(democracyFailures.emlWrongKind());
    const parsed = parseEml110a(input.xml);
    if (!parsed.ok) return fail(democracyFailures.invalidEml(parsed.problems));
    const e = parsed.value;
    if (e.organisationCode && e.organisationCode !== official.organisationCode)
      return fail(
        democracyFailures.emlElectionMismatch(
          `Het bestand is van organisatie ${e.organisationCode}, niet van ${official.organisationCode}.`,
        ),
      );
    const def: ElectionDefinition = {
      id: newId(),
      kind: 'election',
      organisationCode: official.organisationCode,
      body: e.body,
      name: e.name,
      date: e.date,
      seats: e.seats,
      status: 'draft',
      emlId: e.emlId,
      eligibleVoters: null,
      createdAt: now,
      finalisedAt: null,
      lists: [],
      stations: [],
    };
    return inUseCase(ctx.database, async (trx) => {
      await store.insertElectionDefinition(trx, def);
      await record(trx, def.id, def.emlId);
      return ok({ election: def, kind, hash });
    });
  }

  if (input.electionId === null) return fail(democracyFailures.electionIdRequired());
  const parsed = kind === '230b' ? parseEml230b(input.xml) : parseEml110b(input.xml);
  if (!parsed.ok) return fail(democracyFailures.invalidEml(parsed.problems));
  const electionId = input.electionId;
  return inUseCase(ctx.database, async (trx) => {
    const found = await lockOwnElection(ctx, trx, official, electionId);
    if (!found.ok) return found;
    const election = found.value;
    if (election.status !== 'draft') return fail(democracyFailures.notDraft());
    if (election.emlId !== null && election.emlId !== parsed.value.emlId)
      return fail(
        democracyFailures.emlElectionMismatch(
          `Het bestand is voor verkiezing ${parsed.value.emlId}, deze verkiezing is ${election.emlId}.`,
        ),
      );
    if ('lists' in parsed.value) {
      if (election.kind !== 'election') return fail(democracyFailures.emlWrongKind());
      await store.replaceLists(trx, election.id, parsed.value.lists);
    } else {
      await store.replaceStations(trx, election.id, parsed.value.stations);
    }
    const updated = { ...election, emlId: election.emlId ?? parsed.value.emlId };
    if (election.emlId === null) await store.setElectionEmlId(trx, election.id, updated.emlId);
    await record(trx, election.id, updated.emlId);
    return ok({ election: await definitionOf(trx, updated), kind, hash });
  });
}

/** Starts counting a draft election: every station starts not_started, attempt 1; a referendum ballot also moves its referendum to counting. */
export async function startCounting(ctx: ModuleContext, principal: Principal, id: string, origin: Origin): Promise<Result<Election>> {
  return changeElection(ctx, principal, id, noInput, async (trx, { election }) => {
    if (election.status !== 'draft')
      return fail(election.status === 'finalised' ? democracyFailures.alreadyFinalised() : democracyFailures.notDraft());
    const lists = await store.listsOf(trx, election.id);
    const stations = await store.stationsOf(trx, election.id);
    if (lists.length === 0 || stations.length === 0) return fail(democracyFailures.incompleteDefinition());
    if (election.kind === 'referendum') {
      const referendum = await findReferendumByElection(trx, election.id);
      if (referendum) {
        if (referendum.status !== 'scheduled') return fail(democracyFailures.referendumNotScheduled());
        await setReferendumStatusByElection(trx, election.id, 'counting');
      }
    }
    await store.resetStations(trx, election.id);
    await store.setElectionStatus(trx, election.id, 'counting', null);
    await audit(
      trx,
      ctx,
      principal,
      origin,
      'counting_started',
      { type: 'election', id: election.id },
      {
        lists: lists.length,
        stations: stations.length,
      },
    );
    return ok({ ...election, status: 'counting' as const });
  });
}

// ─── entries and decisions ───────────────────────────────────────────────────────────────────────

/** Checks a count against the ballot: errors refuse it; every warning must be among the accepted codes. Returns the warnings. */
function checkCount(
  count: StationCount,
  lists: readonly ElectionList[],
  station: PollingStation,
  accepted: readonly string[],
): Result<{ warnings: CountFinding[]; accepted: string[] }> {
  const findings = validateCount(count, ballotShapeOf(lists), station);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return fail(democracyFailures.countInconsistent(errors));
  const warnings = findings.filter((f) => f.severity === 'warning');
  const unconfirmed = warnings.filter((w) => !accepted.includes(w.code));
  if (unconfirmed.length > 0) return fail(democracyFailures.warningsNotConfirmed(unconfirmed));
  return ok({ warnings, accepted: [...new Set(warnings.map((w) => w.code))].sort() });
}

/**
 * Saves entry 1 or entry 2 of a station's report (election official). The station row is locked
 * and read inside the transaction, so two simultaneous entries are made one after the other:
 * they can never both be entry 1.
 */
export async function saveEntry(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  stationNumber: number,
  input: unknown,
  origin: Origin,
): Promise<Result<SavedEntry>> {
  return changeStation(
    ctx,
    principal,
    asElectionOfficial,
    id,
    stationNumber,
    entryInputSchema,
    input,
    async (trx, { official, election, station }, { count, acceptedWarnings }) => {
      const entryNo = entryNoFor(station, official.officialId);
      if (!entryNo.ok) return entryNo;
      const lists = await store.listsOf(trx, election.id);
      const checked = checkCount(count, lists, station, acceptedWarnings);
      if (!checked.ok) return checked;
      const now = ctx.clock.now().toISOString();
      await store.insertEntry(trx, {
        electionId: election.id,
        stationNumber,
        attempt: station.attempt,
        entryNo: entryNo.value,
        enteredBy: official.officialId,
        count,
        acceptedWarnings: checked.value.accepted,
        createdAt: now,
      });
      let outcome: EntryOutcome;
      let next: StationState;
      if (entryNo.value === 1) {
        outcome = 'saved_first';
        next = { ...station, status: 'first_entry', firstEnteredBy: official.officialId };
      } else {
        const first = (await store.entriesOf(trx, election.id, stationNumber, station.attempt)).find(
          (e) => e.entryNo === 1 && e.discardedAt === null,
        );
        const equal = first !== undefined && compareCounts(first.count, count).length === 0;
        outcome = equal ? 'agreed' : 'different';
        next = equal ? { ...station, status: 'agreed', agreed: count, agreedAt: now, agreedBy: null } : { ...station, status: 'different' };
      }
      await store.updateStation(trx, election.id, stationNumber, next);
      await audit(
        trx,
        ctx,
        principal,
        origin,
        'entry_saved',
        { type: 'election_station', id: stationObjectId(election.id, stationNumber) },
        {
          station: stationNumber,
          entryNo: entryNo.value,
          attempt: station.attempt,
          outcome,
          acceptedWarnings: checked.value.accepted,
        },
      );
      return ok({ outcome, station: progressOf(next), findings: checked.value.warnings });
    },
  );
}

/** The coordinator decides on a station whose two entries differ: keep one, correct, or discard both (a new attempt). */
export async function resolveDifferences(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  stationNumber: number,
  input: unknown,
  origin: Origin,
): Promise<Result<StationProgress>> {
  return changeStation(
    ctx,
    principal,
    asCoordinator,
    id,
    stationNumber,
    resolveInputSchema,
    input,
    async (trx, { official, election, station }, { resolution, count, acceptedWarnings }) => {
      if (station.status !== 'different') return fail(democracyFailures.noDifferences());
      const pair = await currentPair(trx, election.id, station);
      if (!pair) return fail(democracyFailures.noDifferences());
      const now = ctx.clock.now().toISOString();
      let next: StationState;
      let accepted: string[] = [];
      if (resolution === 'discard_both') {
        await store.discardEntries(trx, election.id, stationNumber, station.attempt, now);
        next = {
          ...station,
          status: 'not_started',
          attempt: station.attempt + 1,
          firstEnteredBy: null,
          agreed: null,
          agreedAt: null,
          agreedBy: null,
        };
      } else {
        let agreed: StationCount;
        if (resolution === 'correct') {
          const lists = await store.listsOf(trx, election.id);
          const corrected = count as StationCount;
          const checked = checkCount(corrected, lists, station, acceptedWarnings);
          if (!checked.ok) return checked;
          accepted = checked.value.accepted;
          agreed = corrected;
        } else {
          agreed = resolution === 'keep_first' ? pair.first.count : pair.second.count;
        }
        next = { ...station, status: 'agreed', agreed, agreedAt: now, agreedBy: official.officialId };
      }
      await store.updateStation(trx, election.id, stationNumber, next);
      await audit(
        trx,
        ctx,
        principal,
        origin,
        'differences_resolved',
        { type: 'election_station', id: stationObjectId(election.id, stationNumber) },
        {
          station: stationNumber,
          attempt: station.attempt,
          resolution,
          differences: compareCounts(pair.first.count, pair.second.count).map((d) => d.field),
          ...(resolution === 'correct' ? { acceptedWarnings: accepted } : {}),
        },
      );
      return ok(progressOf(next));
    },
  );
}

/** Equal sets of numbers (order does not matter). */
const sameSet = (a: readonly number[], b: readonly number[]): boolean => {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** Records the outcome of a drawing of lots that the apportionment asks for now (coordinator; every station agreed). */
export async function recordLot(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  input: unknown,
  origin: Origin,
): Promise<Result<LotRecord>> {
  return changeElection(
    ctx,
    principal,
    id,
    () => parse(lotInputSchema, input),
    async (trx, { official, election }, { kind, drawn }) => {
      const counting = mustBeCounting(election);
      if (!counting.ok) return counting;
      const states = await store.stationsOf(trx, id);
      if (!mayFinaliseElection(election, states)) return fail(democracyFailures.notAllAgreed());
      if (election.kind !== 'election') return fail(democracyFailures.noLotPending());
      const def = await definitionOf(trx, election, states);
      const { apportionment } = await compute(trx, def, states);
      let record: ListLotDrawn | CandidateLotDrawn;
      if (apportionment?.status === 'ListDrawingLotsRequired') {
        const pending = apportionment.drawing_lots;
        if (kind !== 'list') return fail(democracyFailures.lotInvalid());
        if (drawn.kind !== undefined && drawn.kind !== pending.kind) return fail(democracyFailures.lotInvalid());
        if (drawn.options !== undefined && !sameSet(drawn.options, pending.options)) return fail(democracyFailures.lotInvalid());
        if (!pending.options.includes(drawn.drawn)) return fail(democracyFailures.lotInvalid());
        record = { kind: pending.kind, options: [...pending.options], drawn: drawn.drawn };
      } else if (apportionment?.status === 'CandidateDrawingLotsRequired') {
        const pending = apportionment.drawing_lots;
        if (kind !== 'candidate') return fail(democracyFailures.lotInvalid());
        if (drawn.list !== undefined && drawn.list !== pending.list) return fail(democracyFailures.lotInvalid());
        if (drawn.options !== undefined && !sameSet(drawn.options, pending.options)) return fail(democracyFailures.lotInvalid());
        if (drawn.seat_numbers !== undefined && !sameSet(drawn.seat_numbers, pending.seat_numbers))
          return fail(democracyFailures.lotInvalid());
        if (!pending.options.includes(drawn.drawn)) return fail(democracyFailures.lotInvalid());
        record = { list: pending.list, options: [...pending.options], seat_numbers: [...pending.seat_numbers], drawn: drawn.drawn };
      } else {
        return fail(democracyFailures.noLotPending());
      }
      const lot = await store.insertLot(trx, id, {
        kind,
        drawn: record,
        recordedBy: official.officialId,
        recordedAt: ctx.clock.now().toISOString(),
      });
      await audit(trx, ctx, principal, origin, 'lot_recorded', { type: 'election', id }, { seq: lot.seq, kind, drawn: record });
      return ok(lot);
    },
  );
}

/**
 * Finalises the result (coordinator): every station agreed, the apportionment completed (lots
 * recorded). Stores version n+1 with the totals, the totals per municipality and the
 * apportionment or the referendum's outcome; emits `democracy.result_finalised`.
 */
export async function finalise(ctx: ModuleContext, principal: Principal, id: string, origin: Origin): Promise<Result<ResultView>> {
  const done = await changeElection(ctx, principal, id, noInput, async (trx, { official, election }) => {
    const counting = mustBeCounting(election);
    if (!counting.ok) return counting;
    const states = await store.stationsOf(trx, election.id);
    if (!mayFinaliseElection(election, states)) return fail(democracyFailures.notAllAgreed());
    const def = await definitionOf(trx, election, states);
    const computed = await compute(trx, def, states);
    const a = computed.apportionment;
    if (a?.status === 'ListDrawingLotsRequired' || a?.status === 'CandidateDrawingLotsRequired')
      return fail(democracyFailures.lotRequired());
    if (a?.status === 'Error') return fail(democracyFailures.apportionmentFailed(a.message));
    const previous = await store.resultVersions(trx, election.id);
    const version = (previous[0]?.version ?? 0) + 1;
    const at = ctx.clock.now();
    const finalisedAt = at.toISOString();
    const result: FinalResult = {
      electionId: election.id,
      version,
      finalisedAt,
      finalisedBy: official.officialId,
      totals: computed.totals,
      perMunicipality: computed.perMunicipality,
      apportionment: computed.apportionment,
      referendum: computed.referendum,
    };
    await store.insertResult(trx, result);
    await store.setElectionStatus(trx, election.id, 'finalised', finalisedAt);
    if (election.kind === 'referendum') await setReferendumStatusByElection(trx, election.id, 'finalised');
    const seats = a?.status === 'Completed' && a.kind === 'process' ? a.seats_per_list : null;
    await audit(
      trx,
      ctx,
      principal,
      origin,
      'result_finalised',
      { type: 'election', id: election.id },
      {
        version,
        stations: states.length,
        votes: computed.totals.votes.total,
        lots: computed.lots.map((l) => l.seq),
        ...(seats ? { seatsPerList: seats } : {}),
        ...(computed.referendum ? { winner: computed.referendum.winner, decisive: computed.referendum.decisive } : {}),
      },
    );
    await ctx.bus.emit(
      trx,
      {
        type: 'democracy.result_finalised',
        aggregate: { type: 'election', id: election.id },
        payload: { electionId: election.id, kind: election.kind, organisationCode: election.organisationCode, version },
      },
      origin.requestId,
      at,
    );
    return ok({ def: { ...def, status: 'finalised' as const, finalisedAt }, computed, version, finalisedAt, previous });
  });
  if (!done.ok) return done;
  // Names of municipalities are read after the commit (outside the transaction's connection).
  const { def, computed, version, finalisedAt, previous } = done.value;
  return ok(await resultView(ctx, def, computed, { version, finalisedAt }, previous));
}

/**
 * Orders a recount of one agreed polling station (coordinator), with the reason: the station starts
 * over (attempt + 1, recounts + 1) and the election is counting again. Earlier finalised versions stay.
 */
export async function orderRecount(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  stationNumber: number,
  input: unknown,
  origin: Origin,
): Promise<Result<StationProgress>> {
  // The station comes before the input: an unknown station is 404 whatever the body.
  return changeElection(ctx, principal, id, noInput, async (trx, { official, election }) => {
    const station = isStationNumber(stationNumber)
      ? await store.lockStation(trx, ctx.database.dialect, election.id, stationNumber)
      : undefined;
    if (!station) return fail(democracyFailures.stationNotFound());
    const parsed = parse(recountInputSchema, input);
    if (!parsed.ok) return parsed;
    if (election.status === 'draft') return fail(democracyFailures.notCounting());
    if (station.status !== 'agreed') return fail(democracyFailures.recountNotPossible());
    const now = ctx.clock.now().toISOString();
    const recount = await store.insertRecount(trx, election.id, {
      stationNumber,
      reason: parsed.value.reason,
      decidedBy: official.officialId,
      decidedAt: now,
    });
    const next: StationState = {
      ...station,
      status: 'not_started',
      attempt: station.attempt + 1,
      recounts: station.recounts + 1,
      firstEnteredBy: null,
      agreed: null,
      agreedAt: null,
      agreedBy: null,
    };
    await store.updateStation(trx, election.id, stationNumber, next);
    if (election.status === 'finalised') {
      await store.setElectionStatus(trx, election.id, 'counting', election.finalisedAt);
      if (election.kind === 'referendum') await setReferendumStatusByElection(trx, election.id, 'counting');
    }
    await audit(
      trx,
      ctx,
      principal,
      origin,
      'recount_ordered',
      { type: 'election_station', id: stationObjectId(election.id, stationNumber) },
      {
        station: stationNumber,
        seq: recount.seq,
        attempt: next.attempt,
        reason: parsed.value.reason,
        electionWasFinalised: election.status === 'finalised',
      },
    );
    return ok(progressOf(next));
  });
}

// ─── EML export ──────────────────────────────────────────────────────────────────────────────────

/** EML_NL 510 (counts per polling station and totals) of the finalised result (public); not during a recount. */
export async function exportEml510(ctx: ModuleContext, id: string): Promise<Result<string>> {
  if (!isUuidLike(id)) return fail(democracyFailures.electionNotFound());
  const election = await store.findElection(ctx.database.db, id);
  if (!election) return fail(democracyFailures.electionNotFound());
  const latest = await store.latestResult(ctx.database.db, id);
  if (!latest) return fail(democracyFailures.resultNotFound());
  if (election.status !== 'finalised') return fail(democracyFailures.recountInProgress());
  const states = await store.stationsOf(ctx.database.db, id);
  const def = await definitionOf(ctx.database.db, election, states);
  const stations = states.flatMap((s) => (s.agreed ? [{ station: pollingStation(s), count: s.agreed }] : []));
  return ok(eml510(def, stations, latest.totals, await exportMeta(ctx, election.organisationCode, latest.finalisedAt)));
}

async function exportMeta(ctx: ModuleContext, organisationCode: string, createdAt: string): Promise<EmlExportMeta> {
  const name = (await organisationNames(ctx, [organisationCode])).get(organisationCode);
  return name ? { createdAt, authorityName: name } : { createdAt };
}

/** EML_NL 520 (the result: seats and elected candidates) of the last finalised version of an election (public). */
export async function exportEml520(ctx: ModuleContext, id: string): Promise<Result<string>> {
  const found = await getFinalResult(ctx, id);
  if (!found.ok) return found;
  const view = found.value;
  const a = view.apportionment;
  if (view.election.kind !== 'election' || a?.status !== 'Completed' || a.kind !== 'process')
    return fail(democracyFailures.emlResultElectionsOnly());
  const result: EmlResultInput = {
    seatsPerList: view.election.lists.map((l, i) => ({ list: l.number, seats: a.seats_per_list[i] ?? 0 })),
    elected: view.elected.map((e) => ({ listNumber: e.listNumber, position: e.position, how: e.how })),
    rankingPerList: a.list_nominations.map((n) => ({ list: n.list, ranking: [...n.ranking] })),
  };
  return ok(
    eml520(view.election, result, await exportMeta(ctx, view.election.organisationCode, view.finalisedAt ?? view.election.createdAt)),
  );
}
