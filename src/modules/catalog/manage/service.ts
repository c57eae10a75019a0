// Use cases of service designers: list their organisation's services, change a description,
// publish, retire and reopen a service.
//
// Each write is one transaction: lock the service → check → write → reindex for search → audit
// record → outbox event. A refusal rolls the transaction back, so it leaves nothing behind (no
// audit record, no event). A change that changes nothing writes nothing either.
import { actorOf, type Principal } from '../../../platform/auth/index.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { foldForSearch, markChanged, type Db, type Trx } from '../../../platform/db/index.ts';
import { fail, httpFailures, ok, type Failure, type InvalidParam, type Result } from '../../../platform/http/problem.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { getOrganisation, listOrganisations } from '../../registry/index.ts';
import {
  checkPublishable,
  completeness,
  type Completeness,
  type ElementCode,
  type ProblemCode,
  type Service,
  type ServiceDescription,
  type ServiceStatus,
  type UplProduct,
} from '../model.ts';
import { reindexServices } from '../search.ts';
import { catalogVersion } from '../service.ts';
import { findDescription, findProduct, findService } from '../store.ts';
import { inUseCase, invalidInput } from '../use-case.ts';
import {
  applyChanges,
  changedFields,
  checkCombination,
  editableValues,
  organisationCode as readOrganisationCode,
  parseUpdate,
  type EditableField,
} from './input.ts';
import { allowedActions, decideManageAccess, mustStayComplete, transition, type ServiceAction } from './policy.ts';
import * as store from './store.ts';

export { designerRoles, type ServiceAction } from './policy.ts';
export { editableFields, type DescriptionChanges, type EditableField } from './input.ts';

/** Where a use case was called from (for the audit trail and the events). */
export interface ManageOrigin {
  requestId?: string | null;
  /**
   * The organisation named in the request (the API path). Must be the designer's own; another
   * gets "not found", as an unknown service would.
   */
  organisationCode?: string;
}

// ---------------------------------------------------------------------------------------------
// Expected failures (stable codes)

/** Refused because the description is (or would become) incomplete; `missing` and `problems` say what. */
export interface IncompleteFailure extends Failure {
  code: 'catalog.description_incomplete';
  missing: ElementCode[];
  problems: ProblemCode[];
}

export const manageFailures = {
  /** The same answer for "unknown" and "another organisation's". */
  notFound: (): Failure => ({
    code: 'catalog.service_not_found',
    status: 404,
    title: 'Dienst niet gevonden',
    detail: 'Er is geen dienst met deze id bij uw organisatie.',
  }),
  roleNotAllowed: (): Failure => ({
    code: 'catalog.role_not_allowed',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen dienstontwerpers van de organisatie zelf beheren de beschrijvingen van haar diensten.',
  }),
  otherOrganisation: (): Failure => ({
    code: 'catalog.other_organisation',
    status: 403,
    title: 'Geen toegang',
    detail: 'U beheert alleen de diensten van uw eigen organisatie.',
  }),
  invalidInput,
  versionConflict: (current: number): Failure => ({
    code: 'catalog.version_conflict',
    status: 409,
    title: 'Intussen gewijzigd',
    detail: `Iemand anders heeft de beschrijving intussen gewijzigd; de huidige versie is ${current}. Haal die op en breng uw wijziging opnieuw aan.`,
  }),
  incomplete: (missing: readonly ElementCode[], problems: readonly ProblemCode[], published: boolean): IncompleteFailure => ({
    code: 'catalog.description_incomplete',
    status: 409,
    title: 'Beschrijving niet compleet',
    detail: published
      ? 'Een gepubliceerde dienst moet compleet beschreven blijven. Deze wijziging laat iets weg of maakt iets ongeldig.'
      : 'De dienst kan pas worden gepubliceerd als de beschrijving compleet is.',
    missing: [...missing],
    problems: [...problems],
  }),
  invalidTransition: (status: ServiceStatus, action: ServiceAction): Failure => ({
    code: 'catalog.invalid_transition',
    status: 409,
    title: 'Kan niet in deze status',
    detail: `Een dienst met status ${statusNames[status]} kan niet worden ${actionNames[action]}.`,
  }),
};

const statusNames: Record<ServiceStatus, string> = { draft: 'concept', published: 'gepubliceerd', retired: 'ingetrokken' };
const actionNames: Record<ServiceAction, string> = { publish: 'gepubliceerd', retire: 'ingetrokken', reopen: 'heropend' };

/** The missing elements and problems of a refusal because of an incomplete description, if it is one. */
export function incompleteDetails(failure: Failure): { missing: ElementCode[]; problems: ProblemCode[] } | undefined {
  if (failure.code !== 'catalog.description_incomplete') return undefined;
  const f = failure as Partial<IncompleteFailure>;
  return { missing: f.missing ?? [], problems: f.problems ?? [] };
}

/** Any UUID (PostgreSQL refuses to compare a uuid column with other text). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The designer's organisation, or why not. */
function ownOrganisation(principal: Principal): Result<string> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  if (principal.kind !== 'official') return fail(manageFailures.roleNotAllowed());
  const access = decideManageAccess(principal, principal.organisationCode);
  if (!access.allow) return fail(access.reason === 'not_logged_in' ? httpFailures.unauthorized() : manageFailures.roleNotAllowed());
  return ok(principal.organisationCode);
}

/** The service named in a request, if it may be one of the designer's own. */
function serviceRef(
  principal: Principal,
  serviceId: string,
  origin: ManageOrigin,
): Result<{ organisationCode: string; serviceId: string }> {
  const own = ownOrganisation(principal);
  if (!own.ok) return own;
  if (origin.organisationCode !== undefined && origin.organisationCode.toUpperCase() !== own.value) return fail(manageFailures.notFound());
  if (!UUID.test(serviceId)) return fail(manageFailures.notFound());
  return ok({ organisationCode: own.value, serviceId: serviceId.toLowerCase() });
}

// ---------------------------------------------------------------------------------------------
// Reading

export const completenessFilters = ['complete', 'incomplete'] as const;
export type CompletenessFilter = (typeof completenessFilters)[number];

export interface OwnServicesQuery {
  /** Words in the title (case and accents do not matter). */
  q?: string | undefined;
  status?: ServiceStatus | undefined;
  completeness?: CompletenessFilter | undefined;
  /** From 1. */
  page: number;
  pageSize: number;
}

export interface OwnServiceItem {
  id: string;
  organisationCode: string;
  title: string;
  uplUri: string;
  uplName: string | null;
  status: ServiceStatus;
  version: number;
  /** The AP05 elements not filled in, in the order of model.ts elementCodes. */
  missing: ElementCode[];
  missingCount: number;
  problems: ProblemCode[];
  complete: boolean;
}

export interface OwnServicesPage {
  items: OwnServiceItem[];
  total: number;
  organisationCode: string;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** The designer's own services, by title; filtered by words, status and completeness, one page. */
export async function listOwnServices(
  ctx: ModuleContext,
  principal: Principal,
  query: OwnServicesQuery,
  origin: ManageOrigin = {},
): Promise<Result<OwnServicesPage>> {
  const own = ownOrganisation(principal);
  if (!own.ok) return own;
  const organisationCode = own.value;
  if (origin.organisationCode !== undefined && origin.organisationCode.toUpperCase() !== organisationCode)
    return fail(manageFailures.otherOrganisation());
  const words = foldForSearch(query.q ?? '')
    .split(' ')
    .filter(Boolean);
  const rows = await store.servicesOfOrganisation(ctx.database.db, organisationCode, query.status);
  const items = rows
    .filter((r) => words.every((w) => foldForSearch(r.service.title).includes(w)))
    .map((r): OwnServiceItem => {
      const c = completeness(r.description);
      return {
        id: r.service.id,
        organisationCode,
        title: r.service.title,
        uplUri: r.service.uplUri,
        uplName: r.uplName,
        status: r.service.status,
        version: r.description.version,
        missing: c.missing,
        missingCount: c.missing.length,
        problems: c.problems,
        complete: c.complete,
      };
    })
    .filter((i) => query.completeness === undefined || i.complete === (query.completeness === 'complete'))
    .sort((a, b) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = (query.page - 1) * query.pageSize;
  return ok({ items: items.slice(start, start + query.pageSize), total: items.length, organisationCode });
}

export interface ServiceForEditing {
  service: Service;
  description: ServiceDescription;
  /** The UPL product the service is; null when it is no longer in the UPL tables. */
  product: UplProduct | null;
  completeness: Completeness;
  /** What can be done in the current status. */
  actions: ServiceAction[];
}

async function loadForEditing(db: Db | Trx, service: Service): Promise<ServiceForEditing> {
  const description = await findDescription(db, service.organisationCode, service.id);
  if (!description) throw new Error(`service ${service.organisationCode}/${service.id} has no description`);
  const product = (await findProduct(db, service.uplUri)) ?? null;
  return { service, description, product, completeness: completeness(description), actions: allowedActions(service.status) };
}

/** One of the designer's own services with its description, UPL product and what is still missing. */
export async function getServiceForEditing(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  origin: ManageOrigin = {},
): Promise<Result<ServiceForEditing>> {
  const ref = serviceRef(principal, serviceId, origin);
  if (!ref.ok) return ref;
  const db = ctx.database.db;
  const service = await findService(db, ref.value.organisationCode, ref.value.serviceId);
  if (!service) return fail(manageFailures.notFound());
  return ok(await loadForEditing(db, service));
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The search index, the catalog's data version, the audit record and the event of one change. */
async function recordChange(
  ctx: ModuleContext,
  trx: Trx,
  principal: Principal,
  origin: ManageOrigin,
  at: Date,
  service: Service,
  change: { action: string; details: Record<string, unknown> },
): Promise<void> {
  await reindexServices(trx, ctx, [{ organisationCode: service.organisationCode, serviceId: service.id }]);
  await markChanged(trx, catalogVersion);
  const payload = { organisationCode: service.organisationCode, serviceId: service.id, ...change.details };
  await recordAudit(trx, {
    actor: actorOf(principal),
    action: change.action,
    object: { type: 'service', id: service.id },
    requestId: origin.requestId ?? null,
    at,
    details: payload,
  });
  await ctx.bus.emit(trx, { type: change.action, aggregate: { type: 'service', id: service.id }, payload }, origin.requestId ?? null, at);
}

export interface DescriptionUpdated extends ServiceForEditing {
  /** The fields this change altered (empty: nothing changed, nothing was written). */
  changed: EditableField[];
}

/**
 * Changes any subset of the description's elements and the local text, on the version the
 * designer saw (`expectedVersion`; an older one is a conflict). The version goes up by one.
 * A published service must stay complete.
 */
export async function updateDescription(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  changes: unknown,
  expectedVersion: unknown,
  origin: ManageOrigin = {},
): Promise<Result<DescriptionUpdated>> {
  const at = ctx.clock.now();
  const ref = serviceRef(principal, serviceId, origin);
  if (!ref.ok) return ref;
  const parsed = parseUpdate(changes, expectedVersion);
  const issues: InvalidParam[] = parsed.ok ? [] : [...parsed.issues];
  // AP27: exactly one responsible organisation, and one the register knows; checked with the
  // other fields, so one answer lists every problem. (Reference data, read before the
  // transaction: on SQLite the transaction holds the one connection.)
  const responsible = isRecord(changes) ? readOrganisationCode(changes['responsibleOrganisationCode']) : undefined;
  if (typeof responsible === 'string' && !(await getOrganisation(ctx, responsible)))
    issues.push({
      name: 'responsibleOrganisationCode',
      code: 'catalog.unknown_organisation',
      reason: 'Deze organisatie staat niet in het register van organisaties.',
    });
  if (!parsed.ok || issues.length > 0) return fail(manageFailures.invalidInput(issues));
  const { changes: wanted, version } = parsed.value;
  const { organisationCode, serviceId: id } = ref.value;

  return inUseCase(ctx, async (trx) => {
    const service = await store.lockService(trx, ctx.database.dialect, organisationCode, id);
    if (!service) return fail(manageFailures.notFound());
    const current = await findDescription(trx, organisationCode, id);
    if (!current) throw new Error(`service ${organisationCode}/${id} has no description`);
    if (current.version !== version) return fail(manageFailures.versionConflict(current.version));
    const after = applyChanges(current, service.localText, wanted);
    const combined = checkCombination(after.description, wanted);
    if (combined.length > 0) return fail(manageFailures.invalidInput(combined));
    const changed = changedFields(editableValues(current, service.localText), wanted);
    if (changed.length === 0) return ok({ ...(await loadForEditing(trx, service)), changed });
    const c = completeness(after.description);
    if (mustStayComplete(service.status) && !c.complete) return fail(manageFailures.incomplete(c.missing, c.problems, true));

    const atIso = at.toISOString();
    if (!(await store.writeDescription(trx, after.description, version, atIso))) return fail(manageFailures.versionConflict(version + 1));
    await store.updateService(trx, organisationCode, id, changed.includes('localText') ? { localText: after.localText } : {}, atIso);
    const updated: Service = { ...service, localText: after.localText };
    await recordChange(ctx, trx, principal, origin, at, updated, {
      action: 'catalog.service_description_changed',
      details: { version: version + 1, changed, status: service.status },
    });
    return ok({ ...(await loadForEditing(trx, updated)), changed });
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const transitionEvents: Record<ServiceAction, string> = {
  publish: 'catalog.service_published',
  retire: 'catalog.service_retired',
  reopen: 'catalog.service_reopened',
};

async function changeStatus(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  action: ServiceAction,
  origin: ManageOrigin,
): Promise<Result<ServiceForEditing>> {
  const at = ctx.clock.now();
  const ref = serviceRef(principal, serviceId, origin);
  if (!ref.ok) return ref;
  const { organisationCode, serviceId: id } = ref.value;
  return inUseCase(ctx, async (trx) => {
    const service = await store.lockService(trx, ctx.database.dialect, organisationCode, id);
    if (!service) return fail(manageFailures.notFound());
    const step = transition(service.status, action);
    if (!step.ok) return fail(manageFailures.invalidTransition(service.status, action));
    const description = await findDescription(trx, organisationCode, id);
    if (!description) throw new Error(`service ${organisationCode}/${id} has no description`);
    if (action === 'publish') {
      const publishable = checkPublishable(description);
      if (!publishable.ok) return fail(manageFailures.incomplete(publishable.refusal.missing, publishable.refusal.problems, false));
    }
    await store.updateService(trx, organisationCode, id, { status: step.to }, at.toISOString());
    const updated: Service = { ...service, status: step.to };
    await recordChange(ctx, trx, principal, origin, at, updated, {
      action: transitionEvents[action],
      details: { from: step.from, to: step.to, version: description.version, uplUri: service.uplUri },
    });
    return ok(await loadForEditing(trx, updated));
  });
}

/** Draft → published, when the description is complete (else refused with what is missing). */
export function publishService(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  origin: ManageOrigin = {},
): Promise<Result<ServiceForEditing>> {
  return changeStatus(ctx, principal, serviceId, 'publish', origin);
}

/** Published → retired: out of the public catalog. */
export function retireService(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  origin: ManageOrigin = {},
): Promise<Result<ServiceForEditing>> {
  return changeStatus(ctx, principal, serviceId, 'retire', origin);
}

/** Retired → draft, to be worked on and published again. */
export function reopenService(
  ctx: ModuleContext,
  principal: Principal,
  serviceId: string,
  origin: ManageOrigin = {},
): Promise<Result<ServiceForEditing>> {
  return changeStatus(ctx, principal, serviceId, 'reopen', origin);
}

/** Every organisation in the register, by name: the choices for the responsible organisation. */
export async function organisationChoices(ctx: ModuleContext): Promise<{ code: string; name: string }[]> {
  const page = await listOrganisations(ctx, { limit: 100_000, offset: 0 });
  return page.items.map((o) => ({ code: o.code, name: o.name }));
}
