// `kubesim test [paths...]` (interfaces.md §1): runs every scenario's spec.expect block and prints one
// line per expectation; exit 1 when one fails, 2 on bad input (scenario or expect block, with
// file:line), 3 when a simulation hits a limit. --junit writes a JUnit XML report, --update re-baselines
// failed exact times in the YAML files, --out also writes each run's outputs. --seeds runs each
// scenario once per seed (on --workers threads) and checks each expectation over the seeds.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { aggregateSeeds } from '../../expect/seeds.js';
import { formatPath, ScenarioError } from '../../model/errors.js';
import { junitXml } from '../../report/junit.js';
import { intOption, parseSeedsFlag, seedOption, WORKERS_RANGE } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { checkOutputDir, checkOutputFile } from '../output-target.js';
import { makeCountProgress, makeProgress } from '../progress.js';
import { type PreparedScenario, prepareScenario } from '../scenario-input.js';
import { discoverScenarios } from '../test-runner/discover.js';
import { closingLine, reproduceCommand, resultLines, scenarioHeader } from '../test-runner/format.js';
import { loadErrorSuite, scenarioSuite } from '../test-runner/junit-suites.js';
import { runOne, type ScenarioRun } from '../test-runner/run-one.js';
import { runSeedTasks } from '../test-runner/seed-runs.js';
import { formatSeeded, type SeededScenario, seededSuite } from '../test-runner/seeded.js';

export interface TestArgs {
  paths: string[];
  seed?: number;
  seeds?: string;
  workers?: number;
  junit?: string;
  update?: boolean;
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

export function testCommand(io: CliIo): CommandModule<object, TestArgs> {
  return {
    command: 'test [paths..]',
    describe: "Run scenarios' expect blocks and report each expectation (regression tests)",
    builder: (y: Argv) =>
      y
        .positional('paths', {
          type: 'string',
          array: true,
          default: ['scenarios/'],
          describe: 'scenario files or folders (searched recursively)',
        })
        .option('seed', seedOption('run every scenario with this seed instead of spec.seed'))
        .option('seeds', {
          type: 'string',
          describe:
            'run every scenario once per seed (1..20 or 1,2,5); an expectation passes when it holds in every seed, or in its seeds: {atLeast: N%}',
        })
        .option(
          'workers',
          intOption(
            'workers',
            WORKERS_RANGE,
            'worker threads for --seeds runs (results do not depend on it)',
            1,
          ),
        )
        .option('junit', { type: 'string', describe: 'also write a JUnit XML report to this file' })
        .option('update', {
          type: 'boolean',
          default: false,
          describe: 'rewrite failed exact times (at:) in the files from the observed runs',
        })
        .option('out', {
          type: 'string',
          describe: "also write each run's outputs under DIR/<scenario>/seed-<N>/",
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace --out folders and the --junit file even if kubesim did not write them',
        })
        .option('quiet', {
          type: 'boolean',
          default: false,
          describe: 'no progress lines on stderr (results still print)',
        })
        .example('$0 test', 'run every scenario under scenarios/ that has an expect block')
        .example(
          '$0 test scenarios/node-crash.yaml --junit results/junit.xml',
          'one file, with a report for CI',
        )
        .example('$0 test scenarios/ --update && git diff scenarios/', 're-baseline exact times, then review')
        .example(
          '$0 test scenarios/zone-outage-large.yaml --seeds 1..20 --workers 2',
          'each expectation over 20 seeds, with p5/p50/p95 and the failing seeds',
        ) as Argv<TestArgs>,
    handler: async (argv: ArgumentsCamelCase<TestArgs>) => {
      if (argv.seeds !== undefined) await runSeedTests(argv, io);
      else await runTests(argv, io);
    },
  };
}

export async function runTests(argv: TestArgs, io: CliIo): Promise<void> {
  if (argv.junit !== undefined) checkJunit(argv);
  const found = discoverScenarios(argv.paths.length > 0 ? argv.paths : ['scenarios/']);
  for (const s of found.skipped) io.out(`skip  ${s.file}: ${s.why}\n`);
  const prepared = loadAll(found.files, argv, io);
  if (argv.out !== undefined) checkOutDirs(argv.out, prepared, argv.force ?? false);
  const runs: ScenarioRun[] = [];
  for (const [file, p] of prepared) {
    const expectations = p.loaded.scenario.spec.expect ?? [];
    io.out(scenarioHeader(file, p.built.config.scenarioName, p.built.config.seed, expectations.length));
    const progress = makeProgress(io, p.built.config.scenarioName, { quiet: argv.quiet ?? false });
    const run = await runOne(file, p, {
      update: argv.update ?? false,
      onProgress: progress.update,
      force: argv.force ?? false,
      ...(argv.out !== undefined ? { outDir: argv.out } : {}),
    });
    progress.stop();
    io.out(formatRun(run));
    runs.push(run);
  }
  finish(runs, found.skipped.length, argv, io);
}

/** A JUnit file kubesim wrote: its root element as junitXml writes it. */
const isJunit = (head: string) =>
  head.startsWith('<?xml') && head.includes('<testsuites name="kubesim test"');

function checkJunit(argv: TestArgs): void {
  checkOutputFile(argv.junit as string, {
    flag: '--junit',
    force: argv.force ?? false,
    what: 'JUnit report written by kubesim test',
    isOurs: isJunit,
  });
}

/** Every DIR/<scenario>/seed-<N> folder may be written, and no two scenarios share one. */
function checkOutDirs(
  dir: string,
  prepared: ReadonlyArray<[string, PreparedScenario]>,
  force: boolean,
): void {
  const seen = new Map<string, string>();
  for (const [file, p] of prepared) {
    const target = join(dir, p.built.config.scenarioName, `seed-${p.built.config.seed}`);
    const other = seen.get(target);
    if (other !== undefined)
      throw new CliExit(
        ExitCode.BadInput,
        `--out ${dir}: ${other} and ${file} would both write ${target} (the same metadata.name and seed)`,
      );
    seen.set(target, file);
    checkOutputDir(target, { flag: '--out', force, inputs: p.loaded.files });
  }
}

/** `--seeds`: every (scenario, seed) run, then one verdict per expectation over the seeds. */
async function runSeedTests(argv: TestArgs, io: CliIo): Promise<void> {
  const seeds = seedList(argv);
  if (argv.junit !== undefined) checkJunit(argv);
  const found = discoverScenarios(argv.paths.length > 0 ? argv.paths : ['scenarios/']);
  for (const s of found.skipped) io.out(`skip  ${s.file}: ${s.why}\n`);
  const prepared = loadAll(found.files, argv, io);
  if (argv.out !== undefined)
    for (const seed of seeds) checkOutDirs(argv.out, withSeed(prepared, seed), argv.force ?? false);
  const tasks = prepared.flatMap(([file]) => seeds.map((seed) => ({ file, seed })));
  const workers = Math.min(argv.workers ?? 1, tasks.length);
  const progress = makeCountProgress(io, 'test', 'runs', tasks.length, { quiet: argv.quiet ?? false });
  const runs = await runSeedTasks(
    { tasks, force: argv.force ?? false, ...(argv.out !== undefined ? { outDir: argv.out } : {}) },
    workers,
    progress.update,
  ).finally(progress.stop);
  const scenarios = prepared.map(([file, p], k): SeededScenario => {
    const mine = runs.slice(k * seeds.length, (k + 1) * seeds.length);
    const expectations = p.loaded.scenario.spec.expect ?? [];
    const ran = mine.filter((r) => r.error === undefined);
    return {
      file,
      name: p.built.config.scenarioName,
      seeds,
      runs: mine,
      verdicts: aggregateSeeds(expectations, ran),
    };
  });
  for (const s of scenarios) io.out(formatSeeded(s));
  finishSeeded(scenarios, found.skipped.length, argv, io);
}

/** The prepared scenarios as they would be named with another seed (for the --out checks). */
function withSeed(
  prepared: ReadonlyArray<[string, PreparedScenario]>,
  seed: number,
): Array<[string, PreparedScenario]> {
  return prepared.map(([file, p]) => [
    file,
    { ...p, built: { ...p.built, config: { ...p.built.config, seed } } },
  ]);
}

/** Seeds one `kubesim test --seeds` may run each scenario with. */
const MAX_TEST_SEEDS = 10_000;

function seedList(argv: TestArgs): number[] {
  if (argv.seed !== undefined)
    throw new CliExit(ExitCode.BadInput, '--seed and --seeds cannot be combined; give the seed in --seeds');
  if (argv.update)
    throw new CliExit(
      ExitCode.BadInput,
      '--update re-baselines from one run; it cannot be combined with --seeds',
    );
  return parseSeedsFlag(argv.seeds, MAX_TEST_SEEDS);
}

function finishSeeded(
  scenarios: readonly SeededScenario[],
  skipped: number,
  argv: TestArgs,
  io: CliIo,
): void {
  const verdicts = scenarios.flatMap((s) => s.verdicts);
  const passed = verdicts.filter((v) => v.status === 'pass').length;
  const failed = verdicts.filter((v) => v.status === 'fail').length;
  const invalid = scenarios.flatMap((s) => s.runs.flatMap((r) => [...r.invalid.values()]));
  const stopped = scenarios.flatMap((s) => s.runs.filter((r) => r.error));
  for (const m of new Set(invalid)) io.err(`${m}\n`);
  if (argv.junit) writeJunit(argv.junit, junitXml(scenarios.map(seededSuite)));
  const runs = scenarios.reduce((n, s) => n + s.runs.length, 0);
  io.out(
    `\n${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} x ${scenarios[0]?.seeds.length ?? 0} seeds (${runs} runs), ${skipped} skipped\n`,
  );
  io.out(closingLine(passed, failed));
  exitFor(invalid.length > 0 ? new Set(invalid).size : 0, stopped.length, failed, 'run');
}

/** The exit of a test run: bad input first, then stopped runs, then failed expectations. */
function exitFor(invalid: number, stopped: number, failed: number, unit: 'scenario' | 'run'): void {
  if (invalid > 0)
    throw new CliExit(
      ExitCode.BadInput,
      `${invalid} expectation${invalid === 1 ? '' : 's'} could not be checked (see above)`,
    );
  if (stopped > 0)
    throw new CliExit(
      ExitCode.SimulationLimit,
      `${stopped} ${unit}${stopped === 1 ? '' : 's'} stopped early (see above)`,
    );
  if (failed > 0)
    throw new CliExit(ExitCode.ExpectationFailed, `${failed} expectation${failed === 1 ? '' : 's'} failed`);
}

/** Loads every scenario first, so bad input is reported at once and nothing runs (exit 2). */
function loadAll(files: readonly string[], argv: TestArgs, io: CliIo): Array<[string, PreparedScenario]> {
  const ok: Array<[string, PreparedScenario]> = [];
  const bad: Array<[string, ScenarioError]> = [];
  for (const file of files) {
    try {
      ok.push([file, prepareScenario(file, argv.seed !== undefined ? { seed: argv.seed } : {})]);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      bad.push([file, e]);
    }
  }
  if (bad.length === 0) return ok;
  for (const [, e] of bad) io.err(`${e.message}\n`);
  if (argv.junit) writeJunit(argv.junit, junitXml(bad.map(([file, e]) => loadErrorSuite(file, e.message))));
  throw new CliExit(
    ExitCode.BadInput,
    `${bad.length} of ${files.length} scenario files are invalid; nothing was run`,
  );
}

/** Everything under a scenario's header line. */
function formatRun(run: ScenarioRun): string {
  let text = '';
  if (run.error)
    return `${text}  ERROR  ${run.error.message}\n  reproduce: ${reproduceCommand(run.file, run.seed)}\n`;
  const updated = new Set(run.updates.map((u) => u.path[2]));
  for (const r of run.results) text += resultLines(r, updated.has(r.index));
  for (const u of run.updates)
    text += `  updated ${run.file}:${u.line} ${formatPath(u.path)}: ${u.before} -> ${u.after}\n`;
  for (const n of run.updateNotes) text += `  ${n}\n`;
  if (run.results.some((r) => r.status === 'fail' && !updated.has(r.index)))
    text += `  seed ${run.seed}; reproduce: ${reproduceCommand(run.file, run.seed)}\n`;
  return text;
}

function finish(runs: readonly ScenarioRun[], skipped: number, argv: TestArgs, io: CliIo): void {
  let passed = 0;
  let failed = 0;
  let updated = 0;
  for (const run of runs) {
    const done = new Set(run.updates.map((u) => u.path[2]));
    for (const r of run.results) {
      if (r.status === 'pass') passed++;
      else if (r.status === 'fail' && done.has(r.index)) updated++;
      else failed++;
    }
  }
  const invalid = runs.flatMap((r) => [...r.invalid.values()]);
  const stopped = runs.filter((r) => r.error);
  for (const m of invalid) io.err(`${m}\n`);
  if (argv.junit) {
    checkJunit(argv);
    writeJunit(argv.junit, junitXml(runs.map(scenarioSuite)));
  }
  io.out(
    `\n${runs.length} scenario${runs.length === 1 ? '' : 's'} run, ${skipped} skipped${updated > 0 ? `; ${updated} expectation${updated === 1 ? '' : 's'} re-baselined (review with git diff)` : ''}\n`,
  );
  io.out(closingLine(passed, failed));
  exitFor(invalid.length, stopped.length, failed, 'scenario');
}

/** The JUnit file, its folder created first (`--junit results/junit.xml` on a fresh checkout). */
function writeJunit(file: string, xml: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, xml);
}
