// The SQL service designers need on the catalog tables (which ../store.ts creates): their
// organisation's services with descriptions, a locked read for a change, and the writes.
import { writeJson, type Db, type Dialect, type Trx } from '../../../platform/db/index.ts';
import type { Service, ServiceDescription, ServiceStatus } from '../model.ts';
import { toDescription, toService, type CatalogTables } from '../store.ts';

const tables = (db: Db | Trx) => db.withTables<CatalogTables>();

export interface OwnService {
  service: Service;
  /** The UPL name of the product; null when the product is no longer in the UPL tables. */
  uplName: string | null;
  description: ServiceDescription;
}

/**
 * Every service of one organisation (a few hundred at most: one per UPL product of its kind) with
 * its description, optionally of one status. Completeness is a rule of model.ts, so the caller
 * filters and pages after computing it, on both databases alike.
 */
export async function servicesOfOrganisation(db: Db | Trx, organisationCode: string, status?: ServiceStatus): Promise<OwnService[]> {
  let query = tables(db)
    .selectFrom('service as s')
    .innerJoin('service_description as d', (j) =>
      j.onRef('d.organisation_code', '=', 's.organisation_code').onRef('d.service_id', '=', 's.id'),
    )
    .leftJoin('upl_product as p', 'p.uri', 's.upl_uri')
    .selectAll('d')
    .select(['s.id', 's.upl_uri', 's.title', 's.local_text', 's.status', 'p.name as upl_name'])
    .where('s.organisation_code', '=', organisationCode);
  if (status) query = query.where('s.status', '=', status);
  const rows = await query.execute();
  return rows.map((r) => ({
    service: toService({ ...r, organisation_code: organisationCode }),
    uplName: r.upl_name,
    description: toDescription(r),
  }));
}

/**
 * The service, read for a change: on PostgreSQL its row stays locked until the transaction ends,
 * so two changes to one service never interleave (SQLite has one writer at a time anyway).
 */
export async function lockService(trx: Trx, dialect: Dialect, organisationCode: string, id: string): Promise<Service | undefined> {
  let query = tables(trx)
    .selectFrom('service')
    .select(['id', 'organisation_code', 'upl_uri', 'title', 'local_text', 'status'])
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toService(row) : undefined;
}

/**
 * Writes a description as the next version, if it is still at `expectedVersion`.
 * Returns false when another change came first.
 */
export async function writeDescription(trx: Trx, d: ServiceDescription, expectedVersion: number, at: string): Promise<boolean> {
  const result = await tables(trx)
    .updateTable('service_description')
    .set({
      version: expectedVersion + 1,
      result: d.result,
      responsible_organisation_code: d.responsibleOrganisationCode,
      legal_bases: writeJson(d.legalBases),
      costs: d.costs === null ? null : writeJson(d.costs),
      conditions: d.conditions,
      requirements: d.requirements,
      channels: writeJson(d.channels),
      level_of_assurance: d.levelOfAssurance,
      statutory_decision_term_weeks: d.statutoryDecisionTermWeeks,
      silence_consent_applies: d.silenceConsentApplies,
      dwangsom_applies: d.dwangsomApplies,
      mandatable: d.mandatable,
      objection_and_appeal: d.objectionAndAppeal,
      contact: d.contact,
      service_levels: writeJson(d.serviceLevels),
      audience: writeJson(d.audience),
      kinds: writeJson(d.kinds),
      updated_at: at,
    })
    .where('organisation_code', '=', d.organisationCode)
    .where('service_id', '=', d.serviceId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateService(
  trx: Trx,
  organisationCode: string,
  id: string,
  changes: { localText?: string | null; status?: ServiceStatus },
  at: string,
): Promise<void> {
  await tables(trx)
    .updateTable('service')
    .set({
      ...(changes.localText === undefined ? {} : { local_text: changes.localText }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      updated_at: at,
    })
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id)
    .execute();
}
