import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config.ts';

describe('configuration from the environment', () => {
  it('has working development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ http: { port: 3000 }, temporal: { namespace: 'release-guard' }, smtp: { port: 1025, devMailCatcher: true }, database: { syntheticRoll: true } });
    expect(config.temporal.address).toBeUndefined();
    expect(config.database.url).toBeUndefined();
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
  });
  it('refuses development fallbacks in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TEMPORAL_ADDRESS: is required[\s\S]*AUTH_JWKS_URL[\s\S]*AUTH_ISSUER/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ACK_TOKEN_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CASE_ID_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required/);
    const prod = {
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: 'temporal:7233',
      AUTH_JWKS_URL: 'https://auth.example/jwks',
      AUTH_ISSUER: 'https://auth.example',
      ACK_TOKEN_SECRET: 'a-production-secret-of-at-least-32-chars',
      CASE_ID_SECRET: 'another-production-secret-of-32-chars-or-more',
      DATABASE_URL: 'postgres://rg@db:5432/release_guard',
    };
    expect(loadConfig(prod)).toMatchObject({ smtp: { devMailCatcher: false }, database: { syntheticRoll: false, url: 'postgres://rg@db:5432/release_guard' } });
    expect(() => loadConfig({ ...prod, DEV_MAIL_CATCHER: 'true' })).toThrow(/DEV_MAIL_CATCHER/);
    expect(() => loadConfig({ ...prod, REGISTER_SYNTHETIC_ROLL: 'true' })).toThrow(/REGISTER_SYNTHETIC_ROLL/);
    expect(() => loadConfig({ ...prod, DATABASE_URL: 'mysql://db' })).toThrow(/DATABASE_URL/);
  });
});
