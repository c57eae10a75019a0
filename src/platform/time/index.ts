// Public surface of the legal calendar: dates, Atw holidays, term ends, Awb 6:9, and a clock.
import { legalCalendar } from './calendar-data.ts';
import {
  isoDate,
  type FiledOnTimeInput,
  type FiledOnTimeResult,
  type Holiday,
  type IsoDate,
  type NonWorkingInfo,
  type TermEndResult,
  type TermInput,
} from './model.ts';

export {
  InvalidDateError,
  MAX_YEAR,
  MIN_YEAR,
  addDays,
  addMonths,
  addWeeks,
  addYears,
  compareIsoDate,
  createLegalCalendar,
  dateParts,
  daysBetween,
  daysInMonth,
  easterSunday,
  formatCitation,
  formatDateLong,
  fromDayNumber,
  isIsoDate,
  isLeapYear,
  isoDate,
  isoWeekday,
  parseIsoDate,
  parseLegalCalendarData,
  toDayNumber,
  tryParseIsoDate,
} from './model.ts';
export type {
  Citation,
  DateParts,
  FiledOnTimeInput,
  FiledOnTimeResult,
  Holiday,
  IsoDate,
  IsoWeekday,
  Lang,
  LegalCalendar,
  LegalCalendarData,
  Localized,
  LocalizedLines,
  NonWorkingInfo,
  SourceStatus,
  TermDirection,
  TermEndResult,
  TermInput,
  TermUnit,
} from './model.ts';
export { legalCalendar, legalCalendarData } from './calendar-data.ts';

// The calendar functions bound to the shipped data (data/legal/holidays.json).
export function holidaysOfYear(year: number): readonly Holiday[] {
  return legalCalendar.holidaysOfYear(year);
}
export function holidaysOn(date: IsoDate): readonly Holiday[] {
  return legalCalendar.holidaysOn(date);
}
export function isNonWorkingDay(date: IsoDate): boolean {
  return legalCalendar.isNonWorkingDay(date);
}
export function nonWorkingInfo(date: IsoDate): NonWorkingInfo {
  return legalCalendar.nonWorkingInfo(date);
}
/** Atw art. 1 lid 1: `date` if it is a working day, else the next day that is not a Saturday, Sunday or holiday. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  return legalCalendar.nextWorkingDay(date);
}
export function termEnd(input: TermInput): TermEndResult {
  return legalCalendar.termEnd(input);
}
/** Awb 6:9: filed on time when received in the term, or posted in it and received within the grace period. */
export function filedOnTime(input: FiledOnTimeInput): FiledOnTimeResult {
  return legalCalendar.filedOnTime(input);
}

// ---------------------------------------------------------------------------------------
// Clock
// ---------------------------------------------------------------------------------------

/** The legal calendar's time zone: dates ("today") are Dutch dates. */
export const LEGAL_TIME_ZONE = 'Europe/Amsterdam';

export interface Clock {
  now(): Date;
  /** Today's date in Europe/Amsterdam. */
  today(): IsoDate;
}

const amsterdamDate = new Intl.DateTimeFormat('en-US', {
  timeZone: LEGAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of `instant` in Europe/Amsterdam. */
export function isoDateInAmsterdam(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  const parts = amsterdamDate.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return isoDate(get('year'), get('month'), get('day'));
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => isoDateInAmsterdam(new Date()),
};

/** A clock stopped at `instant` (a `Date`, epoch milliseconds or an ISO 8601 timestamp), for tests. */
export function fixedClock(instant: Date | number | string): Clock {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return {
    now: () => new Date(ms),
    today: () => isoDateInAmsterdam(new Date(ms)),
  };
}
