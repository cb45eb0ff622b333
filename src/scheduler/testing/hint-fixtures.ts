// Test fixtures for queueing hints: pending pods and node snapshots as plain objects, with only the
// fields the hints and preCheck read.

import type {
  Affinity,
  Pod,
  Resources,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from '../../model/types.js';
import { emptyResources } from '../../model/types.js';
import type { NodeObject, PodObject } from '../cluster-events.js';

export interface HintPodOpts {
  uid?: string;
  namespace?: string;
  labels?: Record<string, string>;
  nodeName?: string | null;
  nominatedNodeName?: string | null;
  requests?: Resources;
  tolerations?: Toleration[];
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  priority?: number;
  ownerUid?: string;
  hostPorts?: number[];
  /** persistentVolumeClaim volumes by claim name. */
  claims?: string[];
}

export function hintPod(o: HintPodOpts): Pod {
  return {
    uid: o.uid ?? '',
    namespace: o.namespace ?? '',
    name: o.uid ?? 'p',
    key: `${o.namespace ?? ''}/${o.uid ?? 'p'}`,
    labels: o.labels ?? {},
    annotations: {},
    owner: o.ownerUid ? { kind: 'ReplicaSet', name: 'rs', uid: o.ownerUid, controller: true } : null,
    requests: o.requests ?? emptyResources(),
    nonZeroRequests: { milliCPU: 0, memory: 0 },
    nodeName: o.nodeName ?? null,
    assumedNode: null,
    nominatedNodeName: o.nominatedNodeName ?? null,
    spec: {
      schedulerName: 'default-scheduler',
      priority: o.priority ?? 0,
      preemptionPolicy: 'PreemptLowerPriority',
      nodeSelector: {},
      ...(o.affinity ? { affinity: o.affinity } : {}),
      tolerations: o.tolerations ?? [],
      topologySpreadConstraints: o.topologySpreadConstraints ?? [],
      containers: [
        {
          name: 'c',
          requests: {},
          limits: {},
          ports: (o.hostPorts ?? []).map((p) => ({ containerPort: p, hostPort: p })),
        },
      ],
      initContainers: [],
      terminationGracePeriodSeconds: 30,
      restartPolicy: 'Always',
      schedulingGates: [],
      volumes: (o.claims ?? []).map((claimName, i) => ({ name: `vol-${i}`, claimName })),
    },
  } as unknown as Pod;
}

export function hintNode(o: {
  name?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  allocatable?: Resources;
}): NodeObject {
  return {
    name: o.name ?? 'node',
    labels: o.labels ?? {},
    taints: o.taints ?? [],
    unschedulable: o.unschedulable ?? false,
    allocatable: o.allocatable ?? { ...emptyResources(), allowedPodNumber: 110 },
  };
}

/** The pod as an event carries it (its nodeName and nomination now). */
export function obj(pod: Pod): PodObject {
  return { pod, nodeName: pod.nodeName, nominatedNodeName: pod.nominatedNodeName };
}
