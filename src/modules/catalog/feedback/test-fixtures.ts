// Test data for the feedback tests: UPL products and services written through the catalog's own
// store and use cases, login identities, and row counts (used by *.test.ts only).
import fs from 'node:fs';
import type { LoginIdentity, Principal, Role } from '../../../platform/auth/index.ts';
import { inTransaction, readCount, sql, type Database } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isoDateInAmsterdam, type Clock } from '../../../platform/time/index.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service, type ServiceStatus, type UplProduct } from '../model.ts';
import { shippedUplFile } from '../reference.ts';
import { importUpl } from '../service.ts';
import { insertServices } from '../store.ts';

export const paspoortUri = 'http://standaarden.overheid.nl/owms/terms/paspoort';
export const rijbewijsUri = 'http://standaarden.overheid.nl/owms/terms/rijbewijs';

/** Two products of the shipped UPL. */
export function someProducts(): UplProduct[] {
  const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const wanted = parsed.products.filter((p) => p.uri === paspoortUri || p.uri === rijbewijsUri);
  if (wanted.length !== 2) throw new Error('the shipped UPL lacks paspoort or rijbewijs');
  return wanted;
}

/** Imports the products (importUpl) and inserts one service per item, in the given status. */
export async function addServices(
  ctx: Pick<ModuleContext, 'database' | 'clock'>,
  items: readonly { organisationCode: string; uplUri: string; status: ServiceStatus }[],
): Promise<Service[]> {
  const products = someProducts();
  await importUpl(ctx, products);
  const rows = items.map((i) => {
    const product = products.find((p) => p.uri === i.uplUri);
    if (!product) throw new Error(`unknown product ${i.uplUri}`);
    const id = newId();
    const service: Service = {
      id,
      organisationCode: i.organisationCode,
      uplUri: product.uri,
      title: serviceTitle(product),
      localText: null,
      status: i.status,
    };
    return { service, description: draftDescription(product, { code: i.organisationCode, name: i.organisationCode }, id) };
  });
  await inTransaction(ctx.database.db, (trx) => insertServices(trx, ctx.database.dialect, rows, ctx.clock.now().toISOString()));
  return rows.map((r) => r.service);
}

/** A clock the test moves forward. */
export function movableClock(start: string): Clock & { set(instant: string): void } {
  let ms = new Date(start).getTime();
  return {
    now: () => new Date(ms),
    today: () => isoDateInAmsterdam(new Date(ms)),
    set: (instant) => {
      ms = new Date(instant).getTime();
    },
  };
}

export const personIdentity = (bsn: string): Extract<LoginIdentity, { kind: 'person' }> => ({
  kind: 'person',
  bsn,
  loa: 'substantial',
  name: `Burger ${bsn.slice(-4)}`,
});
export const businessIdentity = (kvkNumber: string): Extract<LoginIdentity, { kind: 'business' }> => ({
  kind: 'business',
  kvkNumber,
  actingBsn: null,
  loa: 'substantial',
  name: `Onderneming ${kvkNumber}`,
});
export const officialIdentity = (organisationCode: string, roles: readonly Role[]): Extract<LoginIdentity, { kind: 'official' }> => ({
  kind: 'official',
  officialId: newId(),
  organisationCode,
  roles: [...roles],
  loa: 'substantial',
  name: `Medewerker ${organisationCode}`,
});

/** A principal (as a request would have it) for a login identity. */
export const principal = (identity: LoginIdentity): Principal => ({ ...identity, sessionId: 'test-session' });

export const feedbackTables = ['service_feedback', 'service_request', 'service_request_support', 'audit_log', 'event_outbox'] as const;

/** Rows in the tables a use case may write, to prove a refusal stored nothing. */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of feedbackTables) {
    out[table] = readCount((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n);
  }
  return out;
}

/** The sum of the support counts, to prove a refused support changed none. */
export async function supportTotal(database: Database): Promise<number> {
  return readCount(
    (await sql<{ n: number }>`select coalesce(sum(support_count), 0) as n from service_request`.execute(database.db)).rows[0]?.n,
  );
}
