import { z } from 'zod';
import { parseCodecKeys } from './payload-codec.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);

/** The audience HMPPS Auth puts in its tokens (Spring's default resource id). */
export const DEFAULT_AUDIENCE = 'oauth2-resource';

/**
 * Express's `trust proxy`: off unless configured, since with it on any client can name its own
 * address in X-Forwarded-For. `true`, a number of hops, or addresses/subnets (`loopback`, `10.0.0.0/8`).
 */
const trustProxy = z
  .string()
  .trim()
  .regex(
    /^(true|false|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/,
    'must be true, false, a number of hops, or addresses and subnets',
  )
  .transform((v): boolean | number | string[] =>
    v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((s) => s.trim()),
  );

/**
 * Every setting, read once from the environment. Development fallbacks exist so that
 * `npm start` works on a fresh clone; production refuses to start without the real values.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PORT: port.default(3000),
    PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
    DATA_DIR: z.string().default('./data'),

    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('release-guard'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('release-guard'),
    TEMPORAL_CLI_PATH: z.string().min(1).optional(),
    TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
    TEMPORAL_DEV_PORT: port.default(7233),
    /** A workflow bundle built by `npm run build:workflows`; without it the worker bundles at start. */
    WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
    /** The same, built with the tracing interceptors (`npm run build:workflows -- FILE --traced`): used when tracing is on. */
    WORKFLOW_TRACED_BUNDLE_PATH: z.string().min(1).optional(),
    /**
     * Workflows a worker keeps in memory between tasks; the SDK sizes it from the heap when unset.
     * 0.25 to 0.6 MB each (docs/performance.md): a million would be hundreds of GB, so more is a typo.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(1_000_000).optional(),
    TEMPORAL_UI_PORT: port.default(8233),
    /** Where a worker serves the Temporal SDK's Prometheus metrics (host:port); unset, none. */
    WORKER_METRICS_ADDRESS: z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464')
      .optional(),
    /** Scrapes of the API's /metrics must bear this; unset, /metrics is open outside production and not served in it. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** OpenTelemetry traces go to this OTLP/HTTP endpoint (e.g. http://jaeger:4318); unset, tracing is off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('release-guard'),

    /** PostgreSQL for the prisoner register; unset, an embedded PostgreSQL (PGlite) under DATA_DIR/register. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** The schema the register's tables live in, when not the database's default. */
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
      .optional(),
    /** Load the synthetic roll (fictional people) into an empty register at start-up. */
    REGISTER_SYNTHETIC_ROLL: bool.optional(),
    /** Read the pages' templates again on every page (for editing views); unset, only in development. */
    WEB_TEMPLATE_RELOAD: bool.optional(),

    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: port.default(1025),
    SMTP_SECURE: bool.default(false),
    /** STARTTLS required: the connection is upgraded to TLS or the message is not sent. */
    SMTP_REQUIRE_TLS: bool.default(false),
    /** Production only: allow SMTP without TLS, for a relay on the same host or private network. */
    SMTP_ALLOW_PLAINTEXT: bool.default(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    MAIL_FROM: z.string().min(3).default('Release Guard <release-guard@localhost>'),
    MESSAGE_ID_DOMAIN: z.string().min(1).default('release-guard.local'),
    DEV_MAIL_CATCHER: bool.optional(),

    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_CASELOAD_CLAIM: z.string().min(1).default('caseloads'),
    /** Tokens must name this audience (`aud`) and carry an expiry (`exp`). */
    AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_AUDIENCE),
    /** Leeway for clocks that differ between the issuer and this service, in seconds. */
    AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    TRUST_PROXY: trustProxy.default(false),
    /** The pages' sign-in (OAuth 2 authorisation code) at HMPPS Auth; unset, the development stand-in. */
    AUTH_AUTHORIZE_URL: z.url().optional(),
    AUTH_TOKEN_URL: z.url().optional(),
    AUTH_SIGN_OUT_URL: z.url().optional(),
    AUTH_CLIENT_ID: z.string().min(1).default('release-guard'),
    AUTH_CLIENT_SECRET: z.string().min(1).default('development-only-client-secret'),
    /** Signs the pages' session cookie. The development default is refused in production. */
    SESSION_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default('development-only-session-secret-change-me-000'),

    UNIT_QUEUE_EMAIL: z.email().default('query-unit@justice.example'),
    TEAM_LEADER_EMAIL: z.email().default('query-unit-lead@justice.example'),
    UNIT_HEAD_EMAIL: z.email().default('query-unit-head@justice.example'),
    DUTY_GOVERNOR_EMAIL_TEMPLATE: z
      .string()
      .includes('{prisonCode}')
      .default('duty-governor.{prisonCode}@justice.example'),
    PRISON_MAILBOX_TEMPLATE: z.string().includes('{prisonCode}').default('omu.{prisonCode}@justice.example'),
    STAFF_EMAIL_TEMPLATE: z.string().includes('{username}').default('{username}@justice.example'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /** Per signed-in user (or service client), whatever address they come from; 0 turns it off. */
    RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(0).default(300),
    POLICE_CONTACT_EMAIL: z.email().default('police-contact@justice.example'),
    HOLD_REVIEW_INTERVAL_MINUTES: z.coerce
      .number()
      .positive()
      .default(24 * 60),
    OVERRIDE_VALID_MINUTES: z.coerce
      .number()
      .positive()
      .default(4 * 60),
    INCIDENT_ESCALATE_EVERY_MINUTES: z.coerce
      .number()
      .positive()
      .default(24 * 60),
    /** Signs victim-notification acknowledgement links. The development default is refused in production. */
    ACK_TOKEN_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default('development-only-ack-secret-change-me-0000'),
    ACK_LINK_VALID_MINUTES: z.coerce
      .number()
      .positive()
      .default(7 * 24 * 60),
    /**
     * Keys the opaque ids that would otherwise reveal personal data (a registration's workflow id
     * would name a prisoner in the Victim Contact Scheme). The development default is refused in production.
     */
    CASE_ID_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default('development-only-case-id-secret-change-me-00'),
    /** Shared with the court-results feed: it signs each hearing's body with it (HMAC-SHA256). */
    COURT_RESULTS_SIGNING_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default('development-only-court-results-signing-secret'),
    COURT_RESULTS_SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(30).max(900).default(300),
    /** The hourly pull: a file drop (the default, under DATA_DIR) or an HTTP endpoint; off with false. */
    COURT_RESULTS_SCHEDULE: bool.default(true),
    COURT_RESULTS_DROP_DIR: z.string().min(1).optional(),
    COURT_RESULTS_SOURCE_URL: z.url().optional(),
    COURT_RESULTS_SOURCE_TOKEN: z.string().min(1).optional(),
    /** The smart inbox's SMTP intake: on loopback by default; the unit's mailbox forwards to it. */
    INBOX_SMTP: bool.default(true),
    INBOX_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    INBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2526),
    /** The unit's mailbox, read every minute: imaps://user:password@host:993/INBOX. */
    INBOX_IMAP_URL: z
      .url()
      .refine((u) => /^imaps?:\/\//.test(u), 'must be an imap:// or imaps:// URL')
      .optional(),
    INBOX_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(10_000)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    VLO_ACK_RELEASE_MINUTES: z.coerce
      .number()
      .positive()
      .default(24 * 60),
    VLO_ACK_RELEASE_IN_ERROR_MINUTES: z.coerce.number().positive().default(60),
    /** *Policy*: VLOs are reminded of a planned release this many England and Wales working days before it. */
    VLO_PRE_RELEASE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
    /**
     * Keys that encrypt what Temporal stores: `id:base64` pairs (32 bytes each), comma-separated,
     * newest first. The first encrypts; all decrypt. Unset, a fixed development key (refused in production).
     */
    PAYLOAD_CODEC_KEYS: z.string().min(1).optional(),
    /** Origins (the Temporal Web UI's) allowed to call the codec endpoint from a browser. */
    CODEC_CORS_ORIGINS: z
      .string()
      .default('http://localhost:8233')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    /** Append-only audit trail as JSON lines; defaults to DATA_DIR/audit.jsonl. */
    AUDIT_FILE: z.string().min(1).optional(),
    /** JSON file whose fields override the urgent query policy defaults. */
    QUERY_POLICY_FILE: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.PAYLOAD_CODEC_KEYS) {
      try {
        parseCodecKeys(c.PAYLOAD_CODEC_KEYS);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['PAYLOAD_CODEC_KEYS'], message: (err as Error).message });
      }
    }
    if (c.NODE_ENV !== 'production') return;
    if (!c.PAYLOAD_CODEC_KEYS)
      ctx.addIssue({
        code: 'custom',
        path: ['PAYLOAD_CODEC_KEYS'],
        message: 'is required when NODE_ENV=production: case data in Temporal is encrypted with it',
      });
    if (new URL(c.PUBLIC_BASE_URL).protocol !== 'https:')
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_BASE_URL'],
        message: 'must be https in production: acknowledgement links carry credentials',
      });
    for (const key of ['AUTH_JWKS_URL', 'AUTH_ISSUER'] as const) {
      const value = c[key];
      if (value && (!value.startsWith('https://') || value.includes('/dev/auth')))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'must be the real issuer over https in production, not the development issuer',
        });
    }
    if (!c.SMTP_SECURE && !c.SMTP_REQUIRE_TLS && !c.SMTP_ALLOW_PLAINTEXT) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_SECURE'],
        message:
          'SMTP must use TLS in production (SMTP_SECURE or SMTP_REQUIRE_TLS), unless SMTP_ALLOW_PLAINTEXT=true for a local relay',
      });
    }
    for (const key of ['TEMPORAL_ADDRESS', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'DATABASE_URL'] as const) {
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' });
    }
    // The sign-out address too: without it, signing out on a shared desk leaves HMPPS Auth's session, and "Sign in" resumes the last officer's.
    for (const key of ['AUTH_AUTHORIZE_URL', 'AUTH_TOKEN_URL', 'AUTH_SIGN_OUT_URL'] as const) {
      if (!c[key])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required when NODE_ENV=production: the pages sign in and out at HMPPS Auth',
        });
      else if (!c[key].startsWith('https://') || c[key].includes('/dev/auth'))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'must be HMPPS Auth over https in production, not the development stand-in',
        });
    }
    for (const key of [
      'ACK_TOKEN_SECRET',
      'CASE_ID_SECRET',
      'SESSION_SECRET',
      'AUTH_CLIENT_SECRET',
      'COURT_RESULTS_SIGNING_SECRET',
    ] as const) {
      if (c[key].startsWith('development-only'))
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be set to a secret of your own in production' });
    }
    if (c.INBOX_IMAP_URL?.startsWith('imap://') && !c.SMTP_ALLOW_PLAINTEXT)
      ctx.addIssue({
        code: 'custom',
        path: ['INBOX_IMAP_URL'],
        message:
          'must be imaps:// in production (a plain imap:// server on the same network needs SMTP_ALLOW_PLAINTEXT=true)',
      });
    if (c.DEV_MAIL_CATCHER)
      ctx.addIssue({ code: 'custom', path: ['DEV_MAIL_CATCHER'], message: 'must not be enabled in production' });
    if (c.REGISTER_SYNTHETIC_ROLL)
      ctx.addIssue({
        code: 'custom',
        path: ['REGISTER_SYNTHETIC_ROLL'],
        message: 'must not be enabled in production: the register comes from the prison system',
      });
  });
