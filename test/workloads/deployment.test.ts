import { describe, expect, it } from 'vitest';
import { rolloutComplete, rolloutTimedOut } from '../../src/controllers/deployment-util.js';
import type { Deployment } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const scenario = (strategy: string, cpu: string, ops = '') => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dep}
spec:
  duration: 30m
  cluster:
    nodePools: [{name: p, count: 2, zones: [z-a], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 4
        progressDeadlineSeconds: 120
        strategy: ${strategy}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: v1, resources: {requests: {cpu: "${cpu}"}}}]}
  operations:
${ops || '    []'}
`;

describe('Deployment end to end', () => {
  it('Recreate: no new pod exists before the last old pod is gone', () => {
    const sim = simFromYaml(
      scenario(
        '{type: Recreate}',
        '500m',
        '    - {at: 1m, action: set-image, target: Deployment/web, image: v2}',
      ),
    );
    runUntil(sim, 10 * 60 * S);
    const old = sim.state.podHistory.slice(0, 4);
    const fresh = sim.state.podHistory.slice(4);
    expect(fresh).toHaveLength(4);
    const lastOldGone = Math.max(...old.map((p) => p.removedUs as number));
    expect(lastOldGone).toBeGreaterThan(60 * S);
    expect(Math.min(...fresh.map((p) => p.createdUs))).toBe(lastOldGone);
    expect(rolloutComplete((sim.workloads.store.get('Deployment', 'default/web') as Deployment).status)).toBe(
      true,
    );
  });

  it('a rollout that cannot progress is marked ProgressDeadlineExceeded after progressDeadlineSeconds', () => {
    // 4 x 5 cpu on two 8-cpu nodes: only two pods ever fit.
    const sim = simFromYaml(scenario('{type: RollingUpdate}', '5'));
    runUntil(sim, 10 * 60 * S);
    const rows = sim.log.keptRows.filter((r) => r.reason === 'ProgressDeadlineExceeded');
    expect(rows).toHaveLength(1);
    const started = sim.state.podHistory.flatMap((p) => (p.startedUs === null ? [] : [p.startedUs]));
    expect(started).toHaveLength(2);
    // The last progress was the second pod becoming ready and available (minReadySeconds 0) when its
    // containers started, a bind (~2 ms) and a start-up stage (~1 s) after creation, at P in (1 s, 2 s).
    // Upstream (deployment/util DeploymentTimedOut, progress.go requeueStuckDeployment): the condition's
    // lastUpdateTime is P in whole seconds (1 s), so the deadline is 121 s and only a sync strictly after
    // it times out. The first sync (t = 0, progress 0) queued a re-sync at 120 + 1 = 121 s, the earliest
    // AddAfter wins; at 121 s nothing has passed yet and under a second is left, so the key is requeued
    // rate-limited (5 ms): ProgressDeadlineExceeded at 121.005 s.
    expect(Math.floor(Math.max(...started) / S)).toBe(1);
    expect(rows[0]?.timeUs).toBe(121 * S + 5_000);
    expect(rolloutTimedOut((sim.workloads.store.get('Deployment', 'default/web') as Deployment).status)).toBe(
      true,
    );
  });
});
