// Runs one whole-simulation benchmark case in this process and prints one JSON line with wall time,
// events per wall-second, simulated-to-wall ratio, pods bound per wall-second and peak memory.
// `kubesim bench` starts a fresh process per run so memory figures are not shared between runs.
//
//   node dist/bench/scale.js <B1|B2|B3|B8-autoscaler> [--nodes N] [--pods N] [--pct P]

import { parseArgs } from 'node:util';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { makeDispatch } from '../src/sim/assemble.js';
import { createSim } from '../src/sim/setup.js';
import { type BenchCase, CASES, caseNamed } from './cases.js';

export interface BenchResult {
  readonly case: string;
  readonly description: string;
  readonly nodes: number;
  readonly pods: number;
  readonly setupWallS: number;
  readonly runWallS: number;
  readonly wallS: number;
  readonly virtualS: number;
  readonly events: number;
  readonly eventsPerWallS: number;
  readonly simToWall: number;
  readonly podsBound: number;
  readonly podsBoundPerWallS: number;
  readonly evictions: number;
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
  readonly traceDigest: string;
}

const MiB = 2 ** 20;

export function runCase(c: BenchCase): BenchResult {
  const t0 = process.hrtime.bigint();
  const built = buildScenario(loadScenarioText(c.yaml, `${c.name}.yaml`).scenario);
  const sim = createSim(built);
  const dispatch = makeDispatch(sim);
  const t1 = process.hrtime.bigint();
  let peakHeap = process.memoryUsage().heapUsed;
  const endUs = built.config.durationUs;
  const sliceUs = Math.max(1, Math.ceil(endUs / 200));
  for (let until = sliceUs; ; until = Math.min(until + sliceUs, endUs)) {
    sim.engine.run({ untilUs: until, maxEvents: built.config.maxEvents }, dispatch);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (c.stopWhenScheduled !== undefined && sim.state.counters.podsScheduled >= c.stopWhenScheduled) break;
    if (until >= endUs) break;
  }
  const t2 = process.hrtime.bigint();
  const setupWallS = Number(t1 - t0) / 1e9;
  const runWallS = Number(t2 - t1) / 1e9;
  const wallS = setupWallS + runWallS;
  const events = sim.engine.eventsDispatched;
  const virtualS = sim.nowUs / 1e6;
  const bound = sim.state.counters.podsScheduled;
  return {
    case: c.name,
    description: c.description,
    nodes: c.nodes,
    pods: c.pods,
    setupWallS,
    runWallS,
    wallS,
    virtualS,
    events,
    eventsPerWallS: events / runWallS,
    simToWall: virtualS / wallS,
    podsBound: bound,
    podsBoundPerWallS: bound / wallS,
    evictions: sim.state.counters.evictions,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    peakHeapMiB: peakHeap / MiB,
    traceDigest: sim.trace.digest,
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { nodes: { type: 'string' }, pods: { type: 'string' }, pct: { type: 'string' } },
  });
  const name = caseNamed(positionals[0] ?? 'B1');
  const make = name === undefined ? undefined : CASES[name];
  if (!make)
    throw new Error(`unknown case ${positionals[0]}; expected one of ${Object.keys(CASES).join(', ')}`);
  const c = make({
    ...(values.nodes ? { nodes: Number(values.nodes) } : {}),
    ...(values.pods ? { pods: Number(values.pods) } : {}),
    ...(values.pct ? { pct: Number(values.pct) } : {}),
  });
  process.stdout.write(`${JSON.stringify(runCase(c))}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
