import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legalCalendarData } from './calendar-data.ts';
import {
  filedOnTime,
  fixedClock,
  holidaysOfYear,
  isNonWorkingDay,
  isoDateInAmsterdam,
  nextWorkingDay,
  systemClock,
  termEnd,
} from './index.ts';
import {
  InvalidDateError,
  addDays,
  addMonths,
  addWeeks,
  addYears,
  createLegalCalendar,
  dateParts,
  daysBetween,
  easterSunday,
  formatDateLong,
  fromDayNumber,
  isIsoDate,
  isoDate,
  isoWeekday,
  parseIsoDate,
  parseLegalCalendarData,
  toDayNumber,
  tryParseIsoDate,
  type IsoDate,
  type LegalCalendarData,
  type TermUnit,
} from './model.ts';

const d = parseIsoDate;

/** A deep copy of the shipped data with `patch` applied, for data-driven tests. */
function withData(patch: (data: LegalCalendarData) => void): LegalCalendarData {
  const copy = structuredClone(legalCalendarData);
  patch(copy);
  return copy;
}

describe('IsoDate parsing', () => {
  it.each(['2026-03-24', '2024-02-29', '2000-02-29', '1583-01-01', '9999-12-31', '2026-12-31'])('accepts %s', (text) => {
    expect(parseIsoDate(text)).toBe(text);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05T00:00:00Z',
    '2026/01/05',
    '05-01-2026',
    '1582-12-31',
    '10000-01-01',
    '',
    'vandaag',
  ])('rejects %j', (text) => {
    expect(tryParseIsoDate(text)).toBeUndefined();
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text)).toThrow(InvalidDateError);
  });

  it('rejects non-strings in the type guard', () => {
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it('builds dates from parts and rejects impossible ones', () => {
    expect(isoDate(2026, 3, 2)).toBe('2026-03-02');
    expect(() => isoDate(2026, 2, 30)).toThrow(InvalidDateError);
    expect(dateParts(d('2026-03-02'))).toEqual({ year: 2026, month: 3, day: 2 });
  });

  it('round-trips text → date → text and day numbers (property)', () => {
    const min = toDayNumber(d('1583-01-01'));
    const max = toDayNumber(d('9999-12-31'));
    fc.assert(
      fc.property(fc.integer({ min, max }), (n) => {
        const date = fromDayNumber(n);
        expect(parseIsoDate(date)).toBe(date);
        expect(toDayNumber(date)).toBe(n);
        const { year, month, day } = dateParts(date);
        expect(isoDate(year, month, day)).toBe(date);
      }),
    );
  });

  it('accepts exactly the existing dates among arbitrary YYYY-MM-DD strings (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, day) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const js = new Date(Date.UTC(2000, m - 1, day));
        js.setUTCFullYear(y);
        const exists = m >= 1 && m <= 12 && day >= 1 && js.getUTCMonth() === m - 1 && js.getUTCDate() === day;
        expect(tryParseIsoDate(text) === text).toBe(exists);
      }),
    );
  });
});

describe('date arithmetic', () => {
  it('adds days and weeks across month and year ends', () => {
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(addWeeks(d('2026-03-02'), 6)).toBe('2026-04-13');
    expect(daysBetween(d('2026-03-02'), d('2026-04-13'))).toBe(42);
  });

  it('adds months with the same day number, clamped to the end of a shorter month', () => {
    expect(addMonths(d('2026-01-15'), 1)).toBe('2026-02-15');
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2026-03-31'), 1)).toBe('2026-04-30');
    expect(addMonths(d('2026-03-31'), -1)).toBe('2026-02-28');
    expect(addMonths(d('2026-11-30'), 3)).toBe('2027-02-28');
    expect(addMonths(d('2026-02-28'), 1)).toBe('2026-03-28');
    expect(addYears(d('2024-02-29'), 1)).toBe('2025-02-28');
    expect(addYears(d('2026-04-13'), 1)).toBe('2027-04-13');
  });

  it('rejects results outside the supported years and non-integer amounts', () => {
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(InvalidDateError);
    expect(() => addMonths(d('1583-01-31'), -1)).toThrow(InvalidDateError);
    expect(() => addDays(d('2026-01-01'), 1.5)).toThrow(RangeError);
  });

  it('agrees with the JavaScript Date for days and weekdays (property)', () => {
    const min = toDayNumber(d('1970-01-01'));
    const max = toDayNumber(d('2200-12-31'));
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const date = fromDayNumber(n);
        const js = new Date(`${date}T00:00:00Z`);
        expect(isoWeekday(date)).toBe(((js.getUTCDay() + 6) % 7) + 1);
        const jsPlus = new Date(js.getTime() + k * 86_400_000).toISOString().slice(0, 10);
        if (jsPlus >= '1583-01-01') expect(addDays(date, k)).toBe(jsPlus);
      }),
    );
  });

  it('keeps the month arithmetic within the target month (property)', () => {
    const min = toDayNumber(d('1700-01-01'));
    const max = toDayNumber(d('9000-12-31'));
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -1200, max: 1200 }), (n, k) => {
        const date = fromDayNumber(n);
        const result = addMonths(date, k);
        const a = dateParts(date);
        const b = dateParts(result);
        expect(b.year * 12 + b.month - (a.year * 12 + a.month)).toBe(k);
        expect(b.day).toBeLessThanOrEqual(a.day);
        if (b.day < a.day) expect(addDays(result, 1).slice(8)).toBe('01');
      }),
    );
  });

  it('formats long dates in Dutch and English', () => {
    expect(formatDateLong(d('2026-05-05'), 'nl')).toBe('dinsdag 5 mei 2026');
    expect(formatDateLong(d('2026-05-05'), 'en')).toBe('Tuesday 5 May 2026');
  });
});

describe('Easter (Gregorian computus)', () => {
  it.each([
    [1583, '1583-04-10'],
    [1700, '1700-04-11'],
    [1818, '1818-03-22'],
    [1900, '1900-04-15'],
    [1943, '1943-04-25'],
    [1954, '1954-04-18'],
    [1961, '1961-04-02'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('is always a Sunday between 22 March and 25 April (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });

  it('rejects years before the Gregorian calendar', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
  });
});

describe('Atw holiday calendar (DOMAIN.md §1.6)', () => {
  // Year, Easter, Goede Vrijdag, 2e Paasdag, Koningsdag, 5 mei, Hemelvaart, 2e Pinksterdag, gelijkgesteld.
  const table: [number, string, string, string, string, string, string, string, string[]][] = [
    [2025, '04-20', '04-18', '04-21', '04-26', '05-05', '05-29', '06-09', ['05-30']],
    [2026, '04-05', '04-03', '04-06', '04-27', '05-05', '05-14', '05-25', ['01-02', '05-15']],
    [2027, '03-28', '03-26', '03-29', '04-27', '05-05', '05-06', '05-17', ['05-07']],
    [2028, '04-16', '04-14', '04-17', '04-27', '05-05', '05-25', '06-05', ['04-28', '05-26']],
  ];

  describe.each(table)('%i', (year, easter, goedeVrijdag, paasdag, koningsdag, vijfMei, hemelvaart, pinksterdag, gelijk) => {
    const list = holidaysOfYear(year);
    const byId = (id: string): string[] => list.filter((h) => h.id === id).map((h) => h.date.slice(5));

    it('has Easter, Goede Vrijdag and Tweede Paasdag', () => {
      expect(easterSunday(year).slice(5)).toBe(easter);
      expect(byId('goede-vrijdag')).toEqual([goedeVrijdag]);
      expect(byId('tweede-paasdag')).toEqual([paasdag]);
    });

    it('has Koningsdag, 5 May, Hemelvaartsdag and Tweede Pinksterdag', () => {
      expect(byId('koningsdag')).toEqual([koningsdag]);
      expect(byId('bevrijdingsdag')).toEqual([vijfMei]);
      expect(byId('hemelvaartsdag')).toEqual([hemelvaart]);
      expect(byId('tweede-pinksterdag')).toEqual([pinksterdag]);
    });

    it('has exactly the decreed days as gelijkgesteld', () => {
      expect(list.filter((h) => h.kind === 'gelijkgesteld').map((h) => h.date.slice(5))).toEqual(gelijk);
    });

    it('has 1 January, 25 and 26 December, and nothing else', () => {
      expect(byId('nieuwjaarsdag')).toEqual(['01-01']);
      expect(byId('eerste-kerstdag')).toEqual(['12-25']);
      expect(byId('tweede-kerstdag')).toEqual(['12-26']);
      const expected = ['01-01', goedeVrijdag, paasdag, koningsdag, vijfMei, hemelvaart, pinksterdag, '12-25', '12-26', ...gelijk].sort();
      expect(list.map((h) => h.date.slice(5))).toEqual(expected);
      expect(list.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
    });
  });

  it('moves Koningsdag to Saturday 26 April when 27 April is a Sunday, with a note', () => {
    const [koningsdag] = holidaysOfYear(2025).filter((h) => h.id === 'koningsdag');
    expect(koningsdag?.date).toBe('2025-04-26');
    expect(isoWeekday(d('2025-04-26'))).toBe(6);
    expect(koningsdag?.note?.nl).toBe('Zondag 27 april 2025 is een zondag; de dag wordt gevierd op zaterdag 26 april 2025.');
    expect(holidaysOfYear(2031).find((h) => h.id === 'koningsdag')?.date).toBe('2031-04-26');
    expect(holidaysOfYear(2026).find((h) => h.id === 'koningsdag')?.note).toBeUndefined();
  });

  it('gives Dutch and English names, reasons and sources', () => {
    const list = holidaysOfYear(2026);
    const bevrijdingsdag = list.find((h) => h.id === 'bevrijdingsdag');
    expect(bevrijdingsdag).toMatchObject({
      date: '2026-05-05',
      kind: 'feestdag',
      name: { nl: 'Bevrijdingsdag', en: 'Liberation Day' },
      reason: { nl: 'Algemeen erkende feestdag (Atw art. 3 lid 1)', en: 'Public holiday (Atw art. 3(1))' },
      source: 'https://wetten.overheid.nl/BWBR0002448',
    });
    expect(list.find((h) => h.id === 'goede-vrijdag')?.reason.nl).toBe(
      'Gelijkgesteld met een algemeen erkende feestdag (Atw art. 3 lid 2)',
    );
    const decreed = list.find((h) => h.date === '2026-05-15');
    expect(decreed?.kind).toBe('gelijkgesteld');
    expect(decreed?.name).toEqual({ nl: 'Vrijdag na Hemelvaartsdag', en: 'Friday after Ascension Day' });
    expect(decreed?.decree).toContain('Besluit gelijkstelling van 2 januari 2026');
    expect(decreed?.reason.nl).toContain('(Atw art. 3 lid 3)');
    expect(decreed?.status).toBe('secondary');
    for (const h of list) expect(h.source).toMatch(/^https:\/\//);
  });

  it('classifies working and non-working days', () => {
    expect(isNonWorkingDay(d('2026-05-05'))).toBe(true); // Bevrijdingsdag, a Tuesday
    expect(isNonWorkingDay(d('2026-05-15'))).toBe(true); // gelijkgesteld
    expect(isNonWorkingDay(d('2026-05-16'))).toBe(true); // Saturday
    expect(isNonWorkingDay(d('2026-05-17'))).toBe(true); // Sunday
    expect(isNonWorkingDay(d('2026-05-18'))).toBe(false);
    expect(isNonWorkingDay(d('2026-02-16'))).toBe(false); // carnival Monday is not a holiday
    expect(isNonWorkingDay(d('2026-12-24'))).toBe(false);
  });

  it('finds the next working day, keeping a working day itself (Atw art. 1 lid 1)', () => {
    expect(nextWorkingDay(d('2026-05-18'))).toBe('2026-05-18');
    expect(nextWorkingDay(d('2026-05-14'))).toBe('2026-05-18');
    expect(nextWorkingDay(d('2026-04-03'))).toBe('2026-04-07');
    expect(nextWorkingDay(d('2025-12-25'))).toBe('2025-12-29');
  });
});

describe('termEnd: DOMAIN.md §11 vectors', () => {
  it.each([
    // #, after, weeks, rawEnd, end
    [1, '2026-03-02', 6, '2026-04-13', '2026-04-13'],
    [2, '2026-03-24', 6, '2026-05-05', '2026-05-06'],
    [3, '2026-04-02', 6, '2026-05-14', '2026-05-18'],
    [4, '2025-11-20', 6, '2026-01-01', '2026-01-05'],
    [5, '2026-02-20', 6, '2026-04-03', '2026-04-07'],
    [6, '2025-03-15', 6, '2025-04-26', '2025-04-28'],
    [7, '2026-01-05', 8, '2026-03-02', '2026-03-02'],
    [8, '2026-04-13', 6, '2026-05-25', '2026-05-26'],
    [9, '2026-04-13', 12, '2026-07-06', '2026-07-06'],
  ] as const)('vector %i: %s + %i weeks → %s, ends %s', (_n, after, weeks, rawEnd, end) => {
    const result = termEnd({ after: d(after), weeks, atw: true });
    expect(result.rawEnd).toBe(rawEnd);
    expect(result.end).toBe(end);
    expect(result.extended).toBe(end !== rawEnd);
    expect(result.atwApplied).toBe(true);
    expect(result.warnings.nl).toEqual([]);
  });

  it('vector 9: 12 weeks is not longer than 12 weeks, so the Atw still applies', () => {
    const result = termEnd({ after: d('2026-04-13'), weeks: 12, atw: true });
    expect(result.atwApplied).toBe(true);
    // A 12-week term ending on a holiday is extended: 2026-03-02 + 12 weeks = 2026-05-25, Tweede Pinksterdag.
    expect(termEnd({ after: d('2026-03-02'), weeks: 12, atw: true }).end).toBe('2026-05-26');
    // 13 weeks is longer than 12 weeks: 2026-02-23 + 13 weeks = 2026-05-25, not extended.
    const thirteen = termEnd({ after: d('2026-02-23'), weeks: 13, atw: true });
    expect(thirteen).toMatchObject({ rawEnd: '2026-05-25', end: '2026-05-25', extended: false, atwApplied: false });
  });

  it('vector 11: complaint terms (9:11) are all working days', () => {
    const received = d('2026-03-02');
    expect(termEnd({ after: received, weeks: 6, atw: true }).end).toBe('2026-04-13');
    expect(termEnd({ after: received, weeks: 10, atw: true }).end).toBe('2026-05-11');
    const six = termEnd({ after: received, weeks: 6, atw: true });
    const extendedBy4 = termEnd({ after: six.rawEnd, weeks: 4, atw: true });
    expect(extendedBy4).toMatchObject({ rawEnd: '2026-05-11', end: '2026-05-11', extended: false });
  });

  it('vector 12: a 1-year term ends on the same date, without the Atw (art. 4)', () => {
    for (const input of [{ years: 1 }, { months: 12 }]) {
      const result = termEnd({ after: d('2026-04-13'), atw: true, ...input });
      expect(result).toMatchObject({ rawEnd: '2027-04-13', end: '2027-04-13', extended: false, atwApplied: false });
      expect(result.reasons.nl.at(-1)).toMatch(/langer dan 3 maanden; de Algemene termijnenwet is niet van toepassing \(Atw art\. 4\)/);
    }
    // Even when the year ends on a Sunday: 2026-02-28 + 1 year = Sunday 2027-02-28.
    expect(termEnd({ after: d('2026-02-28'), years: 1, atw: true }).end).toBe('2027-02-28');
  });

  it('vector 2 explains the move in Dutch and English, naming the day', () => {
    const result = termEnd({ after: d('2026-03-24'), weeks: 6, atw: true });
    expect(result.reasons.nl).toEqual([
      '6 weken na dinsdag 24 maart 2026 is dinsdag 5 mei 2026.',
      'Dinsdag 5 mei 2026 is een feestdag (Bevrijdingsdag, Atw art. 3 lid 1).',
      'De termijn wordt verlengd tot en met woensdag 6 mei 2026, de eerstvolgende werkdag (Atw art. 1 lid 1).',
    ]);
    expect(result.reasons.en).toEqual([
      '6 weeks after Tuesday 24 March 2026 is Tuesday 5 May 2026.',
      'Tuesday 5 May 2026 is a public holiday (Liberation Day, Atw art. 3(1)).',
      'The term is extended up to and including Wednesday 6 May 2026, the next working day (Atw art. 1(1)).',
    ]);
  });

  it('vector 3 names the gelijkgestelde dag and the weekend', () => {
    const { reasons } = termEnd({ after: d('2026-04-02'), weeks: 6, atw: true });
    expect(reasons.nl).toContain('Donderdag 14 mei 2026 is een feestdag (Hemelvaartsdag, Atw art. 3 lid 1).');
    expect(
      reasons.nl.some((r) =>
        r.startsWith('Vrijdag 15 mei 2026 is gelijkgesteld met een feestdag (vrijdag na Hemelvaartsdag; Besluit gelijkstelling'),
      ),
    ).toBe(true);
    expect(reasons.nl).toContain('Zaterdag 16 mei 2026 valt in het weekend (Atw art. 1 lid 1).');
    expect(reasons.nl).toContain('Zondag 17 mei 2026 valt in het weekend (Atw art. 1 lid 1).');
    expect(reasons.nl.at(-1)).toContain('maandag 18 mei 2026');
  });

  it('vector 6 names Koningsdag on a Saturday', () => {
    const { reasons } = termEnd({ after: d('2025-03-15'), weeks: 6, atw: true });
    expect(reasons.nl).toContain('Zaterdag 26 april 2025 valt in het weekend en is een feestdag (Koningsdag, Atw art. 3 lid 1).');
  });

  it('says so when the end is a working day', () => {
    const { reasons } = termEnd({ after: d('2026-03-02'), weeks: 6, atw: true });
    expect(reasons.nl.at(-1)).toBe('Maandag 13 april 2026 is een werkdag; de termijn wordt niet verlengd.');
  });

  it('does not extend without the Atw (vector 2 with atw: false)', () => {
    const result = termEnd({ after: d('2026-03-24'), weeks: 6, atw: false });
    expect(result).toMatchObject({ rawEnd: '2026-05-05', end: '2026-05-05', extended: false, atwApplied: false });
    expect(result.reasons.nl.at(-1)).toBe('De Algemene termijnenwet is niet toegepast; de termijn wordt niet verlengd.');
  });
});

describe('termEnd: other rules', () => {
  it('counts days and months', () => {
    expect(termEnd({ after: d('2026-03-02'), days: 10, atw: true }).rawEnd).toBe('2026-03-12');
    expect(termEnd({ after: d('2026-01-31'), months: 1, atw: false }).end).toBe('2026-02-28');
    // 3 months is not longer than 3 months: 2026-02-05 + 3 months = 2026-05-05, Bevrijdingsdag → 6 May.
    expect(termEnd({ after: d('2026-02-05'), months: 3, atw: true }).end).toBe('2026-05-06');
    // 90 days still applies, 91 days does not.
    expect(termEnd({ after: d('2026-02-04'), days: 90, atw: true })).toMatchObject({ rawEnd: '2026-05-05', end: '2026-05-06' });
    expect(termEnd({ after: d('2026-02-03'), days: 91, atw: true })).toMatchObject({ rawEnd: '2026-05-05', end: '2026-05-05' });
    expect(termEnd({ after: d('2026-01-05'), months: 4, atw: true }).atwApplied).toBe(false);
  });

  it('never moves a backward term (Atw art. 1 lid 2)', () => {
    // 6 weeks before 2026-06-16 is Tuesday 2026-05-05 (Bevrijdingsdag): stays.
    const result = termEnd({ after: d('2026-06-16'), weeks: 6, atw: true, direction: 'backward' });
    expect(result).toMatchObject({ rawEnd: '2026-05-05', end: '2026-05-05', extended: false, atwApplied: false });
    expect(result.reasons.nl.at(-1)).toBe('Een terugrekenende termijn wordt niet verlengd (Atw art. 1 lid 2).');
    expect(result.reasons.nl[0]).toBe('6 weken vóór dinsdag 16 juni 2026 is dinsdag 5 mei 2026.');
  });

  it('applies Atw art. 2: at least 2 working days in a term of 3 or more days', () => {
    // 3 days after Wed 24 Dec 2025: Thu 25 and Fri 26 (Christmas), Sat 27 → art. 1 gives Mon 29
    // with only 1 working day in the term, so art. 2 extends to Tue 30.
    const result = termEnd({ after: d('2025-12-24'), days: 3, atw: true });
    expect(result).toMatchObject({ rawEnd: '2025-12-27', end: '2025-12-30', extended: true });
    expect(result.reasons.nl.at(-1)).toBe(
      'Een termijn van ten minste 3 dagen moet ten minste 2 werkdagen bevatten (de begindag telt niet mee); tot en met maandag 29 december 2025 zijn dat er 1. De termijn wordt verlengd tot en met dinsdag 30 december 2025 (Atw art. 2).',
    );
    // A 2-day term is too short for art. 2: 2 days after Wed 24 Dec → Fri 26 → art. 1 → Mon 29.
    expect(termEnd({ after: d('2025-12-24'), days: 2, atw: true }).end).toBe('2025-12-29');
    // Thursday + 3 days = Sunday → Monday; Friday and Monday are 2 working days: no art. 2 extension.
    expect(termEnd({ after: d('2026-03-05'), days: 3, atw: true }).end).toBe('2026-03-09');
  });

  it('takes the Atw numbers from the data', () => {
    const strictArt4 = createLegalCalendar(withData((data) => (data.atw.art4.maximumTerm.weeks = 5)));
    expect(strictArt4.termEnd({ after: d('2026-03-24'), weeks: 6, atw: true }).end).toBe('2026-05-05');
    expect(strictArt4.termEnd({ after: d('2026-03-31'), weeks: 5, atw: true }).end).toBe('2026-05-06');
    const art2Three = createLegalCalendar(withData((data) => (data.atw.art2.minimumWorkingDays = 3)));
    expect(art2Three.termEnd({ after: d('2026-03-05'), days: 3, atw: true }).end).toBe('2026-03-10');
    const noDecrees = createLegalCalendar(withData((data) => (data.gelijkgesteldeDagen.days = [])));
    expect(noDecrees.termEnd({ after: d('2026-04-02'), weeks: 6, atw: true }).end).toBe('2026-05-15');
  });

  it('warns when the decreed days of a year are not in the data', () => {
    const result = termEnd({ after: d('2028-12-20'), weeks: 2, atw: true });
    expect(result.end).toBe('2029-01-03');
    expect(result.warnings.nl).toEqual([
      'De kalendergegevens bevatten de gelijkgestelde dagen voor 2029 niet; controleer in de Staatscourant of er een gelijkstellingsbesluit is (Atw art. 3 lid 3).',
    ]);
    expect(result.warnings.en).toHaveLength(1);
    expect(termEnd({ after: d('2029-01-01'), years: 1, atw: true }).warnings.nl).toEqual([]); // no Atw, no holidays consulted
  });

  it('rejects a term without exactly one positive integer length', () => {
    const after = d('2026-03-02');
    expect(() => termEnd({ after, atw: true })).toThrow(RangeError);
    expect(() => termEnd({ after, weeks: 6, days: 2, atw: true })).toThrow(RangeError);
    expect(() => termEnd({ after, weeks: 0, atw: true })).toThrow(RangeError);
    expect(() => termEnd({ after, weeks: -1, atw: true })).toThrow(RangeError);
    expect(() => termEnd({ after, weeks: 1.5, atw: true })).toThrow(RangeError);
  });

  describe('properties', () => {
    const covered = fc.integer({ min: toDayNumber(d('2023-01-01')), max: toDayNumber(d('2028-10-31')) }).map(fromDayNumber);
    const anyDate = fc.integer({ min: toDayNumber(d('1990-01-01')), max: toDayNumber(d('2100-12-31')) }).map(fromDayNumber);
    const atwTerm = fc.oneof(
      fc.record({ unit: fc.constant<TermUnit>('days'), length: fc.integer({ min: 1, max: 90 }) }),
      fc.record({ unit: fc.constant<TermUnit>('weeks'), length: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ unit: fc.constant<TermUnit>('months'), length: fc.integer({ min: 1, max: 3 }) }),
    );
    const anyTerm = fc.oneof(
      atwTerm,
      fc.record({ unit: fc.constant<TermUnit>('days'), length: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ unit: fc.constant<TermUnit>('weeks'), length: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ unit: fc.constant<TermUnit>('months'), length: fc.integer({ min: 1, max: 24 }) }),
      fc.record({ unit: fc.constant<TermUnit>('years'), length: fc.integer({ min: 1, max: 5 }) }),
    );

    it('the Atw end is a working day, never before the raw end, at most 10 days after it', () => {
      fc.assert(
        fc.property(fc.oneof(covered, anyDate), atwTerm, (after, { unit, length }) => {
          const r = termEnd({ after, [unit]: length, atw: true });
          expect(r.atwApplied).toBe(true);
          expect(isNonWorkingDay(r.end)).toBe(false);
          expect(r.end >= r.rawEnd).toBe(true);
          expect(daysBetween(r.rawEnd, r.end)).toBeLessThanOrEqual(10);
          expect(r.extended).toBe(r.end !== r.rawEnd);
          expect(r.reasons.nl.length).toBeGreaterThanOrEqual(2);
          expect(r.reasons.en.length).toBe(r.reasons.nl.length);
        }),
        { numRuns: 500 },
      );
    });

    it('an Atw term of 3 or more days contains at least 2 working days (art. 2)', () => {
      fc.assert(
        fc.property(covered, atwTerm, (after, { unit, length }) => {
          const r = termEnd({ after, [unit]: length, atw: true });
          fc.pre(daysBetween(after, r.rawEnd) >= 3);
          let working = 0;
          for (let x: IsoDate = addDays(after, 1); x <= r.end; x = addDays(x, 1)) if (!isNonWorkingDay(x)) working += 1;
          expect(working).toBeGreaterThanOrEqual(2);
        }),
        { numRuns: 300 },
      );
    });

    it('backward terms are never moved', () => {
      fc.assert(
        fc.property(fc.oneof(covered, anyDate), anyTerm, fc.boolean(), (after, { unit, length }, atw) => {
          const r = termEnd({ after, [unit]: length, atw, direction: 'backward' });
          expect(r.end).toBe(r.rawEnd);
          expect(r.extended).toBe(false);
          expect(r.rawEnd < after).toBe(true);
        }),
      );
    });

    it('without the Atw, or beyond the art. 4 limits, the end is the raw end', () => {
      fc.assert(
        fc.property(anyDate, anyTerm, fc.boolean(), (after, { unit, length }, atw) => {
          const r = termEnd({ after, [unit]: length, atw });
          const limits = legalCalendarData.atw.art4.maximumTerm;
          const tooLong = unit === 'years' || length > limits[unit];
          if (!atw || tooLong) expect(r).toMatchObject({ end: r.rawEnd, extended: false, atwApplied: false });
        }),
      );
    });
  });
});

describe('filedOnTime (Awb 6:9)', () => {
  const end = d('2026-04-13');

  it('vector 16: posted on the last day, received within a week → on time; a day later → late', () => {
    const inTime = filedOnTime({ termEnd: end, postedOn: end, receivedOn: d('2026-04-20'), byPost: true });
    expect(inTime).toMatchObject({ onTime: true, basis: 'posted-in-term', lastPostalReceipt: '2026-04-20' });
    expect(inTime.reasons.nl.at(-1)).toContain('(Awb art. 6:9 lid 2)');
    const late = filedOnTime({ termEnd: end, postedOn: end, receivedOn: d('2026-04-21'), byPost: true });
    expect(late).toMatchObject({ onTime: false, basis: 'late' });
    expect(late.reasons.nl.at(-1)).toBe('Niet tijdig ingediend.');
  });

  it('is on time when received before the term ends, by any channel', () => {
    expect(filedOnTime({ termEnd: end, receivedOn: end, byPost: false })).toMatchObject({ onTime: true, basis: 'received-in-term' });
    expect(filedOnTime({ termEnd: end, receivedOn: d('2026-04-01'), byPost: true })).toMatchObject({ onTime: true });
  });

  it('is late when received after the end electronically, posted late, or with no posting date', () => {
    expect(filedOnTime({ termEnd: end, receivedOn: d('2026-04-14'), byPost: false }).onTime).toBe(false);
    expect(filedOnTime({ termEnd: end, postedOn: d('2026-04-14'), receivedOn: d('2026-04-15'), byPost: true }).onTime).toBe(false);
    const unknown = filedOnTime({ termEnd: end, receivedOn: d('2026-04-15'), byPost: true });
    expect(unknown.onTime).toBe(false);
    expect(unknown.reasons.nl[1]).toContain('verzenddatum is onbekend');
  });

  it('rejects a posting date after the receipt date', () => {
    expect(() => filedOnTime({ termEnd: end, postedOn: d('2026-04-10'), receivedOn: d('2026-04-09'), byPost: true })).toThrow(RangeError);
  });
});

describe('calendar data (data/legal/holidays.json)', () => {
  it('has a source and validFrom for every entry, and marks its ⚠️ status', () => {
    const data = legalCalendarData;
    expect(data.note).toContain('⚠️');
    const entries = [data.atw.art1, data.atw.art2, data.atw.art4, ...data.atw.holidays, ...data.gelijkgesteldeDagen.days, data.awb.art6_9];
    for (const entry of entries) {
      expect(entry.source).toMatch(/^https:\/\//);
      expect(isIsoDate(entry.validFrom)).toBe(true);
    }
    expect(data.gelijkgesteldeDagen.days.map((x) => x.date)).toEqual([
      '2023-04-28',
      '2023-05-19',
      '2024-05-10',
      '2024-12-27',
      '2025-05-30',
      '2026-01-02',
      '2026-05-15',
      '2027-05-07',
      '2028-04-28',
      '2028-05-26',
    ]);
    for (const day of data.gelijkgesteldeDagen.days) expect(day.decree).toMatch(/^Besluit gelijkstelling van /);
  });

  it('rejects invalid data', () => {
    const broken = (patch: (json: Record<string, unknown>) => void): unknown => {
      const json = structuredClone(legalCalendarData) as unknown as Record<string, unknown>;
      patch(json);
      return json;
    };
    expect(() =>
      parseLegalCalendarData(broken((j) => ((j['gelijkgesteldeDagen'] as { days: { date: string }[] }).days[0]!.date = '2026-02-30'))),
    ).toThrow(/Invalid legal calendar data/);
    expect(() =>
      parseLegalCalendarData(broken((j) => ((j['atw'] as { holidays: { source: string }[] }).holidays[0]!.source = 'not a url'))),
    ).toThrow(/Invalid legal calendar data/);
    expect(() => parseLegalCalendarData(broken((j) => delete j['awb']))).toThrow(/Invalid legal calendar data/);
    expect(() => parseLegalCalendarData(legalCalendarData)).not.toThrow();
  });
});

describe('Clock', () => {
  it('gives the date in Europe/Amsterdam, in winter and summer time', () => {
    expect(fixedClock('2026-03-01T22:59:59Z').today()).toBe('2026-03-01');
    expect(fixedClock('2026-03-01T23:00:00Z').today()).toBe('2026-03-02'); // CET, UTC+1
    expect(fixedClock('2026-06-30T21:59:59Z').today()).toBe('2026-06-30');
    expect(fixedClock('2026-06-30T22:00:00Z').today()).toBe('2026-07-01'); // CEST, UTC+2
    expect(isoDateInAmsterdam(new Date(Date.UTC(2025, 11, 31, 23, 30)))).toBe('2026-01-01');
  });

  it('fixedClock stands still and returns fresh Date objects', () => {
    const clock = fixedClock(new Date('2026-03-24T10:00:00Z'));
    const a = clock.now();
    a.setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-03-24T10:00:00.000Z');
    expect(() => fixedClock('not a date')).toThrow(RangeError);
  });

  it('systemClock returns a valid date', () => {
    expect(isIsoDate(systemClock.today())).toBe(true);
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(5_000);
  });
});
