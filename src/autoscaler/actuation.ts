// The scale-down actuator (core/scaledown/actuation/actuator.go, drain.go, softtaint.go). Starting a
// deletion: ToBeDeletedByClusterAutoscaler (NoSchedule, value = Unix seconds) and, with
// --cordon-node-before-terminating, spec.unschedulable; the node leaves the unneeded list. After
// --node-delete-delay-after-taint the pods are listed again (a pod that now blocks, or an "empty" node
// that got pods, aborts: taint and cordon off, ScaleDownFailed); the pods are evicted with
// min(grace period, --max-graceful-termination-sec) (DaemonSet pods too with
// --daemonset-eviction-for-occupied-nodes / -empty-nodes); waitPodsToDisappear polls every 5 s, for at
// most that grace + 30 s (DefaultPodEvictionHeadroom), then the instance is deleted (DeleteNodes). Empty
// nodes are deleted at once. Soft taints: DeletionCandidateOfClusterAutoscaler (PreferNoSchedule) on
// unneeded nodes, off the others, at most --max-bulk-soft-taint-count changes per loop.

import type { TimeUs } from '../engine/time.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { Node, Pod } from '../model/types.js';
import type { CloudProvider } from './cloud.js';
import type { AutoscalerOptions } from './config.js';
import { type DrainContext, podsToMove } from './drainability.js';
import type { AutoscalerHost } from './host.js';
import type { NodeGroupDef } from './node-groups.js';
import { cropNodes, type NodeToRemove, removableAt, type UnneededNodes } from './scaledown.js';
import { DeletionCandidateTaint, ToBeDeletedTaint } from './taints.js';

const S = 1_000_000;
/** actuation/drain.go: the 5 s poll and DefaultPodEvictionHeadroom. */
const DRAIN_POLL_US = 5 * S;
const POD_EVICTION_HEADROOM_US = 30 * S;

export type DeletionStep = 'afterTaint' | 'poll' | 'deadline';

interface Deletion {
  readonly group: string;
  readonly drain: boolean;
  readonly cordoned: boolean;
  evicted: Pod[];
  deadlineUs: TimeUs;
}

/** What the actuator needs from the loop. */
export interface ActuatorDeps {
  readonly host: AutoscalerHost;
  readonly options: AutoscalerOptions;
  readonly cloud: CloudProvider;
  readonly unneeded: UnneededNodes;
  readonly groups: ReadonlyMap<string, NodeGroupDef>;
  groupOf(name: string): string | null;
  isReady(node: Node): boolean;
  emitStatus(reason: ReasonOf<'Autoscaler'>, message: string, node?: string, zone?: string): void;
  emitPod(pod: Pod, reason: ReasonOf<'Pod'>, message: string): void;
  /** DeleteNodes returned: the instance goes away at `goneAtUs`. */
  nodeDeleted(group: string, name: string, goneAtUs: TimeUs): void;
}

/** The drainability context over the host (budgets, clock, ReplicaSet sizes). */
export function drainContextOf(host: AutoscalerHost): DrainContext {
  return {
    budgets: host.budgets,
    nowUs: host.nowUs,
    controllerReplicas: (p) => host.controllerReplicas(p),
  };
}

export class ScaleDownActuator {
  private readonly deletions = new Map<string, Deletion>();

  constructor(private readonly d: ActuatorDeps) {}

  inProgress(name: string): boolean {
    return this.deletions.has(name);
  }

  /** NodesToDelete + StartDeletion; returns how many deletions started. */
  startDeletions(nodes: readonly Node[]): number {
    const { host, options } = this.d;
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const totals = resourceTotalsForScaleDown(nodes);
    const inProgress = { empty: 0, drain: 0 };
    const perGroup = new Map<string, number>();
    for (const del of this.deletions.values()) {
      if (del.drain) inProgress.drain++;
      else inProgress.empty++;
      perGroup.set(del.group, (perGroup.get(del.group) ?? 0) + 1);
    }
    const r = removableAt(this.d.unneeded, {
      nowUs: host.nowUs,
      unneededTimeUs: options.scaleDownUnneededTimeUs,
      unreadyTimeUs: options.scaleDownUnreadyTimeUs,
      facts: (name) => {
        const n = byName.get(name);
        if (n === undefined) return null;
        return {
          ready: this.d.isReady(n),
          scaleDownDisabled: false,
          group: this.d.groupOf(name),
          cpuMilli: n.capacity.milliCPU,
          memory: n.capacity.memory,
        };
      },
      groupTarget: (g) => this.d.cloud.targetSize(g),
      groupMin: (g) => (this.d.groups.get(g) as NodeGroupDef).minSize,
      deletionsInProgress: (g) => perGroup.get(g) ?? 0,
      coresLeft: totals.cores - options.minCoresTotal,
      memoryLeft: totals.memory - options.minMemoryTotalBytes,
    });
    const crop = cropNodes(
      r.empty,
      r.drain,
      inProgress,
      options.maxScaleDownParallelism,
      options.maxDrainParallelism,
    );
    for (const n of crop.empty) this.start(byName.get(n.node) as Node, n, false);
    for (const n of crop.drain) this.start(byName.get(n.node) as Node, n, true);
    return crop.empty.length + crop.drain.length;
  }

  private start(node: Node, n: NodeToRemove, drain: boolean): void {
    const { host, options } = this.d;
    const now = host.nowUs;
    host.addTaint(node, { key: ToBeDeletedTaint, value: String(Math.floor(now / S)), effect: 'NoSchedule' });
    const cordon = options.cordonNodeBeforeTerminating && !node.unschedulable;
    if (cordon) host.setUnschedulable(node, true);
    this.d.unneeded.drop(node.name);
    this.deletions.set(node.name, { group: n.group, drain, cordoned: cordon, evicted: [], deadlineUs: 0 });
    if (drain) {
      const names = n.podsToReschedule.map((p) => p.name).join(',');
      const msg = `Scale-down: removing node ${node.name}, pods to reschedule: ${names}`;
      this.d.emitStatus('ScaleDown', msg, node.name, node.zone);
    } else {
      const msg = `Scale-down: removing empty node "${node.name}"`;
      this.d.emitStatus('ScaleDownEmpty', msg, node.name, node.zone);
    }
    this.emitNode(node, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    host.at(now + options.nodeDeleteDelayAfterTaintUs, {
      type: 'deletion',
      node: node.name,
      step: 'afterTaint',
    });
  }

  step(name: string, step: DeletionStep): void {
    const del = this.deletions.get(name);
    if (del === undefined) return;
    const node = this.d.host.state.node(name);
    if (node === undefined) this.deletions.delete(name);
    else if (step === 'afterTaint') this.afterTaint(node, del);
    else this.pollDrain(node, del);
  }

  /** After --node-delete-delay-after-taint: re-check the pods, evict, and delete or start waiting. */
  private afterTaint(node: Node, del: Deletion): void {
    const { host, options } = this.d;
    const ni = host.cache.get(node.name);
    const pods = ni === undefined ? [] : [...ni.pods].sort((a, b) => a.idx - b.idx);
    const m = podsToMove(pods, options, drainContextOf(host));
    if (m.blocking !== null) {
      this.abort(node, del, `failed to get pods to move: ${m.blocking.message}`);
      return;
    }
    if (!del.drain && m.pods.length > 0) {
      this.abort(node, del, 'node is not empty');
      return;
    }
    const graceCap = options.maxGracefulTerminationSec;
    const evictDs = del.drain
      ? options.daemonsetEvictionForOccupiedNodes
      : options.daemonsetEvictionForEmptyNodes;
    for (const p of m.pods) this.evict(p, graceCap);
    if (evictDs) for (const p of m.daemonSetPods) this.evict(p, graceCap);
    if (!del.drain || m.pods.length === 0) {
      this.deleteNode(node, del);
      return;
    }
    del.evicted = m.pods;
    del.deadlineUs = host.nowUs + graceCap * S + POD_EVICTION_HEADROOM_US;
    host.at(host.nowUs + DRAIN_POLL_US, { type: 'deletion', node: node.name, step: 'poll' });
  }

  /** waitPodsToDisappear: every 5 s until the evicted pods are gone, at most grace + 30 s. */
  private pollDrain(node: Node, del: Deletion): void {
    const now = this.d.host.nowUs;
    if (del.evicted.every((p) => p.removedUs !== null || p.nodeName !== node.name))
      this.deleteNode(node, del);
    else if (now >= del.deadlineUs)
      this.abort(node, del, `Failed to drain node /${node.name}: pods remaining after timeout`);
    else {
      const next = Math.min(now + DRAIN_POLL_US, del.deadlineUs);
      const step = next === del.deadlineUs ? 'deadline' : 'poll';
      this.d.host.at(next, { type: 'deletion', node: node.name, step });
    }
  }

  private evict(pod: Pod, graceCapSec: number): void {
    this.d.emitPod(pod, 'ScaleDown', 'deleting pod for node scale down');
    const own = pod.spec.terminationGracePeriodSeconds;
    const grace = graceCapSec > 0 ? Math.min(own, graceCapSec) : own;
    this.d.host.evict(pod, grace, `scale down of node ${pod.nodeName ?? ''}`);
  }

  private deleteNode(node: Node, del: Deletion): void {
    this.deletions.delete(node.name);
    let gone: ReturnType<CloudProvider['deleteNodes']>;
    try {
      gone = this.d.cloud.deleteNodes(del.group, [node.name], this.d.host.nowUs);
    } catch (e) {
      this.abort(node, del, (e as Error).message);
      return;
    }
    for (const i of gone) this.d.nodeDeleted(del.group, i.id, i.goneAtUs as TimeUs);
    this.emitNode(node, 'ScaleDown', 'node removed by cluster autoscaler');
  }

  private abort(node: Node, del: Deletion, message: string): void {
    this.deletions.delete(node.name);
    this.d.host.removeTaint(node, ToBeDeletedTaint, 'NoSchedule');
    if (del.cordoned) this.d.host.setUnschedulable(node, false);
    this.emitNode(node, 'ScaleDownFailed', message);
  }

  private emitNode(node: Node, reason: ReasonOf<'Node'>, message: string): void {
    this.d.host.emit('Node', reason, node.name, node.name, node.zone, message);
  }

  /** UpdateSoftDeletionTaints: DeletionCandidate (PreferNoSchedule) on unneeded nodes, off the others. */
  updateSoftTaints(candidates: readonly Node[]): void {
    const { host } = this.d;
    let budget = this.d.options.maxBulkSoftTaintCount;
    for (const n of candidates) {
      if (budget <= 0) break;
      const want = this.d.unneeded.has(n.name);
      const has = n.taints.some((t) => t.key === DeletionCandidateTaint);
      if (want === has) continue;
      if (want) {
        const value = String(Math.floor(host.nowUs / S));
        host.addTaint(n, { key: DeletionCandidateTaint, value, effect: 'PreferNoSchedule' });
      } else host.removeTaint(n, DeletionCandidateTaint, 'PreferNoSchedule');
      budget--;
    }
  }
}

/** Cluster cores (rounded up per node) and memory, nodes being deleted left out (IsNodeBeingDeleted). */
function resourceTotalsForScaleDown(nodes: readonly Node[]): { cores: number; memory: number } {
  let cores = 0;
  let memory = 0;
  for (const n of nodes) {
    if (n.taints.some((t) => t.key === ToBeDeletedTaint)) continue;
    cores += Math.ceil(n.capacity.milliCPU / 1000);
    memory += n.capacity.memory;
  }
  return { cores, memory };
}
