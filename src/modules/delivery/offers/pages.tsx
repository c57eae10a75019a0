// delivery/offers: the pages of proactive offers, and the block on Mijn zaken.
//   /zaken/aanbod/{id}            what is offered and why (the rule with its source); Ja / Nee, bedankt
//   /zaken/aanbod/instellingen    which kinds of offer I want (checkboxes)
// `OffersSection` lists the open offers on the Mijn zaken page (fed by `openOffers`). Every page
// works without JavaScript: forms post with their CSRF token, then redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DataList,
  ErrorSummary,
  FieldSet,
  LinkParagraph,
  Paragraph,
  errorFor,
  errorTitle,
  type FieldError,
} from '../../../platform/html/index.tsx';
import { principalOf, ProblemError } from '../../../platform/http/index.ts';
import { format, formatDate, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { isoDateInAmsterdam } from '../../../platform/time/index.ts';
import { CsrfField, PageTitle, formBody } from '../case-views.tsx';
import { offerMessages } from './messages.ts';
import { offerAccess } from './routes.ts';
import * as service from './service.ts';
import type { OfferSettings, OfferView } from './service.ts';

export { openOffers, type OfferView } from './service.ts';

export const offerPaths = {
  offer: (id: string): string => `/zaken/aanbod/${encodeURIComponent(id)}`,
  accept: (id: string): string => `/zaken/aanbod/${encodeURIComponent(id)}/aannemen`,
  decline: (id: string): string => `/zaken/aanbod/${encodeURIComponent(id)}/afwijzen`,
  settings: '/zaken/aanbod/instellingen',
  myCases: '/zaken',
} as const;

const dayOf = (instant: string, lang: Lang): string => formatDate(isoDateInAmsterdam(new Date(instant)), lang);

function Notice({ text, kind }: { text: string; kind: 'ok' | 'info' }): JSX.Element {
  return (
    <div class={`utrecht-alert utrecht-alert--${kind} loket-notice`} role="status">
      <Paragraph text={text} />
    </div>
  );
}

const BackLink = ({ lang }: { lang: Lang }): JSX.Element => (
  <LinkParagraph href={offerPaths.myCases} text={offerMessages(lang).backToCases} />
);

/**
 * The open offers for the Mijn zaken page: per offer the service, who offers it, why, and a link
 * to the offer. Nothing when there are none. Give it `openOffers(ctx, principal)`.
 */
export function OffersSection({ offers, lang }: { offers: readonly OfferView[]; lang: Lang }): JSX.Element {
  if (offers.length === 0) return '';
  const m = offerMessages(lang);
  return (
    <section class="loket-offers" aria-labelledby="aanbod-titel">
      <h2 class="utrecht-heading-2" id="aanbod-titel" safe>
        {m.sectionTitle}
      </h2>
      <Paragraph text={m.sectionIntro} />
      <ul class="utrecht-unordered-list">
        {offers.map((o) => (
          <li class="utrecht-unordered-list__item">
            <strong safe>{o.service.title}</strong>
            <br />
            <span safe>{format(m.offeredBy, { organisation: o.service.organisationName })}</span>
            <br />
            <span safe>{o.reason[lang]}</span>
            <br />
            <a class="utrecht-link" href={offerPaths.offer(o.id)} safe>
              {m.viewOffer}
            </a>
          </li>
        ))}
      </ul>
      <LinkParagraph href={offerPaths.settings} text={m.settingsLink} />
    </section>
  );
}

async function offerPage(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const lang = request.lang;
  const m = offerMessages(lang);
  const found = await service.getOffer(ctx, principalOf(request), id);
  if (!found.ok) throw new ProblemError(found.failure);
  const o = found.value;
  const title = format(m.offerTitle, { service: o.service.title });
  // One token for both forms: a first visit gets its CSRF secret with the first token.
  const token = o.status === 'offered' && o.service.available ? reply.generateCsrf() : '';
  return reply.page({
    title,
    body: (
      <>
        <PageTitle text={title} />
        <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
          {o.reason[lang]}
        </p>
        <h2 class="utrecht-heading-2" safe>
          {m.whatTitle}
        </h2>
        <DataList
          rows={[
            [m.service, o.service.title],
            [m.organisation, o.service.organisationName],
            [m.offeredOn, dayOf(o.createdAt, lang)],
            [m.kind, o.kind.name[lang]],
          ]}
        />
        <h2 class="utrecht-heading-2" safe>
          {m.whyTitle}
        </h2>
        {o.rule ? (
          <>
            <Paragraph text={o.rule.description[lang]} />
            <h3 class="utrecht-heading-3" safe>
              {m.sourcesTitle}
            </h3>
            <ul class="utrecht-unordered-list">
              {o.rule.sources.map((s) => (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={s.url} rel="noopener" safe>
                    {s.title[lang]}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Paragraph text={m.noRule} />
        )}
        {o.status === 'accepted' ? (
          <>
            <Notice kind="ok" text={m.acceptedText} />
            <LinkParagraph href={o.applicationUrl} text={m.continueApplication} />
          </>
        ) : o.status === 'declined' ? (
          <Notice kind="info" text={m.declinedText} />
        ) : !o.service.available ? (
          <Notice kind="info" text={m.unavailableText} />
        ) : (
          <>
            <h2 class="utrecht-heading-2" safe>
              {m.decideTitle}
            </h2>
            <Paragraph text={m.decideText} />
            <div class="utrecht-button-group">
              <form method="post" action={offerPaths.accept(o.id)}>
                <CsrfField token={token} />
                <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                  {m.accept}
                </button>
              </form>
              <form method="post" action={offerPaths.decline(o.id)}>
                <CsrfField token={token} />
                <button class="utrecht-button utrecht-button--secondary-action" type="submit" safe>
                  {m.decline}
                </button>
              </form>
            </div>
          </>
        )}
        <BackLink lang={lang} />
      </>
    ),
  });
}

const field = 'soorten';

async function settingsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: OfferSettings,
  state: { errors: readonly FieldError[]; saved: boolean; status?: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = offerMessages(lang);
  return reply.page({
    title: errorTitle(lang, m.settingsTitle, state.errors),
    status: state.status ?? 200,
    body: (
      <>
        <ErrorSummary lang={lang} errors={state.errors} />
        <PageTitle text={m.settingsTitle} />
        {state.saved ? <Notice kind="ok" text={m.saved} /> : ''}
        <Paragraph text={m.settingsIntro} />
        <form method="post" action={offerPaths.settings} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <FieldSet id={field} legend={m.settingsLegend} hint={m.settingsHint} error={errorFor(state.errors, field)}>
            <>
              {settings.kinds.map((k) => (
                <div class="utrecht-form-field utrecht-form-field--checkbox loket-radio">
                  <input
                    class="utrecht-checkbox utrecht-checkbox--html-input"
                    type="checkbox"
                    name="soort"
                    id={`soort-${k.id}`}
                    value={k.id}
                    checked={!k.optedOut}
                    aria-describedby={`soort-${k.id}-uitleg`}
                  />
                  <label class="utrecht-form-label utrecht-form-label--checkbox" for={`soort-${k.id}`} safe>
                    {k.name[lang]}
                  </label>
                  <p class="utrecht-form-field-description" id={`soort-${k.id}-uitleg`} safe>
                    {k.description[lang]}
                  </p>
                </div>
              ))}
            </>
          </FieldSet>
          <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
            {m.save}
          </button>
        </form>
        <BackLink lang={lang} />
      </>
    ),
  });
}

const values = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function registerOfferPages(app: FastifyInstance, ctx: ModuleContext): void {
  const access = { config: { access: offerAccess.recipients } };
  const idOf = (request: FastifyRequest): string => (request.params as Record<string, string>)['id'] ?? '';

  app.get(offerPaths.settings, access, async (request, reply) => {
    const settings = await service.getOfferSettings(ctx, principalOf(request));
    if (!settings.ok) throw new ProblemError(settings.failure);
    const saved = (request.query as Record<string, unknown> | undefined)?.['opgeslagen'] === '1';
    return settingsPage(request, reply, settings.value, { errors: [], saved });
  });

  app.post(offerPaths.settings, access, async (request, reply) => {
    const body = formBody(request);
    const current = await service.getOfferSettings(ctx, principalOf(request));
    if (!current.ok) throw new ProblemError(current.failure);
    const wanted = values(body['soort']);
    const known = current.value.kinds.map((k) => k.id);
    if (!wanted.every((w) => typeof w === 'string' && known.includes(w))) {
      const m = offerMessages(request.lang);
      return settingsPage(request, reply, current.value, { errors: [{ field, message: m.errorKinds }], saved: false, status: 400 });
    }
    const set = await service.setOfferSettings(
      ctx,
      principalOf(request),
      { optedOut: known.filter((k) => !wanted.includes(k)) },
      originOf(request),
    );
    if (!set.ok) throw new ProblemError(set.failure);
    return reply.redirect(`${offerPaths.settings}?opgeslagen=1`, 303);
  });

  app.get('/zaken/aanbod/:id', access, (request, reply) => offerPage(ctx, request, reply, idOf(request)));

  app.post('/zaken/aanbod/:id/aannemen', access, async (request, reply) => {
    const id = idOf(request);
    const accepted = await service.acceptOffer(ctx, principalOf(request), id, originOf(request));
    if (accepted.ok) return reply.redirect(accepted.value.applicationUrl, 303);
    // Already answered, or the service is gone: the offer page says so.
    if (accepted.failure.status === 409) return reply.redirect(offerPaths.offer(id.toLowerCase()), 303);
    throw new ProblemError(accepted.failure);
  });

  app.post('/zaken/aanbod/:id/afwijzen', access, async (request, reply) => {
    const id = idOf(request);
    const declined = await service.declineOffer(ctx, principalOf(request), id, originOf(request));
    if (declined.ok || declined.failure.status === 409) return reply.redirect(offerPaths.offer(id.toLowerCase()), 303);
    throw new ProblemError(declined.failure);
  });
}
