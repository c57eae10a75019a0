// Use cases of the organisation register.
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import { dataVersionReader, inTransaction, markChanged, VersionedCache, type Database } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { sameOrganisation, type Organisation, type OrganisationInput, type OrganisationQuery } from './model.ts';
import * as store from './store.ts';

type OrganisationPage = { items: readonly Organisation[]; total: number };

/** The data version importOrganisations changes (platform/db/data-version.ts). */
const organisationsVersion = 'registry.organisations';

// Organisations are reference data: they change only through importOrganisations, a few times a
// year, and are listed on every page view and API call. Pages of the list are kept in memory per
// database. Each call first reads the data version (one primary-key lookup) that importOrganisations
// changes in its own transaction, so a change by this or any other process is seen by the very
// next list call everywhere: the cache adds no staleness. Changes made around the service (SQL by
// hand) are not seen until the next import or restart.
const pageCaches = new WeakMap<Database, VersionedCache<OrganisationPage>>();

function pageCache(database: Database): VersionedCache<OrganisationPage> {
  let cache = pageCaches.get(database);
  if (!cache) {
    cache = new VersionedCache(dataVersionReader(database.db, organisationsVersion));
    pageCaches.set(database, cache);
  }
  return cache;
}

export function listOrganisations(ctx: ModuleContext, query: OrganisationQuery): Promise<OrganisationPage> {
  const { db, dialect } = ctx.database;
  if (process.env['PERF_OFF']?.includes('cache')) return store.listOrganisations(db, dialect, query); // PERF-TEMP
  const key = JSON.stringify([query.q ?? '', query.type ?? '', query.limit, query.offset]);
  return pageCache(ctx.database).get(key, async () => {
    const page = await store.listOrganisations(db, dialect, query);
    // Shared by every later request: frozen, so no caller can change what the next one gets.
    return Object.freeze({ items: Object.freeze(page.items.map((o) => Object.freeze(o))), total: page.total });
  });
}

export function getOrganisation(ctx: ModuleContext, code: string): Promise<Organisation | undefined> {
  return store.findOrganisationByCode(ctx.database.db, code);
}

/** Brings the register in line with the shipped reference lists; each change is audited. */
export async function importOrganisations(ctx: ModuleContext, inputs: readonly OrganisationInput[]): Promise<{ inserted: number; updated: number }> {
  return inTransaction(ctx.database.db, async (trx) => {
    const existing = new Map((await store.allOrganisations(trx)).map((o) => [o.code, o]));
    const now = ctx.clock.now();
    const at = now.toISOString();
    let inserted = 0;
    let updated = 0;
    for (const input of inputs) {
      const current = existing.get(input.code);
      if (current && sameOrganisation(current, input)) continue;
      const id = current?.id ?? newId();
      if (current) {
        await store.updateOrganisation(trx, input, at);
        updated += 1;
      } else {
        await store.insertOrganisation(trx, id, input, at);
        inserted += 1;
      }
      await recordAudit(trx, {
        actor: systemActor,
        action: current ? 'registry.organisation_updated' : 'registry.organisation_imported',
        object: { type: 'organisation', id },
        legalBasis: null,
        at: now,
        details: { code: input.code, source: 'data/reference' },
      });
    }
    if (inserted + updated > 0) await markChanged(trx, organisationsVersion);
    return { inserted, updated };
  });
}
