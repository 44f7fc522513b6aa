import { SignJWT, errors, jwtVerify } from 'jose';

/**
 * Signed, expiring acknowledgement links. The token names the notification and one emailed notice
 * (its `jti`); single use is enforced by the notification workflow, which remembers used ids.
 */
export interface AckClaims {
  notificationId: string;
  linkId: string;
}

const AUDIENCE = 'release-guard:victim-ack';

export function ackTokenKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signAckToken(
  key: Uint8Array,
  claims: AckClaims,
  validMinutes: number,
  now = new Date(),
): Promise<string> {
  return new SignJWT({ nid: claims.notificationId })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(claims.linkId)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + Math.round(validMinutes * 60))
    .sign(key);
}

export type AckVerification = { ok: true; claims: AckClaims } | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyAckToken(key: Uint8Array, token: string): Promise<AckVerification> {
  try {
    const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.nid !== 'string' || typeof payload.jti !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, claims: { notificationId: payload.nid, linkId: payload.jti } };
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
