// `kubesim capacity <scenario> [--pool NAME] [--min N] [--max N] [--seeds 1..3] [--workers N] [--csv FILE]`:
// the smallest node count of a pool (its maxSize when it autoscales) for which every expectation of the
// scenario's expect block holds over the seeds (as `kubesim test --seeds` judges them, `seeds: {atLeast}`
// included). Each round runs a few candidate sizes x every seed on worker threads (src/capacity/search.ts
// picks the sizes, independent of --workers), then narrows the range. Prints a table of the evaluated
// sizes and the answer; --csv writes the same rows. Exit 0 with an answer, 1 when no size up to --max
// passes or the verdicts are not monotone in the size, 2 on bad input.

import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  applyVerdicts,
  nextProbes,
  outcome,
  type SearchOutcome,
  type SearchState,
  startSearch,
} from '../../capacity/search.js';
import {
  type CapacityInit,
  type CapacityTask,
  type CapacityTaskResult,
  type PoolKnob,
  runCapacityTask,
} from '../../capacity/task.js';
import { csvLine } from '../../engine/csv.js';
import { aggregateSeeds } from '../../expect/seeds.js';
import type { NodePoolSpec } from '../../model/node-pools.js';
import type { LoadedScenario } from '../../scenario/load.js';
import { runIndexed, workerScript } from '../../sweep/pool.js';
import { intOption, parseSeedsFlag, WORKERS_RANGE } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { checkOutputFile } from '../output-target.js';
import { makeCountProgress } from '../progress.js';
import { prepareScenario } from '../scenario-input.js';
import { kubesimVersion } from '../version.js';

export interface CapacityArgs {
  scenario: string;
  pool?: string;
  min?: number;
  max?: number;
  seeds?: string;
  probes?: number;
  workers?: number;
  csv?: string;
  force?: boolean;
  quiet?: boolean;
}

const SIZE_RANGE = { min: 0, max: 100_000 };
const MAX_SEEDS = 100;
export const CSV_HEADER = ['pool', 'field', 'size', 'seeds', 'result', 'failing'] as const;

/** One evaluated size: its verdict over the seeds and the expectations that failed. */
export interface SizeRow {
  readonly size: number;
  readonly round: number;
  readonly passed: boolean;
  /** "expectation description (seeds passed/required of n)", or the run error. */
  readonly failing: readonly string[];
}

export function capacityCommand(io: CliIo): CommandModule<object, CapacityArgs> {
  return {
    command: 'capacity <scenario>',
    describe:
      "Find the smallest node count of a pool (or an autoscaled pool's maxSize) for which the scenario's expectations hold over the seeds",
    builder: (y: Argv) =>
      y
        .positional('scenario', {
          type: 'string',
          demandOption: true,
          describe: 'scenario file with an expect block',
        })
        .option('pool', {
          type: 'string',
          requiresArg: true,
          describe: 'node pool to size (default: the only pool); an autoscaled pool is sized by its maxSize',
        })
        .option(
          'min',
          intOption('min', SIZE_RANGE, 'smallest size to consider (default 1, or the pool minSize)'),
        )
        .option('max', intOption('max', SIZE_RANGE, "largest size to consider (default the scenario's own)"))
        .option('seeds', {
          type: 'string',
          default: '1..3',
          describe: 'seeds every size must pass (1..3, 1,4,9)',
        })
        .option('probes', intOption('probes', { min: 1, max: 64 }, 'sizes evaluated per round', 4))
        .option(
          'workers',
          intOption(
            'workers',
            WORKERS_RANGE,
            'worker threads (the answer does not depend on it)',
            availableParallelism(),
          ),
        )
        .option('csv', { type: 'string', describe: 'also write the evaluated sizes as CSV to this file' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace a --csv file kubesim did not write',
        })
        .option('quiet', {
          type: 'boolean',
          default: false,
          describe: 'no round lines or progress on stderr',
        })
        .example(
          '$0 capacity scenarios/capacity-zone-outage.yaml --max 30',
          'fewest nodes of the only pool that still run every pod 15 min after losing zone-a, over seeds 1..3',
        )
        .example(
          '$0 capacity scenarios/autoscaler-burst.yaml --pool general --min 80 --max 110 --seeds 1 --csv max.csv',
          'smallest maxSize per node group that absorbs the burst, written as CSV too',
        ) as Argv<CapacityArgs>,
    handler: async (argv: ArgumentsCamelCase<CapacityArgs>) => {
      const seeds = parseSeedsFlag(argv.seeds ?? '1..3', MAX_SEEDS);
      const { loaded } = prepareScenario(argv.scenario);
      const expectations = loaded.scenario.spec.expect ?? [];
      if (expectations.length === 0)
        throw new CliExit(
          ExitCode.BadInput,
          `${argv.scenario}: no spec.expect block: capacity searches for the size at which its expectations hold`,
        );
      const { knob, spec } = pickPool(loaded, argv.pool);
      const lo = argv.min ?? defaultMin(knob, spec);
      const hi =
        argv.max ?? (knob.field === 'count' ? spec.count : (spec.autoscaling?.maxSize ?? spec.count));
      if (lo > hi) throw new CliExit(ExitCode.BadInput, `--min ${lo} is above --max ${hi}`);
      if (argv.csv !== undefined)
        checkOutputFile(argv.csv, {
          flag: '--csv',
          force: argv.force ?? false,
          what: 'capacity CSV written by kubesim capacity',
          isOurs: (head) => head.startsWith(csvLine([...CSV_HEADER]).trimEnd()),
          forceable: true,
        });
      const rows: SizeRow[] = [];
      let state: SearchState = startSearch(lo, hi, argv.probes ?? 4);
      for (let sizes = nextProbes(state); sizes.length > 0; sizes = nextProbes(state)) {
        const round = state.rounds + 1;
        const quiet = argv.quiet ?? false;
        if (!quiet)
          io.err(`round ${round}: ${knob.pool} ${knob.field} ${sizes.join(', ')} x ${seeds.length} seeds\n`);
        const tasks = sizes.flatMap((size) => seeds.map((seed): CapacityTask => ({ size, seed })));
        const init: CapacityInit = { file: argv.scenario, knob, tasks, kubesimVersion: kubesimVersion() };
        const progress = makeCountProgress(io, `round ${round}`, 'runs', tasks.length, { quiet });
        const results = await runTasks(init, argv.workers ?? 1, progress.update).finally(progress.stop);
        const verdicts = sizes.map((size) => sizeRow(size, round, results, expectations));
        rows.push(...verdicts);
        state = applyVerdicts(state, verdicts);
      }
      rows.sort((a, b) => a.size - b.size);
      const answer = outcome(state) as SearchOutcome;
      io.out(formatTable(knob, rows, seeds.length));
      io.out(`${answerLine(knob, answer, lo, seeds)}\n`);
      if (argv.csv !== undefined) writeFileAtomic(argv.csv, capacityCsv(knob, rows, seeds.length));
      if (answer.kind !== 'found')
        throw new CliExit(ExitCode.ExpectationFailed, answerLine(knob, answer, lo, seeds));
    },
  };
}

/** The pool to size and the field to set: `count`, or `autoscaling.maxSize` for an autoscaled pool. */
export function pickPool(
  loaded: LoadedScenario,
  name: string | undefined,
): { knob: PoolKnob; spec: NodePoolSpec } {
  if (Array.isArray(name))
    throw new CliExit(ExitCode.BadInput, '--pool is given more than once; capacity sizes one pool');
  const pools = loaded.scenario.spec.cluster.nodePools ?? [];
  const names = pools.map((p) => p.name);
  if (pools.length === 0)
    throw new CliExit(
      ExitCode.BadInput,
      `${loaded.file}: no spec.cluster.nodePools: capacity sizes a node pool`,
    );
  if (name === undefined && pools.length > 1)
    throw new CliExit(
      ExitCode.BadInput,
      `${loaded.file} has ${pools.length} node pools; name one with --pool (${names.join(', ')})`,
    );
  const index = name === undefined ? 0 : names.indexOf(name);
  if (index < 0)
    throw new CliExit(
      ExitCode.BadInput,
      `${loaded.file}: no node pool named "${name}" (pools: ${names.join(', ')})`,
    );
  const spec = pools[index] as NodePoolSpec;
  const field = spec.autoscaling !== undefined ? 'autoscaling.maxSize' : 'count';
  return { knob: { pool: spec.name, index, field }, spec };
}

/** At least one node; an autoscaled pool's maxSize also stays at or above its minSize and its first nodes per zone. */
function defaultMin(knob: PoolKnob, spec: NodePoolSpec): number {
  if (knob.field === 'count') return 1;
  const zones = spec.zones?.length ?? 1;
  return Math.max(1, spec.autoscaling?.minSize ?? 0, Math.ceil(spec.count / zones));
}

async function runTasks(
  init: CapacityInit,
  workers: number,
  onDone: (done: number) => void,
): Promise<CapacityTaskResult[]> {
  if (workers <= 1 || init.tasks.length <= 1)
    return init.tasks.map((_, i) => {
      const r = runCapacityTask(init, i);
      onDone(i + 1);
      return r;
    });
  return runIndexed<CapacityTaskResult>(
    workerScript('capacity/worker.js'),
    init,
    init.tasks.length,
    workers,
    onDone,
    'run',
  );
}

/** A size passes when no run errored and every expectation met its seed quota. */
export function sizeRow(
  size: number,
  round: number,
  results: readonly CapacityTaskResult[],
  expectations: Parameters<typeof aggregateSeeds>[0],
): SizeRow {
  const runs = results.filter((r) => r.size === size);
  const errors = runs.filter((r) => r.error !== null).map((r) => `seed ${r.seed}: ${r.error}`);
  const verdicts = aggregateSeeds(
    expectations,
    runs.filter((r) => r.error === null).map((r) => ({ seed: r.seed, results: r.results })),
  );
  const failing = [
    ...errors,
    ...verdicts
      .filter((v) => v.status !== 'pass')
      .map((v) => `${v.description} (${v.passed}/${v.seeds} seeds, ${v.required} needed)`),
  ];
  return { size, round, passed: failing.length === 0, failing };
}

function formatTable(knob: PoolKnob, rows: readonly SizeRow[], seeds: number): string {
  const head = [knob.field === 'count' ? 'nodes' : 'maxSize', 'round', 'result', 'first failing expectation'];
  const body = rows.map((r) => [
    String(r.size),
    String(r.round),
    r.passed ? `pass (${seeds} seeds)` : 'FAIL',
    r.failing[0] ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `pool ${knob.pool} (${knob.field})\n${[fmt(head), ...body.map(fmt)].join('\n')}\n`;
}

function answerLine(knob: PoolKnob, o: SearchOutcome, lo: number, seeds: readonly number[]): string {
  const what = knob.field === 'count' ? 'nodes' : 'maxSize per node group';
  const over = `seeds ${seeds.join(',')}`;
  switch (o.kind) {
    case 'found':
      return o.size === lo
        ? `smallest ${what} for pool ${knob.pool}: ${o.size} (the --min; smaller sizes were not tried) over ${over}`
        : `smallest ${what} for pool ${knob.pool}: ${o.size} over ${over}`;
    case 'none':
      return `no ${what} up to ${o.max} for pool ${knob.pool} meets the expectations over ${over}; raise --max`;
    case 'nonMonotone':
      return `not monotone: pool ${knob.pool} passes at ${o.passed} but fails at ${o.failed}; no smallest size can be named`;
  }
}

export function capacityCsv(knob: PoolKnob, rows: readonly SizeRow[], seeds: number): string {
  const lines = [csvLine([...CSV_HEADER])];
  for (const r of rows)
    lines.push(
      csvLine([knob.pool, knob.field, r.size, seeds, r.passed ? 'pass' : 'fail', r.failing.join('; ')]),
    );
  return lines.join('');
}
