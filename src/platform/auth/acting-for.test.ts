// Acting for someone in the session: the banner on every page while it holds; when the relation is
// gone (here: a child who turned 18), the next request drops it and the page says so once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAuthority, addPerson } from '../../modules/registry/people/test-fixtures.ts';
import { readJson } from '../db/index.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { settableClock } from '../../modules/delivery/test-fixtures.ts';
import type { LoginIdentity } from './sessions.ts';

const parent = '999990019';
const child = '999990032';
const stranger = '999990007';
const clock = settableClock('2026-11-30T10:00:00.000Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
  await addPerson(t.database, { bsn: parent, birthDate: '1985-03-01', givenNames: 'Mohamed', surname: 'El Amrani' });
  await addPerson(t.database, { bsn: stranger, birthDate: '1990-01-01', givenNames: 'Sanne', surname: 'de Vries' });
  await addPerson(t.database, { bsn: child, birthDate: '2008-12-05', givenNames: 'Yasmina', surname: 'El Amrani' });
  await addAuthority(t.database, { childBsn: child, holderBsn: parent, validFrom: '2008-12-05' });
});
afterAll(async () => t.close());

const actingAs = (bsn: string, name: string): LoginIdentity => ({
  kind: 'person',
  bsn,
  loa: 'substantial',
  name,
  actingFor: { kind: 'person', id: child, name: 'Yasmina El Amrani' },
});

async function sessionActingFor(cookie: string): Promise<unknown> {
  const rows = await t.database.db.selectFrom('auth_session').select(['id', 'principal']).where('ended_at', 'is', null).execute();
  const token = cookie.split('=')[1] ?? '';
  const { createHash } = await import('node:crypto');
  const id = createHash('sha256').update(token).digest('hex');
  const row = rows.find((r) => r.id === id);
  return row ? (readJson<{ actingFor?: unknown }>(row.principal).actingFor ?? null) : undefined;
}

describe('acting for someone in the session', () => {
  it('shows "U handelt namens …" on every page while the parent may act for the child', async () => {
    const cookie = await t.loginAs(actingAs(parent, 'Mohamed El Amrani'));
    for (const url of ['/', '/diensten', '/machtigen']) {
      const res = await t.request({ url, headers: { cookie } });
      expect(res.body, url).toContain('U handelt namens Yasmina El Amrani');
    }
    expect(await sessionActingFor(cookie)).toEqual({ kind: 'person', id: child, name: 'Yasmina El Amrani' });
  });

  it('drops the choice at once when there is no relation, and says so once', async () => {
    const cookie = await t.loginAs(actingAs(stranger, 'Sanne de Vries'));
    const first = await t.request({ url: '/', headers: { cookie } });
    expect(first.body).not.toContain('U handelt namens');
    expect(first.body).toContain('U handelt niet meer namens Yasmina El Amrani');
    expect(await sessionActingFor(cookie)).toBeNull();
    const second = await t.request({ url: '/', headers: { cookie } });
    expect(second.body).not.toContain('U handelt niet meer namens');
  });

  it('ends on the 18th birthday: the same session no longer acts for the child', async () => {
    clock.set('2026-12-04T22:58:00.000Z'); // 4 December 23:58 in Amsterdam: still 17
    const cookie = await t.loginAs(actingAs(parent, 'Mohamed El Amrani'));
    expect((await t.request({ url: '/', headers: { cookie } })).body).toContain('U handelt namens Yasmina El Amrani');
    clock.set('2026-12-04T23:01:00.000Z'); // 5 December 00:01 in Amsterdam: 18 today
    const res = await t.request({ url: '/', headers: { cookie } });
    expect(res.body).not.toContain('U handelt namens Yasmina');
    expect(res.body).toContain('U handelt niet meer namens Yasmina El Amrani');
    clock.set('2026-11-30T10:00:00.000Z');
  });
});
