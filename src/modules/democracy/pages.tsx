// democracy: the public pages under /democratie.
//   /democratie                       the elections (name, body, date, status, organisation) and the
//                                      referendums (subject, status, deadline or vote date), each with a
//                                      link; an election official or coordinator also sees the elections
//                                      of their organisation with a link to the counting, and a
//                                      coordinator the links to make a new election or referendum
//   /democratie/verkiezingen/{id}     one election: what is elected, when, by whom; with a declared
//                                      result the seat chart (SVG) and its table, how the seats were
//                                      divided in words, the elected candidates and how, turnout, totals
//                                      per municipality and the EML files; without one the lists and
//                                      candidates and how far counting is. During a recount after a
//                                      declaration: the last declared result, marked "Hertelling bezig".
// The referendum pages are in referendum-pages.tsx; they share the helpers exported here. The
// officials' pages (counting, defining, resolving) are entry-pages.tsx and admin-pages.tsx.
//
// An election in preparation (draft) is not public: only the officials of its organisation see it;
// for anyone else it is "not found", like an id that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataList, InfoBox, LinkParagraph, PageHeading, Paragraph, Section, Table, str } from '../../platform/html/index.tsx';
import type { Principal } from '../../platform/auth/index.ts';
import { httpFailures, principalOf, ProblemError } from '../../platform/http/index.ts';
import { format, formatDate, formatDateTime, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getOrganisation } from '../registry/index.ts';
import type { ApportionmentResult, SeatAssignmentSummary, SeatStep } from './apportionment/model.ts';
import {
  apportionmentWarningTexts,
  bodyLabels,
  democracyMessages,
  electionStatusLabels,
  recountStatusLabel,
  referendumStatusLabels,
} from './messages.ts';
import type { Candidate, CountTotals, Election, ElectionDefinition, ElectionList, ReferendumRules } from './model.ts';
import type { ReferendumOutcome } from './referendum.ts';
import { listReferendums, type ReferendumSummary } from './referendum-service.ts';
import { BarChart, SeatChart, type SeatChartList } from './seat-chart.tsx';
import { getElection, getFinalResult, listElections, type ElectionSummary, type ResultView } from './service.ts';

// ---------------------------------------------------------------------------------------------
// Paths and small helpers (the referendum pages use them too)

export const democracyPaths = {
  overview: '/democratie',
  election: (id: string): string => `/democratie/verkiezingen/${encodeURIComponent(id)}`,
  counting: (id: string): string => `/democratie/verkiezingen/${encodeURIComponent(id)}/tellen`,
  importInto: (id: string): string => `/democratie/verkiezingen/${encodeURIComponent(id)}/importeren`,
  newElection: '/democratie/verkiezingen/nieuw',
  referendum: (id: string): string => `/democratie/referenda/${encodeURIComponent(id)}`,
  support: (id: string): string => `/democratie/referenda/${encodeURIComponent(id)}/steun`,
  voteDate: (id: string): string => `/democratie/referenda/${encodeURIComponent(id)}/stemdatum`,
  newReferendum: '/democratie/referenda/nieuw',
  eml: (id: string, kind: '510' | '520'): string => `/api/v1/elections/${encodeURIComponent(id)}/eml/${kind}`,
} as const;

/** The `{id}` of the address (ids are UUIDs; anything longer is cut, and then not found). */
export const idOf = (request: FastifyRequest): string => str((request.params as Record<string, unknown>)['id']).slice(0, 64);

/** A whole number as the reader writes it: 1.234 (nl), 1,234 (en). */
export const count = (n: number, lang: Lang): string => formatNumber(n, lang);

const decimals: Record<Lang, Intl.NumberFormat[]> = {
  nl: [0, 1, 2].map((d) => new Intl.NumberFormat('nl-NL', { minimumFractionDigits: d, maximumFractionDigits: d })),
  en: [0, 1, 2].map((d) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d })),
};
const upTo2: Record<Lang, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** A number with exactly `digits` decimals: 34,2 (nl), 34.2 (en). */
export const decimal = (n: number, lang: Lang, digits: 0 | 1 | 2 = 1): string => (decimals[lang][digits] ?? upTo2[lang]).format(n);

/** An exact fraction as the reader reads it: whole when it is, else with up to two decimals (1.234,5). */
export function fractionText(f: { num: number; den: number } | readonly [number, number], lang: Lang): string {
  const [num, den] = 'num' in f ? [f.num, f.den] : f;
  return upTo2[lang].format(num / den);
}

/** The page's title, its one h1. */
export function PageTitle({ text }: { text: string }): JSX.Element {
  return (
    <PageHeading>
      <span safe>{text}</span>
    </PageHeading>
  );
}

/** A table cell with text; numbers align right. */
export function Cell({ text, numeric = false }: { text: string; numeric?: boolean }): JSX.Element {
  return (
    <td class={numeric ? 'utrecht-table__cell utrecht-table__cell--numeric-data' : 'utrecht-table__cell'} safe>
      {text}
    </td>
  );
}

/** A row header cell (the first cell of a row that names it). */
export function RowHeader({ text }: { text: string }): JSX.Element {
  return (
    <th class="utrecht-table__header-cell" scope="row" safe>
      {text}
    </th>
  );
}

function LinkCell({ href, text }: { href: string; text: string }): JSX.Element {
  return (
    <td class="utrecht-table__cell">
      <a class="utrecht-link" href={href} safe>
        {text}
      </a>
    </td>
  );
}

/** An official of the organisation that runs an election, with a democracy role. */
export function isElectionOfficialOf(principal: Principal, organisationCode: string): boolean {
  return (
    principal.kind === 'official' &&
    principal.organisationCode === organisationCode &&
    principal.roles.some((r) => r === 'election_official' || r === 'election_coordinator')
  );
}

const isCoordinator = (principal: Principal): boolean => principal.kind === 'official' && principal.roles.includes('election_coordinator');
const hasDemocracyRole = (principal: Principal): principal is Principal & { kind: 'official' } =>
  principal.kind === 'official' && principal.roles.some((r) => r === 'election_official' || r === 'election_coordinator');

/** A candidate's name as on the list: "Visser, A. (Anouk)", "Berg, J. van den". */
export function candidateName(c: Candidate): string {
  const prefix = c.prefix ? ` ${c.prefix}` : '';
  const first = c.firstName ? ` (${c.firstName})` : '';
  return `${c.lastName}, ${c.initials}${prefix}${first}`;
}

/** "1. Partij A". */
const listLabel = (l: { number: number; name: string }, lang: Lang): string =>
  format(democracyMessages(lang).listLabel, { number: l.number, name: l.name });

/** Whether an election's result was declared before and is now being recounted. */
const recounting = (election: Election, result: ResultView | null): boolean => election.status === 'counting' && result !== null;

function electionStatusText(election: Election, lang: Lang): string {
  if (election.status === 'counting' && election.finalisedAt !== null) return recountStatusLabel[lang];
  return electionStatusLabels[election.status][lang];
}

// ---------------------------------------------------------------------------------------------
// /democratie

function ElectionsTable({ lang, elections }: { lang: Lang; elections: readonly ElectionSummary[] }): JSX.Element {
  const m = democracyMessages(lang);
  if (elections.length === 0) return <Paragraph text={m.electionsNone} />;
  return (
    <Table
      id="verkiezingen-tabel"
      caption={m.electionsCaption}
      hiddenCaption
      head={[m.colName, m.colBody, m.colDate, m.colStatus, m.colOrganisation]}
    >
      {elections.map((e) => (
        <tr class="utrecht-table__row">
          <LinkCell href={democracyPaths.election(e.id)} text={e.name} />
          <Cell text={e.body ? bodyLabels[e.body][lang] : m.referendumBallot} />
          <Cell text={formatDate(e.date, lang)} />
          <Cell text={electionStatusText(e, lang)} />
          <Cell text={e.organisationName} />
        </tr>
      ))}
    </Table>
  );
}

/** When a referendum's next moment is: the request's deadline, or the vote. */
function whenText(r: ReferendumSummary, lang: Lang): string {
  const m = democracyMessages(lang);
  if (r.status === 'requesting' && r.phaseEndsOn) return format(m.requestUntil, { date: formatDate(r.phaseEndsOn, lang) });
  if (r.voteDate && r.status !== 'request_failed') return format(m.voteOn, { date: formatDate(r.voteDate, lang) });
  return '';
}

function ReferendumsTable({ lang, referendums }: { lang: Lang; referendums: readonly ReferendumSummary[] }): JSX.Element {
  const m = democracyMessages(lang);
  if (referendums.length === 0) return <Paragraph text={m.referendumsNone} />;
  return (
    <Table id="referenda-tabel" caption={m.referendumsCaption} hiddenCaption head={[m.colTitle, m.colStatus, m.colWhen, m.colOrganisation]}>
      {referendums.map((r) => (
        <tr class="utrecht-table__row">
          <LinkCell href={democracyPaths.referendum(r.id)} text={r.title} />
          <Cell text={referendumStatusLabels[r.status][lang]} />
          <Cell text={whenText(r, lang)} />
          <Cell text={r.organisationName} />
        </tr>
      ))}
    </Table>
  );
}

/** The elections of the official's organisation, with a link to the counting; a coordinator's links to make new ones. */
function WorkSection({
  lang,
  principal,
  organisation,
  elections,
}: {
  lang: Lang;
  principal: Principal & { kind: 'official' };
  organisation: string;
  elections: readonly ElectionSummary[];
}): JSX.Element {
  const m = democracyMessages(lang);
  const own = elections.filter((e) => e.organisationCode === principal.organisationCode);
  return (
    <Section id="uw-werk" heading={m.workHeading}>
      <>
        <Paragraph text={format(m.workIntro, { organisation })} />
        {own.length === 0 ? (
          <Paragraph text={m.workNone} />
        ) : (
          <Table id="werk-tabel" caption={m.workCaption} hiddenCaption head={[m.colName, m.colDate, m.colStatus, m.colAction]}>
            {own.map((e) => (
              <tr class="utrecht-table__row">
                <LinkCell href={democracyPaths.election(e.id)} text={e.name} />
                <Cell text={formatDate(e.date, lang)} />
                <Cell text={electionStatusText(e, lang)} />
                <LinkCell href={democracyPaths.counting(e.id)} text={format(m.workCountFor, { name: e.name })} />
              </tr>
            ))}
          </Table>
        )}
        {isCoordinator(principal) ? (
          <div class="loket-actions">
            <a
              class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              href={democracyPaths.newElection}
              safe
            >
              {m.workNewElection}
            </a>
            <a
              class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              href={democracyPaths.newReferendum}
              safe
            >
              {m.workNewReferendum}
            </a>
          </div>
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

/** Referendum statuses in which its ballot is work for the officials (the request has passed). */
const ballotStatuses: ReadonlySet<string> = new Set(['scheduled', 'counting', 'finalised']);

/** The elections of the official's organisation, without the ballots of referendums whose request still runs (or failed). */
function workOf(
  principal: Principal & { kind: 'official' },
  all: readonly ElectionSummary[],
  referendums: readonly ReferendumSummary[],
): ElectionSummary[] {
  const statusOfBallot = new Map(referendums.map((r) => [r.electionId, r.status]));
  return all.filter((e) => {
    if (e.organisationCode !== principal.organisationCode) return false;
    const status = e.kind === 'referendum' ? statusOfBallot.get(e.id) : undefined;
    return status === undefined || ballotStatuses.has(status);
  });
}

async function overviewPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = democracyMessages(lang);
  const principal = principalOf(request);
  const [all, referendums] = await Promise.all([listElections(ctx), listReferendums(ctx)]);
  // The public list: elections (a referendum's ballot is shown as its referendum), not those in preparation.
  const elections = all.filter((e) => e.kind === 'election' && e.status !== 'draft');
  const organisation =
    principal.kind === 'official' ? ((await getOrganisation(ctx, principal.organisationCode))?.name ?? principal.organisationCode) : '';
  const work = hasDemocracyRole(principal) ? workOf(principal, all, referendums) : [];
  return reply.page({
    title: m.title,
    body: (
      <>
        <PageTitle text={m.title} />
        <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
          {m.intro}
        </p>
        {hasDemocracyRole(principal) ? <WorkSection lang={lang} principal={principal} organisation={organisation} elections={work} /> : ''}
        <Section id="verkiezingen" heading={m.electionsHeading}>
          <ElectionsTable lang={lang} elections={elections} />
        </Section>
        <Section id="referenda" heading={m.referendumsHeading}>
          <ReferendumsTable lang={lang} referendums={referendums} />
        </Section>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /democratie/verkiezingen/{id}: the result

type SeatSummary = SeatAssignmentSummary & { status: ApportionmentResult['status'] };

/** The seat assignment of a result, when the apportionment got that far. */
function seatSummaryOf(a: ApportionmentResult | null): SeatSummary | null {
  if (a === null || a.status === 'Error' || !('seats_per_list' in a)) return null;
  return a;
}

interface ListRow {
  list: ElectionList;
  votes: number;
  full: number;
  residual: number;
  seats: number;
}

/** The lists in number order with their votes and seats (the apportionment's arrays follow that order). */
function listRows(election: ElectionDefinition, totals: CountTotals, seats: SeatSummary): ListRow[] {
  const lists = [...election.lists].sort((a, b) => a.number - b.number);
  return lists.map((list, i) => ({
    list,
    votes: totals.votes.lists.find((l) => l.number === list.number)?.total ?? 0,
    full: seats.full_seats_per_list[i] ?? 0,
    residual: seats.residual_seats_per_list[i] ?? 0,
    seats: seats.seats_per_list[i] ?? 0,
  }));
}

function SeatTable({ lang, rows, valid }: { lang: Lang; rows: readonly ListRow[]; valid: number }): JSX.Element {
  const m = democracyMessages(lang);
  const sum = (f: (r: ListRow) => number): number => rows.reduce((s, r) => s + f(r), 0);
  const percent = (votes: number): string => (valid > 0 ? decimal((votes * 100) / valid, lang, 2) : decimal(0, lang, 2));
  return (
    <Table
      id="zetels-tabel"
      caption={m.seatTableCaption}
      head={[m.colList, m.colVotes, m.colPercent, m.colFullSeats, m.colResidualSeats, m.colTotalSeats]}
    >
      <>
        {rows.map((r) => (
          <tr class="utrecht-table__row">
            <RowHeader text={listLabel(r.list, lang)} />
            <Cell numeric text={count(r.votes, lang)} />
            <Cell numeric text={percent(r.votes)} />
            <Cell numeric text={count(r.full, lang)} />
            <Cell numeric text={count(r.residual, lang)} />
            <Cell numeric text={count(r.seats, lang)} />
          </tr>
        ))}
        <tr class="utrecht-table__row loket-total-row">
          <RowHeader text={m.total} />
          <Cell
            numeric
            text={count(
              sum((r) => r.votes),
              lang,
            )}
          />
          <Cell numeric text={percent(sum((r) => r.votes))} />
          <Cell
            numeric
            text={count(
              sum((r) => r.full),
              lang,
            )}
          />
          <Cell
            numeric
            text={count(
              sum((r) => r.residual),
              lang,
            )}
          />
          <Cell
            numeric
            text={count(
              sum((r) => r.seats),
              lang,
            )}
          />
        </tr>
      </>
    </Table>
  );
}

/** Each step of the residual seats (and the corrections of P 9 and P 10) in one sentence. */
export function stepTexts(steps: readonly SeatStep[], names: ReadonlyMap<number, string>, lang: Lang): string[] {
  const m = democracyMessages(lang);
  const name = (n: number): string => names.get(n) ?? String(n);
  let seat = 0;
  return steps.map((step) => {
    switch (step.type) {
      case 'LargestRemainderAssignment':
      case 'HighestAverageAssignment':
      case 'UniqueHighestAverageAssignment': {
        seat += 1;
        const template =
          step.type === 'LargestRemainderAssignment'
            ? m.stepRemainder
            : step.type === 'HighestAverageAssignment'
              ? m.stepAverage
              : m.stepUniqueAverage;
        const value = step.type === 'LargestRemainderAssignment' ? step.remainder_votes : step.votes_per_seat;
        const text = format(template, { n: seat, list: name(step.list), value: fractionText(value, lang) });
        return step.drawn ? format(m.stepDrawn, { step: text }) : text;
      }
      case 'AbsoluteMajorityReassignment':
        return format(m.stepAbsoluteMajority, { from: name(step.from), to: name(step.to) });
      case 'ListExhaustionRemoval':
        return format(m.stepListExhaustion, { from: name(step.from), seat: step.full_seat ? m.fullSeatWord : m.residualSeatWord });
    }
  });
}

function HowSection({
  lang,
  election,
  summary,
  valid,
  rows,
}: {
  lang: Lang;
  election: ElectionDefinition;
  summary: SeatSummary;
  valid: number;
  rows: readonly ListRow[];
}): JSX.Element {
  const m = democracyMessages(lang);
  const seats = election.seats ?? 0;
  const names = new Map(rows.map((r) => [r.list.number, listLabel(r.list, lang)]));
  const steps = stepTexts(summary.steps, names, lang);
  const full = rows.reduce((s, r) => s + r.full, 0);
  const p9 = summary.steps.some((s) => s.type === 'AbsoluteMajorityReassignment');
  const p10 = summary.steps.some((s) => s.type === 'ListExhaustionRemoval');
  const warnings = [
    ...(p9 ? [m.absoluteMajorityExplained] : []),
    ...(p10 ? [m.listExhaustionExplained] : []),
    ...summary.warnings.map((w) => apportionmentWarningTexts[w][lang]),
  ];
  return (
    <Section id="verdeling" heading={m.howHeading} level={3}>
      <>
        <Paragraph
          text={format(m.quotaText, { quota: fractionText(summary.quota, lang), valid: count(valid, lang), seats: count(seats, lang) })}
        />
        <Paragraph text={format(m.fullSeatsText, { full: count(full, lang), residual: count(Math.max(0, seats - full), lang) })} />
        <Paragraph text={seats >= 19 ? m.residualLarge : m.residualSmall} />
        {steps.length === 0 ? (
          <Paragraph text={m.noResidualSteps} />
        ) : (
          <ol class="utrecht-ordered-list loket-steps-list" aria-label={m.stepsCaption}>
            {steps.map((s) => (
              <li class="utrecht-ordered-list__item" safe>
                {s}
              </li>
            ))}
          </ol>
        )}
        {warnings.length > 0 ? (
          <Section id="bijzonderheden" heading={m.warningsHeading} level={4}>
            <InfoBox texts={warnings} warning />
          </Section>
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

function ElectedSection({ lang, result, rows }: { lang: Lang; result: ResultView; rows: readonly ListRow[] }): JSX.Element {
  const m = democracyMessages(lang);
  const a = result.apportionment;
  const threshold = a !== null && 'preference_threshold' in a ? a.preference_threshold : null;
  return (
    <Section id="gekozen" heading={m.electedHeading}>
      <>
        <Paragraph text={m.electedIntro} />
        {threshold ? (
          <Paragraph
            text={format(m.preferenceThreshold, {
              percentage: count(threshold.percentage, lang),
              votes: fractionText(threshold.votes, lang),
            })}
          />
        ) : (
          ''
        )}
        {rows
          .filter((r) => r.seats > 0)
          .map((r) => {
            const elected = result.elected.filter((e) => e.listNumber === r.list.number);
            return (
              <Section id={`gekozen-lijst-${r.list.number}`} heading={listLabel(r.list, lang)} level={3}>
                {elected.length === 0 ? (
                  <Paragraph text={m.electedNone} />
                ) : (
                  <Table
                    id={`gekozen-tabel-${r.list.number}`}
                    caption={format(m.electedCaption, { list: listLabel(r.list, lang) })}
                    hiddenCaption
                    head={[m.colCandidate, m.colPosition, m.colVotes, m.colHow]}
                  >
                    {elected.map((e) => (
                      <tr class="utrecht-table__row">
                        <RowHeader text={e.name} />
                        <Cell numeric text={count(e.position, lang)} />
                        <Cell numeric text={count(e.votes, lang)} />
                        <Cell text={e.how === 'preference' ? m.howPreference : m.howListOrder} />
                      </tr>
                    ))}
                  </Table>
                )}
              </Section>
            );
          })}
      </>
    </Section>
  );
}

function TurnoutSection({ lang, result }: { lang: Lang; result: ResultView }): JSX.Element {
  const m = democracyMessages(lang);
  const t = result.turnout;
  const v = result.totals.votes;
  return (
    <Section id="opkomst" heading={m.turnoutHeading}>
      <>
        <Paragraph
          text={
            t.eligible !== null && t.percent !== null
              ? format(m.turnoutText, {
                  voted: count(t.voted, lang),
                  eligible: count(t.eligible, lang),
                  percent: decimal(t.percent, lang, 1),
                })
              : format(m.turnoutUnknown, { voted: count(t.voted, lang) })
          }
        />
        <Paragraph
          text={format(m.votesText, { valid: count(v.totalValid, lang), blank: count(v.blank, lang), invalid: count(v.invalid, lang) })}
        />
      </>
    </Section>
  );
}

function MunicipalitiesSection({ lang, result }: { lang: Lang; result: ResultView }): JSX.Element {
  const m = democracyMessages(lang);
  if (result.perMunicipality.length === 0) return '';
  return (
    <Section id="per-gemeente" heading={m.municipalitiesHeading}>
      <Table
        id="gemeenten-tabel"
        caption={m.municipalitiesCaption}
        hiddenCaption
        head={[m.colMunicipality, m.colStations, m.colVoters, m.colCast, m.colValid, m.colBlank, m.colInvalid]}
      >
        {result.perMunicipality.map((p) => (
          <tr class="utrecht-table__row">
            <RowHeader text={p.name} />
            <Cell numeric text={count(p.totals.stations, lang)} />
            <Cell numeric text={count(p.totals.voters.total, lang)} />
            <Cell numeric text={count(p.totals.votes.total, lang)} />
            <Cell numeric text={count(p.totals.votes.totalValid, lang)} />
            <Cell numeric text={count(p.totals.votes.blank, lang)} />
            <Cell numeric text={count(p.totals.votes.invalid, lang)} />
          </tr>
        ))}
      </Table>
    </Section>
  );
}

function DownloadsSection({ lang, result }: { lang: Lang; result: ResultView }): JSX.Element {
  const m = democracyMessages(lang);
  const id = result.election.id;
  return (
    <Section id="bestanden" heading={m.downloadsHeading}>
      <>
        <Paragraph text={m.downloadsIntro} />
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={democracyPaths.eml(id, '510')} download={`eml-510-${id}.xml`} type="application/xml" safe>
              {m.download510}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={democracyPaths.eml(id, '520')} download={`eml-520-${id}.xml`} type="application/xml" safe>
              {m.download520}
            </a>
          </li>
        </ul>
        {result.earlierVersions.length > 0 ? (
          <Paragraph
            text={format(m.earlierVersions, {
              versions: result.earlierVersions.map((v) => `${v.version} (${formatDateTime(v.finalisedAt, lang)})`).join(', '),
            })}
          />
        ) : (
          ''
        )}
      </>
    </Section>
  );
}

/** The outcome of a referendum's vote: chart, table, and whether it counts, in words. */
export function OutcomeSection({
  lang,
  outcome,
  rules,
  headingId = 'uitslag',
}: {
  lang: Lang;
  outcome: ReferendumOutcome;
  rules: ReferendumRules | null;
  headingId?: string;
}): JSX.Element {
  const m = democracyMessages(lang);
  const percent = (p: number): string => decimal(p, lang, 1);
  const winner = outcome.perOption.find((o) => o.number === outcome.winner);
  const threshold = rules?.turnoutThresholdPercent ?? null;
  const minimum = rules?.minimumVotesForOutcome ?? null;
  const turnout =
    outcome.turnoutPercent === null
      ? m.outcomeTurnoutUnknown
      : threshold === null
        ? format(m.outcomeTurnout, { percent: percent(outcome.turnoutPercent) })
        : format(
            outcome.turnoutThresholdMet === false
              ? m.outcomeTurnoutBelow
              : outcome.turnoutPercent === threshold
                ? m.outcomeTurnoutEqual
                : m.outcomeTurnoutAbove,
            { percent: percent(outcome.turnoutPercent), threshold: decimal(threshold, lang, threshold % 1 === 0 ? 0 : 1) },
          );
  // Who won; then in one paragraph whether it counts, as the rules say (turnout, minimum votes).
  const counts = [
    turnout,
    ...(minimum !== null && outcome.minimumVotesMet !== null
      ? [format(outcome.minimumVotesMet ? m.outcomeMinimumMet : m.outcomeMinimumNotMet, { votes: count(minimum, lang) })]
      : []),
    outcome.decisive ? m.outcomeCounts : m.outcomeNotCounts,
  ].join(' ');
  const sentences = [winner ? format(m.outcomeWinner, { name: winner.name }) : m.outcomeTie, counts];
  return (
    <Section id={headingId} heading={m.outcomeHeading}>
      <>
        <div class={`utrecht-alert ${outcome.decisive ? 'utrecht-alert--ok' : 'utrecht-alert--warning'} loket-notice`}>
          <div class="utrecht-alert__content">
            {sentences.map((s) => (
              <Paragraph text={s} />
            ))}
          </div>
        </div>
        <BarChart
          id={`${headingId}-grafiek`}
          title={m.outcomeChartTitle}
          description={outcome.perOption
            .map((o) => format(m.outcomeChartOption, { name: o.name, votes: count(o.votes, lang), percent: percent(o.percentOfValid) }))
            .join('; ')}
          bars={outcome.perOption.map((o) => ({
            label: o.name,
            value: o.votes,
            shown: `${count(o.votes, lang)} (${percent(o.percentOfValid)}${lang === 'nl' ? ' %' : '%'})`,
          }))}
        />
        <Table id={`${headingId}-tabel`} caption={m.outcomeCaption} head={[m.colOption, m.colVotes, m.colPercent]}>
          <>
            {outcome.perOption.map((o) => (
              <tr class="utrecht-table__row">
                <RowHeader text={o.name} />
                <Cell numeric text={count(o.votes, lang)} />
                <Cell numeric text={percent(o.percentOfValid)} />
              </tr>
            ))}
          </>
        </Table>
        <Paragraph
          text={format(m.outcomeVotes, {
            voted: count(outcome.voted, lang),
            valid: count(outcome.valid, lang),
            blank: count(outcome.blank, lang),
            invalid: count(outcome.invalid, lang),
          })}
        />
      </>
    </Section>
  );
}

function ResultSections({ lang, election, result }: { lang: Lang; election: ElectionDefinition; result: ResultView }): JSX.Element {
  const m = democracyMessages(lang);
  const summary = seatSummaryOf(result.apportionment);
  const rows = summary ? listRows(election, result.totals, summary) : [];
  const chartLists: SeatChartList[] = rows.map((r) => ({ number: r.list.number, name: r.list.name, seats: r.seats }));
  const finalised =
    result.finalisedAt === null
      ? ''
      : result.version !== null && result.version > 1
        ? format(m.finalisedVersion, { date: formatDateTime(result.finalisedAt, lang), version: result.version })
        : format(m.finalisedOn, { date: formatDateTime(result.finalisedAt, lang) });
  return (
    <>
      {election.kind === 'election' ? (
        <Section id="uitslag" heading={m.resultHeading}>
          <>
            {finalised ? <Paragraph text={finalised} /> : ''}
            {summary && election.seats !== null ? (
              <>
                <Section id="zetelverdeling" heading={m.seatChartHeading} level={3}>
                  <>
                    <SeatChart
                      id="zetelgrafiek"
                      lang={lang}
                      title={format(m.seatChartTitle, { name: election.name })}
                      lists={chartLists}
                      seats={election.seats}
                    />
                    <SeatTable lang={lang} rows={rows} valid={result.totals.votes.totalValid} />
                  </>
                </Section>
                <HowSection lang={lang} election={election} summary={summary} valid={result.totals.votes.totalValid} rows={rows} />
              </>
            ) : (
              ''
            )}
          </>
        </Section>
      ) : result.referendum ? (
        <>
          {finalised ? <Paragraph text={finalised} /> : ''}
          <OutcomeSection lang={lang} outcome={result.referendum} rules={null} />
        </>
      ) : (
        ''
      )}
      {election.kind === 'election' && summary ? <ElectedSection lang={lang} result={result} rows={rows} /> : ''}
      <TurnoutSection lang={lang} result={result} />
      <MunicipalitiesSection lang={lang} result={result} />
      <DownloadsSection lang={lang} result={result} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// /democratie/verkiezingen/{id}: lists, candidates, counting

function ListsSection({ lang, election, result }: { lang: Lang; election: ElectionDefinition; result: ResultView | null }): JSX.Element {
  const m = democracyMessages(lang);
  const lists = [...election.lists].sort((a, b) => a.number - b.number);
  if (election.kind === 'referendum') {
    return (
      <Section id="keuzes" heading={m.optionsHeading}>
        <ul class="utrecht-unordered-list">
          {lists.map((l) => (
            <li class="utrecht-unordered-list__item" safe>
              {l.name}
            </li>
          ))}
        </ul>
      </Section>
    );
  }
  return (
    <Section id="lijsten" heading={m.listsHeading}>
      {lists.length === 0 ? (
        <Paragraph text={m.listsNone} />
      ) : (
        <>
          {lists.map((l) => {
            const votes = result?.totals.votes.lists.find((v) => v.number === l.number);
            const n = l.candidates.length;
            const head = votes
              ? [m.colPosition, m.colCandidate, m.colLocality, m.colVotes]
              : [m.colPosition, m.colCandidate, m.colLocality];
            return (
              <details class="loket-details" id={`lijst-${l.number}`}>
                <summary safe>
                  {format(m.listSummary, {
                    number: l.number,
                    name: l.name,
                    count: n === 1 ? m.candidateCount : format(m.candidatesCount, { n: count(n, lang) }),
                  })}
                </summary>
                <Table id={`kandidaten-${l.number}`} caption={format(m.candidatesCaption, { number: l.number })} hiddenCaption head={head}>
                  {[...l.candidates]
                    .sort((a, b) => a.position - b.position)
                    .map((c, i) => (
                      <tr class="utrecht-table__row">
                        <Cell numeric text={count(c.position, lang)} />
                        <RowHeader text={c.deceased ? `${candidateName(c)} (${m.deceased})` : candidateName(c)} />
                        <Cell text={c.locality ?? ''} />
                        {votes ? <Cell numeric text={count(votes.candidates[i] ?? 0, lang)} /> : ''}
                      </tr>
                    ))}
                </Table>
              </details>
            );
          })}
        </>
      )}
    </Section>
  );
}

async function electionPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = democracyMessages(lang);
  const principal = principalOf(request);
  const found = await getElection(ctx, idOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  const election = found.value;
  if (election.status === 'draft' && !isElectionOfficialOf(principal, election.organisationCode))
    throw new ProblemError(httpFailures.notFound());
  let result: ResultView | null = null;
  if (election.status !== 'draft') {
    const r = await getFinalResult(ctx, election.id);
    if (r.ok) result = r.value;
    else if (r.failure.status !== 404 && r.failure.status !== 409) throw new ProblemError(r.failure);
  }
  const organisation = (await getOrganisation(ctx, election.organisationCode))?.name ?? election.organisationCode;
  const rows: [string, string][] = [
    ...(election.body ? ([[m.body, bodyLabels[election.body][lang]]] as [string, string][]) : []),
    [election.kind === 'referendum' ? m.voteDate : m.date, formatDate(election.date, lang)],
    ...(election.seats !== null ? ([[m.seats, count(election.seats, lang)]] as [string, string][]) : []),
    [m.organisation, organisation],
    [m.status, recounting(election, result) ? recountStatusLabel[lang] : electionStatusLabels[election.status][lang]],
  ];
  // The counting in words while there is no declared result.
  const countingText = election.status === 'draft' ? m.countingDraft : m.countingBusy;
  return reply.page({
    title: election.name,
    body: (
      <>
        <LinkParagraph href={democracyPaths.overview} text={m.backToOverview} />
        <PageTitle text={election.name} />
        {recounting(election, result) ? <InfoBox texts={[m.recountNotice]} warning /> : ''}
        <Section id="gegevens" heading={m.detailsHeading}>
          <DataList rows={rows} />
        </Section>
        {result ? (
          <ResultSections lang={lang} election={election} result={result} />
        ) : (
          <Section id="tellen" heading={m.countingHeading}>
            <Paragraph text={countingText} />
          </Section>
        )}
        <ListsSection lang={lang} election={election} result={result} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerDemocracyPages(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(democracyPaths.overview, { config: { access: 'public' } }, (request, reply) => overviewPage(ctx, request, reply));
  app.get('/democratie/verkiezingen/:id', { config: { access: 'public' } }, (request, reply) => electionPage(ctx, request, reply));
}
