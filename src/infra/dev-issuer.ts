import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_AUDIENCE } from './config.ts';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';

export interface TokenClaims {
  user: string;
  roles: string[];
  caseload?: string[];
  expiresInSeconds?: number;
}

export interface DevIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  sign(claims: TokenClaims): Promise<string>;
  /** An OpenID Connect id token for the client, carrying the nonce its sign-in sent. */
  signIdToken(claims: IdTokenClaims): Promise<string>;
}

export interface IdTokenClaims {
  user: string;
  /** The client the id token is for (its `aud`). */
  clientId: string;
  nonce: string;
}

const KID = 'release-guard-dev-1';

/**
 * A development token issuer shaped like HMPPS Auth: RS256 tokens with roles in `authorities`,
 * the user in `user_name` and the caseload in its own claim. The key pair is created on first use
 * and kept under the data directory. Never used in production.
 */
export async function loadDevIssuer(
  dir: string,
  issuer: string,
  caseloadClaim = 'caseloads',
  audience = DEFAULT_AUDIENCE,
): Promise<DevIssuer> {
  if (process.env.NODE_ENV === 'production')
    throw new Error('The development token issuer is refused when NODE_ENV=production');
  const file = path.join(dir, 'dev-issuer-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256' };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const key = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return {
    issuer,
    jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
    async sign({ user, roles, caseload = [], expiresInSeconds = 3600 }) {
      return new SignJWT({
        user_name: user,
        authorities: roles.map((r) => (r.startsWith('ROLE_') ? r : `ROLE_${r}`)),
        [caseloadClaim]: caseload,
        client_id: 'release-guard-dev',
        auth_source: 'nomis',
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(user)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(key);
    },
    signIdToken: ({ user, clientId, nonce }) =>
      new SignJWT({ nonce })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(user)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key),
  };
}
