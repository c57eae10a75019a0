// delivery/messages: the message box's pure rules — kinds of letters, checking the e-mail address
// and paging input, and the text of the e-mail notification. No I/O.
import type { Applicant, ApplicantKind } from '../policy.ts';

/** One wrong field (the shape of platform/http's InvalidParam, which a pure file may not import). */
export interface FieldIssue {
  name: string;
  code: string;
  reason: string;
}

export const messageKinds = [
  'receipt',
  'information_request',
  'extension',
  'decision',
  'operation_of_law',
  'penalty',
  'offer',
  'mandate',
  'other',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && (messageKinds as readonly string[]).includes(value);
}

/** A letter in someone's message box. */
export interface Message {
  id: string;
  recipient: Applicant;
  kind: MessageKind;
  senderOrganisationCode: string;
  subject: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  case: { organisationCode: string; caseId: string; caseNumber: string | null } | null;
  /** Instant (ISO 8601, UTC). */
  createdAt: string;
  /** When the recipient first opened it; null: unread. */
  readAt: string | null;
}

/** A letter as listed: without its text. */
export type MessageSummary = Omit<Message, 'body'>;

/** Where the recipient wants to hear of new messages. */
export interface Contact {
  email: string | null;
  notify: boolean;
}

/** What someone who never gave an address sees: no address; notifications on as soon as they give one. */
export const defaultContact: Contact = { email: null, notify: true };

export const messageLimits = {
  subject: 200,
  body: 100_000,
  /** RFC 5321 section 4.5.3.1: 64 for the local part, 254 for the whole path. */
  emailLocal: 64,
  email: 254,
  pageMax: 100,
  pageDefault: 20,
  offsetMax: 1_000_000,
} as const;

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An e-mail address as people type it (ASCII, one `@`, a domain with a dot). Only what is safe in
 * an e-mail header passes: no spaces, line breaks, quotes or angle brackets.
 */
export function isValidEmail(value: string): boolean {
  if (value.length > messageLimits.email) return false;
  const at = value.lastIndexOf('@');
  if (at < 1 || at !== value.indexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return local.length <= messageLimits.emailLocal && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

const field = (name: string, code: string, reason: string): FieldIssue => ({ name, code, reason });

/** Checks the settings as sent (any JSON): an object with `email` (text or null; empty means none) and `notify` (true or false). */
export function parseContact(input: unknown): { ok: true; value: Contact } | { ok: false; issues: FieldIssue[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, issues: [field('', 'delivery.invalid_body', 'Stuur een object met email en notify.')] };
  const body = input as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(body))
    if (key !== 'email' && key !== 'notify') issues.push(field(key, 'delivery.unknown_field', 'Dit veld bestaat niet.'));
  const rawEmail = body['email'];
  let email: string | null = null;
  if (typeof rawEmail === 'string') {
    const trimmed = rawEmail.trim();
    if (trimmed !== '') {
      if (isValidEmail(trimmed)) email = trimmed;
      else
        issues.push(
          field(
            'email',
            'delivery.invalid_email',
            `Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl (hoogstens ${messageLimits.email} tekens).`,
          ),
        );
    }
  } else if (rawEmail !== null && rawEmail !== undefined) {
    issues.push(field('email', 'delivery.invalid_email', 'Vul een e-mailadres in als tekst, of laat het leeg.'));
  }
  const notify = body['notify'];
  if (typeof notify !== 'boolean') issues.push(field('notify', 'delivery.invalid_notify', 'Kies of u een e-mail wilt krijgen: ja of nee.'));
  if (issues.length > 0) return { ok: false, issues };
  if (notify === true && email === null)
    return {
      ok: false,
      issues: [field('email', 'delivery.email_required', 'Vul uw e-mailadres in, of kies dat u geen e-mail wilt krijgen.')],
    };
  return { ok: true, value: { email, notify: notify as boolean } };
}

export interface MessageQuery {
  limit: number;
  offset: number;
  /** true: only unread; false: only read; undefined: all. */
  unread: boolean | undefined;
}

/** Checks paging and the unread filter: limit 1–100 (default 20), offset ≥ 0, unread a boolean when given. */
export function parseMessageQuery(input: {
  limit?: unknown;
  offset?: unknown;
  unread?: unknown;
}): { ok: true; value: MessageQuery } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const limit = input.limit ?? messageLimits.pageDefault;
  const offset = input.offset ?? 0;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > messageLimits.pageMax)
    issues.push(field('limit', 'delivery.invalid_limit', `Kies een aantal van 1 tot en met ${messageLimits.pageMax}.`));
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > messageLimits.offsetMax)
    issues.push(field('offset', 'delivery.invalid_offset', 'Kies een positie van 0 of hoger.'));
  if (input.unread !== undefined && typeof input.unread !== 'boolean')
    issues.push(field('unread', 'delivery.invalid_unread', 'Kies ja of nee.'));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { limit: limit as number, offset: offset as number, unread: input.unread as boolean | undefined } };
}

/** A new message as a caller hands it over; refused (a programming error) when it breaks the limits. */
export function checkNewMessage(m: {
  recipient: { kind: unknown; id: unknown };
  kind: unknown;
  senderOrganisationCode: unknown;
  subject: unknown;
  body: unknown;
}): string | null {
  if (m.recipient.kind !== 'person' && m.recipient.kind !== 'business') return 'recipient.kind must be person or business';
  if (typeof m.recipient.id !== 'string' || m.recipient.id === '') return 'recipient.id is required';
  if (!isMessageKind(m.kind)) return `unknown message kind ${String(m.kind)}`;
  if (typeof m.senderOrganisationCode !== 'string' || m.senderOrganisationCode === '') return 'senderOrganisationCode is required';
  if (typeof m.subject !== 'string' || m.subject.trim() === '' || m.subject.length > messageLimits.subject)
    return `subject must be 1 to ${messageLimits.subject} characters`;
  if (typeof m.body !== 'string' || m.body.length > messageLimits.body) return `body must be at most ${messageLimits.body} characters`;
  return null;
}

/** Paragraphs of a letter: split on blank lines, each trimmed, empty ones dropped. */
export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The sender of letters that come from Loket itself rather than an organisation: notices about
 * mandates (who may act for whom), which belong to no service.
 */
export const loketSender = 'LOKET';

export const messagePaths = {
  box: '/berichten',
  message: (id: string): string => `/berichten/${id}`,
  settings: '/berichten/instellingen',
  case: (organisationCode: string, caseId: string): string =>
    `/zaken/${encodeURIComponent(organisationCode)}/${encodeURIComponent(caseId)}`,
} as const;

export const messageApi = {
  messages: '/api/v1/messages',
  message: (id: string): string => `/api/v1/messages/${id}`,
  settings: '/api/v1/messages/settings',
} as const;

/** The recipient as a key for logs and audit objects: `person:<bsn>` or `business:<kvk>`. */
export const recipientKey = (r: { kind: ApplicantKind; id: string }): string => `${r.kind}:${r.id}`;

/**
 * The e-mail that tells someone a message waits in Loket. It holds nothing of the letter itself —
 * not its subject, sender or case — because e-mail is not a secure channel; only a link to it.
 */
export function notificationMail(input: { messageId: string; baseUrl: string | undefined }): { subject: string; text: string } {
  const base = (input.baseUrl ?? '').replace(/\/+$/, '');
  const link = `${base}${messagePaths.message(input.messageId)}`;
  const settings = `${base}${messagePaths.settings}`;
  return {
    subject: 'Nieuw bericht in Loket / New message in Loket',
    text: [
      'Beste heer, mevrouw,',
      '',
      'Er staat een nieuw bericht voor u klaar in Loket. Log in om het te lezen:',
      link,
      '',
      'Voor uw privacy staat de inhoud van het bericht niet in deze e-mail.',
      'Deze e-mail is automatisch verstuurd. U kunt er niet op antwoorden.',
      `Wilt u deze e-mails niet meer krijgen? Zet ze uit bij Berichten, Instellingen: ${settings}`,
      '',
      '----',
      '',
      'Dear Sir or Madam,',
      '',
      'A new message is waiting for you in Loket. Log in to read it:',
      link,
      '',
      'For your privacy, this e-mail does not contain the message itself.',
      'This e-mail was sent automatically. You cannot reply to it.',
      `Do you no longer want these e-mails? Turn them off under Messages, Settings: ${settings}`,
      '',
    ].join('\n'),
  };
}
