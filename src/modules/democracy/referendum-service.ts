// democracy: use cases of referendums: create one (with its ballot), support or withdraw support
// for its request (once per person per phase; only counts are public), and decide each request
// phase at its deadline by the ordinance's rules. Counting the votes is the ballot's election
// (service.ts); its finalisation also finalises the referendum.
//
// Decisions written down here:
// - Supporting twice in the same phase is idempotent: the answer is the view (200), no second row
//   and no second audit record. Supporting after a withdrawal makes the same row active again
//   (audited). Withdrawing when not supporting is idempotent too (nothing written).
// - Only the job (closeDuePhases) decides a phase; until it has run, a phase whose last day is over
//   refuses support (409 democracy.phase_over) but is shown as still requesting.
// - The rules are snapshotted into the referendum when it is created; they must be in force on the
//   first day of the request (the Wrr only for a request between 2015-07-01 and its repeal).
// - The outcome shown is the one of the ballot's latest finalised result version (also while a
//   recount is in progress, as for elections).
import { z } from 'zod';
import { actorOf, type Principal } from '../../platform/auth/index.ts';
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import {
  fail,
  httpFailures,
  inUseCase,
  invalidInputFailure,
  ok,
  type Failure,
  type InvalidParam,
  type Result,
} from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { addDays, isIsoDate, isLeapYear, type IsoDate } from '../../platform/time/index.ts';
import { findPerson, organisationNames, type Person } from '../registry/index.ts';
import type { ElectionList, Referendum, ReferendumRules } from './model.ts';
import { phaseEndsOn, phaseIsOver, phasePassed, type ReferendumOutcome } from './referendum.ts';
import * as store from './referendum-store.ts';
import { findReferendumRules, rulesInForce } from './reference.ts';
import type { Origin } from './service.ts';

export interface ReferendumSummary {
  id: string;
  organisationCode: string;
  organisationName: string;
  title: string;
  status: Referendum['status'];
  phaseEndsOn: string | null;
  voteDate: string | null;
  /** The ballot (an election of kind referendum). */
  electionId: string;
}

export interface ReferendumView extends Referendum {
  organisationName: string;
  options: ElectionList[];
  /** The current phase while requesting (or the phase that failed), with its public count. */
  phase: { index: number; key: string; label: { nl: string; en: string }; threshold: number; endsOn: string; supporters: number } | null;
  /** Past phases and their final counts. */
  pastPhases: { key: string; label: { nl: string; en: string }; threshold: number; supporters: number; passed: boolean }[];
  /** For a logged-in person: whether they support the current phase; null otherwise. */
  mySupport: boolean | null;
  /** May the principal support now (person entitled to vote in it, requesting, before the deadline)? */
  maySupport: boolean;
  /**
   * For a logged-in person who is not entitled to support this request (not registered in its area,
   * younger than 18, or Loket cannot check the area): why, to show instead of the button; null otherwise.
   */
  notEntitled: { nl: string; en: string } | null;
  outcome: ReferendumOutcome | null;
}

// ─── failures ────────────────────────────────────────────────────────────────────────────────────

type Texts = { title: { nl: string; en: string }; detail: { nl: string; en: string } };

/** The texts of every referendum failure, Dutch and English, by code (the Failure itself carries the Dutch). */
export const referendumFailureTexts = {
  'democracy.referendum_not_found': {
    title: { nl: 'Niet gevonden', en: 'Not found' },
    detail: { nl: 'Dit referendum bestaat niet.', en: 'This referendum does not exist.' },
  },
  'democracy.persons_only': {
    title: { nl: 'Alleen voor inwoners', en: 'Residents only' },
    detail: {
      nl: 'Alleen een inwoner die met DigiD is ingelogd kan een verzoek om een referendum steunen.',
      en: 'Only a resident logged in with DigiD can support a request for a referendum.',
    },
  },
  'democracy.acting_for_someone': {
    title: { nl: 'Alleen voor uzelf', en: 'Only for yourself' },
    detail: {
      nl: 'U handelt nu namens iemand anders. Een referendum steunt u alleen voor uzelf. Stop eerst met handelen namens de ander.',
      en: 'You are acting for someone else. You can only support a referendum for yourself. Stop acting for the other person first.',
    },
  },
  'democracy.not_coordinator': {
    title: { nl: 'Geen toegang', en: 'No access' },
    detail: {
      nl: 'Alleen een verkiezingscoördinator van deze organisatie kan hier een referendum voor maken.',
      en: 'Only an election coordinator of this organisation can create a referendum for it.',
    },
  },
  'democracy.not_requesting': {
    title: { nl: 'Steunen kan niet meer', en: 'Support is closed' },
    detail: {
      nl: 'Voor dit referendum worden geen handtekeningen (meer) verzameld.',
      en: 'Supporters are not (or no longer) being gathered for this referendum.',
    },
  },
  'democracy.phase_not_started': {
    title: { nl: 'Nog niet begonnen', en: 'Not started yet' },
    detail: { nl: 'Het verzamelen van steun is nog niet begonnen.', en: 'Gathering support has not started yet.' },
  },
  'democracy.phase_over': {
    title: { nl: 'Termijn voorbij', en: 'Period over' },
    detail: {
      nl: 'De termijn om dit verzoek te steunen of uw steun in te trekken is voorbij.',
      en: 'The period to support this request or withdraw your support is over.',
    },
  },
  'democracy.unknown_rules': {
    title: { nl: 'Onbekende regels', en: 'Unknown rules' },
    detail: { nl: 'Deze referendumregels bestaan niet.', en: 'These referendum rules do not exist.' },
  },
  'democracy.rules_not_in_force': {
    title: { nl: 'Regels gelden niet', en: 'Rules not in force' },
    detail: {
      nl: 'Deze referendumregels gelden niet op de startdatum (bijvoorbeeld: de wet is ingetrokken).',
      en: 'These referendum rules do not apply on the start date (for example: the law was repealed).',
    },
  },
  'democracy.not_entitled_to_support': {
    title: { nl: 'U kunt dit verzoek niet steunen', en: 'You cannot support this request' },
    detail: {
      nl: 'U staat niet ingeschreven in het gebied van dit referendum of bent jonger dan 18 jaar.',
      en: 'You are not registered in the area of this referendum or you are younger than 18.',
    },
  },
  'democracy.electorate_unknown': {
    title: { nl: 'Steunen kan nog niet', en: 'Support is not possible yet' },
    detail: {
      nl: 'Loket kan voor dit referendum nog niet nagaan wie het verzoek mag steunen. Steunen kan daarom nog niet.',
      en: 'Loket cannot yet check who may support the request for this referendum. Support is therefore not possible yet.',
    },
  },
  'democracy.vote_date_closed': {
    title: { nl: 'Kan nu niet', en: 'Not possible now' },
    detail: {
      nl: 'De datum van de stemming kan alleen worden vastgelegd als het referendum is gepland en het tellen nog niet is begonnen.',
      en: 'The vote date can only be set while the referendum is scheduled and counting has not started.',
    },
  },
} as const satisfies Record<string, Texts>;

export type ReferendumFailureCode = keyof typeof referendumFailureTexts;

const failure = (code: ReferendumFailureCode, status: number): Failure => ({
  code,
  status,
  title: referendumFailureTexts[code].title.nl,
  detail: referendumFailureTexts[code].detail.nl,
});

export const referendumFailures = {
  notFound: (): Failure => failure('democracy.referendum_not_found', 404),
  personsOnly: (): Failure => failure('democracy.persons_only', 403),
  actingForSomeone: (): Failure => failure('democracy.acting_for_someone', 403),
  notCoordinator: (): Failure => failure('democracy.not_coordinator', 403),
  notRequesting: (): Failure => failure('democracy.not_requesting', 409),
  phaseNotStarted: (): Failure => failure('democracy.phase_not_started', 409),
  phaseOver: (): Failure => failure('democracy.phase_over', 409),
  voteDateClosed: (): Failure => failure('democracy.vote_date_closed', 409),
  /** `area`: the name of the municipality or province, or "Nederland"; the text says no more than that. */
  notEntitled: (area: string): Failure => ({ ...failure('democracy.not_entitled_to_support', 403), detail: notEntitledText(area).nl }),
  electorateUnknown: (): Failure => failure('democracy.electorate_unknown', 409),
  unknownRules: (): Failure => ({
    ...failure('democracy.unknown_rules', 400),
    invalidParams: [
      { name: 'rulesKey', code: 'democracy.unknown_rules', reason: referendumFailureTexts['democracy.unknown_rules'].detail.nl },
    ],
  }),
  rulesNotInForce: (): Failure => ({
    ...failure('democracy.rules_not_in_force', 422),
    invalidParams: [
      { name: 'rulesKey', code: 'democracy.rules_not_in_force', reason: referendumFailureTexts['democracy.rules_not_in_force'].detail.nl },
    ],
  }),
};

// ─── who ─────────────────────────────────────────────────────────────────────────────────────────

/** Is the principal an election coordinator (of this organisation, when given)? For pages: show the "new referendum" link. */
export function isReferendumCoordinator(principal: Principal, organisationCode?: string): boolean {
  return (
    principal.kind === 'official' &&
    principal.roles.includes('election_coordinator') &&
    (organisationCode === undefined || principal.organisationCode === organisationCode)
  );
}

/** The BSN of a person acting for themselves, or the failure why this principal cannot support. */
function supporterOf(principal: Principal): Result<string> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  if (principal.kind !== 'person') return fail(referendumFailures.personsOnly());
  if (principal.actingFor) return fail(referendumFailures.actingForSomeone());
  return ok(principal.bsn);
}

// ─── who may support a request ───────────────────────────────────────────────────────────────────

/** The refusal text for a person not entitled to support, naming only the area (never what the registry holds). */
export function notEntitledText(area: string): { nl: string; en: string } {
  return {
    nl: `U staat niet ingeschreven in ${area} of bent jonger dan 18 jaar.`,
    en: `You are not registered in ${area === 'Nederland' ? 'the Netherlands' : area} or you are younger than 18.`,
  };
}

/** Who may vote in (and so support a request for) a referendum of an organisation, by its code. */
export type Electorate =
  { scope: 'municipality'; code: string } | { scope: 'province'; code: string } | { scope: 'national' } | { scope: 'unknown' };

/**
 * The electorate of a referendum by its organisation's code: a municipality (GMxxxx) its
 * residents, a province (PVxx) the residents of its municipalities, a ministry (MIN-…) every
 * resident of the Netherlands. Other organisations (water boards, agencies) hold no referendums.
 */
export function electorateOf(organisationCode: string): Electorate {
  if (/^GM\d{4}$/.test(organisationCode)) return { scope: 'municipality', code: organisationCode };
  if (/^PV\d{2}$/.test(organisationCode)) return { scope: 'province', code: organisationCode };
  if (organisationCode.startsWith('MIN-')) return { scope: 'national' };
  return { scope: 'unknown' };
}

export const votingAge = 18;

/**
 * Is someone born on `birthDate` 18 or older on `day`? The 18th birthday of someone born on
 * 29 February is 1 March in a common year (the registry's rule for coming of age, ⚠️ Dutch practice).
 */
export function ofVotingAge(birthDate: string, day: string): boolean {
  const year = Number(birthDate.slice(0, 4)) + votingAge;
  const monthDay = birthDate.slice(5);
  const birthday = `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !isLeapYear(year) ? '03-01' : monthDay}`;
  return birthday <= day;
}

export type Entitlement = 'entitled' | 'not_entitled' | 'unverifiable';

/**
 * May this person (as the registry knows them; undefined when unknown) support a request of this
 * electorate on `day`: alive, 18 or older, with an address in the area. Nationality is not in the
 * registry, so it is not checked (a known gap). A province's municipalities are not in the
 * registry either: a provincial request cannot be checked (unverifiable), nor an unknown electorate.
 */
export function entitlement(
  electorate: Electorate,
  person: Pick<Person, 'birthDate' | 'deathDate' | 'address'> | undefined,
  day: string,
): Entitlement {
  if (electorate.scope === 'province' || electorate.scope === 'unknown') return 'unverifiable';
  if (!person || person.address === null) return 'not_entitled';
  if (person.deathDate !== null && person.deathDate <= day) return 'not_entitled';
  if (!ofVotingAge(person.birthDate, day)) return 'not_entitled';
  if (electorate.scope === 'municipality' && person.address.municipalityCode !== electorate.code) return 'not_entitled';
  return 'entitled';
}

/** Why this person may not support requests of this referendum today (null: they may), with the text for the page. Reads the registry's public index. */
async function supportRefusal(
  ctx: ModuleContext,
  bsn: string,
  r: Referendum,
): Promise<{ failure: Failure; text: { nl: string; en: string } } | null> {
  const electorate = electorateOf(r.organisationCode);
  const found = entitlement(electorate, await findPerson(ctx, bsn), ctx.clock.today());
  if (found === 'entitled') return null;
  if (found === 'unverifiable')
    return { failure: referendumFailures.electorateUnknown(), text: referendumFailureTexts['democracy.electorate_unknown'].detail };
  const area =
    electorate.scope === 'municipality'
      ? ((await organisationNames(ctx, [r.organisationCode])).get(r.organisationCode) ?? r.organisationCode)
      : 'Nederland';
  return { failure: referendumFailures.notEntitled(area), text: notEntitledText(area) };
}

/** Why support cannot be given or withdrawn now (null: it can). */
function supportClosed(r: Referendum, now: Date, today: string): Failure | null {
  if (r.status !== 'requesting' || r.phaseEndsOn === null || r.phaseStartedOn === null) return referendumFailures.notRequesting();
  if (today < r.phaseStartedOn) return referendumFailures.phaseNotStarted();
  if (phaseIsOver(r.phaseEndsOn, now)) return referendumFailures.phaseOver();
  return null;
}

// ─── reads ───────────────────────────────────────────────────────────────────────────────────────

async function nameOf(ctx: ModuleContext, codes: readonly string[]): Promise<Map<string, string>> {
  return organisationNames(ctx, codes);
}

export async function listReferendums(ctx: ModuleContext): Promise<ReferendumSummary[]> {
  const all = await store.listReferendumRows(ctx.database.db);
  const names = await nameOf(
    ctx,
    all.map((r) => r.organisationCode),
  );
  return all.map((r) => ({
    id: r.id,
    organisationCode: r.organisationCode,
    organisationName: names.get(r.organisationCode) ?? r.organisationCode,
    title: r.title,
    status: r.status,
    phaseEndsOn: r.status === 'requesting' ? r.phaseEndsOn : null,
    voteDate: r.voteDate,
    electionId: r.electionId,
  }));
}

async function buildView(ctx: ModuleContext, db: Db, principal: Principal, r: Referendum): Promise<ReferendumView> {
  const [options, counts, result, names] = await Promise.all([
    store.ballotOptions(db, r.electionId),
    store.countSupportersPerPhase(db, r.id),
    store.latestReferendumResult(db, r.electionId),
    nameOf(ctx, [r.organisationCode]),
  ]);
  const phases = r.rules.requestPhases;
  const inRequest = r.status === 'requesting' || r.status === 'request_failed';
  const current = inRequest ? phases[r.phaseIndex] : undefined;
  const phase =
    current && r.phaseEndsOn !== null
      ? {
          index: r.phaseIndex,
          key: current.key,
          label: current.label,
          threshold: current.threshold,
          endsOn: r.phaseEndsOn,
          supporters: counts.get(r.phaseIndex) ?? 0,
        }
      : null;
  const pastCount = inRequest ? Math.min(r.phaseIndex, phases.length) : phases.length;
  const pastPhases = phases.slice(0, pastCount).map((p, i) => ({
    key: p.key,
    label: p.label,
    threshold: p.threshold,
    supporters: counts.get(i) ?? 0,
    passed: true,
  }));
  const bsn = principal.kind === 'person' && !principal.actingFor ? principal.bsn : null;
  const mySupport = bsn !== null && phase !== null ? await store.isSupporting(db, r.id, r.phaseIndex, bsn) : null;
  const refusal = bsn !== null ? await supportRefusal(ctx, bsn, r) : null;
  const maySupport = bsn !== null && refusal === null && supportClosed(r, ctx.clock.now(), ctx.clock.today()) === null;
  return {
    ...r,
    organisationName: names.get(r.organisationCode) ?? r.organisationCode,
    options,
    phase,
    pastPhases,
    mySupport,
    maySupport,
    notEntitled: refusal === null ? null : refusal.text,
    outcome: (result as ReferendumOutcome | null) ?? null,
  };
}

/** A referendum as anyone may see it: counts of supporters, never who. */
export async function getReferendum(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<ReferendumView>> {
  const r = await store.findReferendum(ctx.database.db, id);
  if (!r) return fail(referendumFailures.notFound());
  return ok(await buildView(ctx, ctx.database.db, principal, r));
}

// ─── create ──────────────────────────────────────────────────────────────────────────────────────

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
const isoDate = z.string().refine((v) => isIsoDate(v), 'not a date');
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  });

const createSchema = z.strictObject({
  organisationCode: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/),
  title: trimmed(1, 200),
  question: trimmed(1, 1000),
  options: z
    .array(trimmed(1, 200))
    .min(2)
    .max(10)
    .refine((os) => new Set(os.map((o) => o.toLowerCase())).size === os.length),
  policy: z.strictObject({
    title: trimmed(1, 300),
    url: httpUrl.nullable().optional(),
    goalId: trimmed(1, 100).nullable().optional(),
  }),
  rulesKey: z.string().min(1).max(100),
  startOn: isoDate.optional(),
  voteDate: isoDate.nullable().optional(),
});

export type CreateReferendumInput = z.input<typeof createSchema>;

/** The reason per field, in plain Dutch. */
const fieldReasons: Record<string, string> = {
  organisationCode: 'Kies de organisatie (bijvoorbeeld GM0014).',
  title: 'Vul een titel in van hoogstens 200 tekens.',
  question: 'Vul de vraag in van hoogstens 1000 tekens.',
  options: 'Geef 2 tot 10 verschillende antwoorden, elk hoogstens 200 tekens.',
  policy: 'Vul de titel van het beleid in (hoogstens 300 tekens).',
  'policy.title': 'Vul de titel van het beleid in (hoogstens 300 tekens).',
  'policy.url': 'Vul een webadres in dat begint met https:// of http://.',
  'policy.goalId': 'Het beleidsdoel is te lang (hoogstens 100 tekens).',
  rulesKey: 'Kies de referendumregels.',
  startOn: 'Vul een datum in als JJJJ-MM-DD.',
  voteDate: 'Vul een datum in als JJJJ-MM-DD.',
};

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/\./g, '_');

function toInvalidParams(error: z.ZodError): InvalidParam[] {
  const seen = new Set<string>();
  const params: InvalidParam[] = [];
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    for (const key of keys) {
      const path = [...issue.path.map(String), ...(key === null ? [] : [key])];
      const top = path[0] ?? 'body';
      const name = path.length > 1 && (top === 'policy' || key !== null) ? path.slice(0, 2).join('.') : top;
      if (seen.has(name)) continue;
      seen.add(name);
      params.push(
        key !== null
          ? { name, code: 'democracy.unknown_field', reason: 'Dit veld bestaat niet.' }
          : path.length === 0
            ? { name, code: 'democracy.invalid_input', reason: 'Stuur de gegevens van het referendum als object.' }
            : { name, code: `democracy.invalid_${snake(name)}`, reason: fieldReasons[name] ?? 'Dit veld is niet goed ingevuld.' },
      );
    }
  }
  return params;
}

/** Creates a referendum and its ballot (an election of kind referendum, draft, one list per option); coordinator of the organisation only. */
export async function createReferendum(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: Origin,
): Promise<Result<ReferendumView>> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  if (!isReferendumCoordinator(principal)) return fail(referendumFailures.notCoordinator());
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) return fail(invalidInputFailure('democracy', toInvalidParams(parsed.error)));
  const v = parsed.data;
  if (!isReferendumCoordinator(principal, v.organisationCode)) return fail(referendumFailures.notCoordinator());
  const today = ctx.clock.today();
  const startOn = v.startOn ?? today;
  const voteDate = v.voteDate ?? null;
  const dateIssues: InvalidParam[] = [];
  if (startOn < today) dateIssues.push({ name: 'startOn', code: 'democracy.start_in_past', reason: 'De startdatum ligt in het verleden.' });
  if (voteDate !== null && voteDate < startOn)
    dateIssues.push({ name: 'voteDate', code: 'democracy.vote_before_start', reason: 'De datum van de stemming ligt vóór de start.' });
  if (dateIssues.length > 0) return fail(invalidInputFailure('democracy', dateIssues));
  const rules = findReferendumRules(v.rulesKey);
  if (!rules) return fail(referendumFailures.unknownRules());
  if (!rulesInForce(rules.key, startOn)) return fail(referendumFailures.rulesNotInForce());

  const first = rules.requestPhases[0];
  const now = ctx.clock.now();
  const referendum: Referendum = {
    id: newId(),
    organisationCode: v.organisationCode,
    title: v.title,
    question: v.question,
    policy: { title: v.policy.title, url: v.policy.url ?? null, goalId: v.policy.goalId ?? null },
    rules,
    status: first ? 'requesting' : 'scheduled',
    phaseIndex: 0,
    phaseStartedOn: first ? startOn : null,
    phaseEndsOn: first ? phaseEndsOn(startOn, first.days) : null,
    voteDate,
    electionId: newId(),
    createdAt: now.toISOString(),
  };
  const done = await inUseCase(ctx.database, async (trx) => {
    // The ballot's date is the vote date; until that is known, the first day of the request (a placeholder).
    await store.insertBallot(trx, {
      id: referendum.electionId,
      organisationCode: referendum.organisationCode,
      name: referendum.title,
      date: voteDate ?? startOn,
      options: v.options,
      createdAt: referendum.createdAt,
    });
    await store.insertReferendum(trx, referendum);
    await recordAudit(trx, {
      actor: actorOf(principal),
      action: 'democracy.referendum_created',
      object: { type: 'referendum', id: referendum.id },
      requestId: origin.requestId,
      at: now,
      details: {
        electionId: referendum.electionId,
        rulesKey: rules.key,
        status: referendum.status,
        options: v.options.length,
        phaseEndsOn: referendum.phaseEndsOn,
      },
    });
    return ok(undefined);
  });
  if (!done.ok) return done;
  return ok(await buildView(ctx, ctx.database.db, principal, referendum));
}

// ─── vote date ───────────────────────────────────────────────────────────────────────────────────

const scheduleSchema = z.strictObject({ voteDate: isoDate });

export type ScheduleVoteInput = z.input<typeof scheduleSchema>;

/**
 * Sets the date of the vote of a scheduled referendum (its request has passed, or it needed none),
 * and the date of its ballot, in one transaction with an audit record. Election coordinator of the
 * referendum's organisation only; the date may be today but not in the past (Dutch date). Setting
 * it again before counting starts changes it (audited with the previous date).
 */
export async function scheduleVote(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  input: unknown,
  origin: Origin,
): Promise<Result<ReferendumView>> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  if (!isReferendumCoordinator(principal)) return fail(referendumFailures.notCoordinator());
  const parsed = scheduleSchema.safeParse(input);
  if (!parsed.success) return fail(invalidInputFailure('democracy', toInvalidParams(parsed.error)));
  const voteDate = parsed.data.voteDate;
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const done = await inUseCase(ctx.database, async (trx) => {
    const r = await store.findReferendum(trx, id);
    if (!r) return fail(referendumFailures.notFound());
    if (!isReferendumCoordinator(principal, r.organisationCode)) return fail(referendumFailures.notCoordinator());
    if (r.status !== 'scheduled') return fail(referendumFailures.voteDateClosed());
    if (voteDate < today)
      return fail(
        invalidInputFailure('democracy', [
          { name: 'voteDate', code: 'democracy.vote_date_in_past', reason: 'De datum van de stemming ligt in het verleden.' },
        ]),
      );
    if (!(await store.setVoteDate(trx, r.id, voteDate))) return fail(referendumFailures.voteDateClosed());
    await recordAudit(trx, {
      actor: actorOf(principal),
      action: 'democracy.referendum_vote_scheduled',
      object: { type: 'referendum', id: r.id },
      requestId: origin.requestId,
      at: now,
      details: { electionId: r.electionId, voteDate, previousVoteDate: r.voteDate },
    });
    return ok({ ...r, voteDate });
  });
  if (!done.ok) return done;
  return ok(await buildView(ctx, ctx.database.db, principal, done.value));
}

// ─── support ─────────────────────────────────────────────────────────────────────────────────────

async function changeSupport(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  origin: Origin,
  how: 'support' | 'withdraw',
): Promise<Result<ReferendumView>> {
  const who = supporterOf(principal);
  if (!who.ok) return who;
  const bsn = who.value;
  const now = ctx.clock.now();
  const at = now.toISOString();
  if (how === 'support') {
    // Entitlement is read from the registry before the transaction (its area never changes);
    // withdrawing needs none: someone who moved away may still take their support back.
    const before = await store.findReferendum(ctx.database.db, id);
    if (!before) return fail(referendumFailures.notFound());
    const closed = supportClosed(before, now, ctx.clock.today());
    if (closed) return fail(closed);
    const refused = await supportRefusal(ctx, bsn, before);
    if (refused) return fail(refused.failure);
  }
  const done = await inUseCase(ctx.database, async (trx) => {
    const r = await store.findReferendum(trx, id);
    if (!r) return fail(referendumFailures.notFound());
    const closed = supportClosed(r, now, ctx.clock.today());
    if (closed) return fail(closed);
    const phase = r.rules.requestPhases[r.phaseIndex];
    let audited: string | null = null;
    let renewed = false;
    if (how === 'support') {
      const change = await store.upsertSupport(trx, r.id, r.phaseIndex, bsn, at);
      if (change !== 'unchanged') audited = 'democracy.referendum_supported';
      renewed = change === 'renewed';
    } else if (await store.withdrawSupportRow(trx, r.id, r.phaseIndex, bsn, at)) {
      audited = 'democracy.referendum_support_withdrawn';
    }
    // Who supported is the accountability trail (audit), never shown on a page.
    if (audited !== null)
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: audited,
        object: { type: 'referendum', id: r.id },
        requestId: origin.requestId,
        at: now,
        details: { phaseIndex: r.phaseIndex, phaseKey: phase?.key ?? null, ...(how === 'support' ? { renewed } : {}) },
      });
    return ok(r);
  });
  if (!done.ok) return done;
  const fresh = (await store.findReferendum(ctx.database.db, id)) ?? done.value;
  return ok(await buildView(ctx, ctx.database.db, principal, fresh));
}

/** Supports the request's current phase (person for themselves only; idempotent). */
export async function supportReferendum(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  origin: Origin,
): Promise<Result<ReferendumView>> {
  return changeSupport(ctx, principal, id, origin, 'support');
}

/** Withdraws support for the current phase before its deadline (idempotent). */
export async function withdrawSupport(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  origin: Origin,
): Promise<Result<ReferendumView>> {
  return changeSupport(ctx, principal, id, origin, 'withdraw');
}

// ─── deciding request phases ─────────────────────────────────────────────────────────────────────

/** What the decision of a phase does to the referendum (pure). */
export function nextAfterPhase(r: Referendum, passed: boolean): store.PhaseState {
  const phases: ReferendumRules['requestPhases'] = r.rules.requestPhases;
  const keep = { phaseIndex: r.phaseIndex, phaseStartedOn: r.phaseStartedOn, phaseEndsOn: r.phaseEndsOn };
  if (!passed) return { status: 'request_failed', ...keep };
  const next = phases[r.phaseIndex + 1];
  if (!next || r.phaseEndsOn === null) return { status: 'scheduled', ...keep };
  // The next phase starts on the day after the deadline.
  const startedOn = addDays(r.phaseEndsOn as IsoDate, 1);
  return { status: 'requesting', phaseIndex: r.phaseIndex + 1, phaseStartedOn: startedOn, phaseEndsOn: phaseEndsOn(startedOn, next.days) };
}

/** Decides one due phase in its own transaction; false when it was not (or no longer) due. */
async function decidePhase(ctx: ModuleContext, id: string, now: Date): Promise<boolean> {
  const decided = await inUseCase(ctx.database, async (trx) => {
    const r = await store.findReferendum(trx, id);
    if (!r || r.status !== 'requesting' || r.phaseEndsOn === null || !phaseIsOver(r.phaseEndsOn, now)) return ok(false);
    const phase = r.rules.requestPhases[r.phaseIndex];
    const supporters = await store.countSupporters(trx, r.id, r.phaseIndex);
    const passed = phasePassed(r.rules, r.phaseIndex, supporters);
    const next = nextAfterPhase(r, passed);
    // Conditional on the phase still being open: a second process deciding the same phase changes nothing.
    if (!(await store.advanceRequest(trx, r.id, r.phaseIndex, next))) return ok(false);
    const details = {
      phaseIndex: r.phaseIndex,
      phaseKey: phase?.key ?? null,
      endsOn: r.phaseEndsOn,
      supporters,
      threshold: phase?.threshold ?? null,
      passed,
      status: next.status,
      nextPhaseEndsOn: next.status === 'requesting' ? next.phaseEndsOn : null,
    };
    await recordAudit(trx, {
      actor: systemActor,
      action: 'democracy.referendum_phase_decided',
      object: { type: 'referendum', id: r.id },
      at: now,
      details,
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'democracy.referendum_phase_decided',
        aggregate: { type: 'referendum', id: r.id },
        payload: { referendumId: r.id, organisationCode: r.organisationCode, electionId: r.electionId, ...details },
      },
      null,
      now,
    );
    return ok(true);
  });
  return decided.ok && decided.value;
}

/** The job: decides every request phase whose last day has passed. Returns how many were decided. */
export async function closeDuePhases(ctx: ModuleContext): Promise<number> {
  const now = ctx.clock.now();
  let decided = 0;
  // A phase decided late may open a next phase whose last day has passed too: decide until none is due.
  for (;;) {
    const due = await store.dueRequestingReferendums(ctx.database.db, ctx.clock.today());
    let progress = false;
    for (const r of due) {
      if (await decidePhase(ctx, r.id, now)) {
        decided += 1;
        progress = true;
      }
    }
    if (!progress) return decided;
  }
}
