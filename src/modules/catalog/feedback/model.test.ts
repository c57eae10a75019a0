// The pure rules of feedback and requests: input checks, the request's state machine, the summary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideTransition,
  isFinal,
  limits,
  parseFeedback,
  parseFeedbackAnswer,
  parseRequestAnswer,
  parseServiceRequest,
  requestStatuses,
  requestTransitions,
  summarize,
  textLength,
  type RequestStatus,
} from './model.ts';
import { giverIdentity, isAnswerer, mayAnswerFor } from './policy.ts';

const issues = (r: { ok: boolean; issues?: { name: string; code: string }[] }) =>
  r.ok ? [] : (r.issues ?? []).map((i) => `${i.name}:${i.code}`).sort();

describe('parseFeedback', () => {
  it('accepts a rating of 1 to 5 with an optional text, trimmed, line breaks as \\n', () => {
    expect(parseFeedback({ rating: 4 })).toEqual({ ok: true, value: { rating: 4, text: null } });
    expect(parseFeedback({ rating: 1, text: '  Te lang gewacht.\r\nMaar goed.  ' })).toEqual({
      ok: true,
      value: { rating: 1, text: 'Te lang gewacht.\nMaar goed.' },
    });
    expect(parseFeedback({ rating: 5, text: '   ' })).toEqual({ ok: true, value: { rating: 5, text: null } });
    expect(parseFeedback({ rating: 3, text: null })).toEqual({ ok: true, value: { rating: 3, text: null } });
  });

  it('refuses ratings outside 1–5, fractions, strings, and lists every bad field', () => {
    for (const rating of [0, 6, -1, 2.5, '4', true, [4], {}]) {
      expect(issues(parseFeedback({ rating })), JSON.stringify(rating)).toEqual(['rating:catalog.invalid_rating']);
    }
    expect(issues(parseFeedback({}))).toEqual(['rating:catalog.required']);
    expect(issues(parseFeedback({ rating: 9, text: 42 }))).toEqual(['rating:catalog.invalid_rating', 'text:catalog.invalid_value']);
    expect(issues(parseFeedback('x'))).toEqual([':catalog.invalid_body']);
    expect(issues(parseFeedback(null))).toEqual([':catalog.invalid_body']);
    expect(issues(parseFeedback([1]))).toEqual([':catalog.invalid_body']);
  });

  it('counts the text limit in characters after trimming: 2,000 fit, 2,001 do not (an emoji is one)', () => {
    expect(parseFeedback({ rating: 2, text: `  ${'a'.repeat(limits.feedbackText)}  ` }).ok).toBe(true);
    expect(parseFeedback({ rating: 2, text: '😀'.repeat(limits.feedbackText) }).ok).toBe(true);
    expect(textLength('😀')).toBe(1);
    expect(issues(parseFeedback({ rating: 2, text: 'a'.repeat(limits.feedbackText + 1) }))).toEqual(['text:catalog.text_too_long']);
  });

  it('refuses control characters but keeps tabs and line breaks', () => {
    expect(parseFeedback({ rating: 2, text: 'een\tregel\nnog een' }).ok).toBe(true);
    expect(issues(parseFeedback({ rating: 2, text: 'nul\u0000byte' }))).toEqual(['text:catalog.invalid_characters']);
  });

  it('never throws, whatever it gets (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const parse of [parseFeedback, parseServiceRequest, parseFeedbackAnswer, parseRequestAnswer]) {
          const r = parse(v);
          if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseServiceRequest', () => {
  it('accepts a title of 3–200 characters, an optional description, an audience, and an organisation or none', () => {
    expect(parseServiceRequest({ title: ' Hondenpenning online ', audience: 'citizen', organisationCode: 'gm0363' })).toEqual({
      ok: true,
      value: { organisationCode: 'GM0363', title: 'Hondenpenning online', description: null, audience: 'citizen' },
    });
    expect(parseServiceRequest({ title: 'abc', audience: 'both', organisationCode: null, description: 'Omdat.' })).toEqual({
      ok: true,
      value: { organisationCode: null, title: 'abc', description: 'Omdat.', audience: 'both' },
    });
    expect(parseServiceRequest({ title: 'x'.repeat(200), audience: 'business', organisationCode: '' }).ok).toBe(true);
  });

  it('lists every bad field with its own code', () => {
    expect(
      issues(parseServiceRequest({ title: 'ab', audience: 'aliens', organisationCode: 'GM 0363', description: 'x'.repeat(4001) })),
    ).toEqual([
      'audience:catalog.invalid_choice',
      'description:catalog.text_too_long',
      'organisationCode:catalog.invalid_organisation',
      'title:catalog.text_too_short',
    ]);
    expect(issues(parseServiceRequest({ title: 'x'.repeat(201) }))).toEqual(['audience:catalog.required', 'title:catalog.text_too_long']);
    expect(issues(parseServiceRequest({ title: 'twee\nregels', audience: 'both' }))).toEqual(['title:catalog.invalid_characters']);
  });
});

describe('answers', () => {
  it('need a text of at most 4,000 characters; a request answer also a known status', () => {
    expect(parseFeedbackAnswer({ text: ' Dank u. ' })).toEqual({ ok: true, value: { text: 'Dank u.' } });
    expect(issues(parseFeedbackAnswer({ text: '' }))).toEqual(['text:catalog.required']);
    expect(issues(parseFeedbackAnswer({ text: 'x'.repeat(4001) }))).toEqual(['text:catalog.text_too_long']);
    expect(parseRequestAnswer({ status: 'planned', text: 'In 2027.' })).toEqual({
      ok: true,
      value: { status: 'planned', text: 'In 2027.' },
    });
    expect(issues(parseRequestAnswer({ status: 'done', text: '' }))).toEqual(['status:catalog.invalid_choice', 'text:catalog.required']);
  });
});

describe('the state machine of a request', () => {
  it('goes open → under_consideration → planned | declined | realised, planned → realised | declined', () => {
    expect(decideTransition('open', 'under_consideration')).toEqual({ ok: true });
    for (const to of ['planned', 'declined', 'realised'] as const)
      expect(decideTransition('under_consideration', to)).toEqual({ ok: true });
    expect(decideTransition('planned', 'realised')).toEqual({ ok: true });
    expect(decideTransition('planned', 'declined')).toEqual({ ok: true });
  });

  it('allows a newer answer in the same status while under consideration or planned', () => {
    expect(decideTransition('under_consideration', 'under_consideration').ok).toBe(true);
    expect(decideTransition('planned', 'planned').ok).toBe(true);
    expect(decideTransition('open', 'open').ok).toBe(false);
  });

  it('refuses every other step, with the allowed ones; declined and realised are final', () => {
    expect(decideTransition('open', 'planned')).toEqual({
      ok: false,
      code: 'catalog.request_status_transition_invalid',
      allowed: ['under_consideration'],
    });
    expect(decideTransition('planned', 'open').ok).toBe(false);
    expect(decideTransition('planned', 'under_consideration').ok).toBe(false);
    for (const from of ['declined', 'realised'] as const) {
      expect(isFinal(from)).toBe(true);
      for (const to of requestStatuses)
        expect(decideTransition(from, to)).toEqual({ ok: false, code: 'catalog.request_status_transition_invalid', allowed: [] });
    }
    expect(requestStatuses.filter(isFinal)).toEqual(['declined', 'realised']);
  });

  it('never returns to open, and every status is reachable from open (checked over all pairs)', () => {
    const reachable = new Set<RequestStatus>(['open']);
    for (let changed = true; changed;) {
      changed = false;
      for (const s of [...reachable])
        for (const t of requestTransitions[s])
          if (!reachable.has(t)) {
            reachable.add(t);
            changed = true;
          }
    }
    expect([...reachable].sort()).toEqual([...requestStatuses].sort());
    for (const from of requestStatuses) {
      expect(decideTransition(from, 'open').ok).toBe(false);
      for (const to of requestStatuses) expect(decideTransition(from, to).ok).toBe(requestTransitions[from].includes(to));
    }
  });
});

describe('summarize', () => {
  it('counts per rating, averages to one decimal, and gives the answered share', () => {
    expect(
      summarize(
        new Map([
          [5, 2],
          [4, 1],
          [1, 1],
        ]),
        3,
      ),
    ).toEqual({ count: 4, averageRating: 3.8, ratingCounts: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 2 }, answered: 3, answeredShare: 0.75 });
    // 2 × 4 + 1 × 5 = 13 / 3 = 4.333… → 4.3; 2 × 1 + 1 × 2 = 4 / 3 = 1.333 → 1.3
    expect(
      summarize(
        new Map([
          [4, 2],
          [5, 1],
        ]),
        0,
      ).averageRating,
    ).toBe(4.3);
    expect(summarize(new Map([[3, 3]]), 1).answeredShare).toBe(0.33);
  });

  it('has no average or share without feedback', () => {
    expect(summarize(new Map(), 0)).toEqual({
      count: 0,
      averageRating: null,
      ratingCounts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      answered: 0,
      answeredShare: null,
    });
  });

  it('the average always lies between 1 and 5 with at most one decimal (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }), (list) => {
        const per = new Map<number, number>();
        for (const r of list) per.set(r, (per.get(r) ?? 0) + 1);
        const s = summarize(per, 0);
        expect(s.count).toBe(list.length);
        expect(s.averageRating).toBeGreaterThanOrEqual(1);
        expect(s.averageRating).toBeLessThanOrEqual(5);
        expect(Math.round((s.averageRating ?? 0) * 10) / 10).toBe(s.averageRating);
        expect(Math.abs((s.averageRating ?? 0) - list.reduce((a, b) => a + b, 0) / list.length)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});

describe('policy', () => {
  const official = (organisationCode: string, roles: ('service_designer' | 'quality_manager' | 'case_handler')[]) =>
    ({ kind: 'official', officialId: 'o', organisationCode, roles, sessionId: 's', loa: 'substantial', name: 'A' }) as const;

  it('lets service designers and quality managers answer for their own organisation only', () => {
    expect(mayAnswerFor(official('GM0363', ['service_designer']), 'GM0363')).toBe(true);
    expect(mayAnswerFor(official('GM0363', ['quality_manager']), 'gm0363')).toBe(true);
    expect(mayAnswerFor(official('GM0363', ['service_designer']), 'GM0344')).toBe(false);
    expect(mayAnswerFor(official('GM0363', ['case_handler']), 'GM0363')).toBe(false);
    expect(mayAnswerFor(official('GM0363', ['service_designer']), null)).toBe(false);
    expect(isAnswerer({ kind: 'anonymous' })).toBe(false);
  });

  it('pseudonymises persons and businesses by kind and number', () => {
    expect(giverIdentity({ kind: 'person', bsn: '999993653', sessionId: 's', loa: 'low', name: 'P' })).toEqual({
      kind: 'person',
      id: 'person:999993653',
    });
    expect(
      giverIdentity({ kind: 'business', kvkNumber: '12345678', actingBsn: '999993653', sessionId: 's', loa: 'low', name: 'B' }),
    ).toEqual({
      kind: 'business',
      id: 'business:12345678',
    });
  });
});
