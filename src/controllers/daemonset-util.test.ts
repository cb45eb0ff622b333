import { describe, expect, it } from 'vitest';
import { makeNode } from '../model/factory.js';
import type { PodSpecManifest } from '../model/k8s-schema.js';
import { emptyResources, type Taint } from '../model/types.js';
import {
  asTolerations,
  daemonPodSpec,
  daemonPodTargetNode,
  nodeShouldRunDaemonPod,
  pinnedToNode,
} from './daemonset-util.js';

function node(name: string, taints: Taint[] = [], labels: Record<string, string> = {}) {
  return makeNode({
    idx: 0,
    name,
    pool: '',
    labels: { 'kubernetes.io/hostname': name, ...labels },
    capacity: emptyResources(),
    allocatable: emptyResources(),
    taints,
    unschedulable: false,
    images: [],
    creationUs: 0,
  });
}

const plain: PodSpecManifest = { containers: [{ name: 'agent' }] };

describe('daemon pod tolerations (AddOrUpdateDaemonPodTolerations)', () => {
  it('adds not-ready/unreachable NoExecute without seconds and the NoSchedule condition taints', () => {
    const t = daemonPodSpec(plain).tolerations ?? [];
    expect(t.map((x) => `${x.key}:${x.effect}:${x.tolerationSeconds ?? '-'}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:-',
      'node.kubernetes.io/unreachable:NoExecute:-',
      'node.kubernetes.io/disk-pressure:NoSchedule:-',
      'node.kubernetes.io/memory-pressure:NoSchedule:-',
      'node.kubernetes.io/pid-pressure:NoSchedule:-',
      'node.kubernetes.io/unschedulable:NoSchedule:-',
    ]);
  });
  it('adds network-unavailable with hostNetwork', () => {
    const t = daemonPodSpec({ ...plain, hostNetwork: true }).tolerations ?? [];
    expect(t.some((x) => x.key === 'node.kubernetes.io/network-unavailable')).toBe(true);
  });
});

describe('nodeShouldRunDaemonPod', () => {
  const spec = daemonPodSpec(plain);
  const tol = asTolerations(spec.tolerations ?? []);
  it.each([
    { name: 'plain node', n: node('a'), want: { shouldRun: true, shouldContinueRunning: true } },
    {
      name: 'unreachable NoExecute is tolerated',
      n: node('a', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]),
      want: { shouldRun: true, shouldContinueRunning: true },
    },
    {
      name: 'a foreign NoSchedule taint: no new pod, the old one stays',
      n: node('a', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
      want: { shouldRun: false, shouldContinueRunning: true },
    },
    {
      name: 'a foreign NoExecute taint: the pod goes',
      n: node('a', [{ key: 'dedicated', effect: 'NoExecute' }]),
      want: { shouldRun: false, shouldContinueRunning: false },
    },
  ])('$name', ({ n, want }) => {
    expect(nodeShouldRunDaemonPod(n, spec, tol)).toEqual(want);
  });

  it('honours nodeSelector', () => {
    const sel = daemonPodSpec({ ...plain, nodeSelector: { gpu: 'true' } });
    expect(nodeShouldRunDaemonPod(node('a'), sel, tol).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('b', [], { gpu: 'true' }), sel, tol).shouldRun).toBe(true);
  });
});

describe('pinning a daemon pod (ReplaceDaemonSetPodNodeNameNodeAffinity)', () => {
  it('replaces required node affinity with matchFields metadata.name', () => {
    const spec = pinnedToNode(
      {
        ...plain,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }],
            },
          },
        },
      },
      'node-7',
    );
    expect(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-7'] }] }],
    });
    expect(daemonPodTargetNode({ nodeName: null, spec })).toBe('node-7');
  });
});
