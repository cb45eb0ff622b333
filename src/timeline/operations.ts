// Timed operations (spec.operations), the kubectl commands a platform engineer would run: scale,
// apply (create or update a manifest, PodDisruptionBudgets too), rollout restart
// (kubectl.kubernetes.io/restartedAt in the pod template), set image, delete (background propagation),
// cordon, uncordon, drain (kubectl drain, drain.ts: cordon, then evict through the Eviction API, which
// checks PodDisruptionBudgets), add nodes to a pool and delete Node objects. Each writes a row to
// events.csv: Workload rows for workload operations; cordon and uncordon appear as NodeNotSchedulable /
// NodeSchedulable, a drain's outcome as Drained / DrainTimedOut / DrainFailed.

import { formatTimeS } from '../engine/time.js';
import type { DrainOptions, NodeDrains } from '../kernel/ports/node-drains.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import { DRAIN_DEFAULTS } from '../kubectl/config.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventLog } from '../model/event-log.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { PodDisruptionBudgetManifest } from '../model/k8s-workload-schema.js';
import type { Node } from '../model/types.js';
import { daemonSetTemplateHash, pdbInitFrom, statefulSetRevision } from '../workloads/from-manifest.js';
import { canonicalJson, templateTextOf } from '../workloads/names.js';
import type { Workload, WorkloadKind } from '../workloads/objects.js';
import type { PdbStore } from '../workloads/pdb-store.js';
import type { OperationSpec } from '../workloads/workload-specs.js';

export const RestartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

/**
 * What an operation acts on: the store, the workload API, the node pools, kubectl drain and the
 * PodDisruptionBudgets (WorkloadTimeline).
 */
export interface OperationEnv {
  readonly state: ClusterState;
  readonly nowUs: number;
  readonly log: EventLog;
  readonly admission: AdmissionConfig;
  readonly workloads: WorkloadApi;
  readonly nodePools: NodePools;
  readonly drains: NodeDrains;
  readonly budgets: PdbStore;
}

export function runOperation(sim: OperationEnv, op: OperationSpec): void {
  const fail = (object: string, message: string) =>
    sim.log.emit(sim.nowUs, 'Workload', 'OperationFailed', object, '', '', `${op.action}: ${message}`);
  switch (op.action) {
    case 'drain': {
      // kubectl drain resolves every node first: one that does not exist stops the command.
      const names = op.nodes ?? (op.node !== undefined ? [op.node] : []);
      const missing = names.filter((n) => sim.state.node(n) === undefined);
      if (missing.length > 0) for (const name of missing) fail(name, `nodes "${name}" not found`);
      else
        sim.drains.drain(
          names.map((n) => sim.state.node(n) as Node),
          drainOptions(op),
        );
      return;
    }
    case 'cordon':
    case 'uncordon':
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
      if (op.manifest.kind === 'PodDisruptionBudget') applyPdb(sim, op.manifest);
      else sim.workloads.apply(op.manifest);
      return;
    default: {
      if (op.target.startsWith('PodDisruptionBudget/')) {
        pdbOperation(sim, op, fail);
        return;
      }
      if (op.target.startsWith('PersistentVolumeClaim/')) {
        claimOperation(sim, op, fail);
        return;
      }
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
      // kubectl scale: the /scale subresource of Deployments, ReplicaSets, StatefulSets and ReplicationControllers.
      if (
        obj.kind === 'Deployment' ||
        obj.kind === 'ReplicaSet' ||
        obj.kind === 'StatefulSet' ||
        obj.kind === 'ReplicationController'
      ) {
        row('Scaled', `replicas ${obj.replicas} -> ${op.replicas}`);
        obj.replicas = op.replicas;
      } else if (obj.kind === 'Job') {
        row('Scaled', `parallelism ${obj.parallelism} -> ${op.replicas}`);
        obj.parallelism = op.replicas;
      } else {
        fail(object, `a ${obj.kind} has no replicas`);
        return;
      }
      sim.workloads.store.updated(obj, 'spec');
      return;
    case 'rollout-restart':
    case 'set-image': {
      if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet' && obj.kind !== 'StatefulSet') {
        fail(object, 'only Deployments, DaemonSets and StatefulSets roll out');
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
      else if (obj.kind === 'StatefulSet') {
        // A new ControllerRevision for the new template (the update revision).
        obj.revision = statefulSetRevision(obj.name, obj.template);
        obj.revisions.set(obj.revision, obj.template);
      } else {
        obj.templateHash = daemonSetTemplateHash(obj.template);
        obj.templateGeneration = null;
      }
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

/** The drain operation's fields as kubectl drain's flags (drain.ts DRAIN_DEFAULTS for the rest). */
function drainOptions(op: Extract<OperationSpec, { action: 'drain' }>): DrainOptions {
  return {
    ignoreDaemonsets: op.ignoreDaemonsets ?? DRAIN_DEFAULTS.ignoreDaemonsets,
    deleteEmptydirData: op.deleteEmptydirData ?? DRAIN_DEFAULTS.deleteEmptydirData,
    force: op.force ?? DRAIN_DEFAULTS.force,
    gracePeriodSeconds: op.gracePeriodSeconds ?? DRAIN_DEFAULTS.gracePeriodSeconds,
    timeoutUs: op.timeout ?? DRAIN_DEFAULTS.timeoutUs,
    disableEviction: op.disableEviction ?? DRAIN_DEFAULTS.disableEviction,
    skipWaitForDeleteTimeoutSeconds:
      op.skipWaitForDeleteTimeout ?? DRAIN_DEFAULTS.skipWaitForDeleteTimeoutSeconds,
    ignoreErrors: op.ignoreErrors ?? DRAIN_DEFAULTS.ignoreErrors,
  };
}

/**
 * kubectl apply of a PodDisruptionBudget: created, or its spec replaced (generation + 1, so evictions
 * wait for the controller to observe it); an identical spec changes nothing.
 */
function applyPdb(sim: OperationEnv, m: PodDisruptionBudgetManifest): void {
  const namespace = m.metadata.namespace ?? 'default';
  const init = pdbInitFrom(m, namespace, sim.admission.pdbUnhealthyPodEvictionPolicy);
  const object = `PodDisruptionBudget/${namespace}/${m.metadata.name}`;
  const existing = sim.budgets.get(`${namespace}/${m.metadata.name}`);
  if (existing === undefined) {
    sim.budgets.create(init, sim.nowUs);
    sim.log.emit(sim.nowUs, 'Workload', 'Applied', object, '', '', 'created');
    return;
  }
  if (canonicalJson(existing.spec) === canonicalJson(init.spec)) {
    sim.log.emit(sim.nowUs, 'Workload', 'Applied', object, '', '', 'unchanged');
    return;
  }
  sim.budgets.updateSpec(existing, init.spec);
  sim.log.emit(sim.nowUs, 'Workload', 'Applied', object, '', '', 'configured');
}

/**
 * kubectl delete pvc: deletionTimestamp now; the claim goes once no pod that holds it remains
 * (kubernetes.io/pvc-protection, volume-store.ts deleteClaim). Only delete applies.
 */
function claimOperation(
  sim: OperationEnv,
  op: OperationSpec,
  fail: (object: string, message: string) => void,
): void {
  const key = targetKey((op as { target: string }).target);
  const pvc = sim.state.volumes.claim(key);
  const object = `PersistentVolumeClaim/${key}`;
  if (pvc === undefined) fail(object, `persistentvolumeclaims "${key.split('/')[1]}" not found`);
  else if (op.action !== 'delete') fail(object, `${op.action} does not apply to a PersistentVolumeClaim`);
  else {
    sim.log.emit(sim.nowUs, 'Workload', 'Deleted', object, '', '', 'propagationPolicy=Background');
    sim.state.volumes.deleteClaim(pvc);
  }
}

function targetKey(target: string): string {
  const parts = target.split('/');
  return parts.length === 3 ? `${parts[1]}/${parts[2]}` : `default/${parts[1]}`;
}

/** Operations on a PodDisruptionBudget target: only delete applies. */
function pdbOperation(
  sim: OperationEnv,
  op: OperationSpec,
  fail: (object: string, message: string) => void,
): void {
  const target = (op as { target: string }).target;
  const parts = target.split('/');
  const key = parts.length === 3 ? `${parts[1]}/${parts[2]}` : `default/${parts[1]}`;
  const pdb = sim.budgets.get(key);
  const object = `PodDisruptionBudget/${key}`;
  if (pdb === undefined) fail(target, `${target} not found`);
  else if (op.action !== 'delete') fail(object, `${op.action} does not apply to a PodDisruptionBudget`);
  else {
    sim.log.emit(sim.nowUs, 'Workload', 'Deleted', object, '', '', 'propagationPolicy=Background');
    sim.budgets.delete(pdb);
  }
}
