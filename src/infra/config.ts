import path from 'node:path';
import type { z } from 'zod';
import { configSchema } from './config-schema.ts';
import { DEVELOPMENT_CODEC_KEYS, parseCodecKeys } from './payload-codec.ts';

// The environment's schema, with its production checks, is in config-schema.ts; here, what it reads grouped for use.
export { configSchema, DEFAULT_AUDIENCE } from './config-schema.ts';

type Env = z.infer<typeof configSchema>;

/** Settings grouped by what they configure; one zod schema above reads them all, with its production checks. */
function sections(c: Env) {
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    dataDir,
    auditFile: path.resolve(c.AUDIT_FILE ?? path.join(dataDir, 'audit.jsonl')),
    http: {
      port: c.PORT,
      publicBaseUrl: c.PUBLIC_BASE_URL,
      rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
      rateLimitPerUserPerMinute: c.RATE_LIMIT_PER_USER_PER_MINUTE,
      trustProxy: c.TRUST_PROXY,
    },
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      devPort: c.TEMPORAL_DEV_PORT,
      uiPort: c.TEMPORAL_UI_PORT,
      workflowBundlePath: c.WORKFLOW_BUNDLE_PATH,
      tracedWorkflowBundlePath: c.WORKFLOW_TRACED_BUNDLE_PATH,
      maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
    },
    observability: {
      workerMetricsAddress: c.WORKER_METRICS_ADDRESS,
      metricsToken: c.METRICS_TOKEN,
      otlpEndpoint: c.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: c.OTEL_SERVICE_NAME,
    },
    database: {
      url: c.DATABASE_URL,
      schema: c.DATABASE_SCHEMA,
      poolSize: c.DATABASE_POOL_SIZE,
      syntheticRoll: c.REGISTER_SYNTHETIC_ROLL ?? c.NODE_ENV === 'development',
    },
    web: { templateReload: c.WEB_TEMPLATE_RELOAD ?? c.NODE_ENV === 'development' },
    smtp: {
      host: c.SMTP_HOST,
      port: c.SMTP_PORT,
      secure: c.SMTP_SECURE,
      requireTls: c.SMTP_REQUIRE_TLS,
      user: c.SMTP_USER,
      password: c.SMTP_PASSWORD,
      from: c.MAIL_FROM,
      messageIdDomain: c.MESSAGE_ID_DOMAIN,
      devMailCatcher: c.DEV_MAIL_CATCHER ?? c.NODE_ENV === 'development',
    },
    signIn: {
      authorizeUrl: c.AUTH_AUTHORIZE_URL ?? `${c.PUBLIC_BASE_URL.replace(/\/$/, '')}/dev/auth/authorize`,
      // Server to server: in development, this process's own stand-in on loopback.
      tokenUrl: c.AUTH_TOKEN_URL ?? `http://127.0.0.1:${c.PORT}/dev/auth/token`,
      signOutUrl: c.AUTH_SIGN_OUT_URL,
      clientId: c.AUTH_CLIENT_ID,
      clientSecret: c.AUTH_CLIENT_SECRET,
      callbackUrl: `${c.PUBLIC_BASE_URL.replace(/\/$/, '')}/sign-in/callback`,
      sessionSecret: c.SESSION_SECRET,
      secureCookies: c.PUBLIC_BASE_URL.startsWith('https://'),
    },
    auth: {
      jwksUrl: c.AUTH_JWKS_URL,
      issuer: c.AUTH_ISSUER,
      caseloadClaim: c.AUTH_CASELOAD_CLAIM,
      audience: c.AUTH_AUDIENCE,
      clockToleranceSeconds: c.AUTH_CLOCK_TOLERANCE_SECONDS,
      ackTokenSecret: c.ACK_TOKEN_SECRET,
      ackLinkValidMinutes: c.ACK_LINK_VALID_MINUTES,
    },
    caseIdSecret: c.CASE_ID_SECRET,
    courtSigning: {
      secret: c.COURT_RESULTS_SIGNING_SECRET,
      toleranceSeconds: c.COURT_RESULTS_SIGNATURE_TOLERANCE_SECONDS,
    },
    inbox: {
      ...(c.INBOX_IMAP_URL ? { imapUrl: c.INBOX_IMAP_URL } : {}),
      smtp: c.INBOX_SMTP,
      host: c.INBOX_SMTP_HOST,
      port: c.INBOX_SMTP_PORT,
      maxMessageBytes: c.INBOX_MAX_MESSAGE_BYTES,
    },
    courtPull: {
      schedule: c.COURT_RESULTS_SCHEDULE,
      dropDir: c.COURT_RESULTS_DROP_DIR ?? path.join(c.DATA_DIR, 'court-results'),
      ...(c.COURT_RESULTS_SOURCE_URL ? { sourceUrl: c.COURT_RESULTS_SOURCE_URL } : {}),
      ...(c.COURT_RESULTS_SOURCE_TOKEN ? { sourceToken: c.COURT_RESULTS_SOURCE_TOKEN } : {}),
    },
    codec: { keys: parseCodecKeys(c.PAYLOAD_CODEC_KEYS ?? DEVELOPMENT_CODEC_KEYS), corsOrigins: c.CODEC_CORS_ORIGINS },
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
      vloPreReleaseWorkingDays: c.VLO_PRE_RELEASE_WORKING_DAYS,
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
