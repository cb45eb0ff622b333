// --profile in a sweep: one grid dimension whose values pick a kube-scheduler profile, resolved exactly
// as `kubesim compare --profile` resolves it (compare/profile-choice.ts) and applied to the loaded
// scenario before it is built.

import { withProfile } from '../compare/compare.js';
import { resolveChoice } from '../compare/profile-choice.js';
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from '../model/version.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';

/** The scenario as it runs under `profile`. */
export function applyProfile(loaded: LoadedScenario, profile: string): Scenario {
  let minor: number;
  try {
    minor = parseKubeVersion(loaded.scenario.spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION).minor;
  } catch {
    minor = parseKubeVersion(DEFAULT_KUBERNETES_VERSION).minor;
  }
  return withProfile(loaded.scenario, resolveChoice(profile, loaded, minor));
}
