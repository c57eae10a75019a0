// democracy: the pages of election officials who enter the counts (double data entry).
//   GET  /democratie/verkiezingen/{id}/tellen                          progress: every polling station with its
//                                                                       status and the next step for this user
//   GET  /democratie/verkiezingen/{id}/stembureaus/{number}/invoer     the form, laid out like the official report
//   POST /democratie/verkiezingen/{id}/stembureaus/{number}/invoer     saves the entry (then back to /tellen)
//
// The second entry never shows the first entry's numbers: it starts empty, and the page only
// ever shows back what this user posted. An inconsistent count is refused with the findings'
// codes in the error summary (nothing stored); warnings are shown with a checkbox each, which
// the user ticks after checking the paper report, then posts again.
//
// The building blocks of the count form (fields, reading the post, findings) are shared with the
// coordinator's correction form in admin-pages.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CsrfField,
  DataList,
  ErrorSummary,
  FieldErrorMessage,
  FieldSet,
  LinkParagraph,
  Paragraph,
  Section,
  Table,
  TextAreaField,
  TextField,
  NoticeBox,
  describedBy,
  errorTitle,
  formBody,
  loginToPage,
  queryOf,
  sendErrorPage,
  str,
  type FieldError,
} from '../../platform/html/index.tsx';
import { principalOf, ProblemError, type Access, type Failure, type Principal } from '../../platform/http/index.ts';
import { format, formatDate, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ballotShapeOf, MAX_COUNT_VALUE, validateCount } from './counting.ts';
import type { Candidate, CountFinding, ElectionDefinition, ElectionList, StationCount, StationProgress } from './model.ts';
import { electionStatusLabels, officialMessages, stationStatusLabels } from './official-messages.ts';
import {
  democracyFailureText,
  getProgress,
  getStationForEntry,
  saveEntry,
  type CountingProgress,
  type DemocracyFailure,
  type Origin,
  type StationForEntry,
} from './service.ts';

// ---------------------------------------------------------------------------------------------
// Paths, access and small helpers (shared with admin-pages.tsx)

const election = (id: string): string => `/democratie/verkiezingen/${encodeURIComponent(id)}`;
const station = (id: string, number: number): string => `${election(id)}/stembureaus/${number}`;

export const officialPaths = {
  overview: '/democratie',
  election,
  counting: (id: string): string => `${election(id)}/tellen`,
  entry: (id: string, number: number): string => `${station(id, number)}/invoer`,
  differences: (id: string, number: number): string => `${station(id, number)}/verschillen`,
  recount: (id: string, number: number): string => `${station(id, number)}/hertelling`,
  start: (id: string): string => `${election(id)}/starten`,
  finalise: (id: string): string => `${election(id)}/vaststellen`,
  importInto: (id: string): string => `${election(id)}/importeren`,
  importNew: '/democratie/verkiezingen/importeren',
  define: '/democratie/verkiezingen/nieuw',
} as const;

/** Election officials and coordinators see the progress; the service checks the organisation. */
export const countingAccess = { roles: ['election_official', 'election_coordinator'] } as const satisfies Access;
/** Only election officials enter counts (the coordinator corrects through the differences page). */
export const entryAccess = { roles: ['election_official'] } as const satisfies Access;
export const coordinatorAccess = { roles: ['election_coordinator'] } as const satisfies Access;

/** Every text value of a repeated form field (checkboxes), at most `max`. */
export const strings = (v: unknown, max = 100): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, max);

export const originOf = (request: FastifyRequest): Origin => ({ requestId: request.id });

/** The election id in the address (the service says whether it exists). */
export const electionIdOf = (request: FastifyRequest): string => str((request.params as Record<string, unknown>)['id']).slice(0, 64);

/** The polling station number in the address, or undefined when it is not one. */
export function stationNumberOf(request: FastifyRequest): number | undefined {
  const text = str((request.params as Record<string, unknown>)['number']);
  return /^[1-9]\d{0,6}$/.test(text) ? Number(text) : undefined;
}

export const officialIdOf = (principal: Principal): string | null => (principal.kind === 'official' ? principal.officialId : null);

export function PageTitle({ text }: { text: string }): JSX.Element {
  return (
    <h1 class="utrecht-heading-1" safe>
      {text}
    </h1>
  );
}

/** The top of an official's page about one election: the way back to the counting, the title, the error summary. */
export function OfficialPageTop({
  lang,
  electionId,
  title,
  errors,
}: {
  lang: Lang;
  electionId: string;
  title: string;
  errors: readonly FieldError[];
}): JSX.Element {
  return (
    <>
      <LinkParagraph href={officialPaths.counting(electionId)} text={officialMessages(lang).backToCounting} />
      <PageTitle text={title} />
      <ErrorSummary lang={lang} errors={errors} />
    </>
  );
}

/** The rows that say which election and polling station a page is about. */
export function stationRows(lang: Lang, def: Pick<ElectionDefinition, 'name'>, st: { number: number; name: string }): [string, string][] {
  const m = officialMessages(lang);
  return [
    [m.electionLabel, def.name],
    [m.stationLabel, format(m.stationNameAndNumber, { number: st.number, name: st.name })],
  ];
}

export function Cell({ text }: { text: string }): JSX.Element {
  return (
    <td class="utrecht-table__cell" safe>
      {text}
    </td>
  );
}

/** A refusal the user can read: the text of a known failure code in the page's language, else the service's Dutch text. */
export function refusalText(lang: Lang, failure: Failure): string {
  if (lang === 'nl') return failure.detail;
  return democracyFailureText(failure.code, lang)?.detail ?? failure.detail;
}

/** Failures of a use case as pages: not found and no access get their error page; the rest the central handler. */
export async function failurePage(_request: FastifyRequest, reply: FastifyReply, failure: Failure): Promise<FastifyReply> {
  if (failure.status === 404) return sendErrorPage(reply, 404, 'notFound');
  if (failure.status === 403) return sendErrorPage(reply, 403, 'forbidden');
  throw new ProblemError(failure);
}

/** A refusal (wrong state, same user) as a page of its own, with the way back to the counting. */
export function refusalPage(
  request: FastifyRequest,
  reply: FastifyReply,
  electionId: string,
  text: string,
  status = 409,
): Promise<FastifyReply> {
  const m = officialMessages(request.lang);
  return reply.page({
    title: m.refusedTitle,
    status,
    body: (
      <>
        <PageTitle text={m.refusedTitle} />
        <div class="utrecht-alert utrecht-alert--warning loket-notice" role="alert">
          <Paragraph text={text} />
        </div>
        <LinkParagraph href={officialPaths.counting(electionId)} text={m.backToCounting} />
      </>
    ),
  });
}

/** A candidate as the ballot names them: "Jansen, A.B. van (Anna)". */
export function candidateName(c: Candidate): string {
  return `${c.lastName}, ${c.initials}${c.prefix ? ` ${c.prefix}` : ''}${c.firstName ? ` (${c.firstName})` : ''}`;
}

/** The candidates of a list in list order. */
export const candidatesOf = (list: ElectionList): Candidate[] => [...list.candidates].sort((a, b) => a.position - b.position);

// ---------------------------------------------------------------------------------------------
// Notices after a form (PRG: ?melding=…&stembureau=…)

const noticeKeys = {
  'eerste-invoer': 'noticeSavedFirst',
  akkoord: 'noticeAgreed',
  verschil: 'noticeDifferent',
  'eerste-telt': 'noticeKeepFirst',
  'tweede-telt': 'noticeKeepSecond',
  gecorrigeerd: 'noticeCorrect',
  vervallen: 'noticeDiscardBoth',
  hertelling: 'noticeRecount',
  gestart: 'noticeStarted',
  aangemaakt: 'noticeDefined',
  ingelezen: 'noticeImported',
  geloot: 'noticeLot',
  vastgesteld: 'finalisedNotice',
} as const;
export type NoticeWord = keyof typeof noticeKeys;

export const noticeHref = (path: string, word: NoticeWord, extra: Record<string, string | number> = {}): string => {
  const params = new URLSearchParams({ melding: word });
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return `${path}?${params.toString()}`;
};

/** The notice named in the address, in the page's language; undefined when there is none (or an unknown one). */
export function noticeOf(request: FastifyRequest): string | undefined {
  const q = queryOf(request);
  const word = str(q['melding']);
  if (!Object.hasOwn(noticeKeys, word)) return undefined;
  const m = officialMessages(request.lang);
  const number = str(q['stembureau']);
  const kind = str(q['soort']);
  const version = str(q['versie']);
  return format(m[noticeKeys[word as NoticeWord]], {
    number: /^\d{1,7}$/.test(number) ? number : '',
    kind: /^(110a|230b|110b)$/.test(kind) ? kind : 'EML',
    version: /^\d{1,5}$/.test(version) ? version : '',
  });
}

// ---------------------------------------------------------------------------------------------
// The count form: fields named after the paths of a StationCount ("votes.lists.2.candidates.5"),
// with dots as dashes in the HTML ("votes-lists-2-candidates-5").

/** The id and name of a field's input. */
export const fieldId = (path: string): string => path.replace(/\./g, '-');

const numberPaths = {
  votersBefore: ['voters.pollCards', 'voters.proxyCertificates', 'voters.total'],
  totals: ['votes.totalValid', 'votes.blank', 'votes.invalid', 'votes.total'],
  differences: ['differences.moreBallots', 'differences.fewerBallots'],
} as const;
const EXPLANATION = 'differences.explanation';
const EXPLANATION_MAX = 2000;

const candidatePath = (list: number, index: number): string => `votes.lists.${list}.candidates.${index}`;
const listTotalPath = (list: number): string => `votes.lists.${list}.total`;

/** Every numeric field of a count for this ballot, in the order of the form. */
export function countNumberPaths(lists: readonly ElectionList[]): string[] {
  return [
    ...numberPaths.votersBefore,
    ...lists.flatMap((l) => [...candidatesOf(l).map((_, i) => candidatePath(l.number, i)), listTotalPath(l.number)]),
    ...numberPaths.totals,
    ...numberPaths.differences,
  ];
}

/** The label of a field of the form, as on the paper report. */
export function formFieldLabel(path: string, def: ElectionDefinition, lang: Lang): string {
  const m = officialMessages(lang);
  const fixed: Record<string, string> = {
    'voters.pollCards': m.fieldPollCards,
    'voters.proxyCertificates': m.fieldProxies,
    'voters.total': m.fieldVotersTotal,
    'votes.totalValid': def.kind === 'referendum' ? m.fieldTotalValidOptions : m.fieldTotalValid,
    'votes.blank': m.fieldBlank,
    'votes.invalid': m.fieldInvalid,
    'votes.total': m.fieldVotesTotal,
    'differences.moreBallots': m.fieldMoreBallots,
    'differences.fewerBallots': m.fieldFewerBallots,
    [EXPLANATION]: m.fieldExplanation,
  };
  const known = fixed[path];
  if (known) return known;
  const parts = /^votes\.lists\.(\d+)\.(?:total|candidates\.(\d+))$/.exec(path);
  const list = parts ? def.lists.find((l) => l.number === Number(parts[1])) : undefined;
  if (!parts || !list) return path;
  if (parts[2] === undefined)
    return list.candidates.length === 0 ? format(m.optionLabel, { name: list.name }) : format(m.listTotal, { number: list.number });
  const candidate = candidatesOf(list)[Number(parts[2])];
  return candidate ? format(m.candidateLabel, { position: candidate.position, name: candidateName(candidate) }) : path;
}

type NumberProblem = 'empty' | 'notNumber' | 'tooLarge';

/** A whole number as typed: digits, spaces ignored, dots only as thousands separators ("1.234"). */
function parseWhole(text: string): number | NumberProblem {
  const t = text.replace(/\s/g, '');
  if (t === '') return 'empty';
  const digits = /^\d+$/.test(t) ? t : /^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, '') : undefined;
  if (digits === undefined) return 'notNumber';
  const n = digits.length > 9 ? Infinity : Number(digits);
  return n > MAX_COUNT_VALUE ? 'tooLarge' : n;
}

export interface CountFormState {
  /** What the inputs show, by path. */
  values: Readonly<Record<string, string>>;
  /** Messages under fields, by path. */
  inline: ReadonlyMap<string, string>;
}

export interface ReadCount {
  values: Record<string, string>;
  count: StationCount | undefined;
  /** For the error summary, linking to the fields. */
  errors: FieldError[];
  inline: Map<string, string>;
}

/** How many field problems the summary lists one by one; the rest are counted in one line. */
const SUMMARY_FIELDS = 15;

/** Reads the posted count form: every numeric field must hold a whole number (an empty field is an error, never 0). */
export function readCountForm(body: Readonly<Record<string, unknown>>, def: ElectionDefinition, lang: Lang): ReadCount {
  const m = officialMessages(lang);
  const values: Record<string, string> = {};
  const numbers = new Map<string, number>();
  const errors: FieldError[] = [];
  const inline = new Map<string, string>();
  let more = 0;
  for (const path of countNumberPaths(def.lists)) {
    const raw = str(body[fieldId(path)]).slice(0, 40);
    values[path] = raw;
    const parsed = parseWhole(raw);
    if (typeof parsed === 'number') {
      numbers.set(path, parsed);
      continue;
    }
    const problem =
      parsed === 'empty'
        ? m.errorEmpty
        : parsed === 'notNumber'
          ? m.errorNotNumber
          : format(m.errorTooLarge, { max: formatNumber(MAX_COUNT_VALUE, lang) });
    inline.set(path, problem);
    if (errors.length < SUMMARY_FIELDS)
      errors.push({ field: fieldId(path), message: format(m.errorFieldSummary, { label: formFieldLabel(path, def, lang), problem }) });
    else more++;
  }
  const explanation = str(body[fieldId(EXPLANATION)]).slice(0, EXPLANATION_MAX + 100);
  values[EXPLANATION] = explanation;
  if (explanation.trim().length > EXPLANATION_MAX) {
    inline.set(EXPLANATION, m.errorTooLong);
    errors.push({ field: fieldId(EXPLANATION), message: m.errorTooLong });
  }
  if (more > 0) {
    const firstHidden = [...inline.keys()][SUMMARY_FIELDS] ?? EXPLANATION;
    errors.push({ field: fieldId(firstHidden), message: format(m.errorMoreFields, { n: more }) });
  }
  if (errors.length > 0) return { values, count: undefined, errors, inline };
  const n = (path: string): number => numbers.get(path) ?? 0;
  const count: StationCount = {
    voters: { pollCards: n('voters.pollCards'), proxyCertificates: n('voters.proxyCertificates'), total: n('voters.total') },
    votes: {
      lists: def.lists.map((l) => ({
        number: l.number,
        candidates: candidatesOf(l).map((_, i) => n(candidatePath(l.number, i))),
        total: n(listTotalPath(l.number)),
      })),
      totalValid: n('votes.totalValid'),
      blank: n('votes.blank'),
      invalid: n('votes.invalid'),
      total: n('votes.total'),
    },
    differences: {
      moreBallots: n('differences.moreBallots'),
      fewerBallots: n('differences.fewerBallots'),
      explanation: explanation.trim() === '' ? null : explanation.trim(),
    },
  };
  return { values, count, errors, inline };
}

/** A count as the form shows it (for a prefilled form), leaving out the paths in `blank`. */
export function valuesOfCount(count: StationCount, blank: ReadonlySet<string> = new Set()): Record<string, string> {
  const values: Record<string, string> = {};
  const put = (path: string, v: number | string | null): void => {
    if (!blank.has(path)) values[path] = v === null ? '' : String(v);
  };
  put('voters.pollCards', count.voters.pollCards);
  put('voters.proxyCertificates', count.voters.proxyCertificates);
  put('voters.total', count.voters.total);
  for (const l of count.votes.lists) {
    l.candidates.forEach((v, i) => put(candidatePath(l.number, i), v));
    put(listTotalPath(l.number), l.total);
  }
  put('votes.totalValid', count.votes.totalValid);
  put('votes.blank', count.votes.blank);
  put('votes.invalid', count.votes.invalid);
  put('votes.total', count.votes.total);
  put('differences.moreBallots', count.differences.moreBallots);
  put('differences.fewerBallots', count.differences.fewerBallots);
  put(EXPLANATION, count.differences.explanation);
  return values;
}

function NumberField({
  path,
  def,
  lang,
  state,
}: {
  path: string;
  def: ElectionDefinition;
  lang: Lang;
  state: CountFormState;
}): JSX.Element {
  return (
    <TextField
      id={fieldId(path)}
      label={formFieldLabel(path, def, lang)}
      value={state.values[path] ?? ''}
      inputmode="numeric"
      maxlength={12}
      autocomplete="off"
      spellcheck="false"
      error={state.inline.get(path)}
    />
  );
}

/** One row of a list's grid: the number, the label (the candidate, or the list total) and a narrow input. */
function GridRow({
  path,
  nr,
  label,
  state,
  total,
}: {
  path: string;
  nr: string;
  label: string;
  state: CountFormState;
  total: boolean;
}): JSX.Element {
  const id = fieldId(path);
  const error = state.inline.get(path);
  return (
    <tr class={`utrecht-table__row${total ? ' loket-total-row' : ''}${error ? ' loket-count-grid__row--invalid' : ''}`}>
      <td class="utrecht-table__cell loket-count-grid__nr" safe>
        {nr}
      </td>
      <th class="utrecht-table__header-cell loket-count-grid__name" scope="row">
        <label class="utrecht-form-label" for={id} safe>
          {label}
        </label>
      </th>
      <td class="utrecht-table__cell loket-count-grid__votes">
        <FieldErrorMessage field={id} message={error} />
        <input
          class={`utrecht-textbox loket-count-input${error ? ' utrecht-textbox--invalid' : ''}`}
          id={id}
          name={id}
          type="text"
          value={state.values[path] ?? ''}
          inputmode="numeric"
          maxlength="12"
          autocomplete="off"
          spellcheck="false"
          aria-describedby={describedBy(id, undefined, error)}
          aria-invalid={error ? 'true' : undefined}
        />
      </td>
    </tr>
  );
}

/** A list's candidate votes as a compact grid like the paper report: one row per candidate, the list total last. */
function ListGrid({
  list,
  def,
  lang,
  state,
}: {
  list: ElectionList;
  def: ElectionDefinition;
  lang: Lang;
  state: CountFormState;
}): JSX.Element {
  const m = officialMessages(lang);
  return (
    // No focusable region around the table (the shared Table with an id): its inputs already let the keyboard
    // scroll it on a narrow screen, and an extra tab stop per list would sit between the fields.
    <div class="loket-count-grid" id={`lijst-${list.number}`}>
      <Table caption={format(m.listLegend, { number: list.number, name: list.name })} head={[m.colCandidateNr, m.colCandidate, m.colVotes]}>
        <>
          {candidatesOf(list).map((c, i) => (
            <GridRow path={candidatePath(list.number, i)} nr={String(c.position)} label={candidateName(c)} state={state} total={false} />
          ))}
          <GridRow
            path={listTotalPath(list.number)}
            nr=""
            label={formFieldLabel(listTotalPath(list.number), def, lang)}
            state={state}
            total={true}
          />
        </>
      </Table>
    </div>
  );
}

/** The inputs of a count, in the sections of the paper report. */
export function CountFields({ def, lang, state }: { def: ElectionDefinition; lang: Lang; state: CountFormState }): JSX.Element {
  const m = officialMessages(lang);
  const field = (path: string): JSX.Element => <NumberField path={path} def={def} lang={lang} state={state} />;
  const options = def.lists.filter((l) => l.candidates.length === 0);
  const withCandidates = def.lists.filter((l) => l.candidates.length > 0);
  return (
    <>
      <FieldSet id="kiezers" legend={m.sectionVoters} error={undefined}>
        <>{numberPaths.votersBefore.map(field)}</>
      </FieldSet>
      {withCandidates.length > 0 ? (
        <FieldSet id="stemmen" legend={m.sectionVotes} error={undefined}>
          <>
            {withCandidates.map((l) => (
              <ListGrid list={l} def={def} lang={lang} state={state} />
            ))}
          </>
        </FieldSet>
      ) : (
        ''
      )}
      {options.length > 0 ? (
        <FieldSet id="antwoorden" legend={m.sectionVotesOptions} error={undefined}>
          <>{options.map((l) => field(listTotalPath(l.number)))}</>
        </FieldSet>
      ) : (
        ''
      )}
      <FieldSet id="totalen" legend={m.sectionTotals} error={undefined}>
        <>{numberPaths.totals.map(field)}</>
      </FieldSet>
      <FieldSet id="verschillen" legend={m.sectionDifferences} hint={m.sectionDifferencesHint} error={undefined}>
        <>
          {numberPaths.differences.map(field)}
          <TextAreaField
            id={fieldId(EXPLANATION)}
            label={m.fieldExplanation}
            hint={m.fieldExplanationHint}
            value={state.values[EXPLANATION] ?? ''}
            rows={3}
            maxlength={EXPLANATION_MAX}
            error={state.inline.get(EXPLANATION)}
          />
        </>
      </FieldSet>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Findings of the count checks

/** The findings of a count for this station (counting.ts, the same checks the service makes). */
export function findingsOf(count: StationCount, def: ElectionDefinition, st: { eligibleVoters: number | null }): CountFinding[] {
  return validateCount(count, ballotShapeOf(def.lists), st);
}

/** The sum a check is about, where the summary links to: the total that does not match its parts. */
const sumFields: Readonly<Record<string, string>> = { 'F.101': 'voters.total', 'F.201': 'votes.totalValid', 'F.202': 'votes.total' };

/** The field a finding's link goes to: its sum when it has one, else its first field; undefined when it names none. */
function primaryField(f: CountFinding): string | undefined {
  const sum = sumFields[f.code];
  return sum !== undefined && f.fields.includes(sum) ? sum : f.fields[0];
}

/** Errors for the summary (each finding with its code, linking to its first field) and the marks under the fields. */
export function findingErrors(
  findings: readonly CountFinding[],
  lang: Lang,
  fallback: string,
): { errors: FieldError[]; inline: Map<string, string> } {
  const m = officialMessages(lang);
  const codes = new Map<string, string[]>();
  const errors = findings.map((f) => {
    for (const path of f.fields) codes.set(path, [...(codes.get(path) ?? []), f.code]);
    const first = primaryField(f);
    return {
      field: first === undefined ? fallback : fieldId(first),
      message: format(m.findingSummary, { code: f.code, message: f.message[lang] }),
    };
  });
  const inline = new Map([...codes].map(([path, cs]) => [path, format(m.findingInline, { codes: [...new Set(cs)].join(', ') })] as const));
  return { errors, inline };
}

/** Errors from the service's own list (when the local checks do not explain its refusal). */
export function invalidParamErrors(failure: Failure, fallback: string): FieldError[] {
  const params = failure.invalidParams ?? [];
  if (params.length === 0) return [{ field: fallback, message: failure.detail }];
  return params.map((p) => ({ field: fallback, message: /^[FW]\.\d{3}$/.test(p.code) ? `${p.code}: ${p.reason}` : p.reason }));
}

const confirmId = (code: string): string => `bevestig-${code.replace(/\./g, '-')}`;

/** The warnings of a count that must be confirmed: a summary at the top, linking to the fields. */
export function WarningSummary({ lang, warnings, focus }: { lang: Lang; warnings: readonly CountFinding[]; focus: boolean }): JSX.Element {
  if (warnings.length === 0) return '';
  const m = officialMessages(lang);
  return (
    <div
      class="utrecht-alert utrecht-alert--warning loket-error-summary"
      role="alert"
      aria-labelledby="waarschuwingen-titel"
      tabindex="-1"
      id="waarschuwingen"
      autofocus={focus}
    >
      <div class="utrecht-alert__content loket-error-summary__content">
        <h2 class="utrecht-heading-3 loket-error-summary__title" id="waarschuwingen-titel" safe>
          {m.warningsTitle}
        </h2>
        <Paragraph text={m.warningsIntro} />
        <ul class="utrecht-unordered-list loket-error-summary__list">
          {warnings.map((w) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link loket-error-summary__link" href={`#${fieldId(primaryField(w) ?? confirmId(w.code))}`} safe>
                {format(m.findingSummary, { code: w.code, message: w.message[lang] })}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A checkbox per warning, "Ik heb dit gecontroleerd op het proces-verbaal" (name `bevestig`, value the code). */
export function WarningConfirmations({
  lang,
  warnings,
  confirmed,
}: {
  lang: Lang;
  warnings: readonly CountFinding[];
  confirmed: ReadonlySet<string>;
}): JSX.Element {
  if (warnings.length === 0) return '';
  const m = officialMessages(lang);
  return (
    <FieldSet id="bevestigen" legend={m.warningsLegend} error={undefined}>
      <>
        {warnings.map((w) => (
          <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              name="bevestig"
              id={confirmId(w.code)}
              value={w.code}
              checked={confirmed.has(w.code)}
              aria-describedby={`${confirmId(w.code)}-uitleg`}
            />
            <label class="utrecht-form-label utrecht-form-label--checkbox" for={confirmId(w.code)} safe>
              {format(m.warningConfirm, { code: w.code })}
            </label>
            <p class="utrecht-form-field-description" id={`${confirmId(w.code)}-uitleg`} safe>
              {w.message[lang]}
            </p>
          </div>
        ))}
      </>
    </FieldSet>
  );
}

/** The inline marks of the warnings' fields. */
export function warningInline(warnings: readonly CountFinding[], lang: Lang): Map<string, string> {
  return findingErrors(warnings, lang, 'telling').inline;
}

/** What a refused save means for the page: field errors, findings or warnings; undefined for not found / no access. */
export function saveRefusal(
  failure: Failure,
  count: StationCount,
  def: ElectionDefinition,
  st: { eligibleVoters: number | null },
  lang: Lang,
): { errors: FieldError[]; inline: Map<string, string>; warnings: CountFinding[]; status: number } | undefined {
  if (failure.status === 403 || failure.status === 404) return undefined;
  // The service's findings; the same checks made here when a failure does not carry them.
  const given = (failure as Partial<DemocracyFailure>).findings;
  const findings = given && given.length > 0 ? given : findingsOf(count, def, st);
  if (failure.code === 'democracy.count_inconsistent') {
    const errs = findings.filter((f) => f.severity === 'error');
    if (errs.length > 0) return { ...findingErrors(errs, lang, 'telling'), warnings: [], status: 422 };
  }
  if (failure.code === 'democracy.warnings_not_confirmed') {
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (warnings.length > 0) return { errors: [], inline: warningInline(warnings, lang), warnings, status: 422 };
  }
  const errors =
    failure.status === 409 ? [{ field: 'telling', message: refusalText(lang, failure) }] : invalidParamErrors(failure, 'telling');
  return { errors, inline: new Map(), warnings: [], status: failure.status };
}

// ---------------------------------------------------------------------------------------------
// /tellen: the progress of the counting

type NextAction = { label: string; href: string } | { text: string };

function nextAction(s: StationProgress, progress: CountingProgress, me: string | null, lang: Lang): NextAction {
  const m = officialMessages(lang);
  const { election: def, may } = progress;
  const counting = def.status === 'counting';
  if (counting && may.enter && s.status === 'not_started') return { label: m.actionFirst, href: officialPaths.entry(def.id, s.number) };
  if (counting && may.enter && s.status === 'first_entry')
    return s.firstEnteredBy === me
      ? { text: m.actionWaitColleague }
      : { label: m.actionSecond, href: officialPaths.entry(def.id, s.number) };
  if (counting && may.coordinate && s.status === 'different')
    return { label: m.actionDifferences, href: officialPaths.differences(def.id, s.number) };
  if (def.status === 'finalised' && may.coordinate && s.status === 'agreed')
    return { label: m.actionRecount, href: officialPaths.recount(def.id, s.number) };
  return { text: m.actionNone };
}

function countingPage(request: FastifyRequest, reply: FastifyReply, progress: CountingProgress): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const def = progress.election;
  const me = officialIdOf(principalOf(request));
  const title = format(m.countingTitle, { election: def.name });
  const total = progress.stations.length;
  return reply.page({
    title,
    body: (
      <>
        <LinkParagraph href={officialPaths.election(def.id)} text={def.name} />
        <PageTitle text={title} />
        <NoticeBox text={noticeOf(request)} />
        <DataList
          rows={[
            [m.electionLabel, def.name],
            [m.dateLabel, formatDate(def.date, lang)],
            [m.statusLabel, electionStatusLabels[def.status][lang]],
          ]}
        />
        {def.status === 'draft' && progress.may.enter ? <Paragraph text={m.notStartedYet} /> : ''}
        {def.status === 'finalised' ? <Paragraph text={m.finalisedText} /> : ''}
        <Section id="voortgang" heading={m.progressHeading}>
          <>
            <Paragraph text={format(m.progressOf, { done: progress.counts.agreed, total })} status />
            <DataList
              rows={(['not_started', 'first_entry', 'different', 'agreed'] as const).map((s) => [
                stationStatusLabels[s][lang],
                String(progress.counts[s]),
              ])}
            />
            {total === 0 ? (
              <Paragraph text={m.noStations} />
            ) : (
              <Table id="stembureaus" caption={m.stationsCaption} head={[m.colNumber, m.colName, m.colStatus, m.colAction]}>
                {progress.stations.map((s) => {
                  const action = nextAction(s, progress, me, lang);
                  return (
                    <tr class="utrecht-table__row" id={`stembureau-${s.number}`}>
                      <Cell text={String(s.number)} />
                      <Cell text={s.name} />
                      <Cell text={stationStatusLabels[s.status][lang]} />
                      {'href' in action ? (
                        <td class="utrecht-table__cell">
                          <a
                            class="utrecht-link"
                            href={action.href}
                            aria-label={format(m.actionFor, { action: action.label, number: s.number })}
                            safe
                          >
                            {action.label}
                          </a>
                        </td>
                      ) : (
                        <Cell text={action.text} />
                      )}
                    </tr>
                  );
                })}
              </Table>
            )}
          </>
        </Section>
        {progress.may.coordinate ? (
          <Section id="coordinator" heading={m.coordinatorHeading}>
            <ul class="utrecht-unordered-list">
              {def.status === 'draft' ? (
                <>
                  <li class="utrecht-unordered-list__item">
                    <a class="utrecht-link" href={officialPaths.importInto(def.id)} safe>
                      {m.linkImport}
                    </a>
                  </li>
                  <li class="utrecht-unordered-list__item">
                    <a class="utrecht-link" href={officialPaths.start(def.id)} safe>
                      {m.linkStart}
                    </a>
                  </li>
                </>
              ) : (
                ''
              )}
              {def.status === 'counting' ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={officialPaths.finalise(def.id)} safe>
                    {m.linkFinalise}
                  </a>
                </li>
              ) : (
                ''
              )}
              {def.status === 'finalised' ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={officialPaths.election(def.id)} safe>
                    {m.linkResult}
                  </a>
                </li>
              ) : (
                ''
              )}
            </ul>
          </Section>
        ) : (
          ''
        )}
        <LinkParagraph href={officialPaths.overview} text={m.backToOverview} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /invoer: the entry form

interface EntryState {
  values: Readonly<Record<string, string>>;
  errors: FieldError[];
  inline: ReadonlyMap<string, string>;
  warnings: readonly CountFinding[];
  confirmed: ReadonlySet<string>;
  status: number;
}

const freshEntry: EntryState = { values: {}, errors: [], inline: new Map(), warnings: [], confirmed: new Set(), status: 200 };

function entryPage(request: FastifyRequest, reply: FastifyReply, view: StationForEntry, state: EntryState): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const { election: def, station: st, entryNo } = view;
  const title = format(m.entryTitle, { number: st.number });
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <OfficialPageTop lang={lang} electionId={def.id} title={title} errors={state.errors} />
        <WarningSummary lang={lang} warnings={state.warnings} focus={state.errors.length === 0} />
        <DataList rows={stationRows(lang, def, st)} />
        <p class="utrecht-paragraph" id="welke-invoer">
          <strong safe>{entryNo === 1 ? m.entryFirst : m.entrySecond}</strong>
        </p>
        <Paragraph text={m.entryIntro} />
        <form method="post" action={officialPaths.entry(def.id, st.number)} id="telling" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <CountFields def={def} lang={lang} state={state} />
          <WarningConfirmations lang={lang} warnings={state.warnings} confirmed={state.confirmed} />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.saveEntry}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

/** Entry 2 by the official who made entry 1 is refused before the form is shown. */
const madeFirstEntry = (view: StationForEntry, principal: Principal): boolean =>
  view.entryNo === 2 && view.station.firstEnteredBy !== null && view.station.firstEnteredBy === officialIdOf(principal);

const outcomeNotice = { saved_first: 'eerste-invoer', agreed: 'akkoord', different: 'verschil' } as const satisfies Record<
  string,
  NoticeWord
>;

// ---------------------------------------------------------------------------------------------
// Registration

export function registerEntryPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get('/democratie/verkiezingen/:id/tellen', { config: { access: countingAccess }, onRequest: loginToPage }, async (request, reply) => {
    const progress = await getProgress(ctx, principalOf(request), electionIdOf(request));
    if (!progress.ok) return failurePage(request, reply, progress.failure);
    return countingPage(request, reply, progress.value);
  });

  const entryPath = '/democratie/verkiezingen/:id/stembureaus/:number/invoer';

  app.get(entryPath, { config: { access: entryAccess }, onRequest: loginToPage }, async (request, reply) => {
    const id = electionIdOf(request);
    const number = stationNumberOf(request);
    if (number === undefined) return sendErrorPage(reply, 404, 'notFound');
    const principal = principalOf(request);
    const found = await getStationForEntry(ctx, principal, id, number);
    if (!found.ok) {
      if (found.failure.status === 409) return refusalPage(request, reply, id, refusalText(request.lang, found.failure));
      return failurePage(request, reply, found.failure);
    }
    if (madeFirstEntry(found.value, principal))
      return refusalPage(request, reply, id, democracyFailureText('democracy.same_user', request.lang)?.detail ?? '');
    return entryPage(request, reply, found.value, freshEntry);
  });

  app.post(entryPath, { config: { access: entryAccess } }, async (request, reply) => {
    const lang = request.lang;
    const id = electionIdOf(request);
    const number = stationNumberOf(request);
    if (number === undefined) return sendErrorPage(reply, 404, 'notFound');
    const principal = principalOf(request);
    const found = await getStationForEntry(ctx, principal, id, number);
    if (!found.ok) {
      if (found.failure.status === 409) return refusalPage(request, reply, id, refusalText(lang, found.failure));
      return failurePage(request, reply, found.failure);
    }
    const view = found.value;
    const body = formBody(request);
    const confirmed = new Set(strings(body['bevestig']));
    const read = readCountForm(body, view.election, lang);
    if (!read.count)
      return entryPage(request, reply, view, {
        ...freshEntry,
        values: read.values,
        errors: read.errors,
        inline: read.inline,
        confirmed,
        status: 400,
      });
    const saved = await saveEntry(ctx, principal, id, number, { count: read.count, acceptedWarnings: [...confirmed] }, originOf(request));
    if (saved.ok)
      return reply.redirect(noticeHref(officialPaths.counting(id), outcomeNotice[saved.value.outcome], { stembureau: number }), 303);
    const refusal = saveRefusal(saved.failure, read.count, view.election, view.station, lang);
    if (!refusal) return failurePage(request, reply, saved.failure);
    return entryPage(request, reply, view, { values: read.values, confirmed, ...refusal });
  });
}
