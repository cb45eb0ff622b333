// --profile in a sweep: one grid dimension whose values pick a kube-scheduler profile, resolved as
// `kubesim compare --profile` resolves it (a KubeSchedulerConfiguration file, a profile named in the
// scenario, or a built-in preset) and applied to the loaded scenario before it is built. That
// resolution belongs to the scheduler model (issue 4), which is not merged yet; until it is, a sweep
// with --profile stops with this message instead of running cells that would all be the same. The grid,
// sweep.csv and --emit-job already carry the dimension; wiring it is this one function.

import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';

export class ProfileUnavailableError extends Error {}

/** The scenario as it runs under `profile`. */
export function applyProfile(_loaded: LoadedScenario, profile: string): Scenario {
  throw new ProfileUnavailableError(
    `--profile ${profile}: selecting a kube-scheduler profile needs the scheduler model (issue 4), which is not merged yet; ` +
      'until then sweep scheduler settings with --set, e.g. --set spec.scheduler.percentageOfNodesToScore=50,100',
  );
}
