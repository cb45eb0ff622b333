// `kubesim report <folder>`: writes report.html into a run folder (from `kubesim run`) or a comparison
// folder (compare.csv from `kubesim compare`): plots as inline SVG, tables, no external links.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeCompareReport } from '../../report/compare-report.js';
import { ReportInputError } from '../../report/read-run.js';
import { DEFAULT_LISTED_EVENTS, writeRunReport } from '../../report/run-report.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';

interface ReportArgs {
  folder: string;
  events?: number;
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
        .option('events', {
          type: 'number',
          default: DEFAULT_LISTED_EVENTS,
          describe: 'how many events of interest to list',
        })
        .example('$0 report results/quickstart/seed-1', 'report on one run')
        .example(
          '$0 run scenarios/quickstart.yaml --report',
          'run, then report in the same step',
        ) as Argv<ReportArgs>,
    handler: async (argv: ArgumentsCamelCase<ReportArgs>) => {
      const file = await writeReport(argv.folder, argv.events ?? DEFAULT_LISTED_EVENTS);
      io.out(`wrote ${file}\n`);
    },
  };
}

/** Picks the report kind by what the folder holds; bad folders are bad input (exit 2). */
export async function writeReport(folder: string, listed = DEFAULT_LISTED_EVENTS): Promise<string> {
  if (!existsSync(folder)) throw new CliExit(ExitCode.BadInput, `${folder}: no such folder`);
  try {
    if (existsSync(join(folder, 'compare.csv'))) return await writeCompareReport(folder);
    if (existsSync(join(folder, 'timeseries.csv'))) return await writeRunReport(folder, { listed });
  } catch (e) {
    if (e instanceof ReportInputError) throw new CliExit(ExitCode.BadInput, e.message);
    throw e;
  }
  throw new CliExit(
    ExitCode.BadInput,
    `${folder}: neither timeseries.csv (a kubesim run folder) nor compare.csv (a kubesim compare folder)`,
  );
}
