// democracy: the JSON API of elections and referendums (capability 1).
//
// For everyone: the elections and referendums with their definitions, a finalised result and its
// EML_NL 510 (counts) and 520 (result) files, and a referendum with the public count of its
// supporters. For a logged-in person: supporting a referendum request, and withdrawing that. For
// the officials of the organisation that runs the count: election officials enter the counts of the
// polling stations (double data entry); coordinators define or import an election (EML_NL 110a,
// 230b, 110b with the retyped file hash), start the count, resolve differences, record lots, view
// the provisional result, finalise, order recounts and create referendums.
//
// Who may call a route is declared per route (config.access); the service checks the rest (the
// official's own organisation, the state of the election) and answers with stable codes
// `democracy.*`. Bodies of the use cases are checked by the service in full, with a code per field
// (they are described here for the OpenAPI document). An id or station number in the path that
// cannot exist is answered like an unknown one: 404.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access, Principal } from '../../platform/auth/model.ts';
import {
  httpFailures,
  principalOf,
  problemSchema,
  ProblemError,
  type Failure,
  type Result,
  type ZodTypeProvider,
} from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { fieldLabel, MAX_CANDIDATES_PER_LIST, MAX_COUNT_VALUE, MAX_EXPLANATION_LENGTH, MAX_LISTS } from './counting.ts';
import {
  bodies,
  electionKinds,
  electionStatuses,
  referendumStatuses,
  resolutions,
  stationStatuses,
  type CountEntry,
  type CountFinding,
  type CountTotals,
  type Election,
  type ElectionDefinition,
  type ElectionList,
  type LotRecord,
  type PollingStation,
  type StationCount,
  type StationProgress,
} from './model.ts';
import {
  createReferendum,
  getReferendum,
  referendumFailures,
  listReferendums,
  scheduleVote,
  supportReferendum,
  withdrawSupport,
  type ReferendumSummary,
  type ReferendumView,
} from './referendum-service.ts';
import type { ReferendumOutcome } from './referendum.ts';
import {
  defineElection,
  democracyFailures,
  exportEml510,
  exportEml520,
  finalise,
  getDifferences,
  getElection,
  getFinalResult,
  getProgress,
  getProvisionalResult,
  importEml,
  listElections,
  orderRecount,
  recordLot,
  resolveDifferences,
  saveEntry,
  startCounting,
  type CountingProgress,
  type ElectionSummary,
  type ImportedEml,
  type Origin,
  type ResultView,
  type SavedEntry,
  type StationDifferences,
} from './service.ts';

const electionTags = ['Verkiezingen'];
const referendumTags = ['Referenda'];

/** Where the API of elections and referendums lives. */
export const democracyApi = {
  elections: '/api/v1/elections',
  import: '/api/v1/elections/_import',
  election: (id: string): string => `/api/v1/elections/${id}`,
  startCounting: (id: string): string => `/api/v1/elections/${id}/_start-counting`,
  stations: (id: string): string => `/api/v1/elections/${id}/polling-stations`,
  entries: (id: string, station: number): string => `/api/v1/elections/${id}/polling-stations/${station}/entries`,
  differences: (id: string, station: number): string => `/api/v1/elections/${id}/polling-stations/${station}/differences`,
  resolve: (id: string, station: number): string => `/api/v1/elections/${id}/polling-stations/${station}/_resolve`,
  recount: (id: string, station: number): string => `/api/v1/elections/${id}/polling-stations/${station}/_recount`,
  provisionalResult: (id: string): string => `/api/v1/elections/${id}/provisional-result`,
  lots: (id: string): string => `/api/v1/elections/${id}/lots`,
  finalise: (id: string): string => `/api/v1/elections/${id}/_finalise`,
  result: (id: string): string => `/api/v1/elections/${id}/result`,
  eml510: (id: string): string => `/api/v1/elections/${id}/eml/510`,
  eml520: (id: string): string => `/api/v1/elections/${id}/eml/520`,
  referendums: '/api/v1/referendums',
  referendum: (id: string): string => `/api/v1/referendums/${id}`,
  support: (id: string): string => `/api/v1/referendums/${id}/support`,
  voteDate: (id: string): string => `/api/v1/referendums/${id}/vote-date`,
} as const;

/** Who may call what; the service checks the organisation and the state. */
export const democracyAccess = {
  official: { roles: ['election_official'] },
  coordinator: { roles: ['election_coordinator'] },
  officials: { roles: ['election_official', 'election_coordinator'] },
  person: { kinds: ['person'] },
} as const satisfies Record<string, Access>;

/** The largest EML file the import takes: a 110b of a large municipality, or a 230b with many lists, fits well within it. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const MAX_XML_LENGTH = IMPORT_BODY_LIMIT - 4096;

// ---------------------------------------------------------------------------------------------
// Schemas: input

const UUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATION_NUMBER = /^[1-9]\d{0,8}$/;

const idParam = z.string().describe('Het id (een UUID); een id dat niet kan bestaan geeft 404');
const electionParams = z.object({ id: idParam }).strict();
const stationParams = z
  .object({
    id: idParam,
    number: z.string().describe('Het nummer van het stembureau (een positief geheel getal); een ander nummer geeft 404'),
  })
  .strict();
const referendumParams = z.object({ id: idParam }).strict();
const noQuery = z.object({}).strict();

const count = z.number().int().min(0).max(MAX_COUNT_VALUE);
const date = z.string().describe('Datum als JJJJ-MM-DD (Europe/Amsterdam)');
const instant = z.string().describe('Tijdstip (ISO 8601, UTC)');
const organisationCode = z
  .string()
  .regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('De code van de organisatie die telt, zoals GM0014');

const stationCountInput = z
  .object({
    voters: z
      .object({
        pollCards: count.describe('A. Stempassen'),
        proxyCertificates: count.describe('B. Volmachtbewijzen'),
        total: count.describe('D. Totaal toegelaten kiezers (A + B)'),
      })
      .strict(),
    votes: z
      .object({
        lists: z
          .array(
            z
              .object({
                number: z.number().int().min(1).max(MAX_COUNT_VALUE),
                candidates: z.array(count).max(MAX_CANDIDATES_PER_LIST).describe('De stemmen per kandidaat, in de volgorde van de lijst'),
                total: count.describe('Totaal van de lijst'),
              })
              .strict(),
          )
          .max(MAX_LISTS)
          .describe('Per lijst (of antwoord bij een referendum), op lijstnummer'),
        totalValid: count.describe('E. Totaal stemmen op lijsten (geldige stemmen)'),
        blank: count.describe('F. Blanco stemmen'),
        invalid: count.describe('G. Ongeldige stemmen'),
        total: count.describe('H. Totaal uitgebrachte stemmen (E + F + G)'),
      })
      .strict(),
    differences: z
      .object({
        moreBallots: count.describe('I. Meer getelde stembiljetten dan toegelaten kiezers'),
        fewerBallots: count.describe('J. Minder getelde stembiljetten dan toegelaten kiezers'),
        explanation: z.string().max(MAX_EXPLANATION_LENGTH).nullable().describe('De verklaring op het proces-verbaal'),
      })
      .strict(),
  })
  .strict()
  .describe(`De getallen van het proces-verbaal: gehele getallen van 0 tot en met ${MAX_COUNT_VALUE}`)
  .meta({ id: 'ReportedCount' });

const acceptedWarnings = z
  .array(z.string().regex(/^[A-Z]\.[0-9]{3}$/))
  .max(50)
  .describe('De codes van de waarschuwingen (W.…) die u op het papieren proces-verbaal hebt gecontroleerd');

const entryBody = z.object({ count: stationCountInput, acceptedWarnings: acceptedWarnings.optional() }).meta({ id: 'NewCountEntry' });

const resolveBody = z
  .object({
    resolution: z
      .enum(resolutions)
      .describe(
        'keep_first: invoer 1 geldt; keep_second: invoer 2 geldt; correct: u voert de juiste getallen in (count); ' +
          'discard_both: beide invoeren vervallen en het stembureau wordt opnieuw tweemaal ingevoerd',
      ),
    count: stationCountInput.optional().describe('Alleen bij correct: de juiste getallen'),
    acceptedWarnings: acceptedWarnings.optional(),
  })
  .meta({ id: 'DifferencesResolution' });

const recountBody = z
  .object({ reason: z.string().min(3).max(2000).describe('Waarom opnieuw geteld wordt (3 tot 2000 tekens; komt in het verslag)') })
  .meta({ id: 'RecountOrder' });

const lotBody = z
  .object({
    kind: z.enum(['list', 'candidate']).describe('list: loting tussen lijsten; candidate: loting tussen kandidaten van één lijst'),
    drawn: z
      .object({
        kind: z.string().optional().describe('Bij list: de soort loting, zoals in de voorlopige uitslag (drawing_lots.kind)'),
        list: z.number().int().optional().describe('Bij candidate: de lijst'),
        options: z.array(z.number().int()).optional().describe('Waartussen geloot is, zoals in de voorlopige uitslag'),
        seat_numbers: z.array(z.number().int()).optional().describe('Bij candidate: de zetels waarom geloot is'),
        drawn: z.number().int().describe('Wat getrokken is: een lijstnummer of een kandidaatnummer'),
      })
      .describe('De loting zoals die in het openbaar is gehouden'),
  })
  .meta({ id: 'LotDrawn' });

const name = (max: number) => z.string().min(1).max(max);
const candidateInput = z.object({
  position: z.number().int().min(1).max(1000).optional().describe('Plaats op de lijst; als u hem geeft: gelijk aan de volgorde'),
  initials: name(20).describe('Voorletters, zoals "J.P."'),
  firstName: z.string().max(100).nullable().optional(),
  prefix: z.string().max(30).nullable().optional().describe('Tussenvoegsel, zoals "van der"'),
  lastName: name(100),
  locality: z.string().max(100).nullable().optional().describe('Woonplaats'),
  gender: z.enum(['male', 'female', 'x']).nullable().optional(),
  deceased: z.boolean().optional().describe('Overleden vóór de zetelverdeling (Kieswet P 19a); standaard false'),
});
const stationInput = z.object({
  number: z.number().int().min(1).max(999_999).describe('Het nummer van het stembureau, uniek binnen de verkiezing'),
  name: name(200),
  municipalityCode: z
    .string()
    .regex(/^[A-Z]{2}[0-9]{4}$/)
    .describe('De gemeente van het stembureau (CBS-code, zoals GM0014), voor de totalen per gemeente'),
  postalCode: z
    .string()
    .regex(/^[1-9][0-9]{3} ?[A-Z]{2}$/)
    .nullable()
    .optional(),
  eligibleVoters: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .nullable()
    .optional()
    .describe('Kiesgerechtigden van het stembureau, als bekend'),
});
const electionBody = z
  .object({
    kind: z
      .enum(electionKinds)
      .optional()
      .describe('election (standaard) of referendum; een referendum maakt u meestal met POST /api/v1/referendums'),
    organisationCode: organisationCode.describe('De organisatie die telt: uw eigen organisatie (een andere geeft 403)'),
    body: z.enum(bodies).nullable().optional().describe('Het orgaan: gemeenteraad, provinciale staten, waterschap of Tweede Kamer'),
    name: name(200),
    date: date.describe('De dag van de stemming'),
    seats: z.number().int().min(1).max(10_000).nullable().optional().describe('Het aantal zetels (bij een verkiezing)'),
    emlId: z.string().max(100).nullable().optional().describe('De ElectionIdentifier van de EML-bestanden, als die er zijn'),
    eligibleVoters: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .nullable()
      .optional()
      .describe('Kiesgerechtigden in totaal; standaard de som van de stembureaus'),
    lists: z
      .array(
        z.object({
          number: z.number().int().min(1).max(999),
          name: name(200),
          candidates: z.array(candidateInput).max(250).optional().describe('Bij een verkiezing minstens één; bij een referendum geen'),
        }),
      )
      .max(100)
      .optional()
      .describe('De lijsten met hun kandidaten (of de antwoorden van een referendum); ook later met een EML_NL 230b'),
    stations: z.array(stationInput).max(20_000).optional().describe('De stembureaus; ook later met een EML_NL 110b'),
  })
  .describe('Een 400 noemt elk ongeldig veld (democracy.invalid_field)')
  .meta({ id: 'NewElection' });

const importBody = z
  .object({
    xml: z.string().min(1).max(MAX_XML_LENGTH).describe('Het EML_NL-bestand (110a, 230b of 110b) als tekst'),
    hash: z
      .string()
      .max(200)
      .describe('De SHA-256-hash van het bestand (64 hexadecimale tekens, spaties mogen), zoals u die van het papier hebt overgetypt'),
    electionId: z
      .string()
      .regex(UUIDISH, 'een UUID')
      .optional()
      .describe('Bij 230b (kandidatenlijsten) en 110b (stembureaus): de verkiezing waarbij het bestand hoort'),
    organisationCode: organisationCode
      .optional()
      .describe('Bij 110a: de organisatie die telt, als het bestand die niet noemt; standaard uw eigen organisatie'),
  })
  .strict()
  .meta({ id: 'EmlImport' });

const referendumBody = z
  .object({
    organisationCode: organisationCode.describe('De organisatie die het referendum houdt: uw eigen organisatie (een andere geeft 403)'),
    title: z.string().min(1).max(200).describe('De korte titel van het referendum'),
    question: z.string().min(1).max(1000).describe('De vraag op het stembiljet'),
    options: z
      .array(z.string().min(1).max(200))
      .min(2)
      .max(10)
      .describe('De antwoorden op het stembiljet (2 tot 10, verschillend), zoals ["Voor", "Tegen"]'),
    policy: z
      .object({
        title: z.string().min(1).max(300).describe('Het beleid waarover het referendum gaat'),
        url: z.string().max(2000).nullable().optional().describe('Waar het beleid gepubliceerd is (https:// of http://)'),
        goalId: z.string().max(100).nullable().optional().describe('Het beleidsdoel in Loket, als er een is'),
      })
      .strict(),
    rulesKey: z
      .string()
      .min(1)
      .max(100)
      .describe('De regels uit de verordening (of wet), zoals wrr-2015; ze worden bij het aanmaken in het referendum vastgelegd'),
    startOn: date.optional().describe('De eerste dag van het verzoek; standaard vandaag, niet in het verleden'),
    voteDate: date.nullable().optional().describe('De dag van de stemming, als die al bekend is'),
  })
  .strict()
  .describe('Een 400 noemt elk ongeldig veld met een eigen code (democracy.*)')
  .meta({ id: 'NewReferendum' });

const voteDateBody = z
  .object({ voteDate: date.describe('De dag van de stemming; vandaag of later') })
  .strict()
  .meta({ id: 'ReferendumVoteDate' });

/** Lets the body through to the service, which checks it in full with a code per field; the rest zod checks as usual. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/** Steps without input take no body (or an empty object); anything else is refused like an unknown field. */
function expectNoInput(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw new ProblemError(
    httpFailures.invalid([{ name: 'body', code: 'unrecognized_keys', reason: 'Deze stap heeft geen invoer: stuur geen inhoud, of {}.' }]),
  );
}

// ---------------------------------------------------------------------------------------------
// Schemas: output

const link = z.object({ href: z.string() });
const int = z.number().int();
const text = z.object({ nl: z.string(), en: z.string() });

const electionFields = {
  id: z.string(),
  kind: z.enum(electionKinds).describe('election: een verkiezing; referendum: het stembiljet van een referendum'),
  organisationCode: z.string().describe('De organisatie die telt (centraal stembureau)'),
  body: z.enum(bodies).nullable().describe('Het gekozen orgaan; null bij een referendum'),
  name: z.string(),
  date: date.describe('De dag van de stemming'),
  seats: int.nullable().describe('Het aantal zetels; null bij een referendum'),
  status: z
    .enum(electionStatuses)
    .describe('draft: in voorbereiding; counting: de tellingen worden ingevoerd; finalised: de uitslag is vastgesteld'),
  emlId: z.string().nullable().describe('De ElectionIdentifier van de EML-bestanden; null als de verkiezing met de hand is ingevoerd'),
  eligibleVoters: int.nullable().describe('Kiesgerechtigden in totaal, als bekend'),
  createdAt: instant,
  finalisedAt: instant.nullable(),
};

const electionLinks = z.object({
  self: link,
  result: link.optional().describe('De vastgestelde uitslag (alleen na vaststelling)'),
  eml510: link.optional().describe('De tellingen als EML_NL 510 (alleen na vaststelling)'),
  eml520: link.optional().describe('De uitslag als EML_NL 520 (alleen na vaststelling)'),
});

const electionSummaryJson = z
  .object({ ...electionFields, organisationName: z.string(), _links: electionLinks })
  .meta({ id: 'ElectionSummary' });
const electionListJson = z.object({ items: z.array(electionSummaryJson), _links: z.object({ self: link }) }).meta({ id: 'ElectionList' });

const candidateJson = z.object({
  position: int.describe('Plaats op de lijst'),
  initials: z.string(),
  firstName: z.string().nullable(),
  prefix: z.string().nullable(),
  lastName: z.string(),
  locality: z.string().nullable(),
  gender: z.enum(['male', 'female', 'x']).nullable(),
  deceased: z.boolean(),
});
const listJson = z
  .object({ number: int, name: z.string(), candidates: z.array(candidateJson).describe('Leeg bij een antwoord van een referendum') })
  .meta({ id: 'ElectionListOfCandidates' });
const stationFields = {
  number: int,
  name: z.string(),
  municipalityCode: z.string(),
  postalCode: z.string().nullable(),
  eligibleVoters: int.nullable(),
};
const stationJson = z.object(stationFields).meta({ id: 'PollingStation' });

export const electionJson = z
  .object({
    ...electionFields,
    lists: z.array(listJson).describe('De lijsten met kandidaten; bij een referendum de antwoorden'),
    stations: z.array(stationJson),
    _links: electionLinks,
  })
  .meta({ id: 'Election' });

const stationProgressJson = z
  .object({
    ...stationFields,
    status: z
      .enum(stationStatuses)
      .describe(
        'not_started: nog niet ingevoerd; first_entry: eerste invoer gedaan; different: de twee invoeren verschillen; agreed: vastgesteld',
      ),
    attempt: int.describe('Hoeveelste poging (na het vervallen van beide invoeren of een hertelling hoger)'),
    recounts: int.describe('Hoe vaak het stembureau is herteld'),
    firstEnteredBy: z.string().nullable().describe('De medewerker van de eerste invoer van deze poging'),
    agreedAt: instant.nullable(),
  })
  .meta({ id: 'PollingStationProgress' });

const progressJson = z
  .object({
    election: electionJson,
    stations: z.array(stationProgressJson),
    counts: z
      .object({ not_started: int, first_entry: int, different: int, agreed: int })
      .describe('Hoeveel stembureaus in elke status zijn'),
    mayFinalise: z.boolean().describe('Of de uitslag nu vastgesteld kan worden (alle stembureaus vastgesteld)'),
    may: z.object({ enter: z.boolean(), coordinate: z.boolean() }).describe('Wat u hier mag: invoeren en/of coördineren'),
    _links: z.object({ self: link, election: link }),
  })
  .meta({ id: 'CountingProgress' });

const stationCountJson = z
  .object({
    voters: z.object({ pollCards: int, proxyCertificates: int, total: int }),
    votes: z.object({
      lists: z.array(z.object({ number: int, candidates: z.array(int), total: int })),
      totalValid: int,
      blank: int,
      invalid: int,
      total: int,
    }),
    differences: z.object({ moreBallots: int, fewerBallots: int, explanation: z.string().nullable() }),
  })
  .meta({ id: 'StationCount' });

const findingJson = z
  .object({
    code: z.string().describe('F.… (fout) of W.… (waarschuwing)'),
    severity: z.enum(['error', 'warning']),
    fields: z.array(z.string()).describe('De velden, zoals votes.lists.2.total'),
    message: text,
  })
  .meta({ id: 'CountFinding' });

const savedEntryJson = z
  .object({
    outcome: z
      .enum(['saved_first', 'agreed', 'different'])
      .describe('saved_first: eerste invoer opgeslagen; agreed: gelijk aan de eerste, vastgesteld; different: verschilt van de eerste'),
    station: stationProgressJson,
    findings: z.array(findingJson).describe('De waarschuwingen van de telling (alle bevestigd)'),
  })
  .meta({ id: 'SavedEntry' });

const entryJson = z
  .object({
    electionId: z.string(),
    stationNumber: int,
    attempt: int,
    entryNo: int.describe('1 of 2'),
    enteredBy: z.string(),
    count: stationCountJson,
    acceptedWarnings: z.array(z.string()),
    createdAt: instant,
  })
  .meta({ id: 'CountEntry' });

const differencesJson = z
  .object({
    election: electionJson,
    station: stationProgressJson,
    first: entryJson,
    second: entryJson,
    differences: z.array(
      z.object({
        field: z.string().describe('Het veld, zoals voters.pollCards of votes.lists.2.candidates.5'),
        label: text.describe('Het veld zoals op het proces-verbaal'),
        first: z.union([z.number(), z.string()]).nullable(),
        second: z.union([z.number(), z.string()]).nullable(),
      }),
    ),
    _links: z.object({ self: link, resolve: link }),
  })
  .meta({ id: 'StationDifferences' });

const totalsJson = z
  .object({
    stations: int.describe('Het aantal opgetelde stembureaus'),
    voters: z.object({ pollCards: int, proxyCertificates: int, total: int }),
    votes: z.object({
      lists: z.array(z.object({ number: int, candidates: z.array(int), total: int })),
      totalValid: int,
      blank: int,
      invalid: int,
      total: int,
    }),
    differences: z.object({ moreBallots: int, fewerBallots: int }),
  })
  .meta({ id: 'CountTotals' });

const fractionJson = z.object({ num: int, den: int }).describe('Een breuk (teller en noemer)');
const seatStepJson = z.object({
  type: z.string(),
  list: int.optional(),
  options: z.array(int).optional(),
  remainder_votes: z.array(int).optional().describe('[teller, noemer]'),
  votes_per_seat: z.array(int).optional().describe('[teller, noemer]'),
  drawn: z.boolean().optional(),
  from: int.optional(),
  to: int.optional(),
  full_seat: z.boolean().optional(),
});
// Required fields first: the fast serializer writes the required properties before the optional ones.
const drawingLotsJson = z
  .object({
    options: z.array(int),
    kind: z.string().optional(),
    list: int.optional(),
    residual_seat_numbers: z.array(int).optional(),
    assign_to: int.optional(),
    total_seats: int.optional(),
    number_of_votes: int.optional(),
    seat_numbers: z.array(int).optional(),
  })
  .describe('De loting die nodig is: waartussen');
const apportionmentJson = z
  .object({
    status: z
      .enum(['Completed', 'ListDrawingLotsRequired', 'CandidateDrawingLotsRequired', 'Error'])
      .describe('Completed, of welke loting nodig is, of Error'),
    kind: z.string().optional(),
    error: z.string().optional(),
    message: z.string().optional(),
    drawing_lots: drawingLotsJson.optional(),
    quota: fractionJson.optional().describe('De kiesdeler'),
    seats_per_list: z.array(int).optional(),
    full_seats_per_list: z.array(int).optional(),
    residual_seats_per_list: z.array(int).optional(),
    meets_remainder_threshold: z.array(z.boolean()).optional(),
    full_seats_total: int.optional(),
    residual_seats_total: int.optional(),
    steps: z.array(seatStepJson).optional(),
    warnings: z.array(z.string()).optional(),
    preference_threshold: z.object({ percentage: int, votes: fractionJson }).optional(),
    elected_candidates: z.array(z.object({ list: int, candidate: int })).optional(),
    list_nominations: z
      .array(
        z.object({
          list: int,
          seats: int,
          preferential: z.array(int),
          other: z.array(int),
          ranking_updated: z.boolean(),
          ranking: z.array(int),
        }),
      )
      .optional(),
  })
  .describe('De zetelverdeling en de toewijzing aan kandidaten (Kieswet hoofdstuk P), met exacte breuken; velden als in abacus')
  .meta({ id: 'Apportionment' });

const referendumOutcomeJson = z
  .object({
    perOption: z.array(z.object({ number: int, name: z.string(), votes: int, percentOfValid: z.number() })),
    valid: int,
    blank: int,
    invalid: int,
    voted: int,
    eligible: int.nullable(),
    turnoutPercent: z.number().nullable().describe('Opkomst in procenten (1 decimaal); null als het aantal kiesgerechtigden onbekend is'),
    turnoutThresholdMet: z.boolean().nullable().describe('Of de opkomstdrempel gehaald is; null als de regels er geen hebben'),
    minimumVotesMet: z.boolean().nullable().describe('Of het minimum aantal stemmen gehaald is; null als de regels er geen hebben'),
    winner: int.nullable().describe('Het antwoord met de meeste stemmen; null bij gelijke stand'),
    decisive: z.boolean().describe('Of de uitslag geldt volgens de regels (drempels gehaald, geen gelijke stand)'),
  })
  .meta({ id: 'ReferendumOutcome' });

const lotJson = z
  .object({
    seq: int,
    kind: z.enum(['list', 'candidate']),
    drawn: z
      .object({
        options: z.array(int),
        drawn: int.describe('Wat getrokken is: een lijstnummer of een kandidaatnummer'),
        kind: z.string().optional(),
        list: int.optional(),
        seat_numbers: z.array(int).optional(),
      })
      .describe('De getrokken loting'),
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'LotRecord' });

const resultJson = z
  .object({
    election: electionJson,
    version: int.nullable().describe('De versie van de vastgestelde uitslag (hoger na een hertelling); null bij de voorlopige uitslag'),
    finalisedAt: instant.nullable(),
    totals: totalsJson,
    perMunicipality: z.array(z.object({ code: z.string(), name: z.string(), totals: totalsJson })),
    turnout: z.object({ voted: int, eligible: int.nullable(), percent: z.number().nullable() }),
    apportionment: apportionmentJson.nullable().describe('Bij een verkiezing; null bij een referendum'),
    elected: z
      .array(
        z.object({
          listNumber: int,
          listName: z.string(),
          position: int,
          name: z.string(),
          votes: int,
          how: z.enum(['preference', 'list_order']).describe('preference: met voorkeurstemmen; list_order: op volgorde van de lijst'),
        }),
      )
      .describe('De gekozen kandidaten'),
    referendum: referendumOutcomeJson.nullable().describe('Bij een referendum; null bij een verkiezing'),
    lots: z.array(lotJson),
    earlierVersions: z.array(z.object({ version: int, finalisedAt: instant })).describe('Eerdere vastgestelde versies, nieuwste eerst'),
    _links: z.object({ self: link, election: link }),
  })
  .meta({ id: 'ElectionResult' });

const importedJson = z
  .object({
    kind: z.enum(['110a', '230b', '110b']).describe('110a: verkiezingsdefinitie; 230b: kandidatenlijsten; 110b: stembureaus'),
    hash: z.string().describe('De SHA-256-hash van het bestand'),
    election: electionJson,
  })
  .meta({ id: 'ImportedEml' });

const phaseJson = z.object({
  index: int,
  key: z.string(),
  label: text,
  threshold: int.describe('Hoeveel ondersteuners nodig zijn'),
  endsOn: date.describe('De laatste dag (tot en met 23:59 uur)'),
  supporters: int.describe('Hoeveel personen het verzoek nu steunen'),
});
const rulesJson = z
  .object({
    key: z.string(),
    name: text,
    source: z.string().describe('De verordening of wet'),
    validFrom: date,
    requestPhases: z.array(z.object({ key: z.string(), label: text, threshold: int, days: int })),
    turnoutThresholdPercent: z.number().nullable(),
    minimumVotesForOutcome: int.nullable(),
  })
  .meta({ id: 'ReferendumRules' });

const referendumStatus = z
  .enum(referendumStatuses)
  .describe(
    'requesting: ondersteuners worden verzameld; request_failed: te weinig ondersteuners; scheduled: de stemming komt; ' +
      'counting: de stemmen worden geteld; finalised: de uitslag is vastgesteld',
  );

const referendumSummaryJson = z
  .object({
    id: z.string(),
    organisationCode: z.string(),
    organisationName: z.string(),
    title: z.string(),
    status: referendumStatus,
    phaseEndsOn: date.nullable(),
    voteDate: date.nullable(),
    _links: z.object({ self: link }),
  })
  .meta({ id: 'ReferendumSummary' });
const referendumListJson = z
  .object({ items: z.array(referendumSummaryJson), _links: z.object({ self: link }) })
  .meta({ id: 'ReferendumList' });

export const referendumJson = z
  .object({
    id: z.string(),
    organisationCode: z.string(),
    organisationName: z.string(),
    title: z.string(),
    question: z.string(),
    policy: z.object({ title: z.string(), url: z.string().nullable(), goalId: z.string().nullable() }),
    rules: rulesJson,
    status: referendumStatus,
    phaseIndex: int,
    phaseStartedOn: date.nullable(),
    phaseEndsOn: date.nullable(),
    voteDate: date.nullable(),
    electionId: z.string().describe('Het stembiljet: een verkiezing van soort referendum, met de antwoorden als lijsten'),
    createdAt: instant,
    options: z.array(z.object({ number: int, name: z.string() })).describe('De antwoorden op het stembiljet'),
    phase: phaseJson.nullable().describe('De fase van het verzoek nu (of de fase die mislukte), met het aantal ondersteuners'),
    pastPhases: z.array(z.object({ key: z.string(), label: text, threshold: int, supporters: int, passed: z.boolean() })),
    mySupport: z.boolean().nullable().describe('Of u het verzoek in deze fase steunt; null als u niet als persoon bent ingelogd'),
    maySupport: z.boolean().describe('Of u het verzoek nu kunt steunen'),
    outcome: referendumOutcomeJson.nullable(),
    _links: z.object({ self: link, ballot: link, support: link.optional() }),
  })
  .meta({ id: 'Referendum' });

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const writeProblems = { ...problems, 409: problemSchema, 422: problemSchema } as const;

// ---------------------------------------------------------------------------------------------
// Answers

function electionLinksOf(e: Election): z.infer<typeof electionLinks> {
  return {
    self: { href: democracyApi.election(e.id) },
    ...(e.status === 'finalised'
      ? {
          result: { href: democracyApi.result(e.id) },
          eml510: { href: democracyApi.eml510(e.id) },
          eml520: { href: democracyApi.eml520(e.id) },
        }
      : {}),
  };
}

function electionFieldsOf(e: Election) {
  return {
    id: e.id,
    kind: e.kind,
    organisationCode: e.organisationCode,
    body: e.body,
    name: e.name,
    date: e.date,
    seats: e.seats,
    status: e.status,
    emlId: e.emlId,
    eligibleVoters: e.eligibleVoters,
    createdAt: e.createdAt,
    finalisedAt: e.finalisedAt,
  };
}

function summaryToJson(e: ElectionSummary): z.infer<typeof electionSummaryJson> {
  return { ...electionFieldsOf(e), organisationName: e.organisationName, _links: electionLinksOf(e) };
}

function listToJson(l: ElectionList): z.infer<typeof listJson> {
  return {
    number: l.number,
    name: l.name,
    candidates: l.candidates.map((c) => ({
      position: c.position,
      initials: c.initials,
      firstName: c.firstName,
      prefix: c.prefix,
      lastName: c.lastName,
      locality: c.locality,
      gender: c.gender,
      deceased: c.deceased,
    })),
  };
}

function stationToJson(s: PollingStation): z.infer<typeof stationJson> {
  return {
    number: s.number,
    name: s.name,
    municipalityCode: s.municipalityCode,
    postalCode: s.postalCode,
    eligibleVoters: s.eligibleVoters,
  };
}

function electionToJson(e: ElectionDefinition): z.infer<typeof electionJson> {
  return { ...electionFieldsOf(e), lists: e.lists.map(listToJson), stations: e.stations.map(stationToJson), _links: electionLinksOf(e) };
}

function progressStationToJson(s: StationProgress): z.infer<typeof stationProgressJson> {
  return {
    ...stationToJson(s),
    status: s.status,
    attempt: s.attempt,
    recounts: s.recounts,
    firstEnteredBy: s.firstEnteredBy,
    agreedAt: s.agreedAt,
  };
}

function progressToJson(p: CountingProgress): z.infer<typeof progressJson> {
  return {
    election: electionToJson(p.election),
    stations: p.stations.map(progressStationToJson),
    counts: {
      not_started: p.counts.not_started,
      first_entry: p.counts.first_entry,
      different: p.counts.different,
      agreed: p.counts.agreed,
    },
    mayFinalise: p.mayFinalise,
    may: { enter: p.may.enter, coordinate: p.may.coordinate },
    _links: { self: { href: democracyApi.stations(p.election.id) }, election: { href: democracyApi.election(p.election.id) } },
  };
}

function countToJson(c: StationCount): z.infer<typeof stationCountJson> {
  return {
    voters: { pollCards: c.voters.pollCards, proxyCertificates: c.voters.proxyCertificates, total: c.voters.total },
    votes: {
      lists: c.votes.lists.map((l) => ({ number: l.number, candidates: [...l.candidates], total: l.total })),
      totalValid: c.votes.totalValid,
      blank: c.votes.blank,
      invalid: c.votes.invalid,
      total: c.votes.total,
    },
    differences: {
      moreBallots: c.differences.moreBallots,
      fewerBallots: c.differences.fewerBallots,
      explanation: c.differences.explanation,
    },
  };
}

function findingToJson(f: CountFinding): z.infer<typeof findingJson> {
  return { code: f.code, severity: f.severity, fields: [...f.fields], message: { nl: f.message.nl, en: f.message.en } };
}

function entryToJson(e: CountEntry): z.infer<typeof entryJson> {
  return {
    electionId: e.electionId,
    stationNumber: e.stationNumber,
    attempt: e.attempt,
    entryNo: e.entryNo,
    enteredBy: e.enteredBy,
    count: countToJson(e.count),
    acceptedWarnings: [...e.acceptedWarnings],
    createdAt: e.createdAt,
  };
}

function differencesToJson(d: StationDifferences): z.infer<typeof differencesJson> {
  const names = new Map(d.election.lists.map((l) => [l.number, l.name]));
  return {
    election: electionToJson(d.election),
    station: progressStationToJson(d.station),
    first: entryToJson(d.first),
    second: entryToJson(d.second),
    differences: d.differences.map((x) => ({
      field: x.field,
      label: fieldLabel(x.field, names, d.election.kind),
      first: x.first,
      second: x.second,
    })),
    _links: {
      self: { href: democracyApi.differences(d.election.id, d.station.number) },
      resolve: { href: democracyApi.resolve(d.election.id, d.station.number) },
    },
  };
}

function totalsToJson(t: CountTotals): z.infer<typeof totalsJson> {
  return {
    stations: t.stations,
    voters: { pollCards: t.voters.pollCards, proxyCertificates: t.voters.proxyCertificates, total: t.voters.total },
    votes: {
      lists: t.votes.lists.map((l) => ({ number: l.number, candidates: [...l.candidates], total: l.total })),
      totalValid: t.votes.totalValid,
      blank: t.votes.blank,
      invalid: t.votes.invalid,
      total: t.votes.total,
    },
    differences: { moreBallots: t.differences.moreBallots, fewerBallots: t.differences.fewerBallots },
  };
}

function outcomeToJson(o: ReferendumOutcome): z.infer<typeof referendumOutcomeJson> {
  return {
    perOption: o.perOption.map((p) => ({ number: p.number, name: p.name, votes: p.votes, percentOfValid: p.percentOfValid })),
    valid: o.valid,
    blank: o.blank,
    invalid: o.invalid,
    voted: o.voted,
    eligible: o.eligible,
    turnoutPercent: o.turnoutPercent,
    turnoutThresholdMet: o.turnoutThresholdMet,
    minimumVotesMet: o.minimumVotesMet,
    winner: o.winner,
    decisive: o.decisive,
  };
}

/** The drawn lot as stored (a ListLotDrawn or CandidateLotDrawn): only its known fields, in the schema's order. */
function drawnToJson(drawn: unknown): z.infer<typeof lotJson>['drawn'] {
  const d = (typeof drawn === 'object' && drawn !== null ? drawn : {}) as Record<string, unknown>;
  const ints = (v: unknown): number[] | undefined => (Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : undefined);
  const one = (v: unknown): number | undefined => (Number.isInteger(v) ? (v as number) : undefined);
  const kind = typeof d['kind'] === 'string' ? d['kind'] : undefined;
  const list = one(d['list']);
  const seats = ints(d['seat_numbers']);
  return {
    options: ints(d['options']) ?? [],
    drawn: one(d['drawn']) ?? 0,
    ...(kind !== undefined ? { kind } : {}),
    ...(list !== undefined ? { list } : {}),
    ...(seats !== undefined ? { seat_numbers: seats } : {}),
  };
}

function lotToJson(l: LotRecord): z.infer<typeof lotJson> {
  return { seq: l.seq, kind: l.kind, drawn: drawnToJson(l.drawn), recordedBy: l.recordedBy, recordedAt: l.recordedAt };
}

function resultToJson(r: ResultView, self: string): z.infer<typeof resultJson> {
  return {
    election: electionToJson(r.election),
    version: r.version,
    finalisedAt: r.finalisedAt,
    totals: totalsToJson(r.totals),
    perMunicipality: r.perMunicipality.map((m) => ({ code: m.code, name: m.name, totals: totalsToJson(m.totals) })),
    turnout: { voted: r.turnout.voted, eligible: r.turnout.eligible, percent: r.turnout.percent },
    // The apportionment result is plain JSON already (fractions as {num, den} or [num, den]); the schema writes its known fields.
    apportionment: r.apportionment === null ? null : (JSON.parse(JSON.stringify(r.apportionment)) as z.infer<typeof apportionmentJson>),
    elected: r.elected.map((e) => ({
      listNumber: e.listNumber,
      listName: e.listName,
      position: e.position,
      name: e.name,
      votes: e.votes,
      how: e.how,
    })),
    referendum: r.referendum === null ? null : outcomeToJson(r.referendum),
    lots: r.lots.map(lotToJson),
    earlierVersions: r.earlierVersions.map((v) => ({ version: v.version, finalisedAt: v.finalisedAt })),
    _links: { self: { href: self }, election: { href: democracyApi.election(r.election.id) } },
  };
}

function referendumSummaryToJson(r: ReferendumSummary): z.infer<typeof referendumSummaryJson> {
  return {
    id: r.id,
    organisationCode: r.organisationCode,
    organisationName: r.organisationName,
    title: r.title,
    status: r.status,
    phaseEndsOn: r.phaseEndsOn,
    voteDate: r.voteDate,
    _links: { self: { href: democracyApi.referendum(r.id) } },
  };
}

function referendumToJson(r: ReferendumView): z.infer<typeof referendumJson> {
  return {
    id: r.id,
    organisationCode: r.organisationCode,
    organisationName: r.organisationName,
    title: r.title,
    question: r.question,
    policy: { title: r.policy.title, url: r.policy.url, goalId: r.policy.goalId },
    rules: {
      key: r.rules.key,
      name: { nl: r.rules.name.nl, en: r.rules.name.en },
      source: r.rules.source,
      validFrom: r.rules.validFrom,
      requestPhases: r.rules.requestPhases.map((p) => ({
        key: p.key,
        label: { nl: p.label.nl, en: p.label.en },
        threshold: p.threshold,
        days: p.days,
      })),
      turnoutThresholdPercent: r.rules.turnoutThresholdPercent,
      minimumVotesForOutcome: r.rules.minimumVotesForOutcome,
    },
    status: r.status,
    phaseIndex: r.phaseIndex,
    phaseStartedOn: r.phaseStartedOn,
    phaseEndsOn: r.phaseEndsOn,
    voteDate: r.voteDate,
    electionId: r.electionId,
    createdAt: r.createdAt,
    options: r.options.map((o) => ({ number: o.number, name: o.name })),
    phase: r.phase
      ? {
          index: r.phase.index,
          key: r.phase.key,
          label: { nl: r.phase.label.nl, en: r.phase.label.en },
          threshold: r.phase.threshold,
          endsOn: r.phase.endsOn,
          supporters: r.phase.supporters,
        }
      : null,
    pastPhases: r.pastPhases.map((p) => ({
      key: p.key,
      label: { nl: p.label.nl, en: p.label.en },
      threshold: p.threshold,
      supporters: p.supporters,
      passed: p.passed,
    })),
    mySupport: r.mySupport,
    maySupport: r.maySupport,
    outcome: r.outcome ? outcomeToJson(r.outcome) : null,
    _links: {
      self: { href: democracyApi.referendum(r.id) },
      ballot: { href: democracyApi.election(r.electionId) },
      ...(r.maySupport || r.mySupport === true ? { support: { href: democracyApi.support(r.id) } } : {}),
    },
  };
}

function savedEntryToJson(saved: SavedEntry): z.infer<typeof savedEntryJson> {
  return { outcome: saved.outcome, station: progressStationToJson(saved.station), findings: saved.findings.map(findingToJson) };
}

function importedToJson(i: ImportedEml): z.infer<typeof importedJson> {
  return { kind: i.kind, hash: i.hash, election: electionToJson(i.election) };
}

type Part = 'params' | 'body' | 'query';

/** A failure of the service as a problem, with field names as the API shows them (`body.count.voters.total`). */
function problemFrom(failure: Failure, part: Part): ProblemError {
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  return new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function valueOf<T>(result: Result<T>, part: Part): T {
  if (!result.ok) throw problemFrom(result.failure, part);
  return result.value;
}

const originOf = (request: FastifyRequest): Origin => ({ requestId: request.id });

// Failures are defined once, in the services; an impossible id or number in the path is answered like an unknown one.
const electionNotFound = (): Failure => democracyFailures.electionNotFound();
const stationNotFound = (): Failure => democracyFailures.stationNotFound();
const referendumNotFound = (): Failure => referendumFailures.notFound();

/** An id from the path, or 404 when it cannot be an id (so the database never sees it). */
function idOf(value: string, notFound: () => Failure): string {
  if (!UUIDISH.test(value)) throw new ProblemError(notFound());
  return value.toLowerCase();
}

/** A station number from the path, or 404 when it is not a positive integer. */
function stationNumberOf(value: string): number {
  if (!STATION_NUMBER.test(value)) throw new ProblemError(stationNotFound());
  return Number(value);
}

/** A file name part from an EML id or name: letters, digits, dashes and underscores only. */
function fileStem(e: Election): string {
  const stem = (e.emlId ?? e.name)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return stem === '' ? e.id : stem;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** What a route hands to its use case: the checked path, the body as sent (the service parses it) and the request's origin. */
interface Call {
  principal: Principal;
  /** The id in the path, in lower case ('' on a route without one). */
  id: string;
  /** The station number in the path (0 on a route without one). */
  number: number;
  body: unknown;
  origin: Origin;
}

/** Which ids the path holds: none, an election's (and a station's number) or a referendum's. */
type PathKind = 'none' | 'election' | 'station' | 'referendum';

const paramsOf = { none: undefined, election: electionParams, station: stationParams, referendum: referendumParams } as const;

interface RouteSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  access: Access;
  path: PathKind;
  tags: string[];
  summary: string;
  description: string;
  /** The body, for the OpenAPI document; the service checks it. A step without one takes no input. */
  body?: z.ZodType;
  response: Record<number, z.ZodType>;
  run: (call: Call) => Promise<Result<T>>;
  answer: (reply: FastifyReply, value: T, call: Call) => FastifyReply | Promise<FastifyReply>;
}

/** Answers a use case's value as JSON, with a status and (for something new) its Location. */
function json<T>(toJson: (value: T, call: Call) => unknown, status: 200 | 201 = 200, location?: (value: T) => string) {
  return (reply: FastifyReply, value: T, call: Call): FastifyReply => {
    reply.code(status);
    if (location) reply.header('location', location(value));
    return reply.send(toJson(value, call));
  };
}

/**
 * One route of a use case: an impossible id or station number in the path is 404 before the
 * service is asked; a step without a body refuses any input; the service's failure becomes a
 * problem (field names under `body.` for a body, else `params.`); its value the answer.
 */
function useCaseRoute<T>(app: FastifyInstance, spec: RouteSpec<T>): void {
  const params = paramsOf[spec.path];
  const part: Part = spec.body ? 'body' : 'params';
  app.route({
    method: spec.method,
    url: spec.url,
    config: { access: spec.access },
    ...(spec.body ? { validatorCompiler: checkedByService } : {}),
    schema: {
      tags: spec.tags,
      summary: spec.summary,
      description: spec.description,
      ...(params ? { params } : {}),
      querystring: noQuery,
      ...(spec.body ? { body: spec.body } : {}),
      response: spec.response,
    },
    handler: async (request, reply) => {
      const path = request.params as { id?: string; number?: string };
      const notFound = spec.path === 'referendum' ? referendumNotFound : electionNotFound;
      const id = path.id === undefined ? '' : idOf(path.id, notFound);
      const number = path.number === undefined ? 0 : stationNumberOf(path.number);
      if (!spec.body && spec.method !== 'GET') expectNoInput(request.body);
      const call: Call = { principal: principalOf(request), id, number, body: request.body, origin: originOf(request) };
      return spec.answer(reply, valueOf(await spec.run(call), part), call);
    },
  });
}

export function registerDemocracyRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const route = <T>(spec: RouteSpec<T>): void => useCaseRoute(app, spec);
  const toElection = json(electionToJson);
  const toStation = json(progressStationToJson);
  const toReferendum = json(referendumToJson);

  // --- Elections: list, define, import ---

  r.get(
    democracyApi.elections,
    {
      config: { access: 'public' },
      schema: {
        tags: electionTags,
        summary: 'Verkiezingen en stembiljetten van referenda',
        description:
          'Alle verkiezingen en stembiljetten van referenda, nieuwste eerst, met hun status. Met kind=election alleen verkiezingen, ' +
          'met kind=referendum alleen de stembiljetten van referenda.',
        querystring: z.object({ kind: z.enum(electionKinds).optional().describe('Alleen verkiezingen of alleen referenda') }).strict(),
        response: { 200: electionListJson, 400: problemSchema },
      },
    },
    async (request) => {
      const kind = request.query.kind;
      const items = await listElections(ctx, kind === undefined ? {} : { kind }, principalOf(request));
      return {
        items: items.map(summaryToJson),
        _links: { self: { href: kind === undefined ? democracyApi.elections : `${democracyApi.elections}?kind=${kind}` } },
      };
    },
  );

  route({
    method: 'POST',
    url: democracyApi.elections,
    access: democracyAccess.coordinator,
    path: 'none',
    tags: electionTags,
    summary: 'Een verkiezing vastleggen',
    description:
      'Voor de coördinator verkiezingen: legt een verkiezing van de eigen organisatie vast, met de lijsten, kandidaten en ' +
      'stembureaus, in status draft. Een 400 noemt elk ongeldig veld met een eigen code (democracy.*). U kunt ook beginnen met ' +
      'een EML_NL 110a (POST /api/v1/elections/_import). Antwoord: 201 met de verkiezing en een Location-header.',
    body: electionBody,
    response: { 201: electionJson, ...writeProblems },
    run: (c) => defineElection(ctx, c.principal, c.body, c.origin),
    answer: json(electionToJson, 201, (e) => democracyApi.election(e.id)),
  });

  r.post(
    democracyApi.import,
    {
      config: { access: democracyAccess.coordinator },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: electionTags,
        summary: 'Een EML_NL-bestand inlezen (110a, 230b of 110b)',
        description:
          'Voor de coördinator verkiezingen: leest de verkiezingsdefinitie (110a; maakt een nieuwe verkiezing), de kandidatenlijsten ' +
          '(230b) of de stembureaus (110b) van de Kiesraad in; bij 230b en 110b met electionId, zolang de verkiezing in draft is. ' +
          'Als controle typt u de SHA-256-hash van het bestand over van het papier (hash): klopt die niet, dan wordt niets ingelezen ' +
          '(democracy.hash_mismatch). Een ongeldig bestand geeft 400 of 422 met wat er mis is. Antwoord: 201 bij een nieuwe ' +
          'verkiezing (110a, met Location-header), anders 200.',
        querystring: noQuery,
        body: importBody,
        response: { 200: importedJson, 201: importedJson, ...writeProblems, 413: problemSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const imported = valueOf(
        await importEml(
          ctx,
          principalOf(request),
          {
            electionId: b.electionId?.toLowerCase() ?? null,
            organisationCode: b.organisationCode?.toUpperCase() ?? null,
            xml: b.xml,
            hash: b.hash,
          },
          originOf(request),
        ),
        'body',
      );
      const json = importedToJson(imported);
      if (imported.kind !== '110a') return json;
      return reply.code(201).header('location', democracyApi.election(imported.election.id)).send(json);
    },
  );

  // --- One election ---

  route({
    method: 'GET',
    url: '/api/v1/elections/:id',
    access: 'public',
    path: 'election',
    tags: electionTags,
    summary: 'Eén verkiezing',
    description:
      'De definitie van een verkiezing (of het stembiljet van een referendum): de lijsten met kandidaten en de stembureaus. Een ' +
      'verkiezing in voorbereiding (draft) zien alleen de verkiezingsmedewerkers en coördinatoren van de organisatie die telt; ' +
      'voor anderen: 404.',
    response: { 200: electionJson, 404: problemSchema, 400: problemSchema },
    run: (c) => getElection(ctx, c.id, c.principal),
    answer: toElection,
  });

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/_start-counting',
    access: democracyAccess.coordinator,
    path: 'election',
    tags: electionTags,
    summary: 'Het tellen beginnen',
    description:
      'Voor de coördinator verkiezingen: zet een verkiezing van de eigen organisatie met lijsten en stembureaus van draft op ' +
      'counting; daarna kunnen de tellingen worden ingevoerd en liggen lijsten en stembureaus vast. Geen invoer. Een verkiezing in ' +
      'een andere status geeft 409.',
    response: { 200: electionJson, ...writeProblems },
    run: async (c) => {
      const started = await startCounting(ctx, c.principal, c.id, c.origin);
      return started.ok ? getElection(ctx, c.id, c.principal) : started;
    },
    answer: toElection,
  });

  // --- Counting: progress, entries, differences, recounts ---

  route({
    method: 'GET',
    url: '/api/v1/elections/:id/polling-stations',
    access: democracyAccess.officials,
    path: 'election',
    tags: electionTags,
    summary: 'De voortgang van het tellen',
    description:
      'Voor verkiezingsmedewerkers en coördinatoren van de organisatie die telt: elk stembureau met de status van de dubbele ' +
      'invoer, het aantal per status, en of de uitslag vastgesteld kan worden.',
    response: { 200: progressJson, ...problems },
    run: (c) => getProgress(ctx, c.principal, c.id),
    answer: json(progressToJson),
  });

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/polling-stations/:number/entries',
    access: democracyAccess.official,
    path: 'station',
    tags: electionTags,
    summary: 'De telling van een stembureau invoeren',
    description:
      'Voor verkiezingsmedewerkers van de organisatie die telt: de getallen van het proces-verbaal van één stembureau. Elk ' +
      'proces-verbaal wordt twee keer ingevoerd, door twee verschillende medewerkers (dezelfde medewerker: 409 ' +
      'democracy.same_user). Fouten (F.…) weigeren de invoer (422 democracy.count_inconsistent, met de velden); waarschuwingen ' +
      '(W.…) moet u bevestigen door hun codes in acceptedWarnings te zetten (anders 422 democracy.warnings_not_confirmed). Er ' +
      'wordt dan niets opgeslagen. Antwoord: 201 met de uitkomst: eerste invoer opgeslagen, gelijk (vastgesteld) of verschillend.',
    body: entryBody,
    response: { 201: savedEntryJson, ...writeProblems },
    run: (c) => saveEntry(ctx, c.principal, c.id, c.number, c.body, c.origin),
    answer: json(savedEntryToJson, 201),
  });

  route({
    method: 'GET',
    url: '/api/v1/elections/:id/polling-stations/:number/differences',
    access: democracyAccess.coordinator,
    path: 'station',
    tags: electionTags,
    summary: 'De verschillen tussen de twee invoeren',
    description:
      'Voor de coördinator verkiezingen: beide invoeren van een stembureau met status different en elk veld dat verschilt, ' +
      'met het veld zoals op het proces-verbaal. Een stembureau zonder verschillen geeft 409.',
    response: { 200: differencesJson, ...problems, 409: problemSchema },
    run: (c) => getDifferences(ctx, c.principal, c.id, c.number),
    answer: json(differencesToJson),
  });

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/polling-stations/:number/_resolve',
    access: democracyAccess.coordinator,
    path: 'station',
    tags: electionTags,
    summary: 'Verschillen oplossen',
    description:
      'Voor de coördinator verkiezingen, bij een stembureau met status different: invoer 1 of invoer 2 laten gelden, de juiste ' +
      'getallen zelf invoeren (correct, gecontroleerd als een invoer), of beide invoeren laten vervallen (discard_both: het ' +
      'stembureau wordt opnieuw tweemaal ingevoerd). Het besluit komt in de audittrail. Antwoord: het stembureau zoals het nu is.',
    body: resolveBody,
    response: { 200: stationProgressJson, ...writeProblems },
    run: (c) => resolveDifferences(ctx, c.principal, c.id, c.number, c.body, c.origin),
    answer: toStation,
  });

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/polling-stations/:number/_recount',
    access: democracyAccess.coordinator,
    path: 'station',
    tags: electionTags,
    summary: 'Een hertelling vastleggen',
    description:
      'Voor de coördinator verkiezingen, na de vaststelling: het stembureau wordt opnieuw geteld en tweemaal ingevoerd, met de ' +
      'reden in het verslag. De verkiezing gaat terug naar counting; de eerder vastgestelde uitslag blijft bewaard en zichtbaar ' +
      'tot de nieuwe vaststelling. Antwoord: het stembureau zoals het nu is.',
    body: recountBody,
    response: { 200: stationProgressJson, ...writeProblems },
    run: (c) => orderRecount(ctx, c.principal, c.id, c.number, c.body, c.origin),
    answer: toStation,
  });

  // --- Results: provisional, lots, finalise, public result and EML ---

  route({
    method: 'GET',
    url: '/api/v1/elections/:id/provisional-result',
    access: democracyAccess.coordinator,
    path: 'election',
    tags: electionTags,
    summary: 'De voorlopige uitslag',
    description:
      'Voor de coördinator verkiezingen: de uitslag zoals die nu zou zijn, uit de vastgestelde tellingen (niet opgeslagen): ' +
      'totalen, zetelverdeling en gekozen kandidaten, of de loting die eerst nodig is (apportionment.drawing_lots).',
    response: { 200: resultJson, ...problems, 409: problemSchema },
    run: (c) => getProvisionalResult(ctx, c.principal, c.id),
    answer: json((v: ResultView, c) => resultToJson(v, democracyApi.provisionalResult(c.id))),
  });

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/lots',
    access: democracyAccess.coordinator,
    path: 'election',
    tags: electionTags,
    summary: 'Een loting vastleggen',
    description:
      'Voor de coördinator verkiezingen: legt de uitkomst vast van een loting die de voorlopige uitslag vraagt (tussen lijsten of ' +
      'tussen kandidaten), met dezelfde opties. Een loting die niet gevraagd wordt, geeft 409 of 422. Antwoord: 201 met de loting.',
    body: lotBody,
    response: { 201: lotJson, ...writeProblems },
    run: (c) => recordLot(ctx, c.principal, c.id, c.body, c.origin),
    answer: json(lotToJson, 201),
  });

  const toResult = json((v: ResultView, c) => resultToJson(v, democracyApi.result(c.id)));

  route({
    method: 'POST',
    url: '/api/v1/elections/:id/_finalise',
    access: democracyAccess.coordinator,
    path: 'election',
    tags: electionTags,
    summary: 'De uitslag vaststellen',
    description:
      'Voor de coördinator verkiezingen: stelt de uitslag vast als alle stembureaus vastgesteld zijn (anders 409 ' +
      'democracy.not_all_agreed) en geen loting meer nodig is (anders 409 democracy.lot_required). Daarna is de uitslag openbaar ' +
      'en verandert hij alleen nog door een vastgelegde hertelling. Geen invoer. Antwoord: de vastgestelde uitslag.',
    response: { 200: resultJson, ...writeProblems },
    run: (c) => finalise(ctx, c.principal, c.id, c.origin),
    answer: toResult,
  });

  route({
    method: 'GET',
    url: '/api/v1/elections/:id/result',
    access: 'public',
    path: 'election',
    tags: electionTags,
    summary: 'De vastgestelde uitslag',
    description:
      'De laatst vastgestelde uitslag: totalen (ook per gemeente), opkomst, zetelverdeling en gekozen kandidaten (met voorkeur ' +
      'of op volgorde van de lijst), of bij een referendum de uitkomst en of de drempels gehaald zijn. Tijdens een hertelling ' +
      'blijft de vorige versie zichtbaar (election.status is dan counting). Niet vastgesteld: 404.',
    response: { 200: resultJson, 400: problemSchema, 404: problemSchema },
    run: (c) => getFinalResult(ctx, c.id),
    answer: toResult,
  });

  const emlRoute = (kind: '510' | '520', summary: string, what: string, run: (id: string) => Promise<Result<string>>): void =>
    route({
      method: 'GET',
      url: `/api/v1/elections/:id/eml/${kind}`,
      access: 'public',
      path: 'election',
      tags: electionTags,
      summary,
      description:
        `Na de vaststelling: ${what} als EML_NL ${kind} (application/xml), zoals de ` +
        'openbare voorbeelden van de Kiesraad. Niet vastgesteld: 404.',
      response: { 200: z.string().describe('application/xml'), 400: problemSchema, 404: problemSchema },
      run: (c) => run(c.id),
      answer: async (reply, xml, c) => {
        const election = await getElection(ctx, c.id);
        const stem = election.ok ? fileStem(election.value) : c.id;
        return reply
          .type('application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${stem}-${kind}.eml.xml"`)
          .send(xml);
      },
    });
  emlRoute('510', 'De tellingen als EML_NL 510', 'de vastgestelde tellingen per stembureau en de totalen', (id) => exportEml510(ctx, id));
  emlRoute('520', 'De uitslag als EML_NL 520', 'de uitslag (stemmen, zetels en gekozen kandidaten)', (id) => exportEml520(ctx, id));

  // --- Referendums ---

  r.get(
    democracyApi.referendums,
    {
      config: { access: 'public' },
      schema: {
        tags: referendumTags,
        summary: 'Referenda',
        description: 'Alle referenda met hun status, het einde van de fase van het verzoek en de dag van de stemming.',
        querystring: noQuery,
        response: { 200: referendumListJson, 400: problemSchema },
      },
    },
    async () => ({
      items: (await listReferendums(ctx)).map(referendumSummaryToJson),
      _links: { self: { href: democracyApi.referendums } },
    }),
  );

  route({
    method: 'POST',
    url: democracyApi.referendums,
    access: democracyAccess.coordinator,
    path: 'none',
    tags: referendumTags,
    summary: 'Een referendum aanmaken',
    description:
      'Voor de coördinator verkiezingen: een referendum van de eigen organisatie over beleid, met de vraag, de antwoorden, het ' +
      'beleid en de regels uit de verordening (drempels en termijnen van het verzoek, opkomstdrempel). De regels worden bij het ' +
      'aanmaken vastgelegd. Antwoord: 201 met het referendum en een Location-header.',
    body: referendumBody,
    response: { 201: referendumJson, ...writeProblems },
    run: (c) => createReferendum(ctx, c.principal, c.body, c.origin),
    answer: json(referendumToJson, 201, (v) => democracyApi.referendum(v.id)),
  });

  route({
    method: 'GET',
    url: '/api/v1/referendums/:id',
    access: 'public',
    path: 'referendum',
    tags: referendumTags,
    summary: 'Eén referendum',
    description:
      'De vraag, de antwoorden, het beleid, de regels, de fase van het verzoek met het aantal ondersteuners (alleen aantallen, ' +
      'nooit wie) en de uitkomst. Voor een ingelogde persoon ook of die het verzoek steunt.',
    response: { 200: referendumJson, 400: problemSchema, 404: problemSchema },
    run: (c) => getReferendum(ctx, c.principal, c.id),
    answer: toReferendum,
  });

  route({
    method: 'PUT',
    url: '/api/v1/referendums/:id/vote-date',
    access: democracyAccess.coordinator,
    path: 'referendum',
    tags: referendumTags,
    summary: 'De dag van de stemming vastleggen',
    description:
      'Voor de coördinator verkiezingen van de organisatie die het referendum houdt: legt de dag van de stemming vast (of ' +
      'verandert die) zolang het referendum gepland is (status scheduled) en het tellen nog niet begonnen is; anders 409. Een dag ' +
      'in het verleden of een ongeldige datum geeft 400. Antwoord: het referendum.',
    body: voteDateBody,
    response: { 200: referendumJson, ...writeProblems },
    run: (c) => scheduleVote(ctx, c.principal, c.id, c.body, c.origin),
    answer: toReferendum,
  });

  route({
    method: 'PUT',
    url: '/api/v1/referendums/:id/support',
    access: democracyAccess.person,
    path: 'referendum',
    tags: referendumTags,
    summary: 'Het verzoek om een referendum steunen',
    description:
      'Voor een ingelogde persoon (niet namens een ander): steunt het verzoek in de fase van nu, één keer per persoon per fase. ' +
      'Nog een keer steunen verandert niets. Alleen het aantal ondersteuners is openbaar. Na het einde van de fase: 409. Geen ' +
      'invoer. Antwoord: het referendum.',
    response: { 200: referendumJson, ...writeProblems },
    run: (c) => supportReferendum(ctx, c.principal, c.id, c.origin),
    answer: toReferendum,
  });

  route({
    method: 'DELETE',
    url: '/api/v1/referendums/:id/support',
    access: democracyAccess.person,
    path: 'referendum',
    tags: referendumTags,
    summary: 'Steun voor het verzoek intrekken',
    description:
      'Voor een ingelogde persoon: trekt de steun in de fase van nu in, vóór het einde van de fase (daarna 409). Opnieuw steunen ' +
      'kan daarna weer. Antwoord: het referendum.',
    response: { 200: referendumJson, ...writeProblems },
    run: (c) => withdrawSupport(ctx, c.principal, c.id, c.origin),
    answer: toReferendum,
  });
}
