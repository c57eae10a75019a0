// HTML pages: the `reply.page()` helper, language negotiation and switch, error pages, assets.
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defaultLang, isLang, negotiateLang, type Lang } from '../i18n/index.ts';
import { registerAssets } from './assets.ts';
import { Layout, type NavItem } from './layout.tsx';
import { layoutMessages } from './messages.ts';

export { Layout, type NavItem } from './layout.tsx';
export {
  CsrfField,
  DataList,
  ErrorSummary,
  FieldErrorMessage,
  FieldSet,
  FormField,
  InfoBox,
  LinkParagraph,
  NoticeBox,
  PageHeading,
  Pagination,
  Paragraph,
  RadioButtons,
  RadioGroupField,
  SearchField,
  Section,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  describedBy,
  errorFor,
  errorTitle,
  type FieldError,
  type FieldOptions,
  type FieldProps,
  type PaginationLabels,
  type SelectFieldProps,
  type TextAreaFieldProps,
  type TextFieldProps,
} from './components.tsx';
export { dateInput, formBody, loginFirst, loginToPage, parseDateInput, queryOf, str } from './forms.ts';
export { layoutMessages } from './messages.ts';
export { registerSitePages, registerCapabilityIntro, type SiteSection } from './site-pages.tsx';

export interface PageOptions {
  title: string;
  body: JSX.Element;
  status?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
  interface FastifyReply {
    page(options: PageOptions): Promise<FastifyReply>;
  }
}

const LANG_COOKIE = 'lang';

/** A local path to return to; anything else (another host, `//evil`) becomes the home page. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 2000)
    return '/';
  return value;
}

export async function renderPage(request: FastifyRequest, nav: readonly NavItem[], options: PageOptions): Promise<string> {
  const path = request.url.split('?')[0] ?? '/';
  const principal = request.principal;
  const user =
    principal && principal.kind !== 'anonymous'
      ? { name: principal.name, actingFor: principal.kind === 'official' ? undefined : principal.actingFor?.name }
      : undefined;
  const url = request.url;
  const actingForEnded = request.actingForEnded?.name;
  return await Layout({ lang: request.lang, title: options.title, path, url, nav, user, actingForEnded, children: options.body });
}

export function registerHtml(app: FastifyInstance, nav: readonly NavItem[]): void {
  app.decorateRequest('lang', defaultLang);
  app.addHook('onRequest', (request, _reply, done) => {
    request.lang = negotiateLang(request.cookies[LANG_COOKIE], request.headers['accept-language']);
    done();
  });
  app.decorateReply('page', async function (this: FastifyReply, options: PageOptions) {
    const html = await renderPage(this.request, nav, options);
    return this.code(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(html);
  });
  registerAssets(app);
  app.get(
    '/taal/:lang',
    {
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ lang: z.string() }), querystring: z.object({ terug: z.string().optional() }) },
    },
    (request, reply) => {
      const { lang } = request.params as { lang: string };
      const { terug } = request.query as { terug?: string };
      const chosen = isLang(lang) ? lang : defaultLang;
      void reply.setCookie(LANG_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 60 * 60 * 24 * 365 });
      return reply.redirect(safeReturnPath(terug), 303);
    },
  );
}

export type ErrorKind = 'notFound' | 'forbidden' | 'login' | 'tooMany' | 'badRequest' | 'server';

export async function sendErrorPage(reply: FastifyReply, status: number, kind: ErrorKind): Promise<FastifyReply> {
  const m = layoutMessages(reply.request.lang);
  const texts: Record<ErrorKind, [string, string]> = {
    notFound: [m.notFoundTitle, m.notFoundText],
    forbidden: [m.forbiddenTitle, m.forbiddenText],
    login: [m.loginTitle, m.loginText],
    tooMany: [m.tooManyTitle, m.tooManyText],
    badRequest: [m.badRequestTitle, m.badRequestText],
    server: [m.errorTitle, m.serverErrorText],
  };
  const [title, text] = texts[kind];
  return reply.page({
    title,
    status,
    body: (
      <>
        <h1 class="utrecht-heading-1" safe>
          {title}
        </h1>
        <p class="utrecht-paragraph" safe>
          {text}
        </p>
        {kind === 'server' ? (
          <p class="utrecht-paragraph">
            <code safe>{reply.request.id}</code>
          </p>
        ) : (
          ''
        )}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/" safe>
            {m.backHome}
          </a>
        </p>
      </>
    ),
  });
}
