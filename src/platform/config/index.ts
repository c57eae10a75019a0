// Typed configuration from the environment, validated once at start.
import path from 'node:path';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Where the OpenID Connect provider sends the browser back to (the route in registry/identity/oidc.ts). */
export const OIDC_CALLBACK_PATH = '/inloggen/terug';

function secureOrLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

const claimName = z.string().trim().min(1).max(200);

/** Parameters the authorization request may not carry from configuration: Loket sets them itself. */
const protectedAuthorizationParams = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request',
  'request_uri',
];

/** Extra authorization request parameters as a query string (`acr_values=...&login_hint=...`). */
const authorizationParams = z
  .string()
  .transform((v) => [...new URLSearchParams(v).entries()].filter(([k]) => k !== ''))
  .refine(
    (pairs) => pairs.every(([k]) => !protectedAuthorizationParams.includes(k)),
    `mag deze parameters niet zetten: ${protectedAuthorizationParams.join(', ')}`,
  );

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
  LOKET_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  LOKET_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  LOKET_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOKET_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(8),
  NODE_ENV: z.string().default('production'),
  // Inloggen via OpenID Connect (een makelaar voor DigiD en eHerkenning); uit zolang LOKET_OIDC_ISSUER ontbreekt.
  LOKET_OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: 'moet een http(s)-adres zijn' })
    .refine(secureOrLoopback, 'moet https:// zijn (http:// alleen op 127.0.0.1 of localhost, om te testen)')
    .optional(),
  LOKET_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LOKET_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LOKET_OIDC_REDIRECT_URI: z
    .url({ protocol: /^https?$/, error: 'moet een http(s)-adres zijn' })
    .refine((u) => new URL(u).pathname.endsWith(OIDC_CALLBACK_PATH), `moet eindigen op ${OIDC_CALLBACK_PATH}`)
    .optional(),
  LOKET_OIDC_SCOPES: z
    .string()
    .default('openid')
    .transform((v) => v.split(/\s+/).filter(Boolean))
    .refine((scopes) => scopes.includes('openid'), 'moet de scope openid bevatten'),
  LOKET_OIDC_CLAIM_BSN: claimName.default('bsn'),
  LOKET_OIDC_CLAIM_KVK: claimName.default('kvk'),
  LOKET_OIDC_CLAIM_ACTING_BSN: claimName.default('acting_bsn'),
  LOKET_OIDC_CLAIM_LOA: z
    .string()
    .default('acr')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .refine((names) => names.length > 0, 'noem minstens één claim'),
  // E-mail notifications of new messages (Berichten); off while LOKET_SMTP_URL is missing.
  LOKET_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'moet een smtp:// of smtps://-adres zijn' }).optional(),
  LOKET_MAIL_FROM: z.email({ error: 'moet een e-mailadres zijn' }).default('noreply@loket.example.nl'),
  // Awb 4:17: the first day of the penalty (dwangsom); an open legal question (delivery/README.md).
  LOKET_DWANGSOM_FIRST_DAY: z.enum(['A', 'B']).default('A'),
  LOKET_OIDC_DIGID_PARAMS: authorizationParams.prefault('login_hint=digid'),
  LOKET_OIDC_EHERKENNING_PARAMS: authorizationParams.prefault('login_hint=eherkenning'),
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
  /** Login attempts per minute per client address. */
  loginRateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  session: { idleMinutes: number; maxHours: number };
  /** Login through an OpenID Connect provider (DigiD/eHerkenning broker); undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** Where e-mail notifications are sent through; undefined: no e-mail, the message box only. */
  smtp: { url: string; from: string } | undefined;
  /** Awb 4:17 first penalty day: A = the day after the two weeks following the notice of default; B = see delivery/README.md. */
  dwangsomFirstDay: 'A' | 'B';
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back to; its path ends in OIDC_CALLBACK_PATH. */
  redirectUri: string;
  scopes: readonly string[];
  /** The claim names the provider uses; `loa` may name several claims (the highest level counts). */
  claims: { bsn: string; kvkNumber: string; actingBsn: string; loa: readonly string[] };
  /** Extra authorization request parameters that tell the provider which means to offer. */
  means: { digid: ReadonlyArray<readonly [string, string]>; eherkenning: ReadonlyArray<readonly [string, string]> };
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
    return {
      ok: false,
      errors: [
        'LOKET_SECRET: is nodig bij PostgreSQL (DATABASE_URL); kies een willekeurige tekst van minstens 32 tekens, bijvoorbeeld met: openssl rand -base64 32',
      ],
    };
  }
  const oidc = oidcConfig(e);
  if (!oidc.ok) return { ok: false, errors: oidc.errors };
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
      loginRateLimitPerMinute: e.LOKET_LOGIN_RATE_LIMIT,
      shutdownTimeoutMs: e.LOKET_SHUTDOWN_TIMEOUT_MS,
      session: { idleMinutes: e.LOKET_SESSION_IDLE_MINUTES, maxHours: e.LOKET_SESSION_MAX_HOURS },
      oidc: oidc.config,
      smtp: e.LOKET_SMTP_URL === undefined ? undefined : { url: e.LOKET_SMTP_URL, from: e.LOKET_MAIL_FROM },
      dwangsomFirstDay: e.LOKET_DWANGSOM_FIRST_DAY,
    },
  };
}

/** The OpenID Connect settings: all of them once LOKET_OIDC_ISSUER is set, none otherwise. */
function oidcConfig(e: z.infer<typeof envSchema>): { ok: true; config: OidcConfig | undefined } | { ok: false; errors: string[] } {
  if (!e.LOKET_OIDC_ISSUER) return { ok: true, config: undefined };
  const errors: string[] = [];
  const fromBroker = 'is nodig met LOKET_OIDC_ISSUER; u krijgt deze van uw inlogmakelaar';
  if (!e.LOKET_OIDC_CLIENT_ID) errors.push(`LOKET_OIDC_CLIENT_ID: ${fromBroker}`);
  if (!e.LOKET_OIDC_CLIENT_SECRET) errors.push(`LOKET_OIDC_CLIENT_SECRET: ${fromBroker}`);
  const base = e.LOKET_BASE_URL?.replace(/\/+$/, '');
  const redirectUri = e.LOKET_OIDC_REDIRECT_URI ?? (base === undefined ? undefined : `${base}${OIDC_CALLBACK_PATH}`);
  const example = `https://loket.example.nl${OIDC_CALLBACK_PATH}`;
  if (!redirectUri) errors.push(`LOKET_OIDC_REDIRECT_URI: is nodig als LOKET_BASE_URL ontbreekt (bijvoorbeeld ${example})`);
  if (errors.length > 0 || !e.LOKET_OIDC_CLIENT_ID || !e.LOKET_OIDC_CLIENT_SECRET || !redirectUri) return { ok: false, errors };
  return {
    ok: true,
    config: {
      issuer: e.LOKET_OIDC_ISSUER,
      clientId: e.LOKET_OIDC_CLIENT_ID,
      clientSecret: e.LOKET_OIDC_CLIENT_SECRET,
      redirectUri,
      scopes: e.LOKET_OIDC_SCOPES,
      claims: {
        bsn: e.LOKET_OIDC_CLAIM_BSN,
        kvkNumber: e.LOKET_OIDC_CLAIM_KVK,
        actingBsn: e.LOKET_OIDC_CLAIM_ACTING_BSN,
        loa: e.LOKET_OIDC_CLAIM_LOA,
      },
      means: { digid: e.LOKET_OIDC_DIGID_PARAMS, eherkenning: e.LOKET_OIDC_EHERKENNING_PARAMS },
    },
  };
}

/** The variables, for `loket --help` and the README. */
export const configDoc: ReadonlyArray<[string, string, string]> = [
  ['PORT', '8080', 'HTTP-poort'],
  ['HOST', '127.0.0.1', 'adres waarop Loket luistert (0.0.0.0 in een container)'],
  [
    'DATABASE_URL',
    '(geen)',
    'postgres://… om PostgreSQL 15+ te gebruiken; zonder deze variabele gebruikt Loket de ingebouwde SQLite-database',
  ],
  ['LOKET_DATA_DIR', 'data', 'map van de ingebouwde database (loket.sqlite)'],
  ['LOKET_DEMO', '1 bij SQLite, 0 bij PostgreSQL', 'demomodus: demogegevens en inloggen als verzonnen gebruiker'],
  [
    'LOKET_SECRET',
    '(SQLite: eenmalig gemaakt, bewaard in de datamap)',
    'geheim voor cookies, CSRF-codes en het verwerkingslogboek, minstens 32 tekens; verplicht bij PostgreSQL',
  ],
  ['LOKET_BASE_URL', '(geen)', 'publiek adres; https:// zet de Secure-vlag op cookies en het server-adres in OpenAPI'],
  ['LOKET_TRUST_PROXY', '0', '1 achter een reverse proxy: vertrouw X-Forwarded-For/-Proto (adres van de gebruiker, HTTPS)'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace of silent'],
  ['LOKET_BODY_LIMIT', '1048576', 'grootste verzoek in bytes'],
  ['LOKET_RATE_LIMIT', '1200', 'verzoeken per minuut per adres'],
  ['LOKET_LOGIN_RATE_LIMIT', '20', 'inlogpogingen per minuut per adres'],
  ['LOKET_SHUTDOWN_TIMEOUT_MS', '10000', 'hoe lang SIGTERM wacht op lopende verzoeken'],
  ['LOKET_SESSION_IDLE_MINUTES', '15', 'een inlogsessie eindigt na zoveel minuten zonder gebruik'],
  ['LOKET_SESSION_MAX_HOURS', '8', 'een inlogsessie eindigt in elk geval na zoveel uur'],
  [
    'LOKET_SMTP_URL',
    '(geen: alleen de berichtenbox)',
    'smtp:// of smtps://-adres (met gebruiker en wachtwoord) voor e-mail bij nieuwe berichten',
  ],
  ['LOKET_MAIL_FROM', 'noreply@loket.example.nl', 'afzender van die e-mails'],
  [
    'LOKET_DWANGSOM_FIRST_DAY',
    'A',
    'eerste dag van de dwangsom bij niet tijdig beslissen (Awb 4:17): A of B, zie src/modules/delivery/README.md',
  ],
  [
    'LOKET_OIDC_ISSUER',
    '(geen: inloggen met DigiD en eHerkenning staat uit)',
    'adres (issuer) van de OpenID Connect-inlogmakelaar voor DigiD en eHerkenning; https:// (http:// alleen op 127.0.0.1 of localhost)',
  ],
  ['LOKET_OIDC_CLIENT_ID', '(geen; verplicht met LOKET_OIDC_ISSUER)', 'client-id die de inlogmakelaar aan deze Loket gaf'],
  ['LOKET_OIDC_CLIENT_SECRET', '(geen; verplicht met LOKET_OIDC_ISSUER)', 'client-geheim van de inlogmakelaar'],
  ['LOKET_OIDC_REDIRECT_URI', `LOKET_BASE_URL${OIDC_CALLBACK_PATH}`, `terugkeeradres na het inloggen; eindigt op ${OIDC_CALLBACK_PATH}`],
  ['LOKET_OIDC_SCOPES', 'openid', 'scopes die Loket vraagt, gescheiden door spaties; openid is verplicht'],
  ['LOKET_OIDC_CLAIM_BSN', 'bsn', 'claim met het burgerservicenummer (DigiD)'],
  ['LOKET_OIDC_CLAIM_KVK', 'kvk', 'claim met het KVK-nummer van de onderneming (eHerkenning)'],
  ['LOKET_OIDC_CLAIM_ACTING_BSN', 'acting_bsn', 'claim met het burgerservicenummer van wie namens de onderneming inlogt (eHerkenning)'],
  [
    'LOKET_OIDC_CLAIM_LOA',
    'acr',
    "claim(s) met het betrouwbaarheidsniveau (eIDAS, eHerkenning of DigiD-niveau), gescheiden door komma's; het hoogste telt",
  ],
  [
    'LOKET_OIDC_DIGID_PARAMS',
    'login_hint=digid',
    'extra parameters waarmee Loket de inlogmakelaar om DigiD vraagt, als querystring (bijvoorbeeld acr_values=...)',
  ],
  [
    'LOKET_OIDC_EHERKENNING_PARAMS',
    'login_hint=eherkenning',
    'extra parameters waarmee Loket de inlogmakelaar om eHerkenning vraagt, als querystring',
  ],
];
