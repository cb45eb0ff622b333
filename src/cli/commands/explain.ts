// `kubesim explain <scenario> --pod <pod.yaml> [--at DURATION] [--profile NAME] [--json] [--all-nodes]`
// (interfaces.md §1, §4): one scheduling decision, explained per node and plugin.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseDurationUs } from '../../engine/time.js';
import { ScenarioError } from '../../model/errors.js';
import { type PodManifest, podManifestSchema } from '../../model/k8s-schema.js';
import { explainIssue } from '../../scenario/issues.js';
import { ScenarioSource } from '../../scenario/load.js';
import { FileReadError, INPUT_LIMITS, readRegularFile } from '../../scenario/read-file.js';
import type { Scenario } from '../../scenario/schema.js';
import { validatePodManifest } from '../../scenario/validate-manifests.js';
import { parseYamlText, yamlToJS } from '../../scenario/yaml-text.js';
import { buildExplainPod, explainPod, formatExplain, UnknownProfileError } from '../../scheduler/explain.js';
import { simulateTo } from '../../sim/simulate.js';
import { seedOption } from '../flags.js';
import { CliExit, type CliIo, ExitCode } from '../io.js';
import { locateErrors, prepareScenario } from '../scenario-input.js';

interface ExplainArgs {
  scenario: string;
  pod: string;
  at?: string;
  profile?: string;
  json?: boolean;
  allNodes?: boolean;
  set?: string[];
  seed?: number;
}

/**
 * Reads a Pod manifest (YAML or JSON, exactly one document, a regular file within INPUT_LIMITS) and
 * validates it as the API server would a Pod of the scenario's release; problems become ScenarioErrors
 * naming the file, line and path.
 */
export function readPodManifest(file: string, scenario: Scenario): PodManifest {
  let text: string;
  try {
    text = readRegularFile(file, { maxBytes: INPUT_LIMITS.yamlBytes });
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new ScenarioError([{ file, path: [], message: `cannot read pod file: ${e.reason}` }]);
  }
  const parsed = parseYamlText(text, { file });
  const docs = parsed.docs.filter((d) => d.contents !== null);
  const doc = docs[0];
  if (docs.length !== 1 || doc === undefined) {
    throw new ScenarioError([
      {
        file,
        path: [],
        message: `expected one YAML document holding a Pod, found ${docs.length}`,
      },
    ]);
  }
  const source = new ScenarioSource({ file, doc, lines: parsed.lines, basePath: [] });
  const raw = yamlToJS(doc, parsed.lines, { file });
  const pod = podManifestSchema.safeParse(raw);
  if (!pod.success) {
    const problems = pod.error.issues
      .slice(0, 5)
      .flatMap((i) => explainIssue(i, podManifestSchema))
      .map((x) => source.locate(x.path, x.message));
    throw new ScenarioError(problems);
  }
  const invalid = validatePodManifest(raw as Record<string, unknown>, scenario);
  if (invalid.length > 0)
    throw new ScenarioError(invalid.slice(0, 5).map((x) => source.locate(x.path, x.message)));
  return pod.data;
}

export function explainCommand(io: CliIo): CommandModule<object, ExplainArgs> {
  return {
    command: 'explain <scenario>',
    describe: 'Explain one scheduling decision: filters and scores per node and plugin',
    builder: (y: Argv) =>
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file' })
        .option('pod', {
          type: 'string',
          demandOption: true,
          describe: 'Pod manifest to place (YAML or JSON)',
        })
        .option('at', {
          type: 'string',
          describe: 'cluster state at this virtual time (default 0: initial objects placed)',
        })
        .option('profile', {
          type: 'string',
          describe: "scheduler profile (default: the pod's schedulerName)",
        })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON (interfaces.md §4)' })
        .option('all-nodes', {
          type: 'boolean',
          default: false,
          describe: 'also score nodes that fail a filter (as upstream score-plugin unit tests do)',
        })
        .option('seed', seedOption('random seed (overrides spec.seed)'))
        .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value' })
        .example(
          '$0 explain scenarios/explain-demo.yaml --pod scenarios/data/explain-pod.yaml',
          'why does this pod go where it goes',
        )
        .example(
          '$0 explain scenarios/quickstart.yaml --pod scenarios/data/explain-pod.yaml --at 5m --json',
          'the same five minutes in, as JSON',
        ) as Argv<ExplainArgs>,
    handler: (argv: ArgumentsCamelCase<ExplainArgs>) => {
      const { loaded, built } = prepareScenario(argv.scenario, {
        overrides: argv.set ?? [],
        ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
      });
      let atUs = 0;
      if (argv.at !== undefined) {
        try {
          atUs = parseDurationUs(argv.at);
        } catch (e) {
          throw new ScenarioError([{ file: `--at ${argv.at}`, path: [], message: (e as Error).message }]);
        }
      }
      const manifest = readPodManifest(argv.pod, loaded.scenario);
      const result = locateErrors(loaded, () => {
        const sim = simulateTo(built, atUs);
        let pod: ReturnType<typeof buildExplainPod>;
        try {
          pod = buildExplainPod(sim, manifest);
        } catch (e) {
          throw new ScenarioError([{ file: argv.pod, path: ['spec'], message: (e as Error).message }]);
        }
        try {
          return explainPod(sim, pod, {
            atUs,
            ...(argv.profile !== undefined ? { profile: argv.profile } : {}),
            allNodes: argv.allNodes ?? false,
          });
        } catch (e) {
          if (e instanceof UnknownProfileError) throw new CliExit(ExitCode.BadInput, e.message);
          throw e;
        }
      });
      io.out(argv.json ? `${JSON.stringify(result, null, 2)}\n` : formatExplain(result));
    },
  };
}
