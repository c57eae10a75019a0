// `loket import upl FILE`: reads a UPL CSV and upserts its products. Progress on stderr (redrawn
// in place on a terminal, one line per 10 % otherwise), the summary on stdout.
// Exit codes: 0 done, 1 the database failed, 2 wrong arguments or an unreadable or invalid file.
import fs from 'node:fs';
import { parseUplCsv } from './model.ts';
import { catalogJsonExport, samenwerkendeCatalogiXml } from './export.ts';
import { defaultDecisionTerm } from './reference.ts';
import { exportItem } from './routes.ts';
import { importUpl, publishedServicesOf, type ExportContext, type ImportContext, type Progress } from './service.ts';

export const importUsage = `Gebruik: loket import upl BESTAND

Leest de Uniforme Productnamenlijst (UPL) als CSV (kolommen: zie data/upl/README.md) en werkt de
UPL-producten bij: nieuwe producten worden toegevoegd, gewijzigde bijgewerkt, nooit dubbel.
De meegeleverde lijst staat in data/upl/UPL-actueel-2023-10.csv.`;

export interface ImportIo {
  out(line: string): void;
  err(line: string): void;
  /** Writes to stderr as is (no newline): with isTTY, the progress bar is redrawn through it. */
  write(text: string): void;
  isTTY: boolean;
}

const BAR = 24;
const nl = (n: number): string => n.toLocaleString('nl-NL');

export function progressBar(p: Progress): string {
  const share = p.total > 0 ? p.done / p.total : 1;
  const filled = Math.round(share * BAR);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${String(Math.round(share * 100)).padStart(3)} %  ${nl(p.done)} / ${nl(p.total)} producten`;
}

/** Reports progress on stderr: redrawn in place on a terminal, else one line per 10 %. */
export function progressReporter(io: ImportIo): (p: Progress) => void {
  let lastStep = -1;
  return (p) => {
    const line = progressBar(p);
    if (io.isTTY) {
      io.write(`\r${line}${p.done >= p.total ? '\n' : ''}`);
      return;
    }
    const step = p.total > 0 ? Math.floor((p.done / p.total) * 10) : 10;
    if (step !== lastStep) {
      lastStep = step;
      io.err(line);
    }
  };
}

export async function importCommand(args: readonly string[], io: ImportIo, context: () => Promise<ImportContext>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(importUsage);
    return 0;
  }
  const [what, file, ...rest] = args;
  if (what !== 'upl' || !file || rest.length > 0) {
    io.err(`${what && what !== 'upl' ? `Onbekend soort import: ${what}.` : 'Geef het bestand op.'}\n\n${importUsage}`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`Het bestand ${file} kan niet worden gelezen: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const parsed = parseUplCsv(text);
  if (!parsed.ok) {
    io.err(`${file} is geen geldige UPL-lijst:`);
    for (const e of parsed.errors) io.err(`  - ${e}`);
    return 2;
  }
  io.err(`${nl(parsed.rows)} regels gelezen: ${nl(parsed.products.length)} producten.`);
  try {
    const started = Date.now();
    const r = await importUpl(await context(), parsed.products, { onProgress: progressReporter(io), source: file });
    const seconds = ((Date.now() - started) / 1000).toLocaleString('nl-NL', { maximumFractionDigits: 1 });
    io.out(
      `UPL ingelezen in ${seconds} s: ${nl(r.inserted)} nieuw, ${nl(r.updated)} gewijzigd, ${nl(r.unchanged)} ongewijzigd` +
        (r.absent > 0 ? `; ${nl(r.absent)} producten in de database staan niet (meer) in dit bestand en zijn bewaard.` : '.'),
    );
    return 0;
  } catch (e) {
    if (io.isTTY) io.write('\n');
    io.err(`Import mislukt: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

export const exportUsage = `Gebruik: loket export catalog CODE [--format sc|json]

Schrijft de gepubliceerde diensten van één organisatie (CODE, bijvoorbeeld GM0344) naar stdout:
--format sc   Samenwerkende Catalogi 4.0 (XML, standaard)
--format json alle elementen van de dienstbeschrijving (NORA AP05), bedragen in eurocenten`;

/** `loket export catalog CODE [--format sc|json]`: 0 written, 2 wrong arguments or unknown organisation. */
export async function exportCommand(
  args: readonly string[],
  env: { out(line: string): void; err(line: string): void; clock: ExportContext['clock']; database(): Promise<ExportContext['database']> },
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    env.out(exportUsage);
    return 0;
  }
  const [what, code, ...rest] = args;
  let format = 'sc';
  if (rest.length === 2 && rest[0] === '--format' && (rest[1] === 'sc' || rest[1] === 'json')) format = rest[1];
  else if (rest.length !== 0) {
    env.err(exportUsage);
    return 2;
  }
  if (what !== 'catalog' || !code || !/^[A-Za-z0-9-]{2,20}$/.test(code)) {
    env.err(exportUsage);
    return 2;
  }
  const ctx: ExportContext = { database: await env.database(), clock: env.clock };
  const found = await publishedServicesOf(ctx, code.toUpperCase());
  if (!found) {
    env.err(`Er is geen organisatie met code ${code}.`);
    return 2;
  }
  const generatedAt = ctx.clock.now().toISOString();
  const baseUrl = 'https://loket.example';
  const items = found.services.map((s) => exportItem(s, baseUrl));
  const o = found.organisation;
  env.out(
    format === 'json'
      ? JSON.stringify(
          catalogJsonExport(items, { generatedAt, organisation: { code: o.code, name: o.name, type: o.type, tooiUri: o.tooiUri } }),
          null,
          2,
        )
      : samenwerkendeCatalogiXml(items, { generatedAt, defaultDecisionTerm: defaultDecisionTerm() }),
  );
  return 0;
}
