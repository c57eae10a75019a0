// The catalog's full-text search: one index over the published services of all organisations.
//
// Services with the same searchable text share one search document: 342 municipalities offering
// the same "Paspoort" text are one document with 342 members, while a municipality that wrote its
// own text gets a document of its own. The document id is the product URI plus a hash of the text,
// so a text always lands in the same document. This keeps the index at a few thousand documents
// for ~165,000 services, keeps 341 copies from drowning the rest in the statistics (document
// frequency counts a text once), and groups results by UPL product without extra work.
//
// Tables: catalog_search_doc (the text of each document) and catalog_search_member (which
// document each published service is found through), plus the platform index `catalog`.
// Everything changes in the caller's transaction (reindexServices / indexServices).
import { createHash } from 'node:crypto';
import { dataVersionReader, markChanged, VersionedCache, type Database, type Trx } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { createSearchIndex, dialectOf, type FilterValue, type SearchDocument } from '../../platform/search/index.ts';
import { listOrganisations, type Organisation, type OrganisationType } from '../registry/index.ts';
import { shippedLifeEvents } from './life-events.ts';
import type { Kinds, Service, ServiceDescription } from './model.ts';
import { servingOrganisationCodes } from './service-areas.ts';
import * as store from './store.ts';

export const catalogIndex = createSearchIndex('catalog', { migrationName: '2026-11-29-610-search-catalog' });

/** The data version of the search documents (changes with every reindex). */
export const searchVersion = 'catalog.search';

export interface ServiceKey {
  organisationCode: string;
  serviceId: string;
}

interface Indexable {
  service: Service;
  description: ServiceDescription;
  productName: string;
}

const audiences = ['citizen', 'business'] as const;
export type AudienceCode = (typeof audiences)[number];
const kindCodes = ['application', 'subsidy', 'notification', 'obligation'] as const satisfies readonly (keyof Kinds)[];
export type KindCode = (typeof kindCodes)[number];

/** The searchable text of a published service, and the id of the document holding that text. */
function sourceOf({ service, description, productName }: Indexable): store.SearchDocSource {
  const events = lifeEventNamesByProduct().get(service.uplUri) ?? [];
  const title = service.title;
  const keywords = [productName, ...events].join('\n');
  const body = [description.result, description.conditions, description.requirements, service.localText]
    .filter((t): t is string => t !== null && t.trim() !== '')
    .join('\n');
  const audience = audiences.filter((a) => description.audience[a]);
  const kinds = kindCodes.filter((k) => description.kinds[k]);
  const hash = createHash('sha256')
    .update([title, keywords, body, audience.join(';'), kinds.join(';')].join('\u0000'))
    .digest('base64url')
    .slice(0, 16);
  return { doc_id: `${service.uplUri}#${hash}`, upl_uri: service.uplUri, title, keywords, body, audience, kinds };
}

const uplOfDoc = (docId: string): string => docId.slice(0, docId.lastIndexOf('#'));
/** The UPL name: the first line of a document's keywords (sourceOf). */
const uplNameOf = (source: store.SearchDocSource): string => source.keywords.split('\n', 1)[0] ?? '';

let eventNames: Map<string, string[]> | undefined;
/** The (Dutch) names of the life events each UPL product belongs to: searchable words for its services. */
function lifeEventNamesByProduct(): Map<string, string[]> {
  if (!eventNames) {
    eventNames = new Map();
    for (const event of shippedLifeEvents())
      for (const step of event.steps) {
        let names = eventNames.get(step.uplUri);
        if (!names) eventNames.set(step.uplUri, (names = []));
        names.push(event.name.nl);
      }
  }
  return eventNames;
}

/**
 * Brings the index in line with these services (new or changed; published → found through the
 * document of their text, otherwise not found). Their previous documents lose them as members.
 */
export async function indexServices(trx: Trx, items: readonly Indexable[]): Promise<void> {
  if (items.length === 0) return;
  const dialect = dialectOf(trx);
  const keys = items.map((i) => ({ organisationCode: i.service.organisationCode, serviceId: i.service.id }));
  const previous = await store.searchDocIdsOf(trx, keys);
  const sources = new Map<string, store.SearchDocSource>();
  const members: store.CatalogSearchMemberTable[] = [];
  for (const item of items) {
    if (item.service.status !== 'published') continue;
    const source = sourceOf(item);
    sources.set(source.doc_id, source);
    members.push({ organisation_code: item.service.organisationCode, service_id: item.service.id, doc_id: source.doc_id });
  }
  const affected = new Set([...previous.values(), ...sources.keys()]);
  await store.deleteSearchMembers(trx, [...previous.keys()].map(splitKey));
  await store.insertSearchDocSources(trx, [...sources.values()]);
  await store.insertSearchMembers(trx, dialect, members);
  await rebuildDocuments(trx, [...affected]);
  await markChanged(trx, searchVersion);
}

/** Reindexes services by key, reading their current state in the transaction. */
export async function reindexServices(trx: Trx, _ctx: Pick<ModuleContext, 'database'>, keys: readonly ServiceKey[]): Promise<void> {
  if (keys.length === 0) return;
  const found = await store.servicesWithDescriptions(trx, keys);
  const present = new Set(found.map((f) => store.serviceKey(f.service.organisationCode, f.service.id)));
  // Unknown keys (a deleted service): drop them from their documents.
  const gone = keys.filter((k) => !present.has(store.serviceKey(k.organisationCode, k.serviceId)));
  if (gone.length > 0) {
    const previous = await store.searchDocIdsOf(trx, gone);
    await store.deleteSearchMembers(trx, gone);
    await rebuildDocuments(trx, [...new Set(previous.values())]);
    await markChanged(trx, searchVersion);
  }
  await indexServices(trx, found);
}

function splitKey(key: string): ServiceKey {
  const [organisationCode = '', serviceId = ''] = key.split(' ');
  return { organisationCode, serviceId };
}

/** Rewrites these documents from their sources and current members; a document without members leaves the index. */
async function rebuildDocuments(trx: Trx, docIds: readonly string[]): Promise<void> {
  if (docIds.length === 0) return;
  const members = await store.searchMembersOf(trx, docIds);
  const sources = new Map((await store.searchDocSources(trx, docIds)).map((s) => [s.doc_id, s]));
  const empty = docIds.filter((id) => !members.has(id));
  const docs: SearchDocument[] = [];
  for (const id of docIds) {
    const source = sources.get(id);
    const organisations = members.get(id);
    if (!source || !organisations) continue;
    docs.push({
      id,
      fields: { title: source.title, keywords: source.keywords, body: source.body },
      filters: { upl: source.upl_uri, audience: source.audience, kind: source.kinds, organisation: organisations },
    });
  }
  await catalogIndex.remove(trx, empty);
  await store.deleteSearchDocSources(trx, empty);
  await catalogIndex.upsert(trx, docs);
}

// ---------------------------------------------------------------------------------------------
// Searching

export interface ServiceSearchParams {
  /** The words; empty lists everything that passes the filters, by name. */
  q: string;
  /** CBS code: only what serves residents of this municipality (it, its province, its water boards, the national organisations). */
  municipality?: string | undefined;
  /** Only this organisation's services. */
  organisation?: string | undefined;
  audience?: AudienceCode | undefined;
  kind?: KindCode | undefined;
  /** Only services of this kind of organisation. */
  offeredBy?: OrganisationType | undefined;
  /** Only services of these UPL products. */
  upl?: readonly string[] | undefined;
  /** `upl`: one item per UPL product (default); `none`: one item per service. */
  groupBy: 'upl' | 'none';
  limit: number;
  offset: number;
}

export interface OrganisationRef {
  code: string;
  name: string;
  type: OrganisationType;
}

export interface ServiceHit {
  serviceId: string;
  title: string;
  uplUri: string;
  uplName: string;
  organisation: OrganisationRef;
  score: number;
}

export interface ProductHit {
  uplUri: string;
  uplName: string;
  title: string;
  score: number;
  /** How many organisations (within the filters) offer it. */
  services: number;
  /** The one service, when exactly one organisation (within the filters) offers it. */
  service: { serviceId: string; organisation: OrganisationRef } | null;
  audience: AudienceCode[];
  kinds: KindCode[];
}

export interface Facets {
  /** Products per audience, kind and kind of organisation, among all hits. */
  audience: Record<AudienceCode, number>;
  kind: Record<KindCode, number>;
  offeredBy: Record<OrganisationType, number>;
}

export type ServiceSearchResult =
  | { groupBy: 'upl'; items: ProductHit[]; total: number; facets: Facets }
  | { groupBy: 'none'; items: ServiceHit[]; total: number; facets: Facets };

export type SearchRefusal = { code: 'catalog.unknown_municipality' | 'catalog.unknown_organisation'; field: string };

interface Member {
  organisationCode: string;
  serviceId: string;
}

interface CachedDoc {
  source: store.SearchDocSource;
  members: Member[];
  /** Organisation code → service id, for filtering by a short list of organisations. */
  byOrganisation: Map<string, string>;
  /** The kinds of organisation among the members (filled at first use). */
  types?: ReadonlySet<OrganisationType>;
}

const caches = new WeakMap<Database, VersionedCache<Map<string, CachedDoc>>>();

/** Every search document with its members, kept while the index is unchanged (one key lookup per search checks it). */
function documents(database: Database): Promise<Map<string, CachedDoc>> {
  let cache = caches.get(database);
  if (!cache) {
    cache = new VersionedCache(dataVersionReader(database.db, searchVersion), { checkEveryMs: 0, capacity: 1 });
    caches.set(database, cache);
  }
  return cache.get('all', async () => {
    const { sources, members } = await store.allSearchDocs(database.db);
    const map = new Map<string, CachedDoc>(sources.map((s) => [s.doc_id, { source: s, members: [], byOrganisation: new Map() }]));
    for (const m of members) {
      const doc = map.get(m.doc_id);
      if (!doc) continue;
      doc.members.push({ organisationCode: m.organisation_code, serviceId: m.service_id });
      doc.byOrganisation.set(m.organisation_code, m.service_id);
    }
    return map;
  });
}

const emptyFacets = (): Facets => ({
  audience: { citizen: 0, business: 0 },
  kind: { application: 0, subsidy: 0, notification: 0, obligation: 0 },
  offeredBy: { municipality: 0, province: 0, water_board: 0, ministry: 0, agency: 0 },
});

const collator = new Intl.Collator('nl');
const byText = (a: string, b: string): number => collator.compare(a, b);

export async function searchServices(
  ctx: ModuleContext,
  params: ServiceSearchParams,
): Promise<{ ok: true; value: ServiceSearchResult } | { ok: false; refusal: SearchRefusal }> {
  const organisations = (await listOrganisations(ctx, { limit: 100_000, offset: 0 })).items;
  const byCode = new Map<string, Organisation>(organisations.map((o) => [o.code, o]));
  // Which organisations may appear: the intersection of the filters that name organisations (null: any).
  const lists: string[][] = [];
  if (params.municipality !== undefined) {
    const served = servingOrganisationCodes(params.municipality, organisations);
    if (!served) return { ok: false, refusal: { code: 'catalog.unknown_municipality', field: 'municipality' } };
    lists.push(served);
  }
  if (params.organisation !== undefined) {
    if (!byCode.has(params.organisation)) return { ok: false, refusal: { code: 'catalog.unknown_organisation', field: 'organisation' } };
    lists.push([params.organisation]);
  }
  if (params.offeredBy !== undefined) lists.push(organisations.filter((o) => o.type === params.offeredBy).map((o) => o.code));
  const allowedSet: ReadonlySet<string> | null =
    lists.length === 0 ? null : new Set(lists.reduce((acc, list) => acc.filter((c) => list.includes(c))));

  const docs = await documents(ctx.database);
  const filters: Record<string, FilterValue> = {};
  if (params.audience) filters['audience'] = params.audience;
  if (params.kind) filters['kind'] = params.kind;
  if (params.upl) filters['upl'] = params.upl;
  // The organisation list goes to the index only when it is short; otherwise members are filtered here.
  if (allowedSet !== null && allowedSet.size <= 500) filters['organisation'] = [...allowedSet];

  // Scored documents, best first (an empty query: every document passing the filters, by title).
  let scored: { docId: string; score: number }[];
  if (params.q.trim() === '') {
    scored = [...docs.values()]
      .filter(
        (d) =>
          (!params.audience || d.source.audience.includes(params.audience)) &&
          (!params.kind || d.source.kinds.includes(params.kind)) &&
          (!params.upl || params.upl.includes(d.source.upl_uri)),
      )
      .sort((a, b) => byText(a.source.title, b.source.title) || (a.source.doc_id < b.source.doc_id ? -1 : 1))
      .map((d) => ({ docId: d.source.doc_id, score: 0 }));
  } else {
    const { hits } = await catalogIndex.search(ctx.database.db, params.q, { filters, all: true });
    scored = hits.map((h) => ({ docId: h.id, score: h.score }));
  }

  const facets = emptyFacets();
  const typeOf = (code: string): OrganisationType => byCode.get(code)?.type ?? 'agency';
  const allowedList = allowedSet === null ? null : [...allowedSet];
  // The members within the filters: walk the shorter of the two lists.
  const membersOf = (d: CachedDoc): readonly Member[] => {
    if (allowedSet === null || allowedList === null) return d.members;
    if (allowedList.length < d.members.length) {
      const out: Member[] = [];
      for (const code of allowedList) {
        const serviceId = d.byOrganisation.get(code);
        if (serviceId !== undefined) out.push({ organisationCode: code, serviceId });
      }
      return out;
    }
    return d.members.filter((m) => allowedSet.has(m.organisationCode));
  };
  const typesOf = (d: CachedDoc, members: readonly Member[]): ReadonlySet<OrganisationType> => {
    if (members === d.members) return (d.types ??= new Set(d.members.map((m) => typeOf(m.organisationCode))));
    return new Set(members.map((m) => typeOf(m.organisationCode)));
  };
  const ref = (code: string): OrganisationRef => {
    const o = byCode.get(code);
    return { code, name: o?.name ?? code, type: o?.type ?? 'agency' };
  };

  // Group by product: best score first; the product's documents in score order.
  interface Group {
    uplUri: string;
    score: number;
    docs: CachedDoc[];
    /** Members per document (within the filters), in the order of `docs`. */
    members: (readonly Member[])[];
    count: number;
    types: Set<OrganisationType>;
  }
  const groups = new Map<string, Group>();
  for (const { docId, score } of scored) {
    const doc = docs.get(docId);
    if (!doc) continue; // changed since the cache was filled; gone at the next check
    const members = membersOf(doc);
    if (members.length === 0) continue;
    const uplUri = uplOfDoc(docId);
    let group = groups.get(uplUri);
    if (!group) groups.set(uplUri, (group = { uplUri, score, docs: [], members: [], count: 0, types: new Set() }));
    group.docs.push(doc);
    group.members.push(members);
    group.count += members.length;
    for (const t of typesOf(doc, members)) group.types.add(t);
  }
  const ordered = [...groups.values()];
  for (const g of ordered) {
    for (const a of audiences) if (g.docs.some((d) => d.source.audience.includes(a))) facets.audience[a] += 1;
    for (const k of kindCodes) if (g.docs.some((d) => d.source.kinds.includes(k))) facets.kind[k] += 1;
    for (const t of g.types) facets.offeredBy[t] += 1;
  }

  if (params.groupBy === 'upl') {
    const page = ordered.slice(params.offset, params.offset + params.limit);
    const items = page.map((g): ProductHit => {
      const only = g.count === 1 ? g.members[0]?.[0] : undefined;
      const first = g.docs[0]?.source;
      return {
        uplUri: g.uplUri,
        uplName: first ? uplNameOf(first) : '',
        title: first?.title ?? '',
        score: g.score,
        services: g.count,
        service: only ? { serviceId: only.serviceId, organisation: ref(only.organisationCode) } : null,
        audience: audiences.filter((a) => g.docs.some((d) => d.source.audience.includes(a))),
        kinds: kindCodes.filter((k) => g.docs.some((d) => d.source.kinds.includes(k))),
      };
    });
    return { ok: true, value: { groupBy: 'upl', items, total: ordered.length, facets } };
  }

  // One item per service: documents in score order, within a document by organisation name.
  const total = ordered.reduce((n, g) => n + g.count, 0);
  const items: ServiceHit[] = [];
  let skip = params.offset;
  outer: for (const { docId, score } of scored) {
    const doc = docs.get(docId);
    if (!doc) continue;
    const members = membersOf(doc);
    if (skip >= members.length) {
      skip -= members.length;
      continue;
    }
    const sorted = members
      .map((m) => ({ m, o: ref(m.organisationCode) }))
      .sort((a, b) => byText(a.o.name, b.o.name) || (a.o.code < b.o.code ? -1 : 1));
    for (const { m, o } of sorted.slice(skip)) {
      items.push({
        serviceId: m.serviceId,
        title: doc.source.title,
        uplUri: doc.source.upl_uri,
        uplName: uplNameOf(doc.source),
        organisation: o,
        score,
      });
      if (items.length >= params.limit) break outer;
    }
    skip = 0;
  }
  return { ok: true, value: { groupBy: 'none', items, total, facets } };
}
