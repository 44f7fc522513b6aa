import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

describe('routers', () => {
  it('are all made case-sensitive and strict: a bare Router() would answer paths the audit does not recognise', () => {
    const scanned = ['src/api', 'src/web', 'src/app'].flatMap(sources);
    expect(scanned.length).toBeGreaterThan(20);
    const bare = scanned.filter((file) => /\bRouter\(\s*\)/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(bare).toEqual([]);
  });
});
