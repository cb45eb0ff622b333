// `kubesim bench`: the whole-simulation benchmarks of bench/ (issue 6). Each run is a fresh node
// process (bench/scale.ts) so that memory peaks are its own; the table shows the median of the repeats
// and every run is appended as a row to results/bench/bench.csv (csv-stringify).

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { makeFolders } from '../../scenario/read-file.js';
import { intOption } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { checkOutputFile } from '../output-target.js';

interface BenchArgs {
  case?: string[];
  nodes?: number;
  pods?: number;
  pct?: number;
  repeat: number;
  series: boolean;
  smoke: boolean;
  out: string;
  quiet?: boolean;
}

export interface Run {
  readonly caseName: string;
  /** Arguments of the case's script: bench/scale.js, or bench/run-scenario.js for a scenario case. */
  readonly args: string[];
  readonly scenario?: boolean;
  /** --max-old-space-size of the child (MiB). */
  readonly heapMiB?: number;
}

/** Scenario-file cases (bench/cases.ts SCENARIO_CASES): each a whole `kubesim run` (issue 16). */
const SCENARIO_CASES: Record<string, { name: string; heapMiB?: number }> = {
  B4: { name: 'B4' },
  B5: { name: 'B5' },
  B6: { name: 'B6' },
  B9: { name: 'B9' },
  'B6-BURST': { name: 'B6-burst', heapMiB: 12288 },
  B10: { name: 'B10' },
};

function scenarioRun(key: string, smoke: boolean): Run {
  const c = SCENARIO_CASES[key] as { name: string; heapMiB?: number };
  return {
    caseName: c.name,
    args: [c.name, ...(smoke ? ['--smoke'] : [])],
    scenario: true,
    ...(c.heapMiB !== undefined && !smoke ? { heapMiB: c.heapMiB } : {}),
  };
}

interface Result {
  case: string;
  description: string;
  nodes: number;
  pods: number;
  wallS: number;
  setupWallS: number;
  runWallS: number;
  virtualS: number;
  events: number;
  eventsPerWallS: number;
  simToWall: number;
  podsBound: number;
  podsBoundPerWallS: number;
  evictions: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  traceDigest: string;
}

const COLUMNS = [
  'case',
  'nodes',
  'pods',
  'wall_s',
  'setup_wall_s',
  'run_wall_s',
  'virtual_s',
  'events',
  'events_per_wall_s',
  'sim_to_wall',
  'pods_bound',
  'pods_bound_per_wall_s',
  'evictions',
  'peak_rss_mib',
  'peak_heap_mib',
  'trace_digest',
  'node_version',
  'cpus',
  'command',
] as const;

const SERIES_NODES = [500, 1000, 2000, 5000, 10000];

/** The cluster-autoscaler case (node groups 100 -> 5000 nodes under the B2 burst). */
const AUTOSCALER_CASE = 'B8-autoscaler';

const sizes = (n?: number, p?: number) => [
  ...(n !== undefined ? ['--nodes', String(n)] : []),
  ...(p !== undefined ? ['--pods', String(p)] : []),
];

/** --smoke: every case that has a tiny size, once each, in this order. */
function smokeRuns(): Run[] {
  return [
    { caseName: 'B1', args: ['B1', ...sizes(100)] },
    { caseName: 'B2', args: ['B2', ...sizes(60, 600)] },
    { caseName: 'B2-100', args: ['B2', ...sizes(60, 600), '--pct', '100'] },
    { caseName: 'B3', args: ['B3', ...sizes(60, 600)] },
    { caseName: AUTOSCALER_CASE, args: [AUTOSCALER_CASE, ...sizes(60, 1800)] },
    ...Object.keys(SCENARIO_CASES).map((k) => scenarioRun(k, true)),
  ];
}

/** --case values (repeated or comma-separated) in canonical spelling: B4, B6-BURST, B8-autoscaler. */
function caseKeys(values: readonly string[]): string[] {
  return values
    .flatMap((c) => c.split(','))
    .map((c) => (c.toUpperCase() === AUTOSCALER_CASE.toUpperCase() ? AUTOSCALER_CASE : c.toUpperCase()));
}

/** The runs a `kubesim bench` invocation makes, in order (exported for its tests). */
export function plannedRuns(
  a: Pick<BenchArgs, 'case' | 'nodes' | 'pods' | 'pct' | 'series' | 'smoke'>,
): Run[] {
  if (a.smoke) {
    const all = smokeRuns();
    const key = (r: Run) => r.caseName.toUpperCase();
    // --smoke --case B4,B5: only those cases, at their smoke sizes (issue 16: --case was ignored).
    // Without --case: all of them but B2-100 (its smoke size is for --case B2-100 only).
    if (a.case === undefined) return all.filter((r) => r.caseName !== 'B2-100');
    return caseKeys(a.case).map((c) => {
      const run = all.find((r) => key(r) === c.toUpperCase());
      if (run === undefined)
        throw new CliExit(
          ExitCode.BadInput,
          `case ${c} has no --smoke size; expected one of ${all.map((r) => r.caseName).join(', ')}`,
        );
      return run;
    });
  }
  if (a.series) {
    return SERIES_NODES.flatMap((n) => [
      { caseName: 'B1', args: ['B1', ...sizes(n)] },
      { caseName: 'B2', args: ['B2', ...sizes(n, n * 30)] },
    ]);
  }
  const cases = caseKeys(a.case ?? ['B1', 'B2', 'B2-100', 'B3', AUTOSCALER_CASE]);
  return cases.map((c) => {
    if (c === 'B2-100') return { caseName: c, args: ['B2', ...sizes(a.nodes, a.pods), '--pct', '100'] };
    if (SCENARIO_CASES[c] !== undefined) return scenarioRun(c, false);
    if (c === 'B7-HPA') return { caseName: 'B7-hpa', args: ['B7', ...sizes(a.nodes, a.pods)] };
    if (!['B1', 'B2', 'B3', 'B7', AUTOSCALER_CASE].includes(c))
      throw new CliExit(
        ExitCode.BadInput,
        `unknown case ${c}; expected B1, B2, B2-100, B3, B4, B5, B6, B6-burst, B7-hpa, B9, B10 or ${AUTOSCALER_CASE}`,
      );
    return {
      caseName: c,
      args: [c, ...sizes(a.nodes, a.pods), ...(a.pct !== undefined ? ['--pct', String(a.pct)] : [])],
    };
  });
}

function scaleScript(): string {
  return fileURLToPath(new URL('../../../bench/scale.js', import.meta.url));
}

function scenarioScript(): string {
  return fileURLToPath(new URL('../../../bench/run-scenario.js', import.meta.url));
}

function commandOf(run: Run): string {
  return `node dist/bench/${run.scenario ? 'run-scenario' : 'scale'}.js ${run.args.join(' ')}`;
}

function runOnce(run: Run): Result {
  const script = run.scenario ? scenarioScript() : scaleScript();
  const heap = `--max-old-space-size=${run.heapMiB ?? 4096}`;
  const child = spawnSync(process.execPath, [heap, script, ...run.args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) {
    throw new CliExit(
      ExitCode.SimulationLimit,
      `benchmark ${run.args.join(' ')} failed:\n${child.stderr.trim()}`,
    );
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
}

function row(r: Result, command: string): (string | number)[] {
  return [
    r.case,
    r.nodes,
    r.pods,
    r.wallS.toFixed(3),
    r.setupWallS.toFixed(3),
    r.runWallS.toFixed(3),
    r.virtualS.toFixed(0),
    r.events,
    Math.round(r.eventsPerWallS),
    r.simToWall.toFixed(1),
    r.podsBound,
    Math.round(r.podsBoundPerWallS),
    r.evictions,
    r.peakRssMiB.toFixed(0),
    r.peakHeapMiB.toFixed(0),
    r.traceDigest,
    process.version,
    cpus().length,
    command,
  ];
}

function formatTable(lines: Array<{ run: Run; results: Result[] }>): string {
  const head = [
    'case',
    'nodes',
    'pods',
    'wall s (median)',
    'runs',
    'events/s',
    'sim:wall',
    'pods bound/s',
    'peak RSS MiB',
    'peak heap MiB',
  ];
  const body = lines.map(({ run, results }) => {
    const m = (f: (r: Result) => number) => median(results.map(f));
    const first = results[0] as Result;
    return [
      run.caseName,
      String(first.nodes),
      String(first.pods),
      m((r) => r.wallS).toFixed(2),
      results.map((r) => r.wallS.toFixed(2)).join(' '),
      `${(m((r) => r.eventsPerWallS) / 1e6).toFixed(2)} M`,
      `${m((r) => r.simToWall).toFixed(0)}x`,
      m((r) => r.podsBoundPerWallS).toFixed(0),
      m((r) => r.peakRssMiB).toFixed(0),
      m((r) => r.peakHeapMiB).toFixed(0),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return `${[fmt(head), ...body.map(fmt)].join('\n')}\n`;
}

export function benchCommand(io: CliIo): CommandModule<object, BenchArgs> {
  return {
    command: 'bench',
    describe:
      'Run the scale benchmarks (B1 heartbeats, B2 burst, B3 outage; B4-B6 failure-heavy and 65 000-node runs; B7-hpa, B8-autoscaler; B10 preemption storm) and record the results',
    builder: (y: Argv) =>
      y
        .option('case', {
          type: 'string',
          array: true,
          describe:
            'cases to run: B1, B2, B2-100, B3, the scenario files B4, B5, B6, B6-burst, B9, B10, B7-hpa, B8-autoscaler (default B1, B2, B2-100, B3, B8-autoscaler)',
        })
        .option('nodes', intOption('nodes', { min: 1, max: 1_000_000 }, 'nodes (default 5000)'))
        .option(
          'pods',
          intOption(
            'pods',
            { min: 0, max: 100_000_000 },
            'pods for B2/B3/B8-autoscaler (default 30 per node)',
          ),
        )
        .option(
          'pct',
          intOption('pct', { min: 0, max: 100 }, 'percentageOfNodesToScore for B2 (default 0 = adaptive)'),
        )
        .option(
          'repeat',
          intOption(
            'repeat',
            { min: 1, max: 1000 },
            'fresh-process runs per case; the table shows the median',
            3,
          ),
        )
        .option('series', {
          type: 'boolean',
          default: false,
          describe: 'scaling series: B1 and B2 at 500..10000 nodes',
        })
        .option('smoke', { type: 'boolean', default: false, describe: 'tiny sizes, once each (for CI)' })
        .option('out', {
          type: 'string',
          default: 'results/bench/bench.csv',
          describe: 'CSV to append rows to',
        })
        .option('quiet', {
          type: 'boolean',
          default: false,
          describe: 'no line on stderr before each benchmark run',
        })
        .example(
          '$0 bench',
          'B1, B2, B2 at percentageOfNodesToScore 100, B3 and B8-autoscaler at 5000 nodes, 3 runs each',
        )
        .example('$0 bench --case B1 --nodes 10000 --repeat 1', 'one case at another size')
        .example(
          '$0 bench --case B4,B5 --repeat 1',
          'the zone-partition storm and the never-fit owner, each a whole kubesim run',
        )
        .example('$0 bench --series --repeat 1', 'how cost grows with the node count') as Argv<BenchArgs>,
    handler: (argv: ArgumentsCamelCase<BenchArgs>) => {
      const runs = plannedRuns(argv);
      const repeat = argv.smoke ? 1 : Math.max(1, argv.repeat);
      const header = stringify([[...COLUMNS]]);
      // Rows are appended only to a bench CSV kubesim started (its header line), never to another file.
      const state = checkOutputFile(argv.out, {
        flag: '--out',
        force: false,
        forceable: false,
        what: 'bench CSV written by kubesim bench (rows are appended to it)',
        isOurs: (head) => head.startsWith(header),
      });
      if (!existsSync(scaleScript()))
        throw new CliExit(ExitCode.BadInput, 'dist/bench/scale.js is missing: run npm run build');
      makeFolders(dirname(argv.out));
      if (state === 'absent') appendFileSync(argv.out, header, { flag: 'wx' });
      const lines: Array<{ run: Run; results: Result[] }> = [];
      for (const run of runs) {
        const results: Result[] = [];
        const command = commandOf(run);
        for (let i = 0; i < repeat; i++) {
          if (!argv.quiet) io.err(`bench: ${command} (run ${i + 1}/${repeat})\n`);
          const r = runOnce(run);
          results.push(r);
          appendFileSync(argv.out, stringify([row(r, command)]));
        }
        lines.push({ run, results });
      }
      io.out(formatTable(lines));
      io.out(`rows appended to ${argv.out}\n`);
    },
  };
}
