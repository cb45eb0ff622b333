// `kubesim run <scenario>`: simulate one scenario and write events.csv, timeseries.csv, pods.csv and
// summary.json (interfaces.md §1, §3) into an output folder that appears only when the run succeeded.

import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatDuration, parseDurationUs } from '../../engine/time.js';
import { runBuiltSteps } from '../../index.js';
import type { FaultSummary, RunSummary } from '../../metrics/summary.js';
import { ScenarioError } from '../../model/errors.js';
import { seedOption } from '../flags.js';
import { drive } from '../interruptible.js';
import type { CliIo } from '../io.js';
import { AtomicOutputDir } from '../output.js';
import { makeProgress } from '../progress.js';
import { locatingSteps, prepareScenario, warningLines } from '../scenario-input.js';
import { kubesimVersion } from '../version.js';
import { writeReport } from './report.js';

export interface RunArgs {
  scenario: string;
  seed?: number;
  out?: string;
  until?: string;
  set?: string[];
  quiet?: boolean;
  trace?: boolean;
  report?: boolean;
  force?: boolean;
}

export function defaultOutDir(scenarioName: string, seed: number): string {
  return join('results', scenarioName, `seed-${seed}`);
}

export function runCommand(io: CliIo): CommandModule<object, RunArgs> {
  return {
    command: 'run <scenario>',
    describe: 'Simulate one scenario and write its outputs',
    builder: (y: Argv) =>
      y
        .positional('scenario', {
          type: 'string',
          demandOption: true,
          describe: 'scenario file (YAML or JSON)',
        })
        .option('seed', seedOption('random seed (overrides spec.seed)'))
        .option('out', { type: 'string', describe: 'output folder (default results/<scenario>/seed-<N>/)' })
        .option('until', { type: 'string', describe: 'stop earlier than spec.duration, e.g. 10m' })
        .option('set', {
          type: 'string',
          array: true,
          describe: 'override a scenario field: path=value (repeatable)',
        })
        .option('quiet', {
          type: 'boolean',
          default: false,
          describe: 'print nothing but errors (no summary, no progress lines)',
        })
        .option('trace', {
          type: 'boolean',
          default: false,
          describe: 'also write trace.txt: every dispatched event',
        })
        .option('report', {
          type: 'boolean',
          default: false,
          describe: 'also write report.html (kubesim report)',
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe:
            'replace the --out folder even if kubesim did not write it (never a file, never the current folder)',
        })
        .example('$0 run scenarios/quickstart.yaml', 'run the quick-start scenario with its own seed')
        .example(
          '$0 run scenarios/zone-outage-large.yaml --seed 7 --set spec.duration=30m',
          'another seed, a longer run',
        )
        .example(
          '$0 run scenarios/quickstart.yaml --out /tmp/qs --until 5m',
          'only the first 5 minutes, into /tmp/qs',
        ) as Argv<RunArgs>,
    handler: async (argv: ArgumentsCamelCase<RunArgs>) => {
      const summary = await runHandler(argv, io);
      if (argv.report) {
        const file = await writeReport(argv.out ?? defaultOutDir(summary.scenario, summary.seed), {
          force: argv.force ?? false,
        });
        if (!argv.quiet) io.out(`report              ${file}\n`);
      }
    },
  };
}

export async function runHandler(argv: RunArgs, io: CliIo): Promise<RunSummary> {
  const prepared = prepareScenario(argv.scenario, {
    overrides: argv.set ?? [],
    ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
  });
  const { loaded, built } = prepared;
  for (const line of warningLines(prepared)) io.err(`${line}\n`);
  let untilUs: number | undefined;
  if (argv.until !== undefined) {
    try {
      untilUs = parseDurationUs(argv.until);
    } catch (e) {
      throw new ScenarioError([{ file: `--until ${argv.until}`, path: [], message: (e as Error).message }]);
    }
  }
  const outDir = argv.out ?? defaultOutDir(built.config.scenarioName, built.config.seed);
  const out = new AtomicOutputDir(outDir, {
    command: 'run',
    force: argv.force ?? false,
    inputs: loaded.files,
  });
  const progress = makeProgress(io, built.config.scenarioName, { quiet: argv.quiet ?? false });
  const wallStart = process.hrtime.bigint(); // wall-clock-ok: CLI timing only
  try {
    const steps = runBuiltSteps(built, {
      ...(untilUs !== undefined ? { untilUs } : {}),
      sinks: {
        events: out.sink('events.csv'),
        timeseries: out.sink('timeseries.csv'),
        pods: out.sink('pods.csv'),
        ...(built.load.length > 0 || built.hpas.length > 0 ? { load: out.sink('load.csv') } : {}),
      },
      keepTraceLines: argv.trace ?? false,
      onProgress: progress.update,
      scenarioSha256: loaded.sha256,
      kubesimVersion: kubesimVersion(),
    });
    const { sim, summary } = await drive(locatingSteps(loaded, steps));
    progress.stop();
    out.writeFile('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
    if (argv.trace) out.writeFile('trace.txt', `${sim.trace.traceLines.join('\n')}\n`);
    out.commit();
    const wallS = Number(process.hrtime.bigint() - wallStart) / 1e9;
    if (!argv.quiet) io.out(formatRunSummary(summary, outDir, wallS));
    return summary;
  } catch (e) {
    progress.stop();
    out.abort();
    throw e;
  }
}

/** Seconds as summary.json has them, to the millisecond: 416.361s. */
const secs = (seconds: number) => `${Number(seconds.toFixed(3))}s`;

/** "node-crash general-a-01 at 60s: replicas short from 110s, recovered at 416.361s: time to recover 356.361s (5m56s)". */
export function faultLine(f: FaultSummary): string {
  const head = `${f.action}${f.target ? ` ${f.target}` : ''} at ${secs(f.start_s)}`;
  if (f.disrupted_s === null) return `${head}: no replica workload short of Ready pods afterwards`;
  const short = `replicas short from ${secs(f.disrupted_s)}`;
  if (f.recovered_s === null || f.time_to_recover_s === null)
    return `${head}: ${short}, not recovered by the end`;
  const ttr = f.time_to_recover_s;
  const go = ttr >= 60 ? ` (${formatDuration(Math.round(ttr) * 1e6)})` : '';
  return `${head}: ${short}, recovered at ${secs(f.recovered_s)}: time to recover ${secs(ttr)}${go}`;
}

function formatRunSummary(s: RunSummary, outDir: string, wallS: number): string {
  const lat = (v: number | null) => (v === null ? '-' : `${v.toFixed(3)}s`);
  const rows: Array<[string, string]> = [
    ['scenario', `${s.scenario} (seed ${s.seed}, Kubernetes ${s.kubernetesVersion})`],
    [
      'simulated',
      `${formatDuration(Math.round(s.simulated_s * 1e6))} in ${wallS.toFixed(2)}s wall (${(s.simulated_s / Math.max(wallS, 1e-9)).toFixed(0)}x)${
        s.stopped_early
          ? `; stopped early by --until (spec.duration ${formatDuration(Math.round(s.duration_s * 1e6))})`
          : ''
      }`,
    ],
    ['nodes', `${s.nodes.total} total, ${s.nodes.ready} Ready at end, ${s.nodes.used} used`],
    [
      'pods',
      `${s.pods.created} created, ${s.pods.scheduled} scheduled, ${s.pods.unschedulable_at_end} pending at end, ${s.pods.running_at_end} running`,
    ],
    ['scheduling latency', `p50 ${lat(s.scheduling_latency.p50_s)}  p99 ${lat(s.scheduling_latency.p99_s)}`],
    ['startup latency', `p50 ${lat(s.pod_startup_latency.p50_s)}  p99 ${lat(s.pod_startup_latency.p99_s)}`],
    [
      'cpu requested',
      `mean ${s.cpu_requested_ratio.mean.toFixed(3)}  peak ${s.cpu_requested_ratio.peak.toFixed(3)}`,
    ],
    [
      'evictions',
      `${s.evictions}${s.first_eviction_s !== null ? `, first at ${secs(s.first_eviction_s)}` : ''} (preemptions ${s.preemptions})`,
    ],
    ...s.faults.map((f): [string, string] => [`fault ${f.index}`, faultLine(f)]),
    [
      'events',
      `${s.event_count} rows, ${s.sim_events_dispatched} simulation events, digest ${s.manifest.trace_digest}`,
    ],
    ['outputs', outDir],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
