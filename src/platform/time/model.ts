// The Dutch legal calendar and term arithmetic (Algemene termijnenwet, Awb 6:9).
//
// Pure: no I/O, no clock, no `Date`. Dates are `YYYY-MM-DD` strings (`IsoDate`) in the
// Gregorian calendar; arithmetic works on day numbers (days since 1970-01-01). Every
// legal number (holiday rules, the Atw art. 2 and art. 4 parameters, the Awb 6:9 grace
// period) comes from `LegalCalendarData` (shipped in data/legal/holidays.json, loaded by
// calendar-data.ts) together with its source; nothing legal is hard-coded here.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

declare const isoDateBrand: unique symbol;
/** A valid Gregorian calendar date written `YYYY-MM-DD`. Obtain one with `parseIsoDate`. */
export type IsoDate = string & { readonly [isoDateBrand]: 'IsoDate' };

/** Supported years: the Gregorian calendar (and the computus) from 1583, four-digit years. */
export const MIN_YEAR = 1583;
export const MAX_YEAR = 9999;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Thrown for text that is not a valid date and for arithmetic leaving the supported range. */
export class InvalidDateError extends RangeError {
  override readonly name = 'InvalidDateError';
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

/** The date for year/month/day; throws `InvalidDateError` if it does not exist (e.g. 2026-02-30). */
export function isoDate(year: number, month: number, day: number): IsoDate {
  if (!validParts(year, month, day)) {
    throw new InvalidDateError(`Not a valid date: ${year}-${month}-${day}`);
  }
  return format(year, month, day);
}

/** `value` as an `IsoDate`, or `undefined` if it is not exactly `YYYY-MM-DD` naming an existing day. */
export function tryParseIsoDate(value: string): IsoDate | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return validParts(year, month, day) ? format(year, month, day) : undefined;
}

/** `value` as an `IsoDate`; throws `InvalidDateError` for anything else (2026-02-30, 2026-2-3, …). */
export function parseIsoDate(value: string): IsoDate {
  const date = tryParseIsoDate(value);
  if (date === undefined) {
    throw new InvalidDateError(`Not a valid date (expected YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
  return date;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && tryParseIsoDate(value) === value;
}

export function dateParts(date: IsoDate): DateParts {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

// Day numbers (days since 1970-01-01) by H. Hinnant's civil-calendar algorithms.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(dayNumber: number): DateParts {
  const z0 = dayNumber + 719468;
  const era = Math.floor(z0 / 146097);
  const dayOfEra = z0 - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber)) throw new InvalidDateError(`Not a day number: ${dayNumber}`);
  const { year, month, day } = civilFromDays(dayNumber);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidDateError(`Date outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return format(year, month, day);
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  requireInteger(days, 'days');
  return fromDayNumber(toDayNumber(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  requireInteger(weeks, 'weeks');
  return addDays(date, weeks * 7);
}

/**
 * Calendar months, civil-law convention: the same day number `months` months later (or
 * earlier when negative); if that month is shorter, the last day of that month. So
 * 2026-01-31 + 1 month = 2026-02-28, 2024-01-31 + 1 month = 2024-02-29, and
 * 2026-03-31 − 1 month = 2026-02-28. (Not reversible: 2026-02-28 + 1 month = 2026-03-28.)
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  requireInteger(months, 'months');
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  if (newYear < MIN_YEAR || newYear > MAX_YEAR) {
    throw new InvalidDateError(`Date outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** `years` × 12 calendar months (29 February → 28 February in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  requireInteger(years, 'years');
  return addMonths(date, years * 12);
}

/** `to − from` in days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Negative, zero or positive like `Array.prototype.sort` expects (`YYYY-MM-DD` sorts as text). */
export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return (((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** Easter Sunday by the Gregorian computus (anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidDateError(`Easter is computed for the years ${MIN_YEAR}–${MAX_YEAR}, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return format(year, Math.floor(n / 31), (n % 31) + 1);
}

// ---------------------------------------------------------------------------------------
// Language
// ---------------------------------------------------------------------------------------

export type Lang = 'nl' | 'en';
export interface Localized {
  readonly nl: string;
  readonly en: string;
}
export interface LocalizedLines {
  readonly nl: string[];
  readonly en: string[];
}

const WEEKDAYS: Record<Lang, readonly string[]> = {
  nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS: Record<Lang, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "dinsdag 5 mei 2026" / "Tuesday 5 May 2026". */
export function formatDateLong(date: IsoDate, lang: Lang): string {
  const { year, month, day } = dateParts(date);
  return `${WEEKDAYS[lang][isoWeekday(date) - 1] ?? ''} ${day} ${MONTHS[lang][month - 1] ?? ''} ${year}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------
// Calendar data (validated shape of data/legal/holidays.json)
// ---------------------------------------------------------------------------------------

const isoDateSchema = z.string().refine(isIsoDate, { error: 'expected a valid YYYY-MM-DD date' });
const urlSchema = z.url();
const statusSchema = z.enum(['verified', 'secondary', 'unverified']);
const localizedSchema = z.object({ nl: z.string().min(1), en: z.string().min(1) });
const citationSchema = z.object({
  law: z.string().min(1),
  article: z.string().min(1),
  paragraph: z.number().int().positive().optional(),
});
const provenance = {
  status: statusSchema,
  source: urlSchema,
  secondarySources: z.array(urlSchema).optional(),
  validFrom: isoDateSchema,
  validUntil: isoDateSchema.optional(),
};

const holidayRuleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('fixed'),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    /** Celebrated this many days earlier/later when the date is a Sunday (Koningsdag: −1). */
    ifSundayOffsetDays: z.number().int().optional(),
  }),
  z.object({ type: z.literal('easter'), offsetDays: z.number().int() }),
]);

const legalCalendarSchema = z.object({
  schemaVersion: z.literal(1),
  dataVersion: z.string().min(1),
  note: z.string().min(1),
  coverage: z.object({ from: isoDateSchema, through: isoDateSchema }),
  atw: z.object({
    title: z.string(),
    source: urlSchema,
    art1: z.object({
      citation: citationSchema,
      nonWorkingWeekdays: z.array(z.number().int().min(1).max(7)).min(1),
      extendsBackwardTerms: z.boolean(),
      ...provenance,
    }),
    art2: z.object({
      citation: citationSchema,
      minimumTermDays: z.number().int().positive(),
      minimumWorkingDays: z.number().int().positive(),
      startDayCounts: z.boolean(),
      ...provenance,
    }),
    art4: z.object({
      citation: citationSchema,
      maximumTerm: z.object({
        days: z.number().int().positive(),
        weeks: z.number().int().positive(),
        months: z.number().int().positive(),
      }),
      ...provenance,
    }),
    holidays: z.array(
      z.object({
        id: z.string().min(1),
        name: localizedSchema,
        rule: holidayRuleSchema,
        citation: citationSchema,
        note: z.string().optional(),
        ...provenance,
      }),
    ),
  }),
  gelijkgesteldeDagen: z.object({
    citation: citationSchema,
    days: z.array(
      z.object({
        date: isoDateSchema,
        name: localizedSchema,
        decree: z.string().min(1),
        ...provenance,
      }),
    ),
  }),
  awb: z.object({
    art6_9: z.object({
      citation: citationSchema,
      postalReceiptGrace: z.object({ weeks: z.number().int().nonnegative() }),
      ...provenance,
    }),
  }),
});

export type LegalCalendarData = z.output<typeof legalCalendarSchema>;
export type Citation = z.output<typeof citationSchema>;
export type SourceStatus = z.output<typeof statusSchema>;

/** Validates the JSON of data/legal/holidays.json (dates must exist, URLs must be URLs). */
export function parseLegalCalendarData(json: unknown): LegalCalendarData {
  const result = legalCalendarSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`Invalid legal calendar data: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** "Atw art. 3 lid 1" / "Atw art. 3(1)". */
export function formatCitation(citation: Citation, lang: Lang): string {
  const base = `${citation.law} art. ${citation.article}`;
  if (citation.paragraph === undefined) return base;
  return lang === 'nl' ? `${base} lid ${citation.paragraph}` : `${base}(${citation.paragraph})`;
}

// ---------------------------------------------------------------------------------------
// Holidays and working days
// ---------------------------------------------------------------------------------------

export interface Holiday {
  readonly date: IsoDate;
  readonly id: string;
  /** `feestdag`: named in Atw art. 3 lid 1–2; `gelijkgesteld`: treated as one by decree (art. 3 lid 3). */
  readonly kind: 'feestdag' | 'gelijkgesteld';
  readonly name: Localized;
  /** Why the day counts, with the article (and decree). */
  readonly reason: Localized;
  readonly citation: Citation;
  readonly source: string;
  readonly status: SourceStatus;
  readonly decree?: string;
  /** E.g. that Koningsdag moved to Saturday because 27 April is a Sunday. */
  readonly note?: Localized;
}

/** Why a day is not a working day in the sense of Atw art. 1. */
export interface NonWorkingInfo {
  readonly date: IsoDate;
  readonly weekend: boolean;
  readonly holidays: readonly Holiday[];
}

function inValidity(date: IsoDate, entry: { validFrom: IsoDate; validUntil?: IsoDate | undefined }): boolean {
  return date >= entry.validFrom && (entry.validUntil === undefined || date <= entry.validUntil);
}

function computeHolidays(data: LegalCalendarData, year: number): Holiday[] {
  const out: Holiday[] = [];
  for (const rule of data.atw.holidays) {
    let date: IsoDate;
    let note: Localized | undefined;
    if (rule.rule.type === 'easter') {
      date = addDays(easterSunday(year), rule.rule.offsetDays);
    } else {
      // Skip a fixed date that does not exist in this year (none today; keeps data errors harmless).
      if (!validParts(year, rule.rule.month, rule.rule.day)) continue;
      date = format(year, rule.rule.month, rule.rule.day);
      const shift = rule.rule.ifSundayOffsetDays;
      if (shift !== undefined && shift !== 0 && isoWeekday(date) === 7) {
        const moved = addDays(date, shift);
        note = {
          nl: `${capitalize(formatDateLong(date, 'nl'))} is een zondag; de dag wordt gevierd op ${formatDateLong(moved, 'nl')}.`,
          en: `${formatDateLong(date, 'en')} is a Sunday; the day is celebrated on ${formatDateLong(moved, 'en')}.`,
        };
        date = moved;
      }
    }
    if (!inValidity(date, rule)) continue;
    const lid2 = rule.citation.paragraph !== undefined && rule.citation.paragraph !== 1;
    out.push({
      date,
      id: rule.id,
      kind: 'feestdag',
      name: rule.name,
      reason: lid2
        ? {
            nl: `Gelijkgesteld met een algemeen erkende feestdag (${formatCitation(rule.citation, 'nl')})`,
            en: `Treated as a public holiday (${formatCitation(rule.citation, 'en')})`,
          }
        : {
            nl: `Algemeen erkende feestdag (${formatCitation(rule.citation, 'nl')})`,
            en: `Public holiday (${formatCitation(rule.citation, 'en')})`,
          },
      citation: rule.citation,
      source: rule.source,
      status: rule.status,
      ...(note === undefined ? {} : { note }),
    });
  }
  const decreed = data.gelijkgesteldeDagen;
  for (const day of decreed.days) {
    if (dateParts(day.date).year !== year || !inValidity(day.date, day)) continue;
    out.push({
      date: day.date,
      id: `gelijkgesteld-${day.date}`,
      kind: 'gelijkgesteld',
      name: { nl: capitalize(day.name.nl), en: day.name.en },
      reason: {
        nl: `Gelijkgesteld met een algemeen erkende feestdag bij ${day.decree} (${formatCitation(decreed.citation, 'nl')})`,
        en: `Treated as a public holiday by Royal Decree: ${day.decree} (${formatCitation(decreed.citation, 'en')})`,
      },
      citation: decreed.citation,
      source: day.source,
      status: day.status,
      decree: day.decree,
    });
  }
  return out.sort((a, b) => compareIsoDate(a.date, b.date));
}

export type TermUnit = 'days' | 'weeks' | 'months' | 'years';
export type TermDirection = 'forward' | 'backward';

export interface TermInput {
  /** Day X: the term starts the day after it (forward) or counts back from it (backward). */
  readonly after: IsoDate;
  readonly days?: number;
  readonly weeks?: number;
  readonly months?: number;
  readonly years?: number;
  /** Whether the Algemene termijnenwet applies (a statutory term not excluded by its own law). */
  readonly atw: boolean;
  readonly direction?: TermDirection;
}

export interface TermEndResult {
  /** X ± the term, before any Atw extension. */
  readonly rawEnd: IsoDate;
  /** The last day of the term (inclusive). */
  readonly end: IsoDate;
  readonly extended: boolean;
  /** Whether Atw art. 1 and 2 were applied (false if `atw` is false, backward, or art. 4 excludes it). */
  readonly atwApplied: boolean;
  /** Plain-language explanation, one sentence per line. */
  readonly reasons: LocalizedLines;
  /** E.g. dates outside the years for which the decreed days are known. */
  readonly warnings: LocalizedLines;
}

export interface FiledOnTimeInput {
  /** Last day of the term (inclusive), usually `termEnd(...).end`. */
  readonly termEnd: IsoDate;
  readonly receivedOn: IsoDate;
  /** Sent by post (Awb 6:9 lid 2). */
  readonly byPost: boolean;
  /** Date of posting; needed for the postal rule. */
  readonly postedOn?: IsoDate;
}

export interface FiledOnTimeResult {
  readonly onTime: boolean;
  readonly basis: 'received-in-term' | 'posted-in-term' | 'late';
  /** With `byPost`: the last day a letter posted in time may arrive. */
  readonly lastPostalReceipt?: IsoDate;
  readonly reasons: LocalizedLines;
}

export interface LegalCalendar {
  readonly data: LegalCalendarData;
  /** The Atw holidays and decreed days of `year`, sorted by date, with names and reasons. */
  holidaysOfYear(year: number): readonly Holiday[];
  /** The holidays (usually zero or one) falling on `date`. */
  holidaysOn(date: IsoDate): readonly Holiday[];
  /** Saturday, Sunday, Atw art. 3 holiday or gelijkgestelde dag. */
  isNonWorkingDay(date: IsoDate): boolean;
  nonWorkingInfo(date: IsoDate): NonWorkingInfo;
  /**
   * Atw art. 1 lid 1: `date` itself if it is a working day, otherwise the next day that is
   * not a Saturday, Sunday or holiday ("tot en met de eerstvolgende dag die niet … is").
   */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** Whether the decreed days for `date` are in the data (see `coverage` in the JSON). */
  isCovered(date: IsoDate): boolean;
  termEnd(input: TermInput): TermEndResult;
  filedOnTime(input: FiledOnTimeInput): FiledOnTimeResult;
}

const UNIT_WORDS: Record<Lang, Record<TermUnit, readonly [string, string]>> = {
  nl: { days: ['dag', 'dagen'], weeks: ['week', 'weken'], months: ['maand', 'maanden'], years: ['jaar', 'jaar'] },
  en: { days: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'], years: ['year', 'years'] },
};

function quantity(n: number, unit: TermUnit, lang: Lang): string {
  const [one, many] = UNIT_WORDS[lang][unit];
  return `${n} ${n === 1 ? one : many}`;
}

function termOf(input: TermInput): { unit: TermUnit; length: number } {
  const given = (['days', 'weeks', 'months', 'years'] as const).filter((u) => input[u] !== undefined);
  if (given.length !== 1) {
    throw new RangeError(`Give exactly one of days, weeks, months or years (got ${given.length})`);
  }
  const unit = given[0] as TermUnit;
  const length = input[unit] as number;
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new RangeError(`The term length must be a positive integer, got ${length}`);
  }
  return { unit, length };
}

function shift(date: IsoDate, unit: TermUnit, n: number): IsoDate {
  switch (unit) {
    case 'days':
      return addDays(date, n);
    case 'weeks':
      return addWeeks(date, n);
    case 'months':
      return addMonths(date, n);
    case 'years':
      return addYears(date, n);
  }
}

/** Binds the pure calendar functions to one data set (memoizing the holidays per year). */
export function createLegalCalendar(data: LegalCalendarData): LegalCalendar {
  const byYear = new Map<number, readonly Holiday[]>();
  const byDate = new Map<number, Map<string, Holiday[]>>();
  const weekend = new Set<number>(data.atw.art1.nonWorkingWeekdays);

  function holidaysOfYear(year: number): readonly Holiday[] {
    let list = byYear.get(year);
    if (list === undefined) {
      list = computeHolidays(data, year);
      byYear.set(year, list);
      const index = new Map<string, Holiday[]>();
      for (const h of list) index.set(h.date, [...(index.get(h.date) ?? []), h]);
      byDate.set(year, index);
    }
    return list;
  }

  function holidaysOn(date: IsoDate): readonly Holiday[] {
    const year = dateParts(date).year;
    holidaysOfYear(year);
    return byDate.get(year)?.get(date) ?? [];
  }

  function nonWorkingInfo(date: IsoDate): NonWorkingInfo {
    return { date, weekend: weekend.has(isoWeekday(date)), holidays: holidaysOn(date) };
  }

  function isNonWorkingDay(date: IsoDate): boolean {
    return weekend.has(isoWeekday(date)) || holidaysOn(date).length > 0;
  }

  function nextWorkingDay(date: IsoDate): IsoDate {
    let d = date;
    while (isNonWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  function isCovered(date: IsoDate): boolean {
    return date >= data.coverage.from && date <= data.coverage.through;
  }

  function describeNonWorking(date: IsoDate, lang: Lang): string {
    const info = nonWorkingInfo(date);
    const day = capitalize(formatDateLong(date, lang));
    const art1 = formatCitation(data.atw.art1.citation, lang);
    const parts: string[] = [];
    for (const h of info.holidays) {
      if (h.kind === 'gelijkgesteld') {
        parts.push(
          lang === 'nl'
            ? `gelijkgesteld met een feestdag (${lowerFirst(h.name.nl)}; ${h.decree ?? ''}; ${formatCitation(h.citation, 'nl')})`
            : `treated as a public holiday (${h.name.en}; ${h.decree ?? ''}; ${formatCitation(h.citation, 'en')})`,
        );
      } else {
        parts.push(
          lang === 'nl'
            ? `een feestdag (${h.name.nl}, ${formatCitation(h.citation, 'nl')})`
            : `a public holiday (${h.name.en}, ${formatCitation(h.citation, 'en')})`,
        );
      }
    }
    if (lang === 'nl') {
      const holidayText = parts.length > 0 ? `is ${parts.join(' en ')}` : '';
      if (info.weekend && holidayText) return `${day} valt in het weekend en ${holidayText}.`;
      if (info.weekend) return `${day} valt in het weekend (${art1}).`;
      return `${day} ${holidayText}.`;
    }
    const holidayText = parts.length > 0 ? `is ${parts.join(' and ')}` : '';
    if (info.weekend && holidayText) return `${day} falls on a weekend and ${holidayText}.`;
    if (info.weekend) return `${day} falls on a weekend (${art1}).`;
    return `${day} ${holidayText}.`;
  }

  function termEnd(input: TermInput): TermEndResult {
    const { unit, length } = termOf(input);
    const backward = input.direction === 'backward';
    const rawEnd = shift(input.after, unit, backward ? -length : length);
    const nl: string[] = [];
    const en: string[] = [];
    const warnNl: string[] = [];
    const warnEn: string[] = [];
    nl.push(
      `${quantity(length, unit, 'nl')} ${backward ? 'vóór' : 'na'} ${formatDateLong(input.after, 'nl')} is ${formatDateLong(rawEnd, 'nl')}.`,
    );
    en.push(
      `${quantity(length, unit, 'en')} ${backward ? 'before' : 'after'} ${formatDateLong(input.after, 'en')} is ${formatDateLong(rawEnd, 'en')}.`,
    );
    const unchanged = (atwApplied: boolean): TermEndResult => ({
      rawEnd,
      end: rawEnd,
      extended: false,
      atwApplied,
      reasons: { nl, en },
      warnings: { nl: warnNl, en: warnEn },
    });

    if (!input.atw) {
      nl.push('De Algemene termijnenwet is niet toegepast; de termijn wordt niet verlengd.');
      en.push('The Algemene termijnenwet (Atw) was not applied; the term is not extended.');
      return unchanged(false);
    }
    const art1 = data.atw.art1;
    // Atw art. 1 lid 2: no extension of terms counted backwards from a moment or event.
    if (backward && !art1.extendsBackwardTerms) {
      const lid2 = formatCitation({ ...art1.citation, paragraph: 2 }, 'nl');
      nl.push(`Een terugrekenende termijn wordt niet verlengd (${lid2}).`);
      en.push(`A term counted backwards is not extended (${formatCitation({ ...art1.citation, paragraph: 2 }, 'en')}).`);
      return unchanged(false);
    }
    // Atw art. 4: not for terms longer than 90 days / 12 weeks / 3 months (numbers from the data).
    const limits = data.atw.art4.maximumTerm;
    const tooLong = unit === 'years' ? length * 12 > limits.months : length > limits[unit];
    if (tooLong) {
      const limitUnit: Exclude<TermUnit, 'years'> = unit === 'years' ? 'months' : unit;
      const art4nl = formatCitation(data.atw.art4.citation, 'nl');
      const art4en = formatCitation(data.atw.art4.citation, 'en');
      nl.push(
        `Een termijn van ${quantity(length, unit, 'nl')} is langer dan ${quantity(limits[limitUnit], limitUnit, 'nl')}; de Algemene termijnenwet is niet van toepassing (${art4nl}).`,
      );
      en.push(
        `A term of ${quantity(length, unit, 'en')} is longer than ${quantity(limits[limitUnit], limitUnit, 'en')}; the Atw does not apply (${art4en}).`,
      );
      return unchanged(false);
    }

    // Atw art. 1 lid 1: extend up to and including the next working day.
    const art1End = nextWorkingDay(rawEnd);
    // Atw art. 2: a term of at least N days must contain at least M working days (start day excluded).
    const art2 = data.atw.art2;
    let end = art1End;
    let workingInTerm = 0;
    let workingUpToArt1End = 0;
    const termDays = daysBetween(input.after, rawEnd);
    if (termDays >= art2.minimumTermDays) {
      const first = art2.startDayCounts ? input.after : addDays(input.after, 1);
      for (let d = first; d <= art1End; d = addDays(d, 1)) {
        if (!isNonWorkingDay(d)) workingInTerm += 1;
      }
      workingUpToArt1End = workingInTerm;
      while (workingInTerm < art2.minimumWorkingDays) {
        end = addDays(end, 1);
        if (!isNonWorkingDay(end)) workingInTerm += 1;
      }
    }
    const art2Extended = end > art1End;

    // Explain every non-working day that moved the end (for art. 2: every one in the term).
    const explainFrom = art2Extended ? addDays(input.after, art2.startDayCounts ? 0 : 1) : rawEnd;
    for (let d = explainFrom; d < end; d = addDays(d, 1)) {
      if (isNonWorkingDay(d)) {
        nl.push(describeNonWorking(d, 'nl'));
        en.push(describeNonWorking(d, 'en'));
      }
    }
    const art1nl = formatCitation(art1.citation, 'nl');
    const art1en = formatCitation(art1.citation, 'en');
    if (art1End === rawEnd && !art2Extended) {
      nl.push(`${capitalize(formatDateLong(rawEnd, 'nl'))} is een werkdag; de termijn wordt niet verlengd.`);
      en.push(`${formatDateLong(rawEnd, 'en')} is a working day; the term is not extended.`);
    } else if (!art2Extended) {
      nl.push(`De termijn wordt verlengd tot en met ${formatDateLong(end, 'nl')}, de eerstvolgende werkdag (${art1nl}).`);
      en.push(`The term is extended up to and including ${formatDateLong(end, 'en')}, the next working day (${art1en}).`);
    } else {
      const counted = workingUpToArt1End;
      const art2nl = formatCitation(art2.citation, 'nl');
      const art2en = formatCitation(art2.citation, 'en');
      nl.push(
        `Een termijn van ten minste ${art2.minimumTermDays} dagen moet ten minste ${art2.minimumWorkingDays} werkdagen bevatten${art2.startDayCounts ? '' : ' (de begindag telt niet mee)'}; tot en met ${formatDateLong(art1End, 'nl')} zijn dat er ${counted}. De termijn wordt verlengd tot en met ${formatDateLong(end, 'nl')} (${art2nl}).`,
      );
      en.push(
        `A term of at least ${art2.minimumTermDays} days must contain at least ${art2.minimumWorkingDays} working days${art2.startDayCounts ? '' : ' (the starting day does not count)'}; up to and including ${formatDateLong(art1End, 'en')} it has ${counted}. The term is extended up to and including ${formatDateLong(end, 'en')} (${art2en}).`,
      );
    }

    // Warn when the decreed days for a year we looked at are not in the data.
    const uncovered = new Set<number>();
    for (const d of [explainFrom, rawEnd, end]) if (!isCovered(d)) uncovered.add(dateParts(d).year);
    for (const year of [...uncovered].sort((a, b) => a - b)) {
      warnNl.push(
        `De kalendergegevens bevatten de gelijkgestelde dagen voor ${year} niet; controleer in de Staatscourant of er een gelijkstellingsbesluit is (${formatCitation(data.gelijkgesteldeDagen.citation, 'nl')}).`,
      );
      warnEn.push(
        `The calendar data does not include the decreed days (gelijkgestelde dagen) for ${year}; check the Staatscourant for a decree (${formatCitation(data.gelijkgesteldeDagen.citation, 'en')}).`,
      );
    }
    return { rawEnd, end, extended: end !== rawEnd, atwApplied: true, reasons: { nl, en }, warnings: { nl: warnNl, en: warnEn } };
  }

  function filedOnTime(input: FiledOnTimeInput): FiledOnTimeResult {
    const { termEnd: last, receivedOn, byPost, postedOn } = input;
    if (postedOn !== undefined && postedOn > receivedOn) {
      throw new RangeError(`Posted on ${postedOn} but received earlier, on ${receivedOn}`);
    }
    const rule = data.awb.art6_9;
    const lid1 = { ...rule.citation, paragraph: 1 };
    const lid2 = { ...rule.citation, paragraph: 2 };
    const lastPostal = addWeeks(last, rule.postalReceiptGrace.weeks);
    const postal = byPost ? { lastPostalReceipt: lastPostal } : {};
    const end = { nl: formatDateLong(last, 'nl'), en: formatDateLong(last, 'en') };
    if (receivedOn <= last) {
      return {
        onTime: true,
        basis: 'received-in-term',
        ...postal,
        reasons: {
          nl: [
            `Ontvangen op ${formatDateLong(receivedOn, 'nl')}, vóór het einde van de termijn (${end.nl}) (${formatCitation(lid1, 'nl')}).`,
          ],
          en: [`Received on ${formatDateLong(receivedOn, 'en')}, before the term ended (${end.en}) (${formatCitation(lid1, 'en')}).`],
        },
      };
    }
    const nl = [`Ontvangen op ${formatDateLong(receivedOn, 'nl')}, na het einde van de termijn (${end.nl}).`];
    const en = [`Received on ${formatDateLong(receivedOn, 'en')}, after the term ended (${end.en}).`];
    if (byPost) {
      const l2nl = formatCitation(lid2, 'nl');
      const l2en = formatCitation(lid2, 'en');
      if (postedOn === undefined) {
        nl.push(`Per post verzonden, maar de verzenddatum is onbekend; de postregel kan niet worden toegepast (${l2nl}).`);
        en.push(`Sent by post, but the posting date is unknown; the postal rule cannot be applied (${l2en}).`);
      } else if (postedOn > last) {
        nl.push(`Op ${formatDateLong(postedOn, 'nl')} ter post bezorgd, na het einde van de termijn (${l2nl}).`);
        en.push(`Posted on ${formatDateLong(postedOn, 'en')}, after the term ended (${l2en}).`);
      } else if (receivedOn <= lastPostal) {
        nl.push(
          `Op ${formatDateLong(postedOn, 'nl')} ter post bezorgd, vóór het einde van de termijn, en ontvangen uiterlijk ${formatDateLong(lastPostal, 'nl')}, een week na afloop; dus tijdig (${l2nl}).`,
        );
        en.push(
          `Posted on ${formatDateLong(postedOn, 'en')}, before the term ended, and received by ${formatDateLong(lastPostal, 'en')}, one week after it ended; so on time (${l2en}).`,
        );
        return { onTime: true, basis: 'posted-in-term', lastPostalReceipt: lastPostal, reasons: { nl, en } };
      } else {
        nl.push(
          `Op tijd ter post bezorgd, maar ontvangen na ${formatDateLong(lastPostal, 'nl')}, meer dan een week na afloop van de termijn (${l2nl}).`,
        );
        en.push(
          `Posted in time, but received after ${formatDateLong(lastPostal, 'en')}, more than one week after the term ended (${l2en}).`,
        );
      }
    }
    nl.push('Niet tijdig ingediend.');
    en.push('Not filed on time.');
    return { onTime: false, basis: 'late', ...postal, reasons: { nl, en } };
  }

  return {
    data,
    holidaysOfYear,
    holidaysOn,
    isNonWorkingDay,
    nonWorkingInfo,
    nextWorkingDay,
    isCovered,
    termEnd,
    filedOnTime,
  };
}
