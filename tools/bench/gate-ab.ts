// `npx tsx tools/bench/gate-ab.ts`: the gate's ratio to its floor, alone, for comparing two versions of
// the code on one machine (issue 24's guard). Grows real holds and skeleton holds to LEVEL (5,000),
// then reads them one after the other, interleaved, READS times per rep, REPS reps: the machine's other
// load falls on both alike, so their ratio is fair even when absolute figures move. Writes OUT (JSON).
import { writeFileSync } from 'node:fs';
import { jsonClient } from './http.ts';
import { releaseGate } from './scenarios/release-gate.ts';
import { skeletonGate } from './scenarios/skeleton-gate.ts';
import { latency, type Latency } from './stats.ts';
import { startBenchSystem } from './bench-system.ts';

const level = Number(process.env.LEVEL ?? 5000);
const reads = Number(process.env.READS ?? 1000);
const reps = Number(process.env.REPS ?? 4);
const sys = await startBenchSystem({ prisonersPerSeries: Math.max(20000, level) });
try {
  const call = jsonClient(sys.baseUrl);
  const prison = await sys.issuer.sign({
    user: 'bench.prison',
    roles: ['PRISON_STAFF'],
    caseload: ['MDI'],
    expiresInSeconds: 7200,
  });
  const gate = releaseGate(call, { prison });
  const floor = skeletonGate(sys);
  await gate.growTo(level);
  await floor.growTo(level);
  await gate.ask(50);
  await floor.ask(50);
  const out: { gate: Latency[]; skeleton: Latency[]; ratioP99: number[] } = { gate: [], skeleton: [], ratioP99: [] };
  for (let i = 0; i < reps; i++) {
    const g: number[] = [];
    const s: number[] = [];
    for (let j = 0; j < reads; j++) {
      g.push(...(await gate.ask(1)));
      s.push(...(await floor.ask(1)));
    }
    out.gate.push(latency(g));
    out.skeleton.push(latency(s));
    out.ratioP99.push(latency(g).p99 / latency(s).p99);
    console.log(`rep ${i}: gate p99 ${latency(g).p99.toFixed(1)} ms, skeleton p99 ${latency(s).p99.toFixed(1)} ms`);
  }
  writeFileSync(process.env.OUT ?? 'gate-ab.json', `${JSON.stringify(out, null, 2)}\n`);
} finally {
  await sys.stop();
}
