import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apportionCommand, apportionHelp } from './cli.ts';
import { normaliseFractions } from './model.test.ts';

interface AbacusCase {
  name: string;
  expected: Record<string, unknown>;
}

const casesPath = new URL('../../../../data/elections/abacus_cases.json', import.meta.url);
const cases = (JSON.parse(readFileSync(casesPath, 'utf8')) as { cases: AbacusCase[] }).cases;
const byName = (name: string): AbacusCase => {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
};

/** A readInput that serves files from a map and stdin for `-`, and fails like fs for the rest. */
function reader(files: Record<string, string>, stdin = ''): (fileOrDash: string) => string {
  return (fileOrDash) => {
    if (fileOrDash === '-') return stdin;
    const content = files[fileOrDash];
    if (content === undefined)
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${fileOrDash}'`), { code: 'ENOENT' });
    return content;
  };
}

function run(
  args: string[],
  files: Record<string, string> = {},
  stdin = '',
): { exitCode: number; stdout: string; stderr: string; json: unknown } {
  const result = apportionCommand(args, reader(files, stdin));
  return { ...result, json: result.stdout === '' ? undefined : JSON.parse(result.stdout) };
}

describe('loket elections apportion', () => {
  it('apportions a case file and prints one JSON object with the fields of `expected`', () => {
    const c = byName('integration::int_test_lt_19_seats');
    const result = run(['case.json'], { 'case.json': JSON.stringify(c) });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.json).toMatchObject(normaliseFractions(c.expected) as Record<string, unknown>);
  });

  it('reads standard input for -', () => {
    const input = {
      seats: 15,
      lists: [6000, 3000, 900, 600].map((votes, i) => ({ number: i + 1, candidate_votes: [votes, ...Array<number>(11).fill(0)] })),
    };
    const result = run(['-'], {}, JSON.stringify(input));
    expect(result.exitCode).toBe(0);
    expect(result.json).toMatchObject({ status: 'Completed', kind: 'process', seats_per_list: [9, 4, 1, 1], warnings: [] });
  });

  it('gives every one of the 83 cases the expected output (exit 0, or 2 for the two invalid ones)', () => {
    for (const c of cases) {
      const result = run(['-'], {}, JSON.stringify(c));
      const expected = normaliseFractions(c.expected) as Record<string, unknown>;
      expect(result.exitCode, c.name).toBe(expected.status === 'Error' ? 2 : 0);
      expect(result.json, c.name).toMatchObject(expected);
    }
  });

  it('exits 0 when a lot must be drawn: that is a status, not an error', () => {
    const c = byName('integration::int_test_drawing_of_lots_required');
    const result = run(['-'], {}, JSON.stringify(c));
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.json).toMatchObject({
      status: 'ListDrawingLotsRequired',
      drawing_lots: { kind: 'HighestAverageResidualSeat', options: [1, 2], residual_seat_numbers: [1] },
    });
    const drawn = { ...c, lots_drawn_lists: [{ kind: 'HighestAverageResidualSeat', options: [1, 2], drawn: 2 }] };
    // List 2 wins the lot (15 seats), but both lists have only 2 candidates (Kieswet P 10).
    const after = run(['-'], {}, JSON.stringify(drawn)).json as { status: string; steps: unknown[]; seats_per_list: number[] };
    expect(after).toMatchObject({ status: 'Completed', seats_per_list: [2, 2] });
    expect(after.steps[0]).toEqual({ type: 'HighestAverageAssignment', list: 2, options: [1, 2], votes_per_seat: [17, 5], drawn: true });

    const candidates = byName('candidate_nomination::tests::test_with_drawing_of_lots_multiple_lots_drawn#1');
    expect(run(['-'], {}, JSON.stringify(candidates))).toMatchObject({ exitCode: 0, stderr: '' });
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"seats": 15,', /bevat geen geldige JSON/],
    ['not an object', '[1, 2]', /Ongeldige invoer: de invoer moet een object zijn/],
    ['seats missing', '{"lists": [{"number": 1, "candidate_votes": [1]}]}', /Ongeldige invoer: seats ontbreekt/],
    ['seats a string', '{"seats": "15", "lists": [{"number": 1, "candidate_votes": [1]}]}', /seats moet een getal zijn/],
    ['zero seats', '{"seats": 0, "lists": [{"number": 1, "candidate_votes": [1]}]}', /seats moet ten minste 1 zijn/],
    [
      'negative votes',
      '{"seats": 5, "lists": [{"number": 1, "candidate_votes": [3, -1]}]}',
      /lists\[0\]\.candidate_votes\[1\] moet ten minste 0 zijn/,
    ],
    [
      'fractional votes',
      '{"seats": 5, "lists": [{"number": 1, "candidate_votes": [2.5]}]}',
      /lists\[0\]\.candidate_votes\[0\] moet een geheel getal zijn/,
    ],
    ['no lists', '{"seats": 5, "lists": []}', /lists moet ten minste 1 element bevatten/],
    [
      'unknown kind',
      '{"seats": 5, "kind": "all", "lists": [{"number": 1, "candidate_votes": [1]}]}',
      /kind moet een van deze waarden zijn: process/,
    ],
    ['votes not matching', '{"seats": 5, "lists": [{"number": 1, "votes": 9, "candidate_votes": [3, 4]}]}', /niet gelijk aan de som/],
    ['empty list', '{"seats": 5, "lists": [{"number": 1, "candidate_votes": []}]}', /Lijst 1 heeft geen kandidaten/],
    [
      'unknown list in a lot',
      '{"seats": 5, "lists": [{"number": 1, "candidate_votes": [1]}], "lots_drawn_lists": [{"kind": "HighestAverageResidualSeat", "options": [1, 4], "drawn": 4}]}',
      /er is geen lijst 4/,
    ],
  ])('exits 2 with one Dutch line for invalid input: %s', (_what, input, message) => {
    const result = run(['-'], {}, input);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^loket elections apportion: [^\n]+\n$/);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+|Error:|Invalid input|expected/);
    expect(result.json).toMatchObject({ status: 'Error' });
  });

  it('exits 2 for a file it cannot read, without a stack trace', () => {
    const result = run(['missing.json']);
    expect(result).toMatchObject({ exitCode: 2, stderr: 'loket elections apportion: missing.json kan niet worden gelezen.\n' });
    expect(result.json).toEqual({ status: 'Error', error: 'UnreadableInput', message: 'missing.json kan niet worden gelezen.' });
  });

  it('exits 2 with the usage for no file, two files or an unknown option', () => {
    for (const args of [[], ['a.json', 'b.json'], ['--verbose']]) {
      const result = run(args);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/Gebruik: loket elections apportion FILE/);
    }
  });

  it('prints the help for --help and -h', () => {
    expect(apportionCommand(['--help'], reader({}))).toEqual({ exitCode: 0, stdout: apportionHelp, stderr: '' });
    expect(apportionCommand(['-h'], reader({})).stdout).toBe(apportionHelp);
    expect(apportionHelp).toMatch(/^loket elections apportion: /);
    expect(apportionHelp).toMatch(/Afsluitcode: 0 .* 2 bij ongeldige invoer/);
  });
});
