// delivery/messages: JSON API of the message box (Berichten):
//   GET /api/v1/messages            own messages, newest first (paging, `unread` filter)
//   GET /api/v1/messages/{id}       one message with its text (marks it read)
//   GET|PUT /api/v1/messages/settings   the e-mail address for notifications, and whether to send them
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/auth/model.ts';
import { principalOf, problemSchema, ProblemError, type Failure, type Result, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { messageApi, messageKinds, messageLimits, messagePaths, type Message, type MessageSummary } from './model.ts';
import * as service from './service.ts';

/** The message box is for citizens and businesses; the service checks that each message is their own. */
export const messageAccess = { kinds: ['person', 'business'] } as const satisfies Access;

const tags = ['Berichten'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const link = z.object({ href: z.string() });

const caseRef = z
  .object({ organisationCode: z.string(), caseId: z.string(), caseNumber: z.string().nullable() })
  .nullable()
  .describe('De zaak waar het bericht bij hoort, als die er is');

const summaryFields = {
  id: z.string(),
  kind: z
    .enum(messageKinds)
    .describe(
      'Soort bericht: ontvangstbevestiging, verzoek om informatie, verdaging, besluit, besluit van rechtswege, dwangsom, aanbod, machtiging of anders',
    ),
  sender: z.object({ organisationCode: z.string(), name: z.string().nullable() }),
  subject: z.string(),
  case: caseRef,
  createdAt: z.string().describe('Tijdstip van verzenden (ISO 8601, UTC)'),
  readAt: z.string().nullable().describe('Wanneer u het bericht voor het eerst opende; null: ongelezen'),
  unread: z.boolean(),
};
const linksSchema = z.object({ self: link, page: link, case: link.optional() });

const messageSummaryJson = z.object({ ...summaryFields, _links: linksSchema }).meta({ id: 'DeliveryMessageSummary' });
const messageJson = z
  .object({
    ...summaryFields,
    body: z.string().describe('De tekst van de brief; alinea’s gescheiden door een witregel'),
    _links: linksSchema,
  })
  .meta({ id: 'DeliveryMessage' });
const messageListJson = z
  .object({
    items: z.array(messageSummaryJson),
    total: z.number().int().describe('Hoeveel berichten binnen het filter vallen'),
    unread: z.number().int().describe('Hoeveel van al uw berichten ongelezen zijn'),
    limit: z.number().int(),
    offset: z.number().int(),
    _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
  })
  .meta({ id: 'DeliveryMessageList' });
const settingsJson = z
  .object({
    email: z.string().nullable().describe('Het e-mailadres voor meldingen; null: geen'),
    notify: z.boolean().describe('Een e-mail sturen bij een nieuw bericht'),
  })
  .meta({ id: 'MessageSettings' });
const settingsInput = z
  .object({
    email: z.string().max(messageLimits.email).nullable().describe('Uw e-mailadres; leeg of null: geen'),
    notify: z.boolean().describe('true: stuur een e-mail bij een nieuw bericht; dan is een e-mailadres nodig'),
  })
  .strict()
  .meta({ id: 'MessageSettingsChange' });

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(messageLimits.pageMax).default(messageLimits.pageDefault),
    offset: z.coerce.number().int().min(0).max(messageLimits.offsetMax).default(0),
    unread: z.enum(['true', 'false']).optional().describe('true: alleen ongelezen berichten; false: alleen gelezen berichten'),
  })
  .strict();

/** Lets the body through to the service, which checks it in full (with a code per field); other parts are checked by zod. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/** A failure as a problem, with field names as the API shows them (`body.email`, `query.limit`). */
function valueOf<T>(result: Result<T>, part: 'params' | 'body' | 'query'): T {
  if (result.ok) return result.value;
  const failure: Failure = result.failure;
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  throw new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function links(m: MessageSummary): z.infer<typeof linksSchema> {
  return {
    self: { href: messageApi.message(m.id) },
    page: { href: messagePaths.message(m.id) },
    ...(m.case ? { case: { href: messagePaths.case(m.case.organisationCode, m.case.caseId) } } : {}),
  };
}

export function summaryToJson(m: service.Named<MessageSummary>): z.infer<typeof messageSummaryJson> {
  return {
    id: m.id,
    kind: m.kind,
    sender: { organisationCode: m.senderOrganisationCode, name: m.senderName },
    subject: m.subject,
    case: m.case ? { ...m.case } : null,
    createdAt: m.createdAt,
    readAt: m.readAt,
    unread: m.readAt === null,
    _links: links(m),
  };
}

export function messageToJson(m: service.Named<Message>): z.infer<typeof messageJson> {
  return { ...summaryToJson(m), body: m.body };
}

export function registerMessageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    messageApi.messages,
    {
      config: { access: messageAccess },
      schema: {
        tags,
        summary: 'Mijn berichten',
        description:
          'De brieven van de overheid aan u (ontvangstbevestigingen, verzoeken om informatie, besluiten), de nieuwste eerst. ' +
          'Met unread=true alleen de ongelezen berichten. Zonder de tekst; die staat bij het bericht zelf.',
        querystring: listQuery,
        response: { 200: messageListJson, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const unread = q.unread === undefined ? undefined : q.unread === 'true';
      const list = valueOf(await service.listMessages(ctx, principalOf(request), { limit: q.limit, offset: q.offset, unread }), 'query');
      const page = (offset: number): { href: string } => {
        const params = new URLSearchParams({ limit: String(q.limit), offset: String(offset) });
        if (q.unread !== undefined) params.set('unread', q.unread);
        return { href: `${messageApi.messages}?${params.toString()}` };
      };
      return {
        items: list.items.map(summaryToJson),
        total: list.total,
        unread: list.unread,
        limit: list.limit,
        offset: list.offset,
        _links: {
          self: page(q.offset),
          ...(q.offset + q.limit < list.total ? { next: page(q.offset + q.limit) } : {}),
          ...(q.offset > 0 ? { prev: page(Math.max(0, q.offset - q.limit)) } : {}),
        },
      };
    },
  );

  api.get(
    messageApi.settings,
    {
      config: { access: messageAccess },
      schema: {
        tags,
        summary: 'Mijn instellingen voor meldingen',
        description: 'Het e-mailadres waarop u een melding krijgt als er een nieuw bericht voor u is, en of u die melding wilt.',
        response: { 200: settingsJson, ...problems },
      },
    },
    async (request) => valueOf(await service.getContact(ctx, principalOf(request)), 'body'),
  );

  api.put(
    messageApi.settings,
    {
      config: { access: messageAccess },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Mijn instellingen voor meldingen wijzigen',
        description:
          'Zet het e-mailadres voor meldingen, en of u die wilt. De melding zegt alleen dat er een bericht is, met een link; ' +
          'de inhoud staat er niet in, want e-mail is niet veilig. Een 400 noemt elk ongeldig veld met een eigen code.',
        body: settingsInput,
        response: { 200: settingsJson, ...problems },
      },
    },
    async (request) => valueOf(await service.setContact(ctx, principalOf(request), request.body as unknown, originOf(request)), 'body'),
  );

  api.get(
    `${messageApi.messages}/:id`,
    {
      config: { access: messageAccess },
      schema: {
        tags,
        summary: 'Eén bericht',
        description:
          'Een bericht met de tekst. De eerste keer dat u het opent, telt het als gelezen. ' +
          'Een bericht dat niet voor u is, geeft 404, net als een bericht dat niet bestaat.',
        params: z.object({ id: z.string().max(64).describe('Het id van het bericht') }),
        response: { 200: messageJson, ...problems },
      },
    },
    async (request) =>
      messageToJson(valueOf(await service.getMessage(ctx, principalOf(request), request.params.id, originOf(request)), 'params')),
  );
}
