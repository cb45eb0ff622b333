#!/usr/bin/env node
// kubesim command line (interfaces.md §1). Handlers parse arguments, call the library, write files and
// set the exit code; main() runs in-process so tests can call it without spawning node.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { SimulationAssertionError, SimulationLimitError } from '../engine/assert.js';
import { ScenarioError, ScenarioLimitError } from '../model/errors.js';
import { FileReadError, fsReason } from '../scenario/read-file.js';
import { benchCommand } from './commands/bench.js';
import { capacityCommand } from './commands/capacity.js';
import { compareCommand } from './commands/compare.js';
import { explainCommand } from './commands/explain.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { sweepCommand } from './commands/sweep.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';
import { CliExit, type CliIo, ExitCode, processIo } from './io.js';
import { enableSignalCleanup } from './signals.js';
import { kubesimVersion } from './version.js';

export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const debug = args.includes('--debug');
  const parser = yargs([...args])
    .scriptName('kubesim')
    .usage('$0 <command> [options]\n\nDeterministic discrete-event simulator of a Kubernetes control plane.')
    .command(runCommand(io))
    .command(validateCommand(io))
    .command(testCommand(io))
    .command(reportCommand(io))
    .command(sweepCommand(io))
    .command(explainCommand(io))
    .command(compareCommand(io))
    .command(benchCommand(io))
    .command(capacityCommand(io))
    .option('debug', { type: 'boolean', describe: 'show stack traces for errors' })
    .demandCommand(1, 'name a command, e.g. kubesim run scenarios/quickstart.yaml')
    .example('$0 run scenarios/quickstart.yaml', 'simulate the bundled quick-start scenario')
    .example('$0 validate scenarios/*.yaml', 'check scenario files')
    .strict()
    .version(kubesimVersion())
    .help()
    // No wrapping: yargs would break a long example command across lines, which then cannot be pasted.
    .wrap(null)
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs' own errors (YError: unknown option, bad flag value from a coerce) are usage errors.
      if (err && err.name !== 'YError') throw err;
      throw new CliExit(ExitCode.BadInput, `${msg ?? err?.message}\nRun kubesim --help for usage.`);
    });
  try {
    await parser.parseAsync();
    return ExitCode.Ok;
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function reportError(e: unknown, io: CliIo, debug: boolean): number {
  const stack = debug && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  if (e instanceof ScenarioLimitError) {
    io.err(`kubesim: scenario exceeds a limit\n${e.message}${stack}\n`);
    return ExitCode.SimulationLimit;
  }
  if (e instanceof ScenarioError) {
    io.err(`kubesim: invalid input\n${e.message}${stack}\n`);
    return ExitCode.BadInput;
  }
  if (e instanceof CliExit) {
    io.err(`kubesim: ${e.message}${stack}\n`);
    return e.code;
  }
  if (e instanceof FileReadError) {
    io.err(`kubesim: cannot read ${e.path}: ${e.reason}${stack}\n`);
    return ExitCode.BadInput;
  }
  const fsError = fileSystemError(e);
  if (fsError !== undefined) {
    io.err(`kubesim: ${fsError}${stack}\n`);
    return ExitCode.BadInput;
  }
  if (e instanceof SimulationLimitError || e instanceof SimulationAssertionError) {
    io.err(
      `kubesim: ${e instanceof SimulationLimitError ? 'limit reached' : 'internal assertion failed'}: ${e.message}${stack}\n`,
    );
    return ExitCode.SimulationLimit;
  }
  io.err(
    `kubesim: unexpected error: ${e instanceof Error ? e.message : String(e)}${stack || (e instanceof Error ? `\n${e.stack}` : '')}\n` +
      'This is a bug in kubesim; please report it with the scenario file.\n',
  );
  return ExitCode.SimulationLimit;
}

const SYSCALL_VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove the folder',
  rm: 'remove',
  scandir: 'list the folder',
  stat: 'read',
  lstat: 'read',
  realpath: 'resolve',
  copyfile: 'copy',
};

/** A Node file-system error (EACCES, ENOENT, EROFS, ...) in words with its path, or undefined. */
function fileSystemError(e: unknown): string | undefined {
  const reason = fsReason(e);
  if (reason === undefined || !(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const verb = SYSCALL_VERBS[err.syscall ?? ''] ?? err.syscall ?? 'use';
  const path = err.path !== undefined ? ` ${err.path}${err.dest !== undefined ? ` to ${err.dest}` : ''}` : '';
  return `cannot ${verb}${path}: ${reason}`;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `kubesim compare ... | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  enableSignalCleanup();
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kubesim: ${String(e)}\n`);
      process.exitCode = ExitCode.SimulationLimit;
    },
  );
}
