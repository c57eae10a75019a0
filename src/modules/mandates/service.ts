// mandates: use cases. Every act on someone else's behalf in Loket is checked here
// (authorizeActing): the facts are loaded fresh for each check (no cache, so an ended mandate stops
// at once), the pure engine in model.ts decides, and the caller records the basis with its act.
// Granting, signing, accepting, declining and ending a mandate are one transaction each, with the
// audit record and an outbox event (mandate.granted, …) from which both sides are notified.
import {
  actorOf,
  LOA_STEP_UP_PATH,
  loaLabels,
  type ActingFor,
  type LevelOfAssurance,
  type Principal,
  type Role,
} from '../../platform/auth/index.ts';
import { recordAudit, type Actor as AuditActor } from '../../platform/audit/index.ts';
import type { Trx } from '../../platform/db/index.ts';
import { fail, inUseCase, invalidInputFailure, ok, type Failure, type InvalidParam, type Result } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { processingActivityBase, type TraceContext } from '../../platform/processing-log/index.ts';
import { addYears, tryParseIsoDate } from '../../platform/time/index.ts';
import { productNames, serviceAccessFacts } from '../catalog/index.ts';
import {
  businessFactsOf,
  findPerson,
  functionariesOfBusinesses,
  functionaryPositionsOf,
  partyNames,
  representationFactsOf,
  representationsHeldBy,
} from '../registry/index.ts';
import {
  check,
  grantProblems,
  mandateStanding,
  mayGrant,
  maxLoa,
  nextStatus,
  partyKey,
  sameParty,
  type Actor,
  type At,
  type Basis,
  type CheckFacts,
  type CheckSettings,
  type Decision,
  type DenyReason,
  type Functionary,
  type LegalBasis,
  type Mandate,
  type MandateEvent,
  type MandateScope,
  type MandateStanding,
  type Party,
  type ServiceFacts,
  type Action,
} from './model.ts';
import { mandateRules, matterOfProduct } from './reference.ts';
import * as store from './store.ts';

export interface Origin {
  trace: TraceContext;
  requestId: string | null;
}

// ---------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------

/** Why not, in plain Dutch, for every reason the engine gives. */
export const denyTexts: Record<DenyReason, { nl: string; en: string }> = {
  unknown_subject: { nl: 'Deze persoon of onderneming is niet bekend.', en: 'This person or business is not known.' },
  subject_ended: {
    nl: 'De persoon is overleden of de onderneming bestaat niet meer. Daarmee is elke vertegenwoordiging geëindigd.',
    en: 'The person has died or the business has ended. That ends every representation.',
  },
  not_mandatable: {
    nl: 'Voor deze dienst kunt u niemand machtigen. Neem contact op met de organisatie.',
    en: 'This service cannot be used through a mandate. Contact the organisation.',
  },
  loa_too_low: {
    nl: 'Hiervoor moet u inloggen met een hoger betrouwbaarheidsniveau.',
    en: 'For this you must log in with a higher level of assurance.',
  },
  matter_not_covered: {
    nl: 'Uw vertegenwoordiging geldt niet voor dit soort zaken (bijvoorbeeld: een mentor regelt geen geldzaken, een bewindvoerder geen zorgzaken).',
    en: 'Your representation does not cover this kind of matter (for example: a mentor does not handle money, a bewindvoerder no care matters).',
  },
  out_of_scope: { nl: 'Uw machtiging geldt niet voor deze dienst.', en: 'Your mandate does not cover this service.' },
  mandate_not_accepted: {
    nl: 'De machtiging is nog niet geaccepteerd of nog niet door een tweede bevoegde ondertekend.',
    en: 'The mandate has not been accepted yet, or not yet signed by a second authorised signatory.',
  },
  mandate_declined: { nl: 'De machtiging is geweigerd.', en: 'The mandate was declined.' },
  mandate_not_started: { nl: 'De machtiging gaat later in.', en: 'The mandate starts later.' },
  mandate_expired: { nl: 'De machtiging is verlopen.', en: 'The mandate has expired.' },
  mandate_ended: { nl: 'De machtiging is beëindigd.', en: 'The mandate has been ended.' },
  representation_ended: {
    nl: 'De vertegenwoordiging is geëindigd (bijvoorbeeld: het kind is 18 geworden, of de rechter heeft de maatregel beëindigd).',
    en: 'The representation has ended (for example: the child turned 18, or the court ended the measure).',
  },
  not_authorised_to_grant: {
    nl: 'U bent niet bevoegd om voor deze onderneming machtigingen te regelen.',
    en: 'You are not authorised to manage mandates for this business.',
  },
  no_relation: {
    nl: 'U heeft geen machtiging of wettelijke vertegenwoordiging om namens deze persoon of onderneming te handelen.',
    en: 'You hold no mandate or legal representation to act for this person or business.',
  },
};

export const mandatesFailures = {
  loginRequired: (): Failure => ({
    code: 'auth.login_required',
    status: 401,
    title: 'Inloggen nodig',
    detail: 'Log in om dit te gebruiken.',
  }),
  citizensAndBusinessesOnly: (): Failure => ({
    code: 'mandates.citizens_and_businesses_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen inwoners en ondernemers kunnen machtigen of namens een ander handelen.',
  }),
  /**
   * A refusal with its reason. Whether a BSN or KVK number exists, or the person died, is not told
   * to someone without a relation: those reasons are answered as "no relation".
   */
  notAllowed: (given: DenyReason, requiredLoa?: LevelOfAssurance): Failure => {
    const reason: DenyReason = given === 'unknown_subject' || given === 'subject_ended' ? 'no_relation' : given;
    return reason === 'loa_too_low' && requiredLoa
      ? {
          code: 'auth.loa_too_low',
          status: 403,
          title: 'Hoger inlogniveau nodig',
          detail: `${denyTexts.loa_too_low.nl} Nodig: ${loaLabels[requiredLoa].nl} (${loaLabels[requiredLoa].means.nl}).`,
          // The page that explains how to log in higher; the caller may add `&terug=` (where to return).
          location: `${LOA_STEP_UP_PATH}?nodig=${requiredLoa}`,
        }
      : { code: `mandates.${reason}`, status: 403, title: 'Niet toegestaan', detail: denyTexts[reason].nl };
  },
  notFound: (): Failure => ({
    code: 'mandates.not_found',
    status: 404,
    title: 'Machtiging niet gevonden',
    detail: 'Deze machtiging bestaat niet of u mag hem niet zien.',
  }),
  serviceNotFound: (): Failure => ({
    code: 'mandates.service_not_found',
    status: 404,
    title: 'Dienst niet gevonden',
    detail: 'Deze dienst bestaat niet of is niet gepubliceerd.',
  }),
  transitionNotAllowed: (event: MandateEvent): Failure => ({
    code: 'mandates.transition_not_allowed',
    status: 409,
    title: 'Kan nu niet',
    detail: {
      sign: 'Deze machtiging wacht niet op een tweede handtekening.',
      accept: 'Deze machtiging wacht niet (meer) op acceptatie.',
      decline: 'Deze machtiging wacht niet (meer) op acceptatie.',
      end: 'Deze machtiging is al beëindigd of geweigerd.',
    }[event],
  }),
  notYourSide: (): Failure => ({
    code: 'mandates.not_your_side',
    status: 403,
    title: 'Niet toegestaan',
    detail: 'Alleen de gemachtigde kan een machtiging accepteren of weigeren.',
  }),
  secondSignatoryMustDiffer: (): Failure => ({
    code: 'mandates.second_signatory_must_differ',
    status: 403,
    title: 'Tweede handtekening nodig',
    detail: 'Een tweede bevoegde van de onderneming moet ondertekenen, niet degene die de machtiging gaf.',
  }),
  officialsOnly: (): Failure => ({
    code: 'mandates.officials_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen medewerkers met een rol in klantcontact, behandeling of toezicht kunnen dit opzoeken.',
  }),
  invalidInput: (issues: readonly InvalidParam[]): Failure => invalidInputFailure('mandates', issues),
};

// ---------------------------------------------------------------------------------------
// Who acts, for whom
// ---------------------------------------------------------------------------------------

/** The acting person and the business they logged in for (eHerkenning), or null for officials, anonymous and nameless business logins. */
export function actorOfPrincipal(principal: Principal): Actor | null {
  if (principal.kind === 'person') return { bsn: principal.bsn, business: null };
  if (principal.kind === 'business' && principal.actingBsn !== null) return { bsn: principal.actingBsn, business: principal.kvkNumber };
  return null;
}

/** The party a citizen or business is logged in as. */
export function ownPartyOf(principal: Principal): Party | null {
  if (principal.kind === 'person') return { kind: 'person', id: principal.bsn };
  if (principal.kind === 'business') return { kind: 'business', id: principal.kvkNumber };
  return null;
}

/** Whose affairs the principal handles now: the one chosen with "act for …", else their own. */
export function currentSubjectOf(principal: Principal): Party | null {
  if (principal.kind !== 'person' && principal.kind !== 'business') return null;
  return principal.actingFor ? { kind: principal.actingFor.kind, id: principal.actingFor.id } : ownPartyOf(principal);
}

const settings = (): CheckSettings => {
  const r = mandateRules();
  return { chainMinimumLoa: r.chainMinimumLoa, legalMinimumLoa: r.legalMinimumLoa };
};

const atOf = (ctx: ModuleContext): At => ({ day: ctx.clock.today(), instant: ctx.clock.now().toISOString() });

/** The facts one check needs, read fresh: the subject, its relations, and the actor's place in its business mandataries. */
export async function loadFacts(ctx: ModuleContext, actor: Actor, subject: Party): Promise<CheckFacts> {
  const db = ctx.database.db;
  let subjectFacts: CheckFacts['subject'] = null;
  let legal: CheckFacts['legal'] = [];
  const firms = new Set<string>();
  // The subject and the mandates it granted are read side by side (one round trip on PostgreSQL).
  const [facts, grantedAll] = await Promise.all([
    subject.kind === 'person' ? representationFactsOf(ctx, subject.id) : businessFactsOf(ctx, subject.id),
    store.mandatesGrantedBy(db, subject),
  ]);
  if (facts && 'representations' in facts) {
    subjectFacts = { party: subject, endedOn: facts.deathDate };
    legal = facts.representations;
  } else if (facts) subjectFacts = { party: subject, endedOn: facts.endedOn };
  if (subject.kind === 'business') firms.add(subject.id);
  const granted = subjectFacts ? grantedAll : [];
  for (const m of granted) if (m.mandatary.kind === 'business' && !sameParty(m.mandatary, subject)) firms.add(m.mandatary.id);
  const firmList = [...firms];
  // Only the actor's own place in those businesses: their positions and the internal mandates to them.
  const [functionaries, internal] = await Promise.all([
    functionariesOfBusinesses(ctx, firmList, actor.bsn),
    store.mandatesGrantedByAny(
      db,
      firmList.filter((f) => subject.kind !== 'business' || f !== subject.id).map((id) => ({ kind: 'business' as const, id })),
      { kind: 'person', id: actor.bsn },
    ),
  ]);
  const toFunctionary = (f: (typeof functionaries)[number]): Functionary => ({ ...f });
  return {
    subject: subjectFacts,
    legal,
    functionaries: functionaries.map(toFunctionary),
    mandates: [...granted, ...internal],
  };
}

/** The service's facts for a check: catalog (UPL product, mandatable, level of assurance), matter and service sets. */
export async function serviceFactsOf(
  ctx: ModuleContext,
  organisationCode: string,
  serviceId: string,
): Promise<(ServiceFacts & { title: string }) | undefined> {
  const facts = await serviceAccessFacts(ctx, organisationCode, serviceId);
  if (!facts) return undefined;
  return {
    organisationCode,
    serviceId,
    title: facts.title,
    uplUri: facts.uplUri,
    mandatable: facts.mandatable,
    requiredLoa: facts.levelOfAssurance,
    matter: matterOfProduct(facts.uplUri),
    serviceSetIds: await store.setsHoldingService(ctx.database.db, organisationCode, serviceId),
  };
}

/** The outcome of a check that allowed: for whom, on which basis, and what the audit record stores. */
export interface ActingAuthorization {
  subject: Party;
  /** Acting for oneself (no one else involved). */
  self: boolean;
  basis: Basis;
  /** For the audit actor: for whom, and the first mandate of the chain where a mandate was used. */
  onBehalfOf: AuditActor['onBehalfOf'];
  /** What to store in the audit details: the basis in short. */
  auditBasis: Record<string, unknown>;
}

/** The audit record's view of a basis: the mandates or the legal basis used, without names. */
export function auditBasisOf(basis: Basis): Record<string, unknown> {
  switch (basis.kind) {
    case 'self':
      return { kind: 'self' };
    case 'legal':
      return { kind: 'legal', legalBasis: basis.basis };
    case 'functionary':
      return { kind: 'functionary', kvkNumber: basis.kvkNumber, role: basis.role, authority: basis.authority };
    case 'mandate':
      return {
        kind: 'mandate',
        chain: basis.chain.map((l) => (l.kind === 'mandate' ? { mandateId: l.mandateId } : { functionaryOf: l.kvkNumber, role: l.role })),
      };
  }
}

function firstMandateId(basis: Basis): string | null {
  if (basis.kind !== 'mandate') return null;
  const link = basis.chain.find((l) => l.kind === 'mandate');
  return link?.kind === 'mandate' ? link.mandateId : null;
}

/** The check itself for a principal, without turning it into a Result (pages show the reason). */
export async function decide(
  ctx: ModuleContext,
  principal: Principal,
  request: { action: Action; subject: Party; service: ServiceFacts | null },
): Promise<Decision | { allow: false; reason: 'not_a_citizen_or_business' }> {
  const actor = actorOfPrincipal(principal);
  if (!actor || principal.kind === 'anonymous' || principal.kind === 'official')
    return { allow: false, reason: 'not_a_citizen_or_business' };
  const facts =
    request.subject.kind === 'person' && actor.business === null && request.subject.id === actor.bsn
      ? { subject: null, legal: [], functionaries: [], mandates: [] }
      : await loadFacts(ctx, actor, request.subject);
  return check(
    facts,
    { actor, subject: request.subject, action: request.action, service: request.service, at: atOf(ctx), loa: principal.loa },
    settings(),
  );
}

/**
 * May the principal do `action` (in a service) for the subject (default: whom they act for now, or
 * themself)? Every route that acts for a subject calls this before its transaction; the act's
 * audit record stores `onBehalfOf` and `auditBasis`.
 */
export async function authorizeActing(
  ctx: ModuleContext,
  principal: Principal,
  request: { action: Action; service?: { organisationCode: string; serviceId: string } | null; subject?: Party },
): Promise<Result<ActingAuthorization>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  const subject = request.subject ?? currentSubjectOf(principal);
  if (!subject) return fail(mandatesFailures.citizensAndBusinessesOnly());
  let service: ServiceFacts | null = null;
  if (request.service) {
    const found = await serviceFactsOf(ctx, request.service.organisationCode, request.service.serviceId);
    if (!found) return fail(mandatesFailures.serviceNotFound());
    service = found;
  }
  const decision = await decide(ctx, principal, { action: request.action, subject, service });
  if (!decision.allow) {
    if (decision.reason === 'not_a_citizen_or_business') return fail(mandatesFailures.citizensAndBusinessesOnly());
    return fail(mandatesFailures.notAllowed(decision.reason, 'requiredLoa' in decision ? decision.requiredLoa : undefined));
  }
  const own = ownPartyOf(principal);
  const self = decision.basis.kind === 'self' || (own !== null && sameParty(own, subject));
  return ok({
    subject,
    self,
    basis: decision.basis,
    onBehalfOf: self ? null : { type: subject.kind, id: subject.id, mandateId: firstMandateId(decision.basis) },
    auditBasis: auditBasisOf(decision.basis),
  });
}

/** For the session: may the principal still act for the one they chose? (Any relation in force.) */
export async function mayStillActFor(ctx: ModuleContext, principal: Principal & { actingFor: ActingFor }): Promise<boolean> {
  const d = await decide(ctx, principal, {
    action: 'view',
    subject: { kind: principal.actingFor.kind, id: principal.actingFor.id },
    service: null,
  });
  return d.allow;
}

// ---------------------------------------------------------------------------------------
// Views of mandates
// ---------------------------------------------------------------------------------------

export interface MandateView {
  mandate: Mandate;
  mandatorName: string;
  mandataryName: string;
  scopeTitle: string;
  standing: MandateStanding;
  /** What the viewer may do with it now. */
  may: { sign: boolean; accept: boolean; decline: boolean; end: boolean };
}

async function scopeTitles(ctx: ModuleContext, scopes: readonly MandateScope[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const products = await productNames(
    ctx,
    scopes.flatMap((s) => (s.kind === 'product' ? [s.uplUri] : [])),
  );
  for (const s of scopes) {
    const key = scopeKey(s);
    if (out.has(key)) continue;
    if (s.kind === 'product') out.set(key, products.get(s.uplUri) ?? s.uplUri);
    else if (s.kind === 'service') out.set(key, (await serviceAccessFacts(ctx, s.organisationCode, s.serviceId))?.title ?? s.serviceId);
    else {
      const set = (await store.serviceSetsOf(ctx.database.db, s.organisationCode)).find((x) => x.id === s.setId);
      out.set(key, set ? set.name.nl : s.setId);
    }
  }
  return out;
}

export const scopeKey = (s: MandateScope): string =>
  s.kind === 'product'
    ? `product:${s.uplUri}`
    : s.kind === 'service'
      ? `service:${s.organisationCode}:${s.serviceId}`
      : `set:${s.organisationCode}:${s.setId}`;

/** Which side of a mandate the principal is on (and may act for): mandator, mandatary, or neither. */
async function sideOf(
  ctx: ModuleContext,
  principal: Principal,
  m: Mandate,
): Promise<{ mandator: boolean; mandatary: boolean; actor: Actor | null }> {
  const actor = actorOfPrincipal(principal);
  if (!actor || principal.kind === 'anonymous' || principal.kind === 'official') return { mandator: false, mandatary: false, actor: null };
  const may = async (party: Party): Promise<boolean> => {
    if (party.kind === 'person' && actor.business === null && party.id === actor.bsn) return true;
    const d = await decide(ctx, principal, { action: 'manage_mandates', subject: party, service: null });
    return d.allow;
  };
  return { mandator: await may(m.mandator), mandatary: await may(m.mandatary), actor };
}

async function viewsOf(
  ctx: ModuleContext,
  mandates: readonly Mandate[],
  mayFor: (m: Mandate) => MandateView['may'],
): Promise<MandateView[]> {
  const names = await partyNames(
    ctx,
    mandates.flatMap((m) => [m.mandator, m.mandatary]),
  );
  const titles = await scopeTitles(
    ctx,
    mandates.map((m) => m.scope),
  );
  const at = atOf(ctx);
  return mandates.map((m) => ({
    mandate: m,
    mandatorName: names.get(partyKey(m.mandator)) ?? m.mandator.id,
    mandataryName: names.get(partyKey(m.mandatary)) ?? m.mandatary.id,
    scopeTitle: titles.get(scopeKey(m.scope)) ?? '',
    standing: mandateStanding(m, at),
    may: mayFor(m),
  }));
}

const open = (m: Mandate): boolean => m.status !== 'ended' && m.status !== 'declined';

export interface RepresentationView {
  party: Party;
  name: string;
  basis: LegalBasis;
  validFrom: string;
  validTo: string | null;
  covers: readonly ('financial' | 'personal')[];
}

export interface BusinessPositionView {
  kvkNumber: string;
  name: string;
  role: string;
  authority: 'sole' | 'joint' | 'limited';
}

export interface Overview {
  subject: Party;
  subjectName: string;
  /** Mandates this party gave (who may act for them). */
  granted: MandateView[];
  /** Mandates this party received (for whom they may act). */
  received: MandateView[];
  /** Who legally represents this person (today). */
  representedBy: RepresentationView[];
  /** Whom this person legally represents (today). */
  represents: RepresentationView[];
  /** The businesses this person represents by the trade register (today). */
  businesses: BusinessPositionView[];
}

async function overviewOf(ctx: ModuleContext, subject: Party, mayFor: (m: Mandate) => MandateView['may']): Promise<Overview> {
  const db = ctx.database.db;
  const today = ctx.clock.today();
  const inForce = (r: { validFrom: string; validTo: string | null }): boolean =>
    r.validFrom <= today && (r.validTo === null || today < r.validTo);
  const [granted, received] = await Promise.all([store.mandatesGrantedBy(db, subject), store.mandatesReceivedBy(db, subject)]);
  let representedBy: RepresentationView[] = [];
  let represents: RepresentationView[] = [];
  let businesses: BusinessPositionView[] = [];
  let subjectName = subject.id;
  if (subject.kind === 'person') {
    const facts = await representationFactsOf(ctx, subject.id);
    if (facts) subjectName = facts.name;
    const reps = (facts?.representations ?? []).filter(inForce);
    const names = await partyNames(
      ctx,
      reps.map((r) => ({ kind: 'person' as const, id: r.representativeBsn })),
    );
    representedBy = reps.map((r) => ({
      party: { kind: 'person', id: r.representativeBsn },
      name: names.get(`person:${r.representativeBsn}`) ?? r.representativeBsn,
      basis: r.basis,
      validFrom: r.validFrom,
      validTo: r.validTo,
      covers: r.covers,
    }));
    represents = (await representationsHeldBy(ctx, subject.id)).filter(inForce).map((r) => ({
      party: { kind: 'person', id: r.representedBsn },
      name: r.representedName,
      basis: r.basis,
      validFrom: r.validFrom,
      validTo: r.validTo,
      covers: r.covers,
    }));
    businesses = (await functionaryPositionsOf(ctx, subject.id)).filter(inForce).map((f) => ({
      kvkNumber: f.kvkNumber,
      name: f.businessName,
      role: f.role,
      authority: f.authority,
    }));
  } else {
    subjectName = (await businessFactsOf(ctx, subject.id))?.name ?? subject.id;
  }
  return {
    subject,
    subjectName,
    granted: await viewsOf(ctx, granted, mayFor),
    received: await viewsOf(ctx, received, mayFor),
    representedBy,
    represents,
    businesses,
  };
}

/**
 * "Mijn machtigingen": both directions for whom the principal handles now (themself, or the one
 * they act for, if they may manage that one's mandates).
 */
export async function myOverview(ctx: ModuleContext, principal: Principal): Promise<Result<Overview>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  const subject = currentSubjectOf(principal);
  if (!subject) return fail(mandatesFailures.citizensAndBusinessesOnly());
  const own = ownPartyOf(principal);
  if (!(own && sameParty(own, subject) && principal.kind === 'person')) {
    const d = await decide(ctx, principal, { action: 'manage_mandates', subject, service: null });
    if (!d.allow)
      return fail(
        d.reason === 'not_a_citizen_or_business' ? mandatesFailures.citizensAndBusinessesOnly() : mandatesFailures.notAllowed(d.reason),
      );
  }
  const at = atOf(ctx);
  const actor = actorOfPrincipal(principal);
  const mine = (party: Party): boolean => sameParty(party, subject);
  return ok(
    await overviewOf(ctx, subject, (m) => ({
      // The second signature comes from another functionary than the one who granted it.
      sign: m.status === 'awaiting_signature' && mine(m.mandator) && actor?.bsn !== m.grantedBy,
      accept: m.status === 'awaiting_acceptance' && mine(m.mandatary),
      decline: m.status === 'awaiting_acceptance' && mine(m.mandatary),
      end: open(m) && mandateStanding(m, at) !== 'ended',
    })),
  );
}

/** One mandate, for either side; anyone else gets "not found". */
export async function getMandate(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<MandateView>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  if (!isUuidLike(id)) return fail(mandatesFailures.notFound());
  const m = await store.findMandate(ctx.database.db, id);
  if (!m) return fail(mandatesFailures.notFound());
  const side = await sideOf(ctx, principal, m);
  if (!side.mandator && !side.mandatary) return fail(mandatesFailures.notFound());
  const [view] = await viewsOf(ctx, [m], () => ({
    sign: m.status === 'awaiting_signature' && side.mandator && side.actor?.bsn !== m.grantedBy,
    accept: m.status === 'awaiting_acceptance' && side.mandatary,
    decline: m.status === 'awaiting_acceptance' && side.mandatary,
    end: open(m),
  }));
  return view ? ok(view) : fail(mandatesFailures.notFound());
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuidLike = (v: string): boolean => UUID.test(v);

// ---------------------------------------------------------------------------------------
// Granting and the lifecycle
// ---------------------------------------------------------------------------------------

const BSN = /^\d{9}$/;
const KVK = /^\d{8}$/;
const ORG = /^[A-Za-z0-9_.:-]{1,64}$/;
const UPL = /^http:\/\/standaarden\.overheid\.nl\/owms\/terms\/\S{1,200}$/;
const SET_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface GrantInput {
  mandatary: { kind: 'person'; bsn: string; surname: string } | { kind: 'business'; kvkNumber: string };
  scope: MandateScope;
  validFrom: string;
  validUntil: string;
  minLoa: LevelOfAssurance | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Reads a grant from a body (API JSON or a page's form, already shaped alike); every problem is listed. */
export function parseGrant(input: unknown, today: string): Result<GrantInput> {
  const body = obj(input);
  const issues: InvalidParam[] = [];
  const issue = (name: string, code: string, reason: string): void => void issues.push({ name, code: `mandates.${code}`, reason });
  const mandataryIn = obj(body['mandatary']);
  let mandatary: GrantInput['mandatary'] | undefined;
  if (mandataryIn['kind'] === 'person') {
    const bsn = str(mandataryIn['bsn']) ?? '';
    const surname = str(mandataryIn['surname']) ?? '';
    if (!BSN.test(bsn)) issue('mandatary.bsn', 'invalid_bsn', 'Vul een burgerservicenummer van 9 cijfers in.');
    if (surname.length === 0 || surname.length > 200) issue('mandatary.surname', 'invalid_surname', 'Vul de achternaam in.');
    mandatary = { kind: 'person', bsn, surname };
  } else if (mandataryIn['kind'] === 'business') {
    const kvkNumber = str(mandataryIn['kvkNumber']) ?? '';
    if (!KVK.test(kvkNumber)) issue('mandatary.kvkNumber', 'invalid_kvk_number', 'Vul een KVK-nummer van 8 cijfers in.');
    mandatary = { kind: 'business', kvkNumber };
  } else issue('mandatary.kind', 'invalid_mandatary', 'Kies of u een persoon of een onderneming machtigt.');

  const scopeIn = obj(body['scope']);
  let scope: MandateScope | undefined;
  const organisationCode = str(scopeIn['organisationCode']) ?? '';
  if (scopeIn['kind'] === 'service') {
    const serviceId = str(scopeIn['serviceId']) ?? '';
    if (!ORG.test(organisationCode)) issue('scope.organisationCode', 'invalid_organisation', 'Kies een organisatie.');
    if (!UUID.test(serviceId)) issue('scope.serviceId', 'invalid_service', 'Kies een dienst.');
    scope = { kind: 'service', organisationCode, serviceId };
  } else if (scopeIn['kind'] === 'product') {
    const uplUri = str(scopeIn['uplUri']) ?? '';
    if (!UPL.test(uplUri)) issue('scope.uplUri', 'invalid_product', 'Kies een product uit de Uniforme Productnamenlijst.');
    scope = { kind: 'product', uplUri };
  } else if (scopeIn['kind'] === 'service_set') {
    const setId = str(scopeIn['setId']) ?? '';
    if (!ORG.test(organisationCode)) issue('scope.organisationCode', 'invalid_organisation', 'Kies een organisatie.');
    if (!SET_ID.test(setId) || setId.length > 60) issue('scope.setId', 'invalid_service_set', 'Kies een dienstenset.');
    scope = { kind: 'service_set', organisationCode, setId };
  } else issue('scope.kind', 'invalid_scope', 'Kies waarvoor de machtiging geldt: een dienst, een product of een dienstenset.');

  const validFromIn = body['validFrom'] === undefined || body['validFrom'] === '' ? today : str(body['validFrom']);
  const validUntil = str(body['validUntil']) ?? '';
  if (validFromIn === undefined || tryParseIsoDate(validFromIn) === undefined)
    issue('validFrom', 'invalid_valid_from', 'Vul een geldige begindatum in (dag-maand-jaar).');
  if (tryParseIsoDate(validUntil) === undefined)
    issue('validUntil', 'invalid_valid_until', 'Vul een geldige einddatum in (dag-maand-jaar).');
  const loaIn = body['minLoa'];
  const minLoa = loaIn === undefined || loaIn === null || loaIn === '' ? null : loaIn;
  if (minLoa !== null && minLoa !== 'low' && minLoa !== 'substantial' && minLoa !== 'high')
    issue('minLoa', 'invalid_min_loa', 'Kies laag, substantieel of hoog.');
  const known = new Set(['mandatary', 'scope', 'validFrom', 'validUntil', 'minLoa']);
  for (const key of Object.keys(body)) if (!known.has(key)) issue(key, 'unknown_field', `Onbekend veld: ${key.slice(0, 40)}.`);
  if (issues.length > 0 || !mandatary || !scope || validFromIn === undefined) return fail(mandatesFailures.invalidInput(issues));
  return ok({ mandatary, scope, validFrom: validFromIn, validUntil, minLoa: minLoa as LevelOfAssurance | null });
}

const grantProblemTexts = {
  self_mandate: ['mandatary', 'U kunt uzelf niet machtigen.'],
  until_before_from: ['validUntil', 'De einddatum ligt vóór de begindatum.'],
  from_in_past: ['validFrom', 'De begindatum kan niet in het verleden liggen.'],
  too_long: ['validUntil', 'Een machtiging geldt ten hoogste {years} jaar.'],
} as const;

const normalise = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

async function emitMandateEvent(
  ctx: ModuleContext,
  trx: Trx,
  type: string,
  m: Mandate,
  scopeTitle: string,
  origin: Origin,
  at: Date,
): Promise<void> {
  await ctx.bus.emit(
    trx,
    {
      type,
      aggregate: { type: 'mandate', id: m.id },
      payload: {
        mandateId: m.id,
        mandator: m.mandator,
        mandatary: m.mandatary,
        scopeTitle,
        validFrom: m.validFrom,
        validUntil: m.validUntil,
        status: m.status,
      },
    },
    origin.requestId,
    at,
  );
}

/** The actor as the audit trail records it, with for whom when acting for someone else. */
function auditActorFor(principal: Principal, onBehalfOf: AuditActor['onBehalfOf']): AuditActor {
  return { ...actorOf(principal), onBehalfOf: onBehalfOf ?? null };
}

/** Grants a mandate for whom the principal handles now (themself, a business they may sign for, or someone they represent). */
/** A grant that passed every check, before anything is stored: what the summary page shows and grantMandate writes. */
export interface CheckedGrant {
  mandator: Party;
  mandatary: Party;
  mandataryName: string;
  scope: MandateScope;
  scopeTitle: string;
  validFrom: string;
  validUntil: string;
  /** The minimum level of assurance: the one asked, raised to the service's own. */
  minLoa: LevelOfAssurance;
  /** 2 where the business's authority is joint: the mandate then waits for a second signature. */
  signatures: 1 | 2;
  basis: Basis;
}

/**
 * Every check of a grant without storing anything: the fields (all problems listed at once), the
 * dates, the mandatary in the registers (a person's surname must match, so a typo in a BSN reaches
 * no one), the scope in the catalog (a service must allow mandates), and the authority of the
 * principal to grant for whom they handle now. The grant page's summary step uses it, grantMandate too.
 */
export async function checkGrant(ctx: ModuleContext, principal: Principal, input: unknown): Promise<Result<CheckedGrant>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  const actor = actorOfPrincipal(principal);
  const mandator = currentSubjectOf(principal);
  if (!actor || !mandator) return fail(mandatesFailures.citizensAndBusinessesOnly());
  const today = ctx.clock.today();
  const parsed = parseGrant(input, today);
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  const rules = mandateRules();
  const mandatary: Party =
    g.mandatary.kind === 'person' ? { kind: 'person', id: g.mandatary.bsn } : { kind: 'business', id: g.mandatary.kvkNumber };
  const latestUntil = addYears(tryParseIsoDate(g.validFrom) ?? today, rules.maxValidityYears);
  const issues: InvalidParam[] = grantProblems(
    { mandator, mandatary, validFrom: g.validFrom, validUntil: g.validUntil },
    today,
    latestUntil,
  ).map((p) => ({
    name: grantProblemTexts[p][0],
    code: `mandates.${p}`,
    reason: grantProblemTexts[p][1].replace('{years}', String(rules.maxValidityYears)),
  }));
  let mandataryName = '';
  if (g.mandatary.kind === 'person') {
    const person = await findPerson(ctx, g.mandatary.bsn);
    // The surname as people write it, with or without its prefix ("Vries" or "de Vries").
    const surname = normalise(g.mandatary.surname);
    const known = person ? [normalise(person.surname), normalise(`${person.surnamePrefix ?? ''}${person.surname}`)] : [];
    if (!person || !known.includes(surname) || person.deathDate !== null)
      issues.push({
        name: 'mandatary.bsn',
        code: 'mandates.unknown_mandatary',
        reason: 'Wij vinden niemand met dit burgerservicenummer en deze achternaam.',
      });
    else mandataryName = [person.givenNames, person.surnamePrefix, person.surname].filter(Boolean).join(' ');
  } else {
    const business = await businessFactsOf(ctx, g.mandatary.kvkNumber);
    if (!business || business.endedOn !== null)
      issues.push({
        name: 'mandatary.kvkNumber',
        code: 'mandates.unknown_mandatary',
        reason: 'Wij vinden geen actieve onderneming met dit KVK-nummer.',
      });
    else mandataryName = business.name;
  }
  let scopeTitle = '';
  let serviceLoa: LevelOfAssurance | null = null;
  if (g.scope.kind === 'service') {
    const service = await serviceAccessFacts(ctx, g.scope.organisationCode, g.scope.serviceId);
    if (!service)
      issues.push({
        name: 'scope.serviceId',
        code: 'mandates.service_not_found',
        reason: 'Deze dienst bestaat niet of is niet gepubliceerd.',
      });
    else if (service.mandatable === false)
      issues.push({ name: 'scope.serviceId', code: 'mandates.not_mandatable', reason: denyTexts.not_mandatable.nl });
    else {
      scopeTitle = service.title;
      serviceLoa = service.levelOfAssurance;
    }
  } else if (g.scope.kind === 'product') {
    const name = (await productNames(ctx, [g.scope.uplUri])).get(g.scope.uplUri);
    if (!name)
      issues.push({
        name: 'scope.uplUri',
        code: 'mandates.unknown_product',
        reason: 'Dit product staat niet in de Uniforme Productnamenlijst.',
      });
    else scopeTitle = name;
  } else {
    const setId = g.scope.setId;
    const set = (await store.serviceSetsOf(ctx.database.db, g.scope.organisationCode)).find((s) => s.id === setId);
    if (!set) issues.push({ name: 'scope.setId', code: 'mandates.unknown_service_set', reason: 'Deze dienstenset bestaat niet.' });
    else scopeTitle = set.name.nl;
  }
  if (issues.length > 0) return fail(mandatesFailures.invalidInput(issues));

  // Who may grant for the mandator, and with how many signatures.
  const authority =
    mandator.kind === 'person' && actor.business === null && mandator.id === actor.bsn
      ? ({ allow: true, signatures: 1, basis: { kind: 'self' } } as const)
      : mayGrant(await loadFacts(ctx, actor, mandator), actor, mandator, atOf(ctx), principal.loa, settings());
  if (!authority.allow) return fail(mandatesFailures.notAllowed(authority.reason));
  return ok({
    mandator,
    mandatary,
    mandataryName,
    scope: g.scope,
    scopeTitle,
    validFrom: g.validFrom,
    validUntil: g.validUntil,
    minLoa: maxLoa(g.minLoa ?? 'low', serviceLoa ?? 'low'),
    signatures: authority.signatures,
    basis: authority.basis,
  });
}

/** Grants a mandate for whom the principal handles now (themself, a business they may sign for, or someone they represent). */
export async function grantMandate(ctx: ModuleContext, principal: Principal, input: unknown, origin: Origin): Promise<Result<MandateView>> {
  const checked = await checkGrant(ctx, principal, input);
  if (!checked.ok) return checked;
  const { mandator, mandatary, scope, scopeTitle, validFrom, validUntil, minLoa, signatures } = checked.value;
  const authority = checked.value;
  const actor = actorOfPrincipal(principal);
  if (!actor) return fail(mandatesFailures.citizensAndBusinessesOnly());
  const now = ctx.clock.now();
  const mandate: Mandate = {
    id: newId(),
    mandator,
    mandatary,
    scope,
    validFrom,
    validUntil,
    minLoa,
    status: signatures === 2 ? 'awaiting_signature' : 'awaiting_acceptance',
    grantedBy: actor.bsn,
    secondSignatory: null,
    createdAt: now.toISOString(),
    acceptedAt: null,
    endedAt: null,
    endedBy: null,
  };
  const own = ownPartyOf(principal);
  const onBehalfOf = own && sameParty(own, mandator) ? null : { type: mandator.kind, id: mandator.id, mandateId: null };
  const written = await inUseCase(ctx.database, async (trx) => {
    await store.insertMandate(trx, mandate);
    await recordAudit(trx, {
      actor: auditActorFor(principal, onBehalfOf),
      action: 'mandates.granted',
      object: { type: 'mandate', id: mandate.id },
      requestId: origin.requestId,
      at: now,
      details: {
        scope: mandate.scope,
        validFrom: mandate.validFrom,
        validUntil: mandate.validUntil,
        minLoa,
        status: mandate.status,
        basis: auditBasisOf(authority.basis),
      },
    });
    await emitMandateEvent(ctx, trx, 'mandate.granted', mandate, scopeTitle, origin, now);
    return ok(mandate);
  });
  if (!written.ok) return written;
  return getMandate(ctx, principal, mandate.id);
}

/** Sign (second signatory), accept, decline or end a mandate: one transaction with its audit record and event. */
export async function changeMandate(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  event: MandateEvent,
  origin: Origin,
): Promise<Result<MandateView>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  if (!isUuidLike(id)) return fail(mandatesFailures.notFound());
  const current = await store.findMandate(ctx.database.db, id);
  if (!current) return fail(mandatesFailures.notFound());
  const side = await sideOf(ctx, principal, current);
  if (!side.mandator && !side.mandatary) return fail(mandatesFailures.notFound());
  if ((event === 'accept' || event === 'decline') && !side.mandatary) return fail(mandatesFailures.notYourSide());
  if (event === 'sign') {
    if (!side.mandator) return fail(mandatesFailures.notAllowed('not_authorised_to_grant'));
    if (side.actor?.bsn === current.grantedBy) return fail(mandatesFailures.secondSignatoryMustDiffer());
  }
  const now = ctx.clock.now();
  const [titled] = await viewsOf(ctx, [current], () => ({ sign: false, accept: false, decline: false, end: false }));
  const done = await inUseCase(ctx.database, async (trx) => {
    const m = await store.lockMandate(trx, ctx.database.dialect, id);
    if (!m) return fail(mandatesFailures.notFound());
    const next = nextStatus(m.status, event);
    if (!next) return fail(mandatesFailures.transitionNotAllowed(event));
    const endedBy = side.mandator ? m.mandator : m.mandatary;
    const changed: Mandate = {
      ...m,
      status: next,
      secondSignatory: event === 'sign' ? (side.actor?.bsn ?? null) : m.secondSignatory,
      acceptedAt: event === 'accept' ? now.toISOString() : m.acceptedAt,
      endedAt: event === 'end' ? now.toISOString() : m.endedAt,
      endedBy: event === 'end' ? endedBy : m.endedBy,
    };
    await store.updateMandate(trx, changed);
    const party = event === 'accept' || event === 'decline' ? m.mandatary : side.mandator ? m.mandator : m.mandatary;
    const own = ownPartyOf(principal);
    await recordAudit(trx, {
      actor: auditActorFor(principal, own && sameParty(own, party) ? null : { type: party.kind, id: party.id, mandateId: null }),
      action: `mandates.${{ sign: 'signed', accept: 'accepted', decline: 'declined', end: 'ended' }[event]}`,
      object: { type: 'mandate', id },
      requestId: origin.requestId,
      at: now,
      details: { from: m.status, to: next },
    });
    await emitMandateEvent(
      ctx,
      trx,
      `mandate.${{ sign: 'signed', accept: 'accepted', decline: 'declined', end: 'ended' }[event]}`,
      changed,
      titled?.scopeTitle ?? '',
      origin,
      now,
    );
    return ok(changed);
  });
  if (!done.ok) return done;
  return getMandate(ctx, principal, id);
}

// ---------------------------------------------------------------------------------------
// Acting for someone: the choices and the switch
// ---------------------------------------------------------------------------------------

export interface ActingOption {
  party: Party;
  name: string;
  /** How: legal basis, trade register, or mandates (with what they cover). */
  basis:
    { kind: 'self' } | { kind: 'legal'; basis: LegalBasis } | { kind: 'functionary'; role: string } | { kind: 'mandate'; scopes: string[] };
}

/** For whom the logged-in person may act today: themself, those they represent, their businesses, and their mandators. */
export async function actingOptions(ctx: ModuleContext, principal: Principal): Promise<Result<ActingOption[]>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  const actor = actorOfPrincipal(principal);
  const own = ownPartyOf(principal);
  if (!actor || !own) return fail(mandatesFailures.citizensAndBusinessesOnly());
  const today = ctx.clock.today();
  const at = atOf(ctx);
  const options: ActingOption[] = [];
  const ownName = principal.kind === 'business' ? ((await businessFactsOf(ctx, own.id))?.name ?? principal.name) : principal.name;
  options.push({ party: own, name: ownName, basis: { kind: 'self' } });
  const inForce = (r: { validFrom: string; validTo: string | null }): boolean =>
    r.validFrom <= today && (r.validTo === null || today < r.validTo);
  if (actor.business === null) {
    for (const r of (await representationsHeldBy(ctx, actor.bsn)).filter(inForce))
      options.push({
        party: { kind: 'person', id: r.representedBsn },
        name: r.representedName,
        basis: { kind: 'legal', basis: r.basis },
      });
    for (const f of (await functionaryPositionsOf(ctx, actor.bsn)).filter(inForce))
      options.push({ party: { kind: 'business', id: f.kvkNumber }, name: f.businessName, basis: { kind: 'functionary', role: f.role } });
  }
  // Mandates received in person, and (logged in for a firm) by the firm for its clients.
  const received = [
    ...(actor.business === null ? await store.mandatesReceivedBy(ctx.database.db, { kind: 'person', id: actor.bsn }) : []),
    ...(actor.business !== null ? await store.mandatesReceivedBy(ctx.database.db, { kind: 'business', id: actor.business }) : []),
  ].filter(
    (m) =>
      mandateStanding(m, at) === 'in_force' &&
      !(actor.business !== null && m.mandator.kind === 'business' && m.mandator.id === actor.business),
  );
  const views = await viewsOf(ctx, received, () => ({ sign: false, accept: false, decline: false, end: false }));
  const byMandator = new Map<string, ActingOption>();
  for (const v of views) {
    const key = partyKey(v.mandate.mandator);
    const option = byMandator.get(key) ?? { party: v.mandate.mandator, name: v.mandatorName, basis: { kind: 'mandate', scopes: [] } };
    if (option.basis.kind === 'mandate') option.basis.scopes.push(v.scopeTitle);
    byMandator.set(key, option);
  }
  const seen = new Set(options.map((o) => partyKey(o.party)));
  for (const [key, option] of byMandator) if (!seen.has(key)) options.push(option);
  return ok(options);
}

/** Starts acting for a party (checked: any relation in force), or for oneself again (null). */
export async function chooseActingFor(ctx: ModuleContext, principal: Principal, party: Party | null): Promise<Result<ActingFor | null>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  const own = ownPartyOf(principal);
  if (!own) return fail(mandatesFailures.citizensAndBusinessesOnly());
  if (party === null || sameParty(party, own)) return ok(null);
  const d = await decide(ctx, principal, { action: 'view', subject: party, service: null });
  if (!d.allow)
    return fail(
      d.reason === 'not_a_citizen_or_business' ? mandatesFailures.citizensAndBusinessesOnly() : mandatesFailures.notAllowed(d.reason),
    );
  const name = (await partyNames(ctx, [party])).get(partyKey(party)) ?? party.id;
  return ok({ kind: party.kind, id: party.id, name });
}

// ---------------------------------------------------------------------------------------
// The official's view for help-desk questions
// ---------------------------------------------------------------------------------------

/** Officials who answer questions about who may act for whom. */
export const lookupRoles = [
  'case_handler',
  'complaint_handler',
  'objection_committee',
  'administrator',
  'ombudsman',
] as const satisfies readonly Role[];

/** Everything about a person's or business's mandates and representations, for an official; logged in the processing log. */
export async function lookupForOfficial(ctx: ModuleContext, principal: Principal, party: Party, origin: Origin): Promise<Result<Overview>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  if (principal.kind !== 'official' || !principal.roles.some((r) => (lookupRoles as readonly Role[]).includes(r)))
    return fail(mandatesFailures.officialsOnly());
  const valid = party.kind === 'person' ? BSN.test(party.id) : KVK.test(party.id);
  if (!valid)
    return fail(
      mandatesFailures.invalidInput([
        party.kind === 'person'
          ? { name: 'bsn', code: 'mandates.invalid_bsn', reason: 'Vul een burgerservicenummer van 9 cijfers in.' }
          : { name: 'kvkNumber', code: 'mandates.invalid_kvk_number', reason: 'Vul een KVK-nummer van 8 cijfers in.' },
      ]),
    );
  const startedAt = ctx.clock.now();
  const overview = await overviewOf(ctx, party, () => ({ sign: false, accept: false, decline: false, end: false }));
  await ctx.processingLog.record(ctx.database.db, origin.trace, {
    name: 'Machtigingen en vertegenwoordiging inzien (klantvraag)',
    activityId: `${processingActivityBase}mandates.lookup`,
    subjects: [{ id: party.id, type: party.kind === 'person' ? 'BSN' : 'KVK' }],
    organisationCode: principal.organisationCode,
    startedAt,
    endedAt: ctx.clock.now(),
    attributes: { 'loket.actor': 'official' },
  });
  return ok(overview);
}

// ---------------------------------------------------------------------------------------
// Service sets (dienstensets) and expiry
// ---------------------------------------------------------------------------------------

export const serviceSetRoles = ['service_designer', 'administrator'] as const satisfies readonly Role[];

export function listServiceSets(ctx: ModuleContext, organisationCode: string): Promise<store.ServiceSet[]> {
  return ORG.test(organisationCode) ? store.serviceSetsOf(ctx.database.db, organisationCode) : Promise.resolve([]);
}

/** Makes or replaces a set of an organisation's published services; its service designers and administrators only. */
export async function saveServiceSet(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  input: unknown,
  origin: Origin,
): Promise<Result<store.ServiceSet>> {
  if (principal.kind === 'anonymous') return fail(mandatesFailures.loginRequired());
  if (
    principal.kind !== 'official' ||
    principal.organisationCode !== organisationCode ||
    !principal.roles.some((r) => (serviceSetRoles as readonly Role[]).includes(r))
  )
    return fail({
      code: 'mandates.service_designers_only',
      status: 403,
      title: 'Geen toegang',
      detail: 'Alleen dienstontwerpers en beheerders van de organisatie kunnen dienstensets maken.',
    });
  const body = obj(input);
  const issues: InvalidParam[] = [];
  const id = str(body['id']) ?? '';
  const nameNl = str(obj(body['name'])['nl']) ?? '';
  const nameEn = str(obj(body['name'])['en']) ?? nameNl;
  const serviceIds = Array.isArray(body['serviceIds']) ? body['serviceIds'] : null;
  if (!SET_ID.test(id) || id.length > 60)
    issues.push({
      name: 'id',
      code: 'mandates.invalid_service_set',
      reason: 'Kies een korte naam in kleine letters, cijfers en streepjes.',
    });
  if (nameNl.length === 0 || nameNl.length > 200)
    issues.push({ name: 'name.nl', code: 'mandates.invalid_name', reason: 'Vul een naam in.' });
  if (nameEn.length > 200) issues.push({ name: 'name.en', code: 'mandates.invalid_name', reason: 'De Engelse naam is te lang.' });
  if (!serviceIds || serviceIds.length === 0 || serviceIds.length > 500 || !serviceIds.every((s) => typeof s === 'string' && UUID.test(s)))
    issues.push({ name: 'serviceIds', code: 'mandates.invalid_services', reason: 'Kies één of meer diensten.' });
  else
    for (const s of new Set(serviceIds as string[]))
      if (!(await serviceAccessFacts(ctx, organisationCode, s)))
        issues.push({
          name: 'serviceIds',
          code: 'mandates.service_not_found',
          reason: `Dienst ${s} is niet gepubliceerd bij deze organisatie.`,
        });
  if (issues.length > 0) return fail(mandatesFailures.invalidInput(issues));
  const now = ctx.clock.now();
  const set: store.ServiceSet = {
    organisationCode,
    id,
    name: { nl: nameNl, en: nameEn || nameNl },
    serviceIds: [...new Set(serviceIds as string[])].sort(),
    createdAt: now.toISOString(),
  };
  return inUseCase(ctx.database, async (trx) => {
    await store.saveServiceSet(trx, set);
    await recordAudit(trx, {
      actor: actorOf(principal),
      action: 'mandates.service_set_saved',
      object: { type: 'service_set', id: `${organisationCode}:${id}` },
      requestId: origin.requestId,
      at: now,
      details: { services: set.serviceIds.length },
    });
    return ok(set);
  });
}

/** Tells both sides of each mandate that expired (its last day passed): one event per mandate, once. */
export async function noticeExpiries(ctx: ModuleContext, origin: Origin, batch = 500): Promise<number> {
  const today = ctx.clock.today();
  const expired = await store.expiredUnnoticed(ctx.database.db, today, batch);
  let told = 0;
  for (const m of expired) {
    const [view] = await viewsOf(ctx, [m], () => ({ sign: false, accept: false, decline: false, end: false }));
    const now = ctx.clock.now();
    await inUseCase(ctx.database, async (trx) => {
      if (!(await store.markExpiryNoticed(trx, m.id, now.toISOString()))) return ok(undefined);
      await recordAudit(trx, {
        actor: { type: 'system', id: null },
        action: 'mandates.expired',
        object: { type: 'mandate', id: m.id },
        requestId: origin.requestId,
        at: now,
        details: { validUntil: m.validUntil },
      });
      await emitMandateEvent(ctx, trx, 'mandate.expired', m, view?.scopeTitle ?? '', origin, now);
      told += 1;
      return ok(undefined);
    });
  }
  return told;
}
