// Server-side sessions: creation with rotation, idle and absolute timeouts, logout (everywhere).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { readJson, writeJson, type Db, type MigrationSet, type Trx } from '../db/index.ts';
import type { ActingFor, Principal } from './model.ts';

export type AuthenticatedPrincipal = Exclude<Principal, { kind: 'anonymous' }>;
/** What a login establishes; the session id is added when the session is made. */
export type LoginIdentity = AuthenticatedPrincipal extends infer P
  ? P extends AuthenticatedPrincipal
    ? Omit<P, 'sessionId'>
    : never
  : never;

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export function subjectKey(identity: LoginIdentity): string {
  switch (identity.kind) {
    case 'person':
      return `person:${identity.bsn}`;
    case 'business':
      return `business:${identity.kvkNumber}:${identity.actingBsn ?? ''}`;
    case 'official':
      return `official:${identity.officialId}`;
  }
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Makes a session; returns the token for the cookie (never stored). */
export async function createSession(
  trx: Trx,
  identity: LoginIdentity,
  policy: SessionPolicy,
  now: Date,
): Promise<{ token: string; sessionId: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000).toISOString();
  await trx
    .insertInto('auth_session')
    .values({
      id: sessionId,
      subject_key: subjectKey(identity),
      principal: writeJson(identity),
      loa: identity.loa,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ended_at: null,
      end_reason: null,
    })
    .execute();
  return { token, sessionId, expiresAt };
}

export interface LoadedSession {
  principal: AuthenticatedPrincipal;
  createdAt: string;
  expiresAt: string;
  idleExpiresAt: string;
}

/** The principal of a session token, or undefined when unknown, ended, idle too long or past its maximum. */
export async function loadSession(db: Db, token: string, policy: SessionPolicy, now: Date): Promise<LoadedSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const id = hashToken(token);
  const row = await db.selectFrom('auth_session').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.ended_at !== null) return undefined;
  const nowIso = now.toISOString();
  const idleLimit = new Date(new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000).toISOString();
  if (row.expires_at <= nowIso || idleLimit <= nowIso) {
    await endSession(db, id, row.expires_at <= nowIso ? 'expired' : 'idle', now);
    return undefined;
  }
  // Refresh the idle clock at most once a minute, so reads stay cheap.
  let lastSeen = row.last_seen_at;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable('auth_session').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
    lastSeen = nowIso;
  }
  const identity = readJson<LoginIdentity>(row.principal);
  return {
    principal: { ...identity, sessionId: id },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    idleExpiresAt: new Date(new Date(lastSeen).getTime() + policy.idleMinutes * 60_000).toISOString(),
  };
}

/** Sets (or clears) for whom the session's user is acting; the rest of the session is unchanged. */
export async function setSessionActingFor(db: Db | Trx, sessionId: string, actingFor: ActingFor | null): Promise<void> {
  const row = await db.selectFrom('auth_session').select('principal').where('id', '=', sessionId).executeTakeFirst();
  if (!row) return;
  const identity = readJson<LoginIdentity>(row.principal);
  if (identity.kind === 'official') return;
  const { actingFor: _previous, ...rest } = identity;
  const next: LoginIdentity = actingFor ? { ...rest, actingFor } : rest;
  await db
    .updateTable('auth_session')
    .set({ principal: writeJson(next) })
    .where('id', '=', sessionId)
    .execute();
}

export async function endSession(db: Db | Trx, sessionId: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('auth_session')
    .set({ ended_at: now.toISOString(), end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of the same person, business representative or official. Returns how many. */
export async function endAllSessions(db: Db | Trx, sessionId: string, now: Date): Promise<number> {
  const row = await db.selectFrom('auth_session').select('subject_key').where('id', '=', sessionId).executeTakeFirst();
  if (!row) return 0;
  const r = await db
    .updateTable('auth_session')
    .set({ ended_at: now.toISOString(), end_reason: 'logout_everywhere' })
    .where('subject_key', '=', row.subject_key)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function activeSessionCount(db: Db, sessionId: string, now: Date): Promise<number> {
  const row = await db.selectFrom('auth_session').select('subject_key').where('id', '=', sessionId).executeTakeFirst();
  if (!row) return 0;
  const r = await db
    .selectFrom('auth_session')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('subject_key', '=', row.subject_key)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export const sessionMigrations: MigrationSet = {
  '2026-11-29-001-platform-sessions': async (db: Kysely<unknown>, t) => {
    await db.schema
      .createTable('auth_session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('principal', t.json, (c) => c.notNull())
      .addColumn('loa', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('ended_at', t.timestamp)
      .addColumn('end_reason', 'text')
      .execute();
    await db.schema.createIndex('auth_session_subject').on('auth_session').columns(['subject_key', 'ended_at']).execute();
  },
};
