// `loket seed [--scale demo|nation|N] [--seed 42]`: fills the registers with demo or nation-sized
// data. Progress (percentage, rows/s, time left) goes to stderr: redrawn in place with `\r` on a
// terminal (isTTY and write), one line per 5 % otherwise. The summary goes to stdout. Exit 0 when done (also when the demo was
// already there), 1 when the seed failed or refused, 2 on bad arguments.
import type { Database } from '../../../platform/db/index.ts';
import type { Clock } from '../../../platform/time/index.ts';
import { DEMO_SEED, seedDemo } from './demo.ts';
import { MAX_PERSONS, NATION_PERSONS, SeedRefusedError, businessesFor, seedNation, type NationProgress } from './nation.ts';

export interface SeedIo {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
  /** Writes to stderr as is (no newline added): with isTTY, the progress bar is redrawn in place through it. */
  write?(text: string): void;
  /** Stops a nation seed between two chunks (e.g. on Ctrl-C); a new run resumes. */
  signal?: AbortSignal;
}

export const seedUsage = `Gebruik: loket seed [--scale demo|nation|AANTAL] [--seed GETAL]

  --scale demo     een demoset: enkele duizenden inwoners, bedrijven, ambtenaren in alle rollen (standaard)
  --scale nation   heel Nederland: 17.500.000 personen en 1.500.000 bedrijven
  --scale AANTAL   zoveel personen, met bedrijven naar verhouding (bijv. --scale 500000)
  --seed GETAL     startgetal van de generator (standaard ${DEMO_SEED}): hetzelfde getal geeft dezelfde gegevens

Een landelijke seed die is onderbroken, gaat bij een nieuwe run verder waar hij stopte.`;

type Scale = { kind: 'demo' } | { kind: 'persons'; persons: number };

export type ParsedSeedArgs = { ok: true; scale: Scale; seed: number; help: boolean } | { ok: false; message: string };

const nl = (n: number): string => n.toLocaleString('nl-NL');

export function parseSeedArgs(args: readonly string[]): ParsedSeedArgs {
  let scale: Scale = { kind: 'demo' };
  let seed = DEMO_SEED;
  let help = false;
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--scale' && name !== '--seed') return { ok: false, message: `Onbekende optie: ${arg}.` };
    if (seen.has(name)) return { ok: false, message: `De optie ${name} staat er twee keer.` };
    seen.add(name);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('--'))
      return { ok: false, message: `De optie ${name} heeft een waarde nodig.` };
    if (name === '--scale') {
      if (value === 'demo') scale = { kind: 'demo' };
      else if (value === 'nation') scale = { kind: 'persons', persons: NATION_PERSONS };
      else {
        const digits = value.replace(/[._]/g, '');
        const n = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PERSONS) {
          return {
            ok: false,
            message: `--scale moet demo, nation of een aantal personen van 1 tot en met ${nl(MAX_PERSONS)} zijn, niet "${value}".`,
          };
        }
        scale = { kind: 'persons', persons: n };
      }
    } else {
      const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(n) || n > 0xffff_ffff)
        return { ok: false, message: `--seed moet een geheel getal van 0 tot en met ${nl(0xffff_ffff)} zijn, niet "${value}".` };
      seed = n;
    }
  }
  return { ok: true, scale, seed, help };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} u ${String(m % 60).padStart(2, '0')} min`;
}

const BAR = 24;

/** One progress line: bar, percentage, persons, rows/s, time left. */
export function progressLine(p: NationProgress): string {
  const share = p.totalPersons > 0 ? p.persons / p.totalPersons : 1;
  const filled = Math.round(share * BAR);
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.rows / seconds : 0;
  const personRate = seconds > 0 ? (p.persons - p.startPersons) / seconds : 0;
  const left = personRate > 0 ? (p.totalPersons - p.persons) / personRate : Number.NaN;
  const pct = (share * 100).toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${pct.padStart(5)} %  ${nl(p.persons)} / ${nl(p.totalPersons)} personen  ${nl(Math.round(rate))} rijen/s  nog ${p.persons >= p.totalPersons ? '0 s' : formatDuration(left)}`;
}

export async function seedCommand(args: string[], database: Database, clock: Clock, io: SeedIo): Promise<number> {
  const parsed = parseSeedArgs(args);
  if (!parsed.ok) {
    io.err(`${parsed.message}\n\n${seedUsage}`);
    return 2;
  }
  if (parsed.help) {
    io.out(seedUsage);
    return 0;
  }
  try {
    if (parsed.scale.kind === 'demo') {
      const r = await seedDemo(database, clock, parsed.seed);
      if (r.skipped) {
        io.out('Er staan al personen in de database: de demogegevens zijn niet (opnieuw) geladen.');
        return 0;
      }
      io.out(
        `Demogegevens geladen: ${nl(r.rows.person)} personen, ${nl(r.rows.person_authority)} gezagsrelaties, ${nl(r.rows.court_registration)} curatele/bewind/mentorschap, ` +
          `${nl(r.rows.business)} bedrijven met ${nl(r.rows.business_branch)} vestigingen en ${nl(r.rows.business_functionary)} functionarissen, ${nl(r.rows.official)} ambtenaren (${nl(r.total)} rijen).`,
      );
      return 0;
    }
    const persons = parsed.scale.persons;
    io.err(`Seed van ${nl(persons)} personen en ${nl(businessesFor(persons))} bedrijven (startgetal ${parsed.seed}).`);
    let lastStep = -1;
    let lastLength = 0;
    const summary = await seedNation(database, {
      persons,
      seed: parsed.seed,
      clock,
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => {
        const line = progressLine(p);
        if (io.isTTY && io.write) {
          // Redraw in place; pad over a longer previous line.
          io.write(`\r${line.padEnd(lastLength)}${p.persons >= p.totalPersons ? '\n' : ''}`);
          lastLength = line.length;
          return;
        }
        const step = Math.floor((p.persons / p.totalPersons) * 20);
        if (step !== lastStep) {
          lastStep = step;
          io.err(line);
        }
      },
    });
    if (io.isTTY && io.write && !summary.complete) io.write('\n');
    const r = summary.rows;
    const written = Object.values(r).reduce((a, b) => a + b, 0);
    if (summary.chunksWritten === 0 && summary.complete) {
      io.out(`De database bevat al alle ${nl(persons)} personen van deze seed: er is niets toegevoegd.`);
      return 0;
    }
    const resumed = summary.chunksBefore > 0 ? ` (verder gegaan na ${nl(summary.chunksBefore)} van ${nl(summary.chunks)} blokken)` : '';
    io.out(
      `${summary.complete ? 'Klaar' : 'Gestopt'}${resumed}: ${nl(r.person)} personen, ${nl(r.person_authority)} gezagsrelaties, ${nl(r.court_registration)} curatele/bewind/mentorschap, ` +
        `${nl(r.business)} bedrijven met ${nl(r.business_branch)} vestigingen en ${nl(r.business_functionary)} functionarissen toegevoegd; ` +
        `${nl(written)} rijen in ${formatDuration(summary.seconds)} (${nl(Math.round(written / Math.max(summary.seconds, 0.001)))} rijen/s).`,
    );
    if (!summary.complete) io.out('Start dezelfde opdracht opnieuw om verder te gaan.');
    return 0;
  } catch (e) {
    if (e instanceof SeedRefusedError) {
      io.err(`Seed geweigerd: ${e.message}`);
      return 1;
    }
    io.err(`Seed mislukt: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
