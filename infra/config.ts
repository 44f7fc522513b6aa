import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);

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
    /** Workflows a worker keeps in memory between tasks; the SDK sizes it from the heap when unset. */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
    TEMPORAL_UI_PORT: port.default(8233),

    /** PostgreSQL for the prisoner register; unset, an embedded PostgreSQL (PGlite) under DATA_DIR/register. */
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** The schema the register's tables live in, when not the database's default. */
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').optional(),
    /** Load the synthetic roll (fictional people) into an empty register at start-up. */
    REGISTER_SYNTHETIC_ROLL: bool.optional(),

    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: port.default(1025),
    SMTP_SECURE: bool.default(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    MAIL_FROM: z.string().min(3).default('Release Guard <release-guard@localhost>'),
    MESSAGE_ID_DOMAIN: z.string().min(1).default('release-guard.local'),
    DEV_MAIL_CATCHER: bool.optional(),

    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_CASELOAD_CLAIM: z.string().min(1).default('caseloads'),

    UNIT_QUEUE_EMAIL: z.email().default('query-unit@justice.example'),
    TEAM_LEADER_EMAIL: z.email().default('query-unit-lead@justice.example'),
    UNIT_HEAD_EMAIL: z.email().default('query-unit-head@justice.example'),
    DUTY_GOVERNOR_EMAIL_TEMPLATE: z.string().includes('{prisonCode}').default('duty-governor.{prisonCode}@justice.example'),
    PRISON_MAILBOX_TEMPLATE: z.string().includes('{prisonCode}').default('omu.{prisonCode}@justice.example'),
    STAFF_EMAIL_TEMPLATE: z.string().includes('{username}').default('{username}@justice.example'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    POLICE_CONTACT_EMAIL: z.email().default('police-contact@justice.example'),
    HOLD_REVIEW_INTERVAL_MINUTES: z.coerce.number().positive().default(24 * 60),
    OVERRIDE_VALID_MINUTES: z.coerce.number().positive().default(4 * 60),
    INCIDENT_ESCALATE_EVERY_MINUTES: z.coerce.number().positive().default(24 * 60),
    /** Signs victim-notification acknowledgement links. The development default is refused in production. */
    ACK_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default('development-only-ack-secret-change-me-0000'),
    ACK_LINK_VALID_MINUTES: z.coerce.number().positive().default(7 * 24 * 60),
    /**
     * Keys the opaque ids that would otherwise reveal personal data (a registration's workflow id
     * would name a prisoner in the Victim Contact Scheme). The development default is refused in production.
     */
    CASE_ID_SECRET: z.string().min(32, 'must be at least 32 characters').default('development-only-case-id-secret-change-me-00'),
    VLO_ACK_RELEASE_MINUTES: z.coerce.number().positive().default(24 * 60),
    VLO_ACK_RELEASE_IN_ERROR_MINUTES: z.coerce.number().positive().default(60),
    /** Append-only audit trail as JSON lines; defaults to DATA_DIR/audit.jsonl. */
    AUDIT_FILE: z.string().min(1).optional(),
    /** JSON file whose fields override the urgent query policy defaults. */
    QUERY_POLICY_FILE: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    for (const key of ['TEMPORAL_ADDRESS', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'DATABASE_URL'] as const) {
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' });
    }
    for (const key of ['ACK_TOKEN_SECRET', 'CASE_ID_SECRET'] as const) {
      if (c[key].startsWith('development-only')) ctx.addIssue({ code: 'custom', path: [key], message: 'must be set to a secret of your own in production' });
    }
    if (c.DEV_MAIL_CATCHER) ctx.addIssue({ code: 'custom', path: ['DEV_MAIL_CATCHER'], message: 'must not be enabled in production' });
    if (c.REGISTER_SYNTHETIC_ROLL) ctx.addIssue({ code: 'custom', path: ['REGISTER_SYNTHETIC_ROLL'], message: 'must not be enabled in production: the register comes from the prison system' });
  });

type Env = z.infer<typeof configSchema>;

/** Settings grouped by what they configure; one zod schema above reads them all, with its production checks. */
function sections(c: Env) {
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    dataDir,
    auditFile: path.resolve(c.AUDIT_FILE ?? path.join(dataDir, 'audit.jsonl')),
    http: { port: c.PORT, publicBaseUrl: c.PUBLIC_BASE_URL, rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE },
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      devPort: c.TEMPORAL_DEV_PORT,
      uiPort: c.TEMPORAL_UI_PORT,
      workflowBundlePath: c.WORKFLOW_BUNDLE_PATH,
      maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
    },
    database: { url: c.DATABASE_URL, schema: c.DATABASE_SCHEMA, poolSize: c.DATABASE_POOL_SIZE, syntheticRoll: c.REGISTER_SYNTHETIC_ROLL ?? c.NODE_ENV === 'development' },
    smtp: {
      host: c.SMTP_HOST,
      port: c.SMTP_PORT,
      secure: c.SMTP_SECURE,
      user: c.SMTP_USER,
      password: c.SMTP_PASSWORD,
      from: c.MAIL_FROM,
      messageIdDomain: c.MESSAGE_ID_DOMAIN,
      devMailCatcher: c.DEV_MAIL_CATCHER ?? c.NODE_ENV === 'development',
    },
    auth: { jwksUrl: c.AUTH_JWKS_URL, issuer: c.AUTH_ISSUER, caseloadClaim: c.AUTH_CASELOAD_CLAIM, ackTokenSecret: c.ACK_TOKEN_SECRET, ackLinkValidMinutes: c.ACK_LINK_VALID_MINUTES },
    caseIdSecret: c.CASE_ID_SECRET,
    contacts: {
      unitQueue: c.UNIT_QUEUE_EMAIL,
      teamLeader: c.TEAM_LEADER_EMAIL,
      unitHead: c.UNIT_HEAD_EMAIL,
      dutyGovernorTemplate: c.DUTY_GOVERNOR_EMAIL_TEMPLATE,
      prisonMailboxTemplate: c.PRISON_MAILBOX_TEMPLATE,
      staffEmailTemplate: c.STAFF_EMAIL_TEMPLATE,
      police: c.POLICE_CONTACT_EMAIL,
    },
    policy: {
      holdReviewIntervalMinutes: c.HOLD_REVIEW_INTERVAL_MINUTES,
      overrideValidMinutes: c.OVERRIDE_VALID_MINUTES,
      incidentEscalateEveryMinutes: c.INCIDENT_ESCALATE_EVERY_MINUTES,
      vloAckReleaseMinutes: c.VLO_ACK_RELEASE_MINUTES,
      vloAckReleaseInErrorMinutes: c.VLO_ACK_RELEASE_IN_ERROR_MINUTES,
      queryPolicyFile: c.QUERY_POLICY_FILE,
    },
  };
}
export type Config = ReturnType<typeof sections>;

export class ConfigError extends Error {}

/** Parses the environment; an invalid value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return sections(parsed.data);
}
