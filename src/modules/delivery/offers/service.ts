// delivery/offers: proactive offers (rules as data, data/delivery/offers.json).
//
// Offers are made by the system, never by a request:
// - a subscription to the outbox (`person.authority_registered`: a birth, `case.decided`: e.g. a WW
//   benefit granted) runs in the Dispatcher's transaction, so the offers, their audit records,
//   the processing-log line and the "delivered" mark commit together;
// - a scheduled job finds the persons whose birthday of a rule's age it is (`birthday`).
// Which organisation offers a product comes from the catalog: the published service of the
// person's municipality, else of the province, water board or national organisation. Only
// services one applies for are offered (accepting opens the application form).
//
// People see their open offers in Mijn zaken, accept (→ the prefilled application) or decline
// them, and opt out per kind of offer. Every change is one transaction with its audit record.
// Another person's offer is answered as unknown (404).
import { recordAudit, systemActor } from '../../../platform/audit/index.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { inTransaction, type Database, type Trx } from '../../../platform/db/index.ts';
import type { StoredEvent, Subscription } from '../../../platform/events/index.ts';
import {
  fail,
  httpFailures,
  inUseCase,
  invalidInputFailure,
  ok,
  type Failure,
  type InvalidParam,
  type Result,
} from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ScheduledJob } from '../../../platform/jobs/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { newTrace, processingActivityBase, type ProcessingSubject, type TraceContext } from '../../../platform/processing-log/index.ts';
import { addDays, type IsoDate } from '../../../platform/time/index.ts';
import { getPublicService, searchServices, type PublicService } from '../../catalog/index.ts';
import { findPerson, personsBornOn } from '../../registry/index.ts';
import { auditActorOf, authorizeAs, authorizeForService, basisDetails, hidesWhatExists, type Acting } from '../acting.ts';
import { actsForAnother, applicantOf } from '../policy.ts';
import * as caseStore from '../store.ts';
import {
  applicationPath,
  birthDatesTurning,
  decideOffer,
  offerReason,
  offerStatuses,
  preferredOffering,
  ruleMatches,
  rulesFor,
  type Citation,
  type LocalizedText,
  type OfferDecision,
  type OfferFacts,
  type OfferRule,
  type OfferStatus,
  type OfferedProduct,
} from './model.ts';
import { offerKinds, offerRule, offerRules } from './reference.ts';
import * as store from './store.ts';
import type { Recipient, StoredOffer } from './store.ts';

export type { Recipient } from './store.ts';

// ---------------------------------------------------------------------------------------------
// Failures

export const offerFailures = {
  loginRequired: httpFailures.unauthorized,
  recipientsOnly: (): Failure => ({
    code: 'delivery.applicants_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen inwoners en ondernemers krijgen aanbod.',
  }),
  notFound: (): Failure => ({
    code: 'delivery.offer_not_found',
    status: 404,
    title: 'Aanbod niet gevonden',
    detail: 'Dit aanbod bestaat niet, of het is niet voor u.',
  }),
  alreadyDecided: (status: OfferStatus): Failure => ({
    code: 'delivery.offer_already_decided',
    status: 409,
    title: 'Dit kan niet meer',
    detail: status === 'accepted' ? 'U hebt dit aanbod al aangenomen.' : 'U hebt dit aanbod al afgewezen.',
  }),
  serviceUnavailable: (): Failure => ({
    code: 'delivery.offer_service_unavailable',
    status: 409,
    title: 'Deze dienst kunt u nu niet aanvragen',
    detail: 'De organisatie biedt deze dienst nu niet aan via Loket.',
  }),
  invalidInput: (issues: readonly InvalidParam[]): Failure => invalidInputFailure('delivery', issues),
};

// ---------------------------------------------------------------------------------------------
// Views

/** An offer as people and the API see it. */
export interface OfferView {
  id: string;
  ruleId: string;
  kind: { id: string; name: LocalizedText };
  status: OfferStatus;
  createdAt: string;
  decidedAt: string | null;
  /** Why this offer, said to the person. */
  reason: LocalizedText;
  /** The rule behind it, in plain words, with its sources; null when the rule is no longer shipped. */
  rule: { description: LocalizedText; sources: Citation[] } | null;
  service: {
    organisationCode: string;
    organisationName: string;
    serviceId: string;
    uplUri: string;
    title: string;
    /** Can it be applied for now (published in the catalog)? */
    available: boolean;
  };
  /** The prefilled application this offer leads to. */
  applicationUrl: string;
}

export interface OfferList {
  items: OfferView[];
  total: number;
  limit: number;
  offset: number;
}

export interface OfferSettings {
  kinds: { id: string; name: LocalizedText; description: LocalizedText; optedOut: boolean }[];
}

/** Where a use case was called from (a request: its trace and id). */
export interface OfferOrigin {
  trace: TraceContext;
  requestId: string | null;
}

/** A fresh trace for work no request started (events, jobs, tests). */
export function systemOrigin(requestId: string | null = null): OfferOrigin {
  return {
    trace: newTrace(),
    requestId,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whom the offers are for: whom the principal handles now (themself, or whom they act for); officials and visitors get none. */
function recipientOf(principal: Principal): Result<Recipient> {
  if (principal.kind === 'anonymous') return fail(offerFailures.loginRequired());
  const subject = applicantOf(principal);
  return subject ? ok(subject) : fail(offerFailures.recipientsOnly());
}

/** The recipient, when the mandates engine allows `action` for them (`view` to see offers and settings). */
async function actingRecipient(ctx: ModuleContext, principal: Principal, action: 'view' | 'manage_mandates'): Promise<Result<Acting>> {
  const recipient = recipientOf(principal);
  if (!recipient.ok) return recipient;
  return authorizeAs(ctx, principal, { action });
}

const kindName = (id: string): LocalizedText => offerKinds().find((k) => k.id === id)?.name ?? { nl: id, en: id };

async function viewOf(ctx: Pick<ModuleContext, 'database' | 'clock'>, o: StoredOffer): Promise<OfferView> {
  const published = await getPublicService(ctx, o.organisationCode, o.serviceId);
  const rule = offerRule(o.ruleId);
  return {
    id: o.id,
    ruleId: o.ruleId,
    kind: { id: o.kind, name: kindName(o.kind) },
    status: o.status,
    createdAt: o.createdAt,
    decidedAt: o.decidedAt,
    reason: o.reason,
    rule: rule ? { description: rule.description, sources: [...rule.sources] } : null,
    service: {
      organisationCode: o.organisationCode,
      organisationName: published?.organisation.name ?? o.organisationCode,
      serviceId: o.serviceId,
      uplUri: o.uplUri,
      title: published?.service.title ?? published?.product.name ?? o.uplUri.slice(o.uplUri.lastIndexOf('/') + 1),
      available: published !== undefined && appliesFor(published),
    },
    applicationUrl: applicationPath(o.organisationCode, o.serviceId, o.id),
  };
}

/** A service someone applies for (so accepting can open its form). */
const appliesFor = (s: PublicService): boolean => s.description.kinds.application || s.description.kinds.subsidy;

// ---------------------------------------------------------------------------------------------
// Reading

function parseListInput(input: { status?: unknown; limit?: unknown; offset?: unknown }): Result<{
  status: OfferStatus;
  limit: number;
  offset: number;
}> {
  const issues: InvalidParam[] = [];
  const status = input.status ?? 'offered';
  const limit = input.limit ?? 20;
  const offset = input.offset ?? 0;
  if (typeof status !== 'string' || !(offerStatuses as readonly string[]).includes(status))
    issues.push({ name: 'status', code: 'delivery.invalid_offer_status', reason: 'Kies offered, accepted of declined.' });
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)
    issues.push({ name: 'limit', code: 'delivery.invalid_limit', reason: 'Kies een aantal van 1 tot en met 100.' });
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > 1_000_000)
    issues.push({ name: 'offset', code: 'delivery.invalid_offset', reason: 'Kies een positie van 0 of hoger.' });
  if (issues.length > 0) return fail(offerFailures.invalidInput(issues));
  return ok({ status: status as OfferStatus, limit: limit as number, offset: offset as number });
}

/** The principal's offers in one status (default: open), newest first; open offers of a kind they opted out of are left out. */
export async function listOffers(
  ctx: ModuleContext,
  principal: Principal,
  input: { status?: unknown; limit?: unknown; offset?: unknown } = {},
): Promise<Result<OfferList>> {
  const recipient = recipientOf(principal);
  if (!recipient.ok) return recipient;
  const query = parseListInput(input);
  if (!query.ok) return query;
  const acting = await authorizeAs(ctx, principal, { action: 'view' });
  if (!acting.ok) return acting;
  const { items, total } = await store.listOffers(ctx.database.db, acting.value.subject, query.value);
  const views: OfferView[] = [];
  for (const o of items) views.push(await viewOf(ctx, o));
  return ok({ items: views, total, limit: query.value.limit, offset: query.value.offset });
}

/** For the Mijn zaken page: the open offers one can act on now (empty for officials and visitors). */
export async function openOffers(ctx: ModuleContext, principal: Principal): Promise<OfferView[]> {
  const listed = await listOffers(ctx, principal, { status: 'offered', limit: 50 });
  return listed.ok ? listed.value.items.filter((o) => o.service.available) : [];
}

/** An offer of the principal; another's, an unknown id, or an open offer of a kind they opted out of: not found. */
async function ownOffer(db: Database['db'] | Trx, recipient: Recipient, id: unknown): Promise<StoredOffer | undefined> {
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  const offer = await store.findOffer(db, recipient, id.toLowerCase());
  if (!offer) return undefined;
  if (offer.status === 'offered' && (await store.hasOptedOut(db, recipient, offer.kind))) return undefined;
  return offer;
}

export async function getOffer(ctx: ModuleContext, principal: Principal, id: unknown): Promise<Result<OfferView>> {
  const acting = await actingRecipient(ctx, principal, 'view');
  if (!acting.ok) return hidesWhatExists(acting.failure) ? fail(offerFailures.notFound()) : acting;
  const offer = await ownOffer(ctx.database.db, acting.value.subject, id);
  if (!offer) return fail(offerFailures.notFound());
  return ok(await viewOf(ctx, offer));
}

// ---------------------------------------------------------------------------------------------
// Accept, decline

async function decide(
  ctx: ModuleContext,
  principal: Principal,
  id: unknown,
  decision: OfferDecision,
  origin: OfferOrigin,
): Promise<Result<OfferView>> {
  const startedAt = ctx.clock.now();
  const recipient = recipientOf(principal);
  if (!recipient.ok) return recipient;
  // Read (and check the service) outside the transaction: the catalog is read with its own connection.
  const found = await ownOffer(ctx.database.db, recipient.value, id);
  if (!found) return fail(offerFailures.notFound());
  // Accepting leads to applying for the service; declining answers for the recipient.
  const authorized = await authorizeForService(ctx, principal, decision === 'accept' ? 'apply' : 'respond', found);
  if (!authorized.ok) return hidesWhatExists(authorized.failure) ? fail(offerFailures.notFound()) : authorized;
  const acting = authorized.value;
  if (decision === 'accept' && found.status === 'offered') {
    const published = await getPublicService(ctx, found.organisationCode, found.serviceId);
    if (!published || !appliesFor(published)) return fail(offerFailures.serviceUnavailable());
  }
  const changed = await inUseCase(ctx.database, async (trx) => {
    const offer = await store.findOfferForUpdate(trx, recipient.value, found.id, ctx.database.dialect);
    if (!offer) return fail(offerFailures.notFound());
    const next = decideOffer(offer.status, decision);
    if (!next.ok) return fail(offerFailures.alreadyDecided(offer.status));
    if (!next.changed) return ok(offer);
    const at = startedAt.toISOString();
    await store.setOfferStatus(trx, recipient.value, offer.id, next.next, at);
    const applicationUrl = applicationPath(offer.organisationCode, offer.serviceId, offer.id);
    await recordAudit(trx, {
      actor: auditActorOf(principal, acting),
      action: decision === 'accept' ? 'delivery.offer_accepted' : 'delivery.offer_declined',
      object: { type: 'delivery_offer', id: offer.id },
      requestId: origin.requestId,
      at: startedAt,
      details: {
        ruleId: offer.ruleId,
        organisationCode: offer.organisationCode,
        serviceId: offer.serviceId,
        uplUri: offer.uplUri,
        from: offer.status,
        to: next.next,
        ...(decision === 'accept' ? { applicationUrl } : {}),
        ...basisDetails(acting),
      },
    });
    await ctx.bus.emit(
      trx,
      {
        type: decision === 'accept' ? 'offer.accepted' : 'offer.declined',
        aggregate: { type: 'delivery_offer', id: offer.id },
        payload: { offerId: offer.id, ruleId: offer.ruleId, organisationCode: offer.organisationCode, serviceId: offer.serviceId },
      },
      origin.requestId,
      startedAt,
    );
    return ok({ ...offer, status: next.next, decidedAt: at });
  });
  if (!changed.ok) return changed;
  return ok(await viewOf(ctx, changed.value));
}

/** Accepts an open offer; answers with the address of the prefilled application (accepting twice answers the same). */
export async function acceptOffer(
  ctx: ModuleContext,
  principal: Principal,
  id: unknown,
  origin: OfferOrigin = systemOrigin(),
): Promise<Result<{ offer: OfferView; applicationUrl: string }>> {
  const done = await decide(ctx, principal, id, 'accept', origin);
  return done.ok ? ok({ offer: done.value, applicationUrl: done.value.applicationUrl }) : done;
}

/** Declines an open offer ("Nee, bedankt"); it leaves the list. */
export function declineOffer(
  ctx: ModuleContext,
  principal: Principal,
  id: unknown,
  origin: OfferOrigin = systemOrigin(),
): Promise<Result<OfferView>> {
  return decide(ctx, principal, id, 'decline', origin);
}

// ---------------------------------------------------------------------------------------------
// Opting out per kind

function settingsOf(optedOut: ReadonlySet<string>): OfferSettings {
  return { kinds: offerKinds().map((k) => ({ id: k.id, name: k.name, description: k.description, optedOut: optedOut.has(k.id) })) };
}

export async function getOfferSettings(ctx: ModuleContext, principal: Principal): Promise<Result<OfferSettings>> {
  const acting = await actingRecipient(ctx, principal, 'view');
  if (!acting.ok) return acting;
  return ok(settingsOf(await store.optOutsOf(ctx.database.db, acting.value.subject)));
}

/** Sets the kinds of offer the principal does not want (the whole list: kinds left out are wanted again). */
export async function setOfferSettings(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: OfferOrigin = systemOrigin(),
): Promise<Result<OfferSettings>> {
  const startedAt = ctx.clock.now();
  const recipient = recipientOf(principal);
  if (!recipient.ok) return recipient;
  const known = new Set(offerKinds().map((k) => k.id));
  const list =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>)['optedOut'] : undefined;
  if (!Array.isArray(list) || list.length > 50 || !list.every((k) => typeof k === 'string' && known.has(k)))
    return fail(
      offerFailures.invalidInput([
        {
          name: 'optedOut',
          code: 'delivery.invalid_offer_kinds',
          reason: `Geef een lijst van soorten aanbod: ${[...known].join(', ')}.`,
        },
      ]),
    );
  const wanted = new Set(list as string[]);
  // Which offers come is the recipient's own choice: acting for someone else, only who may manage
  // their affairs as a whole (a parent with authority, a curator, a functionary) changes it.
  const authorized = await authorizeAs(ctx, principal, { action: actsForAnother(principal) ? 'manage_mandates' : 'view' });
  if (!authorized.ok) return authorized;
  const acting = authorized.value;
  return inUseCase(ctx.database, async (trx) => {
    const before = await store.optOutsOf(trx, recipient.value);
    const added = [...wanted].filter((k) => !before.has(k)).sort();
    const removed = [...before].filter((k) => known.has(k) && !wanted.has(k)).sort();
    const at = startedAt.toISOString();
    for (const k of added) await store.addOptOut(trx, recipient.value, k, at);
    for (const k of removed) await store.removeOptOut(trx, recipient.value, k);
    if (added.length > 0 || removed.length > 0)
      await recordAudit(trx, {
        actor: auditActorOf(principal, acting),
        action: 'delivery.offer_opt_out_changed',
        object: { type: 'delivery_offer_settings', id: `${recipient.value.kind}:${recipient.value.id}` },
        requestId: origin.requestId,
        at: startedAt,
        details: { optedOut: added, optedIn: removed, ...basisDetails(acting) },
      });
    return ok(settingsOf(await store.optOutsOf(trx, recipient.value)));
  });
}

// ---------------------------------------------------------------------------------------------
// Making offers

/** The processing activity of making offers (Register van Verwerkingsactiviteiten). */
export const offerProcessingActivity = { id: 'delivery.offer.make', name: 'Aanbod bepalen' } as const;

/** A published service of a product that serves the person, found in the catalog. */
interface Resolved {
  product: OfferedProduct;
  organisationCode: string;
  serviceId: string;
}

interface Candidate {
  organisationCode: string;
  organisationType: string;
  serviceId: string;
}

/**
 * Who offers a product, from the catalog: one search per product (not per municipality: inside a
 * transaction the catalog's search cache cannot be used, and a search reads every search document),
 * kept for a while per database. A service found here is checked again (still published) before
 * it is offered, so the list may be a little old.
 */
interface ProductOffering {
  /** Organisation code → its service (municipalities, provinces, water boards and national organisations alike). */
  byOrganisation: Map<string, Candidate>;
  /** The national organisations offering it (to everyone). */
  national: Candidate[];
  /** Does a province or water board offer it? Then which one serves a municipality is asked for that municipality. */
  regional: boolean;
}

const offeringCaches = new WeakMap<Database, Map<string, { at: number; value: unknown }>>();
const offeringTtlMs = 15 * 60 * 1000;

async function cached<T>(cacheKey: Database, key: string, load: () => Promise<T>): Promise<T> {
  let cache = offeringCaches.get(cacheKey);
  if (!cache) offeringCaches.set(cacheKey, (cache = new Map<string, { at: number; value: unknown }>()));
  const kept = cache.get(key);
  if (kept && Date.now() - kept.at < offeringTtlMs) return kept.value as T;
  const value = await load();
  cache.set(key, { at: Date.now(), value });
  if (cache.size > 10_000) cache.delete(cache.keys().next().value ?? '');
  return value;
}

const isNational = (type: string): boolean => type === 'ministry' || type === 'agency';

function offeringOf(scope: ModuleContext, cacheKey: Database, uplUri: string): Promise<ProductOffering> {
  return cached(cacheKey, `product ${uplUri}`, async () => {
    const found = await searchServices(scope, { q: '', upl: [uplUri], groupBy: 'none', limit: 10_000, offset: 0 });
    const hits = found.ok && found.value.groupBy === 'none' ? found.value.items : [];
    const all = hits.map((h) => ({ organisationCode: h.organisation.code, organisationType: h.organisation.type, serviceId: h.serviceId }));
    return {
      byOrganisation: new Map(all.map((c) => [c.organisationCode, c])),
      national: all.filter((c) => isNational(c.organisationType)),
      regional: all.some((c) => c.organisationType === 'province' || c.organisationType === 'water_board'),
    };
  });
}

/** The organisations offering a product to residents of a municipality, the preferred first: the municipality, its province and water boards, national. */
async function candidatesFor(
  scope: ModuleContext,
  cacheKey: Database,
  uplUri: string,
  municipalityCode: string | null,
): Promise<Candidate[]> {
  const offering = await offeringOf(scope, cacheKey, uplUri);
  const out: Candidate[] = [];
  const own = municipalityCode === null ? undefined : offering.byOrganisation.get(municipalityCode);
  if (own?.organisationType === 'municipality') out.push(own);
  if (offering.regional && municipalityCode !== null) {
    const regional = await cached(cacheKey, `regional ${municipalityCode} ${uplUri}`, async () => {
      const found = await searchServices(scope, {
        q: '',
        upl: [uplUri],
        municipality: municipalityCode,
        groupBy: 'none',
        limit: 100,
        offset: 0,
      });
      const hits = found.ok && found.value.groupBy === 'none' ? found.value.items : [];
      return hits
        .filter((h) => h.organisation.type === 'province' || h.organisation.type === 'water_board')
        .map((h) => ({ organisationCode: h.organisation.code, organisationType: h.organisation.type, serviceId: h.serviceId }));
    });
    out.push(...regional);
  }
  out.push(...offering.national);
  return preferredOffering(out);
}

/**
 * The services that offer a rule's products to a person in a municipality: per product the first
 * candidate that is published, for citizens, and applied for. `scope` reads the catalog (inside a
 * transaction: a context whose database is that transaction).
 */
async function resolveServices(
  scope: ModuleContext,
  cacheKey: Database,
  products: readonly OfferedProduct[],
  municipalityCode: string | null,
): Promise<Resolved[]> {
  const out: Resolved[] = [];
  for (const product of products) {
    for (const c of await candidatesFor(scope, cacheKey, product.uplUri, municipalityCode)) {
      const service = await getPublicService(scope, c.organisationCode, c.serviceId);
      if (service && appliesFor(service) && service.description.audience.citizen) {
        out.push({ product, organisationCode: c.organisationCode, serviceId: c.serviceId });
        break;
      }
    }
  }
  return out;
}

/** A context whose database is the transaction, for reads inside it (SQLite has one connection, held by the transaction). */
const inside = (ctx: ModuleContext, trx: Trx): ModuleContext => ({ ...ctx, database: { ...ctx.database, db: trx } });

type Outcome = 'offered' | 'already_offered' | 'opted_out' | 'no_service' | 'no_match' | 'not_alive';

interface Evaluation {
  rule: OfferRule;
  recipient: Recipient;
  /** Whose personal data were used (the recipient, and e.g. the child). */
  subjects: readonly ProcessingSubject[];
  /** What happened, for the audit trail (no personal data beyond the recipient). */
  occasion: Record<string, string | number>;
  origin: OfferOrigin;
  startedAt: Date;
}

/**
 * In the caller's transaction: offers each resolved service unless the recipient opted out of the
 * rule's kind; one audit record and `offer.made` event per new offer; one processing-log line.
 * Returns how many offers were made.
 */
async function makeOffers(
  trx: Trx,
  ctx: ModuleContext,
  e: Evaluation,
  outcome: Outcome | ((trx: Trx) => Promise<Resolved[]>),
): Promise<number> {
  let result: Outcome;
  let made = 0;
  let organisationCode: string | null = null;
  if (typeof outcome === 'string') result = outcome;
  else if (await store.hasOptedOut(trx, e.recipient, e.rule.kind)) result = 'opted_out';
  else {
    const services = await outcome(trx);
    const at = e.startedAt.toISOString();
    for (const s of services) {
      const offer: StoredOffer = {
        id: newId(),
        recipient: e.recipient,
        ruleId: e.rule.id,
        kind: e.rule.kind,
        organisationCode: s.organisationCode,
        serviceId: s.serviceId,
        uplUri: s.product.uplUri,
        reason: offerReason(e.rule, s.product),
        createdAt: at,
        status: 'offered',
        decidedAt: null,
      };
      if (!(await store.insertOffer(trx, offer))) continue;
      made += 1;
      organisationCode ??= s.organisationCode;
      await recordAudit(trx, {
        actor: systemActor,
        action: 'delivery.offer_made',
        object: { type: 'delivery_offer', id: offer.id },
        requestId: e.origin.requestId,
        at: e.startedAt,
        details: {
          ruleId: e.rule.id,
          kind: e.rule.kind,
          recipient: { kind: e.recipient.kind, id: e.recipient.id },
          organisationCode: offer.organisationCode,
          serviceId: offer.serviceId,
          uplUri: offer.uplUri,
          occasion: e.occasion,
        },
      });
      await ctx.bus.emit(
        trx,
        {
          type: 'offer.made',
          aggregate: { type: 'delivery_offer', id: offer.id },
          payload: { offerId: offer.id, ruleId: e.rule.id, organisationCode: offer.organisationCode, serviceId: offer.serviceId },
        },
        e.origin.requestId,
        e.startedAt,
      );
    }
    result = made > 0 ? 'offered' : services.length > 0 ? 'already_offered' : 'no_service';
  }
  // LDV: the person's data were used to decide on an offer, whatever came of it.
  await ctx.processingLog.record(trx, e.origin.trace, {
    name: offerProcessingActivity.name,
    activityId: `${processingActivityBase}${offerProcessingActivity.id}`,
    subjects: e.subjects,
    organisationCode,
    startedAt: e.startedAt,
    endedAt: ctx.clock.now(),
    attributes: { 'loket.actor': 'system', 'loket.offer.rule': e.rule.id, 'loket.offer.outcome': result },
  });
  return made;
}

const bsnSubject = (bsn: string): ProcessingSubject => ({ id: bsn, type: 'BSN' });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** `person.authority_registered`: a parent (or guardian) got authority over a child; a newborn means a birth. */
async function onAuthorityRegistered(ctx: ModuleContext, event: StoredEvent, trx: Trx): Promise<void> {
  const holderBsn = str(event.payload['holderBsn']);
  const childBsn = str(event.payload['childBsn']);
  if (holderBsn === null || childBsn === null) return;
  const facts: OfferFacts = {
    event: 'person.authority_registered',
    authorityKind: str(event.payload['kind']) ?? '',
    childBirthDate: str(event.payload['childBirthDate']),
  };
  await evaluate(ctx, trx, event, facts, { kind: 'person', id: holderBsn }, [bsnSubject(holderBsn), bsnSubject(childBsn)], {
    event: event.type,
    eventId: event.id,
  });
}

/** `case.decided`: e.g. a WW benefit granted. The case is read (read only) for its product and applicant. */
async function onCaseDecided(ctx: ModuleContext, event: StoredEvent, trx: Trx): Promise<void> {
  const organisationCode = str(event.payload['organisationCode']);
  const caseId = str(event.payload['caseId']);
  if (organisationCode === null || caseId === null) return;
  if (rulesFor(offerRules(), 'case.decided').length === 0) return;
  const kase = await caseStore.findCase(trx, organisationCode, caseId);
  if (!kase || kase.applicant.kind !== 'person') return;
  const facts: OfferFacts = {
    event: 'case.decided',
    uplUri: kase.uplUri,
    outcome: str(event.payload['outcome']) ?? kase.outcome,
    applicantKind: kase.applicant.kind,
  };
  await evaluate(ctx, trx, event, facts, { kind: 'person', id: kase.applicant.id }, [bsnSubject(kase.applicant.id)], {
    event: event.type,
    eventId: event.id,
    organisationCode,
    caseNumber: kase.caseNumber,
  });
}

/** Every rule of the event, against the facts; the recipient's municipality decides which organisation offers. */
async function evaluate(
  ctx: ModuleContext,
  trx: Trx,
  event: StoredEvent,
  facts: OfferFacts,
  recipient: Recipient,
  subjects: readonly ProcessingSubject[],
  occasion: Record<string, string>,
): Promise<void> {
  const today = ctx.clock.today();
  const rules = rulesFor(offerRules(), facts.event);
  if (rules.length === 0) return;
  const origin = systemOrigin(event.requestId);
  const startedAt = ctx.clock.now();
  const scope = inside(ctx, trx);
  // The catalog is read with its own connection where there is one (PostgreSQL: its caches are
  // shared); SQLite has a single connection, held by this transaction, so it is read inside.
  const catalog = ctx.database.dialect === 'postgres' ? ctx : scope;
  for (const rule of rules) {
    const e: Evaluation = { rule, recipient, subjects, occasion, origin, startedAt };
    if (!ruleMatches(rule, facts, today)) {
      await makeOffers(trx, ctx, e, 'no_match');
      continue;
    }
    const person = await findPerson(scope, recipient.id);
    if (!person || person.deathDate !== null) {
      await makeOffers(trx, ctx, e, 'not_alive');
      continue;
    }
    await makeOffers(trx, ctx, e, () => resolveServices(catalog, ctx.database, rule.products, person.address?.municipalityCode ?? null));
  }
}

/** The outbox subscription of proactive offers. */
export function offerSubscriptions(ctx: ModuleContext): Subscription[] {
  return [
    {
      name: 'delivery.offers',
      types: ['person.authority_registered', 'case.decided'],
      handle: async (event, trx) => {
        if (event.type === 'person.authority_registered') await onAuthorityRegistered(ctx, event, trx);
        else if (event.type === 'case.decided') await onCaseDecided(ctx, event, trx);
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The birthday job

/** Days back the job looks, so a day the app did not run is caught up (a rule's day is done once). */
export const birthdayCatchUpDays = 7;

/**
 * For each `birthday` rule and each day from `birthdayCatchUpDays - 1` days ago to today that is
 * not done yet: the living persons whose birthday of the rule's age it is get the rule's offers
 * (one transaction per person), then the day is marked done. Safe to run again and in several
 * processes: an offer is stored once per person, rule and product.
 */
export async function runBirthdayOffers(ctx: ModuleContext): Promise<{ persons: number; offers: number; days: number }> {
  const today = ctx.clock.today();
  let persons = 0;
  let offers = 0;
  let days = 0;
  for (const rule of rulesFor(offerRules(), 'birthday')) {
    if (rule.when.event !== 'birthday') continue;
    const age = rule.when.age;
    for (let back = birthdayCatchUpDays - 1; back >= 0; back--) {
      const day: IsoDate = addDays(today, -back);
      if (await store.runDone(ctx.database.db, rule.id, day)) continue;
      const born: { bsn: string; municipalityCode: string | null; birthDate: IsoDate }[] = [];
      for (const birthDate of birthDatesTurning(age, day))
        for (const p of await personsBornOn(ctx.database.db, birthDate)) born.push({ ...p, birthDate });
      const done = await store.recipientsWithOffer(
        ctx.database.db,
        rule.id,
        'person',
        born.map((p) => p.bsn),
      );
      const origin = systemOrigin();
      for (const p of born) {
        if (done.has(p.bsn)) continue;
        const recipient: Recipient = { kind: 'person', id: p.bsn };
        const startedAt = ctx.clock.now();
        const e: Evaluation = {
          rule,
          recipient,
          subjects: [bsnSubject(p.bsn)],
          occasion: { event: 'birthday', age, day },
          origin,
          startedAt,
        };
        if (!ruleMatches(rule, { event: 'birthday', birthDate: p.birthDate }, day)) continue;
        // The catalog is read before the transaction (with its own connection), the writes in it.
        const optedOut = await store.hasOptedOut(ctx.database.db, recipient, rule.kind);
        const services = optedOut ? [] : await resolveServices(ctx, ctx.database, rule.products, p.municipalityCode);
        offers += await inTransaction(ctx.database.db, (trx) => makeOffers(trx, ctx, e, () => Promise.resolve(services)));
        persons += 1;
      }
      await store.markRunDone(ctx.database.db, rule.id, day, ctx.clock.now().toISOString());
      days += 1;
    }
  }
  return { persons, offers, days };
}

export function offerJobs(_ctx: ModuleContext): ScheduledJob[] {
  return [
    {
      name: 'delivery.offers.birthdays',
      everyMs: 60 * 60 * 1000,
      run: async (ctx) => {
        const { persons, offers, days } = await runBirthdayOffers(ctx);
        return `${days} dag(en) verwerkt, ${persons} jarige(n), ${offers} aanbod(en) gedaan`;
      },
    },
  ];
}
