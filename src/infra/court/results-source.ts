import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { CourtResultsSource } from '../../domain/court/hearing-store.ts';

/**
 * A file drop: each `*.json` file in `dir` is one hearing as the feed would post it. Every file
 * not yet taken is pulled whatever the window (files carry no reliable time); once kept it moves to
 * `dir/taken/`, so a second run does not see it again.
 */
export function fileDropSource(dir: string): CourtResultsSource {
  const taken = path.join(dir, 'taken');
  const names = new Map<string, string>();
  return {
    name: `file:${path.resolve(dir)}`,
    async pull() {
      await mkdir(taken, { recursive: true });
      const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
      const bodies: string[] = [];
      for (const file of files.slice(0, 1_000)) {
        const raw = await readFile(path.join(dir, file), 'utf8');
        names.set(raw, file);
        bodies.push(raw);
      }
      return bodies;
    },
    async done(raw) {
      const file = names.get(raw);
      if (!file) return;
      names.delete(raw);
      await rename(path.join(dir, file), path.join(taken, file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },
  };
}

/**
 * An HTTP endpoint answering `GET url?from=…&to=…` with a JSON array of hearings resulted in that
 * window (ISO instants), with a bearer token when given.
 */
export function httpSource(url: string, token?: string): CourtResultsSource {
  return {
    name: `http:${url}`,
    async pull(since, until) {
      const target = new URL(url);
      target.searchParams.set('from', since);
      target.searchParams.set('to', until);
      const res = await fetch(target, {
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(60_000),
      });
      if (!res.ok) throw new Error(`court-results source answered ${res.status}`);
      const body = (await res.json()) as unknown;
      if (!Array.isArray(body)) throw new Error('court-results source did not answer an array');
      return body.slice(0, 10_000).map((h) => JSON.stringify(h));
    },
  };
}
