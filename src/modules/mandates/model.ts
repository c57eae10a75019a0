// mandates: the one check engine for "may this actor do this for that subject?" (DOMAIN.md §4),
// and the lifecycle of a voluntary mandate. Pure: the facts come in (loaded by store.ts for one
// subject and one actor), a decision with its reason goes out. Nothing here is cached, so an
// ended or expired mandate stops allowing at the moment it ends.
//
// Three kinds of representation:
// - voluntary mandate (machtiging, DigiD Machtigen / eHerkenning): a person or business (mandator)
//   authorizes a person or business (mandatary) for a scope, between two dates, at a minimum level
//   of assurance; it counts once the mandatary accepted, until it is ended or expires;
// - legal representation from the registers: gezag over a minor, curatele, beschermingsbewind,
//   mentorschap (computed by the registry with their end dates: the 18th birthday, death, the court's end);
// - business representation from the trade register: functionaries by their authority; employees
//   mandated by their business; an intermediary firm mandated by its client (ketenmachtiging),
//   whose own people act under the firm's internal mandate.
import { levelsOfAssurance, loaAtLeast, type LevelOfAssurance } from '../../platform/auth/model.ts';

// ---------------------------------------------------------------------------------------
// Parties, actions, services
// ---------------------------------------------------------------------------------------

export const partyKinds = ['person', 'business'] as const;
export type PartyKind = (typeof partyKinds)[number];

/** A person (BSN) or a business (KVK number). */
export interface Party {
  readonly kind: PartyKind;
  readonly id: string;
}

export const sameParty = (a: Party, b: Party): boolean => a.kind === b.kind && a.id === b.id;
export const partyKey = (p: Party): string => `${p.kind}:${p.id}`;

/**
 * Who acts: always a person (BSN), logged in for themself (DigiD) or for a business
 * (eHerkenning: `business` is the KVK number they logged in for).
 */
export interface Actor {
  readonly bsn: string;
  readonly business: string | null;
}

/** What is done for the subject. */
export const actions = ['view', 'apply', 'read_case', 'respond', 'object', 'manage_mandates'] as const;
export type Action = (typeof actions)[number];

/** What an act is about (as in the registry): money and goods, or personal and care matters. */
export type Matter = 'financial' | 'personal';

/** The facts of the service acted on that the check needs (from the catalog and the organisation's service sets). */
export interface ServiceFacts {
  readonly organisationCode: string;
  readonly serviceId: string;
  readonly uplUri: string | null;
  /** false: the service cannot be used through a voluntary mandate (DOMAIN.md §4.2). null: not decided, treated as allowed. */
  readonly mandatable: boolean | null;
  /** The level of assurance the service requires (AP05); null: none set, `low` applies. */
  readonly requiredLoa: LevelOfAssurance | null;
  /** What the service is about; null: both (then only a representation covering both matters counts). */
  readonly matter: Matter | null;
  /** The organisation's service sets (dienstensets) this service belongs to. */
  readonly serviceSetIds: readonly string[];
}

/** A moment: the calendar day (Europe/Amsterdam) for date-bound relations, the instant for ended mandates. */
export interface At {
  readonly day: string;
  readonly instant: string;
}

// ---------------------------------------------------------------------------------------
// Voluntary mandates
// ---------------------------------------------------------------------------------------

export type MandateScope =
  | { readonly kind: 'service'; readonly organisationCode: string; readonly serviceId: string }
  | { readonly kind: 'product'; readonly uplUri: string }
  | { readonly kind: 'service_set'; readonly organisationCode: string; readonly setId: string };
export const scopeKinds = ['service', 'product', 'service_set'] as const;

export const mandateStatuses = ['awaiting_signature', 'awaiting_acceptance', 'active', 'declined', 'ended'] as const;
export type MandateStatus = (typeof mandateStatuses)[number];

export interface Mandate {
  readonly id: string;
  readonly mandator: Party;
  readonly mandatary: Party;
  readonly scope: MandateScope;
  /** First day it applies. */
  readonly validFrom: string;
  /** Last day it applies (inclusive), as the mandator chose it. */
  readonly validUntil: string;
  /** The lowest level of assurance the mandatary must log in with (the provider's choice, DOMAIN.md §4.2). */
  readonly minLoa: LevelOfAssurance;
  readonly status: MandateStatus;
  /** BSN of who granted it (the mandator, or a functionary for a business). */
  readonly grantedBy: string;
  /** BSN of the second signatory, where the business's authority is joint. */
  readonly secondSignatory: string | null;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly endedAt: string | null;
  readonly endedBy: Party | null;
}

/** Does the scope cover the service? */
export function scopeCovers(scope: MandateScope, service: ServiceFacts): boolean {
  switch (scope.kind) {
    case 'service':
      return scope.organisationCode === service.organisationCode && scope.serviceId === service.serviceId;
    case 'product':
      return service.uplUri !== null && scope.uplUri === service.uplUri;
    case 'service_set':
      return scope.organisationCode === service.organisationCode && service.serviceSetIds.includes(scope.setId);
  }
}

export type MandateStanding = 'in_force' | 'not_accepted' | 'declined' | 'ended' | 'expired' | 'not_started';

/** Where a mandate stands at `at`: only `in_force` allows anything. */
export function mandateStanding(m: Mandate, at: At): MandateStanding {
  if (m.status === 'ended' || (m.endedAt !== null && m.endedAt <= at.instant)) return 'ended';
  if (m.status === 'declined') return 'declined';
  if (m.status !== 'active') return 'not_accepted';
  if (at.day < m.validFrom) return 'not_started';
  if (at.day > m.validUntil) return 'expired';
  return 'in_force';
}

// ---------------------------------------------------------------------------------------
// Legal and business representation facts
// ---------------------------------------------------------------------------------------

export type LegalBasis = 'gezag' | 'curatele' | 'beschermingsbewind' | 'mentorschap';

/** A legal representation as the registry computes it: the end includes the 18th birthday and death. */
export interface LegalRepresentation {
  readonly representativeBsn: string;
  readonly representedBsn: string;
  readonly basis: LegalBasis;
  readonly validFrom: string;
  /** The first day it no longer applies, or null. */
  readonly validTo: string | null;
  readonly covers: readonly Matter[];
}

export type FunctionaryAuthority = 'sole' | 'joint' | 'limited';

export interface Functionary {
  readonly kvkNumber: string;
  readonly personBsn: string;
  readonly role: string;
  readonly authority: FunctionaryAuthority;
  readonly validFrom: string;
  /** The first day it no longer applies, or null. */
  readonly validTo: string | null;
}

const inForceOn = (r: { validFrom: string; validTo: string | null }, day: string): boolean =>
  r.validFrom <= day && (r.validTo === null || day < r.validTo);

/**
 * What the store loads for one check: the subject, the relations about it, and the relations of
 * the actor inside the businesses that are the subject or its mandataries.
 */
export interface CheckFacts {
  /** The subject as the registers know it; null when unknown. `endedOn`/`deathDate`: a person died, a business ended. */
  readonly subject: { readonly party: Party; readonly endedOn: string | null } | null;
  /** Legal representations of the subject (a person), as the registry computes them. */
  readonly legal: readonly LegalRepresentation[];
  /** Functionaries of the subject (a business) and of every business that is a mandatary of the subject. */
  readonly functionaries: readonly Functionary[];
  /** Mandates granted by the subject, and mandates granted by its business mandataries (their internal mandates). */
  readonly mandates: readonly Mandate[];
}

// ---------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------

/** One link of the chain a decision used. */
export type ChainLink =
  | { readonly kind: 'mandate'; readonly mandateId: string; readonly mandator: Party; readonly mandatary: Party }
  | { readonly kind: 'functionary'; readonly kvkNumber: string; readonly role: string; readonly authority: FunctionaryAuthority };

export type Basis =
  | { readonly kind: 'self' }
  | { readonly kind: 'legal'; readonly basis: LegalBasis; readonly validTo: string | null }
  | { readonly kind: 'functionary'; readonly kvkNumber: string; readonly role: string; readonly authority: FunctionaryAuthority }
  | { readonly kind: 'mandate'; readonly chain: readonly ChainLink[] };

export const denyReasons = [
  'unknown_subject',
  'subject_ended',
  'not_mandatable',
  'loa_too_low',
  'matter_not_covered',
  'out_of_scope',
  'mandate_not_accepted',
  'mandate_declined',
  'mandate_not_started',
  'mandate_expired',
  'mandate_ended',
  'representation_ended',
  'not_authorised_to_grant',
  'no_relation',
] as const;
export type DenyReason = (typeof denyReasons)[number];

export type Decision =
  | { readonly allow: true; readonly basis: Basis; readonly requiredLoa: LevelOfAssurance }
  | { readonly allow: false; readonly reason: DenyReason; readonly requiredLoa?: LevelOfAssurance; readonly mandateId?: string };

/** Levels of assurance set as data (data/mandates/rules.json, with sources). */
export interface CheckSettings {
  /** What a chain needs: a ketenmachtiging needs EH3 (substantieel) on both sides (DOMAIN.md §4.3). */
  readonly chainMinimumLoa: LevelOfAssurance;
  /** What a legal representative acts with at least (the provider decides, DOMAIN.md §4.2). */
  readonly legalMinimumLoa: LevelOfAssurance;
}

export const maxLoa = (...levels: readonly LevelOfAssurance[]): LevelOfAssurance =>
  levels.reduce<LevelOfAssurance>((a, b) => (levelsOfAssurance.indexOf(b) > levelsOfAssurance.indexOf(a) ? b : a), 'low');

/** The most telling reason first, when several ways were tried and none allowed. */
const reasonRank: readonly DenyReason[] = [
  'loa_too_low',
  'not_mandatable',
  'matter_not_covered',
  'mandate_not_started',
  'mandate_expired',
  'mandate_ended',
  'mandate_not_accepted',
  'mandate_declined',
  'representation_ended',
  'out_of_scope',
  'not_authorised_to_grant',
  'no_relation',
];

type Deny = Extract<Decision, { allow: false }>;
const deny = (reason: DenyReason, extra: Omit<Deny, 'allow' | 'reason'> = {}): Deny => ({ allow: false, reason, ...extra });

function best(denials: readonly Deny[]): Deny {
  const loaOf = (d: Deny): number => levelsOfAssurance.indexOf(d.requiredLoa ?? 'low');
  // Among denials for the same reason, the lowest level of assurance asked for: the one that will do.
  const better = (b: Deny, a: Deny): boolean => {
    const byReason = reasonRank.indexOf(b.reason) - reasonRank.indexOf(a.reason);
    return byReason < 0 || (byReason === 0 && loaOf(b) < loaOf(a));
  };
  return denials.reduce<Deny>((a, b) => (better(b, a) ? b : a), deny('no_relation'));
}

const standingReason: Record<Exclude<MandateStanding, 'in_force'>, DenyReason> = {
  not_accepted: 'mandate_not_accepted',
  declined: 'mandate_declined',
  ended: 'mandate_ended',
  expired: 'mandate_expired',
  not_started: 'mandate_not_started',
};

export interface CheckRequest {
  readonly actor: Actor;
  readonly subject: Party;
  readonly action: Action;
  /** The service acted on; null for seeing the subject's affairs in general ("view") and for managing mandates. */
  readonly service: ServiceFacts | null;
  readonly at: At;
  /** The level of assurance of the actor's login. */
  readonly loa: LevelOfAssurance;
}

/**
 * May `actor` do `action` for `subject` (in `service`) at `at`, logged in at `loa`? Allow with the
 * basis used (the chain of mandates or the legal basis), or deny with the reason.
 *
 * Invariants (property-tested): an ended, expired, not-yet-started, unaccepted or out-of-scope
 * mandate never allows; a represented minor who turned 18 is not represented; an intermediary's
 * employee never gets more than the intermediary holds; a chain never visits a party twice; the
 * level of assurance needed is never below the service's own.
 */
export function check(facts: CheckFacts, request: CheckRequest, settings: CheckSettings): Decision {
  const { actor, subject, action, service, at, loa } = request;
  const { chainMinimumLoa, legalMinimumLoa } = settings;
  const serviceLoa = service?.requiredLoa ?? 'low';
  const loaCheck = (needed: LevelOfAssurance, basis: Basis): Decision =>
    loaAtLeast(loa, needed) ? { allow: true, basis, requiredLoa: needed } : deny('loa_too_low', { requiredLoa: needed });

  // Oneself: a person for themself; a business's own functionary or mandated employee is below.
  if (subject.kind === 'person' && actor.business === null && subject.id === actor.bsn) return loaCheck(serviceLoa, { kind: 'self' });

  if (facts.subject === null || !sameParty(facts.subject.party, subject)) return deny('unknown_subject');
  if (facts.subject.endedOn !== null && facts.subject.endedOn <= at.day) {
    // The death of the represented person ends every representation; a business that ended has no representatives.
    return deny('subject_ended');
  }

  const denials: Deny[] = [];
  const consider = (d: Decision): Decision | undefined => {
    if (d.allow) return d;
    denials.push(d);
    return undefined;
  };

  if (subject.kind === 'person') {
    // Legal representation: only the representative in person (not logged in for a business).
    if (actor.business === null) {
      for (const r of facts.legal) {
        if (r.representedBsn !== subject.id || r.representativeBsn !== actor.bsn) continue;
        if (!inForceOn(r, at.day)) {
          denials.push(deny('representation_ended'));
          continue;
        }
        if (action === 'manage_mandates' && r.basis !== 'gezag' && r.basis !== 'curatele') {
          denials.push(deny('matter_not_covered'));
          continue;
        }
        if (service && !matterCovered(r.covers, service.matter)) {
          denials.push(deny('matter_not_covered'));
          continue;
        }
        const found = consider(loaCheck(maxLoa(serviceLoa, legalMinimumLoa), { kind: 'legal', basis: r.basis, validTo: r.validTo }));
        if (found) return found;
      }
    }
  } else {
    // The business itself: its functionaries (from the trade register).
    const own = functionaryDecision(facts, actor, subject.id, action, at);
    if (own) {
      const found = consider(own.allow ? loaCheck(serviceLoa, own.basis) : own);
      if (found) return found;
    }
  }

  if (action === 'manage_mandates') return best(denials);

  // Voluntary mandates granted by the subject.
  for (const m of facts.mandates) {
    if (!sameParty(m.mandator, subject)) continue;
    const direct = m.mandatary.kind === 'person' && m.mandatary.id === actor.bsn && actor.business === null;
    const viaEmployee =
      subject.kind === 'business' && m.mandatary.kind === 'person' && m.mandatary.id === actor.bsn && actor.business === subject.id;
    // Through a firm, never back to the subject: a person logged in for their firm does not act for
    // themself through it (a chain passes each party once; for oneself, log in as oneself).
    const viaFirm =
      m.mandatary.kind === 'business' && m.mandatary.id !== subject.id && !(subject.kind === 'person' && subject.id === actor.bsn);
    if (!direct && !viaEmployee && !viaFirm) continue;
    const usable = usableMandate(m, service, at);
    if (!usable.allow) {
      // A mandate to a firm the actor does not work for tells nothing about this actor.
      if (!viaFirm || actorInside(facts, actor, m.mandatary.id, at)) denials.push(usable);
      continue;
    }
    const link: ChainLink = { kind: 'mandate', mandateId: m.id, mandator: m.mandator, mandatary: m.mandatary };
    const needed = maxLoa(serviceLoa, m.minLoa);
    if (!viaFirm) {
      const found = consider(loaCheck(needed, { kind: 'mandate', chain: [link] }));
      if (found) return found;
      continue;
    }
    // Ketenmachtiging: the actor acts inside the intermediary firm, by its functionaries' authority
    // or by the firm's internal mandate, which never reaches further than the client's mandate.
    const inner = insideFirm(facts, actor, m, service, at);
    if (!inner.allow) {
      denials.push(inner);
      continue;
    }
    const found = consider(loaCheck(maxLoa(needed, chainMinimumLoa, inner.minLoa), { kind: 'mandate', chain: [link, ...inner.chain] }));
    if (found) return found;
  }
  return best(denials);
}

function matterCovered(covers: readonly Matter[], matter: Matter | null): boolean {
  return matter === null ? covers.includes('financial') && covers.includes('personal') : covers.includes(matter);
}

/** A mandate that is in force and covers the service (or, without a service, any in force mandate for seeing). */
function usableMandate(m: Mandate, service: ServiceFacts | null, at: At): { allow: true } | Deny {
  // Scope first: the state of a mandate for another service says nothing about this one.
  if (service !== null && service.mandatable === false) return deny('not_mandatable', { mandateId: m.id });
  if (service !== null && !scopeCovers(m.scope, service)) return deny('out_of_scope', { mandateId: m.id });
  const standing = mandateStanding(m, at);
  if (standing !== 'in_force') return deny(standingReason[standing], { mandateId: m.id });
  return { allow: true };
}

/** The actor's standing as a functionary of `kvkNumber` on the day, logged in for that business or in person. */
function functionaryOf(facts: CheckFacts, actor: Actor, kvkNumber: string, at: At): Functionary | undefined {
  if (actor.business !== null && actor.business !== kvkNumber) return undefined;
  const held = facts.functionaries.filter((f) => f.kvkNumber === kvkNumber && f.personBsn === actor.bsn && inForceOn(f, at.day));
  const rank: Record<FunctionaryAuthority, number> = { sole: 0, joint: 1, limited: 2 };
  return held.sort((a, b) => rank[a.authority] - rank[b.authority])[0];
}

function functionaryDecision(
  facts: CheckFacts,
  actor: Actor,
  kvkNumber: string,
  action: Action,
  at: At,
): { allow: true; basis: Basis } | Deny | undefined {
  const f = functionaryOf(facts, actor, kvkNumber, at);
  if (!f) {
    // Logged in for another business, a position here (in force or not) is no relation at all.
    const loggedInHere = actor.business === null || actor.business === kvkNumber;
    const ended = loggedInHere && facts.functionaries.some((x) => x.kvkNumber === kvkNumber && x.personBsn === actor.bsn);
    return ended ? deny('representation_ended') : undefined;
  }
  // Granting mandates needs authority: sole alone, joint with a second signatory (see mayGrant); limited never.
  if (action === 'manage_mandates' && f.authority === 'limited') return deny('not_authorised_to_grant');
  return { allow: true, basis: { kind: 'functionary', kvkNumber, role: f.role, authority: f.authority } };
}

function actorInside(facts: CheckFacts, actor: Actor, firm: string, at: At): boolean {
  if (actor.business !== null && actor.business !== firm) return false;
  return (
    functionaryOf(facts, actor, firm, at) !== undefined ||
    facts.mandates.some(
      (m) => m.mandator.kind === 'business' && m.mandator.id === firm && m.mandatary.kind === 'person' && m.mandatary.id === actor.bsn,
    )
  );
}

/** The actor inside the intermediary firm that holds `clientMandate`: a functionary, or an employee with an internal mandate. */
function insideFirm(
  facts: CheckFacts,
  actor: Actor,
  clientMandate: Mandate,
  service: ServiceFacts | null,
  at: At,
): { allow: true; chain: readonly ChainLink[]; minLoa: LevelOfAssurance } | Deny {
  const firm = clientMandate.mandatary.id;
  if (actor.business !== null && actor.business !== firm) return deny('no_relation');
  const f = functionaryOf(facts, actor, firm, at);
  if (f && f.authority !== 'limited')
    return { allow: true, chain: [{ kind: 'functionary', kvkNumber: firm, role: f.role, authority: f.authority }], minLoa: 'low' };
  const denials: Deny[] = [];
  let chosen: Mandate | undefined;
  for (const internal of facts.mandates) {
    if (internal.mandator.kind !== 'business' || internal.mandator.id !== firm) continue;
    if (internal.mandatary.kind !== 'person' || internal.mandatary.id !== actor.bsn) continue;
    const usable = usableMandate(internal, service, at);
    if (!usable.allow) {
      denials.push(usable);
      continue;
    }
    // Of several usable internal mandates, the one asking the lowest level of assurance (the
    // answer must not depend on the order in which the store returns them).
    if (!chosen || levelsOfAssurance.indexOf(internal.minLoa) < levelsOfAssurance.indexOf(chosen.minLoa)) chosen = internal;
  }
  if (!chosen) return best(denials);
  // Never more than the firm holds: the client's mandate and the internal one both cover the
  // service (checked above and in usableMandate), so the chain allows only their intersection.
  return {
    allow: true,
    chain: [{ kind: 'mandate', mandateId: chosen.id, mandator: chosen.mandator, mandatary: chosen.mandatary }],
    minLoa: chosen.minLoa,
  };
}

// ---------------------------------------------------------------------------------------
// Granting: who may grant a mandate for a mandator, and whether a second signature is needed
// ---------------------------------------------------------------------------------------

export type GrantAuthority =
  | { allow: true; signatures: 1 | 2; basis: Basis }
  | { allow: false; reason: 'not_authorised_to_grant' | 'loa_too_low' | 'unknown_subject' | 'subject_ended' | DenyReason };

/**
 * May `actor` grant mandates for `mandator`? A person for themself; a parent with authority or a
 * curator for the one they represent; for a business, a functionary with sole authority alone, one
 * with joint authority together with a second (eHerkenning: EH2+ needs two signatories, DOMAIN.md §4.3).
 */
export function mayGrant(
  facts: CheckFacts,
  actor: Actor,
  mandator: Party,
  at: At,
  loa: LevelOfAssurance,
  settings: CheckSettings,
): GrantAuthority {
  const d = check(facts, { actor, subject: mandator, action: 'manage_mandates', service: null, at, loa }, settings);
  if (!d.allow) return { allow: false, reason: d.reason };
  if (d.basis.kind === 'functionary') return { allow: true, signatures: d.basis.authority === 'sole' ? 1 : 2, basis: d.basis };
  return { allow: true, signatures: 1, basis: d.basis };
}

// ---------------------------------------------------------------------------------------
// The lifecycle of a voluntary mandate
// ---------------------------------------------------------------------------------------

export const mandateEvents = ['sign', 'accept', 'decline', 'end'] as const;
export type MandateEvent = (typeof mandateEvents)[number];

const transitions: Record<MandateStatus, Partial<Record<MandateEvent, MandateStatus>>> = {
  awaiting_signature: { sign: 'awaiting_acceptance', end: 'ended' },
  awaiting_acceptance: { accept: 'active', decline: 'declined', end: 'ended' },
  active: { end: 'ended' },
  declined: {},
  ended: {},
};

/** The next status, or undefined when the event is not allowed now. */
export function nextStatus(status: MandateStatus, event: MandateEvent): MandateStatus | undefined {
  return transitions[status][event];
}

export type GrantProblem = 'self_mandate' | 'until_before_from' | 'from_in_past' | 'too_long';

/**
 * The date and party rules of a new mandate (the service checks the registers and the scope).
 * `latestUntil`: the last day allowed for a mandate starting on `validFrom` (data/mandates/rules.json).
 */
export function grantProblems(
  input: { mandator: Party; mandatary: Party; validFrom: string; validUntil: string },
  today: string,
  latestUntil: string,
): GrantProblem[] {
  const problems: GrantProblem[] = [];
  if (sameParty(input.mandator, input.mandatary)) problems.push('self_mandate');
  if (input.validUntil < input.validFrom) problems.push('until_before_from');
  if (input.validFrom < today) problems.push('from_in_past');
  if (input.validUntil > latestUntil) problems.push('too_long');
  return problems;
}
