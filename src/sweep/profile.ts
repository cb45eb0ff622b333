// --profile in a sweep: one grid dimension whose values pick a kube-scheduler profile. The scheduler
// model (issue 4) decides how a profile is selected for a run (profiles in the scenario, built-in
// policies or KubeSchedulerConfiguration files, like `kubesim compare --profile`); until it is merged
// there is nothing to select, so a sweep with --profile stops with this message instead of running
// cells that would all be the same. The grid, sweep.csv and --emit-job already carry the dimension.

export class ProfileUnavailableError extends Error {}

/** The --set overrides that select `profile` for one cell. */
export function profileOverrides(profile: string): string[] {
  throw new ProfileUnavailableError(
    `--profile ${profile}: selecting a kube-scheduler profile needs the scheduler model (issue 4), which is not merged yet; ` +
      'until then sweep scheduler settings with --set, e.g. --set spec.scheduler.percentageOfNodesToScore=50,100',
  );
}
