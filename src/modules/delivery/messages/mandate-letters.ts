// delivery/messages: letters about mandates. The mandates module emits an outbox event for each
// step of a mandate (granted, signed, accepted, declined, ended, expired); this subscriber puts a
// plain-Dutch letter in the message box of each side that needs to know — a person's box, or a
// business's box for a business party — in the dispatcher's transaction, so the letters and the
// "delivered" mark commit together (once per event). The letters belong to no case; Loket sends them.
//
//   granted   the mandator ("U heeft X gemachtigd …") and the mandatary ("X heeft u gemachtigd …");
//             while a business's second signatory still has to sign, only the mandator
//   signed    the mandator, and now the mandatary (who can accept it from now on)
//   accepted  the mandator; declined: the mandator
//   ended     both sides; expired: both sides
import type { Trx } from '../../../platform/db/index.ts';
import type { StoredEvent, Subscription } from '../../../platform/events/index.ts';
import { formatDate } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { partyNames } from '../../registry/index.ts';
import type { Applicant } from '../policy.ts';
import { loketSender } from './model.ts';
import { sendMessage } from './service.ts';

/** The mandates module's events this subscriber writes letters for. */
export const mandateEventTypes = [
  'mandate.granted',
  'mandate.signed',
  'mandate.accepted',
  'mandate.declined',
  'mandate.ended',
  'mandate.expired',
] as const;
export type MandateEventType = (typeof mandateEventTypes)[number];

/** The subscriber's name in the outbox (renaming it would start its deliveries afresh). */
export const mandateLettersSubscriberName = 'delivery.messages.mandates';

/** The payload of a mandate event (mandates/service.ts emitMandateEvent). */
export interface MandateEventPayload {
  mandateId: string;
  mandator: Applicant;
  mandatary: Applicant;
  /** What the mandate is for: a service's title, a product's name or a service set's name. */
  scopeTitle: string;
  validFrom: string;
  validUntil: string;
  status: string;
}

/** A letter to write: to whom, its subject and its text (paragraphs separated by blank lines). */
export interface MandateLetter {
  recipient: Applicant;
  subject: string;
  body: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function partyOf(value: unknown): Applicant | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { kind, id } = value as Record<string, unknown>;
  return (kind === 'person' || kind === 'business') && typeof id === 'string' && id !== '' ? { kind, id } : undefined;
}

/** The payload, or undefined when it is not one (nothing to write then). */
export function mandatePayloadOf(payload: Readonly<Record<string, unknown>>): MandateEventPayload | undefined {
  const mandator = partyOf(payload['mandator']);
  const mandatary = partyOf(payload['mandatary']);
  const { mandateId, scopeTitle, validFrom, validUntil, status } = payload;
  if (!mandator || !mandatary || typeof mandateId !== 'string') return undefined;
  if (typeof validFrom !== 'string' || !ISO_DATE.test(validFrom) || typeof validUntil !== 'string' || !ISO_DATE.test(validUntil))
    return undefined;
  return {
    mandateId,
    mandator,
    mandatary,
    scopeTitle: typeof scopeTitle === 'string' ? scopeTitle : '',
    validFrom,
    validUntil,
    status: typeof status === 'string' ? status : '',
  };
}

const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const isMandateEventType = (type: string): type is MandateEventType => (mandateEventTypes as readonly string[]).includes(type);

/**
 * The letters one mandate event gives, in plain Dutch. `nameOf`: a party's name (from the
 * registers). Pure.
 */
export function mandateLetters(type: string, p: MandateEventPayload, nameOf: (party: Applicant) => string): MandateLetter[] {
  if (!isMandateEventType(type)) return [];
  const mandator = nameOf(p.mandator);
  const mandatary = nameOf(p.mandatary);
  const scope = p.scopeTitle.trim() === '' ? 'een dienst' : `‘${p.scopeTitle.trim()}’`;
  const from = formatDate(p.validFrom, 'nl');
  const until = formatDate(p.validUntil, 'nl');
  const letter =
    (recipient: Applicant) =>
    (subject: string, ...paragraphs: string[]): MandateLetter => ({
      recipient,
      subject: upperFirst(subject),
      body: paragraphs.map(upperFirst).join('\n\n'),
    });
  const toMandator = letter(p.mandator);
  const toMandatary = letter(p.mandatary);
  const endAnyTime = 'U kunt de machtiging altijd beëindigen bij Mijn machtigingen.';
  const invitation = toMandatary(
    `${mandator} heeft u gemachtigd`,
    `${mandator} heeft u gemachtigd voor ${scope}, van ${from} tot en met ${until}.`,
    `Wilt u dit namens ${mandator} regelen? Accepteer de machtiging dan bij Mijn machtigingen. Wilt u dat niet, dan kunt u de machtiging daar weigeren.`,
  );
  switch (type) {
    case 'mandate.granted':
      if (p.status === 'awaiting_signature')
        return [
          toMandator(
            `U heeft ${mandatary} gemachtigd`,
            `U heeft ${mandatary} gemachtigd voor ${scope}, van ${from} tot en met ${until}.`,
            `Een tweede bevoegde van de onderneming moet de machtiging nog ondertekenen. Daarna moet ${mandatary} de machtiging nog accepteren.`,
            endAnyTime,
          ),
        ];
      return [
        toMandator(
          `U heeft ${mandatary} gemachtigd`,
          `U heeft ${mandatary} gemachtigd voor ${scope}, van ${from} tot en met ${until}.`,
          `${mandatary} moet de machtiging nog accepteren. Daarna kan ${mandatary} dit namens u regelen.`,
          endAnyTime,
        ),
        invitation,
      ];
    case 'mandate.signed':
      return [
        toMandator(
          `De machtiging voor ${mandatary} is ondertekend`,
          `Een tweede bevoegde heeft de machtiging voor ${mandatary} voor ${scope} ondertekend.`,
          `${mandatary} moet de machtiging nog accepteren. Daarna kan ${mandatary} dit namens u regelen, van ${from} tot en met ${until}.`,
        ),
        invitation,
      ];
    case 'mandate.accepted':
      return [
        toMandator(
          `${mandatary} heeft uw machtiging geaccepteerd`,
          `${mandatary} heeft uw machtiging voor ${scope} geaccepteerd.`,
          `Van ${from} tot en met ${until} kan ${mandatary} dit namens u regelen.`,
          endAnyTime,
        ),
      ];
    case 'mandate.declined':
      return [
        toMandator(
          `${mandatary} heeft uw machtiging geweigerd`,
          `${mandatary} heeft uw machtiging voor ${scope} geweigerd.`,
          `${mandatary} kan dit dus niet namens u regelen. Wilt u iemand anders machtigen? Dat kan bij Mijn machtigingen.`,
        ),
      ];
    case 'mandate.ended':
      return [
        toMandator(
          `De machtiging voor ${mandatary} is beëindigd`,
          `De machtiging voor ${scope} waarmee ${mandatary} namens u kon handelen, is beëindigd.`,
          `${mandatary} kan dit vanaf nu niet meer namens u regelen.`,
        ),
        toMandatary(
          `De machtiging van ${mandator} is beëindigd`,
          `De machtiging voor ${scope} waarmee u namens ${mandator} kon handelen, is beëindigd.`,
          `U kunt dit vanaf nu niet meer namens ${mandator} regelen.`,
        ),
      ];
    case 'mandate.expired':
      return [
        toMandator(
          `De machtiging voor ${mandatary} is verlopen`,
          `De machtiging voor ${scope} waarmee ${mandatary} namens u kon handelen, gold tot en met ${until}. De machtiging is verlopen.`,
          `Wilt u dat ${mandatary} dit weer namens u regelt? Geef dan een nieuwe machtiging bij Mijn machtigingen.`,
        ),
        toMandatary(
          `De machtiging van ${mandator} is verlopen`,
          `De machtiging voor ${scope} waarmee u namens ${mandator} kon handelen, gold tot en met ${until}. De machtiging is verlopen.`,
          `U kunt dit vanaf nu niet meer namens ${mandator} regelen.`,
        ),
      ];
  }
}

/** A context whose database is the transaction, for reads inside it (SQLite has one connection, held by the transaction). */
const inside = (ctx: ModuleContext, trx: Trx): ModuleContext => ({ ...ctx, database: { ...ctx.database, db: trx } });

/** The letters of one mandate event, in the dispatcher's transaction. */
async function onMandateEvent(ctx: ModuleContext, event: StoredEvent, trx: Trx): Promise<void> {
  const payload = mandatePayloadOf(event.payload);
  if (!payload) return;
  const names = await partyNames(inside(ctx, trx), [payload.mandator, payload.mandatary]);
  const nameOf = (party: Applicant): string =>
    names.get(`${party.kind}:${party.id}`) ?? (party.kind === 'business' ? `de onderneming met KVK-nummer ${party.id}` : 'iemand');
  const at = ctx.clock.now();
  for (const letter of mandateLetters(event.type, payload, nameOf))
    await sendMessage(trx, ctx, { ...letter, kind: 'mandate', senderOrganisationCode: loketSender, at });
}

/** The outbox subscription that writes the letters about mandates. */
export function mandateLetterSubscriptions(ctx: ModuleContext): Subscription[] {
  return [{ name: mandateLettersSubscriberName, types: mandateEventTypes, handle: (event, trx) => onMandateEvent(ctx, event, trx) }];
}
