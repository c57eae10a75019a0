// delivery/messages: the pages of the message box.
//   /berichten                 the list: unread ones in bold, sender, date, subject, case
//   /berichten/{id}            one letter (opening it marks it read), with a link to its case
//   /berichten/instellingen    the e-mail address for notifications (form; CSRF; error summary)
// and UnreadMessagesNotice, which "Mijn zaken" shows. Only for citizens and businesses; whoever
// is not logged in is sent to the login page and comes back here afterwards.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DataList,
  ErrorSummary,
  FormField,
  LinkParagraph,
  Pagination,
  Paragraph,
  Table,
  describedBy,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../../platform/html/index.tsx';
import { principalOf, ProblemError } from '../../../platform/http/index.ts';
import { format, formatDate, formatDateTime, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { isoDateInAmsterdam } from '../../../platform/time/index.ts';
import { PageTitle, formBody, loginToPage, pageNumber, str } from '../case-views.tsx';
import { messageLimits, messagePaths, paragraphsOf, type Contact, type MessageSummary } from './model.ts';
import { messageAccess } from './routes.ts';
import * as service from './service.ts';
import { messageKindLabels, messageTexts } from './texts.ts';

const pageSize = 20;
const unreadFilter = { param: 'filter', value: 'ongelezen' } as const;
const savedParam = 'opgeslagen';

const queryOf = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;

const dayOf = (instant: string, lang: Lang): string => formatDate(isoDateInAmsterdam(new Date(instant)), lang);
const senderOf = (m: service.Named<MessageSummary>): string => m.senderName ?? m.senderOrganisationCode;

/** The path of the list with its filter and page. */
function boxHref(unreadOnly: boolean, page = 1): string {
  const params = new URLSearchParams();
  if (unreadOnly) params.set(unreadFilter.param, unreadFilter.value);
  if (page > 1) params.set('pagina', String(page));
  const q = params.toString();
  return q ? `${messagePaths.box}?${q}` : messagePaths.box;
}

/**
 * "You have n unread messages" (or, acting for someone, "Name has n unread messages that you may
 * read"), with a link to them; nothing when there are none. For the "Mijn zaken" page.
 */
export function UnreadMessagesNotice({
  count,
  lang,
  actingFor,
}: {
  count: number;
  lang: Lang;
  actingFor?: string | undefined;
}): JSX.Element {
  if (!Number.isInteger(count) || count <= 0) return '';
  const m = messageTexts(lang);
  const values = { count: formatNumber(count, lang), name: actingFor ?? '' };
  const text =
    actingFor === undefined
      ? format(count === 1 ? m.noticeOne : m.noticeMany, values)
      : format(count === 1 ? m.noticeOneActingFor : m.noticeManyActingFor, values);
  return (
    <div class="utrecht-alert utrecht-alert--info loket-notice">
      <Paragraph text={text} />
      <LinkParagraph href={boxHref(true)} text={m.noticeLink} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// /berichten

function MessageRow({ lang, message }: { lang: Lang; message: service.Named<MessageSummary> }): JSX.Element {
  const m = messageTexts(lang);
  const unread = message.readAt === null;
  const subject = (
    <a class="utrecht-link" href={messagePaths.message(message.id)}>
      {unread ? (
        <strong>
          <span class="loket-visually-hidden" safe>
            {m.unreadMark}
          </span>
          <span safe>{message.subject}</span>
        </strong>
      ) : (
        <span safe>{message.subject}</span>
      )}
    </a>
  );
  const kase = message.case;
  return (
    <tr class="utrecht-table__row">
      <td class="utrecht-table__cell">{subject}</td>
      <td class="utrecht-table__cell" safe>
        {senderOf(message)}
      </td>
      <td class="utrecht-table__cell" safe>
        {dayOf(message.createdAt, lang)}
      </td>
      <td class="utrecht-table__cell">
        {kase ? (
          <a class="utrecht-link" href={messagePaths.case(kase.organisationCode, kase.caseId)} safe>
            {kase.caseNumber ?? m.toCaseNoNumber}
          </a>
        ) : (
          <span safe>{m.noCase}</span>
        )}
      </td>
    </tr>
  );
}

async function boxPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const lang = request.lang;
  const m = messageTexts(lang);
  const q = queryOf(request);
  const unreadOnly = str(q[unreadFilter.param]) === unreadFilter.value;
  const page = pageNumber(q['pagina']);
  const errors: FieldError[] = page === undefined ? [{ field: 'berichten', message: m.errorPage }] : [];
  const current = page ?? 1;
  const listed = await service.listMessages(ctx, principalOf(request), {
    limit: pageSize,
    offset: (current - 1) * pageSize,
    unread: unreadOnly ? true : undefined,
  });
  if (!listed.ok) throw new ProblemError(listed.failure);
  const { items, total, unread } = listed.value;
  const unreadText = unread === 0 ? m.unreadNone : unread === 1 ? m.unreadOne : format(m.unreadMany, { count: formatNumber(unread, lang) });
  return reply.page({
    title: errorTitle(lang, m.boxTitle, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <PageTitle text={m.boxTitle} />
        <Paragraph text={m.boxIntro} />
        <ErrorSummary lang={lang} errors={errors} />
        <Paragraph text={unreadText} status />
        <LinkParagraph href={boxHref(!unreadOnly)} text={unreadOnly ? m.showAll : m.showUnread} />
        <div id="berichten">
          {items.length === 0 ? (
            <Paragraph text={unreadOnly ? m.boxEmptyUnread : m.boxEmpty} />
          ) : (
            <Table caption={unreadOnly ? m.captionUnread : m.caption} head={[m.colSubject, m.colSender, m.colDate, m.colCase]}>
              {items.map((message) => (
                <MessageRow lang={lang} message={message} />
              ))}
            </Table>
          )}
        </div>
        <Pagination
          page={current}
          pages={Math.max(1, Math.ceil(total / pageSize))}
          href={(p) => boxHref(unreadOnly, p)}
          labels={m}
          status={format(m.page, { page: current })}
        />
        <LinkParagraph href={messagePaths.settings} text={m.settingsLink} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /berichten/{id}

async function letterPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const lang = request.lang;
  const m = messageTexts(lang);
  const found = await service.getMessage(ctx, principalOf(request), id, originOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  const message = found.value;
  const kase = message.case;
  const rows: [string, string][] = [
    [m.from, senderOf(message)],
    [m.sentOn, formatDateTime(message.createdAt, lang)],
    [m.kind, messageKindLabels[message.kind][lang]],
    ...(kase?.caseNumber ? ([[m.caseNumber, kase.caseNumber]] as [string, string][]) : []),
  ];
  return reply.page({
    title: message.subject,
    body: (
      <>
        <PageTitle text={message.subject} />
        <DataList rows={rows} />
        <section class="loket-letter" aria-labelledby="brief-titel">
          <h2 class="utrecht-heading-2" id="brief-titel" safe>
            {m.letterHeading}
          </h2>
          {paragraphsOf(message.body).map((p) => (
            <p class="utrecht-paragraph loket-letter__paragraph" safe>
              {p}
            </p>
          ))}
        </section>
        {kase ? (
          <LinkParagraph
            href={messagePaths.case(kase.organisationCode, kase.caseId)}
            text={kase.caseNumber ? format(m.toCase, { caseNumber: kase.caseNumber }) : m.toCaseNoNumber}
          />
        ) : (
          ''
        )}
        <LinkParagraph href={messagePaths.box} text={m.backToBox} />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /berichten/instellingen

interface SettingsForm {
  email: string;
  notify: boolean;
}

function settingsPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: SettingsForm,
  errors: readonly FieldError[],
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = messageTexts(lang);
  const saved = errors.length === 0 && str(queryOf(request)[savedParam]) === '1';
  const emailError = errorFor(errors, 'email');
  const notifyError = errorFor(errors, 'melding');
  return reply.page({
    title: errorTitle(lang, m.settingsTitle, errors),
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <PageTitle text={m.settingsTitle} />
        <ErrorSummary lang={lang} errors={errors} />
        {saved ? (
          <div class="utrecht-alert utrecht-alert--ok loket-notice" role="status">
            <Paragraph text={m.saved} />
          </div>
        ) : (
          ''
        )}
        <Paragraph text={m.settingsIntro} />
        {ctx.config.smtp ? '' : <Paragraph text={m.smtpOff} />}
        <form method="post" action={messagePaths.settings} novalidate>
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <FormField id="email" label={m.emailLabel} hint={m.emailHint} error={emailError}>
            <input
              class={`utrecht-textbox utrecht-form-field__input${emailError ? ' utrecht-textbox--invalid' : ''}`}
              id="email"
              name="email"
              type="email"
              value={form.email}
              maxlength={String(messageLimits.email)}
              autocomplete="email"
              spellcheck="false"
              aria-describedby={describedBy('email', m.emailHint, emailError)}
              aria-invalid={emailError ? 'true' : undefined}
            />
          </FormField>
          <div class={`utrecht-form-field utrecht-form-field--checkbox loket-radio${notifyError ? ' utrecht-form-field--invalid' : ''}`}>
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              name="melding"
              id="melding"
              value="ja"
              checked={form.notify}
              aria-describedby={notifyError ? 'melding-fout' : undefined}
            />
            <label class="utrecht-form-label utrecht-form-label--checkbox" for="melding" safe>
              {m.notifyLabel}
            </label>
            {notifyError ? (
              <p class="utrecht-form-field-error-message" id="melding-fout" safe>
                {notifyError}
              </p>
            ) : (
              ''
            )}
          </div>
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.save}
          </button>
        </form>
        <LinkParagraph href={messagePaths.box} text={m.backToBox} />
      </>
    ),
  });
}

/** The service's refusal as errors on the form's fields, in the page's language. */
function formErrors(lang: Lang, invalid: readonly { name: string; code: string; reason: string }[]): FieldError[] {
  const m = messageTexts(lang);
  const errors: FieldError[] = [];
  for (const p of invalid) {
    const field = p.name === 'notify' ? 'melding' : 'email';
    const message =
      p.code === 'delivery.email_required'
        ? m.errorEmailRequired
        : p.code === 'delivery.invalid_notify'
          ? m.errorNotify
          : p.code === 'delivery.invalid_email'
            ? m.errorEmail
            : p.reason;
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  }
  return errors;
}

const contactForm = (c: Contact): SettingsForm => ({ email: c.email ?? '', notify: c.notify });

// ---------------------------------------------------------------------------------------------
// Registration

export function registerMessagePages(app: FastifyInstance, ctx: ModuleContext): void {
  const config = { access: messageAccess };

  app.get(messagePaths.box, { config, onRequest: loginToPage }, (request, reply) => boxPage(ctx, request, reply));

  app.get(messagePaths.settings, { config, onRequest: loginToPage }, async (request, reply) => {
    const contact = await service.getContact(ctx, principalOf(request));
    if (!contact.ok) throw new ProblemError(contact.failure);
    return settingsPage(ctx, request, reply, contactForm(contact.value), []);
  });

  app.post(messagePaths.settings, { config }, async (request, reply) => {
    const body = formBody(request);
    const form: SettingsForm = { email: str(body['email']).slice(0, 1000), notify: str(body['melding']) === 'ja' };
    const saved = await service.setContact(ctx, principalOf(request), form, originOf(request));
    if (saved.ok) return reply.redirect(`${messagePaths.settings}?${savedParam}=1`, 303);
    if (saved.failure.status !== 400 || !saved.failure.invalidParams) throw new ProblemError(saved.failure);
    return settingsPage(ctx, request, reply, form, formErrors(request.lang, saved.failure.invalidParams));
  });

  app.get(`${messagePaths.box}/:id`, { config, onRequest: loginToPage }, (request, reply) =>
    letterPage(ctx, request, reply, str((request.params as Record<string, unknown>)['id']).slice(0, 64)),
  );
}
