import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseAddressRange } from './addressRanges.ts';

/** Raised when an environment variable holds a value paperwire cannot use; the CLI prints it and exits 2. */
export class ConfigError extends Error {}

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const port = z.coerce.number().int().min(0).max(65535);
const list = (text: string) => [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];

/** Every setting with its environment variable, type and default: the single source for `paperwire config`. */
export const configSchema = z.object({
  PAPERWIRE_DATA_DIR: z.string().min(1).default('./data'),
  PAPERWIRE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// URL (postgres://user:password@host:5432/name)')
    .refine((u) => URL.canParse(u), 'is not a valid URL')
    .optional(),
  PORT: port.optional(),
  PAPERWIRE_PORT: port.default(8080),
  PAPERWIRE_HOST: z.string().min(1).default('127.0.0.1'),
  PAPERWIRE_BASE_URL: z.url().optional(),
  PAPERWIRE_LOAD_DEMO: bool.default(true),
  PAPERWIRE_AUTO_MIGRATE: bool.default(true),
  PAPERWIRE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PAPERWIRE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PAPERWIRE_TRENDING_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  PAPERWIRE_API_RATE_LIMIT: z.coerce.number().int().min(0).default(500),
  PAPERWIRE_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  PAPERWIRE_MAIL_FROM: z.string().min(3).default('paperwire <paperwire@localhost>'),
  PAPERWIRE_SUBMIT_DAILY_CAP: z.coerce.number().int().min(0).default(5),
  PAPERWIRE_SUBMIT_MAX_AGE_DAYS: z.coerce.number().int().min(0).default(30),
  PAPERWIRE_SIGNUP_OPEN: bool.default(true),
  PAPERWIRE_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  PAPERWIRE_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((text, ctx) => {
      const bad = list(text).filter((item) => !parseAddressRange(item));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `not an IPv4/IPv6 address or CIDR range: ${bad.join(', ')}` });
    }),
  PAPERWIRE_SCRYPT_COST: z.coerce.number().int().min(14).max(20).default(17),
  PAPERWIRE_MAX_BODY_KB: z.coerce.number().int().min(1).max(1_048_576).default(1024),
  PAPERWIRE_REQUEST_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(30),
  PAPERWIRE_DIGEST_ENABLED: bool.default(true),
  PAPERWIRE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  PAPERWIRE_DIGEST_SIZE: z.coerce.number().int().min(1).max(50).default(10),
  PAPERWIRE_DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  PAPERWIRE_DIGEST_CHECK_EVERY: z.string().regex(/^\d+\s*(s|m|h)$/, 'expected a duration like 15m or 30s').default('15m'),
  PAPERWIRE_JOB_LEASE_S: z.coerce.number().int().min(1).max(86_400).default(120),
  PAPERWIRE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional(),
  PAPERWIRE_ARXIV_CONTACT: z.string().trim().min(3).max(200).regex(/^[^\r\n()]+$/, 'must be one line without parentheses').optional(),
  PAPERWIRE_ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query'),
  PAPERWIRE_ARXIV_OAI_URL: z.url().default('https://oaipmh.arxiv.org/oai'),
  PAPERWIRE_ARXIV_RSS_URL: z.url().default('https://rss.arxiv.org/rss'),
  PAPERWIRE_ARXIV_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  PAPERWIRE_INGEST_CATEGORIES: z.string().regex(/^\s*([\w.-]+\s*(,\s*[\w.-]+\s*)*)?$/, 'expected a comma-separated list like cs.CV,cs.LG').default(''),
  PAPERWIRE_INGEST_SOURCES: z.string().regex(/^\s*(api|oai|rss)\s*(,\s*(api|oai|rss)\s*)*$/, 'expected a comma-separated list of api, oai, rss').default('api,rss'),
  PAPERWIRE_INGEST_EVERY: z.string().regex(/^(off|0|\d+\s*(s|m|h|d))$/, 'expected off or a duration like 30m, 6h, 1d').default('off'),
  PAPERWIRE_INGEST_BACKFILL_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  PAPERWIRE_INGEST_FEATURE_NEW: bool.default(true),
  PAPERWIRE_SEMANTIC: bool.default(true),
  PAPERWIRE_EMBEDDINGS_URL: z.url().optional(),
  PAPERWIRE_EMBEDDINGS_MODEL: z.string().min(1).max(200).default('text-embedding-3-small'),
  PAPERWIRE_EMBEDDINGS_KEY: z.string().min(1).optional(),
  PAPERWIRE_EMBEDDINGS_DIR: z.string().min(1).optional(),
  PAPERWIRE_CHAT_URL: z.url().optional(),
  PAPERWIRE_CHAT_MODEL: z.string().min(1).max(200).default('gpt-4o-mini'),
  PAPERWIRE_CHAT_KEY: z.string().min(1).optional(),
  PAPERWIRE_MCP: bool.default(true),
  PAPERWIRE_MCP_TOKEN: z.string().regex(/^pw_[\w-]{10,97}$/, 'must be a personal access token (pw_…)').optional(),
});

/** The validated, typed configuration that every other module receives instead of reading the environment. */
export interface Config {
  dataDir: string;
  /** The SQLite database file, used unless `databaseUrl` names a PostgreSQL database. */
  databasePath: string;
  /** PAPERWIRE_DATABASE_URL: a postgres:// URL; when set, paperwire keeps everything in PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  host: string;
  port: number;
  baseUrl: string;
  loadDemo: boolean;
  autoMigrate: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** HMAC key for sessions and tokens: from PAPERWIRE_SECRET, else generated once and kept in the data folder. */
  secret: string;
  trendingDays: number;
  apiRateLimit: number;
  /** SMTP server for outgoing mail (smtp://user:pass@host:587); unset: mail is written to <dataDir>/outbox. */
  smtpUrl?: string;
  mailFrom: string;
  /** Community rules: papers one user may submit per day (0: no limit), and the oldest paper age accepted (0: any). */
  submitDailyCap: number;
  submitMaxAgeDays: number;
  /** Whether anyone may create an account (false: only admins, with `paperwire user create`). */
  signupOpen: boolean;
  /** Votes, comments and submissions one user may make per 10 minutes. */
  writeRateLimit: number;
  /**
   * Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For / Forwarded headers are believed
   * (src/http/clientAddress.ts); empty: the socket's address is the client's.
   */
  trustedProxies: string[];
  /** Password hashing work, log2 of scrypt's N (17: OWASP's recommendation); older hashes are upgraded at sign-in. */
  scryptCost: number;
  /** Largest request body accepted (bytes; larger: 413), and how long a request may run before it is answered 503. */
  maxBodyBytes: number;
  requestTimeoutMs: number;
  /** Digests: whether `serve` sends them on schedule, the UTC hour they go out, papers per digest, parallel SMTP sends, how often `serve` checks for due digests. */
  digest: { enabled: boolean; hour: number; size: number; concurrency: number; checkEveryMs: number };
  /** How long a scheduled job's lease outlives a server that stopped renewing it (killed, hung): the takeover delay. */
  jobLeaseTtlMs: number;
  /** Bearer token that opens `/metrics` (Prometheus); unset: the endpoint answers 404. */
  metricsToken?: string;
  /** Ingestion from arXiv: what to fetch and how often (everyMs 0: not on a schedule), and how politely. */
  ingest: {
    categories: string[];
    sources: ('api' | 'oai' | 'rss')[];
    everyMs: number;
    /** How far back the first run of a source reaches when it has no cursor yet. */
    backfillDays: number;
    /** Whether papers announced as new in the RSS feed are put on that day's list. */
    featureNew: boolean;
    /** The operator's contact (email or URL), sent in the User-Agent as arXiv asks. */
    contact?: string;
    apiUrl: string;
    oaiUrl: string;
    rssUrl: string;
    /** Minimum gap between two requests to arXiv, across all processes of the instance (never below 3 s for arxiv.org). */
    intervalMs: number;
  };
  /** Semantic search on or off; off leaves search, similar papers and keywords lexical only. */
  semantic: boolean;
  /** An OpenAI-compatible embeddings service used instead of the bundled model (base URL, model, key). */
  embeddingsUrl?: string;
  embeddingsModel: string;
  embeddingsKey?: string;
  /** A local ONNX model directory (model.onnx, vocab.txt, config.json) used instead of the bundled model. */
  embeddingsDir?: string;
  /** An OpenAI-compatible chat service; when set, a background job writes each paper's ai_summary. */
  chatUrl?: string;
  chatModel: string;
  chatKey?: string;
  /** The MCP endpoint for AI assistants: /mcp on the server and `paperwire mcp` on stdio (false turns both off). */
  mcp: boolean;
  /** The personal access token `paperwire mcp` acts with (unset: anonymous, read-only). */
  mcpToken?: string;
}

const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A duration like "30m" or "6h" in ms; "off" and "0" are 0. */
const durationMs = (text: string) => {
  const m = /^(\d+)\s*([smhd])$/.exec(text);
  return m ? Number(m[1]) * DURATION_MS[m[2]!]! : 0;
};

/** Reads and validates the environment once, at start; a bad value stops the program with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(present[String(i.path[0])] ?? '')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  if (v.PAPERWIRE_EMBEDDINGS_URL && v.PAPERWIRE_EMBEDDINGS_DIR) {
    throw new ConfigError('invalid configuration:\n  PAPERWIRE_EMBEDDINGS_URL and PAPERWIRE_EMBEDDINGS_DIR are both set: choose one embedding model');
  }
  const dataDir = resolve(v.PAPERWIRE_DATA_DIR);
  const port = v.PORT ?? v.PAPERWIRE_PORT;
  const shownHost = v.PAPERWIRE_HOST === '0.0.0.0' || v.PAPERWIRE_HOST === '::' ? 'localhost' : v.PAPERWIRE_HOST;
  return {
    dataDir,
    databasePath: join(dataDir, 'paperwire.db'),
    databaseUrl: v.PAPERWIRE_DATABASE_URL,
    host: v.PAPERWIRE_HOST,
    port,
    baseUrl: (v.PAPERWIRE_BASE_URL ?? `http://${shownHost}:${port}`).replace(/\/+$/, ''),
    loadDemo: v.PAPERWIRE_LOAD_DEMO,
    autoMigrate: v.PAPERWIRE_AUTO_MIGRATE,
    logLevel: v.PAPERWIRE_LOG_LEVEL,
    secret: v.PAPERWIRE_SECRET ?? '',
    trendingDays: v.PAPERWIRE_TRENDING_DAYS,
    apiRateLimit: v.PAPERWIRE_API_RATE_LIMIT,
    smtpUrl: v.PAPERWIRE_SMTP_URL,
    mailFrom: v.PAPERWIRE_MAIL_FROM,
    submitDailyCap: v.PAPERWIRE_SUBMIT_DAILY_CAP,
    submitMaxAgeDays: v.PAPERWIRE_SUBMIT_MAX_AGE_DAYS,
    signupOpen: v.PAPERWIRE_SIGNUP_OPEN,
    writeRateLimit: v.PAPERWIRE_WRITE_RATE_LIMIT,
    trustedProxies: list(v.PAPERWIRE_TRUSTED_PROXIES),
    scryptCost: v.PAPERWIRE_SCRYPT_COST,
    maxBodyBytes: v.PAPERWIRE_MAX_BODY_KB * 1024,
    requestTimeoutMs: v.PAPERWIRE_REQUEST_TIMEOUT_S * 1000,
    digest: { enabled: v.PAPERWIRE_DIGEST_ENABLED, hour: v.PAPERWIRE_DIGEST_HOUR, size: v.PAPERWIRE_DIGEST_SIZE, concurrency: v.PAPERWIRE_DIGEST_CONCURRENCY, checkEveryMs: durationMs(v.PAPERWIRE_DIGEST_CHECK_EVERY) },
    jobLeaseTtlMs: v.PAPERWIRE_JOB_LEASE_S * 1000,
    metricsToken: v.PAPERWIRE_METRICS_TOKEN,
    ingest: {
      categories: list(v.PAPERWIRE_INGEST_CATEGORIES),
      sources: list(v.PAPERWIRE_INGEST_SOURCES) as ('api' | 'oai' | 'rss')[],
      everyMs: durationMs(v.PAPERWIRE_INGEST_EVERY),
      backfillDays: v.PAPERWIRE_INGEST_BACKFILL_DAYS,
      featureNew: v.PAPERWIRE_INGEST_FEATURE_NEW,
      contact: v.PAPERWIRE_ARXIV_CONTACT,
      apiUrl: v.PAPERWIRE_ARXIV_API_URL,
      oaiUrl: v.PAPERWIRE_ARXIV_OAI_URL,
      rssUrl: v.PAPERWIRE_ARXIV_RSS_URL,
      intervalMs: v.PAPERWIRE_ARXIV_INTERVAL_MS,
    },
    semantic: v.PAPERWIRE_SEMANTIC,
    embeddingsUrl: v.PAPERWIRE_EMBEDDINGS_URL,
    embeddingsModel: v.PAPERWIRE_EMBEDDINGS_MODEL,
    embeddingsKey: v.PAPERWIRE_EMBEDDINGS_KEY,
    embeddingsDir: v.PAPERWIRE_EMBEDDINGS_DIR === undefined ? undefined : resolve(v.PAPERWIRE_EMBEDDINGS_DIR),
    chatUrl: v.PAPERWIRE_CHAT_URL,
    chatModel: v.PAPERWIRE_CHAT_MODEL,
    chatKey: v.PAPERWIRE_CHAT_KEY,
    mcp: v.PAPERWIRE_MCP,
    mcpToken: v.PAPERWIRE_MCP_TOKEN,
  };
}

/** Fills in the generated secret when none was configured, keeping it in the data folder so sessions survive restarts. */
export function ensureSecret(config: Config): Config {
  if (config.secret) return config;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    // several servers may start at once over one data folder: the key appears whole (a link to a written file),
    // and whoever loses the race reads the winner's
    const draft = `${file}.${process.pid}.tmp`;
    writeFileSync(draft, randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return { ...config, secret: readFileSync(file, 'utf8').trim() };
}

const SECRET_KEYS = new Set<string>(['secret', 'smtpUrl']);

/** The configuration as `paperwire config` prints it: every value, secrets replaced by a mark. */
export function redactConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      k,
      k === 'databaseUrl' && typeof v === 'string' ? redactUrlPassword(v) : SECRET_KEYS.has(k) || /password|token|key/i.test(k) ? (v ? '[redacted]' : '') : v,
    ]),
  );
}

/** A database URL as it may be shown: the password replaced by a mark, the rest (host, database) kept. */
export function redactUrlPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    return u.toString();
  } catch {
    return '[redacted]';
  }
}
