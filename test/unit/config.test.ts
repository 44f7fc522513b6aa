import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infra/config.ts';

/** A production configuration that passes every check; each test changes one thing. */
const PRODUCTION: Record<string, string | undefined> = {
  NODE_ENV: 'production',
  TEMPORAL_ADDRESS: 'temporal:7233',
  AUTH_JWKS_URL: 'https://auth.example/jwks',
  AUTH_ISSUER: 'https://auth.example',
  ACK_TOKEN_SECRET: 'a-production-secret-of-at-least-32-chars',
  CASE_ID_SECRET: 'another-production-secret-of-32-chars-or-more',
  DATABASE_URL: 'postgres://rg@db:5432/release_guard',
  PUBLIC_BASE_URL: 'https://release-guard.justice.example',
  SMTP_SECURE: 'true',
  PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  AUTH_AUTHORIZE_URL: 'https://auth.example/oauth/authorize',
  AUTH_TOKEN_URL: 'https://auth.example/oauth/token',
  AUTH_SIGN_OUT_URL: 'https://auth.example/sign-out',
  AUTH_CLIENT_SECRET: 'the-client-secret-hmpps-auth-issued',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  COURT_RESULTS_SIGNING_SECRET: 'the-secret-shared-with-the-court-results-feed',
};

describe('configuration from the environment', () => {
  it('has working development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      http: { port: 3000 },
      temporal: { namespace: 'release-guard' },
      smtp: { port: 1025, devMailCatcher: true },
      database: { syntheticRoll: true },
    });
    expect(config.temporal.address).toBeUndefined();
    expect(config.database.url).toBeUndefined();
  });
  it("keeps the pages' templates once compiled, unless development asks to see edits at once", () => {
    expect(loadConfig({}).web.templateReload).toBe(true);
    expect(loadConfig({ WEB_TEMPLATE_RELOAD: 'false' }).web.templateReload).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).web.templateReload).toBe(false);
    expect(loadConfig(PRODUCTION).web.templateReload).toBe(false);
    expect(() => loadConfig({ WEB_TEMPLATE_RELOAD: 'sometimes' })).toThrow(/WEB_TEMPLATE_RELOAD/);
  });
  it('stops with a message naming each invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', SMTP_SECURE: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', SMTP_SECURE: 'maybe' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT:/);
      expect((err as Error).message).toMatch(/SMTP_SECURE:/);
    }
    expect(() => loadConfig({ DUTY_GOVERNOR_EMAIL_TEMPLATE: 'governor@x' })).toThrow(/DUTY_GOVERNOR_EMAIL_TEMPLATE/);
    // A cache of a trillion workflows is a typo, not a size: refused by name before any worker starts.
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1e12' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '6000' }).temporal.maxCachedWorkflows).toBe(6000);
  });
  it('refuses development fallbacks in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /TEMPORAL_ADDRESS: is required[\s\S]*AUTH_JWKS_URL[\s\S]*AUTH_ISSUER/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ACK_TOKEN_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CASE_ID_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required/);
    const prod = {
      ...PRODUCTION,
      SMTP_SECURE: undefined,
      SMTP_REQUIRE_TLS: 'true',
      PAYLOAD_CODEC_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    expect(loadConfig(prod).codec.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(loadConfig(prod)).toMatchObject({
      smtp: { devMailCatcher: false },
      database: { syntheticRoll: false, url: 'postgres://rg@db:5432/release_guard' },
    });
    expect(() => loadConfig({ ...prod, DEV_MAIL_CATCHER: 'true' })).toThrow(/DEV_MAIL_CATCHER/);
    expect(() => loadConfig({ ...prod, REGISTER_SYNTHETIC_ROLL: 'true' })).toThrow(/REGISTER_SYNTHETIC_ROLL/);
    expect(() => loadConfig({ ...prod, DATABASE_URL: 'mysql://db' })).toThrow(/DATABASE_URL/);
  });

  it('refuses in production what would expose case data or credentials', () => {
    const prod = PRODUCTION;
    expect(loadConfig(prod).env).toBe('production');
    const refused = (change: Record<string, string | undefined>, variable: RegExp) =>
      expect(() => loadConfig({ ...prod, ...change })).toThrow(variable);
    refused({ PAYLOAD_CODEC_KEYS: undefined }, /PAYLOAD_CODEC_KEYS: is required/);
    refused({ PUBLIC_BASE_URL: 'http://release-guard.justice.example' }, /PUBLIC_BASE_URL: must be https/);
    refused({ AUTH_JWKS_URL: 'http://auth.example/jwks' }, /AUTH_JWKS_URL/);
    refused({ AUTH_ISSUER: 'https://rg.example/dev/auth' }, /AUTH_ISSUER/);
    refused({ SMTP_SECURE: 'false' }, /SMTP_SECURE: SMTP must use TLS/);
    expect(loadConfig({ ...prod, SMTP_SECURE: 'false', SMTP_ALLOW_PLAINTEXT: 'true' }).smtp.secure).toBe(false);
    refused({ DEV_MAIL_CATCHER: 'true' }, /DEV_MAIL_CATCHER/);
    // The pages: sign-in at HMPPS Auth over https, never the persona picker, and real secrets.
    refused({ AUTH_AUTHORIZE_URL: undefined }, /AUTH_AUTHORIZE_URL: is required/);
    refused(
      { AUTH_AUTHORIZE_URL: 'https://release-guard.justice.example/dev/auth/authorize' },
      /AUTH_AUTHORIZE_URL: must be HMPPS Auth/,
    );
    refused({ AUTH_TOKEN_URL: 'http://auth.example/oauth/token' }, /AUTH_TOKEN_URL: must be HMPPS Auth/);
    // Without it, signing out on a shared discharge desk leaves HMPPS Auth signed in: "Sign in" resumes the last officer.
    refused({ AUTH_SIGN_OUT_URL: undefined }, /AUTH_SIGN_OUT_URL: is required/);
    refused({ AUTH_SIGN_OUT_URL: 'http://auth.example/sign-out' }, /AUTH_SIGN_OUT_URL: must be HMPPS Auth/);
    refused({ SESSION_SECRET: undefined }, /SESSION_SECRET/);
    refused({ AUTH_CLIENT_SECRET: undefined }, /AUTH_CLIENT_SECRET/);
    refused({ COURT_RESULTS_SIGNING_SECRET: undefined }, /COURT_RESULTS_SIGNING_SECRET/);
    refused({ INBOX_IMAP_URL: 'imap://unit:secret@mail.justice.example/INBOX' }, /INBOX_IMAP_URL: must be imaps/);
    expect(
      loadConfig({ ...prod, INBOX_IMAP_URL: 'imaps://unit:secret@mail.justice.example/INBOX' }).inbox.imapUrl,
    ).toMatch(/^imaps:/);
    expect(() => loadConfig({ INBOX_IMAP_URL: 'https://mail.example' })).toThrow(/INBOX_IMAP_URL/);
    expect(loadConfig(prod).signIn).toMatchObject({
      secureCookies: true,
      callbackUrl: 'https://release-guard.justice.example/sign-in/callback',
    });
  });

  it('names a bad payload codec key, in any environment', () => {
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: 'k1:dG9vLXNob3J0' })).toThrow(
      /PAYLOAD_CODEC_KEYS: payload codec key "k1" must be 32 bytes/,
    );
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: `bad id:${Buffer.alloc(32).toString('base64')}` })).toThrow(
      /PAYLOAD_CODEC_KEYS/,
    );
    expect(loadConfig({}).codec.keys.map((k) => k.id)).toEqual(['dev-1']);
  });
});
