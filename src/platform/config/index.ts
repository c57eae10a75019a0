// Typed configuration from the environment, validated once at start.
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'moet beginnen met postgres:// (of postgresql://)')
    .optional(),
  LOKET_DATA_DIR: z.string().min(1).default('data'),
  LOKET_DEMO: flag.optional(),
  LOKET_SECRET: z.string().min(32, 'minstens 32 tekens').optional(),
  LOKET_BASE_URL: z.url().optional(),
  LOKET_TRUST_PROXY: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOKET_BODY_LIMIT: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  LOKET_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  LOKET_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  LOKET_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOKET_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(8),
  NODE_ENV: z.string().default('production'),
});

export interface Config {
  port: number;
  host: string;
  /** `sqlite` file path or PostgreSQL URL. */
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  dataDir: string;
  demo: boolean;
  /** Secret for signed cookies and CSRF tokens; random per process when not configured. */
  secret: string | undefined;
  baseUrl: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  bodyLimit: number;
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  session: { idleMinutes: number; maxHours: number };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Reads the configuration; on bad values returns every problem as a readable line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (waarde: ${JSON.stringify(cleaned[String(i.path[0])])})`),
    };
  }
  const e = parsed.data;
  // Several processes share one PostgreSQL: they need one secret (cookies, CSRF, the processing log's key).
  if (e.DATABASE_URL && !e.LOKET_SECRET) {
    return { ok: false, errors: ['LOKET_SECRET: is nodig bij PostgreSQL (DATABASE_URL); kies een willekeurige tekst van minstens 32 tekens, bijvoorbeeld met: openssl rand -base64 32'] };
  }
  const dataDir = path.resolve(e.LOKET_DATA_DIR);
  const database: Config['database'] = e.DATABASE_URL
    ? { dialect: 'postgres', url: e.DATABASE_URL }
    : { dialect: 'sqlite', file: path.join(dataDir, 'loket.sqlite') };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      database,
      dataDir,
      // Demo mode is the default for the embedded database only.
      demo: e.LOKET_DEMO ?? database.dialect === 'sqlite',
      secret: e.LOKET_SECRET,
      baseUrl: e.LOKET_BASE_URL,
      trustProxy: e.LOKET_TRUST_PROXY ?? false,
      logLevel: e.LOG_LEVEL,
      bodyLimit: e.LOKET_BODY_LIMIT,
      rateLimitPerMinute: e.LOKET_RATE_LIMIT,
      shutdownTimeoutMs: e.LOKET_SHUTDOWN_TIMEOUT_MS,
      session: { idleMinutes: e.LOKET_SESSION_IDLE_MINUTES, maxHours: e.LOKET_SESSION_MAX_HOURS },
    },
  };
}

/** The variables, for `loket --help` and the README. */
export const configDoc: ReadonlyArray<[string, string, string]> = [
  ['PORT', '8080', 'HTTP-poort'],
  ['HOST', '127.0.0.1', 'adres waarop Loket luistert (0.0.0.0 in een container)'],
  ['DATABASE_URL', '(geen)', 'postgres://… om PostgreSQL 15+ te gebruiken; zonder deze variabele gebruikt Loket de ingebouwde SQLite-database'],
  ['LOKET_DATA_DIR', 'data', 'map van de ingebouwde database (loket.sqlite)'],
  ['LOKET_DEMO', '1 bij SQLite, 0 bij PostgreSQL', 'demomodus: demogegevens en inloggen als verzonnen gebruiker'],
  ['LOKET_SECRET', '(SQLite: eenmalig gemaakt, bewaard in de datamap)', 'geheim voor cookies, CSRF-codes en het verwerkingslogboek, minstens 32 tekens; verplicht bij PostgreSQL'],
  ['LOKET_BASE_URL', '(geen)', 'publiek adres; https:// zet de Secure-vlag op cookies en het server-adres in OpenAPI'],
  ['LOKET_TRUST_PROXY', '0', '1 achter een reverse proxy: vertrouw X-Forwarded-For/-Proto (adres van de gebruiker, HTTPS)'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace of silent'],
  ['LOKET_BODY_LIMIT', '1048576', 'grootste verzoek in bytes'],
  ['LOKET_RATE_LIMIT', '1200', 'verzoeken per minuut per adres'],
  ['LOKET_SHUTDOWN_TIMEOUT_MS', '10000', 'hoe lang SIGTERM wacht op lopende verzoeken'],
  ['LOKET_SESSION_IDLE_MINUTES', '15', 'een inlogsessie eindigt na zoveel minuten zonder gebruik'],
  ['LOKET_SESSION_MAX_HOURS', '8', 'een inlogsessie eindigt in elk geval na zoveel uur'],
];
