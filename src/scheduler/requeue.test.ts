// When a cluster event retries a pending pod, end to end, under both regimes: queueing hints
// (SchedulerQueueingHints, on from 1.32) and the pre-1.32 rules (preCheckForNode, the cross-topology
// pre-filter, default hints). Each case is one of the retries issue 16 found wrong: a node too small for
// the pod, binds of unrelated pods for a pod rejected by required anti-affinity, a cordon for a pod
// NodeUnschedulable rejected. The rows are FailedScheduling events; each is one attempt.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../index.js';
import { loadScenarioText } from '../scenario/load.js';
import { node } from './testing/fixtures.js';

const S = 1_000_000;

function attempts(spec: object, version: string, pod: string) {
  const text = JSON.stringify({
    apiVersion: 'kubesim/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'requeue' },
    spec: { duration: '6m', kubernetesVersion: version, ...spec },
  });
  const { sim } = runSimulation(loadScenarioText(text).scenario, { keepEventRows: true });
  const rows = sim.log.keptRows.filter((r) => r.object === pod);
  return {
    failedAt: rows.filter((r) => r.reason === 'FailedScheduling').map((r) => r.timeUs / S),
    scheduledAt: rows.filter((r) => r.reason === 'Scheduled').map((r) => Math.floor(r.timeUs / S)),
  };
}

const container = (cpu: string) => [
  { name: 'c', image: 'x', resources: { requests: { cpu, memory: '64Mi' } } },
];
const barePod = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const deployment = (name: string, replicas: number, podSpec: object, labels: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: podSpec },
  },
});

describe.each(['1.31', '1.34'])('requeueing at Kubernetes %s', (version) => {
  it('adding nodes too small for the pod does not retry it; a node it fits does', () => {
    const r = attempts(
      {
        cluster: {
          nodePools: [
            { name: 'small', count: 1, zone: 'zone-a', capacity: { cpu: '4', memory: '16Gi', pods: 110 } },
            { name: 'tiny', count: 0, zone: 'zone-a', capacity: { cpu: '2', memory: '16Gi', pods: 110 } },
            { name: 'big', count: 0, zone: 'zone-a', capacity: { cpu: '16', memory: '64Gi', pods: 110 } },
          ],
        },
        workloads: [barePod('big-job', { containers: container('6') })],
        operations: [
          { at: '1m', action: 'add-nodes', pool: 'tiny', count: 3 },
          { at: '2m', action: 'add-nodes', pool: 'tiny', count: 1 },
          { at: '4m', action: 'add-nodes', pool: 'big', count: 1 },
        ],
      },
      version,
      'default/big-job',
    );
    expect(r.failedAt).toEqual([0]);
    expect(r.scheduledAt).toEqual([240]);
  });

  it('binds of unrelated pods do not retry a pod rejected by required anti-affinity; deleting the pod it avoids does', () => {
    const web = { app: 'web' };
    const antiWeb = {
      containers: container('100m'),
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: web }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    };
    const r = attempts(
      {
        cluster: {
          nodes: [
            node('n1', { cpu: '8', memory: '16Gi', pods: 110, labels: { 'kubernetes.io/hostname': 'n1' } }),
          ],
        },
        workloads: [deployment('web', 1, { containers: container('100m') }, web)],
        operations: [
          { at: '30s', action: 'apply', manifest: barePod('loner', antiWeb) },
          {
            at: '1m',
            action: 'apply',
            manifest: deployment('filler', 5, { containers: container('100m') }, { app: 'filler' }),
          },
          { at: '2m', action: 'scale', target: 'Deployment/web', replicas: 0 },
        ],
      },
      version,
      'default/loner',
    );
    // Only the first attempt fails; the web pod's deletion (after its grace period) retries it.
    expect(r.failedAt).toEqual([30]);
    expect(r.scheduledAt).toHaveLength(1);
    expect(r.scheduledAt[0]).toBeGreaterThanOrEqual(120);
    expect(r.scheduledAt[0]).toBeLessThan(300);
  });

  it('cordoning a node does not retry a pod NodeUnschedulable rejected; the uncordon does', () => {
    const r = attempts(
      {
        cluster: {
          nodes: [
            node('n1', { cpu: '8', memory: '16Gi', pods: 110, unschedulable: true }),
            node('n2', {
              cpu: '8',
              memory: '16Gi',
              pods: 110,
              // NoExecute: preCheckForNode looks at NoSchedule taints only, so without hints only the
              // event rule (a cordon is no event) keeps the pod where it is.
              taints: [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }],
            }),
          ],
        },
        workloads: [barePod('p', { containers: container('1') })],
        operations: [
          { at: '1m', action: 'cordon', node: 'n2' },
          { at: '2m', action: 'uncordon', node: 'n1' },
        ],
      },
      version,
      'default/p',
    );
    expect(r.failedAt).toEqual([0]);
    expect(r.scheduledAt).toEqual([120]);
  });
});
