// `kubesim compare <scenario> --profile A --profile B ... [--seeds 1..5] [--out DIR]` (interfaces.md §1):
// runs the scenario under each profile and seed, prints mean ± sd per metric side by side, and writes
// compare.csv (one row per profile x seed) and compare.svg. A profile is, in this order: a file holding
// a KubeSchedulerConfiguration (its first profile), a profile named in the scenario, or a built-in preset.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  COMPARE_HEADER,
  COMPARE_ZONES_HEADER,
  type CompareRun,
  compareZoneRows,
  formatCompareTable,
  summarizeRows,
  withPlacementDiffs,
  withProfile,
} from '../../compare/compare.js';
import { compareSvg } from '../../compare/compare-plot.js';
import { resolveChoice } from '../../compare/profile-choice.js';
import { buildScenario } from '../../scenario/build.js';
import { runIndexed, workerScript } from '../../sweep/pool.js';
import { type CompareTaskResult, type CompareWorkerInit, compareTask } from '../compare-worker.js';
import { intOption, parseSeedsFlag, WORKERS_RANGE } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { AtomicOutputDir } from '../output.js';
import { checkOutputDir } from '../output-target.js';
import { makeCountProgress } from '../progress.js';
import { locateErrors, prepareScenario } from '../scenario-input.js';
import { writeReport } from './report.js';

interface CompareArgs {
  scenario: string;
  profile: string[];
  seeds: string;
  out?: string;
  set?: string[];
  report?: boolean;
  force?: boolean;
  workers?: number;
  quiet?: boolean;
}

/** Seeds one comparison runs at most (profiles x seeds whole runs). */
const MAX_COMPARE_SEEDS = 1000;

export function compareCommand(io: CliIo): CommandModule<object, CompareArgs> {
  return {
    command: 'compare <scenario>',
    describe: 'Run a scenario under several scheduler profiles and seeds, side by side',
    builder: (y: Argv) =>
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file' })
        .option('profile', {
          type: 'string',
          array: true,
          demandOption: true,
          describe:
            'profile: KubeSchedulerConfiguration file, profile name in the scenario, or preset (default, bin-packing, spread, first-fit)',
        })
        .option('seeds', {
          type: 'string',
          default: '1..3',
          requiresArg: true,
          describe: 'seeds: 1..5 or 1,2,3',
        })
        .option('out', { type: 'string', describe: 'output folder (default results/<scenario>/compare/)' })
        .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value' })
        .option(
          'workers',
          intOption(
            'workers',
            WORKERS_RANGE,
            'worker threads (default: the number of cores); results are the same for any N',
          ),
        )
        .option('report', {
          type: 'boolean',
          default: false,
          describe: 'also write report.html (profiles side by side)',
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace the --out folder even if kubesim did not write it',
        })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
        .example(
          '$0 compare scenarios/binpack-vs-spread-1000.yaml --profile bin-packing --profile spread',
          'two presets, seeds 1..3',
        )
        .example(
          '$0 compare scenarios/quickstart.yaml --profile default --profile scenarios/schedulers/most-allocated.yaml --seeds 1..5 --workers 2 --out /tmp/cmp',
          'a preset against a config file',
        ) as Argv<CompareArgs>,
    handler: async (argv: ArgumentsCamelCase<CompareArgs>) => {
      const { loaded, built } = prepareScenario(argv.scenario, { overrides: argv.set ?? [] });
      const seeds = parseSeedsFlag(argv.seeds, MAX_COMPARE_SEEDS);
      const outDir = argv.out ?? join('results', built.config.scenarioName, 'compare');
      const outChecks = { flag: '--out', force: argv.force ?? false, inputs: loaded.files };
      checkOutputDir(outDir, outChecks);
      const minor = built.config.version.minor;
      const choices = argv.profile.map((p) => resolveChoice(p, loaded, minor));
      const labels = new Set<string>();
      for (const c of choices) {
        if (labels.has(c.label)) throw new CliExit(ExitCode.BadInput, `profile "${c.label}" is given twice`);
        labels.add(c.label);
        locateErrors(loaded, () => buildScenario(withProfile(loaded.scenario, c)));
      }
      const init: CompareWorkerInit = {
        scenarioFile: argv.scenario,
        overrides: argv.set ?? [],
        profiles: argv.profile,
        seeds,
      };
      const total = choices.length * seeds.length;
      const workers = Math.max(1, Math.min(argv.workers ?? availableParallelism(), total));
      const progress = makeCountProgress(io, 'compare', 'runs', total, { quiet: argv.quiet ?? false });
      const results = await runIndexed<CompareTaskResult>(
        workerScript('cli/compare-worker.js'),
        init,
        total,
        workers,
        progress.update,
      ).finally(progress.stop);
      const limited = results.findIndex((r) => 'limit' in r);
      if (limited >= 0) {
        const t = compareTask(init, limited);
        throw new CliExit(
          ExitCode.SimulationLimit,
          `profile ${choices[t.choice]?.label} seed ${t.seed}: ${(results[limited] as { limit: string }).limit}`,
        );
      }
      const runs = results as CompareRun[];
      const rows = withPlacementDiffs(runs);
      const summary = summarizeRows(rows);
      const out = new AtomicOutputDir(outDir, { command: 'compare', ...outChecks });
      out.writeFile(
        'compare.csv',
        stringify(
          rows.map((r) => COMPARE_HEADER.map((h) => r[h])),
          { header: true, columns: [...COMPARE_HEADER] },
        ),
      );
      out.writeFile(
        'compare-zones.csv',
        stringify(compareZoneRows(runs), { header: true, columns: [...COMPARE_ZONES_HEADER] }),
      );
      out.writeFile(
        'compare.svg',
        compareSvg(`${built.config.scenarioName}: ${[...labels].join(' vs ')}`, summary),
      );
      out.commit();
      io.out(formatCompareTable(summary, seeds));
      io.out(`outputs  ${outDir}/compare.csv, ${outDir}/compare-zones.csv, ${outDir}/compare.svg\n`);
      if (argv.report) io.out(`report   ${await writeReport(outDir, { force: argv.force ?? false })}\n`);
    },
  };
}
