// What `--profile NAME` means for `kubesim compare` and `kubesim sweep`, in this order: a file holding a
// KubeSchedulerConfiguration (its first profile, plus its global fields), a profile named in the
// scenario, or a built-in preset (defaults.ts PRESETS). Bad input throws ScenarioError naming the file
// or the option, so the CLI reports it with exit code 2.

import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ScenarioError, ScenarioPathError } from '../model/errors.js';
import { explainIssue } from '../scenario/issues.js';
import { type LoadedScenario, readYamlLocated } from '../scenario/load.js';
import { schedulerSchema } from '../scheduler/config.js';
import { PRESETS } from '../scheduler/defaults.js';
import { resolveSchedulerConfig } from '../scheduler/profile.js';
import type { ProfileChoice } from './compare.js';

function profileFromFile(file: string, minor: number): ProfileChoice {
  const doc = readYamlLocated(file);
  const parsed = schedulerSchema.safeParse(doc.value);
  if (!parsed.success) {
    throw new ScenarioError(
      parsed.error.issues
        .slice(0, 5)
        .flatMap((i) => explainIssue(i, schedulerSchema))
        .map((x) => doc.locate(x.path, x.message)),
    );
  }
  try {
    resolveSchedulerConfig(parsed.data, minor, []);
  } catch (e) {
    if (e instanceof ScenarioPathError) throw new ScenarioError([doc.locate(e.path, e.message)]);
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
  throw new ScenarioError([
    {
      file: `--profile ${name}`,
      path: [],
      message: `unknown profile "${name}": not a file, a profile in the scenario or a preset (${known.join(', ')})`,
    },
  ]);
}
