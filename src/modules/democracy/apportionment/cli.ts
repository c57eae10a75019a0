// `loket elections apportion FILE`: the seat apportionment of one election, from a JSON file (or `-`
// for standard input) in the case schema of data/elections/abacus_cases.json, to one JSON object
// on standard output with the fields of that file's `expected`.
import { z } from 'zod';
import { apportion, LIST_LOT_KINDS, MAX_SEATS, type ApportionmentInput } from './model.ts';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const USAGE = 'Gebruik: loket elections apportion FILE   (FILE is een JSON-bestand, of - voor standaardinvoer)';

/** The help text of `loket elections apportion`. */
export const apportionHelp: string = [
  'loket elections apportion: de zetelverdeling en de toewijzing van zetels aan kandidaten berekenen',
  '(Kieswet, hoofdstuk P), zoals de Kiesraad die in zijn programma Abacus uitvoert.',
  '',
  USAGE,
  '',
  'Invoer: één JSON-object met',
  '  seats                  het aantal zetels',
  '  lists                  de lijsten, op oplopend lijstnummer: { number, candidate_votes: [stemmen per',
  '                         kandidaat in lijstvolgorde], votes?: stemmen op de lijst, candidate_count?,',
  '                         candidate_numbers? }',
  '  kind?                  process (zetels en kandidaten; standaard), seat_assignment (alleen zetels)',
  '                         of candidate_nomination (alleen kandidaten, met given_quota en',
  '                         given_seats_per_list)',
  '  deceased_candidates?   [{ list, candidates: [nummers] }]: overleden kandidaten (art. P 19a)',
  '  lots_drawn_lists?      [{ kind, options, drawn }]: lotingen tussen lijsten die al zijn gehouden',
  '  lots_drawn_candidates? [{ list, options, seat_numbers, drawn }]: lotingen tussen kandidaten',
  '',
  'Uitvoer: één JSON-object met status Completed, ListDrawingLotsRequired (er moet worden geloot',
  'tussen lijsten; zie drawing_lots), CandidateDrawingLotsRequired (loting tussen kandidaten) of Error.',
  'Leg de uitkomst van een loting vast in lots_drawn_lists of lots_drawn_candidates en reken opnieuw.',
  'Alle breuken zijn exact: { num, den } of [num, den].',
  '',
  'Afsluitcode: 0 als er is gerekend (ook als er moet worden geloot), 2 bij ongeldige invoer.',
  '',
  'Voorbeeld:',
  '  echo \'{"seats": 15, "lists": [{"number": 1, "candidate_votes": [6000]}, {"number": 2, "candidate_votes": [3000]}]}\' \\',
  '    | loket elections apportion -',
  '',
].join('\n');

const count = z.number().int().min(0);
const positive = z.number().int().min(1);

/** The input schema: one case of data/elections/abacus_cases.json (other fields, such as `expected`, are ignored). */
export const apportionmentInputSchema = z.object({
  kind: z.enum(['process', 'seat_assignment', 'candidate_nomination']).optional(),
  seats: positive.max(MAX_SEATS),
  lists: z
    .array(
      z.object({
        number: positive,
        candidate_votes: z.array(count).optional(),
        votes: count.optional(),
        candidate_count: count.optional(),
        candidate_numbers: z.array(positive).optional(),
      }),
    )
    .min(1),
  deceased_candidates: z.array(z.object({ list: positive, candidates: z.array(positive) })).optional(),
  lots_drawn_lists: z.array(z.object({ kind: z.enum(LIST_LOT_KINDS), options: z.array(positive), drawn: positive })).optional(),
  lots_drawn_candidates: z
    .array(z.object({ list: positive, options: z.array(positive), seat_numbers: z.array(positive), drawn: positive }))
    .optional(),
  given_quota: z.object({ num: count, den: positive }).optional(),
  given_seats_per_list: z.array(count).optional(),
}) satisfies z.ZodType<ApportionmentInput>;

const TYPE_NAMES: Record<string, string> = {
  number: 'een getal',
  int: 'een geheel getal',
  string: 'tekst',
  object: 'een object',
  array: 'een lijst ([...])',
  boolean: 'true of false',
};

/** Dutch messages for the schema's issues (per parse: no global zod configuration is changed). */
function dutchIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'ontbreekt' : `moet ${TYPE_NAMES[issue.expected] ?? issue.expected} zijn`;
    case 'too_small':
      return issue.origin === 'array'
        ? `moet ten minste ${String(issue.minimum)} element bevatten`
        : `moet ten minste ${String(issue.minimum)} zijn`;
    case 'too_big':
      return issue.origin === 'array'
        ? `mag ten hoogste ${String(issue.maximum)} elementen bevatten`
        : `mag ten hoogste ${String(issue.maximum)} zijn`;
    case 'invalid_value':
      return `moet een van deze waarden zijn: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return 'is ongeldig';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? 'de invoer' : out;
}

function invalid(error: string, message: string): CommandResult {
  return {
    exitCode: 2,
    stdout: `${JSON.stringify({ status: 'Error', error, message })}\n`,
    stderr: `loket elections apportion: ${message}\n`,
  };
}

/**
 * Runs `loket elections apportion` with the arguments after `apportion`. `readInput` reads the named
 * file, or standard input for `-`. Never throws.
 */
export function apportionCommand(args: string[], readInput: (fileOrDash: string) => string): CommandResult {
  if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, stdout: apportionHelp, stderr: '' };
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || (file.startsWith('-') && file !== '-')) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: `loket elections apportion: geef precies één bestand, of - voor standaardinvoer.\n${USAGE}\n`,
    };
  }
  const name = file === '-' ? 'de standaardinvoer' : file;

  let text: string;
  try {
    text = readInput(file);
  } catch {
    return invalid('UnreadableInput', `${name} kan niet worden gelezen.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const position = e instanceof SyntaxError ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    return invalid('InvalidJson', `${name} bevat geen geldige JSON${position === undefined ? '' : ` (fout bij teken ${position})`}.`);
  }
  const parsed = apportionmentInputSchema.safeParse(json, { error: dutchIssue });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${formatPath(issue.path)} ${issue.message}` : 'de invoer is ongeldig';
    const more =
      parsed.error.issues.length > 1 ? ` (en nog ${parsed.error.issues.length - 1} fout${parsed.error.issues.length > 2 ? 'en' : ''})` : '';
    return invalid('SchemaViolation', `Ongeldige invoer: ${where}${more}.`);
  }

  const result = apportion(parsed.data);
  const stdout = `${JSON.stringify(result)}\n`;
  if (result.status === 'Error') return { exitCode: 2, stdout, stderr: `loket elections apportion: ${result.message}\n` };
  return { exitCode: 0, stdout, stderr: '' };
}
