// A full-text index of documents in the database, with the same hits in the same order on SQLite
// and PostgreSQL (ARCHITECTURE.md, "Search").
//
// Every text goes through the Dutch analyzer (analyzer.ts); its tokens, joined by spaces, feed an
// FTS5 table (SQLite) or a `tsvector` with a GIN index (PostgreSQL). The database only finds the
// candidates: documents that hold one of the query's tokens and pass the filters. The score is
// computed here, in TypeScript, as BM25F over the index's own statistics (document frequency per
// token, field lengths, document count), which `upsert` and `remove` keep in the same transaction.
// Equal inputs give equal floating-point scores, so both databases rank alike; ties go by id.
//
// Tables of an index called `catalog`:
//   search_catalog_doc       one row per document: id, tokens and token count per field
//   search_catalog_filter    (key, value, doc) for exact-match filters such as municipality=GM0344
//   search_catalog_term      the vocabulary: token → number of documents that hold it
//   search_catalog_variant   (deletion variant, token): finds tokens one edit away (typos)
//   search_catalog_stats     one row: document count and total tokens per field
//   search_catalog_fts       SQLite only: FTS5 over the tokens (PostgreSQL: a tsvector column of _doc)
// All SQL that differs between the two databases is in the "dialect" section at the end.
import { PostgresAdapter, sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import type { Dialect, MigrationSet } from '../db/index.ts';
import { analyze, analyzeQuery, deletionVariants, fold, FUZZY_TOKEN, MAX_QUERY_LENGTH, withinOneEdit, type QueryTerm } from './analyzer.ts';

export { analyze, analyzeQuery, type QueryTerm } from './analyzer.ts';

export const FIELDS = ['title', 'keywords', 'body'] as const;
export type Field = (typeof FIELDS)[number];

/** A database or a transaction: any `Kysely<DB>` or `Transaction<DB>` (the index writes raw SQL to its own tables). */
export type SearchDb = QueryExecutorProvider;

export interface SearchDocument {
  /** The application's id of the document (at most 200 characters). */
  id: string;
  fields: { title: string; body: string; keywords?: string };
  /**
   * Exact-match values a search can be narrowed by, e.g. `{ audience: 'citizen', organisation: ['GM0344', 'PV26'] }`.
   * A list gives the document every value in it.
   */
  filters: Readonly<Record<string, FilterValue>>;
}

/** One value, or several. */
export type FilterValue = string | readonly string[];

export interface SearchOptions {
  /** Only documents that match every key; a list matches a document holding any of its values. */
  filters?: Readonly<Record<string, FilterValue>>;
  /** Hits to return: 1–100, default 10. */
  limit?: number;
  /** Hits to skip: 0–10,000, default 0. */
  offset?: number;
  /** Treat the last word as a prefix (default: when the query does not end in a space). */
  prefix?: boolean;
  /** Return every hit (limit and offset are ignored), for callers that group or count hits themselves. */
  all?: boolean;
}

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  /** Best first; equal scores by id. */
  hits: SearchHit[];
  /** How many documents match in all (before offset and limit). */
  total: number;
}

export interface SearchIndexOptions {
  /** Weight of each field in the score (BM25F). Default title 3, keywords 2, body 1. */
  weights?: Partial<Record<Field, number>>;
  /** BM25 saturation (default 1.2) and length normalisation (default 0.75). */
  k1?: number;
  b?: number;
  /** Name of the migration that creates the tables (default `2026-11-29-900-search-NAME`). */
  migrationName?: string;
}

export interface Vocabulary {
  /** Number of distinct tokens in the index. */
  size(db: SearchDb): Promise<number>;
  /** Document frequency of each token (absent tokens are left out). */
  documentFrequencies(db: SearchDb, tokens: readonly string[]): Promise<Map<string, number>>;
  /** The most frequent tokens that start with the folded `prefix` (autocomplete). */
  complete(db: SearchDb, prefix: string, limit?: number): Promise<string[]>;
  /** Tokens one edit away from `token` (not `token` itself). */
  similar(db: SearchDb, token: string): Promise<string[]>;
}

export interface SearchIndex {
  readonly name: string;
  /** The migration that creates the index's tables; add it to the owning module's migrations. */
  migrations(): MigrationSet;
  /** Adds or replaces documents (by id). Call it in the transaction that changes their source. */
  upsert(trx: SearchDb, docs: readonly SearchDocument[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(trx: SearchDb, ids: readonly string[]): Promise<void>;
  search(db: SearchDb, query: string, options?: SearchOptions): Promise<SearchResult>;
  /** The number of documents in the index. */
  count(db: SearchDb): Promise<number>;
  vocabulary: Vocabulary;
}

/** What a query term's expansion is worth relative to the token itself. */
export const MATCH_FACTORS = { exact: 1, prefix: 0.8, fuzzy: 0.6 } as const;
/** Most tokens a prefix expands to (the most frequent first). */
const PREFIX_EXPANSIONS = 20;
/** Most distinct tokens one query looks up (prefix and fuzzy expansions included). */
const MAX_QUERY_TOKENS = 200;
const MAX_LIMIT = 100;
const MAX_OFFSET = 10_000;
const MAX_FILTERS = 10;
/** Most values one filter of a search may list. */
const MAX_FILTER_VALUES = 500;
const MAX_ID_LENGTH = 200;
const MAX_FILTER_LENGTH = 200;
/** Rows per multi-row statement (well under SQLite's and PostgreSQL's bound-parameter limits). */
const CHUNK = 200;
/** Above every code point a token holds: `token >= p AND token < p || TOP` is "starts with p". */
const TOP = '\u{10FFFF}';

const NAME_RE = /^[a-z][a-z0-9_]{0,39}$/;
const FILTER_KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

export interface TableNames {
  doc: string;
  filter: string;
  term: string;
  variant: string;
  stats: string;
  fts: string;
}

interface DocRow {
  doc_key: number | string;
  id: string;
  title_tokens: string;
  keywords_tokens: string;
  body_tokens: string;
  title_len: number | string;
  keywords_len: number | string;
  body_len: number | string;
}

interface Stats {
  docs: number;
  lengths: Record<Field, number>;
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

export function createSearchIndex(name: string, options: SearchIndexOptions = {}): SearchIndex {
  if (!NAME_RE.test(name)) throw new Error(`search index name must match ${String(NAME_RE)}: ${name}`);
  const t: TableNames = {
    doc: `search_${name}_doc`,
    filter: `search_${name}_filter`,
    term: `search_${name}_term`,
    variant: `search_${name}_variant`,
    stats: `search_${name}_stats`,
    fts: `search_${name}_fts`,
  };
  const weights: Record<Field, number> = { title: 3, keywords: 2, body: 1, ...options.weights };
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const migrationName = options.migrationName ?? `2026-11-29-900-search-${name}`;

  // ── writing ──────────────────────────────────────────────────────────────────────────────

  interface Delta {
    df: Map<string, number>;
    docs: number;
    lengths: Record<Field, number>;
  }
  const newDelta = (): Delta => ({ df: new Map(), docs: 0, lengths: { title: 0, keywords: 0, body: 0 } });
  const addDf = (delta: Delta, tokens: Iterable<string>, sign: 1 | -1): void => {
    for (const token of tokens) delta.df.set(token, (delta.df.get(token) ?? 0) + sign);
  };

  /** Deletes the rows of these ids and records what that takes from the statistics. */
  async function deleteDocs(trx: SearchDb, ids: readonly string[], delta: Delta): Promise<void> {
    const dialect = dialectOf(trx);
    for (const part of chunks([...new Set(ids)])) {
      const { rows } = await sql<DocRow>`SELECT doc_key, id, title_tokens, keywords_tokens, body_tokens, title_len, keywords_len, body_len
        FROM ${sql.table(t.doc)} WHERE id IN (${sql.join(part)})`.execute(trx);
      if (rows.length === 0) continue;
      const keys = rows.map((r) => Number(r.doc_key));
      for (const row of rows) {
        addDf(delta, new Set(FIELDS.flatMap((f) => splitTokens(row[`${f}_tokens`]))), -1);
        delta.docs -= 1;
        for (const f of FIELDS) delta.lengths[f] -= Number(row[`${f}_len`]);
      }
      await dialects[dialect].deleteText(
        trx,
        t,
        rows.map((r) => ({ key: Number(r.doc_key), title: r.title_tokens, keywords: r.keywords_tokens, body: r.body_tokens })),
      );
      await sql`DELETE FROM ${sql.table(t.filter)} WHERE doc_key IN (${sql.join(keys)})`.execute(trx);
      await sql`DELETE FROM ${sql.table(t.doc)} WHERE doc_key IN (${sql.join(keys)})`.execute(trx);
    }
  }

  /** Applies the change in document frequencies and lengths; keeps the typo table in step with the vocabulary. */
  async function applyDelta(trx: SearchDb, delta: Delta): Promise<void> {
    const changed = [...delta.df.entries()].filter(([, d]) => d !== 0).sort(([a], [c]) => byCodePoint(a, c));
    for (const part of chunks(changed)) {
      const values = sql.join(part.map(([token, d]) => sql`(${token}, ${d})`));
      const { rows } = await sql<{ token: string; df: number | string }>`INSERT INTO ${sql.table(t.term)} (token, df) VALUES ${values}
        ON CONFLICT (token) DO UPDATE SET df = ${sql.table(t.term)}.df + excluded.df RETURNING token, df`.execute(trx);
      const deltas = new Map(part);
      const added = rows.filter((r) => Number(r.df) > 0 && Number(r.df) === deltas.get(r.token) && FUZZY_TOKEN.test(r.token));
      const variantRows = added.flatMap((r) => [r.token, ...deletionVariants(r.token)].map((variant) => ({ variant, token: r.token })));
      for (const vpart of chunks(variantRows, CHUNK * 2)) {
        await sql`INSERT INTO ${sql.table(t.variant)} (variant, token) VALUES ${sql.join(vpart.map((v) => sql`(${v.variant}, ${v.token})`))}
          ON CONFLICT DO NOTHING`.execute(trx);
      }
      const gone = part.filter(([, d]) => d < 0).map(([token]) => token);
      if (gone.length > 0) {
        const removed = await sql<{
          token: string;
        }>`DELETE FROM ${sql.table(t.term)} WHERE df <= 0 AND token IN (${sql.join(gone)}) RETURNING token`.execute(trx);
        const tokens = removed.rows.map((r) => r.token);
        if (tokens.length > 0) await sql`DELETE FROM ${sql.table(t.variant)} WHERE token IN (${sql.join(tokens)})`.execute(trx);
      }
    }
    if (delta.docs !== 0 || FIELDS.some((f) => delta.lengths[f] !== 0)) {
      await sql`UPDATE ${sql.table(t.stats)} SET docs = docs + ${delta.docs}, title_len = title_len + ${delta.lengths.title},
        keywords_len = keywords_len + ${delta.lengths.keywords}, body_len = body_len + ${delta.lengths.body} WHERE id = 1`.execute(trx);
    }
  }

  async function upsert(trx: SearchDb, docs: readonly SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const latest = new Map<string, SearchDocument>();
    for (const doc of docs) {
      if (doc.id.length === 0 || doc.id.length > MAX_ID_LENGTH || doc.id.includes('\u0000')) {
        throw new Error(`search document id must have 1–${MAX_ID_LENGTH} characters and no NUL`);
      }
      for (const [key, value] of Object.entries(doc.filters)) {
        if (!FILTER_KEY_RE.test(key)) throw new Error(`search filter key must match ${String(FILTER_KEY_RE)}: ${key}`);
        if (valuesOf(value).some((v) => !validFilterValue(v))) {
          throw new Error(`search filter ${key} must have at most ${MAX_FILTER_LENGTH} characters and no NUL`);
        }
      }
      latest.set(doc.id, doc);
    }
    const delta = newDelta();
    await deleteDocs(trx, [...latest.keys()], delta);
    const dialect = dialectOf(trx);
    for (const part of chunks([...latest.values()])) {
      const prepared = part.map((doc) => {
        const tokens: Record<Field, string[]> = {
          title: analyze(doc.fields.title),
          keywords: analyze(doc.fields.keywords ?? ''),
          body: analyze(doc.fields.body),
        };
        addDf(delta, new Set(FIELDS.flatMap((f) => tokens[f])), 1);
        delta.docs += 1;
        for (const f of FIELDS) delta.lengths[f] += tokens[f].length;
        return { doc, tokens };
      });
      const values = sql.join(
        prepared.map(
          ({ doc, tokens }) =>
            sql`(${doc.id}, ${tokens.title.join(' ')}, ${tokens.keywords.join(' ')}, ${tokens.body.join(' ')}, ${tokens.title.length}, ${tokens.keywords.length}, ${tokens.body.length})`,
        ),
      );
      const { rows } = await sql<{ doc_key: number | string; id: string }>`INSERT INTO ${sql.table(t.doc)}
        (id, title_tokens, keywords_tokens, body_tokens, title_len, keywords_len, body_len) VALUES ${values} RETURNING doc_key, id`.execute(
        trx,
      );
      const keyOf = new Map(rows.map((r) => [r.id, Number(r.doc_key)]));
      const withKeys = prepared.map((p) => ({ ...p, key: keyOf.get(p.doc.id) ?? Number.NaN }));
      await dialects[dialect].insertText(
        trx,
        t,
        withKeys.map(({ key, tokens }) => ({
          key,
          title: tokens.title.join(' '),
          keywords: tokens.keywords.join(' '),
          body: tokens.body.join(' '),
        })),
      );
      const filterRows = withKeys.flatMap(({ key, doc }) =>
        Object.entries(doc.filters).flatMap(([k, value]) => [...new Set(valuesOf(value))].map((v) => sql`(${key}, ${k}, ${v})`)),
      );
      for (const fpart of chunks(filterRows)) {
        await sql`INSERT INTO ${sql.table(t.filter)} (doc_key, key, value) VALUES ${sql.join(fpart)}`.execute(trx);
      }
    }
    await applyDelta(trx, delta);
  }

  async function remove(trx: SearchDb, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const delta = newDelta();
    await deleteDocs(trx, ids, delta);
    await applyDelta(trx, delta);
  }

  // ── reading ──────────────────────────────────────────────────────────────────────────────

  async function readStats(db: SearchDb): Promise<Stats> {
    const { rows } = await sql<
      Record<'docs' | 'title_len' | 'keywords_len' | 'body_len', number | string>
    >`SELECT docs, title_len, keywords_len, body_len
      FROM ${sql.table(t.stats)} WHERE id = 1`.execute(db);
    const row = rows[0];
    if (!row) return { docs: 0, lengths: { title: 0, keywords: 0, body: 0 } };
    return {
      docs: Number(row.docs),
      lengths: { title: Number(row.title_len), keywords: Number(row.keywords_len), body: Number(row.body_len) },
    };
  }

  async function documentFrequencies(db: SearchDb, tokens: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks([...new Set(tokens)])) {
      const { rows } = await sql<{
        token: string;
        df: number | string;
      }>`SELECT token, df FROM ${sql.table(t.term)} WHERE token IN (${sql.join(part)})`.execute(db);
      for (const r of rows) out.set(r.token, Number(r.df));
    }
    return out;
  }

  async function startingWith(db: SearchDb, prefix: string, limit: number): Promise<{ token: string; df: number }[]> {
    const { rows } = await sql<{ token: string; df: number | string }>`SELECT token, df FROM ${sql.table(t.term)}
      WHERE token >= ${prefix} AND token < ${prefix + TOP} ORDER BY df DESC, token LIMIT ${limit}`.execute(db);
    return rows.map((r) => ({ token: r.token, df: Number(r.df) }));
  }

  /** Tokens one edit away from each of `tokens`, with their document frequencies. */
  async function similarTokens(db: SearchDb, tokens: readonly string[]): Promise<Map<string, { token: string; df: number }[]>> {
    const out = new Map<string, { token: string; df: number }[]>();
    const wanted = tokens.filter((tok) => FUZZY_TOKEN.test(tok));
    if (wanted.length === 0) return out;
    const variants = [...new Set(wanted.flatMap((tok) => [tok, ...deletionVariants(tok)]))];
    const found = new Map<string, number>();
    for (const part of chunks(variants)) {
      const { rows } = await sql<{ token: string; df: number | string }>`SELECT DISTINCT v.token, w.df FROM ${sql.table(t.variant)} v
        JOIN ${sql.table(t.term)} w ON w.token = v.token WHERE v.variant IN (${sql.join(part)})`.execute(db);
      for (const r of rows) found.set(r.token, Number(r.df));
    }
    const sorted = [...found.entries()].sort(([a], [c]) => byCodePoint(a, c));
    for (const tok of wanted) {
      out.set(
        tok,
        sorted.filter(([cand]) => cand !== tok && withinOneEdit(tok, cand)).map(([cand, df]) => ({ token: cand, df })),
      );
    }
    return out;
  }

  interface ResolvedTerm {
    term: QueryTerm;
    /** Index token → what matching it is worth (MATCH_FACTORS). */
    matches: Map<string, number>;
    /** Highest idf an expansion of the term may count with (set when scoring). */
    cap: number;
  }

  /** Resolves query terms against the vocabulary: exact tokens, prefix and fuzzy expansions. */
  async function resolve(db: SearchDb, terms: readonly QueryTerm[]): Promise<{ resolved: ResolvedTerm[]; df: Map<string, number> }> {
    const df = await documentFrequencies(
      db,
      terms.filter((q) => q.indexed).map((q) => q.token),
    );
    const similar = await similarTokens(
      db,
      terms.filter((q) => q.fuzzy).map((q) => q.token),
    );
    const resolved: ResolvedTerm[] = [];
    for (const term of terms) {
      const matches = new Map<string, number>();
      const offer = (token: string, factor: number): void => {
        if (factor > (matches.get(token) ?? 0)) matches.set(token, factor);
      };
      if (term.indexed && df.has(term.token)) offer(term.token, MATCH_FACTORS.exact);
      if (term.fuzzy) {
        for (const s of similar.get(term.token) ?? []) {
          df.set(s.token, s.df);
          offer(s.token, MATCH_FACTORS.fuzzy);
        }
      }
      if (term.prefix) {
        for (const p of new Set([term.word, term.token])) {
          for (const s of await startingWith(db, p, PREFIX_EXPANSIONS)) {
            df.set(s.token, s.df);
            offer(s.token, MATCH_FACTORS.prefix);
          }
        }
      }
      if (matches.size > 0) resolved.push({ term, matches, cap: Infinity });
    }
    return { resolved, df };
  }

  async function search(db: SearchDb, query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const limit = clamp(options.limit, 1, MAX_LIMIT, 10);
    const offset = clamp(options.offset, 0, MAX_OFFSET, 0);
    const filters = Object.entries(options.filters ?? {}).map(([k, v]) => [k, [...new Set(valuesOf(v))].sort(byCodePoint)] as const);
    if (filters.length > MAX_FILTERS) return { hits: [], total: 0 };
    // A value no stored filter can have (PostgreSQL refuses NUL in text), or an empty list: nothing matches.
    if (filters.some(([k, v]) => !FILTER_KEY_RE.test(k) || v.length === 0 || v.length > MAX_FILTER_VALUES || !v.every(validFilterValue)))
      return { hits: [], total: 0 };

    const terms = analyzeQuery(query.slice(0, MAX_QUERY_LENGTH), options.prefix === undefined ? {} : { prefix: options.prefix });
    if (terms.length === 0) return { hits: [], total: 0 };
    const stats = await readStats(db);
    if (stats.docs <= 0) return { hits: [], total: 0 };
    const { resolved, df } = await resolve(db, terms);
    const tokens = [...new Set(resolved.flatMap((r) => [...r.matches.keys()]))].sort(byCodePoint).slice(0, MAX_QUERY_TOKENS);
    if (tokens.length === 0) return { hits: [], total: 0 };
    const wanted = new Set(tokens);

    const filterSql = filters
      .sort(([a], [c]) => byCodePoint(a, c))
      .map(([k, v]) => sql` AND d.doc_key IN (SELECT doc_key FROM ${sql.table(t.filter)} WHERE key = ${k} AND value IN (${sql.join(v)}))`);
    const { rows } =
      await sql<DocRow>`SELECT d.doc_key, d.id, d.title_tokens, d.keywords_tokens, d.body_tokens, d.title_len, d.keywords_len, d.body_len
      ${dialects[dialectOf(db)].matching(t, tokens)}${sql.join(filterSql, sql``)}`.execute(db);

    // BM25F: per token, field frequencies weighted and length-normalised, then saturated once.
    const avg: Record<Field, number> = { title: 0, keywords: 0, body: 0 };
    for (const f of FIELDS) avg[f] = stats.lengths[f] / stats.docs;
    const idf = new Map<string, number>();
    for (const token of tokens) {
      const n = Math.min(df.get(token) ?? 0, stats.docs);
      idf.set(token, Math.log(1 + (stats.docs - n + 0.5) / (n + 0.5)));
    }
    // A completion or a near miss is worth at most what the word itself is worth, where the index
    // holds the word: a rare longer word ("subsidiestelsel") must not outrank the exact one ("subsidie").
    for (const r of resolved) r.cap = r.matches.has(r.term.token) ? (idf.get(r.term.token) ?? Infinity) : Infinity;
    const scored: SearchHit[] = [];
    for (const row of rows) {
      const tf = new Map<string, number>();
      for (const f of FIELDS) {
        const counts = new Map<string, number>();
        for (const token of splitTokens(row[`${f}_tokens`])) if (wanted.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
        const len = Number(row[`${f}_len`]);
        const norm = 1 - b + (avg[f] > 0 ? (b * len) / avg[f] : b);
        for (const [token, c] of counts) tf.set(token, (tf.get(token) ?? 0) + (weights[f] * c) / norm);
      }
      if (tf.size === 0) continue;
      let score = 0;
      for (const { term, matches, cap } of resolved) {
        let best = 0;
        for (const [token, factor] of matches) {
          const x = tf.get(token);
          if (x === undefined) continue;
          const s = (factor * Math.min(idf.get(token) ?? 0, token === term.token ? Infinity : cap) * x * (k1 + 1)) / (x + k1);
          if (s > best) best = s;
        }
        score += term.weight * best;
      }
      if (score > 0) scored.push({ id: row.id, score });
    }
    scored.sort((x, y) => y.score - x.score || byCodePoint(x.id, y.id));
    return { hits: options.all ? scored : scored.slice(offset, offset + limit), total: scored.length };
  }

  const vocabulary: Vocabulary = {
    async size(db) {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(t.term)}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
    documentFrequencies,
    async complete(db, prefix, limit = 10) {
      const p = fold(prefix).trim();
      if (p.length === 0) return [];
      return (await startingWith(db, p, clamp(limit, 1, MAX_LIMIT, 10))).map((r) => r.token);
    },
    async similar(db, token) {
      return ((await similarTokens(db, [token])).get(token) ?? []).map((r) => r.token);
    },
  };

  return {
    name,
    migrations: () => ({ [migrationName]: (db, types) => dialects[types.dialect].createTables(db, t) }),
    upsert,
    remove,
    search,
    async count(db) {
      return (await readStats(db)).docs;
    },
    vocabulary,
  };
}

const valuesOf = (value: FilterValue): readonly string[] => (typeof value === 'string' ? [value] : value);
const validFilterValue = (v: string): boolean => v.length <= MAX_FILTER_LENGTH && !v.includes('\u0000');

function splitTokens(text: string): string[] {
  return text.length === 0 ? [] : text.split(' ');
}

// ── dialect ────────────────────────────────────────────────────────────────────────────────
// Everything here differs between SQLite and PostgreSQL; the code above is the same for both.

interface TextRow {
  key: number;
  title: string;
  keywords: string;
  body: string;
}

interface SearchDialect {
  createTables(db: Kysely<unknown>, t: TableNames): Promise<void>;
  /** Feeds the full-text structure with a document's tokens (PostgreSQL: a generated column does it). */
  insertText(trx: SearchDb, t: TableNames, rows: readonly TextRow[]): Promise<void>;
  /** Takes documents out of the full-text structure; `rows` hold exactly what was inserted. */
  deleteText(trx: SearchDb, t: TableNames, rows: readonly TextRow[]): Promise<void>;
  /** `FROM … WHERE …` selecting `d` (the doc table) rows holding any of `tokens` (letters and digits only). */
  matching(t: TableNames, tokens: readonly string[]): RawBuilder<unknown>;
}

/** Which database a Kysely instance (or transaction) talks to. */
export function dialectOf(db: SearchDb): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

async function createCommonTables(db: Kysely<unknown>, t: TableNames, text: string, keyColumn: string): Promise<void> {
  await sql`CREATE TABLE ${sql.table(t.doc)} (
    doc_key ${sql.raw(keyColumn)},
    id text NOT NULL UNIQUE,
    title_tokens ${sql.raw(text)} NOT NULL,
    keywords_tokens ${sql.raw(text)} NOT NULL,
    body_tokens ${sql.raw(text)} NOT NULL,
    title_len integer NOT NULL,
    keywords_len integer NOT NULL,
    body_len integer NOT NULL)`.execute(db);
  await sql`CREATE TABLE ${sql.table(t.filter)} (
    key text NOT NULL, value text NOT NULL, doc_key bigint NOT NULL,
    PRIMARY KEY (key, value, doc_key))`.execute(db);
  await sql`CREATE INDEX ${sql.id(`${t.filter}_doc`)} ON ${sql.table(t.filter)} (doc_key)`.execute(db);
  await sql`CREATE TABLE ${sql.table(t.term)} (token ${sql.raw(text)} PRIMARY KEY, df integer NOT NULL)`.execute(db);
  await sql`CREATE TABLE ${sql.table(t.variant)} (variant ${sql.raw(text)} NOT NULL, token ${sql.raw(text)} NOT NULL,
    PRIMARY KEY (variant, token))`.execute(db);
  await sql`CREATE INDEX ${sql.id(`${t.variant}_token`)} ON ${sql.table(t.variant)} (token)`.execute(db);
  await sql`CREATE TABLE ${sql.table(t.stats)} (id integer PRIMARY KEY, docs bigint NOT NULL,
    title_len bigint NOT NULL, keywords_len bigint NOT NULL, body_len bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO ${sql.table(t.stats)} (id, docs, title_len, keywords_len, body_len) VALUES (1, 0, 0, 0, 0)`.execute(db);
}

const dialects: Record<Dialect, SearchDialect> = {
  sqlite: {
    async createTables(db, t) {
      // SQLite compares text by code point (BINARY), which the prefix range relies on.
      await createCommonTables(db, t, 'text', 'integer PRIMARY KEY');
      // The tokens are already analysed: the `ascii` tokenizer splits them on the spaces only (no
      // stemming, no folding; non-ASCII letters stay in the token). External content: the doc table
      // holds the text, so `INSERT INTO fts(fts) VALUES('rebuild')` can rebuild the index from it
      // (a restore does: a backup carries no virtual tables; platform/db/backup.ts).
      await sql`CREATE VIRTUAL TABLE ${sql.table(t.fts)} USING fts5(title_tokens, keywords_tokens, body_tokens,
        tokenize = 'ascii', content = ${sql.lit(t.doc)}, content_rowid = 'doc_key')`.execute(db);
    },
    async insertText(trx, t, rows) {
      for (const part of chunks(rows)) {
        await sql`INSERT INTO ${sql.table(t.fts)} (rowid, title_tokens, keywords_tokens, body_tokens)
          VALUES ${sql.join(part.map((r) => sql`(${r.key}, ${r.title}, ${r.keywords}, ${r.body})`))}`.execute(trx);
      }
    },
    async deleteText(trx, t, rows) {
      for (const part of chunks(rows)) {
        await sql`INSERT INTO ${sql.table(t.fts)} (${sql.table(t.fts)}, rowid, title_tokens, keywords_tokens, body_tokens)
          VALUES ${sql.join(part.map((r) => sql`('delete', ${r.key}, ${r.title}, ${r.keywords}, ${r.body})`))}`.execute(trx);
      }
    },
    matching(t, tokens) {
      // Each token quoted as an FTS5 string (tokens hold no quotes), joined by OR.
      const expr = tokens.map((tok) => `"${tok.replaceAll('"', '""')}"`).join(' OR ');
      return sql`FROM ${sql.table(t.doc)} d WHERE d.doc_key IN (SELECT rowid FROM ${sql.table(t.fts)} WHERE ${sql.table(t.fts)} MATCH ${expr})`;
    },
  },
  postgres: {
    async createTables(db, t) {
      // collate "C": compare by code point like SQLite, for the prefix range and a B-tree it can use.
      await createCommonTables(db, t, 'text COLLATE "C"', 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY');
      await sql`ALTER TABLE ${sql.table(t.doc)} ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') ||
        setweight(to_tsvector('simple', keywords_tokens), 'B') ||
        setweight(to_tsvector('simple', body_tokens), 'D')) STORED`.execute(db);
      await sql`CREATE INDEX ${sql.id(`${t.doc}_tsv`)} ON ${sql.table(t.doc)} USING gin (tsv)`.execute(db);
    },
    insertText: () => Promise.resolve(),
    deleteText: () => Promise.resolve(),
    matching(t, tokens) {
      // Each token quoted as a tsquery lexeme and parsed with the same `simple` config as the documents.
      const expr = tokens.map((tok) => `'${tok.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`).join(' | ');
      return sql`FROM ${sql.table(t.doc)} d WHERE d.tsv @@ to_tsquery('simple', ${expr})`;
    },
  },
};
