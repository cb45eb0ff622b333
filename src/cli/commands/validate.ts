// `kubesim validate <scenario>...`: check files without running them (interfaces.md §1).

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ScenarioError, ScenarioLimitError } from '../../model/errors.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { prepareScenario, warningLines } from '../scenario-input.js';

interface ValidateArgs {
  scenarios: string[];
  set?: string[];
}

export function validateCommand(io: CliIo): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate <scenarios..>',
    describe: 'Check scenario files without running them',
    builder: (y: Argv) =>
      y
        .positional('scenarios', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'scenario files',
        })
        .option('set', {
          type: 'string',
          array: true,
          describe: 'override a scenario field: path=value (repeatable)',
        })
        .example('$0 validate scenarios/*.yaml', 'check every bundled scenario') as Argv<ValidateArgs>,
    handler: (argv: ArgumentsCamelCase<ValidateArgs>) => {
      let bad = 0;
      let tooBig = 0;
      for (const file of argv.scenarios) {
        try {
          const prepared = prepareScenario(file, { overrides: argv.set ?? [] });
          const { built } = prepared;
          for (const line of warningLines(prepared)) io.err(`${line}\n`);
          io.out(
            `ok   ${file} (${built.config.scenarioName}: ${built.nodes.length} nodes, ${built.pods.length} pods, ${built.workloads.length} workload objects)\n`,
          );
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          if (e instanceof ScenarioLimitError) tooBig++;
          else bad++;
          io.err(`${e.message}\n`);
        }
      }
      if (bad > 0)
        throw new CliExit(ExitCode.BadInput, `${bad} of ${argv.scenarios.length} scenario files are invalid`);
      // Well-formed but beyond kubesim's limits: exit 3, as a run that reaches a limit.
      if (tooBig > 0) {
        throw new CliExit(
          ExitCode.SimulationLimit,
          `${tooBig} of ${argv.scenarios.length} scenario files exceed kubesim's limits`,
        );
      }
    },
  };
}
