/** A small JSON client for the API under benchmark. */
export type Call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => Promise<T>;

export function jsonClient(baseUrl: string): Call {
  return async <T>(method: string, path: string, token: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `${method} ${path.replace(/[A-Z]\d{4}[A-Z]{2}/g, '{prisoner}')} answered ${res.status}: ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Synthetic, unique prisoner numbers: a series letter, then n spread over four digits and two letters. */
export function syntheticPrisoner(series: string, n: number): string {
  const digits = String(n % 10_000).padStart(4, '0');
  const high = Math.floor(n / 10_000);
  return `${series}${digits}${LETTERS[Math.floor(high / LETTERS.length) % LETTERS.length]}${LETTERS[high % LETTERS.length]}`;
}
