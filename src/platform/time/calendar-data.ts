// The shipped legal calendar data (data/legal/holidays.json), validated once at import.
import data from '../../../data/legal/holidays.json' with { type: 'json' };
import { createLegalCalendar, parseLegalCalendarData, type LegalCalendar, type LegalCalendarData } from './model.ts';

export const legalCalendarData: LegalCalendarData = parseLegalCalendarData(data);

/** The Dutch legal calendar bound to the shipped data. */
export const legalCalendar: LegalCalendar = createLegalCalendar(legalCalendarData);
