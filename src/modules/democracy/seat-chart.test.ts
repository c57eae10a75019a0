// The charts of a result (pure, no database): the half-circle has one dot per seat for every size
// of body, none overlapping, from left to right; every colour stands out against the white page
// (WCAG 1.4.11); the seat chart's SVG is an image with a title and a description that name every
// list and its seats, with the seats not assigned shown (and said) as empty.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BarChart,
  SeatChart,
  colourOf,
  contrastRatio,
  emptySeatColour,
  emptySeatRim,
  hemicycle,
  seatChartDescription,
  seatColours,
} from './seat-chart.tsx';

const seatMarks = (svg: string): string[] => [...svg.matchAll(/<circle class="loket-seat" data-list="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('the half-circle', () => {
  it('has exactly one place per seat, for every body from 1 to 200 seats and for large ones', () => {
    for (let n = 0; n <= 200; n++) expect(hemicycle(n)).toHaveLength(n);
    for (const n of [350, 570, 1000]) expect(hemicycle(n)).toHaveLength(n);
  });

  it('never lets two seats overlap, keeps them whole inside the half-circle, and orders them left to right', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (n) => {
        const places = hemicycle(n);
        const outside = places.filter((p) => p.y - p.r < -1e-9 || Math.hypot(p.x, p.y) + p.r > 1 + 1e-9 || p.r <= 0);
        expect(outside).toEqual([]);
        const overlaps: string[] = [];
        for (let i = 0; i < places.length; i++)
          for (let j = i + 1; j < places.length; j++) {
            const a = places[i]!;
            const b = places[j]!;
            if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r - 1e-9) overlaps.push(`${i}/${j}`);
          }
        expect(overlaps, `${n} seats`).toEqual([]);
        // Left to right by angle: a list's seats (given out in order) form one wedge.
        const angles = places.map((p) => Math.atan2(p.y, p.x));
        expect(angles.filter((a, i) => i > 0 && a > angles[i - 1]! + 1e-9)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('colours', () => {
  it('every list colour and the rim of an empty seat have a contrast of at least 3:1 against white', () => {
    for (const c of [...seatColours, emptySeatRim]) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(3);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it('neighbouring lists get different colours, and more lists than colours start again', () => {
    for (let i = 1; i < seatColours.length; i++) expect(colourOf(i)).not.toBe(colourOf(i - 1));
    expect(new Set(seatColours).size).toBe(seatColours.length);
    expect(colourOf(seatColours.length)).toBe(colourOf(0));
    expect(seatColours).not.toContain(emptySeatColour);
  });
});

describe('the seat chart', () => {
  const lists = [
    { number: 1, name: 'Partij <A>', seats: 5 },
    { number: 2, name: 'Partij B', seats: 3 },
    { number: 3, name: 'Partij C', seats: 0 },
    { number: 4, name: 'Partij D', seats: 1 },
  ];

  it('is an SVG image with one seat mark per seat, coloured per list in list order, with a title and a description', async () => {
    const svg = await SeatChart({ id: 'grafiek', lang: 'nl', title: 'Zetelverdeling Gemeenteraad', lists, seats: 9 });
    expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="grafiek-titel grafiek-beschrijving"/);
    expect(svg).toContain('<title id="grafiek-titel">Zetelverdeling Gemeenteraad</title>');
    expect(seatMarks(svg)).toEqual(['1', '1', '1', '1', '1', '2', '2', '2', '4']);
    const fills = [...svg.matchAll(/<circle class="loket-seat"[^>]* fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills).toEqual([...Array<string>(5).fill(colourOf(0)), ...Array<string>(3).fill(colourOf(1)), colourOf(3)]);
    // The description says it in words; list names are escaped.
    expect(svg).toContain('9 zetels. Lijst 1 Partij &lt;A>: 5 zetels; Lijst 2 Partij B: 3 zetels; Lijst 4 Partij D: 1 zetel.');
    expect(svg).not.toContain('<A>');
    // The legend names every list (also one without seats) with its colour.
    expect(svg).toContain('Lijst 3 Partij C: 0 zetels');
    expect([...svg.matchAll(/<li class="utrecht-unordered-list__item">/g)]).toHaveLength(4);
  });

  it('shows the seats not assigned as empty marks, and says so', async () => {
    const svg = await SeatChart({ id: 'g', lang: 'en', title: 'Seats', lists: lists.slice(0, 2), seats: 11 });
    expect(seatMarks(svg)).toEqual([...Array<string>(5).fill('1'), ...Array<string>(3).fill('2'), 'leeg', 'leeg', 'leeg']);
    expect(svg).toContain('Not assigned: 3 seats');
    expect(seatChartDescription(lists.slice(0, 2), 11, 'en')).toBe(
      '11 seats. List 1 Partij <A>: 5 seats; List 2 Partij B: 3 seats; Not assigned: 3 seats.',
    );
  });

  it('keeps every seat mark whole inside the picture, for small and large bodies', async () => {
    for (const seats of [1, 5, 9, 19, 45, 150, 600]) {
      const svg = await SeatChart({ id: 'g', lang: 'nl', title: 'x', lists: [{ number: 1, name: 'A', seats }], seats });
      const [, , width, height] = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
      const circles = [...svg.matchAll(/<circle class="loket-seat"[^>]* cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)].map((m) =>
        m.slice(1, 4).map(Number),
      );
      expect(circles).toHaveLength(seats);
      const outside = circles.filter(([x = 0, y = 0, r = 0]) => x - r < 0 || y - r < 0 || x + r > width! + 0.1 || y + r > height! + 0.1);
      expect(outside, `${seats} seats`).toEqual([]);
      // Its natural width, no height (the browser keeps the viewBox's proportions), and allowed to shrink.
      expect(svg).toMatch(
        /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="utrecht-img--scale-down[^"]*" viewBox="0 0 600 \d+" width="600" role="img"/,
      );
    }
  });

  it('draws a body of 150 seats (House of Representatives) with 150 marks', async () => {
    const big = Array.from({ length: 15 }, (_, i) => ({ number: i + 1, name: `Lijst ${i + 1}`, seats: 10 }));
    expect(seatMarks(await SeatChart({ id: 'tk', lang: 'nl', title: 'Tweede Kamer', lists: big, seats: 150 }))).toHaveLength(150);
  });
});

describe('the bar chart', () => {
  it('draws one bar per item, the longest for the largest value, with a title, a description and the values in words', async () => {
    const svg = await BarChart({
      id: 'uitslag',
      title: 'Uitslag',
      description: 'Voor: 300; Tegen: 100',
      bars: [
        { label: 'Voor', value: 300, shown: '300 (75,0 %)' },
        { label: 'Tegen', value: 100, shown: '100 (25,0 %)' },
      ],
    });
    expect(svg).toMatch(/<svg[^>]*role="img"/);
    expect(svg).toContain('<desc id="uitslag-beschrijving">Voor: 300; Tegen: 100</desc>');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(3 * widths[1]!, 0);
    expect(svg).toContain('300 (75,0 %)');
  });
});
