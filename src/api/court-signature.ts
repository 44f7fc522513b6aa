import { createHmac, timingSafeEqual } from 'node:crypto';

export const COURT_SIGNATURE_HEADER = 'x-court-results-signature';

/** The signature the sender puts on a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signCourtResults(secret: string, raw: string | Buffer, at = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${at}.`).update(raw).digest('hex');
  return `t=${at},v1=${mac}`;
}

/**
 * Why a signature is refused, or null when it is good: the MAC over the timestamp and the raw body
 * must agree (compared in constant time), and the timestamp be within the tolerance either way, so a
 * captured request cannot be replayed later.
 */
export function courtSignatureProblem(
  header: string | undefined,
  raw: Buffer | undefined,
  secret: string,
  toleranceSeconds: number,
  now = Date.now(),
): string | null {
  if (!header) return `The ${COURT_SIGNATURE_HEADER} header is missing`;
  if (!raw) return 'The body is missing';
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const at = Number(parts.t);
  if (!/^\d{1,12}$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? ''))
    return `The ${COURT_SIGNATURE_HEADER} header is not t=<seconds>,v1=<hex>`;
  if (Math.abs(now / 1000 - at) > toleranceSeconds) return 'The signature’s timestamp is too far from now';
  const expected = createHmac('sha256', secret).update(`${at}.`).update(raw).digest();
  const given = Buffer.from(parts.v1!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : 'The signature does not match the body';
}
