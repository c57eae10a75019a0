// What a benchmark reports, and the table `npm run bench` prints.
// Benchmarks assert nothing: a missed target is printed, never thrown.

export interface Measure {
  value: number;
  unit: string;
}

export interface BenchResult {
  /** What was measured, e.g. "GET /api/v1/organisations (sqlite) req/s". */
  name: string;
  /** The measured figure. */
  figure: Measure;
  /** The same quantity for the baseline, measured in the same run. */
  baseline: Measure;
  /** What the baseline is, e.g. "bare node:http". */
  baselineName: string;
  /** figure / baseline. */
  ratio: number;
  /** The target in words ("ratio ≥ 0.5", "< 10 ms"), when the issue sets one. */
  target?: string;
  /** Whether the target is met; absent when there is no target. */
  met?: boolean;
  /** Context worth reading next to the figure (errors, CPU use, sample size). */
  notes?: string[];
}

export interface Bench {
  run(): Promise<BenchResult[]>;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatMeasure(m: Measure): string {
  return `${formatNumber(m.value)} ${m.unit}`;
}

/** A plain-text table with one row per result and the notes underneath. */
export function renderTable(rows: readonly { bench: string; result: BenchResult }[]): string {
  const header = ['bench', 'name', 'figure', 'baseline', 'ratio', 'target', 'met'];
  const body = rows.map(({ bench, result: r }) => [
    bench,
    r.name,
    formatMeasure(r.figure),
    `${formatMeasure(r.baseline)} (${r.baselineName})`,
    Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '—',
    r.target ?? '—',
    r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const numeric = new Set([2, 4]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const notes = rows.flatMap(({ bench, result }) => (result.notes ?? []).map((n) => `  [${bench}] ${result.name}: ${n}`));
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  return out.join('\n');
}
