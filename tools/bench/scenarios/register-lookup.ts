import { performance } from 'node:perf_hooks';
import type { PrisonerRegister } from '../../../src/domain/register/register.ts';
import { syntheticPrisoner } from '../http.ts';

/**
 * The register lookup every request about a prisoner makes (who he is, where he is held: the
 * caseload check), timed one after another for prisoners picked at random.
 */
export async function registerLookups(register: PrisonerRegister, perSeries: number, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const pn = syntheticPrisoner('G', Math.floor(Math.random() * perSeries));
    const started = performance.now();
    const prisoner = await register.find(pn);
    samples.push(performance.now() - started);
    if (!prisoner) throw new Error(`${pn} is not in the bench register`);
  }
  return samples;
}
