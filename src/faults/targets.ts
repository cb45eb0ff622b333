// Fault targets and effects: which nodes an entry of spec.faults names (node, nodes, select or zone,
// resolved when the fault starts), and what an interval fault does to each node at its start and end.

import type { NodeAgent } from '../kernel/ports/node-agent.js';
import type { ClusterState } from '../model/cluster-state.js';
import { type Node, TaintNodeOutOfService } from '../model/types.js';
import type { FaultAction, FaultSpec } from './schema.js';
import { type NodeSelect, selectNodes } from './select.js';

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
  return node.zone === zone || node.zoneKey === zone;
}

export function resolveTargets(state: ClusterState, spec: FaultSpec): TargetGroup[] {
  const rec = spec as { node?: string; nodes?: readonly string[]; zone?: string; select?: NodeSelect };
  const groups: TargetGroup[] = [];
  const names = [...(rec.node !== undefined ? [rec.node] : []), ...(rec.nodes ?? [])];
  const seen = new Set<string>();
  for (const name of names) {
    const node = state.node(name);
    if (node !== undefined) groups.push({ object: name, nodeColumn: name, zone: node.zone, nodes: [node] });
    seen.add(name);
  }
  // Selected nodes are resolved now, against the nodes that exist when the fault starts.
  if (rec.select !== undefined) {
    for (const node of selectNodes(state.nodes, rec.select)) {
      if (seen.has(node.name)) continue;
      groups.push({ object: node.name, nodeColumn: node.name, zone: node.zone, nodes: [node] });
    }
  }
  if (rec.zone !== undefined) {
    const zone = rec.zone;
    const nodes = state.nodes.filter((n) => inZone(n, zone));
    // The zone column shows the zone label even when the fault names the zone by its region:zone key.
    groups.push({ object: zone, nodeColumn: '', zone: nodes[0]?.zone ?? zone, nodes });
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
