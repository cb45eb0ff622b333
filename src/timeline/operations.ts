// Timed operations (spec.operations), the kubectl commands a platform engineer would run: scale,
// apply (create or update a manifest), rollout restart (kubectl.kubernetes.io/restartedAt in the pod
// template), set image, delete (background propagation), cordon, uncordon, drain (cordon, then evict
// every pod except DaemonSet pods through the Eviction API: PodDisruptionBudgets are not simulated),
// add nodes to a pool and delete Node objects. Each writes a row to events.csv: Workload rows for
// workload operations; cordon and uncordon appear as NodeNotSchedulable / NodeSchedulable.

import { formatTimeS } from '../engine/time.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventLog } from '../model/event-log.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { Node } from '../model/types.js';
import { daemonSetTemplateHash } from '../workloads/from-manifest.js';
import { templateTextOf } from '../workloads/names.js';
import type { Workload, WorkloadKind } from '../workloads/objects.js';
import type { OperationSpec } from '../workloads/workload-specs.js';

export const RestartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

/** What an operation acts on: the store, the workload API and the node pools (WorkloadTimeline). */
export interface OperationEnv {
  readonly state: ClusterState;
  readonly nowUs: number;
  readonly log: EventLog;
  readonly workloads: WorkloadApi;
  readonly nodePools: NodePools;
}

export function runOperation(sim: OperationEnv, op: OperationSpec): void {
  const fail = (object: string, message: string) =>
    sim.log.emit(sim.nowUs, 'Workload', 'OperationFailed', object, '', '', `${op.action}: ${message}`);
  switch (op.action) {
    case 'cordon':
    case 'uncordon':
    case 'drain':
    case 'delete-node':
      for (const name of op.nodes ?? (op.node !== undefined ? [op.node] : [])) {
        const node = sim.state.node(name);
        if (node === undefined) fail(name, `no node named "${name}"`);
        else nodeOperation(sim, op, node);
      }
      return;
    case 'add-nodes':
      sim.nodePools.addNodes(op.pool, op.count);
      return;
    case 'apply':
      sim.workloads.apply(op.manifest);
      return;
    default: {
      const target = findTarget(sim, op.target);
      if (target === undefined) fail(op.target, `${op.target} not found`);
      else workloadOperation(sim, op, target, fail);
    }
  }
}

function findTarget(sim: OperationEnv, target: string): Workload | undefined {
  const parts = target.split('/');
  const kind = parts[0] as WorkloadKind;
  const key = parts.length === 3 ? `${parts[1]}/${parts[2]}` : `default/${parts[1]}`;
  return sim.workloads.store.get(kind, key);
}

function nodeOperation(sim: OperationEnv, op: OperationSpec, node: Node): void {
  switch (op.action) {
    case 'cordon':
      sim.state.setUnschedulable(node, true);
      return;
    case 'uncordon':
      sim.state.setUnschedulable(node, false);
      return;
    case 'drain':
      sim.state.setUnschedulable(node, true);
      // kubectl drain: evict everything but DaemonSet pods (and pods already finished or deleting).
      for (const pod of [...node.pods].sort((a, b) => a.idx - b.idx)) {
        if (pod.daemonSet || pod.deletionUs !== null) continue;
        sim.state.markPodDeleting(pod, 'EvictionByEvictionAPI', `drain ${node.name}`);
      }
      return;
    case 'delete-node':
      sim.state.deleteNode(node);
      return;
    default:
      return;
  }
}

function workloadOperation(
  sim: OperationEnv,
  op: OperationSpec,
  obj: Workload,
  fail: (object: string, message: string) => void,
): void {
  const object = `${obj.kind}/${obj.key}`;
  const row = (reason: ReasonOf<'Workload'>, detail: string) =>
    sim.log.emit(sim.nowUs, 'Workload', reason, object, '', '', detail);
  switch (op.action) {
    case 'scale':
      if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') {
        row('Scaled', `replicas ${obj.replicas} -> ${op.replicas}`);
        obj.replicas = op.replicas;
      } else if (obj.kind === 'Job') {
        row('Scaled', `parallelism ${obj.parallelism} -> ${op.replicas}`);
        obj.parallelism = op.replicas;
      } else {
        fail(object, 'a DaemonSet has no replicas');
        return;
      }
      sim.workloads.store.updated(obj, 'spec');
      return;
    case 'rollout-restart':
    case 'set-image': {
      if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet') {
        fail(object, 'only Deployments and DaemonSets roll out');
        return;
      }
      const t = obj.template;
      let spec = t.spec;
      let annotations = t.metadata?.annotations ?? {};
      if (op.action === 'rollout-restart') {
        annotations = { ...annotations, [RestartedAtAnnotation]: `${formatTimeS(sim.nowUs)}s` };
        row('RolloutRestarted', '');
      } else {
        const names = spec.containers.map((c) => c.name);
        if (op.container !== undefined && op.container !== '*' && !names.includes(op.container)) {
          fail(object, `no container named "${op.container}"`);
          return;
        }
        const hit = (n: string) => op.container === undefined || op.container === '*' || op.container === n;
        spec = {
          ...spec,
          containers: spec.containers.map((c) => (hit(c.name) ? { ...c, image: op.image } : c)),
        };
        row('ImageUpdated', op.image);
      }
      obj.template = { ...t, metadata: { ...(t.metadata ?? {}), annotations }, spec };
      if (obj.kind === 'Deployment') obj.templateText = templateTextOf(obj.template);
      else obj.templateHash = daemonSetTemplateHash(obj.template);
      sim.workloads.store.updated(obj, 'spec');
      return;
    }
    case 'delete':
      row('Deleted', 'propagationPolicy=Background');
      sim.workloads.deleteObject(obj);
      return;
    default:
      return;
  }
}
