// pods.csv's owner column (interfaces.md §3): the pod's controller ownerReference as Kind/name, for
// every controller kind that creates pods, an orphan a ReplicaSet adopted (controller_ref_manager.go)
// and a bare pod (empty).
import { describe, expect, it } from 'vitest';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import { PODS_HEADER, writePodsCsv } from './pods-csv.js';

const container = `containers: [{name: c, image: "app:1", resources: {requests: {cpu: 100m}}}]`;
const scenario = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: owners}
spec:
  duration: 5m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: node, count: 2, capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 2
        serviceName: db
        selector: {matchLabels: {app: db}}
        template: {metadata: {labels: {app: db}}, spec: {${container}}}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web}}, spec: {${container}}}
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: cache}
      spec:
        replicas: 2
        selector: {matchLabels: {app: cache}}
        template: {metadata: {labels: {app: cache}}, spec: {${container}}}
    - apiVersion: v1
      kind: ReplicationController
      metadata: {name: legacy}
      spec:
        replicas: 1
        selector: {app: legacy}
        template: {metadata: {labels: {app: legacy}}, spec: {${container}}}
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent}
      spec:
        selector: {matchLabels: {app: agent}}
        template: {metadata: {labels: {app: agent}}, spec: {${container}}}
    - apiVersion: batch/v1
      kind: Job
      metadata: {name: once}
      spec:
        template: {spec: {restartPolicy: Never, ${container}}}
    - apiVersion: batch/v1
      kind: CronJob
      metadata: {name: tick}
      spec:
        schedule: "*/1 * * * *"
        jobTemplate: {spec: {template: {spec: {restartPolicy: Never, ${container}}}}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: bare, labels: {app: nobody}}
      spec: {${container}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: stray, labels: {app: cache}}
      spec: {${container}}
`;

function owners(): Map<string, string> {
  const sim = simFromYaml(scenario);
  runUntil(sim, 90 * S);
  let text = '';
  writePodsCsv({ write: (l) => (text += l) }, sim.state.podHistory, sim.state.nodes, sim.nowUs);
  const [header, ...rows] = text.trim().split('\n');
  expect(header).toBe(PODS_HEADER.join(','));
  const out = new Map<string, string>();
  for (const r of rows) {
    const [pod, owner] = r.split(',');
    out.set(pod as string, owner as string);
  }
  return out;
}

describe('pods.csv owner column', () => {
  const byPod = owners();
  const ownerOf = (prefix: string) => [...byPod].filter(([p]) => p.startsWith(prefix)).map(([, o]) => o);
  it('StatefulSet pods: StatefulSet/<name>', () => {
    expect(byPod.get('default/db-0')).toBe('StatefulSet/db');
    expect(byPod.get('default/db-1')).toBe('StatefulSet/db');
  });
  it('Deployment pods name their ReplicaSet; ReplicaSet, ReplicationController, DaemonSet and Job pods their controller', () => {
    expect(ownerOf('default/web-')).toEqual([expect.stringMatching(/^ReplicaSet\/web-[a-z0-9]+$/)]);
    // replicas 2: the adopted orphan (stray) is one of them, so one pod is created.
    expect(ownerOf('default/cache-')).toEqual(['ReplicaSet/cache']);
    expect(ownerOf('default/legacy-')).toEqual(['ReplicationController/legacy']);
    expect(ownerOf('default/agent-')).toEqual(['DaemonSet/agent', 'DaemonSet/agent']);
    expect(ownerOf('default/once-')).toEqual(['Job/once']);
  });
  it('CronJob pods name the Job the CronJob created', () => {
    const tick = ownerOf('default/tick-');
    expect(tick.length).toBeGreaterThan(0);
    for (const o of tick) expect(o).toMatch(/^Job\/tick-[0-9]+$/);
  });
  it('a bare pod has no owner; an orphan the ReplicaSet adopted names it', () => {
    expect(byPod.get('default/bare')).toBe('');
    expect(byPod.get('default/stray')).toBe('ReplicaSet/cache');
  });
});
