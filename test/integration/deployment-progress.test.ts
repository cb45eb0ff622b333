// Deployment progress deadlines on the failure paths, end to end (deployment/progress.go
// syncRolloutStatus + requeueStuckDeployment, sync.go checkPausedConditions, util DeploymentTimedOut):
// - a finished rollout (Progressing=True, NewReplicaSetAvailable) whose pods then become unavailable in
//   a zone outage never reports ProgressDeadlineExceeded: with replicas == updatedReplicas and that
//   reason the controller does not estimate progress at all;
// - a stalled rollout paused and resumed more than progressDeadlineSeconds later gets its deadline from
//   the resume (Progressing=Unknown, DeploymentResumed, lastUpdateTime = resume): it times out at
//   resume + 600 + 1 s, seen by the re-sync requeueStuckDeployment queues for one second after it.

import { beforeAll, describe, expect, it } from 'vitest';
import { type PublicRun, rows, runPublic, S, times } from './public-run.js';

const deployment = (tolerationSeconds: number) => `
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            tolerations:
              - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: ${tolerationSeconds}}
            containers: [{name: web, image: "v1", resources: {requests: {cpu: "1", memory: 1Gi}}}]`;

describe('a finished rollout whose pods become unavailable', () => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: outage-after-rollout}
spec:
  seed: 1
  duration: 40m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: g, count: 4, zones: [zone-a, zone-b], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:${deployment(3600)}
  faults:
    - {at: 1m, action: zone-outage, zone: zone-a, for: 30m}
`);
  });

  it('reports no ProgressDeadlineExceeded (progress.go isCompleteDeployment, DeploymentTimedOut)', () => {
    // The zone-a pods go NotReady at 105 s and stay (they tolerate unreachable for an hour).
    expect(rows(run, { reason: 'ProgressDeadlineExceeded' })).toEqual([]);
  });

  it('writes NewReplicaSetAvailable once, when the rollout completed', () => {
    const done = rows(run, { reason: 'NewReplicaSetAvailable' });
    expect(done).toHaveLength(1);
    expect((done[0]?.t ?? 0) / S).toBeLessThan(60);
  });

  it('reports the lost availability through the Available condition instead', () => {
    // Available=False at creation (nothing available yet), True once 3 of 4 are, False again at 105 s.
    const lost = times(run, { reason: 'MinimumReplicasUnavailable', object: 'Deployment/default/web' });
    expect(lost[0]).toBe(0);
    expect(lost.slice(1)).toEqual([105]);
  });
});

describe('a stalled rollout paused and resumed after more than progressDeadlineSeconds', () => {
  const template = (
    cpu: string,
    paused: boolean,
  ) => `{action: apply, manifest: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web},
        spec: {replicas: 2, paused: ${paused}, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}},
        spec: {containers: [{name: web, image: v2, resources: {requests: {cpu: "${cpu}"}}}]}}}}}`;
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: pause-resume}
spec:
  seed: 1
  duration: 40m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: g, count: 2, capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: v1, resources: {requests: {cpu: "1"}}}]}
  operations:
    - {at: 1m, ${template('100', false).slice(1)}
    - {at: 2m, ${template('100', true).slice(1)}
    - {at: 20m, ${template('100', false).slice(1)}
`);
  });

  it('marks the pause and the resume on the Progressing condition', () => {
    expect(times(run, { reason: 'DeploymentPaused' })).toEqual([120]);
    expect(times(run, { reason: 'DeploymentResumed' })).toEqual([1200]);
  });

  it('times out progressDeadlineSeconds after the resume, not at it (checkPausedConditions)', () => {
    const t = times(run, { reason: 'ProgressDeadlineExceeded' });
    expect(t).toHaveLength(1);
    expect(t[0]).toBeCloseTo(1200 + 600 + 1, 0);
  });
});
