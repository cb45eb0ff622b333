// `kubesim compare <scenario> --profile A --profile B ... [--seeds 1..5] [--out DIR]` (interfaces.md §1):
// runs the scenario under each profile and seed, prints mean ± sd per metric side by side, and writes
// compare.csv (one row per profile x seed) and compare.svg. A profile is, in this order: a file holding
// a KubeSchedulerConfiguration (its first profile), a profile named in the scenario, or a built-in preset.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parseAllDocuments } from 'yaml';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { buildScenario } from '../../scenario/build.js';
import { ScenarioError, ScenarioPathError } from '../../scenario/errors.js';
import { explainIssue } from '../../scenario/issues.js';
import type { LoadedScenario } from '../../scenario/load.js';
import {
  COMPARE_HEADER,
  type CompareRow,
  formatCompareTable,
  type ProfileChoice,
  runOne,
  summarizeRows,
  withProfile,
} from '../../scheduler/compare.js';
import { compareSvg } from '../../scheduler/compare-plot.js';
import { schedulerSchema } from '../../scheduler/config.js';
import { PRESETS } from '../../scheduler/defaults.js';
import { resolveSchedulerConfig } from '../../scheduler/profile.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { AtomicOutputDir } from '../output.js';
import { locateErrors, prepareScenario } from '../scenario-input.js';

interface CompareArgs {
  scenario: string;
  profile: string[];
  seeds: string;
  out?: string;
  set?: string[];
}

/** "1..5", "1,3,7" or "4". */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a || b - a > 1000) throw new CliExit(ExitCode.BadInput, `bad --seeds range "${text}"`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const list = text.split(',').map((s) => s.trim());
  if (list.length === 0 || list.some((s) => !/^\d+$/.test(s))) {
    throw new CliExit(ExitCode.BadInput, `expected --seeds like 1..5 or 1,2,3, got "${text}"`);
  }
  return list.map(Number);
}

function profileFromFile(file: string, minor: number): ProfileChoice {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc || doc.errors.length > 0) {
    throw new ScenarioError([
      { file, path: [], message: doc?.errors[0]?.message ?? 'expected a KubeSchedulerConfiguration' },
    ]);
  }
  const parsed = schedulerSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ScenarioError(
      parsed.error.issues
        .slice(0, 5)
        .flatMap((i) => explainIssue(i, schedulerSchema))
        .map((x) => ({ file, path: x.path, message: x.message })),
    );
  }
  try {
    resolveSchedulerConfig(parsed.data, minor, []);
  } catch (e) {
    if (e instanceof ScenarioPathError) throw new ScenarioError([{ file, path: e.path, message: e.message }]);
    throw e;
  }
  const { profiles, ...globals } = parsed.data;
  return { label: basename(file, extname(file)), profile: profiles?.[0] ?? {}, globals };
}

export function resolveChoice(name: string, loaded: LoadedScenario, minor: number): ProfileChoice {
  if (existsSync(name) && statSync(name).isFile()) return profileFromFile(name, minor);
  const own = loaded.scenario.spec.scheduler?.profiles?.find(
    (p) => (p.schedulerName ?? 'default-scheduler') === name,
  );
  if (own) return { label: name, profile: own };
  if (PRESETS[name]) return { label: name, profile: { preset: name } };
  const known = [
    ...(loaded.scenario.spec.scheduler?.profiles ?? []).map((p) => p.schedulerName ?? 'default-scheduler'),
    ...Object.keys(PRESETS),
  ];
  throw new CliExit(
    ExitCode.BadInput,
    `unknown profile "${name}": not a file, a profile in the scenario or a preset (${known.join(', ')})`,
  );
}

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
        .option('seeds', { type: 'string', default: '1..3', describe: 'seeds: 1..5 or 1,2,3' })
        .option('out', { type: 'string', describe: 'output folder (default results/<scenario>/compare/)' })
        .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value' })
        .example(
          '$0 compare scenarios/binpack-vs-spread-1000.yaml --profile bin-packing --profile spread',
          'two presets, seeds 1..3',
        )
        .example(
          '$0 compare s.yaml --profile default --profile my-sched.yaml --seeds 1..5 --out /tmp/cmp',
          'a preset against a config file',
        ) as Argv<CompareArgs>,
    handler: (argv: ArgumentsCamelCase<CompareArgs>) => {
      const { loaded, built } = prepareScenario(argv.scenario, { overrides: argv.set ?? [] });
      const seeds = parseSeeds(argv.seeds);
      const minor = built.config.version.minor;
      const choices = argv.profile.map((p) => resolveChoice(p, loaded, minor));
      const labels = new Set<string>();
      for (const c of choices) {
        if (labels.has(c.label)) throw new CliExit(ExitCode.BadInput, `profile "${c.label}" is given twice`);
        labels.add(c.label);
        locateErrors(loaded, () => buildScenario(withProfile(loaded.scenario, c)));
      }
      const rows: CompareRow[] = [];
      for (const c of choices) {
        for (const seed of seeds) {
          if (io.stderrIsTty) io.err(`\rrunning ${c.label} seed ${seed} ...`);
          rows.push(locateErrors(loaded, () => runOne(loaded.scenario, c, seed)));
        }
      }
      if (io.stderrIsTty) io.err('\r\x1b[K');
      const summary = summarizeRows(rows);
      const outDir = argv.out ?? join('results', built.config.scenarioName, 'compare');
      const out = new AtomicOutputDir(outDir);
      out.writeFile(
        'compare.csv',
        stringify(
          rows.map((r) => COMPARE_HEADER.map((h) => r[h])),
          { header: true, columns: [...COMPARE_HEADER] },
        ),
      );
      out.writeFile(
        'compare.svg',
        compareSvg(`${built.config.scenarioName}: ${[...labels].join(' vs ')}`, summary),
      );
      out.commit();
      io.out(formatCompareTable(summary, seeds));
      io.out(`outputs  ${outDir}/compare.csv, ${outDir}/compare.svg\n`);
    },
  };
}
