import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalRouter } from '../../src/api/routing.ts';
import { TOKEN_ROLES } from '../../src/domain/actors.ts';
import { assertEveryPageDeclared, declarePage, mayOpen, performedBy } from '../../src/web/page-access.ts';
import { pageDeclarations } from '../../src/web/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|njk)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );

describe('a page declares the operations it performs', () => {
  it('cannot be declared without one, nor with one the table lacks or does not gate by role', () => {
    expect(() => declarePage('GET', '/nothing', [])).toThrow(/names no operation/);
    expect(() => declarePage('GET', '/nothing', { any: [] })).toThrow(/names no operation/);
    expect(() => declarePage('GET', '/made-up', ['readEverything'])).toThrow(/not an operation/);
    expect(() => declarePage('GET', '/health-page', ['health'])).toThrow(/not gated by role/);
  });

  it('cannot be mounted any other way: the start-up check refuses a route on the pages’ router that no declaration names', () => {
    const router = canonicalRouter();
    const declared = [declarePage('GET', '/release-check', ['searchPrisoners'])];
    router.get('/release-check', (_req, res) => res.end());
    expect(() => assertEveryPageDeclared(router, declared)).not.toThrow();
    router.get('/back-door', (_req, res) => res.end());
    expect(() => assertEveryPageDeclared(router, declared)).toThrow(
      /GET \/back-door was mounted without naming its operation/,
    );
    const posted = canonicalRouter();
    posted.post('/release-check', (_req, res) => res.end());
    expect(() => assertEveryPageDeclared(posted, declared)).toThrow(/POST \/release-check/);
  });

  it('takes its roles from the table: a hold is getHold’s to read, a register search searchPrisoners’', () => {
    const vlo = { username: 'vic.liaison', roles: ['VICTIM_LIAISON' as const], caseload: [] };
    const escort = { username: 'escort.officer', roles: ['ESCORT_CONTRACTOR' as const], caseload: ['MDI'] };
    const prisoner = declarePage('GET', '/release-check/:prisonerNumber', {
      all: ['getPrisoner', 'getReleaseStatus'],
      optional: ['getHold'],
    });
    expect(mayOpen(vlo, declarePage('GET', '/release-check', ['searchPrisoners']))).toBe(false);
    expect(mayOpen(vlo, prisoner)).toBe(false);
    expect(mayOpen(escort, prisoner)).toBe(true);
    // The escort contractor asks the gate but does not read the hold, so the hold is not read for them.
    expect(performedBy(escort, prisoner).map((op) => op.operationId)).toEqual(['getPrisoner', 'getReleaseStatus']);
  });

  it('every page there is names at least one operation', () => {
    const pages = pageDeclarations();
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages)
      expect({ page: `${page.method} ${page.path}`, named: page.all.length + page.any.length > 0 }).toEqual({
        page: `${page.method} ${page.path}`,
        named: true,
      });
  });

  it('nothing in src/web/ lists roles of its own: who may do what is the operation table’s alone', () => {
    const role = new RegExp(`['"](${TOKEN_ROLES.join('|')})['"]`);
    const scanned = sources('src/web');
    expect(scanned.length).toBeGreaterThan(20);
    const listing = scanned.filter((file) => role.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(listing).toEqual([]);
  });
});
