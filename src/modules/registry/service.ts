// Use cases of the organisation register.
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { sameOrganisation, type Organisation, type OrganisationInput, type OrganisationQuery } from './model.ts';
import * as store from './store.ts';

export function listOrganisations(ctx: ModuleContext, query: OrganisationQuery): Promise<{ items: Organisation[]; total: number }> {
  return store.listOrganisations(ctx.database.db, ctx.database.dialect, query);
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
    return { inserted, updated };
  });
}
