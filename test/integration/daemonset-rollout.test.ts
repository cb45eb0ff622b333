// DaemonSet rolling updates with minReadySeconds, end to end (pkg/controller/daemon/update.go
// rollingUpdate, daemon_controller.go updateDaemonSetStatus): a new pod counts as unavailable until
// podutil.IsPodAvailable (Ready for minReadySeconds: its Ready lastTransitionTime in whole seconds plus
// minReadySeconds strictly before now), and the status update re-queues the DaemonSet after
// minReadySeconds while numberReady != numberAvailable; a daemon pod turning Ready also re-queues it
// after minReadySeconds + 1 s (updatePod). So each node's step waits for the previous new pod:
// - maxSurge 0, maxUnavailable 1: delete one old pod, and the next one when its replacement is
//   available: at the status re-sync 60 s after the replacement became Ready;
// - maxSurge 1, maxUnavailable 0: create the new pod beside the old one, delete the old one once the new
//   one is available and surge onto the next node in the same sync: at the updatePod re-queue 61 s after
//   the new pod became Ready (the status counts the old pod on that node, so it re-queues nothing).

import { beforeAll, describe, expect, it } from 'vitest';
import { type PublicRun, runPublic, S, times } from './public-run.js';

const scenario = (strategy: string) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ds-rollout}
spec:
  seed: 1
  duration: 10m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: node, count: 3, capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: kube-system}
      spec:
        minReadySeconds: 60
        updateStrategy: {type: RollingUpdate, rollingUpdate: ${strategy}}
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {containers: [{name: agent, image: v1, resources: {requests: {cpu: 100m, memory: 128Mi}}}]}
  operations:
    - {at: 2m, action: set-image, target: DaemonSet/kube-system/agent, image: v2}
`;

const gaps = (t: number[]) => t.slice(1).map((x, i) => x - (t[i] as number));

describe('DaemonSet RollingUpdate, maxSurge 0, maxUnavailable 1, minReadySeconds 60', () => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  let deletes: number[];
  let readyAt: number[];
  beforeAll(() => {
    run = runPublic(scenario('{maxUnavailable: 1}'));
    deletes = times(run, { reason: 'SuccessfulDelete', detail: 'DaemonSet/agent' });
    readyAt = times(run, { reason: 'Started', object: /^kube-system\/agent-/ }).filter((t) => t >= 120);
  });

  it('replaces one node at a time, each 60 s after the previous replacement became ready', () => {
    expect(deletes).toHaveLength(3);
    expect(deletes[0]).toBe(120);
    expect(readyAt).toHaveLength(3);
    for (let i = 0; i < 2; i++) expect(deletes[i + 1]).toBeCloseTo((readyAt[i] as number) + 60, 5);
    expect(Math.min(...gaps(deletes))).toBeGreaterThan(60);
  });

  it('ends with every node on the new template', () => {
    const created = times(run, { reason: 'Created', detail: 'DaemonSet/agent' }).filter((t) => t >= 120);
    expect(created).toHaveLength(3);
  });
});

describe('DaemonSet RollingUpdate, maxSurge 1, maxUnavailable 0, minReadySeconds 60', () => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  let created: number[];
  let deletes: number[];
  let readyAt: number[];
  beforeAll(() => {
    run = runPublic(scenario('{maxSurge: 1, maxUnavailable: 0}'));
    created = times(run, { reason: 'Created', detail: 'DaemonSet/agent' }).filter((t) => t >= 120);
    deletes = times(run, { reason: 'SuccessfulDelete', detail: 'DaemonSet/agent' });
    readyAt = times(run, { reason: 'Started', object: /^kube-system\/agent-/ }).filter((t) => t >= 120);
  });

  it('surges one new pod at a time, the next 61 s after the previous became ready', () => {
    expect(created).toHaveLength(3);
    expect(created[0]).toBe(120);
    for (let i = 0; i < 2; i++) expect(created[i + 1]).toBeCloseTo((readyAt[i] as number) + 61, 5);
  });

  it("deletes each old pod when its node's new pod is available, together with the next surge", () => {
    expect(deletes).toHaveLength(3);
    expect(deletes.slice(0, 2)).toEqual(created.slice(1));
    expect(deletes[2]).toBeCloseTo((readyAt[2] as number) + 61, 5);
  });

  it('never has a node without a running agent once they started', () => {
    const after = run.samples.filter((s) => s.time_s * S >= 60 * S);
    expect(Math.min(...after.map((s) => s.pods_running))).toBeGreaterThanOrEqual(3);
  });
});
