// Pages for service designers: their organisation's services (/beheer/diensten) and the form to
// describe one service (/beheer/diensten/{id}) with "Wat ontbreekt nog", save, publish, retire
// and reopen. Every page works without JavaScript: forms post, then redirect; repeatable rows
// are the rows there are plus two empty ones.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loaLabels } from '../../../platform/auth/model.ts';
import {
  ErrorSummary,
  FieldSet,
  Pagination,
  RadioButtons,
  SearchField,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  errorFor,
  errorTitle,
  layoutMessages,
  type FieldError,
  type FieldProps,
  type SelectFieldProps,
  type TextAreaFieldProps,
  type TextFieldProps,
} from '../../../platform/html/index.tsx';
import { principalOf, ProblemError, type Failure } from '../../../platform/http/index.ts';
import { format, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { getOrganisation } from '../../registry/index.ts';
import { channelKinds, levelsOfAssurance, serviceStatuses, type ElementCode, type ProblemCode, type ServiceStatus } from '../model.ts';
import { catalogPaths } from '../paths.ts';
import { defaultDecisionTerm } from '../reference.ts';
import {
  fieldOfIssue,
  formFromDescription,
  formToChanges,
  formValue,
  phraseOf,
  readForm,
  type DescriptionForm,
  type FormIssue,
} from './form.ts';
import { parseUpdate } from './input.ts';
import {
  channelKindLabels,
  elementLabels,
  errorTexts,
  fieldPhrases,
  manageMessages,
  missingTexts,
  problemTexts,
  statusLabels,
} from './messages.ts';
import { manageAccess } from './routes.ts';
import * as service from './service.ts';

const pageSize = 20;

/** The Dutch words in the list's query string. */
const statusParams: Record<ServiceStatus, string> = { draft: 'concept', published: 'gepubliceerd', retired: 'ingetrokken' };

/** Where the panel "Wat ontbreekt nog" sends the designer for each element. */
const elementFields: Record<ElementCode, string> = {
  result: 'resultaat',
  responsible_organisation: 'verantwoordelijke-organisatie',
  legal_basis: 'grondslag-0-omschrijving',
  costs: 'kosten',
  conditions: 'voorwaarden',
  requirements: 'benodigdheden',
  channels: 'kanaal-0-soort',
  level_of_assurance: 'betrouwbaarheidsniveau',
  decision_term: 'beslistermijn',
  mandatable: 'machtigen',
  objection_and_appeal: 'bezwaar-en-beroep',
  contact: 'contact',
  service_levels: 'norm-0-tekst',
  audience: 'doelgroep',
};
const problemFields: Record<ProblemCode, string> = {
  'catalog.silence_consent_excludes_dwangsom': 'dwangsom',
  'catalog.decision_term_invalid': 'beslistermijn',
  'catalog.cost_invalid': 'kosten',
  'catalog.cost_period_invalid': 'kosten',
};

/** The notices after a redirect (`?melding=`). */
const notices = {
  opgeslagen: 'savedNotice',
  'niets-gewijzigd': 'unchangedNotice',
  gepubliceerd: 'publishedNotice',
  ingetrokken: 'retiredNotice',
  heropend: 'reopenedNotice',
} as const;
type Notice = keyof typeof notices;

/** A field error in the user's language, from a code of input.ts or form.ts. */
function fieldError(lang: Lang, field: string, code: string): FieldError {
  const { key, row } = phraseOf(field);
  const phrase = fieldPhrases[key]?.[lang] ?? field;
  const text = (errorTexts[code] ?? errorTexts['catalog.invalid_value'])?.[lang] ?? '';
  return { field, message: format(text, { veld: format(phrase, { n: row ?? '' }) }) };
}

/** One error per field (the first), in the order of the form. */
function orderedErrors(lang: Lang, issues: readonly FormIssue[], form: DescriptionForm): FieldError[] {
  const order = formFieldOrder(form);
  const seen = new Set<string>();
  const unique = issues.filter((i) => (seen.has(i.field) ? false : (seen.add(i.field), true)));
  const rank = (field: string): number => {
    const i = order.indexOf(field);
    return i === -1 ? order.length : i;
  };
  return unique.sort((a, b) => rank(a.field) - rank(b.field)).map((i) => fieldError(lang, i.field, i.code));
}

/** The service's refusal as form issues. */
const issuesOf = (failure: Failure): FormIssue[] =>
  (failure.invalidParams ?? []).map((p) => ({ field: fieldOfIssue(p.name), code: p.code }));

// ---------------------------------------------------------------------------------------------
// Form building blocks: the platform's form fields, each finding its own error in the form's
// list of errors (a text box takes at most 2000 characters, a text area has 4 rows, unless said).

type WithErrors<P extends FieldProps> = Omit<P, 'error'> & { errors: readonly FieldError[] };

function TextInput({
  errors,
  maxlength = 2000,
  ...f
}: Omit<WithErrors<TextFieldProps>, 'maxlength'> & { maxlength?: number }): JSX.Element {
  return <TextField {...f} maxlength={maxlength} error={errorFor(errors, f.id)} />;
}

function TextArea({ errors, rows = 4, ...f }: Omit<WithErrors<TextAreaFieldProps>, 'rows'> & { rows?: number }): JSX.Element {
  return <TextAreaField {...f} rows={rows} error={errorFor(errors, f.id)} />;
}

function Select({ errors, ...f }: WithErrors<SelectFieldProps>): JSX.Element {
  return <SelectField {...f} error={errorFor(errors, f.id)} />;
}

function Group({
  errors,
  ...f
}: {
  id: string;
  legend: string;
  hint?: string;
  errors: readonly FieldError[];
  children: JSX.Element;
}): JSX.Element {
  return <FieldSet {...f} error={errorFor(errors, f.id)} />;
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }): JSX.Element {
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
      <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" name={name} id={name} value="ja" checked={checked} />
      <label class="utrecht-form-label utrecht-form-label--checkbox" for={name} safe>
        {label}
      </label>
    </div>
  );
}

/** The rows there are plus two empty ones. */
function withSpares<T>(rows: readonly T[], empty: T): T[] {
  return [...rows, empty, empty];
}

/** Every field id of the form in the order shown: the error summary follows it. */
function formFieldOrder(form: DescriptionForm): string[] {
  const rows = (prefix: string, n: number, fields: readonly string[]): string[] =>
    Array.from({ length: n + 2 }, (_, i) => fields.map((f) => `${prefix}-${i}-${f}`)).flat();
  return [
    'versie',
    'resultaat',
    'verantwoordelijke-organisatie',
    ...rows('grondslag', form.legalBases.length, ['omschrijving', 'link']),
    'kosten',
    ...rows('kosten', form.costs.length, ['omschrijving', 'bedrag', 'vanaf', 'tot']),
    'voorwaarden',
    'benodigdheden',
    ...rows('kanaal', form.channels.length, ['soort', 'adres', 'naam']),
    'betrouwbaarheidsniveau',
    'beslistermijn',
    'van-rechtswege',
    'dwangsom',
    'machtigen',
    'bezwaar-en-beroep',
    'contact',
    ...rows('norm', form.serviceLevels.length, ['tekst', 'indicator', 'doel']),
    'doelgroep',
    'eigen-tekst',
  ];
}

// ---------------------------------------------------------------------------------------------
// The description form

interface EditState {
  form: DescriptionForm;
  errors: FieldError[];
  /** A message above the error list (conflict, not published). */
  summary?: string;
  notice?: Notice | undefined;
  status: number;
}

/** A sentence and a list of links under it; nothing when there are no links. */
function LinkList({ intro, links }: { intro: string; links: readonly { href: string; text: string }[] }): JSX.Element {
  if (links.length === 0) return '';
  return (
    <>
      <p class="utrecht-paragraph" safe>
        {intro}
      </p>
      <ul class="utrecht-unordered-list">
        {links.map((l) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={l.href} safe>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function MissingPanel({ lang, editing }: { lang: Lang; editing: service.ServiceForEditing }): JSX.Element {
  const m = manageMessages(lang);
  const { missing, problems } = editing.completeness;
  return (
    <section class="utrecht-alert utrecht-alert--info" aria-labelledby="ontbreekt-titel" id="wat-ontbreekt">
      <div class="utrecht-alert__content">
        <h2 class="utrecht-heading-2" id="ontbreekt-titel" safe>
          {m.missingHeading}
        </h2>
        {missing.length === 0 && problems.length === 0 ? (
          <p class="utrecht-paragraph" safe>
            {m.missingNone}
          </p>
        ) : (
          <>
            <LinkList intro={m.missingIntro} links={missing.map((e) => ({ href: `#${elementFields[e]}`, text: missingTexts[e][lang] }))} />
            <LinkList
              intro={m.problemsIntro}
              links={problems.map((p) => ({ href: `#${problemFields[p]}`, text: problemTexts[p][lang] }))}
            />
          </>
        )}
      </div>
    </section>
  );
}

function DescriptionFormView({
  lang,
  editing,
  state,
  csrf,
  organisations,
}: {
  lang: Lang;
  editing: service.ServiceForEditing;
  state: EditState;
  csrf: string;
  organisations: readonly { code: string; name: string }[];
}): JSX.Element {
  const m = manageMessages(lang);
  const f = state.form;
  const errors = state.errors;
  const id = editing.service.id;
  const awb = defaultDecisionTerm();
  const upl = editing.product?.legalBases ?? [];
  const yesNo = [
    { value: 'ja', label: m.yes },
    { value: 'nee', label: m.no },
  ];
  const orgKnown = f.responsible === '' || organisations.some((o) => o.code === f.responsible);
  return (
    <form method="post" action={catalogPaths.manageService(id)} novalidate aria-label={m.formLabel}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="versie" id="versie" value={f.version} />
      <TextArea id="resultaat" label={m.resultLabel} hint={m.resultHint} value={f.result} errors={errors} rows={3} />
      <Select
        id="verantwoordelijke-organisatie"
        label={m.responsibleLabel}
        hint={m.responsibleHint}
        value={f.responsible}
        errors={errors}
        options={[
          { value: '', label: m.responsibleNone },
          ...(orgKnown ? [] : [{ value: f.responsible, label: f.responsible }]),
          ...organisations.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })),
        ]}
      />
      <Group id="grondslagen" legend={m.legalBasesLegend} hint={m.legalBasesHint} errors={errors}>
        <>
          <p class="utrecht-paragraph" safe>
            {upl.length > 0 ? format(m.legalBasesUpl, { list: upl.map((b) => b.label).join('; ') }) : m.legalBasesUplNone}
          </p>
          {withSpares(f.legalBases, { label: '', link: '', uri: '' }).map((b, i) => (
            <fieldset class="utrecht-form-fieldset loket-fieldset">
              <legend class="utrecht-form-fieldset__legend" safe>
                {format(m.legalBasisRow, { n: i + 1 })}
              </legend>
              <input type="hidden" name={`grondslag-${i}-uri`} value={b.uri} />
              <TextInput
                id={`grondslag-${i}-omschrijving`}
                label={m.legalBasisLabel}
                hint={m.legalBasisLabelHint}
                value={b.label}
                errors={errors}
              />
              <TextInput
                id={`grondslag-${i}-link`}
                label={m.legalBasisLink}
                hint={m.legalBasisLinkHint}
                value={b.link}
                type="url"
                errors={errors}
              />
            </fieldset>
          ))}
        </>
      </Group>
      <Group id="kosten" legend={m.costsLegend} hint={m.costsHint} errors={errors}>
        <>
          <RadioButtons
            name="kosten"
            value={f.costsMode}
            options={[
              { value: 'nog-niet', label: m.costsUnknown },
              { value: 'gratis', label: m.costsFree },
              { value: 'bedragen', label: m.costsAmounts },
            ]}
          />
          {withSpares(f.costs, { label: '', amount: '', from: '', until: '' }).map((c, i) => (
            <fieldset class="utrecht-form-fieldset loket-fieldset">
              <legend class="utrecht-form-fieldset__legend" safe>
                {format(m.costRow, { n: i + 1 })}
              </legend>
              <TextInput id={`kosten-${i}-omschrijving`} label={m.costLabel} hint={m.costLabelHint} value={c.label} errors={errors} />
              <TextInput
                id={`kosten-${i}-bedrag`}
                label={m.costAmount}
                hint={m.costAmountHint}
                value={c.amount}
                inputmode="decimal"
                maxlength={20}
                errors={errors}
              />
              <TextInput id={`kosten-${i}-vanaf`} label={m.costFrom} hint={m.dateHint} value={c.from} type="date" errors={errors} />
              <TextInput id={`kosten-${i}-tot`} label={m.costUntil} hint={m.dateHint} value={c.until} type="date" errors={errors} />
            </fieldset>
          ))}
        </>
      </Group>
      <TextArea id="voorwaarden" label={m.conditionsLabel} hint={m.conditionsHint} value={f.conditions} errors={errors} />
      <TextArea id="benodigdheden" label={m.requirementsLabel} hint={m.requirementsHint} value={f.requirements} errors={errors} />
      <Group id="kanalen" legend={m.channelsLegend} hint={m.channelsHint} errors={errors}>
        <>
          {withSpares(f.channels, { kind: '', address: '', label: '' }).map((c, i) => (
            <fieldset class="utrecht-form-fieldset loket-fieldset">
              <legend class="utrecht-form-fieldset__legend" safe>
                {format(m.channelRow, { n: i + 1 })}
              </legend>
              <Select
                id={`kanaal-${i}-soort`}
                label={m.channelKind}
                value={c.kind}
                errors={errors}
                options={[
                  { value: '', label: m.channelKindNone },
                  ...channelKinds.map((k) => ({ value: k, label: channelKindLabels[k][lang] })),
                ]}
              />
              <TextInput id={`kanaal-${i}-adres`} label={m.channelAddress} hint={m.channelAddressHint} value={c.address} errors={errors} />
              <TextInput id={`kanaal-${i}-naam`} label={m.channelName} value={c.label} errors={errors} />
            </fieldset>
          ))}
        </>
      </Group>
      <Select
        id="betrouwbaarheidsniveau"
        label={m.loaLabel}
        hint={m.loaHint}
        value={f.loa}
        errors={errors}
        options={[
          { value: '', label: m.loaNone },
          ...levelsOfAssurance.map((l) => ({ value: l, label: `${loaLabels[l][lang]}: ${loaLabels[l].means[lang]}` })),
        ]}
      />
      <TextInput
        id="beslistermijn"
        label={m.termLabel}
        hint={format(m.termHint, { weeks: awb.weeks, citation: awb.citation })}
        value={f.termWeeks}
        inputmode="numeric"
        maxlength={10}
        errors={errors}
      />
      <Group id="van-rechtswege" legend={m.silenceLegend} hint={m.silenceHint} errors={errors}>
        <RadioButtons name="van-rechtswege" value={f.silence} options={yesNo} />
      </Group>
      <Group id="dwangsom" legend={m.dwangsomLegend} hint={m.dwangsomHint} errors={errors}>
        <RadioButtons name="dwangsom" value={f.dwangsom} options={yesNo} />
      </Group>
      <Group id="machtigen" legend={m.mandatableLegend} hint={m.mandatableHint} errors={errors}>
        <RadioButtons name="machtigen" value={f.mandatable} options={[...yesNo, { value: 'onbekend', label: m.unknown }]} />
      </Group>
      <TextArea id="bezwaar-en-beroep" label={m.objectionLabel} hint={m.objectionHint} value={f.objection} errors={errors} />
      <TextArea id="contact" label={m.contactLabel} hint={m.contactHint} value={f.contact} errors={errors} rows={3} />
      <Group id="servicenormen" legend={m.serviceLevelsLegend} hint={m.serviceLevelsHint} errors={errors}>
        <>
          {withSpares(f.serviceLevels, { norm: '', indicator: '', target: '' }).map((s, i) => (
            <fieldset class="utrecht-form-fieldset loket-fieldset">
              <legend class="utrecht-form-fieldset__legend" safe>
                {format(m.serviceLevelRow, { n: i + 1 })}
              </legend>
              <TextInput id={`norm-${i}-tekst`} label={m.serviceLevelNorm} hint={m.serviceLevelNormHint} value={s.norm} errors={errors} />
              <TextInput
                id={`norm-${i}-indicator`}
                label={m.serviceLevelIndicator}
                hint={m.serviceLevelIndicatorHint}
                value={s.indicator}
                errors={errors}
              />
              <TextInput
                id={`norm-${i}-doel`}
                label={m.serviceLevelTarget}
                hint={m.serviceLevelTargetHint}
                value={s.target}
                inputmode="decimal"
                maxlength={20}
                errors={errors}
              />
            </fieldset>
          ))}
        </>
      </Group>
      <Group id="doelgroep" legend={m.audienceLegend} errors={errors}>
        <>
          <Checkbox name="doelgroep-burgers" label={m.audienceCitizen} checked={f.citizen} />
          <Checkbox name="doelgroep-bedrijven" label={m.audienceBusiness} checked={f.business} />
        </>
      </Group>
      <TextArea id="eigen-tekst" label={m.localTextLabel} hint={m.localTextHint} value={f.localText} errors={errors} rows={8} />
      <div class="loket-actions">
        <button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="opslaan" safe>
          {m.save}
        </button>
        {editing.actions.includes('publish') ? (
          <div>
            <button
              class="utrecht-button utrecht-button--secondary-action"
              type="submit"
              name="actie"
              value="publiceren"
              aria-describedby="publiceren-uitleg"
              safe
            >
              {m.publish}
            </button>
            <p class="utrecht-form-field-description" id="publiceren-uitleg" safe>
              {m.publishHint}
            </p>
          </div>
        ) : (
          ''
        )}
      </div>
    </form>
  );
}

/** Retire or reopen: a form of its own, as it changes nothing in the description. */
function StatusForms({ lang, editing, csrf }: { lang: Lang; editing: service.ServiceForEditing; csrf: string }): JSX.Element {
  const m = manageMessages(lang);
  const id = editing.service.id;
  const forms: { action: 'retire' | 'reopen'; path: string; label: string; hint: string }[] = [
    { action: 'retire', path: 'intrekken', label: m.retire, hint: m.retireHint },
    { action: 'reopen', path: 'heropenen', label: m.reopen, hint: m.reopenHint },
  ];
  return (
    <>
      {forms
        .filter((x) => editing.actions.includes(x.action))
        .map((x) => (
          <form method="post" action={`${catalogPaths.manageService(id)}/${x.path}`} class="loket-actions">
            <input type="hidden" name="_csrf" value={csrf} />
            <div>
              <button class="utrecht-button utrecht-button--secondary-action" type="submit" aria-describedby={`${x.path}-uitleg`} safe>
                {x.label}
              </button>
              <p class="utrecht-form-field-description" id={`${x.path}-uitleg`} safe>
                {x.hint}
              </p>
            </div>
          </form>
        ))}
    </>
  );
}

async function editPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  editing: service.ServiceForEditing,
  state: EditState,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = manageMessages(lang);
  const csrf = reply.generateCsrf();
  const organisations = await service.organisationChoices(ctx);
  const s = editing.service;
  const notice = state.notice ? m[notices[state.notice]] : undefined;
  return reply.page({
    title: state.errors.length > 0 || state.summary !== undefined ? `${layoutMessages(lang).errorPrefix}: ${s.title}` : s.title,
    status: state.status,
    body: (
      <>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={catalogPaths.manage} safe>
            {m.backToList}
          </a>
        </p>
        <h1 class="utrecht-heading-1" safe>
          {s.title}
        </h1>
        <p class="utrecht-paragraph" safe>
          {`${format(m.statusNow, { status: statusLabels[s.status][lang] })} · ${format(m.versionNow, { version: editing.description.version })}`}
        </p>
        <p class="utrecht-paragraph" safe>
          {format(m.uplProduct, { name: editing.product?.name ?? s.uplUri })}
        </p>
        {s.status === 'published' ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={catalogPaths.service(s.organisationCode, s.id)} safe>
              {m.publicPage}
            </a>
          </p>
        ) : (
          ''
        )}
        {notice ? (
          <div class="utrecht-alert utrecht-alert--ok" role="status">
            <p class="utrecht-paragraph" safe>
              {notice}
            </p>
          </div>
        ) : (
          ''
        )}
        {state.summary ? (
          // The error summary below is the alert when there is one.
          <div class="utrecht-alert utrecht-alert--error" role={state.errors.length === 0 ? 'alert' : undefined}>
            <p class="utrecht-paragraph" safe>
              {state.summary}
            </p>
          </div>
        ) : (
          ''
        )}
        <ErrorSummary lang={lang} errors={state.errors} />
        <p class="utrecht-paragraph" safe>
          {m.editIntro}
        </p>
        <MissingPanel lang={lang} editing={editing} />
        <DescriptionFormView lang={lang} editing={editing} state={state} csrf={csrf} organisations={organisations} />
        <StatusForms lang={lang} editing={editing} csrf={csrf} />
      </>
    ),
  });
}

/** The missing elements of a refusal, as errors that link to their fields. */
function missingErrors(lang: Lang, missing: readonly ElementCode[], problems: readonly ProblemCode[]): FieldError[] {
  return [
    ...missing.map((e) => ({ field: elementFields[e], message: missingTexts[e][lang] })),
    ...problems.map((p) => ({ field: problemFields[p], message: problemTexts[p][lang] })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The list

interface ListForm {
  q: string;
  status: ServiceStatus | undefined;
  incomplete: boolean;
  page: number;
}

function readListQuery(raw: Record<string, unknown>, lang: Lang): { form: ListForm; errors: FieldError[] } {
  const m = manageMessages(lang);
  const errors: FieldError[] = [];
  const q = formValue(raw['q']).trim();
  if (q.length > 100) errors.push({ field: 'q', message: m.errorSearch });
  const statusText = formValue(raw['status']);
  const status = serviceStatuses.find((s) => statusParams[s] === statusText);
  if (statusText !== '' && !status) errors.push({ field: 'status', message: m.errorStatus });
  const pageText = formValue(raw['pagina']) || '1';
  const page = /^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : undefined;
  if (page === undefined) errors.push({ field: 'q', message: m.errorPage });
  return { form: { q: q.slice(0, 100), status, incomplete: formValue(raw['onvolledig']) !== '', page: page ?? 1 }, errors };
}

function listHref(form: ListForm, page: number): string {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  if (form.status) params.set('status', statusParams[form.status]);
  if (form.incomplete) params.set('onvolledig', 'ja');
  params.set('pagina', String(page));
  return `${catalogPaths.manage}?${params.toString()}`;
}

function ServiceTable({ lang, items }: { lang: Lang; items: readonly service.OwnServiceItem[] }): JSX.Element {
  const m = manageMessages(lang);
  const missingText = (i: service.OwnServiceItem): string =>
    i.complete
      ? m.nothingMissing
      : [...i.missing.map((e) => elementLabels[e][lang]), ...i.problems.map((p) => problemTexts[p][lang])].join(', ');
  return (
    <Table caption={m.tableCaption} hiddenCaption head={[m.colTitle, m.colUpl, m.colStatus, m.colMissing]}>
      {items.map((i) => (
        <tr class="utrecht-table__row">
          <td class="utrecht-table__cell">
            <a class="utrecht-link" href={catalogPaths.manageService(i.id)} safe>
              {i.title}
            </a>
          </td>
          <td class="utrecht-table__cell" safe>
            {i.uplName ?? ''}
          </td>
          <td class="utrecht-table__cell" safe>
            {statusLabels[i.status][lang]}
          </td>
          <td class="utrecht-table__cell" safe>
            {missingText(i)}
          </td>
        </tr>
      ))}
    </Table>
  );
}

// ---------------------------------------------------------------------------------------------
// Registration

/** The service of the URL, or a 404 (also for another organisation's service). */
async function loadOrFail(ctx: ModuleContext, request: FastifyRequest, id: string): Promise<service.ServiceForEditing> {
  const found = await service.getServiceForEditing(ctx, principalOf(request), id);
  if (!found.ok) throw new ProblemError(found.failure);
  return found.value;
}

const idOf = (request: FastifyRequest): string => formValue((request.params as Record<string, unknown>)['id']).slice(0, 64);

export function registerManagePages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: manageAccess };

  app.get(catalogPaths.manage, { config }, async (request, reply) => {
    const lang = request.lang;
    const m = manageMessages(lang);
    const principal = principalOf(request);
    const { form, errors } = readListQuery(request.query as Record<string, unknown>, lang);
    const listed = await service.listOwnServices(ctx, principal, {
      q: form.q || undefined,
      status: form.status,
      completeness: form.incomplete ? 'incomplete' : undefined,
      page: form.page,
      pageSize,
    });
    if (!listed.ok) throw new ProblemError(listed.failure);
    const { items, total, organisationCode } = listed.value;
    const organisation = (await getOrganisation(ctx, organisationCode))?.name ?? organisationCode;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    return reply.page({
      title: errorTitle(lang, m.listTitle, errors),
      status: errors.length > 0 ? 400 : 200,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.listTitle}
          </h1>
          <p class="utrecht-paragraph" safe>
            {format(m.listIntro, { organisation })}
          </p>
          <ErrorSummary lang={lang} errors={errors} />
          <form class="loket-search" method="get" action={catalogPaths.manage} role="search" novalidate>
            <SearchField id="q" label={m.searchLabel} hint={m.searchHint} error={errorFor(errors, 'q')} value={form.q} maxlength={100} />
            <Select
              id="status"
              label={m.statusLabel}
              value={form.status ? statusParams[form.status] : ''}
              errors={errors}
              options={[
                { value: '', label: m.statusAll },
                ...serviceStatuses.map((s) => ({ value: statusParams[s], label: statusLabels[s][lang] })),
              ]}
            />
            <Checkbox name="onvolledig" label={m.incompleteLabel} checked={form.incomplete} />
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.filterButton}
            </button>
          </form>
          {total === 0 ? (
            <p class="utrecht-paragraph" role="status" safe>
              {m.noResults}
            </p>
          ) : (
            <>
              <p class="utrecht-paragraph loket-results-count" role="status" safe>
                {total === 1 ? m.resultsOne : format(m.results, { total: formatNumber(total, lang) })}
              </p>
              <ServiceTable lang={lang} items={items} />
              <Pagination
                page={form.page}
                pages={pages}
                href={(page) => listHref(form, page)}
                labels={m}
                status={format(m.pageOf, { page: form.page, pages })}
              />
            </>
          )}
        </>
      ),
    });
  });

  app.get(`${catalogPaths.manage}/:id`, { config }, async (request, reply) => {
    const editing = await loadOrFail(ctx, request, idOf(request));
    const melding = formValue((request.query as Record<string, unknown>)['melding']);
    const notice = melding in notices ? (melding as Notice) : undefined;
    return editPage(ctx, request, reply, editing, {
      form: formFromDescription(editing.description, editing.service.localText),
      errors: [],
      notice,
      status: 200,
    });
  });

  app.post(`${catalogPaths.manage}/:id`, { config }, async (request, reply) => {
    const lang = request.lang;
    const m = manageMessages(lang);
    const id = idOf(request);
    const principal = principalOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const editing = await loadOrFail(ctx, request, id);
    const form = readForm(body);
    const publish = formValue(body['actie']) === 'publiceren';
    const { changes, version, issues } = formToChanges(form);

    if (issues.length > 0) {
      // What the form could not read, and what the service would say about the rest (without saving anything).
      const checked = parseUpdate(changes, version);
      const all = [...issues, ...(checked.ok ? [] : checked.issues.map((i) => ({ field: fieldOfIssue(i.name), code: i.code })))];
      return editPage(ctx, request, reply, editing, { form, errors: orderedErrors(lang, all, form), status: 400 });
    }

    const updated = await service.updateDescription(ctx, principal, id, changes, version, { requestId: request.id });
    if (!updated.ok) {
      const failure = updated.failure;
      if (failure.code === 'catalog.version_conflict') {
        const current = await loadOrFail(ctx, request, id);
        return editPage(ctx, request, reply, current, {
          form: formFromDescription(current.description, current.service.localText),
          errors: [],
          summary: m.conflict,
          status: 409,
        });
      }
      const incomplete = service.incompleteDetails(failure);
      if (incomplete) {
        return editPage(ctx, request, reply, editing, {
          form,
          errors: missingErrors(lang, incomplete.missing, incomplete.problems),
          summary: m.publishedMustStayComplete,
          status: 409,
        });
      }
      if (failure.status !== 400) throw new ProblemError(failure);
      return editPage(ctx, request, reply, editing, { form, errors: orderedErrors(lang, issuesOf(failure), form), status: 400 });
    }

    if (publish) {
      const published = await service.publishService(ctx, principal, id, { requestId: request.id });
      if (!published.ok) {
        const incomplete = service.incompleteDetails(published.failure);
        if (!incomplete) throw new ProblemError(published.failure);
        return editPage(ctx, request, reply, updated.value, {
          form: formFromDescription(updated.value.description, updated.value.service.localText),
          errors: missingErrors(lang, incomplete.missing, incomplete.problems),
          summary: updated.value.changed.length > 0 ? `${m.savedNotPublished} ${m.notPublishedMissing}` : m.notPublishedMissing,
          status: 409,
        });
      }
      return reply.redirect(`${catalogPaths.manageService(id)}?melding=gepubliceerd`, 303);
    }
    const notice: Notice = updated.value.changed.length > 0 ? 'opgeslagen' : 'niets-gewijzigd';
    return reply.redirect(`${catalogPaths.manageService(id)}?melding=${notice}`, 303);
  });

  const statusRoutes: { path: string; run: typeof service.retireService; notice: Notice }[] = [
    { path: 'intrekken', run: service.retireService, notice: 'ingetrokken' },
    { path: 'heropenen', run: service.reopenService, notice: 'heropend' },
  ];
  for (const r of statusRoutes) {
    app.post(`${catalogPaths.manage}/:id/${r.path}`, { config }, async (request, reply) => {
      const id = idOf(request);
      const done = await r.run(ctx, principalOf(request), id, { requestId: request.id });
      if (!done.ok) {
        if (done.failure.code !== 'catalog.invalid_transition') throw new ProblemError(done.failure);
        const editing = await loadOrFail(ctx, request, id);
        return editPage(ctx, request, reply, editing, {
          form: formFromDescription(editing.description, editing.service.localText),
          errors: [],
          summary: manageMessages(request.lang).invalidTransition,
          status: 409,
        });
      }
      return reply.redirect(`${catalogPaths.manageService(id)}?melding=${r.notice}`, 303);
    });
  }
}
