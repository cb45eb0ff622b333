// `kubesim report <folder>`: writes report.html into a run folder (from `kubesim run`) or a comparison
// folder (compare.csv from `kubesim compare`): plots as inline SVG, tables, no external links.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeCompareReport } from '../../report/compare-report.js';
import { ReportInputError } from '../../report/read-run.js';
import { DEFAULT_LISTED_EVENTS, writeRunReport } from '../../report/run-report.js';
import { intOption } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { listedOutput, recordOutput, writeFileAtomic } from '../output.js';
import { checkOutputFile } from '../output-target.js';

interface ReportArgs {
  folder: string;
  events?: number;
  force?: boolean;
}

export function reportCommand(io: CliIo): CommandModule<object, ReportArgs> {
  return {
    command: 'report <folder>',
    describe: 'Write report.html (plots and tables) for a run or comparison folder',
    builder: (y: Argv) =>
      y
        .positional('folder', {
          type: 'string',
          demandOption: true,
          describe: 'output folder of kubesim run or kubesim compare',
        })
        .option(
          'events',
          intOption(
            'events',
            { min: 0, max: 1_000_000 },
            'how many events of interest to list',
            DEFAULT_LISTED_EVENTS,
          ),
        )
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace a report.html that kubesim did not write',
        })
        .example('$0 report results/quickstart/seed-1', 'report on one run')
        .example(
          '$0 run scenarios/quickstart.yaml --report',
          'run, then report in the same step',
        ) as Argv<ReportArgs>,
    handler: async (argv: ArgumentsCamelCase<ReportArgs>) => {
      const file = await writeReport(argv.folder, {
        listed: argv.events ?? DEFAULT_LISTED_EVENTS,
        force: argv.force ?? false,
      });
      io.out(`wrote ${file}\n`);
    },
  };
}

/**
 * Picks the report kind by what the folder holds; bad folders are bad input (exit 2). report.html is
 * replaced only when the folder's manifest lists it (kubesim wrote it) or with --force.
 */
export async function writeReport(
  folder: string,
  opts: { listed?: number; force?: boolean } = {},
): Promise<string> {
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new CliExit(ExitCode.BadInput, `${folder}: no such folder`);
  const target = join(folder, 'report.html');
  checkOutputFile(target, {
    flag: 'report',
    force: opts.force ?? false,
    what: 'report',
    isOurs: () => listedOutput(folder, 'report.html'),
  });
  const write = (file: string, html: string) => {
    writeFileAtomic(file, html);
    recordOutput(folder, 'report.html', 'report');
  };
  try {
    if (existsSync(join(folder, 'compare.csv'))) return await writeCompareReport(folder, { write });
    if (existsSync(join(folder, 'timeseries.csv')))
      return await writeRunReport(folder, { listed: opts.listed ?? DEFAULT_LISTED_EVENTS, write });
  } catch (e) {
    if (e instanceof ReportInputError) throw new CliExit(ExitCode.BadInput, e.message);
    throw e;
  }
  throw new CliExit(
    ExitCode.BadInput,
    `${folder}: neither timeseries.csv (a kubesim run folder) nor compare.csv (a kubesim compare folder)`,
  );
}
