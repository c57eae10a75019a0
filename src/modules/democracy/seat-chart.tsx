// democracy: the charts of a result, server-rendered SVG (no script, no library): the seat chart of
// an election as a parliament half-circle with one dot per seat, and a bar chart of a referendum's
// votes per option. Each is an image with a <title> and a <desc> that say what it shows in words;
// the page puts a table with the same numbers right under it (WCAG 1.1.1, 1.4.1).
//
// The colours each have a contrast of at least 3:1 against the white page (WCAG 1.4.11), and the
// legend beside the chart names every list with its colour, number and seats, so the colour is
// never the only way to tell the lists apart.
//
// The page's Content-Security-Policy allows no inline styles, so everything here is SVG
// attributes. The SVG has its natural width (600) and no height: the browser takes the height from
// the viewBox's proportions; NL Design System's `utrecht-img--scale-down` (max-width 100%) lets it
// shrink on a narrow screen, keeping its proportions, so nothing scrolls sideways at 320 px.
import { format, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import { democracyMessages } from './messages.ts';

/**
 * Twelve colours, darkest tones of distinct hues, in an order where neighbours differ most. Each
 * has a contrast ratio of at least 3:1 against white (checked in seat-chart.test.ts). A body with
 * more lists than colours starts again at the first; the legend and table still tell them apart.
 */
export const seatColours = [
  '#1f4e9c',
  '#b3261e',
  '#2e7d32',
  '#7b1fa2',
  '#a84f00',
  '#00695c',
  '#ad1457',
  '#4e5b6e',
  '#6b5a00',
  '#283593',
  '#6d4c41',
  '#00758f',
] as const;

/** An empty seat (not assigned, Kieswet P 10 with too few candidates): white with a dark rim. */
export const emptySeatColour = '#ffffff';
export const emptySeatRim = '#595959';

export const colourOf = (index: number): string => seatColours[index % seatColours.length] ?? seatColours[0];

/** The relative luminance of an sRGB colour `#rrggbb` (WCAG 2.1). */
export function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** The contrast ratio of two colours (WCAG 2.1), 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// ─── the half-circle ─────────────────────────────────────────────────────────────────────────────

/** A seat's place in the half-circle: x right, y up from the centre of the base, in units of the outer radius; r the dot's radius. */
export interface SeatPlace {
  x: number;
  y: number;
  r: number;
}

/*
 * The geometry of the usual parliament diagram (as in the arch diagrams on Wikipedia): with `n`
 * rows, in units where the outer edge is 1.75, row i (1…n) has radius (3n + 4i − 2) / 4n, so the
 * rows are 1/n apart; a dot has radius 0.4/n; a row holds π / (2·asin(2 / (3n + 4i − 2))) dots
 * when they are 1/n apart along the arc. A body gets the fewest rows that hold all its seats, and
 * each row its share in proportion to what it holds. The ends of each row are drawn in by one dot,
 * so no dot hangs below the base line. Dots of neighbouring rows are 1/n apart and never touch.
 */
const OUTER = 1.75;

/** The rows for `rows` rows: their radii (outer edge 1.75) and how many dots each holds. */
function rowsOf(rows: number): { radius: number; holds: number }[] {
  return Array.from({ length: rows }, (_, k) => {
    const i = k + 1;
    return { radius: (3 * rows + 4 * i - 2) / (4 * rows), holds: Math.floor(Math.PI / (2 * Math.asin(2 / (3 * rows + 4 * i - 2)))) };
  });
}

/**
 * The places of `seats` seats in a parliament half-circle, from left to right (by angle, then from
 * the inside out), so that seats given out in list order form a wedge per list. Coordinates are in
 * units of the outer edge (1): every dot lies whole inside the half-disc of radius 1 above y = 0.
 */
export function hemicycle(seats: number): SeatPlace[] {
  if (seats <= 0) return [];
  let rows = 1;
  while (rowsOf(rows).reduce((sum, row) => sum + row.holds, 0) < seats) rows += 1;
  const shape = rowsOf(rows);
  const total = shape.reduce((sum, row) => sum + row.holds, 0);
  // Largest remainders: each row gets its share by what it holds, never more than that.
  const exact = shape.map((row) => (seats * row.holds) / total);
  const counts = exact.map((e) => Math.floor(e));
  let left = seats - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || b.i - a.i);
  while (left > 0) {
    for (const { i } of order) {
      if (left === 0) break;
      if ((counts[i] ?? 0) < (shape[i]?.holds ?? 0)) {
        counts[i] = (counts[i] ?? 0) + 1;
        left -= 1;
      }
    }
  }
  const dot = 0.4 / rows;
  const places: (SeatPlace & { angle: number; row: number })[] = [];
  shape.forEach((row, i) => {
    const n = counts[i] ?? 0;
    const inset = Math.asin(Math.min(1, dot / row.radius));
    for (let j = 0; j < n; j++) {
      const angle = n === 1 ? Math.PI / 2 : Math.PI - inset - (j * (Math.PI - 2 * inset)) / (n - 1);
      places.push({ x: (row.radius * Math.cos(angle)) / OUTER, y: (row.radius * Math.sin(angle)) / OUTER, r: dot / OUTER, angle, row: i });
    }
  });
  places.sort((a, b) => b.angle - a.angle || a.row - b.row);
  return places.map(({ x, y, r }) => ({ x, y, r }));
}

// ─── the seat chart ──────────────────────────────────────────────────────────────────────────────

export interface SeatChartList {
  number: number;
  name: string;
  seats: number;
}

const WIDTH = 600;
const MARGIN = 8;
const round = (n: number): string => String(Math.round(n * 10) / 10);

const seatsText = (n: number, lang: Lang): string => {
  const m = democracyMessages(lang);
  return n === 1 ? m.seatWord : format(m.seatsWord, { n: formatNumber(n, lang) });
};

/** What the chart shows, in one sentence per list (its <desc>). */
export function seatChartDescription(lists: readonly SeatChartList[], seats: number, lang: Lang): string {
  const m = democracyMessages(lang);
  const assigned = lists.reduce((sum, l) => sum + l.seats, 0);
  const parts = lists
    .filter((l) => l.seats > 0)
    .map((l) => format(m.seatChartList, { number: l.number, name: l.name, seats: seatsText(l.seats, lang) }));
  if (assigned < seats) parts.push(format(m.seatChartEmpty, { seats: seatsText(seats - assigned, lang) }));
  return format(m.seatChartDesc, { seats: formatNumber(seats, lang), lists: `${parts.join('; ')}.` });
}

/**
 * A chart as a figure: an SVG image named by its <title> and <desc> (ids `${id}-titel` and
 * `${id}-beschrijving`), its shapes (`children`), then what follows the image (`after`, a legend).
 * `kind` names the classes: `loket-${kind}` and `loket-${kind}__image`.
 */
function ChartFigure({
  id,
  kind,
  width,
  height,
  title,
  description,
  children,
  after = '',
}: {
  id: string;
  kind: 'seat-chart' | 'bar-chart';
  width: number;
  height: number;
  title: string;
  description: string;
  children: JSX.Element;
  after?: JSX.Element;
}): JSX.Element {
  return (
    <figure class={`utrecht-figure loket-${kind}`} id={id}>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        class={`utrecht-img--scale-down loket-${kind}__image`}
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        role="img"
        aria-labelledby={`${id}-titel ${id}-beschrijving`}
        focusable="false"
      >
        <title id={`${id}-titel`} safe>
          {title}
        </title>
        <desc id={`${id}-beschrijving`} safe>
          {description}
        </desc>
        {children}
      </svg>
      {after}
    </figure>
  );
}

/** A legend line: a round colour swatch (hidden from screen readers) and its text. */
function LegendItem({ text, fill, rim }: { text: string; fill: string; rim?: string }): JSX.Element {
  return (
    <li class="utrecht-unordered-list__item">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        {rim === undefined ? (
          <circle cx="8" cy="8" r="7" fill={fill} />
        ) : (
          <circle cx="8" cy="8" r="6" fill={fill} stroke={rim} stroke-width="2" />
        )}
      </svg>{' '}
      <span safe>{text}</span>
    </li>
  );
}

/**
 * The seat chart of an election: `seats` dots in a half-circle, coloured per list in list order
 * (left to right), the seats not assigned white; the total in the middle; a legend under it.
 * `id` makes the ids of its title and description unique on the page.
 */
export function SeatChart({
  id,
  lang,
  title,
  lists,
  seats,
}: {
  id: string;
  lang: Lang;
  title: string;
  lists: readonly SeatChartList[];
  seats: number;
}): JSX.Element {
  const m = democracyMessages(lang);
  const places = hemicycle(seats);
  // Every dot lies whole in the half-disc of radius 1 above the base line (hemicycle).
  const scale = WIDTH / 2 - MARGIN;
  const cx = WIDTH / 2;
  const height = Math.ceil(scale + 2 * MARGIN);
  const cy = height - MARGIN;
  const owners: { colour: string; list: number | null }[] = [];
  lists.forEach((l, i) => {
    for (let s = 0; s < l.seats && owners.length < seats; s++) owners.push({ colour: colourOf(i), list: l.number });
  });
  while (owners.length < seats) owners.push({ colour: emptySeatColour, list: null });
  const unassigned = seats - lists.reduce((sum, l) => sum + l.seats, 0);
  return (
    <ChartFigure
      id={id}
      kind="seat-chart"
      width={WIDTH}
      height={height}
      title={title}
      description={seatChartDescription(lists, seats, lang)}
      after={
        <ul class="utrecht-unordered-list loket-seat-legend" aria-label={m.legendLabel}>
          {lists.map((l, i) => (
            <LegendItem
              fill={colourOf(i)}
              text={format(m.legendItem, { number: l.number, name: l.name, seats: seatsText(l.seats, lang) })}
            />
          ))}
          {unassigned > 0 ? (
            <LegendItem fill={emptySeatColour} rim={emptySeatRim} text={format(m.seatChartEmpty, { seats: seatsText(unassigned, lang) })} />
          ) : (
            ''
          )}
        </ul>
      }
    >
      <>
        <g>
          {places.map((p, i) => {
            const owner = owners[i] ?? { colour: emptySeatColour, list: null };
            return (
              <circle
                class="loket-seat"
                data-list={owner.list === null ? 'leeg' : String(owner.list)}
                cx={round(cx + p.x * scale)}
                cy={round(cy - p.y * scale)}
                r={round(p.r * scale)}
                fill={owner.colour}
                stroke={owner.list === null ? emptySeatRim : '#ffffff'}
                stroke-width={owner.list === null ? '2' : '1'}
              />
            );
          })}
        </g>
        <text x={String(cx)} y={String(cy - 8)} text-anchor="middle" font-size="32" font-weight="bold" fill="#1a1a1a" safe>
          {formatNumber(seats, lang)}
        </text>
      </>
    </ChartFigure>
  );
}

// ─── the bar chart ───────────────────────────────────────────────────────────────────────────────

export interface Bar {
  label: string;
  value: number;
  /** The value as the reader reads it, e.g. "12.345 (56,2 %)". */
  shown: string;
}

const BAR_WIDTH = 600;
const BAR_ROW = 56;

/**
 * A horizontal bar per item, longest = the largest value; the label above the bar, the value at its
 * end. One colour per bar, in the seat chart's order.
 */
export function BarChart({
  id,
  title,
  description,
  bars,
}: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
}): JSX.Element {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * BAR_ROW + 8;
  const room = BAR_WIDTH - 190;
  return (
    <ChartFigure id={id} kind="bar-chart" width={BAR_WIDTH} height={height} title={title} description={description}>
      <>
        {bars.map((b, i) => {
          const y = i * BAR_ROW;
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * room);
          return (
            <g class="loket-bar">
              <text x="0" y={String(y + 18)} font-size="16" fill="#1a1a1a" safe>
                {b.label}
              </text>
              <rect x="0" y={String(y + 26)} width={round(w)} height="22" fill={colourOf(i)} />
              <text x={round(w + 8)} y={String(y + 43)} font-size="16" fill="#1a1a1a" safe>
                {b.shown}
              </text>
            </g>
          );
        })}
      </>
    </ChartFigure>
  );
}
