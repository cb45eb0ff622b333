// `kubesim test [paths...]` (interfaces.md §1): runs every scenario's spec.expect block and prints one
// line per expectation; exit 1 when one fails, 2 on bad input (scenario or expect block, with
// file:line), 3 when a simulation hits a limit. --junit writes a JUnit XML report, --update re-baselines
// failed exact times in the YAML files, --out also writes each run's outputs.

import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { junitXml } from '../../report/junit.js';
import { formatPath, ScenarioError } from '../../scenario/errors.js';
import { seedOption } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { checkOutputDir, checkOutputFile } from '../output-target.js';
import { makeProgress } from '../progress.js';
import { type PreparedScenario, prepareScenario } from '../scenario-input.js';
import { discoverScenarios } from '../test-runner/discover.js';
import { closingLine, reproduceCommand, resultLines, scenarioHeader } from '../test-runner/format.js';
import { loadErrorSuite, scenarioSuite } from '../test-runner/junit-suites.js';
import { runOne, type ScenarioRun } from '../test-runner/run-one.js';

export interface TestArgs {
  paths: string[];
  seed?: number;
  junit?: string;
  update?: boolean;
  out?: string;
  force?: boolean;
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
        .example('$0 test', 'run every scenario under scenarios/ that has an expect block')
        .example(
          '$0 test scenarios/node-crash.yaml --junit results/junit.xml',
          'one file, with a report for CI',
        )
        .example(
          '$0 test scenarios/ --update && git diff scenarios/',
          're-baseline exact times, then review',
        ) as Argv<TestArgs>,
    handler: async (argv: ArgumentsCamelCase<TestArgs>) => {
      await runTests(argv, io);
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
    const progress = makeProgress(io, p.built.config.scenarioName, true);
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
  if (argv.junit)
    writeFileAtomic(argv.junit, junitXml(bad.map(([file, e]) => loadErrorSuite(file, e.message))));
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
    writeFileAtomic(argv.junit, junitXml(runs.map(scenarioSuite)));
  }
  io.out(
    `\n${runs.length} scenario${runs.length === 1 ? '' : 's'} run, ${skipped} skipped${updated > 0 ? `; ${updated} expectation${updated === 1 ? '' : 's'} re-baselined (review with git diff)` : ''}\n`,
  );
  io.out(closingLine(passed, failed));
  if (invalid.length > 0)
    throw new CliExit(
      ExitCode.BadInput,
      `${invalid.length} expectation${invalid.length === 1 ? '' : 's'} could not be checked (see above)`,
    );
  if (stopped.length > 0)
    throw new CliExit(
      ExitCode.SimulationLimit,
      `${stopped.length} scenario${stopped.length === 1 ? '' : 's'} stopped early (see above)`,
    );
  if (failed > 0)
    throw new CliExit(ExitCode.ExpectationFailed, `${failed} expectation${failed === 1 ? '' : 's'} failed`);
}
