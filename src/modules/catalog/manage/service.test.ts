// The use cases of service designers on a real database (LOKET_TEST_DB=sqlite|postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../../platform/audit/index.ts';
import type { Principal, Role } from '../../../platform/auth/index.ts';
import { readJson } from '../../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { checkPublishable, completeness } from '../model.ts';
import { findDescription, findService } from '../store.ts';
import {
  getServiceForEditing,
  listOwnServices,
  publishService,
  reopenService,
  retireService,
  updateDescription,
  type ServiceForEditing,
} from './service.ts';
import {
  collectorDraftMissing,
  completingChanges,
  inSearchIndex,
  products,
  rowCounts,
  seedServices,
  serviceId,
  snapshot,
} from './test-fixtures.ts';

let t: TestApp;
const ids = { collector: '', passport: '', emigration: '', housing: '', welfare: '', otherCollector: '' };

const principal = (organisationCode: string, roles: readonly Role[] = ['service_designer']): Principal => ({
  kind: 'official',
  officialId: '01900000-0000-7000-8000-00000000d351',
  organisationCode,
  roles,
  sessionId: 's',
  loa: 'substantial',
  name: 'Dienstontwerper',
});
const designer = principal('GM0363');
const otherDesigner = principal('GM0599');

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  await seedServices(t.ctx);
  ids.collector = await serviceId(t.ctx, 'GM0363', products.collector);
  ids.passport = await serviceId(t.ctx, 'GM0363', products.passport);
  ids.emigration = await serviceId(t.ctx, 'GM0363', products.emigration);
  ids.housing = await serviceId(t.ctx, 'GM0363', products.shelteredHousing);
  ids.welfare = await serviceId(t.ctx, 'GM0363', products.welfare);
  ids.otherCollector = await serviceId(t.ctx, 'GM0599', products.collector);
});
afterAll(() => t.close());

const value = <T>(r: { ok: true; value: T } | { ok: false; failure: { code: string } }): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.failure.code}`);
  return r.value;
};
const code = (r: { ok: boolean; failure?: { code: string } }): string | undefined => (r.ok ? undefined : r.failure?.code);

async function events(type: string, aggregateId: string) {
  return t.database.db.selectFrom('event_outbox').selectAll().where('type', '=', type).where('aggregate_id', '=', aggregateId).execute();
}

describe('listOwnServices', () => {
  it('lists the designer’s own services by title, with what each misses', async () => {
    const page = value(await listOwnServices(t.ctx, designer, { page: 1, pageSize: 20 }));
    expect(page.organisationCode).toBe('GM0363');
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.title)).toEqual([
      'Aangifte vertrek buitenland',
      'Aanleunwoning',
      'Aanwijzing inzamelaar',
      'Bijstand',
      'Paspoort',
    ]);
    expect(new Set(page.items.map((i) => i.organisationCode))).toEqual(new Set(['GM0363']));
    const collector = page.items.find((i) => i.id === ids.collector);
    expect(collector).toMatchObject({
      uplName: 'aanwijzing inzamelaar',
      status: 'draft',
      version: 1,
      missing: [...collectorDraftMissing],
      missingCount: 7,
      complete: false,
    });
  });

  it('filters by words in the title (case and accents aside), status and completeness, and pages', async () => {
    expect(value(await listOwnServices(t.ctx, designer, { q: 'INZAMELÄAR', page: 1, pageSize: 20 })).total).toBe(1);
    expect(value(await listOwnServices(t.ctx, designer, { q: 'inzamelaars', page: 1, pageSize: 20 })).total).toBe(0);
    expect(
      value(await listOwnServices(t.ctx, designer, { q: 'inzamelaar aanwijzing', page: 1, pageSize: 20 })).items.map((i) => i.id),
    ).toEqual([ids.collector]);
    expect(value(await listOwnServices(t.ctx, designer, { q: 'AANLEUN', page: 1, pageSize: 20 })).total).toBe(1);
    expect(value(await listOwnServices(t.ctx, designer, { status: 'published', page: 1, pageSize: 20 })).total).toBe(0);
    expect(value(await listOwnServices(t.ctx, designer, { completeness: 'complete', page: 1, pageSize: 20 })).total).toBe(0);
    expect(value(await listOwnServices(t.ctx, designer, { completeness: 'incomplete', page: 1, pageSize: 20 })).total).toBe(5);
    const second = value(await listOwnServices(t.ctx, designer, { page: 2, pageSize: 2 }));
    expect(second.total).toBe(5);
    expect(second.items.map((i) => i.title)).toEqual(['Aanwijzing inzamelaar', 'Bijstand']);
    expect(value(await listOwnServices(t.ctx, designer, { page: 4, pageSize: 2 })).items).toEqual([]);
  });

  it('refuses another organisation (403), other roles (403), citizens and nobody (401)', async () => {
    expect(code(await listOwnServices(t.ctx, designer, { page: 1, pageSize: 20 }, { organisationCode: 'GM0599' }))).toBe(
      'catalog.other_organisation',
    );
    expect(code(await listOwnServices(t.ctx, designer, { page: 1, pageSize: 20 }, { organisationCode: 'gm0363' }))).toBeUndefined();
    expect(code(await listOwnServices(t.ctx, principal('GM0363', ['case_handler']), { page: 1, pageSize: 20 }))).toBe(
      'catalog.role_not_allowed',
    );
    expect(code(await listOwnServices(t.ctx, { kind: 'anonymous' }, { page: 1, pageSize: 20 }))).toBe('auth.login_required');
    expect(
      code(
        await listOwnServices(
          t.ctx,
          { kind: 'person', bsn: '999993653', sessionId: 's', loa: 'high', name: 'P' },
          { page: 1, pageSize: 20 },
        ),
      ),
    ).toBe('catalog.role_not_allowed');
  });
});

describe('getServiceForEditing', () => {
  it('gives the service, its description, UPL product and what is missing', async () => {
    const e = value(await getServiceForEditing(t.ctx, designer, ids.collector));
    expect(e.service).toMatchObject({ id: ids.collector, organisationCode: 'GM0363', status: 'draft', title: 'Aanwijzing inzamelaar' });
    expect(e.description.version).toBe(1);
    expect(e.product?.uri).toBe(products.collector);
    expect(e.completeness).toEqual({ complete: false, missing: [...collectorDraftMissing], problems: [] });
    expect(e.actions).toEqual(['publish']);
  });

  it('answers a designer of another organisation exactly as for an unknown id: not found', async () => {
    const other = await getServiceForEditing(t.ctx, otherDesigner, ids.collector);
    const unknown = await getServiceForEditing(t.ctx, designer, '01900000-0000-7000-8000-0000000000ff');
    const garbage = await getServiceForEditing(t.ctx, designer, "x' or 1=1 --");
    expect(other).toEqual(unknown);
    expect(garbage).toEqual(unknown);
    expect(other).toMatchObject({ ok: false, failure: { code: 'catalog.service_not_found', status: 404 } });
    // With the organisation in the request (the API path): another one is "not found" too.
    expect(code(await getServiceForEditing(t.ctx, designer, ids.collector, { organisationCode: 'GM0599' }))).toBe(
      'catalog.service_not_found',
    );
  });
});

describe('a designer of another organisation', () => {
  it('gets not found for every change, and nothing is stored', async () => {
    const before = await rowCounts(t.database);
    const snap = await snapshot(t.database, 'GM0363');
    for (const r of [
      await updateDescription(t.ctx, otherDesigner, ids.collector, { contact: 'x' }, 1),
      await publishService(t.ctx, otherDesigner, ids.collector),
      await retireService(t.ctx, otherDesigner, ids.collector),
      await reopenService(t.ctx, otherDesigner, ids.collector),
    ])
      expect(r).toMatchObject({ ok: false, failure: { code: 'catalog.service_not_found', status: 404 } });
    expect(await rowCounts(t.database)).toEqual(before);
    expect(await snapshot(t.database, 'GM0363')).toBe(snap);
  });
});

describe('publishing', () => {
  it('is refused with exactly the missing elements, and leaves no audit record or event', async () => {
    const before = await rowCounts(t.database);
    const r = await publishService(t.ctx, designer, ids.collector);
    expect(r).toMatchObject({
      ok: false,
      failure: { code: 'catalog.description_incomplete', status: 409, missing: [...collectorDraftMissing], problems: [] },
    });
    expect(await rowCounts(t.database)).toEqual(before);
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('draft');
    expect(await auditTrail(t.database.db, 'service', ids.collector)).toEqual([]);
    expect(await events('catalog.service_published', ids.collector)).toEqual([]);
  });

  it('succeeds once the description is complete: status, audit record, event, search index', async () => {
    const updated = value(await updateDescription(t.ctx, designer, ids.collector, completingChanges, 1, { requestId: 'req-update-1' }));
    expect(updated.description.version).toBe(2);
    expect(updated.changed).toEqual(['costs', 'conditions', 'requirements', 'channels', 'levelOfAssurance', 'mandatable', 'serviceLevels']);
    expect(updated.completeness).toEqual({ complete: true, missing: [], problems: [] });
    // A draft is not in the public search index; once published it is (search.ts, called in the same transaction).
    expect(await inSearchIndex(t.database, 'GM0363', ids.collector)).toBe(false);

    const published = value(await publishService(t.ctx, designer, ids.collector, { requestId: 'req-publish-1' }));
    expect(published.service.status).toBe('published');
    expect(published.actions).toEqual(['retire']);
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('published');
    expect(await inSearchIndex(t.database, 'GM0363', ids.collector)).toBe(true);

    const trail = await auditTrail(t.database.db, 'service', ids.collector);
    expect(trail.map((a) => a.action)).toEqual(['catalog.service_description_changed', 'catalog.service_published']);
    expect(trail[0]).toMatchObject({
      actorType: 'official',
      organisationId: 'GM0363',
      requestId: 'req-update-1',
      details: { organisationCode: 'GM0363', serviceId: ids.collector, version: 2, changed: updated.changed },
    });
    expect(trail[1]).toMatchObject({ requestId: 'req-publish-1', details: { from: 'draft', to: 'published', version: 2 } });
    const changedEvents = await events('catalog.service_description_changed', ids.collector);
    expect(changedEvents).toHaveLength(1);
    expect(readJson(changedEvents[0]?.payload)).toMatchObject({ organisationCode: 'GM0363', serviceId: ids.collector, version: 2 });
    const publishedEvents = await events('catalog.service_published', ids.collector);
    expect(publishedEvents).toHaveLength(1);
    expect(publishedEvents[0]).toMatchObject({ aggregate_type: 'service', request_id: 'req-publish-1' });
    expect(readJson(publishedEvents[0]?.payload)).toMatchObject({ uplUri: products.collector, from: 'draft', to: 'published' });
  });

  it('cannot publish what is published already', async () => {
    const before = await rowCounts(t.database);
    expect(await publishService(t.ctx, designer, ids.collector)).toMatchObject({
      ok: false,
      failure: { code: 'catalog.invalid_transition', status: 409 },
    });
    expect(await rowCounts(t.database)).toEqual(before);
  });
});

describe('a published service', () => {
  it('cannot be made incomplete: refused with what would be missing, nothing stored', async () => {
    const before = await rowCounts(t.database);
    const snap = await snapshot(t.database, 'GM0363');
    const r = await updateDescription(t.ctx, designer, ids.collector, { conditions: '  ', channels: [], contact: 'Nieuw' }, 2);
    expect(r).toMatchObject({ ok: false, failure: { code: 'catalog.description_incomplete', missing: ['conditions', 'channels'] } });
    expect(await rowCounts(t.database)).toEqual(before);
    expect(await snapshot(t.database, 'GM0363')).toBe(snap);
  });

  it('can still be changed while it stays complete', async () => {
    const r = value(await updateDescription(t.ctx, designer, ids.collector, { contact: 'Bel 14 020', localText: '**Let op**' }, 2));
    expect(r.changed).toEqual(['contact', 'localText']);
    expect(r.description.version).toBe(3);
    expect(r.service.localText).toBe('**Let op**');
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.localText).toBe('**Let op**');
    expect((await auditTrail(t.database.db, 'service', ids.collector)).at(-1)?.details).toMatchObject({
      changed: ['contact', 'localText'],
      version: 3,
      status: 'published',
    });
  });

  it('is retired, reopened as a draft, and published again; each step audited with its event', async () => {
    expect(code(await reopenService(t.ctx, designer, ids.collector))).toBe('catalog.invalid_transition');
    expect(value(await retireService(t.ctx, designer, ids.collector)).service.status).toBe('retired');
    expect(await inSearchIndex(t.database, 'GM0363', ids.collector)).toBe(false);
    expect(code(await retireService(t.ctx, designer, ids.collector))).toBe('catalog.invalid_transition');
    expect(code(await publishService(t.ctx, designer, ids.collector))).toBe('catalog.invalid_transition');
    expect(value(await reopenService(t.ctx, designer, ids.collector)).service.status).toBe('draft');
    expect(value(await publishService(t.ctx, designer, ids.collector)).service.status).toBe('published');
    expect(await inSearchIndex(t.database, 'GM0363', ids.collector)).toBe(true);
    expect((await auditTrail(t.database.db, 'service', ids.collector)).map((a) => a.action).slice(-3)).toEqual([
      'catalog.service_retired',
      'catalog.service_reopened',
      'catalog.service_published',
    ]);
    expect(await events('catalog.service_retired', ids.collector)).toHaveLength(1);
    expect(await events('catalog.service_reopened', ids.collector)).toHaveLength(1);
    expect(await events('catalog.service_published', ids.collector)).toHaveLength(2);
  });
});

describe('updateDescription', () => {
  it('refuses a stale version with catalog.version_conflict, and stores nothing', async () => {
    value(await updateDescription(t.ctx, designer, ids.passport, { contact: 'Eerste' }, 1));
    const before = await rowCounts(t.database);
    const snap = await snapshot(t.database, 'GM0363');
    const stale = await updateDescription(t.ctx, designer, ids.passport, { contact: 'Tweede' }, 1);
    expect(stale).toMatchObject({ ok: false, failure: { code: 'catalog.version_conflict', status: 409 } });
    expect(!stale.ok && stale.failure.detail).toContain('versie is 2');
    expect(await rowCounts(t.database)).toEqual(before);
    expect(await snapshot(t.database, 'GM0363')).toBe(snap);
    expect((await findDescription(t.database.db, 'GM0363', ids.passport))?.contact).toBe('Eerste');
  });

  it('lets only one of two changes on the same version through', async () => {
    const [a, b] = await Promise.all([
      updateDescription(t.ctx, designer, ids.emigration, { contact: 'A' }, 1),
      updateDescription(t.ctx, designer, ids.emigration, { contact: 'B' }, 1),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([code(a), code(b)].filter(Boolean)).toEqual(['catalog.version_conflict']);
    const d = await findDescription(t.database.db, 'GM0363', ids.emigration);
    expect(d?.version).toBe(2);
    expect(d?.contact).toBe(a.ok ? 'A' : 'B');
  });

  it('lists every invalid field in one refusal, the unknown responsible organisation among them, and stores nothing', async () => {
    const before = await rowCounts(t.database);
    const r = await updateDescription(
      t.ctx,
      designer,
      ids.welfare,
      { responsibleOrganisationCode: 'GM9999', costs: [{ label: 'x', amountCents: -5, validFrom: '2026-01-01' }], colour: 'red' },
      'one',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.failure.code).toBe('catalog.invalid_input');
    expect(!r.ok && r.failure.invalidParams?.map((p) => `${p.name}:${p.code}`).sort()).toEqual(
      [
        'costs.0.amountCents:catalog.invalid_amount',
        'colour:catalog.unknown_field',
        'version:catalog.invalid_version',
        'responsibleOrganisationCode:catalog.unknown_organisation',
      ].sort(),
    );
    expect(await rowCounts(t.database)).toEqual(before);
  });

  it('accepts exactly one responsible organisation from the register (AP27)', async () => {
    const current = (await findDescription(t.database.db, 'GM0363', ids.welfare))?.version ?? 0;
    const r = value(await updateDescription(t.ctx, designer, ids.welfare, { responsibleOrganisationCode: 'min-szw' }, current));
    expect(r.description.responsibleOrganisationCode).toBe('MIN-SZW');
    const many = await updateDescription(t.ctx, designer, ids.welfare, { responsibleOrganisationCode: ['GM0363', 'MIN-SZW'] }, current + 1);
    expect(!many.ok && many.failure.invalidParams?.[0]?.code).toBe('catalog.invalid_organisation_code');
  });

  it('refuses a decision by operation of law together with the dwangsom (Awb 4:20a lid 2)', async () => {
    // The generated draft of an application has the dwangsom.
    const d = await findDescription(t.database.db, 'GM0363', ids.welfare);
    expect(d?.dwangsomApplies).toBe(true);
    const r = await updateDescription(t.ctx, designer, ids.welfare, { silenceConsentApplies: true }, d?.version ?? 0);
    expect(r).toMatchObject({
      ok: false,
      failure: { status: 400, invalidParams: [{ name: 'silenceConsentApplies', code: 'catalog.silence_consent_excludes_dwangsom' }] },
    });
    const both = value(
      await updateDescription(t.ctx, designer, ids.welfare, { silenceConsentApplies: true, dwangsomApplies: false }, d?.version ?? 0),
    );
    expect(both.description).toMatchObject({ silenceConsentApplies: true, dwangsomApplies: false });
  });

  it('writes nothing when nothing changes, not even a new version', async () => {
    const d = await findDescription(t.database.db, 'GM0363', ids.housing);
    const before = await rowCounts(t.database);
    const r = value(await updateDescription(t.ctx, designer, ids.housing, { contact: d?.contact, audience: d?.audience }, d?.version ?? 0));
    expect(r.changed).toEqual([]);
    expect(r.description.version).toBe(d?.version);
    expect(await rowCounts(t.database)).toEqual(before);
  });

  it('lets a draft be incomplete, and what is missing follows the change', async () => {
    const d = await findDescription(t.database.db, 'GM0363', ids.housing);
    if (!d) throw new Error('no description');
    const r = value(await updateDescription(t.ctx, designer, ids.housing, { contact: null, costs: [] }, d.version));
    const expected = completeness({ ...d, contact: null, costs: [] });
    expect(r.completeness).toEqual(expected);
    expect(r.completeness.missing).toContain('contact');
    expect(r.completeness.missing).not.toContain('costs');
    expect(checkPublishable(r.description).ok).toBe(false);
  });

  it('is refused to other roles and nobody before anything is read', async () => {
    expect(code(await updateDescription(t.ctx, principal('GM0363', ['administrator']), ids.housing, {}, 1))).toBe(
      'catalog.role_not_allowed',
    );
    expect(code(await updateDescription(t.ctx, { kind: 'anonymous' }, ids.housing, {}, 1))).toBe('auth.login_required');
    expect(code(await publishService(t.ctx, principal('GM0363', ['quality_manager']), ids.housing))).toBe('catalog.role_not_allowed');
  });
});

describe('what a designer sees after a change', () => {
  it('is the stored state', async () => {
    const e: ServiceForEditing = value(await getServiceForEditing(t.ctx, designer, ids.collector));
    expect(e.description).toEqual(await findDescription(t.database.db, 'GM0363', ids.collector));
    expect(e.service).toEqual(await findService(t.database.db, 'GM0363', ids.collector));
  });
});
