// delivery: what the applicant's case page (pages.tsx) and the official's (work-pages.tsx) do
// alike — load the case in the address, and handle the forms on the page: post, then redirect
// back with a notice (PRG), or show the page again with the refusal in the error summary and
// what was typed kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorTitle, type FieldError } from '../../platform/html/index.tsx';
import { principalOf, ProblemError, type Access, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  CaseTop,
  appliedByText,
  caseKeyOf,
  caseMessages,
  caseNames,
  fieldErrors,
  formBody,
  loginFirst,
  loginToPage,
  noticeOf,
  refusalShownOnPage,
  str,
  type Audience,
  type CaseNames,
  type NoticeWord,
} from './case-views.tsx';
import { originOf } from './origin.ts';
import { deliveryFailures, getCase, type CaseView, type DeliveryCase } from './service.ts';

/** What a case page shows besides the case: a notice after a form, or a refusal with what was typed. */
export interface CasePageState {
  errors: FieldError[];
  /** What was typed into the forms (by field id), kept after a refusal. */
  values: Readonly<Record<string, string>>;
  notice?: NoticeWord | undefined;
  status: number;
}

/** What a case page shows under its top (CaseTop): the way back, the status for its reader, and the rest. */
export interface CasePageContent {
  back: { href: string; text: string };
  status: { heading: string; audience: Audience; today: string; extraRows?: readonly (readonly [string, string])[] };
  body: JSX.Element;
}

export type CasePage = (
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: CaseView,
  state: CasePageState,
  names: CaseNames,
) => Promise<CasePageContent>;

/** A posted form as its fields. */
export type FormBody = Record<string, unknown>;

/** One form on a case page: where it posts, the use case it runs, and how a refusal maps to its fields. */
export interface CaseForm {
  /** The last part of the form's address. */
  path: string;
  /** The notice on the case page after it succeeded. */
  notice: NoticeWord;
  /** The form's field for each input the service names in a refusal. */
  fieldOf: Readonly<Record<string, string>>;
  /** The form's fields kept after a refusal. */
  fields: readonly string[];
  run: (
    ctx: ModuleContext,
    request: FastifyRequest,
    key: { organisationCode: string; caseId: string },
    body: FormBody,
  ) => Promise<Result<DeliveryCase>>;
  /** Where to go after it succeeded, instead of the case page with the notice. */
  back?: (body: FormBody) => string | undefined;
}

/**
 * The case in the address as the principal may see it; "not found" (the error page) otherwise.
 * With `viewer: 'official'` only a case handler's view is accepted.
 */
export async function loadCaseView(ctx: ModuleContext, request: FastifyRequest, viewer?: 'official'): Promise<CaseView> {
  const { organisationCode, caseId } = caseKeyOf(request);
  const found = await getCase(ctx, principalOf(request), organisationCode, caseId, originOf(request));
  if (!found.ok) throw new ProblemError(found.failure);
  if (viewer !== undefined && found.value.viewer !== viewer) throw new ProblemError(deliveryFailures.caseNotFound());
  return found.value;
}

/**
 * Registers a case page (`casePath`, with `:org` and `:caseId`) and the posts of its forms.
 * Whoever is not logged in is sent to the login page first, and back to the page (or, after a
 * post, to the case). A refusal that belongs on the page (invalid input, not in this state) shows
 * the page again; any other (not found, no access) is the error page.
 */
export function registerCasePage(
  app: FastifyInstance,
  ctx: ModuleContext,
  page: {
    casePath: string;
    /** The case page's address. */
    pathOf: (organisationCode: string, caseId: string) => string;
    access: Access;
    /** Only this viewer's view of the case (see loadCaseView). */
    viewer?: 'official';
    render: CasePage;
    forms: readonly CaseForm[];
    /** English texts for the service's (Dutch) refusals, by code or field. */
    english: Readonly<Record<string, string>>;
    /** How much of each typed field is kept after a refusal. */
    keptLength: number;
  },
): void {
  const config = { access: page.access };
  const toCase = loginFirst((request) => {
    const { organisationCode, caseId } = caseKeyOf(request);
    return page.pathOf(encodeURIComponent(organisationCode), encodeURIComponent(caseId));
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, view: CaseView, state: CasePageState): Promise<FastifyReply> => {
    const lang = request.lang;
    const names = await caseNames(ctx, view.case, lang);
    const { back, status, body } = await page.render(ctx, request, reply, view, state, names);
    // Someone applied for the applicant: who, for whom and on which basis, on both case pages.
    const appliedBy = await appliedByText(ctx, view, lang);
    const statusShown = appliedBy
      ? { ...status, extraRows: [...(status.extraRows ?? []), [caseMessages(lang).appliedBy, appliedBy] as const] }
      : status;
    return reply.page({
      title: errorTitle(lang, names.title, state.errors),
      status: state.status,
      body: (
        <>
          <CaseTop lang={lang} view={view} names={names} state={state} back={back} status={statusShown} />
          {body}
        </>
      ),
    });
  };

  app.get(page.casePath, { config, onRequest: loginToPage }, async (request, reply) => {
    const view = await loadCaseView(ctx, request, page.viewer);
    return show(request, reply, view, { errors: [], values: {}, notice: noticeOf(request.query), status: 200 });
  });

  for (const form of page.forms) {
    app.post(`${page.casePath}/${form.path}`, { config, onRequest: toCase }, async (request, reply) => {
      const key = caseKeyOf(request);
      const body: FormBody = formBody(request);
      const done = await form.run(ctx, request, key, body);
      if (done.ok)
        return reply.redirect(form.back?.(body) ?? `${page.pathOf(key.organisationCode, key.caseId)}?melding=${form.notice}`, 303);
      // Not found (also another's case) or no access: the error page, as for the case itself.
      if (!refusalShownOnPage(done.failure)) throw new ProblemError(done.failure);
      const view = await loadCaseView(ctx, request, page.viewer);
      const values = Object.fromEntries(form.fields.map((f) => [f, str(body[f]).slice(0, page.keptLength)]));
      const errors = fieldErrors(request.lang, done.failure, form.fieldOf, page.english, view.case.status);
      return show(request, reply, view, { errors, values, status: done.failure.status });
    });
  }
}
