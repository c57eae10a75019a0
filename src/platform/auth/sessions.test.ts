import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMigrations } from '../audit/index.ts';
import { inTransaction, runMigrations } from '../db/index.ts';
import { createTestDatabase } from '../testing/db.ts';
import { decideAccess, loaAtLeast, type Principal } from './model.ts';
import { createSession, endAllSessions, endSession, loadSession, sessionMigrations, type LoginIdentity } from './sessions.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
const policy = { idleMinutes: 15, maxHours: 8 };
const t0 = new Date('2026-11-29T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const citizen: LoginIdentity = { kind: 'person', bsn: '999993653', name: 'Jan Jansen', loa: 'substantial' };

beforeAll(async () => {
  database = await createTestDatabase('sessions');
  await runMigrations(database.db, database.dialect, [auditMigrations, sessionMigrations]);
});
afterAll(() => database.cleanup());

const make = (identity: LoginIdentity, at = t0) => inTransaction(database.db, (trx) => createSession(trx, identity, policy, at));

describe('sessions', () => {
  it('returns the principal of a fresh session, and stores only a hash of the token', async () => {
    const { token, sessionId } = await make(citizen);
    const loaded = await loadSession(database.db, token, policy, minutes(1));
    expect(loaded?.principal).toEqual({ ...citizen, sessionId });
    const stored = await database.db.selectFrom('auth_session').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('ends a session after the idle time, but keeps it alive while it is used', async () => {
    const { token } = await make(citizen);
    expect(await loadSession(database.db, token, policy, minutes(10))).toBeDefined();
    expect(await loadSession(database.db, token, policy, minutes(24))).toBeDefined(); // 14 min after the last use
    expect(await loadSession(database.db, token, policy, minutes(40))).toBeUndefined(); // 16 min idle
    expect(await loadSession(database.db, token, policy, minutes(41))).toBeUndefined(); // and stays ended
  });

  it('ends a session at its maximum age, however busy', async () => {
    const { token } = await make(citizen);
    for (let m = 10; m < 8 * 60; m += 10) expect(await loadSession(database.db, token, policy, minutes(m))).toBeDefined();
    expect(await loadSession(database.db, token, policy, minutes(8 * 60 + 1))).toBeUndefined();
  });

  it('refuses unknown, malformed and ended tokens', async () => {
    expect(await loadSession(database.db, 'x'.repeat(43), policy, t0)).toBeUndefined();
    expect(await loadSession(database.db, "' or 1=1 --", policy, t0)).toBeUndefined();
    const { token, sessionId } = await make(citizen);
    await endSession(database.db, sessionId, 'logout', minutes(1));
    expect(await loadSession(database.db, token, policy, minutes(2))).toBeUndefined();
  });

  it('logs out everywhere: every session of the same user ends, others stay', async () => {
    const me = { ...citizen, bsn: '111222333' } satisfies LoginIdentity;
    const a = await make(me);
    const b = await make(me);
    const other = await make({ ...citizen, bsn: '123456782' });
    expect(await endAllSessions(database.db, a.sessionId, minutes(1))).toBe(2);
    expect(await loadSession(database.db, b.token, policy, minutes(2))).toBeUndefined();
    expect(await loadSession(database.db, other.token, policy, minutes(2))).toBeDefined();
  });
});

describe('access and levels of assurance', () => {
  const official: Principal = {
    kind: 'official',
    sessionId: 's',
    loa: 'substantial',
    name: 'A',
    officialId: 'o',
    organisationCode: 'GM0363',
    roles: ['case_handler'],
  };
  const person: Principal = { kind: 'person', sessionId: 's', loa: 'low', name: 'B', bsn: '999993653' };

  it('orders the levels low < substantial < high', () => {
    expect(loaAtLeast('high', 'substantial')).toBe(true);
    expect(loaAtLeast('substantial', 'substantial')).toBe(true);
    expect(loaAtLeast('low', 'substantial')).toBe(false);
  });

  it('decides access by kind and role', () => {
    expect(decideAccess('public', { kind: 'anonymous' })).toBe('allow');
    expect(decideAccess('authenticated', { kind: 'anonymous' })).toBe('unauthenticated');
    expect(decideAccess({ roles: ['case_handler'] }, official)).toBe('allow');
    expect(decideAccess({ roles: ['administrator'] }, official)).toBe('forbidden');
    expect(decideAccess({ roles: ['case_handler'] }, person)).toBe('forbidden');
    expect(decideAccess({ kinds: ['person'] }, person)).toBe('allow');
    expect(decideAccess({ kinds: ['business'] }, person)).toBe('forbidden');
  });
});
