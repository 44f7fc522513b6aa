import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { Role } from '../../src/domain/actors.ts';

/** The audience test systems expect. */
export const TEST_AUDIENCE = 'release-guard-test';

export interface TokenOptions {
  expiresIn?: string | number | null;
  issuer?: string;
  audience?: string | null;
  issuedAt?: number;
}

export interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  /** `audience: null` and `expiresIn: null` leave the claim out. */
  token(user: string, roles: Role[], caseload?: string[], options?: TokenOptions): Promise<string>;
  /** An OpenID Connect id token for `clientId` carrying `nonce`. */
  idToken(user: string, clientId: string, nonce: string): Promise<string>;
  /** A token signed by a key the JWKS does not hold. */
  foreignToken(user: string, roles: Role[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Stands in for HMPPS Auth, speaking its protocol: a JWKS over real HTTP and RS256 tokens with
 * `authorities`, `user_name` and the caseload claim.
 */
export async function startTestIssuer(caseloadClaim = 'caseloads'): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256', use: 'sig' }] };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}/auth/issuer`;
  const sign = (
    key: CryptoKey,
    kid: string,
    user: string,
    roles: Role[],
    caseload: string[],
    options: TokenOptions = {},
  ) => {
    const jwt = new SignJWT({
      user_name: user,
      authorities: roles.map((r) => `ROLE_${r}`),
      [caseloadClaim]: caseload,
      client_id: 'test-client',
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(options.issuer ?? issuer)
      .setSubject(user)
      .setIssuedAt(options.issuedAt);
    const audience = options.audience === undefined ? TEST_AUDIENCE : options.audience;
    if (audience !== null) jwt.setAudience(audience);
    const expiresIn = options.expiresIn === undefined ? '1h' : options.expiresIn;
    if (expiresIn !== null) jwt.setExpirationTime(expiresIn);
    return jwt.sign(key);
  };
  return {
    issuer,
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    token: (user, roles, caseload = [], options = {}) => sign(privateKey, 'test-1', user, roles, caseload, options),
    idToken: (user, clientId, nonce) =>
      new SignJWT({ nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-1' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(user)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    foreignToken: (user, roles) => sign(foreign.privateKey, 'test-1', user, roles, []),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
