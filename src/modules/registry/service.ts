// Use cases of the organisation register.
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import { dataVersionReader, inTransaction, markChanged, VersionedCache, type Database } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { sameOrganisation, type Organisation, type OrganisationInput, type OrganisationQuery } from './model.ts';
import * as store from './store.ts';

/** One page of the list. The same query gets the same (frozen) object while the register is unchanged. */
export type OrganisationPage = Readonly<{ items: readonly Organisation[]; total: number }>;

/** The data version importOrganisations changes (platform/db/data-version.ts). */
const organisationsVersion = 'registry.organisations';

/** How stale a cached page may be when another process changed the register (see below). */
export const organisationsCheckEveryMs = 1000;

// Organisations are reference data: they change only through importOrganisations (the shipped
// reference lists, loaded at start), and are listed on every page view and API call. Pages of the
// list are kept in memory per database:
//   - an import in this process drops them as soon as it commits;
//   - an import by another process changes the data version in its transaction; a list call reads
//     that version (one primary-key lookup) at most once per organisationsCheckEveryMs, so the
//     change is seen here within that time (1 s) plus one read;
//   - changes made around the service (SQL by hand) are not seen until the next import or restart.
// Reading the version on every call would cost about a quarter of a cached call's CPU time.
const pageCaches = new WeakMap<Database, VersionedCache<OrganisationPage>>();

function pageCache(database: Database): VersionedCache<OrganisationPage> {
  let cache = pageCaches.get(database);
  if (!cache) {
    cache = new VersionedCache(dataVersionReader(database.db, organisationsVersion), { checkEveryMs: organisationsCheckEveryMs });
    pageCaches.set(database, cache);
  }
  return cache;
}

export function listOrganisations(ctx: Pick<ModuleContext, 'database'>, query: OrganisationQuery): Promise<OrganisationPage> {
  const { db, dialect } = ctx.database;
  // q last: it is the only part that may hold the separator.
  const key = `${query.limit}:${query.offset}:${query.type ?? ''}:${query.q ?? ''}`;
  return pageCache(ctx.database).get(key, async () => {
    const page = await store.listOrganisations(db, dialect, query);
    // Shared by every later call: frozen, so no caller can change what the next one gets.
    return Object.freeze({ items: Object.freeze(page.items.map((o) => Object.freeze(o))), total: page.total });
  });
}

export function getOrganisation(ctx: Pick<ModuleContext, 'database'>, code: string): Promise<Organisation | undefined> {
  return store.findOrganisationByCode(ctx.database.db, code);
}

/** Brings the register in line with the shipped reference lists; each change is audited. */
export async function importOrganisations(
  ctx: ModuleContext,
  inputs: readonly OrganisationInput[],
): Promise<{ inserted: number; updated: number }> {
  const result = await inTransaction(ctx.database.db, async (trx) => {
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
    // Other processes see the change through the data version, this one at once.
    if (inserted + updated > 0) await markChanged(trx, organisationsVersion);
    return { inserted, updated };
  });
  if (result.inserted + result.updated > 0) pageCache(ctx.database).clear();
  return result;
}
