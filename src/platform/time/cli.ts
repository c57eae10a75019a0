// `loket deadline`: the last day of a statutory term, with the Algemene termijnenwet applied.
import { parseArgs } from 'node:util';
import { legalCalendar } from './calendar-data.ts';
import { InvalidDateError, MAX_YEAR, MIN_YEAR, tryParseIsoDate, type Lang, type LegalCalendar, type TermUnit } from './model.ts';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Input sanity limit for the term length (not a legal number). */
export const MAX_TERM_LENGTH = 10_000;

const UNITS: readonly TermUnit[] = ['days', 'weeks', 'months', 'years'];

const USAGE =
  'Gebruik: loket deadline --after JJJJ-MM-DD (--weeks N | --days N | --months N | --years N) [--no-atw] [--explain] [--lang nl|en]';

function buildHelp(calendar: LegalCalendar): string {
  const { art2, art4 } = calendar.data.atw;
  const max = art4.maximumTerm;
  return [
    'loket deadline: de laatste dag van een wettelijke termijn berekenen.',
    '',
    USAGE,
    '',
    '  --after JJJJ-MM-DD  de dag waarna de termijn begint te lopen (bijvoorbeeld de dag van',
    '                      bekendmaking van het besluit; Awb 6:8)',
    '  --days N            termijn in dagen (dag X + N)',
    '  --weeks N           termijn in weken (dag X + 7N: dezelfde weekdag N weken later)',
    '  --months N          termijn in kalendermaanden (zelfde dagnummer; bestaat die dag niet,',
    '                      dan de laatste dag van die maand)',
    '  --years N           termijn in jaren',
    '  --no-atw            de Algemene termijnenwet niet toepassen (geen wettelijke termijn,',
    '                      of de wet zelf sluit de Atw uit)',
    '  --explain           uitleggen waarom de einddatum (niet) is verschoven',
    '  --lang nl|en        taal van de uitleg (standaard nl)',
    '  -h, --help          deze hulp tonen',
    '',
    `Geef precies één van --days, --weeks, --months of --years, met een geheel getal van 1 tot en met ${MAX_TERM_LENGTH}.`,
    'Zonder --no-atw geldt de Algemene termijnenwet: eindigt de termijn op een zaterdag, zondag of',
    'feestdag, dan loopt hij door tot en met de eerstvolgende werkdag (art. 1); een termijn van ten',
    `minste ${art2.minimumTermDays} dagen bevat ten minste ${art2.minimumWorkingDays} werkdagen (art. 2); termijnen langer dan ${max.days} dagen,`,
    `${max.weeks} weken of ${max.months} maanden worden niet verlengd (art. 4).`,
    '',
    'Voorbeeld:',
    '  loket deadline --after 2026-03-24 --weeks 6',
    '  2026-05-06',
    '',
  ].join('\n');
}

/** The help text of `loket deadline`. */
export const deadlineHelp: string = buildHelp(legalCalendar);

function usageError(message: string): CommandResult {
  return { exitCode: 2, stdout: '', stderr: `loket deadline: ${message}\n${USAGE}\n` };
}

const VALUE_OPTIONS = new Set(['--after', '--days', '--weeks', '--months', '--years', '--lang']);

/** `--weeks -3` → `--weeks=-3`, so a negative number is reported as negative, not as a missing value. */
function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parseError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : '';
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `onbekende optie ${option ?? ''}.`.replace(' .', '.');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /argument '([^']*)'/.exec(message)?.[1];
      return `onverwacht argument${arg === undefined ? '' : ` "${arg}"`}; alle invoer gaat via opties.`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return `optie ${option ?? ''} neemt geen waarde.`;
      return `optie ${option ?? ''} heeft een waarde nodig.`;
    default:
      return 'ongeldige argumenten.';
  }
}

function parseLength(option: string, raw: string): number | { error: string } {
  if (/^-\d+([.,]\d*)?$/.test(raw)) {
    return { error: `--${option} ${raw} is negatief; een termijn is een positief geheel getal.` };
  }
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n === 0) return { error: `--${option} 0 is geen termijn; geef een positief geheel getal.` };
    if (n > MAX_TERM_LENGTH) return { error: `--${option} ${raw} is te groot; het maximum is ${MAX_TERM_LENGTH}.` };
    return n;
  }
  if (/^\d*[.,]\d+$|^\d+[.,]$/.test(raw)) {
    return { error: `--${option} ${raw} is geen geheel getal; geef bijvoorbeeld --${option} 6.` };
  }
  return { error: `--${option} "${raw}" is geen getal; geef een positief geheel getal, bijvoorbeeld --${option} 6.` };
}

/**
 * `loket deadline --after YYYY-MM-DD (--weeks N | --days N | --months N | --years N) [--no-atw] [--explain] [--lang nl|en]`.
 * Prints the last day of the term; exit code 2 with a one-line Dutch message for bad input.
 */
export function deadlineCommand(args: string[], calendar: LegalCalendar = legalCalendar): CommandResult {
  let values: {
    after?: string | undefined;
    days?: string | undefined;
    weeks?: string | undefined;
    months?: string | undefined;
    years?: string | undefined;
    lang?: string | undefined;
    'no-atw'?: boolean | undefined;
    explain?: boolean | undefined;
    help?: boolean | undefined;
  };
  try {
    values = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: {
        after: { type: 'string' },
        days: { type: 'string' },
        weeks: { type: 'string' },
        months: { type: 'string' },
        years: { type: 'string' },
        'no-atw': { type: 'boolean' },
        explain: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error: unknown) {
    return usageError(parseError(error));
  }

  if (values.help === true) {
    return { exitCode: 0, stdout: calendar === legalCalendar ? deadlineHelp : buildHelp(calendar), stderr: '' };
  }

  const langRaw = values.lang ?? 'nl';
  if (langRaw !== 'nl' && langRaw !== 'en') {
    return usageError(`--lang "${langRaw}" wordt niet ondersteund; kies nl of en.`);
  }
  const lang: Lang = langRaw;

  if (values.after === undefined) {
    return usageError('--after ontbreekt; geef de dag waarna de termijn begint als JJJJ-MM-DD, bijvoorbeeld --after 2026-03-24.');
  }
  const after = tryParseIsoDate(values.after);
  if (after === undefined) {
    return usageError(
      `--after "${values.after}" is geen geldige datum; gebruik JJJJ-MM-DD (jaar ${MIN_YEAR}–${MAX_YEAR}), bijvoorbeeld 2026-03-24.`,
    );
  }

  const given = UNITS.filter((unit) => values[unit] !== undefined);
  if (given.length === 0) {
    return usageError('geef de lengte van de termijn met precies één van --days, --weeks, --months of --years.');
  }
  if (given.length > 1) {
    return usageError(`geef precies één termijn op, niet ${given.map((u) => `--${u}`).join(' en ')} tegelijk.`);
  }
  const unit = given[0] as TermUnit;
  const length = parseLength(unit, values[unit] ?? '');
  if (typeof length !== 'number') return usageError(length.error);

  try {
    const result = calendar.termEnd({ after, [unit]: length, atw: values['no-atw'] !== true });
    const lines = [result.end, ...(values.explain === true ? result.reasons[lang] : [])];
    const prefix = lang === 'nl' ? 'Let op: ' : 'Warning: ';
    return {
      exitCode: 0,
      stdout: `${lines.join('\n')}\n`,
      stderr: result.warnings[lang].map((w) => `${prefix}${w}\n`).join(''),
    };
  } catch (error: unknown) {
    if (error instanceof InvalidDateError) {
      return usageError(`de einddatum valt buiten het ondersteunde bereik (jaar ${MIN_YEAR}–${MAX_YEAR}).`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return { exitCode: 1, stdout: '', stderr: `loket deadline: interne fout: ${message}\n` };
  }
}
