// Citizens' voice on the catalog: feedback on a service (a rating and a text) and requests for a
// service that does not exist yet (wensen), which others can support. Pure: types, input checks,
// the request's state machine and the public summary.
//
// Choices (documented here, tested in model.test.ts and service.test.ts):
//   - One feedback per giver per service per calendar day (Europe/Amsterdam). A second on the same
//     day is REFUSED (`catalog.feedback_already_given_today`), not merged: an answer may already
//     refer to the first, and the day's count stays honest. Tomorrow the giver may add another.
//   - The giver is stored as a keyed hash (pseudonym) and a kind (person/business) only; officials
//     see rating, text and date, never a BSN or KVK number. The giver finds their own feedback by
//     computing the same hash.
//   - A feedback item gets one answer; a second is refused (`catalog.feedback_already_answered`).
//   - A request's status moves open → under_consideration → planned | declined | realised, and
//     planned → realised | declined. While under consideration or planned, the organisation may
//     answer again in the same status (a newer text replaces the older one). Declined and realised
//     are final. The requester's own support is counted once, at the request itself.

/** A problem with one input field (the same shape as the API's `invalidParams`). */
export interface FieldIssue {
  name: string;
  code: string;
  reason: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export const ratings = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof ratings)[number];

/** Text limits in characters (Unicode code points), after trimming. */
export const limits = {
  feedbackText: 2000,
  requestTitleMin: 3,
  requestTitleMax: 200,
  requestDescription: 4000,
  answerText: 4000,
} as const;

/** Who a requested service is for. */
export const audiences = ['citizen', 'business', 'both'] as const;
export type RequestAudience = (typeof audiences)[number];

export const giverKinds = ['person', 'business'] as const;
export type GiverKind = (typeof giverKinds)[number];

// ---------------------------------------------------------------------------------------------
// Feedback on a service

export interface FeedbackInput {
  rating: Rating;
  text: string | null;
}

export interface FeedbackAnswer {
  text: string;
  answeredAt: string;
}

/** One feedback item as the organisation and the giver see it (no identity of the giver). */
export interface FeedbackItem {
  id: string;
  organisationCode: string;
  serviceId: string;
  rating: Rating;
  text: string | null;
  /** The calendar date it was given (Europe/Amsterdam). */
  givenOn: string;
  giverKind: GiverKind;
  answer: FeedbackAnswer | null;
}

/** What the public sees of a service's feedback: counts only. */
export interface FeedbackSummary {
  count: number;
  /** Rounded to one decimal; null when there is no feedback. */
  averageRating: number | null;
  /** How many gave each rating. */
  ratingCounts: Record<Rating, number>;
  /** How many items the organisation answered. */
  answered: number;
  /** answered / count, rounded to two decimals; null when there is no feedback. */
  answeredShare: number | null;
}

/** The public summary from the number of items per rating and the number answered. */
export function summarize(perRating: ReadonlyMap<number, number>, answered: number): FeedbackSummary {
  const ratingCounts: Record<Rating, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let count = 0;
  let sum = 0;
  for (const r of ratings) {
    const n = perRating.get(r) ?? 0;
    ratingCounts[r] = n;
    count += n;
    sum += n * r;
  }
  return {
    count,
    averageRating: count === 0 ? null : Math.round((sum * 10) / count) / 10,
    ratingCounts,
    answered,
    answeredShare: count === 0 ? null : Math.round((answered * 100) / count) / 100,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests for a new service (wensen)

export const requestStatuses = ['open', 'under_consideration', 'planned', 'declined', 'realised'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** The state machine of a request: where an answer may take it from each status. */
export const requestTransitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  open: ['under_consideration'],
  under_consideration: ['under_consideration', 'planned', 'declined', 'realised'],
  planned: ['planned', 'realised', 'declined'],
  declined: [],
  realised: [],
};

export function isFinal(status: RequestStatus): boolean {
  return requestTransitions[status].length === 0;
}

export type TransitionDecision = { ok: true } | { ok: false; code: 'catalog.request_status_transition_invalid'; allowed: RequestStatus[] };

/** May an answer move a request from `from` to `to`? */
export function decideTransition(from: RequestStatus, to: RequestStatus): TransitionDecision {
  const allowed = requestTransitions[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, code: 'catalog.request_status_transition_invalid', allowed: [...allowed] };
}

export interface ServiceRequestInput {
  /** The organisation asked, or null for "any government". */
  organisationCode: string | null;
  title: string;
  description: string | null;
  audience: RequestAudience;
}

export interface ServiceRequestAnswerInput {
  status: RequestStatus;
  text: string;
}

export interface ServiceRequest {
  id: string;
  organisationCode: string | null;
  title: string;
  description: string | null;
  audience: RequestAudience;
  status: RequestStatus;
  supportCount: number;
  requesterKind: GiverKind;
  createdAt: string;
  answer: FeedbackAnswer | null;
}

export const requestSorts = ['newest', 'support'] as const;
export type RequestSort = (typeof requestSorts)[number];

// ---------------------------------------------------------------------------------------------
// Input checks: every field at once, a stable code per field

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Control characters other than tab and newline have no place in a text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/;
export const ORGANISATION_CODE = /^[A-Za-z0-9-]{2,20}$/;
/** A UUID as written (PostgreSQL refuses to compare a uuid column with other text). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Length in characters as people count them (code points, so an emoji is one). */
export const textLength = (s: string): number => Array.from(s).length;

/** Trims and writes line breaks as \n. */
export const normalizeText = (s: string): string => s.replace(/\r\n?/g, '\n').trim();

class Reader {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly raw: Record<string, unknown>) {}

  issue(name: string, code: string, reason: string): void {
    this.issues.push({ name, code, reason });
  }

  /** A text field: undefined when invalid (issue noted), null when empty and optional. */
  text(name: string, o: { required: boolean; min?: number; max: number; singleLine?: boolean; what: string }): string | null | undefined {
    const v = this.raw[name];
    const problem = ((): [string, string] | undefined => {
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
        return o.required ? ['catalog.required', `Vul ${o.what} in.`] : undefined;
      }
      if (typeof v !== 'string') return ['catalog.invalid_value', `${capital(o.what)} moet tekst zijn.`];
      const text = normalizeText(v);
      if ((o.singleLine ? CONTROL_SINGLE_LINE : CONTROL).test(text)) {
        return ['catalog.invalid_characters', `${capital(o.what)} bevat tekens die niet zijn toegestaan.`];
      }
      const n = textLength(text);
      if (o.min !== undefined && n < o.min) return ['catalog.text_too_short', `${capital(o.what)} moet minstens ${o.min} tekens hebben.`];
      if (n > o.max) return ['catalog.text_too_long', `${capital(o.what)} mag hoogstens ${o.max} tekens hebben.`];
      return undefined;
    })();
    if (problem) {
      this.issue(name, ...problem);
      return undefined;
    }
    return typeof v === 'string' && v.trim() !== '' ? normalizeText(v) : null;
  }

  choice<T extends string>(name: string, options: readonly T[], what: string): T | undefined {
    const v = this.raw[name];
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    if (v === undefined || v === null || v === '') this.issue(name, 'catalog.required', `Kies ${what}.`);
    else this.issue(name, 'catalog.invalid_choice', `Kies ${what}: ${options.join(', ')}.`);
    return undefined;
  }
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function notAnObject(): Parsed<never> {
  return { ok: false, issues: [{ name: '', code: 'catalog.invalid_body', reason: 'Stuur een JSON-object.' }] };
}

const done = <T>(r: Reader, value: () => T): Parsed<T> =>
  r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: value() };

/** `{ rating: 1..5, text?: string }`. */
export function parseFeedback(raw: unknown): Parsed<FeedbackInput> {
  if (!isRecord(raw)) return notAnObject();
  const r = new Reader(raw);
  const v = raw['rating'];
  let rating: Rating | undefined;
  if (v === undefined || v === null || v === '') r.issue('rating', 'catalog.required', 'Kies een waardering van 1 tot 5.');
  else if (typeof v === 'number' && (ratings as readonly number[]).includes(v)) rating = v as Rating;
  else r.issue('rating', 'catalog.invalid_rating', 'De waardering is een heel getal van 1 tot 5.');
  const text = r.text('text', { required: false, max: limits.feedbackText, what: 'uw toelichting' });
  return done(r, () => ({ rating: rating as Rating, text: text ?? null }));
}

/** `{ organisationCode?: string | null, title, description?, audience }`. */
export function parseServiceRequest(raw: unknown): Parsed<ServiceRequestInput> {
  if (!isRecord(raw)) return notAnObject();
  const r = new Reader(raw);
  const code = raw['organisationCode'];
  let organisationCode: string | null | undefined = null;
  if (code !== undefined && code !== null && code !== '') {
    if (typeof code === 'string' && ORGANISATION_CODE.test(code)) organisationCode = code.toUpperCase();
    else {
      organisationCode = undefined;
      r.issue('organisationCode', 'catalog.invalid_organisation', 'Kies een organisatie uit de lijst, of "elke overheid".');
    }
  }
  const title = r.text('title', {
    required: true,
    min: limits.requestTitleMin,
    max: limits.requestTitleMax,
    singleLine: true,
    what: 'de titel',
  });
  const description = r.text('description', { required: false, max: limits.requestDescription, what: 'de omschrijving' });
  const audience = r.choice('audience', audiences, 'voor wie de dienst is');
  return done(r, () => ({
    organisationCode: organisationCode ?? null,
    title: title as string,
    description: description ?? null,
    audience: audience as RequestAudience,
  }));
}

/** `{ text }`: an organisation's answer to a feedback item. */
export function parseFeedbackAnswer(raw: unknown): Parsed<{ text: string }> {
  if (!isRecord(raw)) return notAnObject();
  const r = new Reader(raw);
  const text = r.text('text', { required: true, max: limits.answerText, what: 'uw antwoord' });
  return done(r, () => ({ text: text as string }));
}

/** `{ status, text }`: an organisation's answer to a request. */
export function parseRequestAnswer(raw: unknown): Parsed<ServiceRequestAnswerInput> {
  if (!isRecord(raw)) return notAnObject();
  const r = new Reader(raw);
  const status = r.choice('status', requestStatuses, 'de nieuwe status');
  const text = r.text('text', { required: true, max: limits.answerText, what: 'uw antwoord' });
  return done(r, () => ({ status: status as RequestStatus, text: text as string }));
}
