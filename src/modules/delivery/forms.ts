// delivery: application forms as data. A form definition per service version (steps, fields,
// conditions, help texts, required attachments, prefill from the registers) is checked with zod;
// answers are checked per step or all at once with plain Dutch and English messages; `prefill`
// fills a form from a person's or business's register data; `summary` gives the rows of the
// confirmation page and the receipt.
//
// Pure: no I/O and no clock (today's date is passed in). The shipped example definitions in
// data/delivery/forms are read by forms-reference.ts.
//
// Safety: conditions are a small data language (`equals`, `in`, `answered`, `all`, `any`, `not`),
// never code; a condition may only look at fields before it, so there are no cycles. Every answer
// is bounded (text length, number range, list length, file size and count); names the definition
// does not know are refused as forged; hidden fields are dropped from the answers.
import { isValidBsn } from '../../platform/ids/index.ts';
import { z } from 'zod';
import { formatDate, formatNumber, format, type Lang } from '../../platform/i18n/index.ts';
import { addDays, isIsoDate, tryParseIsoDate, type IsoDate } from '../../platform/time/index.ts';
import type { Address, Business, Person } from '../registry/index.ts';

// =======================================================================================
// 1. The definition
// =======================================================================================

/** Hard limits that no definition can raise. */
export const formLimits = {
  /** Longest single-line text a definition may allow. */
  textMaxLength: 1000,
  /** Longest multi-line text a definition may allow. */
  textareaMaxLength: 10_000,
  /** Any string input longer than this is refused before it is looked at. */
  rawStringMax: 100_000,
  email: 254,
  /** Largest amount of money: 10 million euro, in cents. */
  moneyMaxCents: 1_000_000_000,
  /** Largest absolute number in a number field. */
  numberAbsMax: 1_000_000_000_000,
  attachmentMaxBytes: 100_000_000,
  attachmentMaxCount: 20,
  fileNameMax: 255,
  steps: 30,
  fieldsPerStep: 50,
  fields: 200,
  options: 100,
  conditionDepth: 4,
  conditionNodes: 50,
} as const;

export const fieldKinds = [
  'text',
  'textarea',
  'number',
  'money',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'email',
  'phone',
  'postcode',
  'bsn',
  'licencePlate',
  'attachment',
] as const;
export type FieldKind = (typeof fieldKinds)[number];

/**
 * Where a prefilled value comes from, and the field kinds it may fill. `person.*` is the BRP
 * person (the applicant), `business.*` the KVK business the applicant acts for.
 */
export const prefillSourceKinds = {
  'person.bsn': ['bsn', 'text'],
  'person.name': ['text'],
  'person.givenNames': ['text'],
  'person.surnamePrefix': ['text'],
  'person.surname': ['text'],
  'person.birthDate': ['date', 'text'],
  'person.address.street': ['text'],
  'person.address.houseNumber': ['number', 'text'],
  'person.address.houseNumberAddition': ['text'],
  'person.address.postcode': ['postcode', 'text'],
  'person.address.city': ['text'],
  'person.address.full': ['text', 'textarea'],
  'person.children.count': ['number'],
  'person.children.names': ['textarea'],
  'business.name': ['text'],
  'business.kvkNumber': ['text'],
  'business.address.street': ['text'],
  'business.address.houseNumber': ['number', 'text'],
  'business.address.postcode': ['postcode', 'text'],
  'business.address.city': ['text'],
  'business.address.full': ['text', 'textarea'],
} as const satisfies Record<string, readonly FieldKind[]>;
export type PrefillSource = keyof typeof prefillSourceKinds;
export const prefillSources = Object.keys(prefillSourceKinds) as PrefillSource[];

const localized = (max: number) => z.strictObject({ nl: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
/** Field and step ids: camelCase English, also the names of the form inputs. */
const identifier = z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/, { error: 'expected a camelCase identifier (a-z, A-Z, 0-9)' });
const optionValue = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'expected a lowercase option value' });
const isoDateString = z.string().refine(isIsoDate, { error: 'expected a valid YYYY-MM-DD date' });

export type ConditionValue = string | number | boolean;
/**
 * When a field or step is shown. `equals`/`in` compare the answer (for a multi-choice field: one
 * of the chosen options); `answered` tests whether the field has a valid answer. A field that is
 * hidden or has no valid answer matches no `equals` or `in`.
 */
export type Condition =
  | { readonly field: string; readonly equals: ConditionValue }
  | { readonly field: string; readonly in: readonly ConditionValue[] }
  | { readonly field: string; readonly answered: boolean }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

const conditionValue = z.union([z.string().max(200), z.number(), z.boolean()]);
const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: identifier, equals: conditionValue }),
    z.strictObject({ field: identifier, in: z.array(conditionValue).min(1).max(formLimits.options) }),
    z.strictObject({ field: identifier, answered: z.boolean() }),
    z.strictObject({ all: z.array(conditionSchema).min(1).max(20) }),
    z.strictObject({ any: z.array(conditionSchema).min(1).max(20) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

/** A date limit: a fixed date, or a number of days from today (0 = today: "not in the past"). */
const dateBound = z.union([
  z.strictObject({ date: isoDateString }),
  z.strictObject({ daysFromToday: z.number().int().min(-54_750).max(54_750) }),
]);
export type DateBound = z.output<typeof dateBound>;

const option = z.strictObject({ value: optionValue, label: localized(200), hint: localized(500).optional() });

const baseField = {
  id: identifier,
  label: localized(200),
  /** Help text under the label. */
  hint: localized(1000).optional(),
  /** How error messages name the field ("uw kenteken"); default: the label. */
  errorName: localized(100).optional(),
  required: z.boolean().default(false),
  condition: conditionSchema.optional(),
  prefill: z.strictObject({ source: z.enum(prefillSources as [PrefillSource, ...PrefillSource[]]), editable: z.boolean() }).optional(),
};
const count = (max: number) => z.number().int().min(0).max(max);

const fieldSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...baseField,
    kind: z.literal('text'),
    minLength: count(formLimits.textMaxLength).default(0),
    maxLength: z.number().int().min(1).max(formLimits.textMaxLength).default(200),
  }),
  z.strictObject({
    ...baseField,
    kind: z.literal('textarea'),
    minLength: count(formLimits.textareaMaxLength).default(0),
    maxLength: z.number().int().min(1).max(formLimits.textareaMaxLength).default(4000),
  }),
  z.strictObject({
    ...baseField,
    kind: z.literal('number'),
    min: z.number().min(-formLimits.numberAbsMax).max(formLimits.numberAbsMax).optional(),
    max: z.number().min(-formLimits.numberAbsMax).max(formLimits.numberAbsMax).optional(),
    integer: z.boolean().default(true),
    /** Shown after the input: "personen", "m²". */
    unit: localized(30).optional(),
  }),
  z.strictObject({
    ...baseField,
    kind: z.literal('money'),
    minCents: count(formLimits.moneyMaxCents).default(0),
    maxCents: count(formLimits.moneyMaxCents).default(formLimits.moneyMaxCents),
  }),
  z.strictObject({ ...baseField, kind: z.literal('date'), notBefore: dateBound.optional(), notAfter: dateBound.optional() }),
  z.strictObject({
    ...baseField,
    kind: z.literal('choice'),
    display: z.enum(['radio', 'select']).default('radio'),
    options: z.array(option).min(1).max(formLimits.options),
  }),
  z.strictObject({
    ...baseField,
    kind: z.literal('multiChoice'),
    options: z.array(option).min(1).max(formLimits.options),
    minSelected: count(formLimits.options).default(0),
    maxSelected: count(formLimits.options).optional(),
  }),
  z.strictObject({ ...baseField, kind: z.literal('yesNo') }),
  z.strictObject({ ...baseField, kind: z.literal('email') }),
  z.strictObject({ ...baseField, kind: z.literal('phone') }),
  z.strictObject({ ...baseField, kind: z.literal('postcode') }),
  z.strictObject({ ...baseField, kind: z.literal('bsn') }),
  z.strictObject({ ...baseField, kind: z.literal('licencePlate') }),
  z.strictObject({
    ...baseField,
    kind: z.literal('attachment'),
    /** Allowed files: a MIME type with the file name extensions that go with it. */
    accept: z
      .array(
        z.strictObject({
          mimeType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]{1,100}$/),
          extensions: z
            .array(z.string().regex(/^[a-z0-9]{1,10}$/))
            .min(1)
            .max(10),
        }),
      )
      .min(1)
      .max(20),
    maxSizeBytes: z.number().int().min(1).max(formLimits.attachmentMaxBytes),
    minCount: count(formLimits.attachmentMaxCount).default(0),
    maxCount: z.number().int().min(1).max(formLimits.attachmentMaxCount).default(1),
  }),
]);

const stepSchema = z.strictObject({
  id: identifier,
  title: localized(200),
  intro: localized(2000).optional(),
  condition: conditionSchema.optional(),
  fields: z.array(fieldSchema).min(1).max(formLimits.fieldsPerStep),
});

const formSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    /** The form's name, kebab-case: "parkeervergunning". */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    /** Goes up by one with every change; a draft and a case keep the version they were made with. */
    version: z.number().int().min(1),
    /** The UPL product the form applies for. */
    uplUri: z.url(),
    title: localized(200),
    intro: localized(2000).optional(),
    steps: z.array(stepSchema).min(1).max(formLimits.steps),
  })
  .superRefine((form, ctx) => checkDefinition(form, ctx));

export type FormDefinition = z.output<typeof formSchema>;
export type FormStep = FormDefinition['steps'][number];
export type FormField = FormStep['fields'][number];
export type FieldOf<K extends FieldKind> = Extract<FormField, { kind: K }>;

/** Checks the JSON of one form definition. Every problem is listed, with its path. */
export function parseFormDefinition(json: unknown): { ok: true; definition: FormDefinition } | { ok: false; errors: string[] } {
  const result = formSchema.safeParse(json);
  if (result.success) return { ok: true, definition: result.data };
  return { ok: false, errors: result.error.issues.map((i) => `${i.path.map(String).join('.') || '(form)'}: ${i.message}`) };
}

/** The rules zod cannot say field by field: unique ids, conditions that look back, matching kinds. */
function checkDefinition(form: { readonly steps: readonly z.output<typeof stepSchema>[] }, ctx: z.RefinementCtx): void {
  const seen = new Map<string, { field: FormField; step: number }>();
  const stepIds = new Set<string>();
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });

  form.steps.forEach((step, s) => {
    if (stepIds.has(step.id)) issue(['steps', s, 'id'], `step id "${step.id}" is used twice`);
    stepIds.add(step.id);
    // A step's condition looks at fields of earlier steps only.
    if (step.condition) checkCondition(step.condition, ['steps', s, 'condition'], (id) => seen.get(id)?.field, issue);
    step.fields.forEach((field, f) => {
      const path = ['steps', s, 'fields', f];
      if (seen.has(field.id)) issue([...path, 'id'], `field id "${field.id}" is used twice`);
      if (field.condition) checkCondition(field.condition, [...path, 'condition'], (id) => seen.get(id)?.field, issue);
      checkField(field, path, issue);
      seen.set(field.id, { field, step: s });
    });
  });
  if (seen.size > formLimits.fields) issue(['steps'], `at most ${formLimits.fields} fields in one form`);
}

function checkField(field: FormField, path: (string | number)[], issue: (path: (string | number)[], message: string) => void): void {
  if (field.prefill) {
    const kinds: readonly FieldKind[] = prefillSourceKinds[field.prefill.source];
    if (!kinds.includes(field.kind))
      issue([...path, 'prefill'], `${field.prefill.source} cannot fill a ${field.kind} field (only ${kinds.join(', ')})`);
  }
  switch (field.kind) {
    case 'text':
    case 'textarea':
      if (field.minLength > field.maxLength) issue([...path, 'minLength'], 'minLength is larger than maxLength');
      break;
    case 'number':
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) issue([...path, 'min'], 'min is larger than max');
      if (
        field.integer &&
        ((field.min !== undefined && !Number.isInteger(field.min)) || (field.max !== undefined && !Number.isInteger(field.max)))
      )
        issue([...path, 'min'], 'an integer field needs whole limits');
      break;
    case 'money':
      if (field.minCents > field.maxCents) issue([...path, 'minCents'], 'minCents is larger than maxCents');
      break;
    case 'date':
      if (field.notBefore && field.notAfter) {
        const a = field.notBefore;
        const b = field.notAfter;
        if (
          ('date' in a && 'date' in b && a.date > b.date) ||
          ('daysFromToday' in a && 'daysFromToday' in b && a.daysFromToday > b.daysFromToday)
        )
          issue([...path, 'notBefore'], 'notBefore is after notAfter');
      }
      break;
    case 'choice':
    case 'multiChoice': {
      const values = field.options.map((o) => o.value);
      if (new Set(values).size !== values.length) issue([...path, 'options'], 'option values must be unique');
      if (field.kind === 'multiChoice') {
        const max = field.maxSelected ?? field.options.length;
        if (field.minSelected > max || max > field.options.length || max < 1)
          issue([...path, 'maxSelected'], 'minSelected ≤ maxSelected ≤ number of options, maxSelected ≥ 1');
      }
      break;
    }
    case 'attachment':
      if (field.minCount > field.maxCount) issue([...path, 'minCount'], 'minCount is larger than maxCount');
      break;
    default:
      break;
  }
}

function checkCondition(
  condition: Condition,
  path: (string | number)[],
  before: (id: string) => FormField | undefined,
  issue: (path: (string | number)[], message: string) => void,
): void {
  let nodes = 0;
  const walk = (c: Condition, p: (string | number)[], depth: number): void => {
    nodes++;
    if (depth > formLimits.conditionDepth) {
      issue(p, `conditions nest at most ${formLimits.conditionDepth} deep`);
      return;
    }
    if ('all' in c) c.all.forEach((x, i) => walk(x, [...p, 'all', i], depth + 1));
    else if ('any' in c) c.any.forEach((x, i) => walk(x, [...p, 'any', i], depth + 1));
    else if ('not' in c) walk(c.not, [...p, 'not'], depth + 1);
    else {
      const target = before(c.field);
      if (!target) {
        issue([...p, 'field'], `"${c.field}" is not a field before this one (a condition may only look back)`);
        return;
      }
      const values = 'equals' in c ? [c.equals] : 'in' in c ? c.in : [];
      for (const v of values) {
        const problem = conditionValueProblem(target, v);
        if (problem) issue(p, `${c.field}: ${problem}`);
      }
    }
  };
  walk(condition, path, 1);
  if (nodes > formLimits.conditionNodes) issue(path, `a condition has at most ${formLimits.conditionNodes} parts`);
}

/** Can an answer of `field` ever equal `v`? Catches "ja" against a yes/no field and option typos. */
function conditionValueProblem(field: FormField, v: ConditionValue): string | null {
  switch (field.kind) {
    case 'yesNo':
      return typeof v === 'boolean' ? null : 'a yes/no answer is true or false';
    case 'choice':
    case 'multiChoice':
      return typeof v === 'string' && field.options.some((o) => o.value === v) ? null : `"${String(v)}" is not one of the options`;
    case 'number':
    case 'money':
      return typeof v === 'number' ? null : 'compare a number with a number (money in cents)';
    case 'attachment':
      return 'an attachment can only be tested with "answered"';
    default:
      return typeof v === 'string' ? null : 'compare text with text';
  }
}

/** The step with this id, if any. */
export function findStep(definition: FormDefinition, stepId: string): FormStep | undefined {
  return definition.steps.find((s) => s.id === stepId);
}

/** Every field, in the order of the form. */
export function allFields(definition: FormDefinition): FormField[] {
  return definition.steps.flatMap((s) => s.fields);
}

// =======================================================================================
// 2. Answers, problems and messages
// =======================================================================================

/** A file the applicant uploaded; the upload itself is stored elsewhere, under `id`. */
export interface AttachmentRef {
  readonly id: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
}

/**
 * A normalised answer: text kinds, dates (YYYY-MM-DD) and choices are strings, number is a number,
 * money is integer euro cents, yes/no a boolean, multi-choice a list of option values in the order
 * of the options, attachment a list of files.
 */
export type AnswerValue = string | number | boolean | readonly string[] | readonly AttachmentRef[];
export type Answers = Readonly<Record<string, AnswerValue>>;

export const formProblemCodes = [
  'delivery.form.invalid_answers',
  'delivery.form.unknown_step',
  'delivery.form.unknown_field',
  'delivery.form.required',
  'delivery.form.invalid_type',
  'delivery.form.too_long',
  'delivery.form.too_short',
  'delivery.form.invalid_characters',
  'delivery.form.invalid_number',
  'delivery.form.not_whole_number',
  'delivery.form.number_too_small',
  'delivery.form.number_too_large',
  'delivery.form.invalid_money',
  'delivery.form.money_too_small',
  'delivery.form.money_too_large',
  'delivery.form.invalid_date',
  'delivery.form.date_too_early',
  'delivery.form.date_too_late',
  'delivery.form.invalid_choice',
  'delivery.form.too_few_choices',
  'delivery.form.too_many_choices',
  'delivery.form.invalid_yes_no',
  'delivery.form.invalid_email',
  'delivery.form.invalid_phone',
  'delivery.form.invalid_postcode',
  'delivery.form.invalid_bsn',
  'delivery.form.invalid_licence_plate',
  'delivery.form.invalid_attachment',
  'delivery.form.attachment_type',
  'delivery.form.attachment_too_large',
  'delivery.form.too_few_attachments',
  'delivery.form.too_many_attachments',
  'delivery.form.prefilled_not_editable',
] as const;
export type FormProblemCode = (typeof formProblemCodes)[number];
type Code<S extends string> = S extends `delivery.form.${infer C}` ? C : never;

/** One problem with the answers: the input's name (`''` for the form as a whole), a stable code and a message. */
export interface FormProblem {
  readonly field: string;
  readonly code: FormProblemCode;
  readonly message: string;
}

const messages: Record<Lang, Record<Code<FormProblemCode> | 'requiredChoice' | 'requiredAttachment', string>> = {
  nl: {
    invalid_answers: 'Het formulier kon niet worden gelezen. Vul het opnieuw in.',
    unknown_step: 'Deze stap hoort niet bij het formulier.',
    unknown_field: 'Dit veld hoort niet bij het formulier. Laad de pagina opnieuw en vul het formulier opnieuw in.',
    required: 'Vul {what} in.',
    requiredChoice: 'Kies {what}.',
    requiredAttachment: 'Voeg {what} toe.',
    invalid_type: 'Het antwoord bij {what} heeft niet de goede vorm. Vul het opnieuw in.',
    too_long: 'Vul {what} in met hoogstens {max} tekens.',
    too_short: 'Vul {what} in met minstens {min} tekens.',
    invalid_characters: 'Bij {what} staan tekens die niet zijn toegestaan.',
    invalid_number: 'Vul {what} in als getal, bijvoorbeeld 12.',
    not_whole_number: 'Vul {what} in als heel getal, zonder komma.',
    number_too_small: 'Vul bij {what} een getal in van minstens {min}.',
    number_too_large: 'Vul bij {what} een getal in van hoogstens {max}.',
    invalid_money: 'Vul {what} in als bedrag in euro, bijvoorbeeld 12,50.',
    money_too_small: 'Vul bij {what} een bedrag in van minstens {min}.',
    money_too_large: 'Vul bij {what} een bedrag in van hoogstens {max}.',
    invalid_date: 'Vul {what} in als een bestaande datum, bijvoorbeeld 31-12-2026.',
    date_too_early: 'Vul bij {what} een datum in op of na {date}.',
    date_too_late: 'Vul bij {what} een datum in op of voor {date}.',
    invalid_choice: 'Kies {what} uit de lijst.',
    too_few_choices: 'Kies bij {what} minstens {min}.',
    too_many_choices: 'Kies bij {what} hoogstens {max}.',
    invalid_yes_no: 'Kies ja of nee bij {what}.',
    invalid_email: 'Vul {what} in zoals naam@voorbeeld.nl.',
    invalid_phone: 'Vul {what} in zoals 0612345678 of +31 20 123 4567.',
    invalid_postcode: 'Vul {what} in zoals 1234 AB.',
    invalid_bsn: 'Dit is geen geldig burgerservicenummer. Controleer de 9 cijfers bij {what}.',
    invalid_licence_plate: 'Vul {what} in zoals AB-123-C.',
    invalid_attachment: 'Een bestand bij {what} kon niet worden gelezen. Voeg het opnieuw toe.',
    attachment_type: 'Voeg bij {what} alleen bestanden toe van het soort {types}.',
    attachment_too_large: 'Een bestand bij {what} is te groot. Een bestand mag hoogstens {size} zijn.',
    too_few_attachments: 'Voeg bij {what} minstens {min} bestanden toe.',
    too_many_attachments: 'Voeg bij {what} hoogstens {max} bestanden toe.',
    prefilled_not_editable: '{what} komt uit de basisregistratie. U kunt dit hier niet wijzigen.',
  },
  en: {
    invalid_answers: 'The form could not be read. Please fill it in again.',
    unknown_step: 'This step is not part of the form.',
    unknown_field: 'This field is not part of the form. Reload the page and fill in the form again.',
    required: 'Enter {what}.',
    requiredChoice: 'Choose {what}.',
    requiredAttachment: 'Add {what}.',
    invalid_type: 'The answer for {what} is not in the right form. Please enter it again.',
    too_long: 'Enter {what} in at most {max} characters.',
    too_short: 'Enter {what} in at least {min} characters.',
    invalid_characters: '{what} contains characters that are not allowed.',
    invalid_number: 'Enter {what} as a number, for example 12.',
    not_whole_number: 'Enter {what} as a whole number.',
    number_too_small: 'Enter a number of at least {min} for {what}.',
    number_too_large: 'Enter a number of at most {max} for {what}.',
    invalid_money: 'Enter {what} as an amount in euros, for example 12.50.',
    money_too_small: 'Enter an amount of at least {min} for {what}.',
    money_too_large: 'Enter an amount of at most {max} for {what}.',
    invalid_date: 'Enter {what} as a real date, for example 31-12-2026.',
    date_too_early: 'Enter a date on or after {date} for {what}.',
    date_too_late: 'Enter a date on or before {date} for {what}.',
    invalid_choice: 'Choose {what} from the list.',
    too_few_choices: 'Choose at least {min} for {what}.',
    too_many_choices: 'Choose at most {max} for {what}.',
    invalid_yes_no: 'Choose yes or no for {what}.',
    invalid_email: 'Enter {what} like name@example.com.',
    invalid_phone: 'Enter {what} like 0612345678 or +31 20 123 4567.',
    invalid_postcode: 'Enter {what} like 1234 AB.',
    invalid_bsn: 'This is not a valid citizen service number. Check the 9 digits of {what}.',
    invalid_licence_plate: 'Enter {what} like AB-123-C.',
    invalid_attachment: 'A file for {what} could not be read. Please add it again.',
    attachment_type: 'Only add files of the type {types} for {what}.',
    attachment_too_large: 'A file for {what} is too large. A file may be at most {size}.',
    too_few_attachments: 'Add at least {min} files for {what}.',
    too_many_attachments: 'Add at most {max} files for {what}.',
    prefilled_not_editable: '{what} comes from the government register. You cannot change it here.',
  },
};

type Failure = { code: Code<FormProblemCode> | 'requiredChoice' | 'requiredAttachment'; params?: Record<string, string | number> };
type Parsed = { ok: true; value: AnswerValue | undefined } | ({ ok: false } & Failure);

const lowerFirst = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function fieldName(field: FormField, lang: Lang): string {
  return field.errorName?.[lang] ?? lowerFirst(field.label[lang]);
}

function problemFor(field: FormField | null, name: string, failure: Failure, lang: Lang): FormProblem {
  const code: FormProblemCode =
    failure.code === 'requiredChoice' || failure.code === 'requiredAttachment' ? 'delivery.form.required' : `delivery.form.${failure.code}`;
  const text = format(messages[lang][failure.code], { what: field ? fieldName(field, lang) : '', ...failure.params });
  return { field: name, code, message: upperFirst(text) };
}

export function formatMoney(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

function formatBytes(bytes: number, lang: Lang): string {
  if (bytes >= 1_000_000) return `${formatNumber(Math.floor(bytes / 100_000) / 10, lang)} MB`;
  if (bytes >= 1000) return `${formatNumber(Math.floor(bytes / 100) / 10, lang)} kB`;
  return `${formatNumber(bytes, lang)} bytes`;
}

// =======================================================================================
// 3. Reading one answer
// =======================================================================================

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- a textarea may hold tabs and new lines, nothing else below U+0020
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Postcodes start 1–9; the letter pairs SA, SD and SS are not used.
const POSTCODE = /^([1-9][0-9]{3}) ?(?!SA|SD|SS)([A-Z]{2})$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (r: Record<string, unknown>, key: string): unknown => (Object.hasOwn(r, key) ? r[key] : undefined);

/** No answer: missing, null, only spaces, or an empty list. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

export { isValidBsn };

/** Dutch licence plates: the side codes 1–14 (L = letter, D = digit), dashes where the groups meet. */
const plateSideCodes = [
  'LL-DD-DD',
  'DD-DD-LL',
  'DD-LL-DD',
  'LL-DD-LL',
  'LL-LL-DD',
  'DD-LL-LL',
  'DD-LLL-D',
  'D-LLL-DD',
  'LL-DDD-L',
  'L-DDD-LL',
  'LLL-DD-L',
  'L-DD-LLL',
  'D-LL-DDD',
  'DDD-LL-D',
] as const;

/** `ab123c` → `AB-123-C`, or null when it fits no side code. */
export function normaliseLicencePlate(text: string): string | null {
  const plain = text.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{6}$/.test(plain)) return null;
  const shape = plain.replace(/[A-Z]/g, 'L').replace(/[0-9]/g, 'D');
  const code = plateSideCodes.find((c) => c.replace(/-/g, '') === shape);
  if (!code) return null;
  let i = 0;
  return code.replace(/[LD]/g, () => plain[i++] ?? '');
}

/** `1234ab` → `1234 AB`, or null. */
export function normalisePostcode(text: string): string | null {
  const m = POSTCODE.exec(text.trim().toUpperCase());
  return m?.[1] && m[2] ? `${m[1]} ${m[2]}` : null;
}

/** `0031 6-1234 5678` → `+31612345678`; `06 12345678` → `0612345678`; or null. */
export function normalisePhone(text: string): string | null {
  // "+31 (0)20 …": the (0) is not dialled from abroad.
  const plain = text.replace(/\(0\)/g, '').replace(/[\s().-]/g, '');
  if (/^0[1-9]\d{8}$/.test(plain)) return plain;
  const intl = /^(?:\+|00)([1-9]\d{7,14})$/.exec(plain);
  return intl?.[1] ? `+${intl[1]}` : null;
}

/**
 * An amount in euros as people type it → cents: `12,50`, `12.50`, `€ 1.234,56`, `1,234.56`,
 * `12,-`, `12`. Null when it is not an amount (or has more than two decimals).
 */
export function parseMoney(text: string): number | null {
  const t = text
    .replace(/^\s*(€|eur)\s*/i, '')
    .replace(/\s/g, '')
    .replace(/,-$/, '');
  let whole: string;
  let fraction = '';
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(t))) {
    whole = (m[1] ?? '').replace(/\./g, '');
    fraction = m[2] ?? '';
  } else if ((m = /^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/.exec(t)) || (m = /^(\d{1,3}(?:,\d{3}){2,})$/.exec(t))) {
    // English thousands only where a comma cannot be the Dutch decimal comma: "1,234.50", "1,234,567" (not "12,345").
    whole = (m[1] ?? '').replace(/,/g, '');
    fraction = m[2] ?? '';
  } else if ((m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(t))) {
    whole = m[1] ?? '';
    fraction = m[2] ?? '';
  } else return null;
  if (whole.length > 12) return null;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** `2026-05-06`, `6-5-2026`, `06/05/2026`, `6.5.2026` → `2026-05-06`; or null. */
export function parseDate(text: string): IsoDate | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return tryParseIsoDate(t) ?? null;
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (!m) return null;
  return tryParseIsoDate(`${m[3]}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`) ?? null;
}

function resolveBound(bound: DateBound, today: IsoDate): IsoDate {
  return 'date' in bound ? (tryParseIsoDate(bound.date) ?? today) : addDays(today, bound.daysFromToday);
}

/** Text as typed: one string (a form post may repeat a name; that is refused). */
function readText(raw: unknown): { ok: true; text: string } | ({ ok: false } & Failure) {
  if (typeof raw !== 'string') return { ok: false, code: 'invalid_type' };
  if (raw.length > formLimits.rawStringMax) return { ok: false, code: 'too_long', params: { max: formLimits.rawStringMax } };
  return { ok: true, text: raw.trim().normalize('NFC') };
}

function boundedText(raw: unknown, min: number, max: number, multiline: boolean): Parsed {
  const r = readText(raw);
  if (!r.ok) return r.code === 'too_long' ? { ok: false, code: 'too_long', params: { max } } : r;
  const text = multiline ? r.text.replace(/\r\n?/g, '\n') : r.text;
  if (text.length > max) return { ok: false, code: 'too_long', params: { max } };
  if (text.length < min) return { ok: false, code: 'too_short', params: { min } };
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(text)) return { ok: false, code: 'invalid_characters' };
  return { ok: true, value: text };
}

function formatted(raw: unknown, max: number, code: Failure['code'], normalise: (t: string) => string | null): Parsed {
  const r = readText(raw);
  if (!r.ok) return r;
  if (r.text.length > max) return { ok: false, code };
  const value = normalise(r.text);
  return value === null ? { ok: false, code } : { ok: true, value };
}

/** Attachment refs: a list of `{ id, fileName, mimeType, sizeBytes }` (or one such object). */
function readAttachments(field: FieldOf<'attachment'>, raw: unknown, lang: Lang): Parsed {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length > field.maxCount) return { ok: false, code: 'too_many_attachments', params: { max: field.maxCount } };
  const files: AttachmentRef[] = [];
  for (const item of list) {
    if (!isRecord(item)) return { ok: false, code: 'invalid_attachment' };
    const id = own(item, 'id');
    const fileName = own(item, 'fileName');
    const mimeType = own(item, 'mimeType');
    const sizeBytes = own(item, 'sizeBytes');
    if (
      typeof id !== 'string' ||
      !/^[A-Za-z0-9_-]{1,64}$/.test(id) ||
      typeof fileName !== 'string' ||
      fileName.length === 0 ||
      fileName.length > formLimits.fileNameMax ||
      CONTROL.test(fileName) ||
      /[/\\]/.test(fileName) ||
      typeof mimeType !== 'string' ||
      mimeType.length > 200 ||
      typeof sizeBytes !== 'number' ||
      !Number.isSafeInteger(sizeBytes) ||
      sizeBytes < 0
    )
      return { ok: false, code: 'invalid_attachment' };
    const mime = mimeType.trim().toLowerCase();
    const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    if (!field.accept.some((a) => a.mimeType === mime && a.extensions.includes(extension))) {
      const types = [...new Set(field.accept.flatMap((a) => a.extensions))].map((e) => e.toUpperCase());
      const last = types.pop() ?? '';
      const list = types.length > 0 ? `${types.join(', ')} ${lang === 'en' ? 'or' : 'of'} ${last}` : last;
      return { ok: false, code: 'attachment_type', params: { types: list } };
    }
    if (sizeBytes > field.maxSizeBytes)
      return { ok: false, code: 'attachment_too_large', params: { size: formatBytes(field.maxSizeBytes, lang) } };
    if (sizeBytes === 0) return { ok: false, code: 'invalid_attachment' };
    files.push({ id, fileName: fileName.normalize('NFC'), mimeType: mime, sizeBytes });
  }
  if (new Set(files.map((f) => f.id)).size !== files.length) return { ok: false, code: 'invalid_attachment' };
  if (files.length < field.minCount) return { ok: false, code: 'too_few_attachments', params: { min: field.minCount } };
  return { ok: true, value: files };
}

/**
 * Reads and checks one answer. `value: undefined` = no answer (allowed: the field is optional).
 * `today` null skips the date limits (used for prefilled values).
 */
function parseField(field: FormField, raw: unknown, today: IsoDate | null, lang: Lang): Parsed {
  if (isEmpty(raw)) {
    if (!field.required) return { ok: true, value: undefined };
    const code =
      field.kind === 'choice' || field.kind === 'multiChoice' || field.kind === 'yesNo'
        ? 'requiredChoice'
        : field.kind === 'attachment'
          ? 'requiredAttachment'
          : 'required';
    return { ok: false, code };
  }
  switch (field.kind) {
    case 'text':
      return boundedText(raw, field.minLength, field.maxLength, false);
    case 'textarea':
      return boundedText(raw, field.minLength, field.maxLength, true);
    case 'email':
      return formatted(raw, formLimits.email, 'invalid_email', (t) => {
        if (!EMAIL.test(t) || CONTROL.test(t)) return null;
        const at = t.lastIndexOf('@');
        return `${t.slice(0, at)}@${t.slice(at + 1).toLowerCase()}`;
      });
    case 'phone':
      return formatted(raw, 40, 'invalid_phone', normalisePhone);
    case 'postcode':
      return formatted(raw, 20, 'invalid_postcode', normalisePostcode);
    case 'bsn':
      return formatted(raw, 20, 'invalid_bsn', (t) => {
        const plain = t.replace(/[\s.]/g, '');
        return isValidBsn(plain) ? plain : null;
      });
    case 'licencePlate':
      return formatted(raw, 20, 'invalid_licence_plate', normaliseLicencePlate);
    case 'date': {
      const r = formatted(raw, 20, 'invalid_date', parseDate);
      if (!r.ok || today === null || typeof r.value !== 'string') return r;
      const earliest = field.notBefore ? resolveBound(field.notBefore, today) : null;
      const latest = field.notAfter ? resolveBound(field.notAfter, today) : null;
      if (earliest !== null && r.value < earliest)
        return { ok: false, code: 'date_too_early', params: { date: formatDate(earliest, lang) } };
      if (latest !== null && r.value > latest) return { ok: false, code: 'date_too_late', params: { date: formatDate(latest, lang) } };
      return r;
    }
    case 'number': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else {
        const r = readText(raw);
        if (!r.ok) return r.code === 'too_long' ? { ok: false, code: 'invalid_number' } : r;
        const t = r.text.replace(/\s/g, '');
        n = /^-?\d{1,15}(?:[.,]\d{1,6})?$/.test(t) ? Number(t.replace(',', '.')) : NaN;
      }
      if (!Number.isFinite(n)) return { ok: false, code: 'invalid_number' };
      if (field.integer && !Number.isInteger(n)) return { ok: false, code: 'not_whole_number' };
      const min = field.min ?? -formLimits.numberAbsMax;
      const max = field.max ?? formLimits.numberAbsMax;
      if (n < min) return { ok: false, code: 'number_too_small', params: { min: formatNumber(min, lang) } };
      if (n > max) return { ok: false, code: 'number_too_large', params: { max: formatNumber(max, lang) } };
      return { ok: true, value: Object.is(n, -0) ? 0 : n };
    }
    case 'money': {
      let cents: number | null;
      // A number is already cents (what `validateAll` gives back); text is euros as typed.
      if (typeof raw === 'number') cents = Number.isSafeInteger(raw) ? raw : null;
      else {
        const r = readText(raw);
        if (!r.ok) return r.code === 'too_long' ? { ok: false, code: 'invalid_money' } : r;
        cents = r.text.length > 40 ? null : parseMoney(r.text);
      }
      if (cents === null) return { ok: false, code: 'invalid_money' };
      if (cents < field.minCents) return { ok: false, code: 'money_too_small', params: { min: formatMoney(field.minCents, lang) } };
      if (cents > field.maxCents) return { ok: false, code: 'money_too_large', params: { max: formatMoney(field.maxCents, lang) } };
      return { ok: true, value: cents === 0 ? 0 : cents };
    }
    case 'yesNo': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (typeof raw !== 'string' || raw.length > 10) return { ok: false, code: 'invalid_yes_no' };
      const t = raw.trim().toLowerCase();
      if (['ja', 'yes', 'true'].includes(t)) return { ok: true, value: true };
      if (['nee', 'no', 'false'].includes(t)) return { ok: true, value: false };
      return { ok: false, code: 'invalid_yes_no' };
    }
    case 'choice': {
      if (typeof raw !== 'string') return { ok: false, code: 'invalid_choice' };
      const t = raw.trim();
      return field.options.some((o) => o.value === t) ? { ok: true, value: t } : { ok: false, code: 'invalid_choice' };
    }
    case 'multiChoice': {
      const list: unknown[] = Array.isArray(raw) ? raw : [raw];
      if (list.length > field.options.length * 2 || list.some((v) => typeof v !== 'string')) return { ok: false, code: 'invalid_choice' };
      const chosen = new Set((list as string[]).map((v) => v.trim()));
      if ([...chosen].some((v) => !field.options.some((o) => o.value === v))) return { ok: false, code: 'invalid_choice' };
      const value = field.options.map((o) => o.value).filter((v) => chosen.has(v));
      const min = Math.max(field.minSelected, field.required ? 1 : 0);
      const max = field.maxSelected ?? field.options.length;
      if (value.length < min) return { ok: false, code: 'too_few_choices', params: { min } };
      if (value.length > max) return { ok: false, code: 'too_many_choices', params: { max } };
      return { ok: true, value };
    }
    case 'attachment':
      return readAttachments(field, raw, lang);
  }
}

function sameAnswer(a: AnswerValue, b: AnswerValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

// =======================================================================================
// 4. Conditions and validation
// =======================================================================================

/** Does the condition hold for these (normalised, visible) answers? */
export function conditionHolds(condition: Condition, answers: ReadonlyMap<string, AnswerValue>): boolean {
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, answers));
  if ('not' in condition) return !conditionHolds(condition.not, answers);
  const value = answers.get(condition.field);
  if ('answered' in condition) return (value !== undefined) === condition.answered;
  if (value === undefined) return false;
  const wanted = 'equals' in condition ? [condition.equals] : condition.in;
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && wanted.includes(v));
  return wanted.includes(value as ConditionValue);
}

export interface ValidateOptions {
  /**
   * Prefilled values that may not be changed (`prefill(...).locked`). A missing answer gets this
   * value; a different one is refused with `delivery.form.prefilled_not_editable`.
   */
  readonly locked?: Answers;
}

export type FormValidation =
  | { readonly ok: true; readonly answers: Answers }
  /** `answers` holds the valid answers, so a page can keep them while it shows the problems. */
  | { readonly ok: false; readonly answers: Answers; readonly problems: readonly FormProblem[] };

interface Walk {
  /** Valid answers of the visible fields in scope, in form order. */
  answers: Record<string, AnswerValue>;
  problems: FormProblem[];
  /** Every visible field with a valid answer (in and out of scope), for conditions. */
  values: Map<string, AnswerValue>;
  visibleSteps: FormStep[];
  visibleFields: FormField[];
}

/**
 * Walks the form in order: a field is visible when its step's and its own condition hold for the
 * answers before it. Fields outside `scope` are read (for the conditions) but not reported.
 */
function walk(
  definition: FormDefinition,
  raw: unknown,
  today: IsoDate | null,
  lang: Lang,
  scope: string | null,
  options: ValidateOptions,
): Walk {
  const result: Walk = { answers: {}, problems: [], values: new Map(), visibleSteps: [], visibleFields: [] };
  if (!isRecord(raw)) {
    result.problems.push(problemFor(null, '', { code: 'invalid_answers' }, lang));
    raw = {};
  }
  const input = raw as Record<string, unknown>;
  const known = new Set(allFields(definition).map((f) => f.id));
  for (const key of Object.keys(input)) if (!known.has(key)) result.problems.push(problemFor(null, key, { code: 'unknown_field' }, lang));

  const locked = options.locked ?? {};
  for (const step of definition.steps) {
    if (step.condition && !conditionHolds(step.condition, result.values)) continue;
    result.visibleSteps.push(step);
    const inScope = scope === null || scope === step.id;
    for (const field of step.fields) {
      if (field.condition && !conditionHolds(field.condition, result.values)) continue;
      result.visibleFields.push(field);
      const fixed = Object.hasOwn(locked, field.id) ? locked[field.id] : undefined;
      const given = own(input, field.id);
      const parsed = parseField(field, fixed !== undefined && isEmpty(given) ? fixed : given, today, lang);
      if (parsed.ok && parsed.value !== undefined && fixed !== undefined && !sameAnswer(parsed.value, fixed)) {
        if (inScope) result.problems.push(problemFor(field, field.id, { code: 'prefilled_not_editable' }, lang));
        continue;
      }
      if (!parsed.ok) {
        if (inScope) result.problems.push(problemFor(field, field.id, parsed, lang));
        continue;
      }
      if (parsed.value === undefined) continue;
      result.values.set(field.id, parsed.value);
      if (inScope) result.answers[field.id] = parsed.value;
    }
  }
  return result;
}

function outcome(w: Walk): FormValidation {
  return w.problems.length === 0 ? { ok: true, answers: w.answers } : { ok: false, answers: w.answers, problems: w.problems };
}

/**
 * Checks the answers of one step (a page of the form). `answers` may hold the answers of other
 * steps too: they decide the conditions. Gives every problem of the step at once, and the
 * normalised answers of the step's visible fields (hidden fields are dropped). Names the form does
 * not know are refused. An unknown step id gives `delivery.form.unknown_step` (field `''`).
 */
export function validateStep(
  definition: FormDefinition,
  stepId: string,
  answers: unknown,
  today: IsoDate,
  lang: Lang,
  options: ValidateOptions = {},
): FormValidation {
  if (!findStep(definition, stepId)) {
    return { ok: false, answers: {}, problems: [problemFor(null, '', { code: 'unknown_step' }, lang)] };
  }
  return outcome(walk(definition, answers, today, lang, stepId, options));
}

/** Checks the whole form (before it is submitted): every problem of every visible step at once. */
export function validateAll(
  definition: FormDefinition,
  answers: unknown,
  today: IsoDate,
  lang: Lang,
  options: ValidateOptions = {},
): FormValidation {
  return outcome(walk(definition, answers, today, lang, null, options));
}

/** The steps shown for these answers, in order (for the step navigation). */
export function visibleSteps(definition: FormDefinition, answers: unknown): FormStep[] {
  return walk(definition, answers, null, 'nl', null, {}).visibleSteps;
}

// =======================================================================================
// 5. Prefill from the registers
// =======================================================================================

export type PrefillAddress = Pick<Address, 'street' | 'houseNumber' | 'houseNumberAddition' | 'postcode' | 'city'>;

export interface PrefillChild {
  readonly bsn: string;
  readonly givenNames: string;
  readonly surnamePrefix: string | null;
  readonly surname: string;
  readonly birthDate: string;
}

/**
 * What the registers know of the applicant: the person (BRP) with the children in their care, and
 * the business (KVK) they apply for. A registry `Person` and `Business` fit as they are.
 */
export interface PrefillRegisters {
  readonly person?:
    | (Pick<Person, 'bsn' | 'givenNames' | 'surnamePrefix' | 'surname' | 'birthDate'> & {
        readonly address: PrefillAddress | null;
        readonly children?: readonly PrefillChild[];
      })
    | null;
  readonly business?: (Pick<Business, 'kvkNumber' | 'name'> & { readonly address: PrefillAddress | null }) | null;
}

export interface PrefilledField {
  readonly field: string;
  readonly source: PrefillSource;
  readonly editable: boolean;
}

export interface Prefill {
  /** The initial answers (normalised as `validateAll` would). */
  readonly answers: Answers;
  /** Which fields were prefilled, from where, and whether the applicant may change them. */
  readonly prefilled: readonly PrefilledField[];
  /** The prefilled answers that may not be changed: pass them to `validateStep`/`validateAll` as `locked`. */
  readonly locked: Answers;
}

const joinName = (p: { givenNames: string; surnamePrefix: string | null; surname: string }): string =>
  [p.givenNames, p.surnamePrefix, p.surname].filter(Boolean).join(' ');

function addressLine(a: PrefillAddress): string {
  const number = `${a.houseNumber}${a.houseNumberAddition ? `-${a.houseNumberAddition}` : ''}`;
  return `${a.street} ${number}, ${normalisePostcode(a.postcode) ?? a.postcode} ${a.city}`;
}

function addressPart(a: PrefillAddress | null | undefined, part: string): string | number | undefined {
  if (!a) return undefined;
  switch (part) {
    case 'street':
      return a.street;
    case 'houseNumber':
      return a.houseNumber;
    case 'houseNumberAddition':
      return a.houseNumberAddition ?? undefined;
    case 'postcode':
      return a.postcode;
    case 'city':
      return a.city;
    case 'full':
      return addressLine(a);
    default:
      return undefined;
  }
}

function registerValue(source: PrefillSource, r: PrefillRegisters): string | number | undefined {
  const p = r.person ?? undefined;
  const b = r.business ?? undefined;
  if (source.startsWith('person.address.')) return addressPart(p?.address, source.slice('person.address.'.length));
  if (source.startsWith('business.address.')) return addressPart(b?.address, source.slice('business.address.'.length));
  switch (source) {
    case 'person.bsn':
      return p?.bsn;
    case 'person.name':
      return p ? joinName(p) : undefined;
    case 'person.givenNames':
      return p?.givenNames;
    case 'person.surnamePrefix':
      return p?.surnamePrefix ?? undefined;
    case 'person.surname':
      return p?.surname;
    case 'person.birthDate':
      return p?.birthDate;
    case 'person.children.count':
      return p?.children?.length;
    case 'person.children.names':
      return p?.children && p.children.length > 0 ? p.children.map((c) => `${joinName(c)} (${c.birthDate})`).join('\n') : undefined;
    case 'business.name':
      return b?.name;
    case 'business.kvkNumber':
      return b?.kvkNumber;
    default:
      return undefined;
  }
}

/**
 * The initial answers of a form from the registers (data supplied once). A value the field would
 * refuse (too long, wrong format) is left out, so the applicant fills it in.
 */
export function prefill(definition: FormDefinition, registers: PrefillRegisters): Prefill {
  const answers: Record<string, AnswerValue> = {};
  const locked: Record<string, AnswerValue> = {};
  const prefilled: PrefilledField[] = [];
  for (const field of allFields(definition)) {
    if (!field.prefill) continue;
    let raw = registerValue(field.prefill.source, registers);
    if (raw === undefined) continue;
    if (typeof raw === 'number' && field.kind !== 'number') raw = String(raw);
    const parsed = parseField(field, raw, null, 'nl');
    if (!parsed.ok || parsed.value === undefined) continue;
    answers[field.id] = parsed.value;
    if (!field.prefill.editable) locked[field.id] = parsed.value;
    prefilled.push({ field: field.id, source: field.prefill.source, editable: field.prefill.editable });
  }
  return { answers, prefilled, locked };
}

// =======================================================================================
// 6. Summary for the confirmation page and the receipt
// =======================================================================================

export interface SummaryRow {
  readonly stepId: string;
  readonly stepTitle: string;
  readonly field: string;
  readonly label: string;
  /** The answer as a person reads it; several lines for a textarea. */
  readonly value: string;
  readonly answered: boolean;
}

const notAnswered: Record<Lang, string> = { nl: 'Niet ingevuld', en: 'Not answered' };
const yesNo: Record<Lang, [string, string]> = { nl: ['Ja', 'Nee'], en: ['Yes', 'No'] };

/** Any answer as text (the walk gives each kind its own type, so this is only a fallback). */
function plain(value: AnswerValue): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function display(field: FormField, value: AnswerValue, lang: Lang): string {
  switch (field.kind) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value, lang) : plain(value);
    case 'number':
      return typeof value === 'number' ? `${formatNumber(value, lang)}${field.unit ? ` ${field.unit[lang]}` : ''}` : plain(value);
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? formatDate(value, lang) : plain(value);
    case 'yesNo':
      return value === true ? yesNo[lang][0] : yesNo[lang][1];
    case 'choice':
      return field.options.find((o) => o.value === value)?.label[lang] ?? plain(value);
    case 'multiChoice':
      return (Array.isArray(value) ? (value as string[]) : [])
        .map((v) => field.options.find((o) => o.value === v)?.label[lang] ?? v)
        .join(', ');
    case 'attachment':
      return (Array.isArray(value) ? (value as AttachmentRef[]) : []).map((f) => f.fileName).join(', ');
    default:
      return plain(value);
  }
}

/**
 * The rows of the confirmation page and the receipt: every visible field, in form order, with its
 * label and answer as a person reads it. Hidden fields are left out; invalid answers show as not answered.
 */
export function summary(definition: FormDefinition, answers: unknown, lang: Lang): SummaryRow[] {
  const w = walk(definition, answers, null, lang, null, {});
  const stepOf = new Map(definition.steps.flatMap((s) => s.fields.map((f) => [f.id, s] as const)));
  return w.visibleFields.map((field) => {
    const step = stepOf.get(field.id);
    const value = w.values.get(field.id);
    return {
      stepId: step?.id ?? '',
      stepTitle: step?.title[lang] ?? '',
      field: field.id,
      label: field.label[lang],
      value: value === undefined ? notAnswered[lang] : display(field, value, lang),
      answered: value !== undefined,
    };
  });
}
