// Runs one scenario-file benchmark case (B4, B5, B6, B6-burst, B9, B10 of bench/cases.ts) as a whole `kubesim run`
// in this process: the CLI's own entry point with the scenario, --quiet and an output folder of its own
// (a fresh temporary folder, removed afterwards), then prints one JSON line in bench/scale.ts's shape.
// Wall time is the whole process (node start-up, module loading, parsing, the run, the output files);
// `kubesim bench` starts one such process per run.
//
//   node dist/bench/run-scenario.js <B4|B5|B6|B6-burst|B9|B10> [--smoke]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.js';
import { SCENARIO_CASES, type ScenarioCaseName, scenarioCaseArgs } from './cases.js';
import type { BenchResult } from './scale.js';

const MiB = 2 ** 20;
/** The repository (dist/bench/ -> ../../): scenario files are named relative to it. */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface RunSummaryLike {
  readonly simulated_s: number;
  readonly sim_events_dispatched: number;
  readonly nodes: { readonly total: number };
  readonly pods: { readonly created: number; readonly scheduled: number };
  readonly evictions: number;
  readonly manifest: { readonly trace_digest: string };
}

async function runScenarioCase(name: ScenarioCaseName, smoke: boolean): Promise<BenchResult> {
  const c = SCENARIO_CASES[name];
  const out = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));
  let peakHeap = process.memoryUsage().heapUsed;
  // The run yields to the event loop between slices of virtual time, so the sampler sees the heap there.
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const startS = process.uptime();
  try {
    const [file, ...sets] = scenarioCaseArgs(name, smoke);
    const path = resolve(REPO, file as string);
    const code = await main(['run', path, ...sets, '--out', join(out, 'run'), '--quiet']);
    if (code !== 0) throw new Error(`kubesim run ${c.file} exited ${code}`);
    const s = JSON.parse(readFileSync(join(out, 'run', 'summary.json'), 'utf8')) as RunSummaryLike;
    clearInterval(sampler);
    const wallS = process.uptime();
    const runWallS = wallS - startS;
    return {
      case: name,
      description: smoke ? `${c.description} (smoke size)` : c.description,
      nodes: s.nodes.total,
      pods: s.pods.created,
      setupWallS: startS,
      runWallS,
      wallS,
      virtualS: s.simulated_s,
      events: s.sim_events_dispatched,
      eventsPerWallS: s.sim_events_dispatched / runWallS,
      simToWall: s.simulated_s / wallS,
      podsBound: s.pods.scheduled,
      podsBoundPerWallS: s.pods.scheduled / wallS,
      evictions: s.evictions,
      peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
      peakHeapMiB: Math.max(peakHeap, process.memoryUsage().heapUsed) / MiB,
      traceDigest: s.manifest.trace_digest,
    };
  } finally {
    clearInterval(sampler);
    rmSync(out, { recursive: true, force: true }); // the folder made above, nothing else
  }
}

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { smoke: { type: 'boolean', default: false } },
  });
  const name = Object.keys(SCENARIO_CASES).find((k) => k.toUpperCase() === positionals[0]?.toUpperCase());
  if (name === undefined)
    throw new Error(
      `unknown case ${positionals[0]}; expected one of ${Object.keys(SCENARIO_CASES).join(', ')}`,
    );
  const r = await runScenarioCase(name as ScenarioCaseName, values.smoke ?? false);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await cli();
