import { describe, expect, it } from 'vitest';
import { viewEnvironment } from '../../src/web/nunjucks.ts';

/**
 * A page's templates are compiled once and kept (a quarter of the API's busy time under load was
 * recompiling them); only a developer editing views asks for them to be read again every time.
 */
describe("the pages' templates", () => {
  it('are compiled once and kept by default', () => {
    const env = viewEnvironment();
    expect(env.getTemplate('home.njk')).toBe(env.getTemplate('home.njk'));
  });
  it('are read again on every page when reloading is asked for', () => {
    const env = viewEnvironment({ reload: true });
    expect(env.getTemplate('home.njk')).not.toBe(env.getTemplate('home.njk'));
  });
});
