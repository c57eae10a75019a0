// Acting for someone in delivery, on a whole Loket (LOKET_TEST_DB=sqlite|postgres): every act of
// the applicant side is checked by the mandates engine for whom the principal acts now; the case
// records who acted for whom, the audit record the basis (legal basis or mandate chain); a mandate
// for one service does not reach another, and stops at once when it ends; an actor without any
// relation gets nothing on any delivery route (service level with a forged principal, and over HTTP
// with a forged session); both sides of a mandate get letters in their message box.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, type AuditRecord } from '../../platform/audit/index.ts';
import type { ActingFor, Principal } from '../../platform/auth/index.ts';
import { setSessionActingFor } from '../../platform/auth/sessions.ts';
import { inTransaction, sql } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { importUpl } from '../catalog/service.ts';
import { insertServices } from '../catalog/store.ts';
import { changeMandate, grantMandate } from '../mandates/service.ts';
import { addAuthority, addOfficial, addPerson, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { actingRefusalPath } from './acting.ts';
import { exportCaseTrail } from './accountability/service.ts';
import { applyViaApi, discardDraft, formWithPrefill, openDraft, registersOf, saveStep, startDraft, submitDraft } from './apply/service.ts';
import { mandateLetters, type MandateEventPayload } from './messages/mandate-letters.ts';
import { getContact, getMessage, listMessages, messagesOfCase, setContact, unreadCountFor, type MessageList } from './messages/service.ts';
import { offerRules } from './offers/reference.ts';
import { acceptOffer, declineOffer, getOffer, getOfferSettings, listOffers, setOfferSettings } from './offers/service.ts';
import { insertOffer } from './offers/store.ts';
import {
  getCase,
  giveNoticeOfDefault,
  internalOrigin,
  listMyCases,
  receiveInformation,
  submitApplication,
  withdrawApplication,
  type DeliveryCase,
} from './service.ts';
import { caseSnapshot, publishServices, rowCounts, settableClock } from './test-fixtures.ts';

// Before the real now: the outbox dispatcher delivers events whose time has come.
const clock = settableClock('2026-11-29T10:00:00Z');
const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };
const amsterdam = { code: 'GM0363', name: 'Gemeente Amsterdam' };
const upl = (term: string): string => `http://standaarden.overheid.nl/owms/terms/${term}`;

// Who: a parent with authority over a child; a mandator, the mandatary he chose, and a stranger.
const people = {
  parent: { bsn: '999993653', givenNames: 'Petra', surname: 'Ouder', birthDate: '1985-02-01' },
  child: { bsn: '999993665', givenNames: 'Kim', surname: 'Ouder', birthDate: '2015-06-01' },
  mandator: { bsn: '999993677', givenNames: 'Mark', surname: 'Gever', birthDate: '1960-03-03' },
  mandatary: { bsn: '999993689', givenNames: 'Quinten', surname: 'Nemer', birthDate: '1975-04-04' },
  stranger: { bsn: '999993690', givenNames: 'Xander', surname: 'Vreemd', birthDate: '1980-05-05' },
} as const;
type Who = keyof typeof people;
const nameOf = (who: Who): string => `${people[who].givenNames} ${people[who].surname}`;

/** A citizen logged in (DigiD, level substantial), for themself or acting for `forWhom`. */
function principal(who: Who, forWhom?: Who, loa: 'low' | 'substantial' = 'substantial'): Principal {
  const actingFor: ActingFor | undefined = forWhom ? { kind: 'person', id: people[forWhom].bsn, name: nameOf(forWhom) } : undefined;
  return { kind: 'person', bsn: people[who].bsn, sessionId: 's', loa, name: nameOf(who), ...(actingFor ? { actingFor } : {}) };
}

let t: TestApp;
/** S: the service the mandate is for; T: another service; B: a service whose form is filled from the registers. */
let S: Service;
let T: Service;
let B: Service;
let mandateId = '';
/** Cases of the mandator: one the mandatary applied for (S), one he applied for himself (T). */
let mandatorS: DeliveryCase;
let mandatorT: DeliveryCase;
let offerId = '';

const origin = internalOrigin;
const answers = { toelichting: 'Graag.' };
let keys = 0;
const key = (): string => `acting-test-${String(++keys).padStart(4, '0')}`;
const submitInput = (service: Service) => ({
  organisationCode: service.organisationCode,
  serviceId: service.id,
  answers,
  idempotencyKey: key(),
});

const tables = {
  cases: 'delivery_case',
  events: 'delivery_case_event',
  drafts: 'delivery_draft',
  attachments: 'delivery_attachment',
  messages: 'delivery_message',
  contacts: 'delivery_contact',
  offers: 'delivery_offer',
  optOuts: 'delivery_offer_opt_out',
  audit: 'audit_log',
  outbox: 'event_outbox',
  processing: 'processing_log',
};
const counts = (): Promise<Record<keyof typeof tables, number>> => rowCounts(t.database.db, tables);

async function mustSubmit(p: Principal, service: Service): Promise<DeliveryCase> {
  const r = await submitApplication(t.ctx, p, submitInput(service));
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.value.case;
}

async function auditOf(kase: DeliveryCase, action: string): Promise<AuditRecord> {
  const record = (await auditTrail(t.database.db, 'delivery_case', kase.id)).find((r) => r.action === action);
  if (!record) throw new Error(`no audit record ${action}`);
  return record;
}

const box = async (p: Principal): Promise<MessageList> => {
  const r = await listMessages(t.ctx, p, { limit: 100 });
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.value;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  [S, T, B] = (await publishServices(t.ctx, catalog, amsterdam, [
    upl('gehandicaptenparkeerkaart'),
    upl('identiteitskaart'),
    upl('bijzBijstUitk'),
  ])) as [Service, Service, Service];
  for (const p of Object.values(people)) await addPerson(t.database, p);
  await addAuthority(t.database, { childBsn: people.child.bsn, holderBsn: people.parent.bsn, validFrom: people.child.birthDate });

  // The mandator gives the mandatary a mandate for S only; the mandatary accepts.
  const granted = await grantMandate(
    t.ctx,
    principal('mandator'),
    {
      mandatary: { kind: 'person', bsn: people.mandatary.bsn, surname: people.mandatary.surname },
      scope: { kind: 'service', organisationCode: S.organisationCode, serviceId: S.id },
      validUntil: '2027-11-29',
    },
    origin(),
  );
  if (!granted.ok) throw new Error(JSON.stringify(granted.failure));
  mandateId = granted.value.mandate.id;
  const accepted = await changeMandate(t.ctx, principal('mandatary'), mandateId, 'accept', origin());
  if (!accepted.ok) throw new Error(JSON.stringify(accepted.failure));

  // An offer for the mandator (of T), as the offer rules would make one.
  const rule = offerRules()[0];
  if (!rule) throw new Error('no offer rule');
  offerId = newId();
  await inTransaction(t.database.db, (trx) =>
    insertOffer(trx, {
      id: offerId,
      recipient: { kind: 'person', id: people.mandator.bsn },
      ruleId: rule.id,
      kind: rule.kind,
      organisationCode: T.organisationCode,
      serviceId: T.id,
      uplUri: T.uplUri,
      reason: { nl: 'Omdat het kan.', en: 'Because it can.' },
      createdAt: clock.now().toISOString(),
      status: 'offered',
      decidedAt: null,
    }),
  );
}, 120_000);
afterAll(() => t.close());

describe('a parent with authority applies for their child', () => {
  it('makes the case the child’s, records the parent as who acted, and audits the legal basis', async () => {
    const kase = await mustSubmit(principal('parent', 'child'), S);
    expect(kase.applicant).toEqual({ kind: 'person', id: people.child.bsn });
    expect(kase.actingFor).toEqual({ kind: 'person', id: people.parent.bsn });
    const submitted = await auditOf(kase, 'delivery.case_submitted');
    expect(submitted.actorType).toBe('person');
    expect(submitted.actorId).toBe(people.parent.bsn);
    expect(submitted.onBehalfOf).toEqual({ type: 'person', id: people.child.bsn, mandateId: null });
    expect(submitted.details['basis']).toEqual({ kind: 'legal', legalBasis: 'gezag' });

    // The receipt is in the child's box; the parent sees it there while acting for the child, not in their own.
    expect((await box(principal('parent', 'child'))).items.map((m) => m.case?.caseId)).toContain(kase.id);
    expect((await box(principal('parent'))).items.map((m) => m.case?.caseId)).not.toContain(kase.id);
    // Mijn zaken: the child's cases while acting for the child; the parent's own otherwise.
    const forChild = await listMyCases(t.ctx, principal('parent', 'child'), {});
    expect(forChild.ok && forChild.value.items.map((c) => c.id)).toEqual([kase.id]);
    const own = await listMyCases(t.ctx, principal('parent'), {});
    expect(own.ok && own.value.items.map((c) => c.id)).not.toContain(kase.id);
    // Withdrawing is acting for the child too: audited with the basis.
    const withdrawn = await withdrawApplication(t.ctx, principal('parent', 'child'), kase.organisationCode, kase.id, origin());
    expect(withdrawn.ok).toBe(true);
    const audit = await auditOf(kase, 'delivery.case_withdrawn');
    expect(audit.onBehalfOf).toEqual({ type: 'person', id: people.child.bsn, mandateId: null });
    expect(audit.details['basis']).toEqual({ kind: 'legal', legalBasis: 'gezag' });
  });

  it('fills the form with the child’s data, not the parent’s', async () => {
    const started = await startDraft(
      t.ctx,
      principal('parent', 'child'),
      { organisationCode: B.organisationCode, serviceId: B.id },
      origin(),
    );
    if (!started.ok) throw new Error(JSON.stringify(started.failure));
    expect(started.value.draft.applicant).toEqual({ kind: 'person', id: people.child.bsn });
    expect(started.value.draft.answers['name']).toBe(nameOf('child'));
    expect(started.value.draft.answers['bsn']).toBe(people.child.bsn);
    const registers = await registersOf(t.ctx, principal('parent', 'child'), { kind: 'person', id: people.child.bsn });
    expect(registers.registers.person?.bsn).toBe(people.child.bsn);
    expect(registers.subjects).toEqual([{ id: people.child.bsn, type: 'BSN' }]);
    // For herself, the parent's own data (with her child in care).
    const ownForm = await formWithPrefill(t.ctx, principal('parent'), B.organisationCode, B.id, origin());
    expect(ownForm.ok && ownForm.value.prefill.answers['name']).toBe(nameOf('parent'));
    const childForm = await formWithPrefill(t.ctx, principal('parent', 'child'), B.organisationCode, B.id, origin());
    expect(childForm.ok && childForm.value.prefill.answers['name']).toBe(nameOf('child'));
  });

  it('refuses a parent logged in at too low a level of assurance (403 with the reason), storing nothing', async () => {
    const before = await counts();
    const r = await submitApplication(t.ctx, principal('parent', 'child', 'low'), submitInput(S));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ code: 'auth.loa_too_low', status: 403 });
    expect(r.failure.detail).toContain('substantieel');
    expect(r.failure.location).toMatch(/^\/inloggen\/hoger-niveau\?nodig=substantial/);
    expect(await counts()).toEqual(before);
  });
});

describe('a mandatary with a mandate for service S', () => {
  it('applies for the mandator in S: the audit record names the mandate', async () => {
    mandatorS = await mustSubmit(principal('mandatary', 'mandator'), S);
    expect(mandatorS.applicant).toEqual({ kind: 'person', id: people.mandator.bsn });
    expect(mandatorS.actingFor).toEqual({ kind: 'person', id: people.mandatary.bsn });
    const submitted = await auditOf(mandatorS, 'delivery.case_submitted');
    expect(submitted.actorId).toBe(people.mandatary.bsn);
    expect(submitted.onBehalfOf).toEqual({ type: 'person', id: people.mandator.bsn, mandateId });
    expect(submitted.details['basis']).toEqual({ kind: 'mandate', chain: [{ mandateId }] });
    // The timeline says who acted and on which basis (the case pages show it).
    const view = await getCase(t.ctx, principal('mandatary', 'mandator'), mandatorS.organisationCode, mandatorS.id);
    expect(view.ok && view.value.timeline[0]?.details).toMatchObject({
      actingPerson: people.mandatary.bsn,
      basis: { kind: 'mandate', chain: [{ mandateId }] },
    });
  });

  it('is refused for another service T with 403 mandates.out_of_scope, and nothing is stored', async () => {
    const before = await counts();
    const r = await submitApplication(t.ctx, principal('mandatary', 'mandator'), submitInput(T));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure).toMatchObject({ code: 'mandates.out_of_scope', status: 403, detail: 'Uw machtiging geldt niet voor deze dienst.' });
      expect(r.failure.location).toBe(`${actingRefusalPath}?reden=out_of_scope`);
    }
    const draft = await startDraft(
      t.ctx,
      principal('mandatary', 'mandator'),
      { organisationCode: T.organisationCode, serviceId: T.id },
      origin(),
    );
    expect(!draft.ok && draft.failure.code).toBe('mandates.out_of_scope');
    expect(await counts()).toEqual(before);
  });

  it('sees only the mandator’s cases and letters of S; a case of T is refused with the reason, its letter is not found', async () => {
    mandatorT = await mustSubmit(principal('mandator'), T);
    const acting = principal('mandatary', 'mandator');
    const listed = await listMyCases(t.ctx, acting, {});
    expect(listed.ok && listed.value.items.map((c) => c.id)).toEqual([mandatorS.id]);
    expect(listed.ok && listed.value.total).toBe(1);
    const own = await listMyCases(t.ctx, principal('mandator'), {});
    expect(own.ok && own.value.items.map((c) => c.id).sort()).toEqual([mandatorS.id, mandatorT.id].sort());

    const read = await getCase(t.ctx, acting, mandatorT.organisationCode, mandatorT.id);
    expect(!read.ok && read.failure).toMatchObject({ code: 'mandates.out_of_scope', status: 403 });
    const withdraw = await withdrawApplication(t.ctx, acting, mandatorT.organisationCode, mandatorT.id, origin());
    expect(!withdraw.ok && withdraw.failure.code).toBe('mandates.out_of_scope');

    const letters = await box(acting);
    const cases = letters.items.map((m) => m.case?.caseId);
    expect(cases).toContain(mandatorS.id);
    expect(cases).not.toContain(mandatorT.id);
    const mandatorLetters = await box(principal('mandator'));
    const tLetter = mandatorLetters.items.find((m) => m.case?.caseId === mandatorT.id);
    if (!tLetter) throw new Error('no receipt for the T case');
    const opened = await getMessage(t.ctx, acting, tLetter.id);
    expect(!opened.ok && opened.failure.code).toBe('delivery.message_not_found');
    expect(await unreadCountFor(t.ctx, acting)).toBe(letters.unread);
    const ofT = await messagesOfCase(t.ctx, acting, mandatorT.organisationCode, mandatorT.id);
    expect(!ofT.ok && ofT.failure.status).toBe(403);
    const ofS = await messagesOfCase(t.ctx, acting, mandatorS.organisationCode, mandatorS.id);
    expect(ofS.ok && ofS.value.length).toBeGreaterThan(0);
    // The accountability report of S, with the basis of each act for the mandator.
    const trail = await exportCaseTrail(t.ctx, acting, mandatorS.organisationCode, mandatorS.id, origin());
    if (!trail.ok) throw new Error(JSON.stringify(trail.failure));
    const submitStep = trail.value.trail.steps.find((s) => s.code === 'delivery.case_submitted');
    expect(submitStep?.actingBasis).toMatchObject({ kind: 'mandate', mandateIds: [mandateId], chained: false });
    expect(submitStep?.onBehalfOf).toMatchObject({ kind: 'applicant', mandateId });
    const exportStep = trail.value.trail.steps.find((s) => s.code === 'delivery.case_exported');
    expect(exportStep?.actingBasis?.kind).toBe('mandate');
    expect(await exportCaseTrail(t.ctx, acting, mandatorT.organisationCode, mandatorT.id, origin())).toMatchObject({
      ok: false,
      failure: { code: 'mandates.out_of_scope' },
    });
  });
});

/** Every use case of the applicant side that takes a subject or a case, as `p`: each refused, nothing changed. */
async function everyUseCase(p: Principal): Promise<{ name: string; ok: boolean; code: string; status: number }[]> {
  const o = origin();
  const org = mandatorT.organisationCode;
  // The receipt of the case of T: a letter the mandatary may not read either.
  const letter = (await box(principal('mandator'))).items.find((m) => m.case?.caseId === mandatorT.id);
  if (!letter) throw new Error('the mandator has no letter about T');
  const draftInput = { organisationCode: T.organisationCode, serviceId: T.id };
  const calls: [string, () => Promise<{ ok: true } | { ok: false; failure: { code: string; status: number } }>][] = [
    ['submitApplication', () => submitApplication(t.ctx, p, submitInput(T), o)],
    ['applyViaApi', () => applyViaApi(t.ctx, p, submitInput(T), o)],
    ['startDraft', () => startDraft(t.ctx, p, draftInput, o)],
    ['openDraft', () => openDraft(t.ctx, p, T.organisationCode, T.id)],
    ['saveStep', () => saveStep(t.ctx, p, { ...draftInput, stepId: 'aanvraag', posted: answers, uploads: [], action: 'next' }, o, 'nl')],
    ['submitDraft', () => submitDraft(t.ctx, p, { ...draftInput, draftId: newId() }, o, 'nl')],
    ['discardDraft', () => discardDraft(t.ctx, p, T.organisationCode, T.id, o)],
    ['formWithPrefill', () => formWithPrefill(t.ctx, p, T.organisationCode, T.id, o)],
    ['listMyCases', () => listMyCases(t.ctx, p, {})],
    ['getCase', () => getCase(t.ctx, p, org, mandatorT.id, o)],
    ['receiveInformation', () => receiveInformation(t.ctx, p, org, mandatorT.id, { message: 'Hier is het.' }, o)],
    ['withdrawApplication', () => withdrawApplication(t.ctx, p, org, mandatorT.id, o)],
    ['giveNoticeOfDefault', () => giveNoticeOfDefault(t.ctx, p, org, mandatorT.id, o)],
    ['exportCaseTrail', () => exportCaseTrail(t.ctx, p, org, mandatorT.id, o)],
    ['listMessages', () => listMessages(t.ctx, p, {})],
    ['getMessage', () => getMessage(t.ctx, p, letter.id, o)],
    ['messagesOfCase', () => messagesOfCase(t.ctx, p, org, mandatorT.id, o)],
    ['getContact', () => getContact(t.ctx, p)],
    ['setContact', () => setContact(t.ctx, p, { email: 'x@example.org', notify: true }, o)],
    ['listOffers', () => listOffers(t.ctx, p, {})],
    ['getOffer', () => getOffer(t.ctx, p, offerId)],
    ['acceptOffer', () => acceptOffer(t.ctx, p, offerId, o)],
    ['declineOffer', () => declineOffer(t.ctx, p, offerId, o)],
    ['getOfferSettings', () => getOfferSettings(t.ctx, p)],
    ['setOfferSettings', () => setOfferSettings(t.ctx, p, { optedOut: [] }, o)],
  ];
  const results = [];
  for (const [name, run] of calls) {
    const r = await run();
    results.push({ name, ok: r.ok, code: r.ok ? '' : r.failure.code, status: r.ok ? 200 : r.failure.status });
  }
  return results;
}

/** What the mandator has, read without side effects. */
async function mandatorState(): Promise<unknown> {
  const db = t.database.db;
  return {
    s: await caseSnapshot(db, mandatorS),
    t: await caseSnapshot(db, mandatorT),
    cases: (await sql<{ id: string }>`select id from delivery_case where applicant_id = ${people.mandator.bsn} order by id`.execute(db))
      .rows,
    letters: (
      await sql<{
        id: string;
        read_at: string | null;
      }>`select id, read_at from delivery_message where recipient_id = ${people.mandator.bsn} order by id`.execute(db)
    ).rows,
    offers: (await sql<{ status: string }>`select status from delivery_offer where recipient_id = ${people.mandator.bsn}`.execute(db)).rows,
    drafts: (await sql<{ id: string }>`select id from delivery_draft where applicant_id = ${people.mandator.bsn}`.execute(db)).rows,
    contact: (
      await sql<{ email: string | null }>`select email from delivery_contact where recipient_id = ${people.mandator.bsn}`.execute(db)
    ).rows,
  };
}

describe('an actor with no mandate, acting for the mandator all the same (a forged principal)', () => {
  it('is refused by every use case that takes a subject or a case; nothing is stored and the mandator’s data stay as they were', async () => {
    const before = await counts();
    const state = await mandatorState();
    const results = await everyUseCase(principal('stranger', 'mandator'));
    for (const r of results) {
      expect(r.ok, r.name).toBe(false);
      // No relation: a case, letter or offer by id is simply not found; anything else says there is no relation.
      expect([403, 404], `${r.name}: ${r.code}`).toContain(r.status);
      if (r.status === 403) expect(r.code, r.name).toBe('mandates.no_relation');
    }
    expect(results.find((r) => r.name === 'getCase')?.code).toBe('delivery.case_not_found');
    expect(results.find((r) => r.name === 'withdrawApplication')?.code).toBe('delivery.case_not_found');
    expect(results.find((r) => r.name === 'getOffer')?.code).toBe('delivery.offer_not_found');
    expect(await counts()).toEqual(before);
    expect(await mandatorState()).toEqual(state);
  });

  it('the mandatary, outside the mandate’s service, is refused by each of them too (or finds nothing that is not his)', async () => {
    const before = await counts();
    const state = await mandatorState();
    const results = await everyUseCase(principal('mandatary', 'mandator'));
    // Seeing the mandator's affairs is allowed (view): the lists show only what the mandate covers.
    const allowed = new Set(['listMyCases', 'listMessages', 'getContact', 'listOffers', 'getOffer', 'getOfferSettings']);
    for (const r of results) {
      if (allowed.has(r.name)) continue;
      expect(r.ok, r.name).toBe(false);
      expect([403, 404], `${r.name}: ${r.code}`).toContain(r.status);
    }
    expect(results.filter((r) => allowed.has(r.name)).every((r) => r.ok)).toBe(true);
    expect(results.find((r) => r.name === 'getCase')?.code).toBe('mandates.out_of_scope');
    expect(results.find((r) => r.name === 'setContact')?.code).toBe('mandates.no_relation');
    expect(results.find((r) => r.name === 'acceptOffer')?.code).toBe('mandates.out_of_scope');
    expect(await counts()).toEqual(before);
    expect(await mandatorState()).toEqual(state);
  });
});

// ---------------------------------------------------------------------------------------------
// Over HTTP

const sessionIdOf = (cookie: string): string =>
  createHash('sha256')
    .update(cookie.split('=')[1] ?? '')
    .digest('hex');

/** Sets who the session acts for in the session store itself, as nothing in the app would let this user choose it. */
const forge = (cookie: string, forWhom: Who): Promise<void> =>
  setSessionActingFor(t.database.db, sessionIdOf(cookie), { kind: 'person', id: people[forWhom].bsn, name: 'Gekozen persoon' });

async function request(method: string, url: string, cookie: string, body?: Record<string, unknown> | string) {
  const api = url.startsWith('/api/');
  const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html', cookie };
  if (body === undefined) return t.request({ method: method as 'GET', url, headers });
  return typeof body === 'string'
    ? t.request({
        method: method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      })
    : t.request({
        method: method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
}

describe('over HTTP, a mandatary acting for the mandator (chosen with the mandates API)', () => {
  let cookie = '';
  beforeAll(async () => {
    cookie = await t.loginAs(personLogin(people.mandatary.bsn));
    const chosen = await request('PUT', '/api/v1/mandates/acting-for', cookie, { kind: 'person', id: people.mandator.bsn });
    expect(chosen.statusCode).toBe(200);
  });

  it('applies in S (201), is refused in T with a problem that gives the reason (403), and the page says it in Dutch', async () => {
    const allowed = await request('POST', '/api/v1/applications', cookie, submitInput(S));
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json()).toMatchObject({
      applicant: { kind: 'person', id: people.mandator.bsn },
      actingFor: { id: people.mandatary.bsn },
    });

    const before = await counts();
    const refused = await request('POST', '/api/v1/applications', cookie, submitInput(T));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'mandates.out_of_scope', detail: 'Uw machtiging geldt niet voor deze dienst.' });
    expect(await counts()).toEqual(before);

    const api = await request('GET', `/api/v1/cases/${mandatorT.organisationCode}/${mandatorT.id}`, cookie);
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ code: 'mandates.out_of_scope' });
    const page = await request('GET', `/zaken/${mandatorT.organisationCode}/${mandatorT.id}`, cookie);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`${actingRefusalPath}?reden=out_of_scope`);
    const explained = await request('GET', String(page.headers.location), cookie);
    expect(explained.statusCode).toBe(403);
    expect(explained.body).toContain('Uw machtiging geldt niet voor deze dienst.');
    expect(explained.body).toContain(`U handelt nu namens ${nameOf('mandator')}.`);
    const start = await request('GET', `/diensten/${T.organisationCode}/${T.id}/aanvragen`, cookie);
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe(`${actingRefusalPath}?reden=out_of_scope`);
  });

  it('speaks of the mandator on Mijn zaken: the unread letters he may read, and the mandator’s message box', async () => {
    const page = await request('GET', '/zaken', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      new RegExp(`${nameOf('mandator')} heeft (1 ongelezen bericht dat|\\d+ ongelezen berichten die) u mag lezen\\.`),
    );
    expect(page.body).toContain(`Berichten van de overheid aan ${nameOf('mandator')}`);
    expect(page.body).not.toContain('Uw berichten van de overheid');
  });

  it('shows on both case pages who applied for whom, and on which basis', async () => {
    const applicantPage = await request('GET', `/zaken/${mandatorS.organisationCode}/${mandatorS.id}`, cookie);
    expect(applicantPage.statusCode).toBe(200);
    const line = `${nameOf('mandatary')} namens ${nameOf('mandator')} (machtiging)`;
    expect(applicantPage.body).toContain('Aangevraagd door');
    expect(applicantPage.body).toContain(line);
    const official = await t.loginAs(
      officialLogin(await addOfficial(t.database, { organisationCode: S.organisationCode, roles: ['case_handler'], name: 'Femke' })),
    );
    const officialPage = await request('GET', `/behandelen/${mandatorS.organisationCode}/${mandatorS.id}`, official);
    expect(officialPage.statusCode).toBe(200);
    expect(officialPage.body).toContain(line);
    // A case the mandator applied for himself says nothing of the kind.
    const ownCookie = await t.loginAs(personLogin(people.mandator.bsn));
    const ownPage = await request('GET', `/zaken/${mandatorT.organisationCode}/${mandatorT.id}`, ownCookie);
    expect(ownPage.statusCode).toBe(200);
    expect(ownPage.body).not.toContain('Aangevraagd door');
    // The accountability page names the mandate the act rested on.
    const report = await request('GET', `/zaken/${mandatorS.organisationCode}/${mandatorS.id}/verantwoording`, cookie);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Op grond van');
    expect(report.body).toContain(`machtiging (${mandateId})`);
  });
});

describe('over HTTP, a citizen whose session was forged to act for the mandator (no mandate at all)', () => {
  /** The delivery routes of the applicant side (and the officials' routes on a case), as the app declares them. */
  const deliveryRoute = (url: string): boolean =>
    /^\/api\/v1\/(cases|applications|messages|offers)|^\/api\/v1\/services\/:organisationCode\/:serviceId\/form|^\/(zaken|berichten|behandelen)(\/|$)|^\/diensten\/:organisation\/:serviceId\/aanvragen/.test(
      url,
    );
  const idRoute = (url: string): boolean => /:caseId|:id/.test(url);

  it('gets nothing of the mandator on any delivery route, and changes nothing of his', async () => {
    const cookie = await t.loginAs(personLogin(people.stranger.bsn));
    // A CSRF token for the form posts (from a page of his own).
    const form = await request('GET', '/berichten/instellingen', cookie);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const csrfCookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
    const withCsrf = [cookie, ...csrfCookie].join('; ');
    const letter = (await box(principal('mandator'))).items.find((m) => m.case?.caseId === mandatorT.id);
    if (!letter) throw new Error('no letter');
    const concrete = (url: string): string =>
      url
        .replace(/:org(anisation(Code)?)?(?=\/|$)/, mandatorT.organisationCode)
        .replace(':caseId', mandatorT.id)
        .replace(':serviceId', T.id)
        .replace(':stepId', 'aanvraag')
        .replace(':id', url.includes('messages') || url.includes('berichten') ? letter.id : offerId);
    const secrets = [mandatorT.caseNumber, mandatorS.caseNumber, nameOf('mandator'), people.mandator.bsn, letter.subject];

    const routes = t.routes.filter((r) => deliveryRoute(r.url) && r.url !== actingRefusalPath);
    expect(routes.length).toBeGreaterThan(40);
    const state = await mandatorState();
    const casesBefore = await sql<{
      n: number;
    }>`select count(*) as n from delivery_case where applicant_id = ${people.mandator.bsn}`.execute(t.database.db);
    for (const route of routes) {
      await forge(cookie, 'mandator');
      const url = concrete(route.url);
      const api = url.startsWith('/api/');
      const body =
        route.method === 'GET'
          ? undefined
          : api
            ? url === '/api/v1/applications'
              ? submitInput(T)
              : url.endsWith('/settings')
                ? url.includes('messages')
                  ? { email: 'vreemd@example.org', notify: true }
                  : { optedOut: [] }
                : url.endsWith('_receive-information')
                  ? { message: 'Hier is het.' }
                  : {}
            : new URLSearchParams({ _csrf: token, toelichting: 'Graag.', informatie: 'Hier is het.', concept: newId() }).toString();
      const res = await request(route.method, url, api || route.method === 'GET' ? cookie : withCsrf, body);
      const label = `${route.method} ${route.url} → ${res.statusCode}`;
      expect(res.statusCode, label).toBeLessThan(500);
      if (idRoute(route.url)) expect(res.statusCode, label).toBeGreaterThanOrEqual(300);
      if (res.statusCode >= 300 && res.statusCode < 400) expect(String(res.headers.location), label).not.toContain(people.mandator.bsn);
      for (const secret of secrets) expect(res.body.includes(secret), `${label} shows ${secret}`).toBe(false);
      if (url === '/api/v1/applications' && res.statusCode === 201)
        // The forged choice was dropped: he applied for himself, not for the mandator.
        expect(res.json<{ applicant: { id: string } }>().applicant.id, label).toBe(people.stranger.bsn);
    }
    // The session no longer acts for the mandator (the check on every request dropped it).
    const session = await sql<{ principal: string }>`select principal from auth_session where id = ${sessionIdOf(cookie)}`.execute(
      t.database.db,
    );
    expect(String(session.rows[0]?.principal)).not.toContain(people.mandator.bsn);
    expect(await mandatorState()).toEqual(state);
    const casesAfter = await sql<{
      n: number;
    }>`select count(*) as n from delivery_case where applicant_id = ${people.mandator.bsn}`.execute(t.database.db);
    expect(Number(casesAfter.rows[0]?.n)).toBe(Number(casesBefore.rows[0]?.n));
  });
});

// ---------------------------------------------------------------------------------------------
// Letters about mandates, and the end of one

/** Runs the outbox until nothing is left (the subscriptions write the letters). */
async function dispatchAll(): Promise<void> {
  while ((await t.dispatcher.runOnce()) > 0);
}

const mandateLettersOf = async (who: Who): Promise<string[]> =>
  (await box(principal(who))).items.filter((m) => m.kind === 'mandate').map((m) => m.subject);

describe('letters about the mandate, and its end', () => {
  it('puts letters in both message boxes after mandate.granted and mandate.accepted', async () => {
    await dispatchAll();
    expect(await mandateLettersOf('mandator')).toEqual(
      expect.arrayContaining([`U heeft ${nameOf('mandatary')} gemachtigd`, `${nameOf('mandatary')} heeft uw machtiging geaccepteerd`]),
    );
    expect(await mandateLettersOf('mandatary')).toEqual([`${nameOf('mandator')} heeft u gemachtigd`]);
    const letters = (await box(principal('mandatary'))).items.filter((m) => m.kind === 'mandate');
    expect(letters.every((m) => m.case === null && m.senderName === 'Loket')).toBe(true);
    const opened = await getMessage(t.ctx, principal('mandatary'), letters[0]?.id ?? '');
    expect(opened.ok && opened.value.body).toContain(
      `${nameOf('mandator')} heeft u gemachtigd voor ‘${S.title}’, van 29 november 2026 tot en met 29 november 2027.`,
    );
  });

  it('ends at once: the mandatary can no longer read the case he applied for, the mandator still can; both get a letter', async () => {
    const acting = principal('mandatary', 'mandator');
    expect((await getCase(t.ctx, acting, mandatorS.organisationCode, mandatorS.id)).ok).toBe(true);
    const ended = await changeMandate(t.ctx, principal('mandator'), mandateId, 'end', origin());
    expect(ended.ok).toBe(true);

    const read = await getCase(t.ctx, acting, mandatorS.organisationCode, mandatorS.id);
    expect(!read.ok && read.failure).toMatchObject({ code: 'mandates.mandate_ended', status: 403 });
    const before = await caseSnapshot(t.database.db, mandatorS);
    const withdraw = await withdrawApplication(t.ctx, acting, mandatorS.organisationCode, mandatorS.id, origin());
    expect(withdraw.ok).toBe(false);
    expect(await caseSnapshot(t.database.db, mandatorS)).toEqual(before);
    expect((await listMyCases(t.ctx, acting, {})).ok).toBe(false);
    expect((await getCase(t.ctx, principal('mandator'), mandatorS.organisationCode, mandatorS.id)).ok).toBe(true);

    // Over HTTP the session stops acting for the mandator on the next request: the case is not his (404).
    const cookie = await t.loginAs(personLogin(people.mandatary.bsn));
    await forge(cookie, 'mandator');
    const api = await request('GET', `/api/v1/cases/${mandatorS.organisationCode}/${mandatorS.id}`, cookie);
    expect(api.statusCode).toBe(404);

    await dispatchAll();
    expect(await mandateLettersOf('mandator')).toContain(`De machtiging voor ${nameOf('mandatary')} is beëindigd`);
    expect(await mandateLettersOf('mandatary')).toContain(`De machtiging van ${nameOf('mandator')} is beëindigd`);
  });
});

describe('mandateLetters (the texts)', () => {
  const payload = (over: Partial<MandateEventPayload> = {}): MandateEventPayload => ({
    mandateId: newId(),
    mandator: { kind: 'business', id: '90000001' },
    mandatary: { kind: 'person', id: people.mandatary.bsn },
    scopeTitle: 'Omgevingsvergunning',
    validFrom: '2026-12-01',
    validUntil: '2027-05-31',
    status: 'awaiting_acceptance',
    ...over,
  });
  const names = (p: { kind: string; id: string }): string => (p.kind === 'business' ? 'Noordlicht Techniek B.V.' : nameOf('mandatary'));

  it('writes to the business’s box for a business party, and to both sides when a mandate ends or expires', () => {
    const granted = mandateLetters('mandate.granted', payload(), names);
    expect(granted.map((l) => l.recipient)).toEqual([
      { kind: 'business', id: '90000001' },
      { kind: 'person', id: people.mandatary.bsn },
    ]);
    expect(granted[0]?.body).toContain(
      `U heeft ${nameOf('mandatary')} gemachtigd voor ‘Omgevingsvergunning’, van 1 december 2026 tot en met 31 mei 2027.`,
    );
    const expired = mandateLetters('mandate.expired', payload({ status: 'active' }), names);
    expect(expired).toHaveLength(2);
    expect(expired.every((l) => l.subject.endsWith('is verlopen'))).toBe(true);
    expect(expired[1]?.body).toContain('De machtiging is verlopen.');
    expect(mandateLetters('mandate.declined', payload({ status: 'declined' }), names).map((l) => l.subject)).toEqual([
      `${nameOf('mandatary')} heeft uw machtiging geweigerd`,
    ]);
  });

  it('asks a business’s second signatory first: no letter to the mandatary until it is signed', () => {
    const waiting = mandateLetters('mandate.granted', payload({ status: 'awaiting_signature' }), names);
    expect(waiting.map((l) => l.recipient.kind)).toEqual(['business']);
    expect(waiting[0]?.body).toContain('Een tweede bevoegde van de onderneming moet de machtiging nog ondertekenen.');
    const signed = mandateLetters('mandate.signed', payload(), names);
    expect(signed.map((l) => l.recipient.kind)).toEqual(['business', 'person']);
    expect(mandateLetters('case.decided', payload(), names)).toEqual([]);
  });
});
