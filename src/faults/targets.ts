// Fault targets and effects: which nodes an entry of spec.faults names (node, nodes or zone, resolved
// when the fault starts), and what an interval fault does to each node at its start and end.

import type { NodeAgent } from '../kernel/ports/node-agent.js';
import type { ClusterState } from '../model/cluster-state.js';
import { LabelTopologyZone, type Node, TaintNodeOutOfService } from '../model/types.js';
import type { FaultAction, FaultSpec } from './schema.js';

/** One events.csv object of a fault: a node, or a whole zone. */
export interface TargetGroup {
  readonly object: string;
  /** The `node` column of the row: the node's name, or "" for a zone. */
  readonly nodeColumn: string;
  readonly zone: string;
  readonly nodes: readonly Node[];
}

/** Whether a node is in the zone a fault names: its topology zone label, or its zone key. */
export function inZone(node: Node, zone: string): boolean {
  return node.labels[LabelTopologyZone] === zone || node.zone === zone;
}

export function resolveTargets(state: ClusterState, spec: FaultSpec): TargetGroup[] {
  const rec = spec as { node?: string; nodes?: readonly string[]; zone?: string };
  const groups: TargetGroup[] = [];
  const names = [...(rec.node !== undefined ? [rec.node] : []), ...(rec.nodes ?? [])];
  for (const name of names) {
    const node = state.node(name);
    if (node !== undefined) groups.push({ object: name, nodeColumn: name, zone: node.zone, nodes: [node] });
  }
  if (rec.zone !== undefined) {
    const zone = rec.zone;
    groups.push({ object: zone, nodeColumn: '', zone, nodes: state.nodes.filter((n) => inZone(n, zone)) });
  }
  return groups;
}

/** What an effect acts on: the node agents (kubelets and machines) and the store. */
export interface FaultEnv {
  readonly nodeAgent: NodeAgent;
  readonly state: ClusterState;
  readonly nowUs: number;
}

export interface FaultEffect {
  start(env: FaultEnv, node: Node, spec: FaultSpec): void;
  end(env: FaultEnv, node: Node, spec: FaultSpec): void;
  /** node-recover may end it. */
  readonly recoverable: boolean;
}

const crash: FaultEffect = {
  start: (env, node) => env.nodeAgent.crash(node),
  end: (env, node) => env.nodeAgent.boot(node),
  recoverable: true,
};

/** network-partition and lease-renew-failures: the kubelet's API calls fail (default: at once). */
const apiFailure: FaultEffect = {
  start: (env, node, spec) => env.nodeAgent.apiFaultStart(node, modeOf(spec)),
  end: (env, node, spec) => env.nodeAgent.apiFaultEnd(node, modeOf(spec)),
  recoverable: true,
};

const runtimeDown: FaultEffect = {
  start: (env, node) => env.nodeAgent.runtimeDownStart(node),
  end: (env, node) => env.nodeAgent.runtimeDownEnd(node),
  recoverable: true,
};

/** Non-graceful node shutdown: an admin taints the node out-of-service (NodeOutOfServiceVolumeDetach). */
const outOfService: FaultEffect = {
  start: (env, node) =>
    env.state.addTaint(node, {
      key: TaintNodeOutOfService,
      value: 'nodeshutdown',
      effect: 'NoExecute',
      timeAddedUs: env.nowUs,
    }),
  end: (env, node) => env.state.removeTaint(node, TaintNodeOutOfService, 'NoExecute'),
  recoverable: false,
};

function modeOf(spec: FaultSpec): 'fast-fail' | 'timeout' {
  return 'mode' in spec && spec.mode !== undefined ? spec.mode : 'fast-fail';
}

export function actionEffect(action: FaultAction): FaultEffect {
  switch (action) {
    case 'node-crash':
    case 'zone-outage':
      return crash;
    case 'network-partition':
    case 'lease-renew-failures':
      return apiFailure;
    case 'kubelet-not-ready':
      return runtimeDown;
    case 'out-of-service':
      return outOfService;
    default:
      throw new Error(`fault action ${action} has no interval effect`);
  }
}
