// Test helpers for the node lifecycle controller's simulation tests (src/controllers/node-lifecycle/
// controller*.test.ts, test/integration/kubelet-not-ready.test.ts): the scenario they share (v1.34
// defaults, kubelet jitter off, 3 zones), the ReplicaSet they put on it, and the rows they compare.
// Every simulation is run by the test itself (inside `it` or `beforeAll`, docs/mutation.md).

import { makeNode } from '../../src/model/factory.js';
import type { Node, Pod } from '../../src/model/types.js';
import type { Sim } from '../../src/sim/assemble.js';
import { runUntil } from './run.js';
import { S, simFromYaml } from './scenario.js';

const POOL = (count: number) =>
  `{name: node, count: ${count}, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "4", memory: 16Gi}}`;
/** node-a-01, node-b-01, node-c-01, node-a-02, ...: 6, 9 or 12 nodes over zone-a, zone-b and zone-c. */
export const POOL6 = POOL(6);
export const POOL9 = POOL(9);
export const POOL12 = POOL(12);

/** A ReplicaSet of 12 one-CPU pods (two per node of POOL6), as a `workloads:` list item. */
export const WEB_REPLICASET = `    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 12
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 1Gi}}}]}`;

export interface LifecycleScenario {
  /** The nodePools list's items, e.g. POOL6. */
  readonly pools: string;
  /** `faults:` list items, one per line, indented by four spaces. */
  readonly faults?: string;
  /** The controllerManager block's flow mapping, e.g. `{nodeEvictionRate: 0.3}`. */
  readonly controllerManager?: string;
  /** Further spec sections (operations, workloads, metrics), each indented by two spaces. */
  readonly extra?: string;
  readonly name?: string;
  readonly duration?: string;
}

/** Scenario YAML: Kubernetes 1.34 defaults, kubelet jitter off. */
export function lifecycleScenario(s: LifecycleScenario): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ${s.name ?? 'node-lifecycle'}}
spec:
  duration: ${s.duration ?? '20m'}
  kubernetesVersion: "1.34"
  kubelet: {jitter: false}
${s.controllerManager ? `  controllerManager: ${s.controllerManager}\n` : ''}  cluster:
    nodePools: [${s.pools}]
${s.faults ? `  faults:\n${s.faults}\n` : ''}${s.extra ?? ''}
`;
}

/** Builds the scenario and runs it to `untilS` seconds (the rows are kept). */
export function runTo(yaml: string, untilS: number): Sim {
  const sim = simFromYaml(yaml);
  runUntil(sim, untilS * S);
  return sim;
}

export const NS = (k: string): string => `node.kubernetes.io/${k}:NoSchedule`;
export const NE = (k: string): string => `node.kubernetes.io/${k}:NoExecute`;

/** Taint, zone and node Ready rows after t = 0 as "t reason object detail". */
export function lifecycleRows(sim: Sim): string[] {
  const out: string[] = [];
  for (const r of sim.log.keptRows) {
    if (r.timeUs === 0) continue;
    if (/^(Taint|ZoneState|NodeStatusUnknown|NodeReady|NodeNotReady)/.test(r.reason))
      out.push(`${r.timeUs / S} ${r.reason} ${r.object} ${r.detail}`);
  }
  return out;
}

/**
 * Taint rows after t = 0 as "t reason object detail", and ZoneStateChanged rows with every column
 * as "t kind:reason object|node|zone|detail".
 */
export function taintAndZoneRows(sim: Sim): string[] {
  const out: string[] = [];
  for (const r of sim.log.keptRows) {
    if (r.timeUs === 0) continue;
    if (r.reason === 'TaintAdded' || r.reason === 'TaintRemoved')
      out.push(`${r.timeUs / S} ${r.reason} ${r.object} ${r.detail}`);
    else if (r.reason === 'ZoneStateChanged')
      out.push(`${r.timeUs / S} ${r.kind}:${r.reason} ${r.object}|${r.node}|${r.zone}|${r.detail}`);
  }
  return out;
}

/**
 * Records every change of a pod's Ready flag that `keep` accepts, as "t <format(pod)> ready"
 * (t in seconds); attach before the run.
 */
export function watchPodReady(sim: Sim, keep: (pod: Pod) => boolean, format: (pod: Pod) => string): string[] {
  const flips: string[] = [];
  sim.state.watch({
    podUpdated: (pod, change) => {
      if (change === 'ready' && keep(pod)) flips.push(`${sim.nowUs / S} ${format(pod)} ${pod.ready}`);
    },
  });
  return flips;
}

/**
 * Registers a node with no kubelet (it never posts status or renews a Lease) in `zone` at the current
 * instant, shaped like node-a-01; returns it. `creationS` defaults to now (seconds).
 */
export function addBareNode(
  sim: Sim,
  name: string,
  zone: string,
  opts: { readonly unschedulable?: boolean; readonly creationS?: number } = {},
): Node {
  const like = sim.state.node('node-a-01');
  if (like === undefined) throw new Error('node-a-01 missing');
  const node = makeNode({
    idx: sim.state.allocateNodeIdx(),
    name,
    pool: '',
    labels: { 'topology.kubernetes.io/zone': zone },
    capacity: like.capacity,
    allocatable: like.allocatable,
    taints: [],
    unschedulable: opts.unschedulable ?? false,
    images: [],
    creationUs: (opts.creationS ?? sim.nowUs / S) * S,
  });
  sim.state.addNode(node);
  return node;
}
