// delivery/offers: proactive offers as pure rules. A rule says: when event E happens for a person
// who matches C, offer service S (data/delivery/offers.json, loaded by reference.ts). This file
// decides whether a rule matches the facts of one event, which birth dates have a birthday
// today, and how an offer's status may change. No I/O, no clock: today comes in.
import { addDays, addMonths, addYears, isIsoDate, type IsoDate } from '../../../platform/time/index.ts';
import type { DecisionOutcome } from '../model.ts';

/** A text in every UI language, Dutch first. */
export interface LocalizedText {
  readonly nl: string;
  readonly en: string;
}

/** A law article or other source a rule rests on. */
export interface Citation {
  readonly title: LocalizedText;
  readonly url: string;
}

/** A kind of offer: what people can say "no more of these" to. */
export interface OfferKind {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
}

export const authorityKinds = ['parent', 'guardian'] as const;
export type AuthorityKind = (typeof authorityKinds)[number];

/** The events a rule can react to; `birthday` is found by a daily job, the others come through the outbox. */
export const triggerEvents = ['person.authority_registered', 'case.decided', 'birthday'] as const;
export type TriggerEvent = (typeof triggerEvents)[number];

/** When a rule fires (E), with the conditions on the person (C). */
export type OfferTrigger =
  | {
      readonly event: 'person.authority_registered';
      /** Parent or guardian. */
      readonly authorityKinds: readonly AuthorityKind[];
      /** Only for a child born less than this many calendar months ago (a birth, not a later change of authority). */
      readonly childYoungerThanMonths: number;
    }
  | {
      readonly event: 'case.decided';
      /** The product the decision was about. */
      readonly uplUris: readonly string[];
      readonly outcomes: readonly DecisionOutcome[];
    }
  | {
      readonly event: 'birthday';
      /** The age reached on the day. */
      readonly age: number;
    };

/** One service a rule offers: the UPL product and one sentence on why it matters to the person. */
export interface OfferedProduct {
  readonly uplUri: string;
  readonly why: LocalizedText;
}

export interface OfferRule {
  /** Stable, kebab-case; stored with every offer. */
  readonly id: string;
  /** The kind of offer (for opting out). */
  readonly kind: string;
  /** The rule in plain words: when, for whom, what. */
  readonly description: LocalizedText;
  /** Said to the person: what happened that makes us offer this. */
  readonly reason: LocalizedText;
  readonly when: OfferTrigger;
  /** The services offered (a life event in the data is expanded to its steps when loaded). */
  readonly products: readonly OfferedProduct[];
  /** Where the products came from: listed in the data, or the steps of a life event. */
  readonly lifeEvent: string | null;
  readonly sources: readonly Citation[];
}

/** What an event tells about the person, as the rules read it. */
export type OfferFacts =
  | { readonly event: 'person.authority_registered'; readonly authorityKind: string; readonly childBirthDate: string | null }
  | { readonly event: 'case.decided'; readonly uplUri: string; readonly outcome: string | null; readonly applicantKind: string }
  | { readonly event: 'birthday'; readonly birthDate: string };

/** Does the rule fire for these facts on `today`? */
export function ruleMatches(rule: OfferRule, facts: OfferFacts, today: IsoDate): boolean {
  const when = rule.when;
  if (when.event !== facts.event) return false;
  switch (when.event) {
    case 'person.authority_registered': {
      const f = facts as Extract<OfferFacts, { event: 'person.authority_registered' }>;
      if (!(when.authorityKinds as readonly string[]).includes(f.authorityKind)) return false;
      if (f.childBirthDate === null || !isIsoDate(f.childBirthDate) || f.childBirthDate > today) return false;
      // Younger than N months: born after the day N months before today.
      return f.childBirthDate > addMonths(today, -when.childYoungerThanMonths);
    }
    case 'case.decided': {
      const f = facts as Extract<OfferFacts, { event: 'case.decided' }>;
      return (
        f.applicantKind === 'person' &&
        when.uplUris.includes(f.uplUri) &&
        f.outcome !== null &&
        (when.outcomes as readonly string[]).includes(f.outcome)
      );
    }
    case 'birthday': {
      const f = facts as Extract<OfferFacts, { event: 'birthday' }>;
      return isIsoDate(f.birthDate) && birthdayOn(f.birthDate, when.age) === today;
    }
  }
}

/** The rules that react to an event. */
export function rulesFor(rules: readonly OfferRule[], event: TriggerEvent): OfferRule[] {
  return rules.filter((r) => r.when.event === event);
}

/** The day someone born on `birthDate` reaches `age` (29 February → 28 February in a common year, as platform/time counts years). */
export function birthdayOn(birthDate: IsoDate, age: number): IsoDate {
  return addYears(birthDate, age);
}

/**
 * The birth dates whose `age`-th birthday is `day`: the date `age` years before, and on 28
 * February of a common year also 29 February of a leap year.
 */
export function birthDatesTurning(age: number, day: IsoDate): IsoDate[] {
  const base = addYears(day, -age);
  return [base, addDays(base, 1)].filter((d) => birthdayOn(d, age) === day);
}

// ---------------------------------------------------------------------------------------------
// An offer's status

export const offerStatuses = ['offered', 'accepted', 'declined'] as const;
export type OfferStatus = (typeof offerStatuses)[number];
export type OfferDecision = 'accept' | 'decline';

export type OfferTransition = { ok: true; next: OfferStatus; changed: boolean } | { ok: false };

/**
 * An open offer can be accepted or declined once. Doing the same again changes nothing (a
 * double click, a repeated request); the other answer after the first is refused.
 */
export function decideOffer(status: OfferStatus, decision: OfferDecision): OfferTransition {
  const target: OfferStatus = decision === 'accept' ? 'accepted' : 'declined';
  if (status === 'offered') return { ok: true, next: target, changed: true };
  if (status === target) return { ok: true, next: status, changed: false };
  return { ok: false };
}

/** Where accepting an offer leads: the service's application form, prefilled for the offer. */
export function applicationPath(organisationCode: string, serviceId: string, offerId: string): string {
  return `/diensten/${encodeURIComponent(organisationCode)}/${encodeURIComponent(serviceId)}/aanvragen?aanbod=${encodeURIComponent(offerId)}`;
}

/** The text stored with an offer: the reason of the rule, then why this service. */
export function offerReason(rule: Pick<OfferRule, 'reason'>, product: Pick<OfferedProduct, 'why'>): LocalizedText {
  return { nl: `${rule.reason.nl} ${product.why.nl}`, en: `${rule.reason.en} ${product.why.en}` };
}

/** Which of the organisations offering a product serves a person: their municipality's own, then the province, water board, national. */
export function preferredOffering<T extends { organisationType: string }>(candidates: readonly T[]): T[] {
  const rank = (type: string): number =>
    type === 'municipality' ? 0 : type === 'province' ? 1 : type === 'water_board' ? 2 : type === 'agency' ? 3 : 4;
  return [...candidates].sort((a, b) => rank(a.organisationType) - rank(b.organisationType));
}
