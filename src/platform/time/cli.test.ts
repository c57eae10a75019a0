import { describe, expect, it } from 'vitest';
import { legalCalendarData } from './calendar-data.ts';
import { MAX_TERM_LENGTH, deadlineCommand, deadlineHelp } from './cli.ts';
import { createLegalCalendar } from './model.ts';

const USAGE_LINE = /^Gebruik: loket deadline --after JJJJ-MM-DD/m;

describe('loket deadline', () => {
  it('prints the last day of the issue example (6 weeks after 2026-03-24 → 2026-05-06)', () => {
    expect(deadlineCommand(['--after', '2026-03-24', '--weeks', '6'])).toEqual({ exitCode: 0, stdout: '2026-05-06\n', stderr: '' });
  });

  it.each([
    [['--after', '2026-03-02', '--weeks', '6'], '2026-04-13'],
    [['--after', '2026-04-02', '--weeks', '6'], '2026-05-18'],
    [['--after', '2025-11-20', '--weeks', '6'], '2026-01-05'],
    [['--after', '2026-02-20', '--weeks', '6'], '2026-04-07'],
    [['--after', '2025-03-15', '--weeks', '6'], '2025-04-28'],
    [['--after', '2026-04-13', '--weeks', '12'], '2026-07-06'],
    [['--after', '2026-02-04', '--days', '90'], '2026-05-06'],
    [['--after', '2026-02-05', '--months', '3'], '2026-05-06'],
    [['--after', '2026-04-13', '--years', '1'], '2027-04-13'],
    [['--weeks=6', '--after=2026-03-24'], '2026-05-06'],
  ])('%j → %s', (args, end) => {
    const result = deadlineCommand(args);
    expect(result).toEqual({ exitCode: 0, stdout: `${end}\n`, stderr: '' });
  });

  it('--no-atw gives the raw end', () => {
    expect(deadlineCommand(['--after', '2026-03-24', '--weeks', '6', '--no-atw'])).toEqual({
      exitCode: 0,
      stdout: '2026-05-05\n',
      stderr: '',
    });
  });

  it('--explain adds the reasons in Dutch', () => {
    const result = deadlineCommand(['--after', '2026-03-24', '--weeks', '6', '--explain']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '2026-05-06',
      '6 weken na dinsdag 24 maart 2026 is dinsdag 5 mei 2026.',
      'Dinsdag 5 mei 2026 is een feestdag (Bevrijdingsdag, Atw art. 3 lid 1).',
      'De termijn wordt verlengd tot en met woensdag 6 mei 2026, de eerstvolgende werkdag (Atw art. 1 lid 1).',
      '',
    ]);
  });

  it('--explain --lang en explains in English', () => {
    const result = deadlineCommand(['--after', '2026-03-24', '--weeks', '6', '--explain', '--lang', 'en']);
    expect(result.stdout).toContain('Tuesday 5 May 2026 is a public holiday (Liberation Day, Atw art. 3(1)).');
    expect(result.stdout.startsWith('2026-05-06\n')).toBe(true);
  });

  it('--explain with --no-atw says the Atw was not applied', () => {
    const result = deadlineCommand(['--after', '2026-03-24', '--weeks', '6', '--no-atw', '--explain']);
    expect(result.stdout).toBe(
      '2026-05-05\n6 weken na dinsdag 24 maart 2026 is dinsdag 5 mei 2026.\nDe Algemene termijnenwet is niet toegepast; de termijn wordt niet verlengd.\n',
    );
  });

  it('--explain shows the art. 4 exclusion for a year', () => {
    const result = deadlineCommand(['--after', '2026-04-13', '--years', '1', '--explain']);
    expect(result.stdout).toContain('de Algemene termijnenwet is niet van toepassing (Atw art. 4)');
  });

  it('warns on stderr when the decreed days of a year are unknown, still exit 0', () => {
    const result = deadlineCommand(['--after', '2028-12-20', '--weeks', '2']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('2029-01-03\n');
    expect(result.stderr).toMatch(/^Let op: De kalendergegevens bevatten de gelijkgestelde dagen voor 2029 niet/);
  });

  it('--help prints the help text', () => {
    const result = deadlineCommand(['--help']);
    expect(result).toEqual({ exitCode: 0, stdout: deadlineHelp, stderr: '' });
    expect(deadlineHelp).toMatch(USAGE_LINE);
    expect(deadlineHelp).toContain('--no-atw');
    expect(deadlineHelp).toContain('langer dan 90 dagen');
    expect(deadlineCommand(['-h']).exitCode).toBe(0);
  });

  it('builds the help text from the calendar data it is given', () => {
    const data = structuredClone(legalCalendarData);
    data.atw.art4.maximumTerm.days = 60;
    expect(deadlineCommand(['--help'], createLegalCalendar(data)).stdout).toContain('langer dan 60 dagen');
  });

  describe('bad input → exit code 2, one Dutch line plus usage on stderr, no stack trace', () => {
    it.each([
      ['missing --after', ['--weeks', '6'], /--after ontbreekt/],
      ['invalid date', ['--after', '2026-02-30', '--weeks', '6'], /--after "2026-02-30" is geen geldige datum/],
      ['badly formatted date', ['--after', '24-03-2026', '--weeks', '6'], /is geen geldige datum; gebruik JJJJ-MM-DD/],
      ['empty date', ['--after', '', '--weeks', '6'], /is geen geldige datum/],
      ['no unit', ['--after', '2026-03-24'], /precies één van --days, --weeks, --months of --years/],
      [
        'several units',
        ['--after', '2026-03-24', '--weeks', '6', '--days', '3'],
        /precies één termijn op, niet --days en --weeks tegelijk/,
      ],
      ['non-integer', ['--after', '2026-03-24', '--weeks', '6.5'], /--weeks 6\.5 is geen geheel getal/],
      ['not a number', ['--after', '2026-03-24', '--weeks', 'zes'], /--weeks "zes" is geen getal/],
      ['exponent', ['--after', '2026-03-24', '--days', '1e3'], /--days "1e3" is geen getal/],
      ['negative', ['--after', '2026-03-24', '--weeks', '-3'], /--weeks -3 is negatief/],
      ['negative with =', ['--after', '2026-03-24', '--days=-3'], /--days -3 is negatief/],
      ['zero', ['--after', '2026-03-24', '--days', '0'], /--days 0 is geen termijn/],
      [
        'absurdly large',
        ['--after', '2026-03-24', '--weeks', String(MAX_TERM_LENGTH + 1)],
        /--weeks 10001 is te groot; het maximum is 10000/,
      ],
      ['huge', ['--after', '2026-03-24', '--days', '99999999999999999999999'], /is te groot/],
      ['missing value', ['--after', '2026-03-24', '--weeks'], /optie --weeks heeft een waarde nodig/],
      ['unknown option', ['--after', '2026-03-24', '--weeks', '6', '--hours', '3'], /onbekende optie --hours/],
      ['positional argument', ['--after', '2026-03-24', '--weeks', '6', 'extra'], /onverwacht argument "extra"/],
      ['value for a flag', ['--after', '2026-03-24', '--weeks', '6', '--no-atw=ja'], /optie --no-atw neemt geen waarde/],
      [
        'unsupported language',
        ['--after', '2026-03-24', '--weeks', '6', '--lang', 'de'],
        /--lang "de" wordt niet ondersteund; kies nl of en/,
      ],
      ['end out of range', ['--after', '9999-12-01', '--months', '3'], /buiten het ondersteunde bereik/],
    ])('%s', (_name, args, message) => {
      const result = deadlineCommand(args);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n');
      expect(lines).toHaveLength(3); // message, usage, trailing newline
      expect(lines[0]).toMatch(/^loket deadline: /);
      expect(lines[0]).toMatch(message);
      expect(lines[1]).toMatch(USAGE_LINE);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('accepts the maximum term length', () => {
      expect(deadlineCommand(['--after', '2026-03-24', '--days', String(MAX_TERM_LENGTH)]).exitCode).toBe(0);
    });
  });
});
