// mandates: granting a mandate, in two steps that work without JavaScript.
//   GET  /machtigen/nieuw              step 1, the form: whom (a person by BSN and surname, or a
//                                       business by KVK number), what for (one service of an
//                                       organisation, a kind of service (UPL product) at every
//                                       organisation, or a service set of an organisation), from and
//                                       until, and the lowest level of assurance (optional)
//   POST /machtigen/nieuw              the form again (after "Toon diensten", "Wijzigen", or with its
//                                       errors), or step 2: the summary in one plain sentence, with the
//                                       values in hidden fields. Nothing is stored yet.
//   POST /machtigen/nieuw/bevestigen   grants it (grantMandate), then to the mandate's page (303)
//
// The organisation's services and service sets are listed once the organisation is chosen: "Toon
// diensten" posts the form and shows it again with what was typed. A kind of service is typed and
// looked up in the catalog; when several match, the form asks which one.
//
// Step 1 checks what grantMandate will check (the same rules, from model.ts and the registers), so
// the summary only shows a mandate that can be made; grantMandate checks it all again on confirm.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DataList,
  ErrorSummary,
  FieldSet,
  LinkParagraph,
  Paragraph,
  SearchField,
  SelectField,
  TextField,
  dateInput,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../platform/html/index.tsx';
import { levelsOfAssurance, loaLabels, type LevelOfAssurance, type Principal } from '../../platform/auth/index.ts';
import { principalOf, ProblemError, type Failure, type InvalidParam } from '../../platform/http/index.ts';
import { format, formatDate, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { catalogApi, productNames, publishedServiceTitles, searchServices } from '../catalog/index.ts';
import { businessFactsOf, getOrganisation, listOrganisations } from '../registry/index.ts';
import { mandateMessages } from './messages.ts';
import { sameParty, type MandateScope, type Party } from './model.ts';
import {
  CsrfField,
  InfoBox,
  PageTitle,
  capitalised,
  citizenAccess,
  errorText,
  formBody,
  loaText,
  loginFirst,
  loginToPage,
  mandatePaths,
  originOf,
  queryOf,
  scopeText,
  str,
  tidy,
} from './official-pages.tsx';
import { mandateRules } from './reference.ts';
import {
  checkGrant as checkMandateGrant,
  currentSubjectOf,
  decide,
  denyTexts,
  grantMandate,
  listServiceSets,
  ownPartyOf,
  parseGrant,
} from './service.ts';

// ---------------------------------------------------------------------------------------------
// The form's values

/** The form as typed; every value text. */
export interface GrantForm {
  whom: string;
  bsn: string;
  surname: string;
  kvk: string;
  what: string;
  organisation: string;
  service: string;
  set: string;
  product: string;
  productUri: string;
  from: string;
  until: string;
  loa: string;
}

/** The name each value has in the form (and in the summary's hidden fields). */
export const grantFields = {
  whom: 'soort',
  bsn: 'bsn',
  surname: 'achternaam',
  kvk: 'kvk-nummer',
  what: 'waarvoor',
  organisation: 'organisatie',
  service: 'dienst',
  set: 'dienstenset',
  product: 'product',
  productUri: 'product-uri',
  from: 'vanaf',
  until: 'tot-en-met',
  loa: 'niveau',
} as const satisfies Record<keyof GrantForm, string>;

const emptyForm: GrantForm = {
  whom: '',
  bsn: '',
  surname: '',
  kvk: '',
  what: '',
  organisation: '',
  service: '',
  set: '',
  product: '',
  productUri: '',
  from: '',
  until: '',
  loa: '',
};

function readForm(body: Record<string, unknown>): GrantForm {
  const form = { ...emptyForm };
  for (const key of Object.keys(grantFields) as (keyof GrantForm)[]) form[key] = str(body[grantFields[key]]).trim().slice(0, 300);
  return form;
}

/** `2026-05-06` → `06-05-2026`, as the form's date fields show it. */
const formDate = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

const digits = (text: string): string => text.replace(/[\s.]/g, '');

/** Surnames compared as people type them: without accents, case, spaces or hyphens (as grantMandate does). */
const folded = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

// ---------------------------------------------------------------------------------------------
// For whom the principal grants, and whether they may

interface Grantor {
  subject: Party;
  /** The mandator's name; null when the person grants for themself ("u"). */
  name: string | null;
  /** A functionary with joint authority: a second one must sign. */
  joint: boolean;
}

async function grantorOf(ctx: ModuleContext, principal: Principal, lang: Lang): Promise<Grantor | { refused: string }> {
  const subject = currentSubjectOf(principal);
  const own = ownPartyOf(principal);
  if (!subject || !own || principal.kind === 'anonymous' || principal.kind === 'official') return { refused: denyTexts.no_relation[lang] };
  if (principal.kind === 'person' && sameParty(own, subject)) return { subject, name: null, joint: false };
  const d = await decide(ctx, principal, { action: 'manage_mandates', subject, service: null });
  if (!d.allow) return { refused: d.reason === 'not_a_citizen_or_business' ? denyTexts.no_relation[lang] : denyTexts[d.reason][lang] };
  const name =
    principal.actingFor?.name ??
    (subject.kind === 'business' ? (await businessFactsOf(ctx, subject.id))?.name : undefined) ??
    principal.name;
  return { subject, name, joint: d.basis.kind === 'functionary' && d.basis.authority === 'joint' };
}

// ---------------------------------------------------------------------------------------------
// Checking the form (step 1)

interface ProductChoice {
  uri: string;
  label: string;
}

/** A mandate that can be made, as the summary shows it. */
interface CheckedGrant {
  /** The body for grantMandate. */
  body: Record<string, unknown>;
  mandatary: Party;
  mandataryName: string;
  scope: MandateScope;
  scopeTitle: string;
  organisationName: string | null;
  validFrom: string;
  validUntil: string;
  /** The lowest level of assurance the mandatary logs in with, when it is more than "low" or was chosen. */
  minLoa: LevelOfAssurance | null;
  /** The form with the kind of service's name and URI filled in, for the hidden fields. */
  form: GrantForm;
}

interface Checked {
  errors: FieldError[];
  choices: ProductChoice[];
  /** The form to show again: a kind of service found is named as the catalog names it. */
  form: GrantForm;
  grant?: CheckedGrant | undefined;
}

/** The form's field for each input the service names. */
const paramFields: Record<string, string> = {
  'mandatary.kind': grantFields.whom,
  'mandatary.bsn': grantFields.bsn,
  'mandatary.surname': grantFields.surname,
  'mandatary.kvkNumber': grantFields.kvk,
  'scope.kind': grantFields.what,
  'scope.organisationCode': grantFields.organisation,
  'scope.serviceId': grantFields.service,
  'scope.setId': grantFields.set,
  'scope.uplUri': grantFields.product,
  validFrom: grantFields.from,
  validUntil: grantFields.until,
  minLoa: grantFields.loa,
};

/** Collects at most one error per field, in the order of the form. */
class Errors {
  readonly list: FieldError[] = [];
  constructor(
    private readonly lang: Lang,
    private readonly form: GrantForm,
  ) {}
  add(field: string, code: string, reason = ''): void {
    if (this.has(field)) return;
    const years = mandateRules().maxValidityYears;
    this.list.push({ field, message: errorText(this.lang, code, reason, { years }) });
  }
  has(field: string): boolean {
    return this.list.some((e) => e.field === field);
  }
  /** The service's refusals, each on its field (a service or set on the organisation when that has an error). */
  addParams(params: readonly InvalidParam[]): void {
    for (const p of params) {
      let field = paramFields[p.name] ?? (p.name === 'mandatary' ? this.mandataryField() : grantFields.what);
      let code = p.code;
      if (code === 'mandates.unknown_mandatary') code = field === grantFields.bsn ? 'mandates.unknown_person' : 'mandates.unknown_business';
      if ((field === grantFields.service || field === grantFields.set) && this.has(grantFields.organisation)) continue;
      // A kind of service not found, or to be chosen among several, is said once.
      if (field === grantFields.product && this.has(grantFields.productUri)) continue;
      if (field === grantFields.service && this.form.what !== 'dienst') field = grantFields.what;
      this.add(field, code, p.reason);
    }
  }
  mandataryField(): string {
    return this.form.whom === 'onderneming' ? grantFields.kvk : grantFields.bsn;
  }
  sorted(): FieldError[] {
    const order: string[] = Object.values(grantFields);
    return [...this.list].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  }
}

/** The kind of service typed (or chosen among several): its UPL URI and name, or why not. */
async function resolveProduct(
  ctx: ModuleContext,
  form: GrantForm,
  errors: Errors,
): Promise<{ uri: string; name: string } | { choices: ProductChoice[] }> {
  if (form.productUri) {
    const name = (await productNames(ctx, [form.productUri])).get(form.productUri);
    if (name) return { uri: form.productUri, name };
    errors.add(grantFields.product, 'mandates.unknown_product');
    return { choices: [] };
  }
  if (!form.product) {
    errors.add(grantFields.product, 'mandates.invalid_product');
    return { choices: [] };
  }
  const found = await searchServices(ctx, { q: form.product, groupBy: 'upl', limit: 10, offset: 0 });
  const hits = found.ok && found.value.groupBy === 'upl' ? found.value.items : [];
  const typed = folded(form.product);
  const exact = hits.filter((h) => folded(h.title) === typed || folded(h.uplName) === typed);
  const only = exact.length === 1 ? exact[0] : hits.length === 1 ? hits[0] : undefined;
  if (only) return { uri: only.uplUri, name: only.uplName };
  if (hits.length === 0) {
    errors.add(grantFields.product, 'mandates.unknown_product');
    return { choices: [] };
  }
  errors.add(grantFields.productUri, 'mandates.choose_product');
  return {
    choices: hits.map((h) => ({ uri: h.uplUri, label: folded(h.title) === folded(h.uplName) ? h.title : `${h.title} (${h.uplName})` })),
  };
}

/** Everything grantMandate will check, with the errors on the form's fields; the summary's facts when there are none. */
async function checkGrant(ctx: ModuleContext, principal: Principal, form: GrantForm, lang: Lang): Promise<Checked> {
  const errors = new Errors(lang, form);
  const today = ctx.clock.today();
  let choices: ProductChoice[] = [];
  let product: { uri: string; name: string } | undefined;
  if (form.what === 'product') {
    const resolved = await resolveProduct(ctx, form, errors);
    if ('uri' in resolved) product = resolved;
    else choices = resolved.choices;
  }
  const body: Record<string, unknown> = {
    mandatary:
      form.whom === 'persoon'
        ? { kind: 'person', bsn: digits(form.bsn), surname: form.surname }
        : form.whom === 'onderneming'
          ? { kind: 'business', kvkNumber: digits(form.kvk) }
          : {},
    scope:
      form.what === 'dienst'
        ? { kind: 'service', organisationCode: form.organisation, serviceId: form.service }
        : form.what === 'product'
          ? { kind: 'product', uplUri: product?.uri ?? '' }
          : form.what === 'dienstenset'
            ? { kind: 'service_set', organisationCode: form.organisation, setId: form.set }
            : {},
    validUntil: dateInput(form.until),
  };
  if (form.from) body['validFrom'] = dateInput(form.from);
  if (form.loa) body['minLoa'] = form.loa;

  const again: GrantForm = { ...form, product: product?.name ?? form.product, productUri: '' };
  if (errors.list.length > 0) {
    // What the form itself found (a kind of service to choose); the fields are checked as well, all listed at once.
    const parsed = parseGrant(body, today);
    if (!parsed.ok) errors.addParams(parsed.failure.invalidParams ?? []);
    return { errors: errors.sorted(), choices, form: again };
  }
  // Every check of grantMandate, without storing anything (service.ts checkGrant).
  const checked = await checkMandateGrant(ctx, principal, body);
  if (!checked.ok) {
    if (checked.failure.status !== 400) throw new ProblemError(checked.failure);
    errors.addParams(checked.failure.invalidParams ?? []);
    return { errors: errors.sorted(), choices, form: again };
  }
  const g = checked.value;
  const scope = g.scope;
  const organisationName =
    scope.kind === 'product' ? null : ((await getOrganisation(ctx, scope.organisationCode))?.name ?? scope.organisationCode);
  const setName =
    scope.kind === 'service_set' ? (await listServiceSets(ctx, scope.organisationCode)).find((x) => x.id === scope.setId)?.name : undefined;
  return {
    errors: [],
    choices: [],
    form: again,
    grant: {
      body,
      mandatary: g.mandatary,
      mandataryName: g.mandataryName,
      scope,
      scopeTitle: setName ? setName[lang] || setName.nl : g.scopeTitle,
      organisationName,
      validFrom: g.validFrom,
      validUntil: g.validUntil,
      minLoa: body['minLoa'] !== undefined || g.minLoa !== 'low' ? g.minLoa : null,
      form: { ...form, product: product?.name ?? form.product, productUri: product?.uri ?? '' },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 1: the form

/** A radio button with an optional hint under its label. */
function Radio({
  name,
  id,
  value,
  label,
  hint,
  checked,
}: {
  name: string;
  id: string;
  value: string;
  label: string;
  hint?: string | undefined;
  checked: boolean;
}): JSX.Element {
  return (
    <div class="utrecht-form-field utrecht-form-field--radio loket-radio">
      <input
        class="utrecht-radio-button utrecht-radio-button--html-input"
        type="radio"
        name={name}
        id={id}
        value={value}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label class="utrecht-form-label utrecht-form-label--radio" for={id} safe>
        {label}
      </label>
      {hint ? (
        <p class="utrecht-form-field-description" id={`${id}-hint`} safe>
          {hint}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

interface FormContext {
  organisations: readonly { code: string; name: string }[];
  /** The chosen organisation, when it is one: its name, published services and service sets. */
  chosen?: { name: string; services: readonly { id: string; title: string }[]; sets: readonly { id: string; name: string }[] } | undefined;
}

/** The organisation's published services that can be used through a mandate (not marked "not mandatable"), by title. */
async function mandatableServices(ctx: ModuleContext, organisationCode: string): Promise<{ id: string; title: string }[]> {
  return (await publishedServiceTitles(ctx, organisationCode))
    .filter((s) => s.mandatable !== false)
    .map((s) => ({ id: s.id, title: s.title }));
}

async function formContext(ctx: ModuleContext, form: GrantForm, lang: Lang): Promise<FormContext> {
  const organisations = (await listOrganisations(ctx, { limit: 1000, offset: 0 })).items.map((o) => ({ code: o.code, name: o.name }));
  const organisation = organisations.find((o) => o.code === form.organisation);
  if (!organisation) return { organisations };
  const [services, sets] = await Promise.all([mandatableServices(ctx, organisation.code), listServiceSets(ctx, organisation.code)]);
  return {
    organisations,
    chosen: {
      name: organisation.name,
      services,
      sets: sets.map((s) => ({ id: s.id, name: s.name[lang] || s.name.nl })),
    },
  };
}

function grantFormPage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: {
    form: GrantForm;
    errors: FieldError[];
    choices: readonly ProductChoice[];
    grantor: Grantor;
    status: number;
    context: FormContext;
  },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const { form, errors, choices, grantor, context } = state;
  const f = grantFields;
  const error = (field: string): string | undefined => errorFor(errors, field);
  const chosen = context.chosen;
  return reply.page({
    title: errorTitle(lang, m.grantTitle, errors),
    status: state.status,
    body: (
      <>
        <LinkParagraph href={mandatePaths.overview} text={m.backToOverview} />
        <PageTitle text={m.grantTitle} />
        <ErrorSummary lang={lang} errors={errors} />
        {grantor.name !== null ? <Paragraph text={tidy(format(m.grantIntroFor, { name: grantor.name }))} /> : ''}
        <Paragraph text={m.grantIntro} />
        <form method="post" action={mandatePaths.grant} class="loket-mandates-form" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <FieldSet id={f.whom} legend={m.whomLegend} error={error(f.whom)}>
            <>
              <Radio name={f.whom} id={`${f.whom}-persoon`} value="persoon" label={m.whomPerson} checked={form.whom === 'persoon'} />
              <Radio
                name={f.whom}
                id={`${f.whom}-onderneming`}
                value="onderneming"
                label={m.whomBusiness}
                checked={form.whom === 'onderneming'}
              />
              {/* The fields for each choice in a group of their own, so it is clear which to fill in (no JavaScript). */}
              <FieldSet id="als-persoon" legend={m.whomPersonLegend} error={undefined}>
                <>
                  <TextField
                    id={f.bsn}
                    label={m.bsnLabel}
                    hint={m.bsnHint}
                    value={form.bsn}
                    inputmode="numeric"
                    maxlength={11}
                    autocomplete="off"
                    spellcheck="false"
                    error={error(f.bsn)}
                  />
                  <TextField
                    id={f.surname}
                    label={m.surnameLabel}
                    hint={m.surnameHint}
                    value={form.surname}
                    maxlength={200}
                    error={error(f.surname)}
                  />
                </>
              </FieldSet>
              <FieldSet id="als-onderneming" legend={m.whomBusinessLegend} error={undefined}>
                <TextField
                  id={f.kvk}
                  label={m.kvkLabel}
                  hint={m.kvkHint}
                  value={form.kvk}
                  inputmode="numeric"
                  maxlength={10}
                  autocomplete="off"
                  spellcheck="false"
                  error={error(f.kvk)}
                />
              </FieldSet>
            </>
          </FieldSet>
          <FieldSet id={f.what} legend={m.whatLegend} error={error(f.what)}>
            <>
              <Radio
                name={f.what}
                id={`${f.what}-dienst`}
                value="dienst"
                label={m.whatService}
                hint={m.whatServiceHint}
                checked={form.what === 'dienst'}
              />
              <Radio
                name={f.what}
                id={`${f.what}-product`}
                value="product"
                label={m.whatProduct}
                hint={m.whatProductHint}
                checked={form.what === 'product'}
              />
              <Radio
                name={f.what}
                id={`${f.what}-dienstenset`}
                value="dienstenset"
                label={m.whatSet}
                hint={m.whatSetHint}
                checked={form.what === 'dienstenset'}
              />
              <FieldSet id="als-organisatie" legend={m.whatOrganisationLegend} error={undefined}>
                <>
                  <SelectField
                    id={f.organisation}
                    label={m.organisationLabel}
                    hint={m.organisationHint}
                    value={form.organisation}
                    error={error(f.organisation)}
                    options={[
                      { value: '', label: m.organisationChoose },
                      ...context.organisations.map((o) => ({ value: o.code, label: o.name })),
                    ]}
                  />
                  <div class="loket-actions">
                    <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="organisatie" safe>
                      {m.showServices}
                    </button>
                  </div>
                  {chosen ? (
                    <>
                      {chosen.services.length === 0 ? (
                        <Paragraph text={format(m.servicesNone, { organisation: chosen.name })} />
                      ) : (
                        <SelectField
                          id={f.service}
                          label={format(m.serviceLabel, { organisation: chosen.name })}
                          hint={m.serviceHint}
                          value={form.service}
                          error={error(f.service)}
                          options={[
                            { value: '', label: m.serviceChoose },
                            ...chosen.services.map((s) => ({ value: s.id, label: s.title })),
                          ]}
                        />
                      )}
                      {chosen.sets.length === 0 ? (
                        <Paragraph text={format(m.setsNone, { organisation: chosen.name })} />
                      ) : (
                        <>
                          <SelectField
                            id={f.set}
                            label={format(m.setLabel, { organisation: chosen.name })}
                            value={form.set}
                            error={error(f.set)}
                            options={[{ value: '', label: m.setChoose }, ...chosen.sets.map((s) => ({ value: s.id, label: s.name }))]}
                          />
                          <LinkParagraph
                            href={mandatePaths.serviceSets(form.organisation)}
                            text={format(m.setsLink, { organisation: chosen.name })}
                          />
                        </>
                      )}
                    </>
                  ) : (
                    ''
                  )}
                </>
              </FieldSet>
              <FieldSet id="als-soort" legend={m.whatProductLegend} error={undefined}>
                <>
                  <SearchField
                    id={f.product}
                    label={m.productLabel}
                    hint={m.productHint}
                    value={form.product}
                    maxlength={200}
                    error={error(f.product)}
                    suggestUrl={`${catalogApi.services}/suggestions`}
                  />
                  {choices.length > 0 ? (
                    <FieldSet id={f.productUri} legend={m.productChoiceLegend} hint={m.productChoiceHint} error={error(f.productUri)}>
                      <>
                        {choices.map((c, i) => (
                          <Radio
                            name={f.productUri}
                            id={`${f.productUri}-${i}`}
                            value={c.uri}
                            label={c.label}
                            checked={form.productUri === c.uri}
                          />
                        ))}
                      </>
                    </FieldSet>
                  ) : (
                    ''
                  )}
                </>
              </FieldSet>
            </>
          </FieldSet>
          <FieldSet id="geldigheid" legend={m.datesLegend} error={undefined}>
            <>
              <TextField
                id={f.from}
                label={m.fromLabel}
                hint={m.fromHint}
                value={form.from}
                maxlength={10}
                autocomplete="off"
                error={error(f.from)}
              />
              <TextField
                id={f.until}
                label={m.untilLabel}
                hint={format(m.untilHint, { years: mandateRules().maxValidityYears })}
                value={form.until}
                maxlength={10}
                autocomplete="off"
                error={error(f.until)}
              />
            </>
          </FieldSet>
          <SelectField
            id={f.loa}
            label={m.loaLabel}
            hint={m.loaHint}
            value={form.loa}
            error={error(f.loa)}
            options={[{ value: '', label: m.loaNone }, ...levelsOfAssurance.map((l) => ({ value: l, label: loaText(l, lang) }))]}
          />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="verder" safe>
              {m.next}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Step 2: the summary

/** The summary's sentence: "U geeft … toestemming om namens … te regelen bij … van … tot en met …." */
export function summarySentence(
  lang: Lang,
  grant: Pick<CheckedGrant, 'mandatary' | 'mandataryName' | 'scope' | 'scopeTitle' | 'organisationName' | 'validFrom' | 'validUntil'>,
  mandatorName: string | null,
): string {
  const m = mandateMessages(lang);
  const who =
    grant.mandatary.kind === 'person'
      ? format(m.summaryPersonName, { name: grant.mandataryName, bsn: grant.mandatary.id })
      : format(m.summaryBusinessName, { name: grant.mandataryName, kvk: grant.mandatary.id });
  const scope =
    grant.scope.kind === 'service_set'
      ? format(m.summaryScopeSet, { name: grant.scopeTitle })
      : format(m.summaryScopeQuoted, { name: grant.scopeTitle });
  const where =
    grant.scope.kind === 'product' ? m.summaryWhereAll : format(m.summaryWhereAt, { organisation: grant.organisationName ?? '' });
  return tidy(
    format(m.summarySentence, {
      mandatary: who,
      mandator: mandatorName ?? m.summaryYou,
      scope,
      where,
      from: formatDate(grant.validFrom, lang),
      until: formatDate(grant.validUntil, lang),
    }),
  );
}

/** The values the summary carries to "Bevestigen" and "Wijzigen": only those of the choices made. */
function hiddenValues(form: GrantForm, grant: CheckedGrant): [string, string][] {
  const f = grantFields;
  const out: [string, string][] = [[f.whom, form.whom]];
  if (form.whom === 'persoon') out.push([f.bsn, digits(form.bsn)], [f.surname, form.surname]);
  else out.push([f.kvk, digits(form.kvk)]);
  out.push([f.what, form.what]);
  if (form.what === 'dienst') out.push([f.organisation, form.organisation], [f.service, form.service]);
  if (form.what === 'dienstenset') out.push([f.organisation, form.organisation], [f.set, form.set]);
  if (form.what === 'product') out.push([f.product, form.product], [f.productUri, form.productUri]);
  out.push([f.from, form.from ? formDate(grant.validFrom) : ''], [f.until, formDate(grant.validUntil)], [f.loa, form.loa]);
  return out;
}

function summaryPage(request: FastifyRequest, reply: FastifyReply, grant: CheckedGrant, grantor: Grantor): Promise<FastifyReply> {
  const lang = request.lang;
  const m = mandateMessages(lang);
  const mandatorName = grantor.name;
  const principal = principalOf(request);
  const ownName = principal.kind === 'anonymous' ? '' : principal.name;
  const rows: [string, string][] = [
    [m.mandator, mandatorName ?? format(m.summaryYouNamed, { name: ownName })],
    [
      m.mandatary,
      grant.mandatary.kind === 'person'
        ? format(m.summaryPersonName, { name: grant.mandataryName, bsn: grant.mandatary.id })
        : format(m.summaryBusinessName, { name: grant.mandataryName, kvk: grant.mandatary.id }),
    ],
    [
      m.scope,
      scopeText(
        grant.scope,
        grant.scopeTitle,
        new Map(grant.scope.kind === 'product' ? [] : [[grant.scope.organisationCode, grant.organisationName ?? '']]),
        lang,
      ),
    ],
    [m.validFrom, formatDate(grant.validFrom, lang)],
    [m.validUntil, formatDate(grant.validUntil, lang)],
    ...(grant.minLoa ? ([[m.minLoa, loaText(grant.minLoa, lang)]] as [string, string][]) : []),
  ];
  return reply.page({
    title: m.summaryTitle,
    body: (
      <>
        <PageTitle text={m.summaryTitle} />
        <p class="utrecht-paragraph utrecht-paragraph--lead" id="samenvatting" safe>
          {summarySentence(lang, grant, mandatorName)}
        </p>
        <Paragraph text={tidy(format(m.summaryAccept, { name: grant.mandataryName }))} />
        <Paragraph text={m.summaryEnd} />
        {grant.minLoa ? (
          <Paragraph
            text={format(m.summaryLoa, { level: capitalised(loaLabels[grant.minLoa][lang]), means: loaLabels[grant.minLoa].means[lang] })}
          />
        ) : (
          ''
        )}
        {grantor.joint ? <InfoBox texts={[tidy(format(m.summaryJoint, { business: mandatorName ?? '' }))]} /> : ''}
        <DataList rows={rows} />
        <Paragraph text={m.summaryNothingYet} />
        <form method="post" action={mandatePaths.grantConfirm} class="loket-actions">
          <CsrfField token={reply.generateCsrf()} />
          {hiddenValues(grant.form, grant).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.confirm}
          </button>
          <button
            class="utrecht-button utrecht-button--secondary-action"
            type="submit"
            formaction={mandatePaths.grant}
            name="actie"
            value="wijzigen"
            safe
          >
            {m.change}
          </button>
        </form>
      </>
    ),
  });
}

/** Why the principal cannot grant here (for whom they act now), with the way to switch. */
function refusedPage(request: FastifyRequest, reply: FastifyReply, reason: string): Promise<FastifyReply> {
  const m = mandateMessages(request.lang);
  return reply.page({
    title: m.grantNotAllowedTitle,
    status: 403,
    body: (
      <>
        <PageTitle text={m.grantNotAllowedTitle} />
        <Paragraph text={reason} />
        <LinkParagraph href={mandatePaths.actFor} text={m.switchLink} />
        <LinkParagraph href={mandatePaths.overview} text={m.backToOverview} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerGrantPages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: citizenAccess };
  const toGrant = loginFirst(() => mandatePaths.grant);

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    grantor: Grantor,
    form: GrantForm,
    errors: FieldError[],
    choices: readonly ProductChoice[] = [],
  ): Promise<FastifyReply> =>
    grantFormPage(request, reply, {
      form,
      errors,
      choices,
      grantor,
      status: errors.length > 0 ? 400 : 200,
      context: await formContext(ctx, form, request.lang),
    });

  app.get(mandatePaths.grant, { config, onRequest: loginToPage }, async (request, reply) => {
    const grantor = await grantorOf(ctx, principalOf(request), request.lang);
    if ('refused' in grantor) return refusedPage(request, reply, grantor.refused);
    // From a service's page: that service is chosen already (?organisatie=…&dienst=…).
    const q = queryOf(request);
    const organisation = str(q['organisatie']).slice(0, 64);
    const service = str(q['dienst']).slice(0, 64);
    const form: GrantForm = { ...emptyForm, organisation, service, what: service ? 'dienst' : '' };
    return showForm(request, reply, grantor, form, []);
  });

  app.post(mandatePaths.grant, { config, onRequest: toGrant }, async (request, reply) => {
    const lang = request.lang;
    const grantor = await grantorOf(ctx, principalOf(request), lang);
    if ('refused' in grantor) return refusedPage(request, reply, grantor.refused);
    const body = formBody(request);
    const form = readForm(body);
    const action = str(body['actie']);
    // "Toon diensten" and "Wijzigen": the form again, with what was typed.
    if (action === 'organisatie' || action === 'wijzigen') return showForm(request, reply, grantor, { ...form, productUri: '' }, []);
    const checked = await checkGrant(ctx, principalOf(request), form, lang);
    if (!checked.grant) return showForm(request, reply, grantor, checked.form, checked.errors, checked.choices);
    return summaryPage(request, reply, checked.grant, grantor);
  });

  app.post(mandatePaths.grantConfirm, { config, onRequest: toGrant }, async (request, reply) => {
    const lang = request.lang;
    const principal = principalOf(request);
    const grantor = await grantorOf(ctx, principal, lang);
    if ('refused' in grantor) return refusedPage(request, reply, grantor.refused);
    const form = readForm(formBody(request));
    const checked = await checkGrant(ctx, principalOf(request), form, lang);
    if (!checked.grant) return showForm(request, reply, grantor, checked.form, checked.errors, checked.choices);
    const granted = await grantMandate(ctx, principal, checked.grant.body, originOf(request));
    if (!granted.ok) {
      if (granted.failure.status !== 400) throw new ProblemError(granted.failure);
      return showForm(request, reply, grantor, checked.form, grantErrors(lang, form, granted.failure));
    }
    const m = granted.value.mandate;
    return reply.redirect(`${mandatePaths.mandate(m.id)}?melding=${m.status === 'awaiting_signature' ? 'gemaakt-samen' : 'gemaakt'}`, 303);
  });
}

/** grantMandate's refusal as errors on the form's fields. */
function grantErrors(lang: Lang, form: GrantForm, failure: Failure): FieldError[] {
  const errors = new Errors(lang, form);
  errors.addParams(failure.invalidParams ?? []);
  return errors.sorted();
}
