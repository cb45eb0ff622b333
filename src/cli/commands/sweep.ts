// `kubesim sweep <scenario> --seeds 1..20 --set path=v1,v2 ... [--profile ...]`: runs the grid of
// seeds x --set values (x profiles) on worker threads into one sweep.csv, identical whatever --workers.
// --emit-job writes the same grid as a Kubernetes Indexed Job; --cell N runs one cell (what each Job pod
// does); --merge DIR joins the cells' files into sweep.csv.

import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { MAX_CELLS } from '../../sweep/grid.js';
import { intOption, WORKERS_RANGE } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { emitJob, mergeSweep, runOneCell, runSweep, type SweepArgs } from '../sweep-runner.js';

export function sweepCommand(io: CliIo): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep [scenario]',
    describe: 'Run a scenario over a grid of seeds and --set values in parallel into sweep.csv',
    builder: (y: Argv) =>
      y
        .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)' })
        .option('seeds', { type: 'string', describe: 'seeds, e.g. 1..20 or 1,2,5 (default: spec.seed)' })
        .option('set', {
          type: 'string',
          array: true,
          describe: 'path=v1,v2,... one grid dimension per --set (repeatable)',
        })
        .option('profile', {
          type: 'string',
          array: true,
          describe: 'kube-scheduler profile, one grid dimension (needs the scheduler model)',
        })
        .option('workers', intOption('workers', WORKERS_RANGE, 'worker threads', availableParallelism()))
        .option('out', { type: 'string', describe: 'output folder (default results/<scenario>/sweep/)' })
        .option(
          'cell',
          intOption(
            'cell',
            { min: 0, max: MAX_CELLS - 1 },
            'run only this cell (0-based) and write DIR/cells/cell-N.json',
          ),
        )
        .option('merge', { type: 'string', describe: 'merge DIR/cells/*.json into DIR/sweep.csv' })
        .option('emit-job', {
          type: 'string',
          requiresArg: true,
          describe: 'write a Kubernetes Indexed Job running the grid to FILE (- for stdout)',
        })
        .option('image', {
          type: 'string',
          describe: 'container image for --emit-job (default kubesim:<version>)',
        })
        .option(
          'parallelism',
          intOption('parallelism', { min: 1, max: 100_000 }, 'pods at once for --emit-job', 10),
        )
        .option('pvc', {
          type: 'string',
          default: 'kubesim-results',
          describe: 'PersistentVolumeClaim for --emit-job results',
        })
        .option('job-name', {
          type: 'string',
          describe: 'Job name for --emit-job (default kubesim-sweep-<scenario>)',
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace --out, sweep.csv or the --emit-job file even if kubesim did not write it',
        })
        .option('create-pvc', {
          type: 'boolean',
          default: true,
          describe: 'emit the PersistentVolumeClaim too (--no-create-pvc: it exists)',
        })
        .option('pvc-size', { type: 'string', describe: 'storage the emitted claim requests (default 1Gi)' })
        .option('storage-class', { type: 'string', describe: 'storageClassName of the emitted claim' })
        .option('print', {
          type: 'boolean',
          default: false,
          describe: 'with --merge: print sweep.csv on stdout (the merge Job does)',
        })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
        .example('$0 sweep scenarios/quickstart.yaml --seeds 1..20', '20 seeds on every core')
        .example(
          '$0 sweep scenarios/quickstart.yaml --seeds 1..5 --set spec.cluster.nodePools[0].count=12,24,48',
          '15 cells: 3 cluster sizes x 5 seeds',
        )
        .example(
          '$0 sweep scenarios/quickstart.yaml --seeds 1..100 --emit-job job.yaml',
          'the same grid as an Indexed Job',
        )
        .example(
          '$0 sweep --merge /results/kubesim-sweep-quickstart',
          "join the Job's cell files into sweep.csv",
        ) as Argv<SweepArgs>,
    handler: async (argv: ArgumentsCamelCase<SweepArgs>) => {
      if (argv.merge !== undefined)
        return mergeSweep(argv.merge, io, { force: argv.force ?? false, print: argv.print ?? false });
      if (argv.scenario === undefined)
        throw new CliExit(ExitCode.BadInput, 'name a scenario file, or --merge DIR');
      if (argv.emitJob !== undefined) return emitJob(argv, io);
      if (argv.cell !== undefined) return runOneCell(argv, io);
      await runSweep(argv, io);
    },
  };
}
