import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { idTokenFor } from '../../src/web/sign-in.ts';

describe('the id token a sign-in accepts', async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
  const expected = {
    issuer: 'https://auth.example/issuer',
    clientId: 'release-guard',
    nonce: 'the-nonce-this-sign-in-sent',
    clockToleranceSeconds: 30,
  };
  const idToken = (claims: Record<string, unknown>, audience = expected.clientId, issuer = expected.issuer) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('mdi.officer')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('carries this sign-in’s nonce, for this client, from this issuer', async () => {
    expect(await idTokenFor(await idToken({ nonce: expected.nonce }), keys, expected)).toBe(true);
  });
  it('is refused with another sign-in’s nonce, none, another audience, another issuer, or none at all', async () => {
    expect(await idTokenFor(await idToken({ nonce: 'another-sign-in' }), keys, expected)).toBe(false);
    expect(await idTokenFor(await idToken({}), keys, expected)).toBe(false);
    expect(await idTokenFor(await idToken({ nonce: expected.nonce }, 'another-client'), keys, expected)).toBe(false);
    expect(
      await idTokenFor(
        await idToken({ nonce: expected.nonce }, expected.clientId, 'https://elsewhere.example'),
        keys,
        expected,
      ),
    ).toBe(false);
    expect(await idTokenFor(undefined, keys, expected)).toBe(false);
  });
});
