import { beforeAll } from 'vitest';
import { signedIn, type PageClient } from './pages.ts';
import { startTestSystem, type TestSystem } from './test-system.ts';

/** The personas the page tests act as, each signed in once per file through the authorisation-code flow. */
export const PERSONAS = ['mdi-officer', 'mdi-governor', 'lei-officer', 'expert', 'lead', 'vlo'];

/** Starts the system and signs every persona in before the file's tests; `afterAll(() => sys?.stop())` stays with the file. */
export function startPagesTestSystem(
  started: (system: { sys: TestSystem; as: Record<string, PageClient> }) => void,
): void {
  beforeAll(async () => {
    const sys = await startTestSystem();
    const as: Record<string, PageClient> = {};
    for (const persona of PERSONAS) as[persona] = await signedIn(sys, persona);
    started({ sys, as });
  });
}
