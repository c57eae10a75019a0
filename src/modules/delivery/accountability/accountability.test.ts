// The accountability export of a case (NORA AP30), on a real database (LOKET_TEST_DB=sqlite|postgres):
// a case taken through its steps by the service functions, then exported through the service, the
// JSON API and the printable page; who may export; the export itself is audited. The pure pairing
// of audit records and processing-log lines is tested on records made up here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, type AuditRecord } from '../../../platform/audit/index.ts';
import type { LoginIdentity, Principal } from '../../../platform/auth/index.ts';
import { readCount, readJson, sql } from '../../../platform/db/index.ts';
import { processingActivityBase } from '../../../platform/processing-log/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import type { IsoDate } from '../../../platform/time/index.ts';
import { addServices, movableClock, paspoortUri, personIdentity } from '../../catalog/feedback/test-fixtures.ts';
import type { Service } from '../../catalog/model.ts';
import {
  claimCase,
  decideCase,
  getCase,
  receiveInformation,
  requestInformation,
  submitApplication,
  workQueue,
  type DeliveryCase,
} from '../service.ts';
import {
  buildCaseTrail,
  factsOf,
  legalBasesOf,
  maskPersonId,
  pairLines,
  splitLines,
  type TrailAuditRecord,
  type TrailInput,
  type TrailProcessingLine,
} from './model.ts';
import { explainTermStep } from './explain.ts';
import { exportCaseTrail } from './service.ts';

const d = (date: string): IsoDate => date as IsoDate;
const activity = (name: string): string => `${processingActivityBase}delivery.case.${name}`;

// ---------------------------------------------------------------------------------------------
// Pure: the trail from made-up records

describe('buildCaseTrail (pure)', () => {
  const at = '2026-11-30T10:00:00.000Z';
  const applicant = { kind: 'person' as const, id: '999993653' };
  const caseId = '01900000-0000-7000-8000-0000000000c1';
  const record = (id: string, action: string, extra: Partial<TrailAuditRecord> = {}): TrailAuditRecord => ({
    id,
    occurredAt: at,
    actorType: 'official',
    actorId: 'official-1',
    onBehalfOf: null,
    organisationId: 'GM0363',
    action,
    legalBasis: null,
    requestId: null,
    details: { serviceVersion: 3, form: { id: 'toelichting', version: 1 } },
    ...extra,
  });
  const line = (id: string, name: string, extra: Partial<TrailProcessingLine> = {}): TrailProcessingLine => ({
    id,
    at,
    name,
    activityId: activity(name),
    organisationCode: 'GM0363',
    subjectType: 'BSN',
    attributes: { 'loket.actor': 'official', 'loket.case': caseId },
    ...extra,
  });
  const input = (audit: TrailAuditRecord[], lines: TrailProcessingLine[]): TrailInput => ({
    case: {
      organisationCode: 'GM0363',
      id: caseId,
      caseNumber: 'Z-2026-000001',
      serviceId: '01900000-0000-7000-8000-0000000000a1',
      serviceTitle: 'Paspoort',
      uplUri: paspoortUri,
      serviceVersion: 3,
      formId: 'toelichting',
      formVersion: 1,
      applicant,
      status: 'decided',
      outcome: 'granted',
      receivedOn: '2026-11-30',
      submittedAt: at,
      decidedAt: at,
      answeredFields: ['toelichting'],
    },
    audit,
    lines,
    form: undefined,
    term: { dueDate: '2027-01-25', steps: [] },
    generatedAt: at,
  });

  it('pairs each change with its own line when every instant is the same, and keeps reads as steps of their own', () => {
    // Ids in insertion order, as UUIDv7 ids are: submit (record, line), a view, claim, decide.
    const audit = [
      record('k01', 'delivery.case_submitted', { actorType: 'person', actorId: applicant.id, organisationId: null, legalBasis: 'Awb 4:1' }),
      record('k04', 'delivery.case_claimed'),
      record('k06', 'delivery.case_decided', {
        legalBasis: 'Paspoortwet art. 26; Awb 6:7, 6:8',
        details: { legalBasis: 'Paspoortwet art. 26' },
      }),
    ];
    const lines = [
      line('k02', 'submit', { attributes: { 'loket.actor': 'applicant', 'loket.case': caseId } }),
      line('k03', 'view'),
      line('k05', 'handle'),
      line('k07', 'handle'),
      line('k08', 'submit', { attributes: { 'loket.actor': 'applicant', 'loket.case': 'another-case' } }),
      line('k09', 'queue', { attributes: { 'loket.actor': 'official' } }),
      line('k10', 'view', { attributes: { 'loket.actor': 'official' } }),
    ];
    const paired = pairLines(audit, splitLines(lines, caseId).caseLines);
    expect(paired.get('k01')?.map((l) => l.id)).toEqual(['k02']);
    expect(paired.get('k04')?.map((l) => l.id)).toEqual(['k05']);
    expect(paired.get('k06')?.map((l) => l.id)).toEqual(['k07']);

    const trail = buildCaseTrail(input(audit, lines));
    expect(trail.steps.map((s) => s.code)).toEqual([
      'delivery.case_submitted',
      activity('view'),
      'delivery.case_claimed',
      'delivery.case_decided',
    ]);
    expect(trail.steps.map((s) => s.number)).toEqual([1, 2, 3, 4]);
    expect(trail.steps[0]?.who).toEqual({ kind: 'applicant', id: null, organisationCode: null, mandateId: null });
    expect(trail.steps[1]?.who).toEqual({ kind: 'official', id: null, organisationCode: 'GM0363', mandateId: null });
    expect(trail.steps[1]?.kind).toBe('processing');
    expect(trail.steps[3]?.legalBases).toEqual(['Paspoortwet art. 26', 'Awb 6:7, 6:8']);
    // The other case's line and the view without a case are not steps; the queue view is listed apart.
    expect(trail.steps.flatMap((s) => s.processing.map((p) => p.id))).toEqual(['k02', 'k03', 'k05', 'k07']);
    expect(trail.queueViews).toHaveLength(1);
    expect(trail.queueViewsByDay).toEqual([{ date: '2026-11-30', organisationCode: 'GM0363', count: 1 }]);
    // The submit used the identifier and the answers; a handling step the case file as well.
    expect(trail.steps[0]?.personalData.map((d) => `${d.kind}:${d.code}`)).toEqual(['identifier:BSN', 'form_answer:toelichting']);
    expect(trail.steps[2]?.personalData.map((d) => d.kind)).toEqual(['identifier', 'form_answer', 'case_file']);
    // A change without a logged line says so: no personal data.
    const unlogged = buildCaseTrail(input([record('a9', 'delivery.case_closed')], []));
    expect(unlogged.steps[0]?.personalData).toEqual([]);
    expect(unlogged.steps[0]?.processing).toEqual([]);
  });

  it('orders by instant first, then by id', () => {
    const later = '2026-11-30T11:00:00.000Z';
    const trail = buildCaseTrail(
      input(
        [record('b9', 'delivery.case_submitted', { occurredAt: at }), record('a1', 'delivery.case_claimed', { occurredAt: later })],
        [line('a0', 'view', { at: later })],
      ),
    );
    expect(trail.steps.map((s) => s.code)).toEqual(['delivery.case_submitted', activity('view'), 'delivery.case_claimed']);
  });

  it('names who acted for whom without showing a BSN in full', () => {
    const trail = buildCaseTrail(
      input(
        [
          record('a1', 'delivery.case_submitted', {
            actorType: 'person',
            actorId: '111222333',
            organisationId: null,
            onBehalfOf: { type: 'person', id: applicant.id, mandateId: 'm-1' },
          }),
        ],
        [],
      ),
    );
    expect(trail.steps[0]?.who).toEqual({ kind: 'person', id: '******333', organisationCode: null, mandateId: null });
    expect(trail.steps[0]?.onBehalfOf).toEqual({ kind: 'applicant', id: null, organisationCode: null, mandateId: 'm-1' });
    expect(JSON.stringify(trail)).not.toContain('111222333');
    expect(JSON.stringify(trail)).not.toContain(applicant.id);
    expect(maskPersonId('12')).toBe('**');
  });

  it('keeps dates, codes and numbers of the details as facts, never free text', () => {
    expect(
      factsOf({
        organisationCode: 'GM0363',
        caseNumber: 'Z-2026-000001',
        message: 'Stuur een kopie van uw paspoort.',
        motivation: 'Voldoet aan de eisen.',
        completeBy: '2026-12-14',
        outcome: 'partly_granted',
        late: false,
        penalty: { days: 3, amountCents: 6900, status: 'final' },
        attachments: [{ id: 'x' }],
      }),
    ).toEqual({
      completeBy: '2026-12-14',
      outcome: 'partly_granted',
      late: false,
      'penalty.days': 3,
      'penalty.amountCents': 6900,
      'penalty.status': 'final',
    });
    expect(legalBasesOf({ legalBasis: ' Awb 4:1 ;; ', details: {} })).toEqual(['Awb 4:1']);
    expect(legalBasesOf({ legalBasis: null, details: {} })).toEqual([]);
  });

  it('explains each kind of due-date step in Dutch and English', () => {
    const term = explainTermStep({
      kind: 'term',
      basis: 'reasonable',
      weeks: 8,
      rawEnd: d('2027-01-23'),
      end: d('2027-01-25'),
      atwApplied: true,
    });
    expect(term.nl).toContain('8 weken');
    expect(term.nl).toContain('25 januari 2027');
    expect(term.en).toContain('Awb 4:13(2)');
    const open = explainTermStep({
      kind: 'suspension',
      reason: 'information_requested',
      from: d('2026-12-01'),
      until: null,
      days: 0,
      dueDate: null,
    });
    expect(open.nl).toContain('nog niet bekend');
    const ignored = explainTermStep({
      kind: 'extension_ignored',
      sentOn: d('2027-02-01'),
      newDueDate: d('2027-03-01'),
      code: 'delivery.extension_too_late',
    });
    expect(ignored.nl).toContain('de termijn was al voorbij');
  });
});

// ---------------------------------------------------------------------------------------------
// On a database: service, API and page

const clock = movableClock('2026-11-30T09:00:00Z'); // a Monday
let t: TestApp;
let paspoort: Service;
let kase: DeliveryCase;
let otherCase: DeliveryCase;

const aliceBsn = '999993653';
const bobBsn = '111222333';
const handlerId = '01900000-0000-7000-8000-00000000aa01';
const identities = {
  alice: personIdentity(aliceBsn),
  bob: personIdentity(bobBsn),
  handler: {
    kind: 'official',
    officialId: handlerId,
    organisationCode: 'GM0363',
    roles: ['case_handler'],
    loa: 'substantial',
    name: 'Zaakbehandelaar',
  },
  otherHandler: {
    kind: 'official',
    officialId: '01900000-0000-7000-8000-00000000aa02',
    organisationCode: 'GM0344',
    roles: ['case_handler'],
    loa: 'substantial',
    name: 'Zaakbehandelaar Utrecht',
  },
  designer: {
    kind: 'official',
    officialId: '01900000-0000-7000-8000-00000000aa03',
    organisationCode: 'GM0363',
    roles: ['service_designer'],
    loa: 'substantial',
    name: 'Dienstontwerper',
  },
  ombudsman: {
    kind: 'official',
    officialId: '01900000-0000-7000-8000-00000000aa04',
    organisationCode: 'GM0599',
    roles: ['ombudsman'],
    loa: 'substantial',
    name: 'Ombudsman',
  },
} satisfies Record<string, LoginIdentity>;
type Who = keyof typeof identities;
const principal = (who: Who): Principal => ({ ...identities[who], sessionId: 'test-session' });
const cookies: Partial<Record<Who, string>> = {};

async function must<T>(result: Promise<{ ok: true; value: T } | { ok: false; failure: { code: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.failure.code);
  return r.value;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  [paspoort] = (await addServices(t.ctx, [{ organisationCode: 'GM0363', uplUri: paspoortUri, status: 'published' }])) as [Service];
  const ctx = t.ctx;
  const submit = (key: string) =>
    must(
      submitApplication(ctx, principal('alice'), {
        organisationCode: 'GM0363',
        serviceId: paspoort.id,
        answers: { toelichting: 'Mijn paspoort is verlopen.' },
        idempotencyKey: key,
      }),
    ).then((s) => s.case);
  kase = await submit('accountability-0001');
  clock.set('2026-11-30T09:01:00Z');
  otherCase = await submit('accountability-0002');
  clock.set('2026-11-30T10:00:00Z');
  await must(workQueue(ctx, principal('handler'), {}));
  clock.set('2026-11-30T10:05:00Z');
  await must(getCase(ctx, principal('handler'), 'GM0363', kase.id));
  clock.set('2026-11-30T10:10:00Z');
  await must(claimCase(ctx, principal('handler'), 'GM0363', kase.id));
  clock.set('2026-11-30T10:20:00Z');
  await must(requestInformation(ctx, principal('handler'), 'GM0363', kase.id, { message: 'Stuur een pasfoto.', completeBy: '2026-12-14' }));
  clock.set('2026-12-02T09:00:00Z');
  await must(receiveInformation(ctx, principal('alice'), 'GM0363', kase.id, { message: 'Hierbij de pasfoto.' }));
  clock.set('2026-12-03T09:00:00Z');
  await must(
    decideCase(ctx, principal('handler'), 'GM0363', kase.id, {
      outcome: 'granted',
      motivation: 'U voldoet aan de eisen.',
      legalBasis: 'Paspoortwet art. 26',
    }),
  );
  clock.set('2026-12-03T10:00:00Z');
  for (const who of Object.keys(identities) as Who[]) cookies[who] = await t.loginAs(identities[who]);
});
afterAll(() => t.close());

const exportCount = async (): Promise<number> =>
  readCount(
    (await sql<{ n: number }>`select count(*) as n from audit_log where action = 'delivery.case_exported'`.execute(t.database.db)).rows[0]
      ?.n,
  );
const exportLines = async (): Promise<{ attributes: Record<string, unknown> }[]> =>
  (
    await t.database.db
      .selectFrom('processing_log')
      .select(['attributes'])
      .where('processing_activity_id', '=', activity('export'))
      .orderBy('start_time')
      .orderBy('id')
      .execute()
  ).map((r) => ({ attributes: readJson<Record<string, unknown>>(r.attributes) }));

describe('exportCaseTrail', () => {
  it('gives every step in order: who, for whom, when, under which rule and service version, with the case’s processing lines', async () => {
    const { trail, viewer } = await must(exportCaseTrail(t.ctx, principal('alice'), 'GM0363', kase.id));
    expect(viewer).toBe('applicant');
    expect(trail.case.caseNumber).toBe(kase.caseNumber);
    expect(trail.case.status).toBe('decided');
    expect(trail.steps.map((s) => s.code)).toEqual([
      'delivery.case_submitted',
      activity('view'),
      'delivery.case_claimed',
      'delivery.case_information_requested',
      'delivery.case_information_received',
      'delivery.case_decided',
      'delivery.case_exported',
    ]);
    const [submitted, viewed, claimed, requested, received, decided, exported] = trail.steps;
    expect(submitted?.at).toBe('2026-11-30T09:00:00.000Z');
    expect(claimed?.at).toBe('2026-11-30T10:10:00.000Z');
    expect(decided?.at).toBe('2026-12-03T09:00:00.000Z');

    // Who, and in which capacity.
    expect(submitted?.who.kind).toBe('applicant');
    expect(viewed?.who).toEqual({ kind: 'official', id: null, organisationCode: 'GM0363', mandateId: null });
    for (const s of [claimed, requested, decided])
      expect(s?.who).toEqual({ kind: 'official', id: handlerId, organisationCode: 'GM0363', mandateId: null });
    expect(received?.who.kind).toBe('applicant');
    expect(exported?.who.kind).toBe('applicant');
    expect(trail.steps.every((s) => s.onBehalfOf === null)).toBe(true);

    // The rules.
    expect(submitted?.legalBases).toEqual(['Awb 4:1']);
    expect(requested?.legalBases).toEqual(['Awb 4:5, 4:15 lid 1']);
    expect(received?.legalBases).toEqual(['Awb 4:15 lid 1']);
    expect(decided?.legalBases).toEqual(['Paspoortwet art. 26', 'Awb 6:7, 6:8']);
    expect(exported?.legalBases).toEqual(['AVG art. 15']);

    // The status changes and the facts (no free text).
    expect([submitted?.toStatus, claimed?.toStatus, requested?.toStatus, received?.toStatus, decided?.toStatus]).toEqual([
      'submitted',
      'in_progress',
      'awaiting_information',
      'in_progress',
      'decided',
    ]);
    expect(requested?.facts).toMatchObject({ completeBy: '2026-12-14', suspendedFrom: '2026-12-01' });
    expect(decided?.facts).toMatchObject({ outcome: 'granted', decidedOn: '2026-12-03' });
    expect(JSON.stringify(trail)).not.toContain('Stuur een pasfoto');
    expect(JSON.stringify(trail)).not.toContain('U voldoet aan de eisen');

    // Service and form version of every step.
    expect(trail.case.service.version).toBe(kase.serviceVersion);
    for (const s of trail.steps) {
      expect(s.serviceVersion).toBe(kase.serviceVersion);
      expect(s.form).toEqual({ id: 'toelichting', version: 1 });
    }

    // The processing lines of the case: one per step, of the fitting activity; the other case's are not here.
    expect(trail.steps.map((s) => s.processing.map((p) => p.activityId))).toEqual([
      [activity('submit')],
      [activity('view')],
      [activity('handle')],
      [activity('handle')],
      [activity('handle')],
      [activity('handle')],
      [activity('export')],
    ]);
    expect(trail.steps.some((s) => s.at === '2026-11-30T09:01:00.000Z')).toBe(false);
    expect(submitted?.personalData.map((d) => `${d.kind}:${d.code}`)).toEqual(['identifier:BSN', 'form_answer:toelichting']);
    expect(submitted?.personalData[1]?.label.nl).toBe('Wat vraagt u aan, en waarom?');
    expect(decided?.personalData.map((d) => d.kind)).toEqual(['identifier', 'form_answer', 'case_file']);

    // The work-queue view is listed apart; the applicant's BSN is nowhere.
    expect(trail.queueViews.map((q) => q.at)).toEqual(['2026-11-30T10:00:00.000Z']);
    expect(trail.queueViewsByDay).toEqual([{ date: '2026-11-30', organisationCode: 'GM0363', count: 1 }]);
    expect(JSON.stringify(trail)).not.toContain(aliceBsn);

    // The due date explained: the term, then one day suspended for the information request.
    expect(trail.decisionTerm.steps.map((s) => s.step.kind)).toEqual(['term', 'suspension']);
    const suspension = trail.decisionTerm.steps[1]?.step;
    expect(suspension).toMatchObject({ kind: 'suspension', from: '2026-12-01', until: '2026-12-02', days: 1 });
    expect(trail.decisionTerm.steps[1]?.explanation.nl).toContain('stil');
  });

  it('refuses anyone but the applicant, a case handler of the organisation and the ombudsman, writing nothing', async () => {
    const before = await exportCount();
    for (const who of ['bob', 'otherHandler', 'designer'] as const) {
      const r = await exportCaseTrail(t.ctx, principal(who), 'GM0363', kase.id);
      expect(r.ok ? 'ok' : r.failure.code).toBe('delivery.case_not_found');
    }
    const wrongOrganisation = await exportCaseTrail(t.ctx, principal('handler'), 'GM0344', kase.id);
    expect(wrongOrganisation.ok ? 'ok' : wrongOrganisation.failure.code).toBe('delivery.case_not_found');
    const anonymous = await exportCaseTrail(t.ctx, { kind: 'anonymous' }, 'GM0363', kase.id);
    expect(anonymous.ok ? 'ok' : anonymous.failure.code).toBe('auth.login_required');
    expect(await exportCount()).toBe(before);
  });

  it('keeps the applicant’s cases apart: the other case’s trail has only its own steps', async () => {
    const { trail } = await must(exportCaseTrail(t.ctx, principal('alice'), 'GM0363', otherCase.id));
    expect(trail.steps.map((s) => s.code)).toEqual(['delivery.case_submitted', 'delivery.case_exported']);
    expect(trail.steps[0]?.at).toBe('2026-11-30T09:01:00.000Z');
    // The work-queue view names no case, so it may concern either.
    expect(trail.queueViews).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// HTTP

async function get(url: string, who: Who | null, accept = 'application/json') {
  const headers: Record<string, string> = { accept };
  if (who) headers['cookie'] = cookies[who] ?? '';
  const res = await t.request({ method: 'GET', url, headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json: <T>() => res.json<T>() };
}

const apiUrl = (id = kase.id, org = 'GM0363') => `/api/v1/cases/${org}/${id}/accountability`;
const pageUrl = (id = kase.id, org = 'GM0363') => `/zaken/${org}/${id}/verantwoording`;

describe('GET /api/v1/cases/{organisationCode}/{caseId}/accountability', () => {
  it('answers the applicant, a case handler and the ombudsman with the whole trail', async () => {
    for (const [who, viewer] of [
      ['alice', 'applicant'],
      ['handler', 'case_handler'],
      ['ombudsman', 'ombudsman'],
    ] as const) {
      const res = await get(apiUrl(), who);
      expect(res.status).toBe(200);
      const body = res.json<{ viewer: string; case: { caseNumber: string }; steps: { code: string; legalBases: string[] }[] }>();
      expect(body.viewer).toBe(viewer);
      expect(body.case.caseNumber).toBe(kase.caseNumber);
      expect(body.steps.slice(0, 6).map((s) => s.code)).toEqual([
        'delivery.case_submitted',
        activity('view'),
        'delivery.case_claimed',
        'delivery.case_information_requested',
        'delivery.case_information_received',
        'delivery.case_decided',
      ]);
      expect(body.steps.at(-1)?.code).toBe('delivery.case_exported');
      expect(res.body).not.toContain(aliceBsn);
    }
  });

  it('is 404 for another citizen and an official of another organisation, 403 for an official without the role, 401 without login', async () => {
    const before = await exportCount();
    for (const who of ['bob', 'otherHandler'] as const) {
      const res = await get(apiUrl(), who);
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.json<{ code: string }>().code).toBe('delivery.case_not_found');
    }
    expect((await get(apiUrl(kase.id, 'GM0344'), 'otherHandler')).status).toBe(404);
    expect((await get(apiUrl('01900000-0000-7000-8000-0000000000ff'), 'handler')).status).toBe(404);
    expect((await get(apiUrl('not-a-case'), 'alice')).status).toBe(404);
    expect((await get(apiUrl(), 'designer')).status).toBe(403);
    expect((await get(apiUrl(), null)).status).toBe(401);
    expect(await exportCount()).toBe(before);
  });

  it('records each export: an audit record with who and why, and a processing-log line of the case, shown in the next export', async () => {
    const before = await exportCount();
    const linesBefore = (await exportLines()).length;
    expect((await get(apiUrl(), 'handler')).status).toBe(200);
    expect(await exportCount()).toBe(before + 1);
    const records = (await auditTrail(t.database.db, 'delivery_case', kase.id)).filter((r) => r.action === 'delivery.case_exported');
    const last = records.at(-1) as AuditRecord;
    expect(last.actorType).toBe('official');
    expect(last.actorId).toBe(handlerId);
    expect(last.legalBasis).toBe('AVG art. 5 lid 2');
    expect(last.requestId).not.toBeNull();
    expect(last.details).toMatchObject({
      caseNumber: kase.caseNumber,
      viewer: 'case_handler',
      format: 'json',
      serviceVersion: kase.serviceVersion,
    });
    const lines = await exportLines();
    expect(lines).toHaveLength(linesBefore + 1);
    expect(lines.at(-1)?.attributes).toMatchObject({ 'loket.case': kase.id, 'loket.actor': 'official' });

    const next = (await get(apiUrl(), 'alice')).json<{ steps: { code: string; who: { kind: string; id: string | null } }[] }>();
    const exports = next.steps.filter((s) => s.code === 'delivery.case_exported');
    expect(exports.at(-2)?.who).toMatchObject({ kind: 'official', id: handlerId });
    expect(exports.at(-1)?.who.kind).toBe('applicant');
  });
});

describe('GET /zaken/{org}/{caseId}/verantwoording', () => {
  it('renders the printable page with the case number, every step and its table', async () => {
    const before = await exportCount();
    const res = await get(pageUrl(), 'alice', 'text/html');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/html/);
    expect(res.body).toContain(`Verantwoording van zaak ${kase.caseNumber}`);
    for (const label of [
      'Aanvraag ingediend',
      'Zaak ingezien',
      'Zaak in behandeling genomen',
      'Aanvullende informatie gevraagd',
      'Aanvullende informatie ontvangen',
      'Besluit genomen',
      'Verantwoording opgevraagd',
    ])
      expect(res.body).toContain(label);
    for (const column of ['Datum en tijd', 'Wie', 'Namens wie', 'Grondslag', 'Dienstversie', 'Gebruikte gegevens'])
      expect(res.body).toContain(column);
    expect(res.body).toContain('Paspoortwet art. 26');
    expect(res.body).toContain('Gezien in een werkvoorraad');
    expect(res.body).toContain('/assets/delivery/verantwoording.css');
    expect(res.body).not.toContain(aliceBsn);
    expect(await exportCount()).toBe(before + 1);
    const record = (await auditTrail(t.database.db, 'delivery_case', kase.id)).at(-1);
    expect(record?.details['format']).toBe('html');

    const english = await t.request({
      method: 'GET',
      url: pageUrl(),
      headers: { accept: 'text/html', cookie: `${cookies.alice ?? ''}; lang=en` },
    });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain(`Accountability report of case ${kase.caseNumber}`);
    expect(english.body).toContain('Decision taken');
  });

  it('is a 404 page for another citizen', async () => {
    const res = await get(pageUrl(), 'bob', 'text/html');
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^text\/html/);
    expect(res.body).not.toContain(kase.caseNumber);
  });

  it('serves its print stylesheet', async () => {
    const res = await get('/assets/delivery/verantwoording.css', null, 'text/css');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/css/);
    expect(res.body).toContain('@media print');
  });
});
