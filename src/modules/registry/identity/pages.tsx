// Login pages: choose a login method, the demo login, "Mijn gegevens", log out, and the page
// that explains a higher level of assurance is needed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOA_STEP_UP_PATH, levelsOfAssurance, loaLabels, roleLabels, type LevelOfAssurance } from '../../../platform/auth/index.ts';
import { activeSessionCount } from '../../../platform/auth/index.ts';
import { ErrorSummary, FieldErrorMessage, errorFor, type FieldError } from '../../../platform/html/index.tsx';
import { format, formatDateTime, type Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { parseLoa, returnPath, type DemoIdentity } from './model.ts';
import { identityMessages } from './messages.ts';
import { businessIdentity, officialIdentity, personIdentity } from './service.ts';

export interface LoginMethods {
  /**
   * OpenID Connect login, when a provider is configured: `/inloggen/digid`, `/inloggen/eherkenning`.
   * With `available()`, the login page says so while the provider cannot be reached.
   */
  oidc: boolean | { available(): boolean };
  demo: readonly DemoIdentity[] | undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function DemoForm({
  lang,
  identities,
  csrf,
  terug,
  chosen,
  loa,
  errors,
}: {
  lang: Lang;
  identities: readonly DemoIdentity[];
  csrf: string;
  terug: string;
  chosen: string;
  loa: string;
  errors: FieldError[];
}): JSX.Element {
  const m = identityMessages(lang);
  const groups: [DemoIdentity['kind'], string][] = [
    ['person', m.demoPersons],
    ['business', m.demoBusinesses],
    ['official', m.demoOfficials],
  ];
  const whoError = errorFor(errors, 'wie');
  const loaError = errorFor(errors, 'niveau');
  return (
    <form method="post" action="/inloggen/demo" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="terug" value={terug} />
      <fieldset
        class={`utrecht-form-fieldset loket-fieldset${whoError ? ' utrecht-form-fieldset--invalid' : ''}`}
        id="wie"
        aria-describedby={whoError ? 'wie-fout' : undefined}
      >
        <legend class="utrecht-form-fieldset__legend" safe>
          {m.demoWho}
        </legend>
        <FieldErrorMessage field="wie" message={whoError} />
        {groups.map(([kind, heading]) => {
          const list = identities.filter((i) => i.kind === kind);
          if (list.length === 0) return '';
          return (
            <>
              <h2 class="utrecht-heading-3" safe>
                {heading}
              </h2>
              {list.map((i) => (
                <div class="utrecht-form-field utrecht-form-field--radio loket-radio">
                  <input
                    class="utrecht-radio-button utrecht-radio-button--html-input"
                    type="radio"
                    name="wie"
                    id={`wie-${i.key}`}
                    value={i.key}
                    checked={chosen === i.key}
                    aria-describedby={`wie-${i.key}-uitleg`}
                  />
                  <label class="utrecht-form-label utrecht-form-label--radio" for={`wie-${i.key}`} safe>
                    {i.label[lang]}
                  </label>
                  <p class="utrecht-form-field-description" id={`wie-${i.key}-uitleg`} safe>
                    {i.description[lang]}
                  </p>
                </div>
              ))}
            </>
          );
        })}
      </fieldset>
      <div class={`utrecht-form-field${loaError ? ' utrecht-form-field--invalid' : ''}`}>
        <label class="utrecht-form-label" for="niveau" safe>
          {m.demoLoa}
        </label>
        <p class="utrecht-form-field-description" id="niveau-uitleg" safe>
          {m.demoLoaHint}
        </p>
        <FieldErrorMessage field="niveau" message={loaError} />
        <select
          class="utrecht-select"
          id="niveau"
          name="niveau"
          aria-describedby={loaError ? 'niveau-uitleg niveau-fout' : 'niveau-uitleg'}
        >
          {levelsOfAssurance.map((l) => (
            <option value={l} selected={loa === l} safe>
              {`${loaLabels[l][lang]}: ${loaLabels[l].means[lang]}`}
            </option>
          ))}
        </select>
      </div>
      <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
        {m.demoSubmit}
      </button>
    </form>
  );
}

async function showDemo(
  request: FastifyRequest,
  reply: FastifyReply,
  identities: readonly DemoIdentity[],
  values: { chosen: string; loa: string; terug: string },
  errors: FieldError[],
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = identityMessages(lang);
  return reply.page({
    title: m.demoTitle,
    status: errors.length > 0 ? 400 : 200,
    body: (
      <>
        <h1 class="utrecht-heading-1" safe>
          {m.demoTitle}
        </h1>
        <div class="utrecht-alert utrecht-alert--warning loket-demo-warning" role="note">
          <p class="utrecht-paragraph" safe>
            {m.demoWarning}
          </p>
        </div>
        <ErrorSummary lang={lang} errors={errors} />
        {identities.length === 0 ? (
          <p class="utrecht-paragraph" safe>
            {m.demoNoIdentities}
          </p>
        ) : (
          <DemoForm
            lang={lang}
            identities={identities}
            csrf={reply.generateCsrf()}
            terug={values.terug}
            chosen={values.chosen}
            loa={values.loa}
            errors={errors}
          />
        )}
      </>
    ),
  });
}

export function registerIdentityPages(app: FastifyInstance, ctx: ModuleContext, methods: LoginMethods): void {
  app.get('/inloggen', { config: { access: 'public' } }, (request, reply) => {
    const lang = request.lang;
    const m = identityMessages(lang);
    const terug = encodeURIComponent(returnPath((request.query as Record<string, unknown>)['terug']));
    const oidcUp = typeof methods.oidc === 'boolean' ? methods.oidc : methods.oidc.available();
    const oidcDown = methods.oidc !== false && !oidcUp;
    const options: [string, string, string][] = [
      ...(oidcUp
        ? ([
            [`/inloggen/digid?terug=${terug}`, m.loginDigid, m.loginDigidHint],
            [`/inloggen/eherkenning?terug=${terug}`, m.loginEherkenning, m.loginEherkenningHint],
          ] as [string, string, string][])
        : []),
      ...(methods.demo ? ([[`/inloggen/demo?terug=${terug}`, m.loginDemo, m.loginDemoHint]] as [string, string, string][]) : []),
    ];
    return reply.page({
      title: m.loginTitle,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.loginTitle}
          </h1>
          {oidcDown ? (
            <div class="utrecht-alert utrecht-alert--warning" role="status">
              <p class="utrecht-paragraph" safe>
                {m.loginOidcUnavailable}
              </p>
            </div>
          ) : (
            ''
          )}
          <p class="utrecht-paragraph" safe>
            {options.length > 0 ? m.loginIntro : oidcDown ? m.loginOidcLater : m.loginNone}
          </p>
          <ul class="loket-cards">
            {options.map(([href, label, hint]) => (
              <li class="loket-card">
                <h2 class="utrecht-heading-3">
                  <a class="utrecht-link" href={href} safe>
                    {label}
                  </a>
                </h2>
                <p class="utrecht-paragraph" safe>
                  {hint}
                </p>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });

  const demo = methods.demo;
  if (demo) {
    app.get('/inloggen/demo', { config: { access: 'public' } }, (request, reply) =>
      showDemo(
        request,
        reply,
        demo,
        { chosen: '', loa: 'substantial', terug: returnPath((request.query as Record<string, unknown>)['terug']) },
        [],
      ),
    );
    app.post(
      '/inloggen/demo',
      { config: { access: 'public', rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const m = identityMessages(request.lang);
        const chosen = str(body['wie']);
        const loa = parseLoa(body['niveau']);
        const terug = returnPath(body['terug']);
        const identity = demo.find((i) => i.key === chosen);
        const errors: FieldError[] = [];
        if (!identity) errors.push({ field: 'wie', message: m.errorChooseWho });
        if (!loa) errors.push({ field: 'niveau', message: m.errorChooseLoa });
        if (!identity || !loa) return showDemo(request, reply, demo, { chosen, loa: str(body['niveau']), terug }, errors);
        const result = await loginIdentity(ctx, identity, loa);
        if (!result.ok) return showDemo(request, reply, demo, { chosen, loa, terug }, [{ field: 'wie', message: result.failure.detail }]);
        await reply.logIn(result.value, 'demo');
        return reply.redirect(terug, 303);
      },
    );
  }

  app.get('/mijn-gegevens', { config: { access: 'authenticated' } }, async (request, reply) => {
    const lang = request.lang;
    const m = identityMessages(lang);
    const session = request.session;
    const p = session?.principal;
    if (!session || !p) return reply.redirect('/inloggen?terug=%2Fmijn-gegevens', 303);
    const sessions = await activeSessionCount(ctx.database.db, p.sessionId, ctx.clock.now());
    const rows: [string, string][] = [
      [m.myName, p.name],
      [m.myKind, p.kind === 'person' ? m.kindPerson : p.kind === 'business' ? m.kindBusiness : m.kindOfficial],
      ...(p.kind === 'person' ? ([[m.myBsn, p.bsn]] as [string, string][]) : []),
      ...(p.kind === 'business' ? ([[m.myKvk, p.kvkNumber]] as [string, string][]) : []),
      ...(p.kind === 'official'
        ? ([
            [m.myOrganisation, p.organisationCode],
            [m.myRoles, p.roles.map((r) => roleLabels[r][lang]).join(', ') || m.roleNone],
          ] as [string, string][])
        : []),
      [m.myLoa, `${loaLabels[p.loa][lang]} (${loaLabels[p.loa].means[lang]})`],
      [m.mySince, formatDateTime(session.createdAt, lang)],
      [m.myUntil, format(m.myUntilValue, { idle: ctx.config.session.idleMinutes, max: formatDateTime(session.expiresAt, lang) })],
      [m.mySessions, String(sessions)],
    ];
    const csrf = reply.generateCsrf();
    return reply.page({
      title: m.myTitle,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.myTitle}
          </h1>
          <p class="utrecht-paragraph" safe>
            {m.myIntro}
          </p>
          <dl class="utrecht-data-list loket-data-list">
            {rows.map(([k, v]) => (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key" safe>
                  {k}
                </dt>
                <dd class="utrecht-data-list__item-value" safe>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
          {p.kind === 'person' ? (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href="/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt" safe>
                {m.myWhoUsed}
              </a>
            </p>
          ) : (
            ''
          )}
          <div class="loket-actions">
            <form method="post" action="/uitloggen">
              <input type="hidden" name="_csrf" value={csrf} />
              <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                {m.logout}
              </button>
            </form>
            <form method="post" action="/uitloggen/overal">
              <input type="hidden" name="_csrf" value={csrf} />
              <button class="utrecht-button utrecht-button--secondary-action" type="submit" aria-describedby="overal-uitleg" safe>
                {m.logoutEverywhere}
              </button>
              <p class="utrecht-form-field-description" id="overal-uitleg" safe>
                {m.logoutEverywhereHint}
              </p>
            </form>
          </div>
        </>
      ),
    });
  });

  for (const [path, everywhere] of [
    ['/uitloggen', false],
    ['/uitloggen/overal', true],
  ] as const) {
    app.post(path, { config: { access: 'public' } }, async (request, reply) => {
      const n = await reply.logOut(everywhere);
      const m = identityMessages(request.lang);
      return reply.page({
        title: m.loggedOutTitle,
        body: (
          <>
            <h1 class="utrecht-heading-1" safe>
              {m.loggedOutTitle}
            </h1>
            <p class="utrecht-paragraph" role="status" safe>
              {m.loggedOutText}
            </p>
            {everywhere ? (
              <p class="utrecht-paragraph" safe>
                {format(m.loggedOutEverywhere, { n })}
              </p>
            ) : (
              ''
            )}
          </>
        ),
      });
    });
  }

  app.get(LOA_STEP_UP_PATH, { config: { access: 'public' } }, (request, reply) => {
    const lang = request.lang;
    const m = identityMessages(lang);
    const query = request.query as Record<string, unknown>;
    const required: LevelOfAssurance = parseLoa(query['nodig']) ?? 'substantial';
    const p = request.principal;
    return reply.page({
      title: m.higherTitle,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m.higherTitle}
          </h1>
          <p class="utrecht-paragraph" safe>
            {format(m.higherText, { required: loaLabels[required][lang], means: loaLabels[required].means[lang] })}
          </p>
          {p && p.kind !== 'anonymous' ? (
            <p class="utrecht-paragraph" safe>
              {format(m.higherCurrent, { current: loaLabels[p.loa][lang] })}
            </p>
          ) : (
            ''
          )}
          <p class="utrecht-paragraph" safe>
            {m.higherHow}
          </p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/inloggen?terug=${encodeURIComponent(returnPath(query['terug']))}`} safe>
              {m.higherLogin}
            </a>
          </p>
        </>
      ),
    });
  });
}

function loginIdentity(ctx: ModuleContext, identity: DemoIdentity, loa: LevelOfAssurance) {
  if (identity.kind === 'person' && identity.bsn) return personIdentity(ctx, identity.bsn, loa);
  if (identity.kind === 'business' && identity.kvkNumber && identity.actingBsn)
    return businessIdentity(ctx, identity.kvkNumber, identity.actingBsn, loa);
  if (identity.kind === 'official' && identity.officialId) return officialIdentity(ctx, identity.officialId, loa);
  return Promise.resolve({
    ok: false as const,
    failure: { code: 'auth.demo_identity_incomplete', status: 500, title: 'Demo', detail: 'Deze demo-identiteit is onvolledig.' },
  });
}
