// delivery/apply: the application pages. Every page works without JavaScript; forms post, then
// redirect; a step with problems is shown again with the Dutch error summary.
//
//   GET  /diensten/{org}/{service}/aanvragen              start or resume the draft (login first)
//   GET  /diensten/{org}/{service}/aanvragen/stap/{step}  one step of the form
//   POST /diensten/{org}/{service}/aanvragen/stap/{step}  save the step (multipart when it has files)
//   GET  /diensten/{org}/{service}/aanvragen/controle     summary with "Wijzigen" links
//   POST /diensten/{org}/{service}/aanvragen/versturen    submit (idempotent: the draft's id is the key)
//   GET  /diensten/{org}/{service}/aanvragen/bewaard      "saved, continue later"
//   POST /diensten/{org}/{service}/aanvragen/stoppen      stop and delete the draft
//   GET  /zaken/{org}/{case}/ontvangen                    the receipt
//
// Uploads: @fastify/multipart, registered for the step posts only. Each file is read up to the
// largest size any shipped form accepts (plus one byte, to know it was larger), then checked
// against its field (type, content, size, count) in the service; a refused file is not stored.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../../../platform/auth/model.ts';
import {
  DataList,
  ErrorSummary,
  FieldSet,
  LinkParagraph,
  Paragraph,
  RadioGroupField,
  SelectField,
  TextAreaField,
  TextField,
  errorFor,
  errorTitle,
  sendErrorPage,
  type FieldError,
} from '../../../platform/html/index.tsx';
import { principalOf, ProblemError, type Failure } from '../../../platform/http/index.ts';
import { format, formatDate, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { catalogPaths } from '../../catalog/index.ts';
import {
  formLimits,
  summary,
  visibleSteps,
  type AnswerValue,
  type AttachmentRef,
  type FieldOf,
  type FormField as FormFieldDefinition,
  type FormProblem,
  type FormStep,
  type PrefilledField,
} from '../forms.ts';
import { shippedForms } from '../forms-reference.ts';
import { CsrfField, PageTitle, formBody, str } from '../case-views.tsx';
import { originOf } from '../origin.ts';
import { getCase } from '../service.ts';
import { getPublicService } from '../../catalog/index.ts';
import { applyMessages } from './messages.ts';
import { acceptedTypes, applyPaths, largestAttachment, refsOf, stepBefore, type Upload } from './model.ts';
import {
  discardDraft,
  formatBytes,
  openDraft,
  saveStep,
  startDraft,
  submitDraft,
  SUMMARY_STEP,
  applyFailures,
  type DraftView,
  type StepAction,
} from './service.ts';

const applicants: Access = { kinds: ['person', 'business'] };

const loginHref = (returnTo: string): string => `/inloggen?terug=${encodeURIComponent(returnTo)}`;

interface ServiceParams {
  organisation: string;
  serviceId: string;
}

// ---------------------------------------------------------------------------------------------
// Who may apply

/** The logged-in applicant, or the reply sent: to the login page (and back), or a refusal for officials. */
async function applicantOrReply(request: FastifyRequest, reply: FastifyReply): Promise<Principal | undefined> {
  const principal = principalOf(request);
  if (principal.kind === 'anonymous') {
    await reply.redirect(loginHref(request.url), 303);
    return undefined;
  }
  if (principal.kind === 'official') {
    await notApplicantPage(request, reply);
    return undefined;
  }
  return principal;
}

function notApplicantPage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const m = applyMessages(request.lang);
  return reply.page({
    title: m.notApplicant,
    status: 403,
    body: <Paragraph text={m.notApplicant} />,
  });
}

/** Failures of the use cases as pages: not found and refusals get their page; the rest goes to the central handler. */
async function failurePage(request: FastifyRequest, reply: FastifyReply, failure: Failure): Promise<FastifyReply> {
  if (failure.code === 'delivery.applicants_only') return notApplicantPage(request, reply);
  if (failure.status === 404) return sendErrorPage(reply, 404, 'notFound');
  throw new ProblemError(failure);
}

/** A draft that is gone (stopped, or submitted elsewhere) starts afresh; other failures get their page. */
async function draftFailurePage(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: Failure,
  params: ServiceParams,
): Promise<FastifyReply> {
  if (failure.code === 'delivery.draft_not_found') return reply.redirect(applyPaths.start(params.organisation, params.serviceId), 303);
  return failurePage(request, reply, failure);
}

// ---------------------------------------------------------------------------------------------
// Showing answers in inputs

const dateShown = (iso: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
};

/** A stored answer as the applicant typed it (the forms read these back). */
function shown(field: FormFieldDefinition, value: AnswerValue | undefined, lang: Lang): string | string[] {
  if (value === undefined) return '';
  switch (field.kind) {
    case 'money':
      return typeof value === 'number'
        ? new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
            useGrouping: false,
          }).format(value / 100)
        : '';
    case 'number':
      return typeof value === 'number' ? (lang === 'nl' ? String(value).replace('.', ',') : String(value)) : '';
    case 'date':
      return typeof value === 'string' ? dateShown(value) : '';
    case 'yesNo':
      return value === true ? 'ja' : value === false ? 'nee' : '';
    case 'multiChoice':
      return Array.isArray(value) ? (value as readonly unknown[]).filter((v): v is string => typeof v === 'string') : [];
    case 'attachment':
      return '';
    default:
      return typeof value === 'string' ? value : '';
  }
}

const inputLimits: Partial<Record<FormFieldDefinition['kind'], number>> = {
  email: formLimits.email,
  phone: 40,
  postcode: 20,
  bsn: 20,
  licencePlate: 20,
  number: 30,
  money: 40,
  date: 20,
};

// ---------------------------------------------------------------------------------------------
// One field

interface FieldContext {
  lang: Lang;
  errors: readonly FieldError[];
  /** What to show in the inputs: stored answers shown as typed, or what was just posted. */
  values: Readonly<Record<string, unknown>>;
  prefilled: readonly PrefilledField[];
  locked: Readonly<Record<string, AnswerValue>>;
  files: Readonly<Record<string, readonly AttachmentRef[]>>;
  /** Stored answers as people read them (for values shown read-only). */
  display: ReadonlyMap<string, string>;
}

function sourceText(p: PrefilledField, lang: Lang): { source: string; fixAt: string } {
  const m = applyMessages(lang);
  return p.source.startsWith('business.')
    ? { source: m.sourceBusiness, fixAt: m.fixAtBusiness }
    : { source: m.sourcePerson, fixAt: m.fixAtPerson };
}

function Field({ field, c }: { field: FormFieldDefinition; c: FieldContext }): JSX.Element {
  const m = applyMessages(c.lang);
  const lang = c.lang;
  const id = field.id;
  const label = field.label[lang];
  const error = errorFor(c.errors, id);
  const pre = c.prefilled.find((p) => p.field === id);
  const baseHint = field.hint?.[lang];

  // A value from the registers that may not be changed: shown, not asked.
  if (pre && !pre.editable && Object.hasOwn(c.locked, id)) {
    const { source, fixAt } = sourceText(pre, lang);
    const value = c.display.get(id) ?? '';
    return (
      <div class={`utrecht-form-field loket-prefilled${error ? ' utrecht-form-field--invalid' : ''}`} id={id}>
        <p class="utrecht-form-label utrecht-form-field__label" safe>
          {label}
        </p>
        <p class="utrecht-paragraph loket-prefilled__value" safe>
          {value}
        </p>
        <p class="utrecht-form-field-description" safe>
          {format(m.prefilledLocked, { source, fixAt })}
        </p>
      </div>
    );
  }
  const hint = [baseHint, pre ? format(m.prefilledEditable, sourceText(pre, lang)) : undefined].filter(Boolean).join(' ') || undefined;
  const raw = c.values[id];
  const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : '';
  const text = typeof value === 'string' ? value : (value[0] ?? '');

  switch (field.kind) {
    case 'textarea':
      return <TextAreaField id={id} label={label} hint={hint} error={error} value={text} rows={6} maxlength={field.maxLength} />;
    case 'choice': {
      const options = field.options.map((o) => ({ value: o.value, label: o.label[lang] }));
      return field.display === 'select' ? (
        <SelectField
          id={id}
          label={label}
          hint={hint}
          error={error}
          value={text}
          options={[{ value: '', label: m.chooseOption }, ...options]}
        />
      ) : (
        <RadioGroupField id={id} label={label} hint={hint} error={error} value={text} options={options} />
      );
    }
    case 'yesNo':
      return (
        <RadioGroupField
          id={id}
          label={label}
          hint={hint}
          error={error}
          value={text}
          options={[
            { value: 'ja', label: m.yes },
            { value: 'nee', label: m.no },
          ]}
        />
      );
    case 'multiChoice': {
      const chosen = new Set(typeof value === 'string' ? (value ? [value] : []) : value);
      return (
        <FieldSet id={id} legend={label} hint={hint} error={error}>
          <>
            {field.options.map((o) => (
              <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
                <input
                  class="utrecht-checkbox utrecht-checkbox--html-input"
                  type="checkbox"
                  name={id}
                  id={`${id}-${o.value}`}
                  value={o.value}
                  checked={chosen.has(o.value)}
                />
                <label class="utrecht-form-label utrecht-form-label--checkbox" for={`${id}-${o.value}`} safe>
                  {o.label[lang]}
                </label>
              </div>
            ))}
          </>
        </FieldSet>
      );
    }
    case 'attachment':
      return <AttachmentField field={field} c={c} hint={hint} error={error} />;
    default: {
      const maxlength = field.kind === 'text' ? field.maxLength : (inputLimits[field.kind] ?? 200);
      const inputmode =
        field.kind === 'bsn' || (field.kind === 'number' && field.integer && (field.min ?? 0) >= 0)
          ? 'numeric'
          : field.kind === 'money' || field.kind === 'number'
            ? 'decimal'
            : undefined;
      const input = <TextField id={id} label={label} hint={hint} error={error} value={text} maxlength={maxlength} inputmode={inputmode} />;
      if (field.kind === 'number' && field.unit) {
        return (
          <div class="loket-with-unit">
            {input}
            <Paragraph text={field.unit[lang]} />
          </div>
        );
      }
      return input;
    }
  }
}

function AttachmentField({
  field,
  c,
  hint,
  error,
}: {
  field: FieldOf<'attachment'>;
  c: FieldContext;
  hint: string | undefined;
  error: string | undefined;
}): JSX.Element {
  const m = applyMessages(c.lang);
  const files = c.files[field.id] ?? [];
  const rules = format(m.fileHint, {
    types: acceptedTypes(field, m.or),
    size: formatBytes(field.maxSizeBytes, c.lang),
    max: field.maxCount,
    files: field.maxCount === 1 ? m.fileOne : m.fileMany,
  });
  const accept = [...new Set(field.accept.flatMap((a) => [a.mimeType, ...a.extensions.map((e) => `.${e}`)]))].join(',');
  return (
    <FieldSet id={field.id} legend={field.label[c.lang]} hint={[hint, rules].filter(Boolean).join(' ')} error={error}>
      <>
        {files.length === 0 ? (
          <Paragraph text={m.noFiles} />
        ) : (
          <>
            <Paragraph text={m.filesAdded} />
            <ul class="utrecht-unordered-list">
              {files.map((f) => (
                <li class="utrecht-unordered-list__item">
                  <span safe>{`${f.fileName} (${formatBytes(f.sizeBytes, c.lang)}) `}</span>
                  <button
                    class="utrecht-button utrecht-button--subtle"
                    type="submit"
                    name="verwijderen"
                    value={f.id}
                    aria-label={format(m.removeFileNamed, { file: f.fileName })}
                    safe
                  >
                    {m.removeFile}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {files.length < field.maxCount ? (
          <div class="utrecht-form-field">
            <label class="utrecht-form-label utrecht-form-field__label" for={`${field.id}-bestand`} safe>
              {m.chooseFile}
            </label>
            <input
              class="utrecht-form-field__input"
              type="file"
              id={`${field.id}-bestand`}
              name={field.id}
              accept={accept}
              aria-invalid={error ? 'true' : undefined}
            />
            <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="toevoegen" safe>
              {m.addFile}
            </button>
          </div>
        ) : (
          ''
        )}
      </>
    </FieldSet>
  );
}

// ---------------------------------------------------------------------------------------------
// Pages

/** The top of a page of the application: its service (the way back to it), and which step this is. */
function DraftTop({ view, lang, n, total }: { view: DraftView; lang: Lang; n: number; total: number }): JSX.Element {
  const { draft, service } = view;
  return (
    <>
      <LinkParagraph href={catalogPaths.service(draft.organisationCode, draft.serviceId)} text={service.service.title} />
      <p class="utrecht-paragraph loket-step-count" safe>
        {format(applyMessages(lang).stepOf, { n, total })}
      </p>
    </>
  );
}

const problemsToErrors = (
  problems: readonly Pick<FormProblem, 'field' | 'message'>[],
  onPage: ReadonlySet<string>,
  fallback: string,
): FieldError[] => problems.map((p) => ({ field: onPage.has(p.field) ? p.field : fallback, message: p.message }));

function stepPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: DraftView,
  step: FormStep,
  state: { problems: readonly FormProblem[]; posted?: Readonly<Record<string, unknown>> },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = applyMessages(lang);
  const { draft, form, service } = view;
  const org = draft.organisationCode;
  const steps = visibleSteps(form, state.posted ? { ...draft.answers, ...withoutFiles(step, state.posted) } : draft.answers);
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === step.id),
  );
  // Which fields to show: those visible for the answers as they are now (a field revealed by a
  // choice on this step appears after the post, with its message).
  const answersNow = state.posted ? { ...draft.answers, ...withoutFiles(step, state.posted) } : draft.answers;
  const visible = new Set(summary(form, answersNow, lang).map((r) => r.field));
  const fields = step.fields.filter((f) => visible.has(f.id));
  const values: Record<string, unknown> = {};
  for (const f of fields) values[f.id] = state.posted ? state.posted[f.id] : shown(f, draft.answers[f.id], lang);
  const files: Record<string, readonly AttachmentRef[]> = {};
  for (const f of fields) if (f.kind === 'attachment') files[f.id] = refsOf(draft.answers[f.id]);
  const errors = problemsToErrors(state.problems, new Set(fields.map((f) => f.id)), 'stap-formulier');
  const multipartForm = step.fields.some((f) => f.kind === 'attachment');
  const previous = stepBefore(steps, step.id);
  const isLast = index === steps.length - 1;
  const display = new Map(summary(form, draft.answers, lang).map((r) => [r.field, r.value] as const));
  const c: FieldContext = { lang, errors, values, prefilled: draft.prefilled, locked: draft.locked, files, display };
  const title = `${step.title[lang]} – ${format(m.applyTitle, { service: service.service.title })}`;
  return reply.page({
    title: errorTitle(lang, title, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <DraftTop view={view} lang={lang} n={index + 1} total={steps.length + 1} />
        <PageTitle text={step.title[lang]} />
        <ErrorSummary lang={lang} errors={errors} />
        {index === 0 && form.intro ? <Paragraph text={form.intro[lang]} /> : ''}
        {index === 0 && draft.offerId ? (
          <div class="utrecht-alert utrecht-alert--info loket-notice">
            <Paragraph text={m.fromOffer} />
          </div>
        ) : (
          ''
        )}
        {step.intro ? <Paragraph text={step.intro[lang]} /> : ''}
        <form
          method="post"
          action={applyPaths.step(org, draft.serviceId, step.id)}
          enctype={multipartForm ? 'multipart/form-data' : undefined}
          id="stap-formulier"
          novalidate
        >
          <CsrfField token={reply.generateCsrf()} />
          {multipartForm ? (
            // Pressing Enter in a field submits with the first button: make that "next", not "remove".
            <button type="submit" name="actie" value="volgende" class="loket-visually-hidden" tabindex="-1" aria-hidden="true" safe>
              {isLast ? m.toSummary : m.next}
            </button>
          ) : (
            ''
          )}
          {fields.map((f) => (
            <Field field={f} c={c} />
          ))}
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="volgende" safe>
              {isLast ? m.toSummary : m.next}
            </button>
            <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="opslaan" safe>
              {m.saveLater}
            </button>
          </div>
        </form>
        {previous ? <LinkParagraph href={applyPaths.step(org, draft.serviceId, previous)} text={m.back} /> : ''}
      </>
    ),
  });
}

/** The posted values of a step without the control names (for working out which fields are visible). */
function withoutFiles(step: FormStep, posted: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of step.fields) if (f.kind !== 'attachment' && Object.hasOwn(posted, f.id)) out[f.id] = posted[f.id];
  return out;
}

function summaryPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: DraftView,
  problems: readonly Pick<FormProblem, 'field' | 'message'>[],
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = applyMessages(lang);
  const { draft, form, service } = view;
  const org = draft.organisationCode;
  const rows = summary(form, draft.answers, lang);
  const steps = visibleSteps(form, draft.answers);
  const errors = problemsToErrors(problems, new Set(rows.map((r) => r.field)), 'controle');
  const token = reply.generateCsrf();
  return reply.page({
    title: errorTitle(lang, `${m.summaryTitle} – ${format(m.applyTitle, { service: service.service.title })}`, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <DraftTop view={view} lang={lang} n={steps.length + 1} total={steps.length + 1} />
        <PageTitle text={m.summaryTitle} id="controle" />
        <ErrorSummary lang={lang} errors={errors} />
        <Paragraph text={m.summaryIntro} />
        {steps.map((step) => (
          <section class="loket-service-section" aria-labelledby={`stap-${step.id}`}>
            <h2 class="utrecht-heading-2" id={`stap-${step.id}`} safe>
              {step.title[lang]}
            </h2>
            <dl class="utrecht-data-list utrecht-data-list--rows">
              {rows
                .filter((r) => r.stepId === step.id)
                .map((r) => (
                  <div class="utrecht-data-list__item" id={r.field}>
                    <dt class="utrecht-data-list__item-key" safe>
                      {r.label}
                    </dt>
                    <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                      {r.value.split('\n').map((line, i) => (
                        <>
                          {i > 0 ? <br /> : ''}
                          <span safe>{line}</span>
                        </>
                      ))}
                      {errorFor(errors, r.field) ? (
                        <p class="utrecht-form-field-error-message" safe>
                          {errorFor(errors, r.field)}
                        </p>
                      ) : (
                        ''
                      )}
                    </dd>
                  </div>
                ))}
            </dl>
            <p class="utrecht-paragraph">
              <a
                class="utrecht-link"
                href={applyPaths.step(org, draft.serviceId, step.id)}
                aria-label={format(m.changeStep, { step: step.title[lang] })}
                safe
              >
                {m.change}
              </a>
            </p>
          </section>
        ))}
        <form method="post" action={applyPaths.submit(org, draft.serviceId)} novalidate>
          <CsrfField token={token} />
          <input type="hidden" name="concept" value={draft.id} />
          <Paragraph text={m.declaration} />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.submit}
            </button>
          </div>
        </form>
        <form method="post" action={applyPaths.discard(org, draft.serviceId)} novalidate>
          <CsrfField token={token} />
          <button class="utrecht-button utrecht-button--secondary-action" type="submit" safe>
            {m.discard}
          </button>
        </form>
      </>
    ),
  });
}

/** Where to go in a draft: the step to resume at, or the summary when every step is done. */
function resumeHref(view: DraftView): string {
  const { draft, form } = view;
  const steps = visibleSteps(form, draft.answers);
  if (draft.currentStep === SUMMARY_STEP) return applyPaths.summary(draft.organisationCode, draft.serviceId);
  const step = steps.find((s) => s.id === draft.currentStep) ?? steps[0];
  return step
    ? applyPaths.step(draft.organisationCode, draft.serviceId, step.id)
    : applyPaths.summary(draft.organisationCode, draft.serviceId);
}

// ---------------------------------------------------------------------------------------------
// Uploads

/** A file part as read by `onFile` (a class, so it cannot be confused with a posted value). */
class ReceivedFile {
  constructor(
    readonly fileName: string,
    readonly mimeType: string,
    readonly content: Buffer,
    readonly truncated: boolean,
  ) {}
}

/** What one upload is read up to: one byte more than the largest file any shipped form accepts. */
const uploadReadLimit = largestAttachment(shippedForms()) + 1;
/** All files of one post together are read up to this; the rest is drained. */
const requestReadLimit = uploadReadLimit * 3;
const readPerRequest = new WeakMap<FastifyRequest, number>();
/** Requests whose multipart body was read in full (errors before that are unreadable uploads). */
const bodyRead = new WeakSet<FastifyRequest>();

async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let total = readPerRequest.get(this) ?? 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    if (!truncated && size + chunk.length <= uploadReadLimit && total + chunk.length <= requestReadLimit) {
      chunks.push(chunk);
      size += chunk.length;
      total += chunk.length;
    } else truncated = true;
  }
  readPerRequest.set(this, total);
  (part as MultipartFile & { value?: unknown }).value = new ReceivedFile(
    part.filename,
    part.mimetype,
    Buffer.concat(chunks),
    truncated || part.file.truncated,
  );
}

/** The posted values and the files of a step post (urlencoded or multipart). */
function readStepPost(request: FastifyRequest): { posted: Record<string, unknown>; uploads: Upload[]; action: StepAction } {
  const body = formBody(request);
  const posted: Record<string, unknown> = {};
  const uploads: Upload[] = [];
  for (const [key, value] of Object.entries(body)) {
    const list: unknown[] = Array.isArray(value) ? value : [value];
    const files = list.filter((v): v is ReceivedFile => v instanceof ReceivedFile);
    if (files.length > 0) {
      for (const f of files) {
        if (f.fileName === '' && f.content.length === 0) continue; // a file input left empty
        uploads.push({ fieldId: key, fileName: f.fileName, mimeType: f.mimeType, content: f.content, truncated: f.truncated });
      }
      continue;
    }
    // defineProperty: a key like "__proto__" becomes a plain (refused) name, never a prototype.
    Object.defineProperty(posted, key, { value, enumerable: true, configurable: true, writable: true });
  }
  const remove = str(body['verwijderen']);
  const actie = str(body['actie']);
  const action: StepAction = remove !== '' ? { remove } : actie === 'opslaan' ? 'save' : actie === 'toevoegen' ? 'upload' : 'next';
  return { posted, uploads, action };
}

// ---------------------------------------------------------------------------------------------
// Routes

export function registerApplyPages(app: FastifyInstance, ctx: ModuleContext): void {
  const paramsOf = (request: FastifyRequest): ServiceParams => request.params as ServiceParams;
  const base = `${catalogPaths.search}/:organisation/:serviceId/aanvragen`;

  // Start or resume. Public, so that a visitor who is not logged in is sent to the login page and back.
  app.get(base, { config: { access: 'public' } }, async (request, reply) => {
    const principal = await applicantOrReply(request, reply);
    if (!principal) return reply;
    const { organisation, serviceId } = paramsOf(request);
    const offer = str((request.query as Record<string, unknown> | undefined)?.['aanbod']);
    const started = await startDraft(
      ctx,
      principal,
      { organisationCode: organisation, serviceId, offerId: offer || undefined },
      originOf(request),
    );
    if (!started.ok) return failurePage(request, reply, started.failure);
    return reply.redirect(resumeHref(started.value), 303);
  });

  app.get(`${base}/stap/:stepId`, { config: { access: 'public' } }, async (request, reply) => {
    const principal = await applicantOrReply(request, reply);
    if (!principal) return reply;
    const { organisation, serviceId, stepId } = request.params as ServiceParams & { stepId: string };
    const opened = await openDraft(ctx, principal, organisation, serviceId);
    if (!opened.ok) return draftFailurePage(request, reply, opened.failure, { organisation, serviceId });
    const step = visibleSteps(opened.value.form, opened.value.draft.answers).find((s) => s.id === stepId);
    if (!step) return sendErrorPage(reply, 404, 'notFound');
    return stepPage(request, reply, opened.value, step, { problems: [] });
  });

  // The step posts, with @fastify/multipart in this scope only.
  void app.register(async (scoped) => {
    await scoped.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile,
      throwFileSizeLimit: false,
      limits: {
        fieldNameSize: 200,
        fieldSize: formLimits.rawStringMax,
        fields: formLimits.fieldsPerStep + formLimits.options + 10,
        fileSize: uploadReadLimit,
        files: formLimits.attachmentMaxCount,
        parts: formLimits.fieldsPerStep + formLimits.options + formLimits.attachmentMaxCount + 10,
        headerPairs: 100,
      },
    });
    // A multipart body that could not be read (cut off, malformed): a 400, not a server error.
    scoped.setErrorHandler((error: FastifyError, request) => {
      if (!bodyRead.has(request) && request.isMultipart() && !(error instanceof ProblemError) && (error.statusCode ?? 500) >= 500)
        throw new ProblemError(applyFailures.uploadUnreadable());
      throw error;
    });

    scoped.post(
      `${base}/stap/:stepId`,
      {
        config: { access: applicants },
        preValidation: (request, _reply, done) => {
          bodyRead.add(request);
          done();
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const { organisation, serviceId, stepId } = request.params as ServiceParams & { stepId: string };
        const { posted, uploads, action } = readStepPost(request);
        const saved = await saveStep(
          ctx,
          principal,
          { organisationCode: organisation, serviceId, stepId, posted, uploads, action },
          originOf(request),
          request.lang,
        );
        if (!saved.ok) return draftFailurePage(request, reply, saved.failure, { organisation, serviceId });
        const outcome = saved.value;
        const { draft } = outcome.view;
        const step = outcome.view.form.steps.find((s) => s.id === stepId);
        if (outcome.kind === 'invalid' && step) return stepPage(request, reply, outcome.view, step, { problems: outcome.problems, posted });
        if (outcome.kind === 'next')
          return reply.redirect(
            outcome.nextStep === null
              ? applyPaths.summary(draft.organisationCode, draft.serviceId)
              : applyPaths.step(draft.organisationCode, draft.serviceId, outcome.nextStep),
            303,
          );
        if (action === 'save') return reply.redirect(applyPaths.saved(draft.organisationCode, draft.serviceId), 303);
        return reply.redirect(applyPaths.step(draft.organisationCode, draft.serviceId, stepId), 303);
      },
    );
  });

  app.get(`${base}/controle`, { config: { access: 'public' } }, async (request, reply) => {
    const principal = await applicantOrReply(request, reply);
    if (!principal) return reply;
    const { organisation, serviceId } = paramsOf(request);
    const opened = await openDraft(ctx, principal, organisation, serviceId);
    if (!opened.ok) return draftFailurePage(request, reply, opened.failure, { organisation, serviceId });
    // The summary shows what is still missing only after a submit; here it lists the answers.
    return summaryPage(request, reply, opened.value, []);
  });

  app.post(`${base}/versturen`, { config: { access: applicants } }, async (request, reply) => {
    const principal = principalOf(request);
    const { organisation, serviceId } = paramsOf(request);
    const draftId = str(formBody(request)['concept']);
    const submitted = await submitDraft(
      ctx,
      principal,
      { organisationCode: organisation, serviceId, draftId },
      originOf(request),
      request.lang,
    );
    if (submitted.ok) return reply.redirect(applyPaths.receipt(submitted.value.organisationCode, submitted.value.caseId), 303);
    if (submitted.failure.code === 'delivery.form.invalid_answers') {
      const opened = await openDraft(ctx, principal, organisation, serviceId);
      if (opened.ok) {
        const problems = (submitted.failure.invalidParams ?? []).map((p) => ({ field: p.name, message: p.reason }));
        return summaryPage(request, reply, opened.value, problems);
      }
    }
    return failurePage(request, reply, submitted.failure);
  });

  app.get(`${base}/bewaard`, { config: { access: 'public' } }, async (request, reply) => {
    const principal = await applicantOrReply(request, reply);
    if (!principal) return reply;
    const { organisation, serviceId } = paramsOf(request);
    const opened = await openDraft(ctx, principal, organisation, serviceId);
    if (!opened.ok) return failurePage(request, reply, opened.failure);
    const m = applyMessages(request.lang);
    return reply.page({
      title: m.savedTitle,
      body: (
        <>
          <div class="utrecht-alert utrecht-alert--ok loket-notice" role="status">
            <PageTitle text={m.savedTitle} />
            <Paragraph text={m.savedText} />
          </div>
          <LinkParagraph href={resumeHref(opened.value)} text={m.resume} />
          <LinkParagraph href={applyPaths.myCases} text={m.myCases} />
        </>
      ),
    });
  });

  app.post(`${base}/stoppen`, { config: { access: applicants } }, async (request, reply) => {
    const { organisation, serviceId } = paramsOf(request);
    const done = await discardDraft(ctx, principalOf(request), organisation, serviceId, originOf(request));
    if (!done.ok) return failurePage(request, reply, done.failure);
    return reply.redirect(`${applyPaths.start(organisation, serviceId)}/gestopt`, 303);
  });

  app.get(`${base}/gestopt`, { config: { access: 'public' } }, async (request, reply) => {
    const { organisation, serviceId } = paramsOf(request);
    const m = applyMessages(request.lang);
    return reply.page({
      title: m.discardedTitle,
      body: (
        <>
          <PageTitle text={m.discardedTitle} />
          <Paragraph text={m.discarded} status />
          <LinkParagraph href={catalogPaths.service(organisation, serviceId)} text={m.backToService} />
        </>
      ),
    });
  });

  // ── the receipt ─────────────────────────────────────────────────────────────────────────
  app.get('/zaken/:organisation/:caseId/ontvangen', { config: { access: 'public' } }, async (request, reply) => {
    const principal = await applicantOrReply(request, reply);
    if (!principal) return reply;
    const { organisation, caseId } = request.params as { organisation: string; caseId: string };
    const viewed = await getCase(ctx, principal, organisation.toUpperCase(), caseId.toLowerCase(), originOf(request));
    if (!viewed.ok) return failurePage(request, reply, viewed.failure);
    const kase = viewed.value.case;
    const lang = request.lang;
    const m = applyMessages(lang);
    const published = await getPublicService(ctx, kase.organisationCode, kase.serviceId);
    const serviceTitle = published?.service.title ?? kase.uplUri;
    const organisationName = published?.organisation.name ?? kase.organisationCode;
    const rows: [string, string][] = [
      [m.caseNumber, kase.caseNumber],
      [m.receivedOn, formatDate(kase.receivedOn, lang)],
      [m.decisionDue, kase.dueDate ? formatDate(kase.dueDate, lang) : m.decisionDueSuspended],
    ];
    return reply.page({
      title: `${m.receiptTitle} – ${kase.caseNumber}`,
      body: (
        <>
          <PageTitle text={m.receiptTitle} />
          <div class="utrecht-alert utrecht-alert--ok loket-notice" role="status">
            <Paragraph text={format(m.receiptLead, { service: serviceTitle })} />
          </div>
          <DataList rows={rows} />
          <Paragraph text={m.keepNumber} />
          <h2 class="utrecht-heading-2" safe>
            {m.whatNextTitle}
          </h2>
          <ul class="utrecht-unordered-list">
            <li class="utrecht-unordered-list__item" safe>
              {format(m.whatNext1, { organisation: organisationName })}
            </li>
            <li class="utrecht-unordered-list__item" safe>
              {kase.dueDate
                ? format(m.whatNext2, { date: formatDate(kase.dueDate, lang), weeks: formatNumber(kase.termWeeks, lang) })
                : format(m.whatNext2NoDate, { weeks: formatNumber(kase.termWeeks, lang) })}
            </li>
            <li class="utrecht-unordered-list__item" safe>
              {m.whatNext3}
            </li>
            <li class="utrecht-unordered-list__item" safe>
              {m.whatNext4}
            </li>
          </ul>
          <LinkParagraph href={applyPaths.case(kase.organisationCode, kase.id)} text={m.viewCase} />
          <LinkParagraph href={applyPaths.myCases} text={m.myCases} />
        </>
      ),
    });
  });
}
