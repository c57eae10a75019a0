// Use cases of the catalog: import the UPL, generate the demo catalog.
//
// Audit choices:
//   - importUpl writes ONE audit record PER CHANGED PRODUCT (catalog.upl_product_imported or
//     catalog.upl_product_updated, object upl_product/<URI>), like the organisation register: an
//     unchanged re-import writes nothing, so the trail of a product shows exactly when it changed.
//   - generateCatalog writes ONE SUMMARY RECORD PER RUN (catalog.catalog_generated, with the counts):
//     ~165,000 generated drafts are one act of the system, not 165,000 decisions.
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import { inTransaction, markChanged } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getOrganisation, listOrganisations, type Organisation, type OrganisationType } from '../registry/index.ts';
import {
  costsOn,
  demoDescription,
  effectiveDecisionTerm,
  type Cost,
  offeredByTypes,
  responsibleNationalOrganisation,
  sameProduct,
  serviceTitle,
  type OfferingOrganisation,
  type Service,
  type ServiceDescription,
  type UplProduct,
  uplPlaceholderUri,
} from './model.ts';
import { defaultDecisionTerm, fallbackNationalOrganisation, rijkResponsibleMapping } from './reference.ts';
import { indexServices, reindexServices } from './search.ts';
import * as store from './store.ts';

/** The data version importUpl and generateCatalog change (platform/db/data-version.ts), for later caches and search indexes. */
export const catalogVersion = 'catalog.services';

/** What the UPL import needs (also from the command line, where no full module context exists). */
export type ImportContext = Pick<ModuleContext, 'database' | 'clock'>;

export interface Progress {
  done: number;
  total: number;
}

export interface UplImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Products in the database that the file no longer has (kept: services may refer to them). */
  absent: number;
}

/** Products written per step (and per progress report). */
const IMPORT_STEP = 100;

/**
 * Brings the UPL tables in line with `products` (upsert by URI): a re-import updates changed
 * products and never duplicates. One transaction; one audit record per inserted or updated product.
 */
export async function importUpl(
  ctx: ImportContext,
  products: readonly UplProduct[],
  options: { onProgress?: (p: Progress) => void; source?: string } = {},
): Promise<UplImportResult> {
  const source = options.source ?? 'data/upl';
  return inTransaction(ctx.database.db, async (trx) => {
    const existing = new Map((await store.allProducts(trx)).map((p) => [p.uri, p]));
    const now = ctx.clock.now();
    const at = now.toISOString();
    const result: UplImportResult = { inserted: 0, updated: 0, unchanged: 0, absent: 0 };
    const seen = new Set<string>();
    options.onProgress?.({ done: 0, total: products.length });
    for (let start = 0; start < products.length; start += IMPORT_STEP) {
      const step = products.slice(start, start + IMPORT_STEP);
      const fresh: UplProduct[] = [];
      for (const product of step) {
        if (seen.has(product.uri)) throw new Error(`UPL product ${product.uri} appears twice in the import`);
        seen.add(product.uri);
        const current = existing.get(product.uri);
        if (current && sameProduct(current, product)) {
          result.unchanged += 1;
          continue;
        }
        if (current) {
          await store.updateProduct(trx, product, at);
          result.updated += 1;
        } else {
          fresh.push(product);
          result.inserted += 1;
        }
        await recordAudit(trx, {
          actor: systemActor,
          action: current ? 'catalog.upl_product_updated' : 'catalog.upl_product_imported',
          object: { type: 'upl_product', id: product.uri },
          legalBasis: null,
          at: now,
          details: current
            ? { name: product.name, previousName: current.name, source }
            : { name: product.name, legalBases: product.legalBases.length, source },
        });
      }
      if (fresh.length > 0) await store.insertProducts(trx, fresh, at);
      options.onProgress?.({ done: Math.min(start + IMPORT_STEP, products.length), total: products.length });
    }
    result.absent = [...existing.keys()].filter((uri) => !seen.has(uri)).length;
    // A renamed product renames what its services are found by (the UPL name is one of their keywords).
    const renamed = products.filter((p) => {
      const before = existing.get(p.uri);
      return before !== undefined && before.name !== p.name;
    });
    for (const product of renamed) {
      const services = await store.servicesOfProduct(trx, product.uri);
      await reindexServices(
        trx,
        ctx,
        services.map((s) => ({ organisationCode: s.organisationCode, serviceId: s.id })),
      );
    }
    if (result.inserted + result.updated > 0) await markChanged(trx, catalogVersion);
    return result;
  });
}

export type ServicesPerType = Record<OrganisationType, number>;

export interface GenerateResult {
  /** Services added by this run (0 when the catalog was complete already). */
  created: number;
  createdPerType: ServicesPerType;
  /** Rijk products of this run given to the fallback organisation (no mapped law). */
  nationalFallbacks: number;
}

const emptyPerType = (): ServicesPerType => ({ municipality: 0, province: 0, water_board: 0, ministry: 0, agency: 0 });

/** Services written per statement batch and progress report. */
const GENERATE_STEP = 10_000;

/**
 * The demo catalog: every organisation offers the UPL products that fit its kind (Gemeente →
 * municipalities, Provincie → provinces, Waterschap → water boards); a Rijk product is offered by
 * exactly one national organisation (AP27; rule in data/upl/README.md). Each service gets a demo
 * description (model.ts demoDescription): complete and published, except one in DEMO_DRAFT_EVERY
 * that keeps the gaps of the UPL draft. Published services go into the search index.
 * Adds only what is missing, so it can run again; one transaction, one summary audit record.
 */
export async function generateCatalog(ctx: ModuleContext, options: { onProgress?: (p: Progress) => void } = {}): Promise<GenerateResult> {
  const organisations = (await listOrganisations(ctx, { limit: 100_000, offset: 0 })).items;
  const byType = new Map<OrganisationType, OfferingOrganisation[]>();
  const typeOf = new Map<string, OrganisationType>();
  for (const o of organisations) {
    typeOf.set(o.code, o.type);
    let list = byType.get(o.type);
    if (!list) byType.set(o.type, (list = []));
    list.push({ code: o.code, name: o.name });
  }
  const awbDefault = defaultDecisionTerm();
  const national = new Map(
    organisations.filter((o) => o.type === 'ministry' || o.type === 'agency').map((o) => [o.code, { code: o.code, name: o.name }]),
  );
  const mapping = rijkResponsibleMapping();
  const known = new Set(national.keys());
  const fallback = national.get(fallbackNationalOrganisation);
  if (!fallback)
    throw new Error(`the register has no ${fallbackNationalOrganisation}, the fallback responsible organisation for Rijk products`);

  return inTransaction(ctx.database.db, async (trx) => {
    const products = await store.allProducts(trx);
    const existing = await store.serviceKeys(trx);
    const now = ctx.clock.now();
    const at = now.toISOString();
    const items: { service: Service; description: ServiceDescription; productName: string }[] = [];
    let nationalFallbacks = 0;
    const add = (product: UplProduct, organisation: OfferingOrganisation): boolean => {
      if (existing.has(store.serviceKey(organisation.code, product.uri))) return false;
      const id = newId();
      const { description, status } = demoDescription(
        product,
        { ...organisation, national: national.has(organisation.code) },
        id,
        awbDefault,
      );
      items.push({
        service: { id, organisationCode: organisation.code, uplUri: product.uri, title: serviceTitle(product), localText: null, status },
        description,
        productName: product.name,
      });
      return true;
    };
    for (const product of products) {
      if (product.uri === uplPlaceholderUri) continue;
      for (const type of offeredByTypes(product)) for (const organisation of byType.get(type) ?? []) add(product, organisation);
      if (product.offeredBy.national) {
        const responsible = responsibleNationalOrganisation(product, mapping, known, fallback.code);
        const organisation = national.get(responsible.code) ?? fallback;
        if (add(product, organisation) && responsible.by === 'fallback') nationalFallbacks += 1;
      }
    }
    const createdPerType = emptyPerType();
    for (const { service } of items) {
      const type = typeOf.get(service.organisationCode);
      if (type) createdPerType[type] += 1;
    }
    options.onProgress?.({ done: 0, total: items.length });
    for (let start = 0; start < items.length; start += GENERATE_STEP) {
      await store.insertServices(trx, ctx.database.dialect, items.slice(start, start + GENERATE_STEP), at);
      options.onProgress?.({ done: Math.min(start + GENERATE_STEP, items.length), total: items.length });
    }
    await indexServices(trx, items);
    if (items.length > 0) {
      await recordAudit(trx, {
        actor: systemActor,
        action: 'catalog.catalog_generated',
        object: { type: 'catalog', id: 'demo' },
        legalBasis: null,
        at: now,
        details: {
          created: items.length,
          published: items.filter((i) => i.service.status === 'published').length,
          createdPerType,
          nationalFallbacks,
          products: products.length,
        },
      });
      await markChanged(trx, catalogVersion);
    }
    return { created: items.length, createdPerType, nationalFallbacks };
  });
}

/** Services per organisation kind, as stored. */
export async function servicesPerType(ctx: ModuleContext): Promise<ServicesPerType> {
  const organisations = (await listOrganisations(ctx, { limit: 100_000, offset: 0 })).items;
  const typeOf = new Map(organisations.map((o) => [o.code, o.type]));
  const out = emptyPerType();
  for (const [code, n] of await store.servicesPerOrganisation(ctx.database.db)) {
    const type = typeOf.get(code);
    if (type) out[type] += n;
  }
  return out;
}

/** How many UPL products and services the catalog holds. */
export async function catalogCounts(ctx: ModuleContext): Promise<{ products: number; services: number; descriptions: number }> {
  const db = ctx.database.db;
  const [products, services, descriptions] = await Promise.all([
    store.countProducts(db),
    store.countServices(db),
    store.countDescriptions(db),
  ]);
  return { products, services, descriptions };
}

/** What reading published services needs (also from the command line). */
export type ExportContext = Pick<ModuleContext, 'database' | 'clock'>;

/** A published service as the public sees it: the service, its description, its product and organisation. */
export interface PublicService {
  service: Service;
  description: ServiceDescription;
  product: UplProduct;
  organisation: Organisation;
  responsibleOrganisation: Organisation | null;
  /** The decision term that applies (the statutory one, or the Awb default with its citation). */
  decisionTerm: ReturnType<typeof effectiveDecisionTerm>;
  /** The costs valid today. */
  costsToday: Cost[];
  updatedAt: string;
}

/** A published service; undefined when unknown or not published (the public cannot tell which). */
export async function getPublicService(
  ctx: ExportContext,
  organisationCode: string,
  serviceId: string,
): Promise<PublicService | undefined> {
  const db = ctx.database.db;
  const service = await store.findService(db, organisationCode, serviceId);
  if (!service || service.status !== 'published') return undefined;
  const [description, product, organisation, updatedAt] = await Promise.all([
    store.findDescription(db, organisationCode, serviceId),
    store.findProduct(db, service.uplUri),
    getOrganisation(ctx, organisationCode),
    store.serviceUpdatedAt(db, organisationCode, serviceId),
  ]);
  if (!description || !product || !organisation) return undefined;
  const responsibleOrganisation =
    description.responsibleOrganisationCode === null
      ? null
      : ((await getOrganisation(ctx, description.responsibleOrganisationCode)) ?? null);
  return {
    service,
    description,
    product,
    organisation,
    responsibleOrganisation,
    decisionTerm: effectiveDecisionTerm(description, defaultDecisionTerm()),
    costsToday: costsOn(description.costs ?? [], ctx.clock.today()),
    updatedAt: updatedAt ?? '',
  };
}

/** The published services of an organisation, for its exports; undefined for an unknown organisation. */
export async function publishedServicesOf(
  ctx: ExportContext,
  organisationCode: string,
): Promise<{ organisation: Organisation; services: PublicService[] } | undefined> {
  const organisation = await getOrganisation(ctx, organisationCode);
  if (!organisation) return undefined;
  const ids = await store.publishedServiceIds(ctx.database.db, organisationCode);
  const out: PublicService[] = [];
  for (const id of ids) {
    const found = await getPublicService(ctx, organisationCode, id);
    if (found) out.push(found);
  }
  return { organisation, services: out };
}

/** The published service for the UPL product `uplUri` at `organisationCode`, if there is one. */
export async function publishedServiceOf(ctx: ExportContext, organisationCode: string, uplUri: string): Promise<PublicService | undefined> {
  const match = (await store.servicesOfProduct(ctx.database.db, uplUri)).find((s) => s.organisationCode === organisationCode);
  return match ? getPublicService(ctx, match.organisationCode, match.id) : undefined;
}

/** UPL product names by URI (for life events and other lists of products). */
export function productNames(ctx: ModuleContext, uris: readonly string[]): Promise<Map<string, string>> {
  return store.productNames(ctx.database.db, uris);
}

/** What the mandates check needs of a published service (title, UPL product, mandatable, level of assurance); undefined when not published. */
export async function serviceAccessFacts(
  ctx: ModuleContext,
  organisationCode: string,
  serviceId: string,
): Promise<
  { title: string; uplUri: string; mandatable: boolean | null; levelOfAssurance: 'low' | 'substantial' | 'high' | null } | undefined
> {
  if (!isUuid(serviceId)) return undefined;
  const facts = await store.serviceAccessFacts(ctx.database.db, organisationCode, serviceId);
  if (!facts) return undefined;
  const loa = facts.levelOfAssurance;
  return { ...facts, levelOfAssurance: loa === 'low' || loa === 'substantial' || loa === 'high' ? loa : null };
}

/** An organisation's published services (id, title, UPL product, mandatable), by title: for choosing services of a set or a mandate. */
export function publishedServiceTitles(
  ctx: ModuleContext,
  organisationCode: string,
): Promise<{ id: string; title: string; uplUri: string; mandatable: boolean | null }[]> {
  return store.publishedServiceTitles(ctx.database.db, organisationCode);
}
