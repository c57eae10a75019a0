import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../platform/time/index.ts';
import {
  allFields,
  fieldKinds,
  formProblemCodes,
  normaliseLicencePlate,
  parseFormDefinition,
  parseMoney,
  prefill,
  summary,
  validateAll,
  validateStep,
  visibleSteps,
  type FormDefinition,
  type FormValidation,
  type PrefillRegisters,
} from './forms.ts';
import { loadFormDefinitions, shippedForms } from './forms-reference.ts';

const today = parseIsoDate('2026-05-06');
const l = (nl: string, en = nl) => ({ nl, en });

/** One field of every kind, with limits, conditions and a conditional step. */
const testJson = {
  schemaVersion: 1,
  id: 'test-form',
  version: 1,
  uplUri: 'http://standaarden.overheid.nl/owms/terms/parkeervergunning',
  title: l('Testformulier', 'Test form'),
  steps: [
    {
      id: 'first',
      title: l('Eerste stap', 'First step'),
      fields: [
        { id: 'name', kind: 'text', label: l('Naam', 'Name'), required: true, minLength: 2, maxLength: 20 },
        { id: 'story', kind: 'textarea', label: l('Verhaal', 'Story'), maxLength: 50 },
        { id: 'people', kind: 'number', label: l('Aantal personen', 'Number of people'), min: 1, max: 10 },
        { id: 'share', kind: 'number', label: l('Deel', 'Share'), integer: false, min: 0, max: 1 },
        { id: 'amount', kind: 'money', label: l('Bedrag', 'Amount'), minCents: 100, maxCents: 100_000 },
        { id: 'day', kind: 'date', label: l('Datum', 'Date'), notBefore: { daysFromToday: 0 }, notAfter: { date: '2026-12-31' } },
        {
          id: 'colour',
          kind: 'choice',
          label: l('Kleur', 'Colour'),
          options: [
            { value: 'red', label: l('Rood', 'Red') },
            { value: 'blue', label: l('Blauw', 'Blue') },
          ],
        },
        {
          id: 'extras',
          kind: 'multiChoice',
          label: l('Extra’s', 'Extras'),
          minSelected: 2,
          maxSelected: 2,
          options: [
            { value: 'a', label: l('A') },
            { value: 'b', label: l('B') },
            { value: 'c', label: l('C') },
          ],
        },
        { id: 'agree', kind: 'yesNo', label: l('Akkoord', 'Agree') },
        { id: 'why', kind: 'text', label: l('Waarom niet', 'Why not'), required: true, condition: { field: 'agree', equals: false } },
        { id: 'email', kind: 'email', label: l('E-mailadres', 'Email address') },
        { id: 'phone', kind: 'phone', label: l('Telefoonnummer', 'Phone number') },
        { id: 'postcode', kind: 'postcode', label: l('Postcode') },
        { id: 'bsn', kind: 'bsn', label: l('BSN') },
        { id: 'plate', kind: 'licencePlate', label: l('Kenteken', 'Licence plate') },
        {
          id: 'proof',
          kind: 'attachment',
          label: l('Bewijs', 'Proof'),
          accept: [{ mimeType: 'application/pdf', extensions: ['pdf'] }],
          maxSizeBytes: 1000,
          minCount: 2,
          maxCount: 3,
        },
      ],
    },
    {
      id: 'second',
      title: l('Tweede stap', 'Second step'),
      condition: { any: [{ field: 'colour', equals: 'red' }, { not: { field: 'extras', answered: true } }] },
      fields: [{ id: 'shade', kind: 'text', label: l('Tint', 'Shade'), required: true, maxLength: 10 }],
    },
  ],
};

function definition(json: unknown = testJson): FormDefinition {
  const r = parseFormDefinition(json);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.definition;
}
const form = definition();
const base = { name: 'Jan', colour: 'blue', extras: ['a', 'b'] };
const pdf = (id: string, sizeBytes = 500) => ({ id, fileName: `${id}.pdf`, mimeType: 'application/pdf', sizeBytes });

function problems(r: FormValidation): Array<{ field: string; code: string }> {
  return r.ok ? [] : r.problems.map((p) => ({ field: p.field, code: p.code }));
}
/** The one problem of `field` after answering `value` (other answers valid). */
function codeFor(field: string, value: unknown): string | undefined {
  const r = validateAll(form, { ...base, [field]: value }, today, 'nl');
  return r.ok ? undefined : r.problems.find((p) => p.field === field)?.code;
}
/** The normalised answer of `field` after answering `value`. */
function valueOf(field: string, value: unknown): unknown {
  const r = validateAll(form, { ...base, [field]: value }, today, 'nl');
  expect(problems(r)).toEqual([]);
  return r.answers[field];
}

describe('the shipped example forms', () => {
  it('all parse, are named after their id and refer to a UPL product of the shipped list', () => {
    const forms = loadFormDefinitions();
    expect(forms.map((f) => f.id)).toEqual(['bijzondere-bijstand', 'evenementenvergunning', 'parkeervergunning']);
    expect(shippedForms()).toEqual(forms);
    for (const f of forms) expect(f.uplUri).toMatch(/^http:\/\/standaarden\.overheid\.nl\/owms\/terms\//);
  });

  it('use attachments, conditions and prefill, and together every kind but a few', () => {
    const fields = shippedForms().flatMap((f) => allFields(f));
    expect(fields.some((f) => f.kind === 'attachment' && f.condition)).toBe(true);
    expect(fields.some((f) => f.prefill && !f.prefill.editable)).toBe(true);
    const kinds = new Set(fields.map((f) => f.kind));
    expect(fieldKinds.filter((k) => !kinds.has(k))).toEqual(['postcode']);
  });
});

describe('checking a definition', () => {
  const withField = (field: object, extra: object[] = []) => ({
    ...testJson,
    steps: [{ id: 's', title: l('S'), fields: [...extra, field] }],
  });
  const refuse = (json: unknown, pattern: RegExp) => {
    const r = parseFormDefinition(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(pattern);
  };
  const yes = { id: 'yes', kind: 'yesNo', label: l('Ja?') };

  it('accepts the test form and fills in defaults', () => {
    const name = allFields(form).find((f) => f.id === 'story');
    expect(name).toMatchObject({ kind: 'textarea', required: false, minLength: 0, maxLength: 50 });
  });
  it('refuses a field id used twice', () => refuse(withField({ ...yes }, [yes]), /used twice/));
  it('refuses a step id used twice', () =>
    refuse({ ...testJson, steps: [testJson.steps[0], { ...testJson.steps[1], id: 'first' }] }, /step id "first" is used twice/));
  it('refuses a condition on a later or unknown field', () => {
    refuse(withField({ ...yes, condition: { field: 'later', equals: true } }, []), /not a field before this one/);
    refuse(withField({ ...yes, id: 'self', condition: { field: 'self', answered: true } }), /not a field before this one/);
  });
  it('refuses a condition value that can never match', () => {
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), condition: { field: 'yes', equals: 'ja' } }, [yes]), /true or false/);
    refuse(
      withField({ id: 'x', kind: 'text', label: l('X'), condition: { field: 'colour', in: ['green'] } }, [testJson.steps[0]!.fields[6]!]),
      /not one of the options/,
    );
  });
  it('refuses conditions nested too deep', () => {
    const deep = { not: { not: { not: { not: { not: { field: 'yes', answered: true } } } } } };
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), condition: deep }, [yes]), /nest at most/);
  });
  it('refuses a prefill source that cannot fill the field kind', () =>
    refuse(
      withField({ id: 'x', kind: 'date', label: l('X'), prefill: { source: 'person.name', editable: true } }),
      /cannot fill a date field/,
    ));
  it('refuses an unknown prefill source, unknown kind and unknown keys', () => {
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), prefill: { source: 'person.income', editable: true } }), /prefill/);
    refuse(withField({ id: 'x', kind: 'iban', label: l('X') }), /kind/);
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), pattern: '.*' }), /pattern/);
  });
  it('refuses limits that contradict each other or exceed the hard caps', () => {
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), minLength: 5, maxLength: 4 }), /minLength is larger/);
    refuse(withField({ id: 'x', kind: 'text', label: l('X'), maxLength: 5000 }), /maxLength/);
    refuse(withField({ id: 'x', kind: 'number', label: l('X'), min: 5, max: 4 }), /min is larger/);
    refuse(withField({ id: 'x', kind: 'money', label: l('X'), minCents: 5, maxCents: 4 }), /minCents is larger/);
    refuse(
      withField({ id: 'x', kind: 'date', label: l('X'), notBefore: { daysFromToday: 5 }, notAfter: { daysFromToday: 4 } }),
      /notBefore is after/,
    );
    refuse(
      withField({
        id: 'x',
        kind: 'attachment',
        label: l('X'),
        accept: [{ mimeType: 'application/pdf', extensions: ['pdf'] }],
        maxSizeBytes: 10,
        minCount: 3,
        maxCount: 2,
      }),
      /minCount is larger/,
    );
  });
  it('refuses duplicate option values', () =>
    refuse(
      withField({
        id: 'x',
        kind: 'choice',
        label: l('X'),
        options: [
          { value: 'a', label: l('A') },
          { value: 'a', label: l('B') },
        ],
      }),
      /unique/,
    ));
});

describe('validating answers', () => {
  it('accepts a minimal valid form and gives normalised answers only for visible fields', () => {
    const r = validateAll(form, { ...base, name: '  Jan  ', story: '' }, today, 'nl');
    expect(r).toEqual({ ok: true, answers: { name: 'Jan', colour: 'blue', extras: ['a', 'b'] } });
  });

  it('lists every problem at once, in form order, with Dutch or English messages', () => {
    const r = validateAll(form, { name: '', amount: 'veel', colour: 'red' }, today, 'nl');
    expect(problems(r)).toEqual([
      { field: 'name', code: 'delivery.form.required' },
      { field: 'amount', code: 'delivery.form.invalid_money' },
      { field: 'shade', code: 'delivery.form.required' },
    ]);
    if (!r.ok)
      expect(r.problems.map((p) => p.message)).toEqual([
        'Vul naam in.',
        'Vul bedrag in als bedrag in euro, bijvoorbeeld 12,50.',
        'Vul tint in.',
      ]);
    const en = validateAll(form, { name: '' }, today, 'en');
    if (!en.ok) expect(en.problems[0]?.message).toBe('Enter name.');
  });

  it.each([
    ['name', 'J', 'delivery.form.too_short'],
    ['name', 'J'.repeat(21), 'delivery.form.too_long'],
    ['name', 'Jan\u0007', 'delivery.form.invalid_characters'],
    ['name', ['Jan', 'Piet'], 'delivery.form.invalid_type'],
    ['name', 42, 'delivery.form.invalid_type'],
    ['name', 'x'.repeat(200_000), 'delivery.form.too_long'],
    ['story', 'x'.repeat(51), 'delivery.form.too_long'],
    ['story', 'a\u0000b', 'delivery.form.invalid_characters'],
    ['people', 'twee', 'delivery.form.invalid_number'],
    ['people', '2,5', 'delivery.form.not_whole_number'],
    ['people', 0, 'delivery.form.number_too_small'],
    ['people', '11', 'delivery.form.number_too_large'],
    ['people', Number.NaN, 'delivery.form.invalid_number'],
    ['share', '1,5', 'delivery.form.number_too_large'],
    ['amount', '12,345', 'delivery.form.invalid_money'],
    ['amount', 12.5, 'delivery.form.invalid_money'],
    ['amount', '0,99', 'delivery.form.money_too_small'],
    ['amount', '1000,01', 'delivery.form.money_too_large'],
    ['day', '2026-02-30', 'delivery.form.invalid_date'],
    ['day', 'morgen', 'delivery.form.invalid_date'],
    ['day', '2026-05-05', 'delivery.form.date_too_early'],
    ['day', '2027-01-01', 'delivery.form.date_too_late'],
    ['colour', 'green', 'delivery.form.invalid_choice'],
    ['colour', ['red'], 'delivery.form.invalid_choice'],
    ['extras', ['a', 'x'], 'delivery.form.invalid_choice'],
    ['extras', 'a', 'delivery.form.too_few_choices'],
    ['extras', ['a', 'b', 'c'], 'delivery.form.too_many_choices'],
    ['agree', 'misschien', 'delivery.form.invalid_yes_no'],
    ['email', 'jan@', 'delivery.form.invalid_email'],
    ['email', `${'a'.repeat(250)}@x.nl`, 'delivery.form.invalid_email'],
    ['phone', '12345', 'delivery.form.invalid_phone'],
    ['postcode', '0123 AB', 'delivery.form.invalid_postcode'],
    ['postcode', '1234 SS', 'delivery.form.invalid_postcode'],
    ['bsn', '123456789', 'delivery.form.invalid_bsn'],
    ['bsn', '000000000', 'delivery.form.invalid_bsn'],
    ['plate', 'ABCDEF', 'delivery.form.invalid_licence_plate'],
    ['plate', 'AB-12-C', 'delivery.form.invalid_licence_plate'],
    ['proof', [pdf('a'), { id: 'b' }], 'delivery.form.invalid_attachment'],
    ['proof', [pdf('a'), { ...pdf('b'), fileName: '../etc/passwd.pdf' }], 'delivery.form.invalid_attachment'],
    ['proof', [pdf('a'), pdf('a')], 'delivery.form.invalid_attachment'],
    ['proof', [pdf('a'), pdf('b', 0)], 'delivery.form.invalid_attachment'],
    ['proof', [pdf('a'), { ...pdf('b'), fileName: 'b.exe' }], 'delivery.form.attachment_type'],
    ['proof', [pdf('a'), { ...pdf('b'), mimeType: 'image/png' }], 'delivery.form.attachment_type'],
    ['proof', [pdf('a'), pdf('b', 1001)], 'delivery.form.attachment_too_large'],
    ['proof', [pdf('a')], 'delivery.form.too_few_attachments'],
    ['proof', [pdf('a'), pdf('b'), pdf('c'), pdf('d')], 'delivery.form.too_many_attachments'],
  ])('%s = %j → %s', (field, value, code) => {
    expect(codeFor(field, value)).toBe(code);
  });

  it.each([
    ['people', ' 3 ', 3],
    ['share', '0,25', 0.25],
    ['amount', '12,50', 1250],
    ['amount', '12.50', 1250],
    ['amount', '€ 1.000', 100_000],
    ['amount', '1,000.00', 100_000],
    ['amount', '12,-', 1200],
    ['amount', 1250, 1250],
    ['day', '6-5-2026', '2026-05-06'],
    ['day', '31/12/2026', '2026-12-31'],
    ['colour', ' blue ', 'blue'],
    ['extras', ['c', 'a', 'c'], ['a', 'c']],
    ['agree', 'Ja', true],
    ['agree', true, true],
    ['email', ' Jan@Example.NL ', 'Jan@example.nl'],
    ['phone', '06 1234 5678', '0612345678'],
    ['phone', '0031 (0)20-123 4567', '+31201234567'],
    ['phone', '06-1234', null],
    ['phone', '+31 20 123 4567', '+31201234567'],
    ['postcode', '1234ab', '1234 AB'],
    ['bsn', '9999.93.653', '999993653'],
    ['plate', 'ab123c', 'AB-123-C'],
    ['plate', '12-ab-34', '12-AB-34'],
    ['story', ' regel 1\r\nregel 2 ', 'regel 1\nregel 2'],
    ['proof', [pdf('a'), { ...pdf('b'), mimeType: 'APPLICATION/PDF', fileName: 'B.PDF' }], [pdf('a'), { ...pdf('b'), fileName: 'B.PDF' }]],
  ])('%s = %j is read as %j', (field, value, expected) => {
    if (expected === null) expect(codeFor(field, value)).toBeDefined();
    else expect(valueOf(field, value)).toEqual(expected);
  });

  it('refuses forged field names, also __proto__, and names the forged field', () => {
    const r = validateAll(
      form,
      JSON.parse('{"name":"Jan","colour":"blue","extras":["a","b"],"isAdmin":"ja","__proto__":{"x":1}}'),
      today,
      'nl',
    );
    expect(problems(r)).toEqual([
      { field: 'isAdmin', code: 'delivery.form.unknown_field' },
      { field: '__proto__', code: 'delivery.form.unknown_field' },
    ]);
  });

  it('refuses answers that are not an object', () => {
    for (const raw of [null, 'x', [], 42])
      expect(problems(validateAll(form, raw, today, 'nl'))[0]).toMatchObject({ code: 'delivery.form.invalid_answers' });
  });

  it('a hidden required field is not required, and a hidden answer is dropped', () => {
    expect(problems(validateAll(form, { ...base, agree: 'ja' }, today, 'nl'))).toEqual([]);
    expect(problems(validateAll(form, { ...base, agree: 'nee' }, today, 'nl'))).toEqual([{ field: 'why', code: 'delivery.form.required' }]);
    const r = validateAll(form, { ...base, agree: 'ja', why: 'omdat' }, today, 'nl');
    expect(r.ok && r.answers).toEqual({ ...base, agree: true });
  });

  it('an invalid answer does not satisfy a condition', () => {
    // agree is invalid, so `why` (shown only when agree = false) stays hidden.
    expect(problems(validateAll(form, { ...base, agree: 'misschien' }, today, 'nl'))).toEqual([
      { field: 'agree', code: 'delivery.form.invalid_yes_no' },
    ]);
  });

  it('a step is shown only when its condition holds (any, not, answered)', () => {
    expect(visibleSteps(form, base).map((s) => s.id)).toEqual(['first']);
    expect(visibleSteps(form, { ...base, colour: 'red' }).map((s) => s.id)).toEqual(['first', 'second']);
    expect(visibleSteps(form, { name: 'Jan' }).map((s) => s.id)).toEqual(['first', 'second']);
    const r = validateAll(form, { ...base, shade: 'licht' }, today, 'nl');
    expect(r.ok).toBe(true);
    expect(r.answers).not.toHaveProperty('shade');
  });

  it('validateStep reports only its own step, but reads the others for its conditions', () => {
    expect(problems(validateStep(form, 'first', { name: 'Jan', colour: 'red', extras: ['a', 'b'] }, today, 'nl'))).toEqual([]);
    const second = validateStep(form, 'second', { name: '', colour: 'red' }, today, 'nl');
    expect(problems(second)).toEqual([{ field: 'shade', code: 'delivery.form.required' }]);
    const hidden = validateStep(form, 'second', { ...base, shade: 'x' }, today, 'nl');
    expect(hidden).toEqual({ ok: true, answers: {} });
    const ok = validateStep(form, 'second', { ...base, colour: 'red', shade: ' donker ' }, today, 'nl');
    expect(ok).toEqual({ ok: true, answers: { shade: 'donker' } });
  });

  it('validateStep refuses forged names and an unknown step', () => {
    expect(problems(validateStep(form, 'first', { ...base, forged: '1' }, today, 'nl'))).toEqual([
      { field: 'forged', code: 'delivery.form.unknown_field' },
    ]);
    expect(problems(validateStep(form, 'nope', base, today, 'nl'))).toEqual([{ field: '', code: 'delivery.form.unknown_step' }]);
  });

  it('a locked prefilled value fills a missing answer and cannot be changed', () => {
    const locked = { name: 'Jan Jansen' };
    const filled = validateAll(form, { ...base, name: '' }, today, 'nl', { locked });
    expect(filled.ok && filled.answers['name']).toBe('Jan Jansen');
    const changed = validateAll(form, { ...base, name: 'Piet' }, today, 'nl', { locked });
    expect(problems(changed)).toEqual([{ field: 'name', code: 'delivery.form.prefilled_not_editable' }]);
    expect(validateAll(form, { ...base, name: ' Jan Jansen ' }, today, 'nl', { locked }).ok).toBe(true);
  });

  it('messages name the field by its errorName and fill in the limits', () => {
    const parking = shippedForms().find((f) => f.id === 'parkeervergunning')!;
    const r = validateStep(parking, 'start', { startDate: '2026-05-05' }, today, 'nl');
    expect(!r.ok && r.problems[0]?.message).toBe('Vul bij de ingangsdatum een datum in op of na 6 mei 2026.');
    const en = validateStep(parking, 'vehicle', { licencePlate: 'x', registeredTo: 'lease' }, today, 'en');
    expect(!en.ok && en.problems.map((p) => p.message)).toEqual([
      'Enter the licence plate like AB-123-C.',
      'Add the lease contract or statement.',
    ]);
    const file = validateAll(form, { ...base, proof: [pdf('a'), { ...pdf('b'), fileName: 'b.doc' }] }, today, 'nl');
    expect(!file.ok && file.problems[0]?.message).toBe('Voeg bij bewijs alleen bestanden toe van het soort PDF.');
  });

  it('every problem code has a Dutch and an English message', () => {
    const codes = new Set<string>();
    for (const lang of ['nl', 'en'] as const) {
      for (const [field, value] of [
        ['name', ''],
        ['amount', 'x'],
        ['proof', [pdf('a')]],
      ] as const) {
        const r = validateAll(form, { ...base, [field]: value }, today, lang);
        for (const p of r.ok ? [] : r.problems) {
          codes.add(p.code);
          expect(p.message).not.toMatch(/\{|undefined/);
        }
      }
    }
    expect([...codes].every((c) => (formProblemCodes as readonly string[]).includes(c))).toBe(true);
  });
});

describe('properties', () => {
  const fieldIds = allFields(form).map((f) => f.id);
  const anyValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', ' ', 'ja', 'nee', 'red', 'a', '12,50', '2026-06-01', '1234 AB', '999993653', 'AB-123-C', '0612345678', 'x@y.nl'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('a', 'b', 'c'))),
    fc.array(
      fc.record({
        id: fc.string({ maxLength: 8 }),
        fileName: fc.string({ maxLength: 12 }),
        mimeType: fc.string({ maxLength: 20 }),
        sizeBytes: fc.integer(),
      }),
    ),
    fc.json().map((j) => JSON.parse(j) as unknown),
  );
  const answers = fc.oneof(
    fc.dictionary(fc.constantFrom(...fieldIds), anyValue),
    fc.dictionary(fc.oneof(fc.constantFrom(...fieldIds), fc.string({ maxLength: 10 })), anyValue),
    fc.anything(),
  );

  it('arbitrary answers never throw; the result is ok or problems that each name a known or a sent field', () => {
    fc.assert(
      fc.property(answers, fc.constantFrom('nl', 'en'), fc.constantFrom(null, 'first', 'second'), (raw, lang, step) => {
        const r = step === null ? validateAll(form, raw, today, lang) : validateStep(form, step, raw, today, lang);
        const sent = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : [];
        if (r.ok) expect(Object.keys(r.answers).every((k) => fieldIds.includes(k))).toBe(true);
        else {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expect(formProblemCodes).toContain(p.code);
            expect(p.message.length).toBeGreaterThan(0);
            if (p.code === 'delivery.form.invalid_answers') expect(p.field).toBe('');
            else expect(fieldIds.includes(p.field) || sent.includes(p.field)).toBe(true);
            if (p.code === 'delivery.form.unknown_field') expect(fieldIds).not.toContain(p.field);
          }
        }
        expect(() => summary(form, raw, lang)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('normalised answers are valid again and read the same (idempotent)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fieldIds), anyValue), (raw) => {
        const first = validateAll(form, raw, today, 'nl');
        const again = validateAll(form, first.answers, today, 'nl');
        if (first.ok) expect(again).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the helpers', () => {
  it('parseMoney and normaliseLicencePlate', () => {
    expect(parseMoney('1.234.567,89')).toBe(123_456_789);
    expect(parseMoney('12,345')).toBeNull();
    expect(parseMoney('-5')).toBeNull();
    expect(normaliseLicencePlate('1-abc-23')).toBe('1-ABC-23');
    expect(normaliseLicencePlate('99-XXX-9')).toBe('99-XXX-9');
  });
});

describe('prefill', () => {
  const person: NonNullable<PrefillRegisters['person']> = {
    bsn: '999993653',
    givenNames: 'Sanne',
    surnamePrefix: 'van der',
    surname: 'Berg',
    birthDate: '1988-03-14',
    address: { street: 'Kerkstraat', houseNumber: 12, houseNumberAddition: 'A', postcode: '1234AB', city: 'Utrecht' },
    children: [
      { bsn: '999990019', givenNames: 'Noor', surnamePrefix: 'van der', surname: 'Berg', birthDate: '2016-09-01' },
      { bsn: '999990020', givenNames: 'Daan', surnamePrefix: 'van der', surname: 'Berg', birthDate: '2019-02-11' },
    ],
  };
  const aid = () => shippedForms().find((f) => f.id === 'bijzondere-bijstand')!;

  it('fills name, BSN, address and the number of children, and locks what may not be changed', () => {
    const p = prefill(aid(), { person });
    expect(p.answers).toEqual({
      name: 'Sanne van der Berg',
      bsn: '999993653',
      address: 'Kerkstraat 12-A, 1234 AB Utrecht',
      childrenCount: 2,
    });
    expect(p.locked).toEqual({ name: 'Sanne van der Berg', bsn: '999993653', address: 'Kerkstraat 12-A, 1234 AB Utrecht' });
    expect(p.prefilled).toContainEqual({ field: 'childrenCount', source: 'person.children.count', editable: true });
    // The applicant may change the number of children, not the name.
    expect(
      validateStep(aid(), 'household', { ...p.answers, hasPartner: 'nee', childrenCount: '3' }, today, 'nl', { locked: p.locked }).ok,
    ).toBe(true);
    expect(
      problems(
        validateStep(aid(), 'applicant', { ...p.answers, name: 'Iemand anders', email: 'a@b.nl' }, today, 'nl', { locked: p.locked }),
      ),
    ).toEqual([{ field: 'name', code: 'delivery.form.prefilled_not_editable' }]);
  });

  it('leaves out what the registers do not have, or what the field would refuse', () => {
    const p = prefill(aid(), { person: { ...person, bsn: '123456789', address: null, children: [] } });
    expect(p.answers).toEqual({ name: 'Sanne van der Berg', childrenCount: 0 });
    expect(prefill(aid(), {}).answers).toEqual({});
  });

  it('fills a business from the KVK register', () => {
    const events = shippedForms().find((f) => f.id === 'evenementenvergunning')!;
    const p = prefill(events, { person, business: { kvkNumber: '12345678', name: 'Stichting Buurtfeest', address: null } });
    expect(p.answers).toEqual({ organisationName: 'Stichting Buurtfeest', kvkNumber: '12345678', contactName: 'Sanne van der Berg' });
    expect(Object.keys(p.locked)).toEqual(['kvkNumber']);
  });
});

describe('summary', () => {
  it('lists the visible fields in order with their answers as people read them', () => {
    const answers = { ...base, amount: 99_950, day: '2026-06-01', agree: true, shade: 'x', proof: [pdf('a'), pdf('b')] };
    const rows = summary(form, answers, 'nl');
    expect(rows.map((r) => r.field)).toEqual(fieldIds(form).filter((f) => f !== 'why' && f !== 'shade'));
    const get = (f: string) => rows.find((r) => r.field === f);
    expect(get('amount')?.value.replace(/\s/g, ' ')).toBe('€ 999,50');
    expect(get('day')?.value).toBe('1 juni 2026');
    expect(get('agree')?.value).toBe('Ja');
    expect(get('colour')?.value).toBe('Blauw');
    expect(get('extras')?.value).toBe('A, B');
    expect(get('proof')?.value).toBe('a.pdf, b.pdf');
    expect(get('story')).toMatchObject({ value: 'Niet ingevuld', answered: false, stepTitle: 'Eerste stap' });
    const en = summary(form, answers, 'en');
    expect(en.find((r) => r.field === 'amount')?.value).toBe('€999.50');
    expect(en.find((r) => r.field === 'agree')?.value).toBe('Yes');
  });

  it('shows a field of a conditional step only when the step is shown', () => {
    const rows = summary(form, { ...base, colour: 'red', shade: 'donker' }, 'nl');
    expect(rows.at(-1)).toMatchObject({ stepId: 'second', field: 'shade', value: 'donker', label: 'Tint' });
  });
});

function fieldIds(definition: FormDefinition): string[] {
  return allFields(definition).map((f) => f.id);
}
