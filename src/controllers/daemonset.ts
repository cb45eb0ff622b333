// DaemonSet controller (pkg/controller/daemon/daemon_controller.go manage/syncNodes, update.go): one
// daemon pod per node that should run it, created pinned to its node and placed by the scheduler;
// pods on nodes that may no longer run them (untolerated NoExecute taint, affinity no longer matching)
// are deleted, as are failed pods (with the per-node failedPodsBackoff, 1 s doubling to 15 min) and
// extra pods (the oldest is kept). At most burstReplicas (250) creations per sync, in slow-start
// batches. RollingUpdate replaces pods of an old template at most maxUnavailable nodes at a time.

import type { TimeUs } from '../engine/time.js';
import type { PodSpecManifest } from '../model/k8s-schema.js';
import type { Node, Pod, Toleration } from '../model/types.js';
import { type DaemonSet, type DaemonSetStatus, ownerRefTo } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import type { WorkloadContext } from './context.js';
import {
  asTolerations,
  ControllerRevisionHashLabel,
  daemonPodSpec,
  daemonPodTargetNode,
  daemonSetMaxUnavailable,
  nodeShouldRunDaemonPod,
  pinnedToNode,
} from './daemonset-util.js';
import { ControllerExpectations } from './expectations.js';
import { slowStartBatches } from './replicaset.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

/** daemon.BurstReplicas */
export const DAEMONSET_BURST_REPLICAS = 250;
const FAILED_BACKOFF_INITIAL_US = 1_000_000;
const FAILED_BACKOFF_MAX_US = 15 * 60 * 1_000_000;

export type DaemonSetAction =
  | { readonly op: 'create'; readonly ds: DaemonSet; readonly node: string }
  | { readonly op: 'delete'; readonly ds: DaemonSet; readonly pod: Pod }
  | { readonly op: 'status'; readonly ds: DaemonSet; readonly status: DaemonSetStatus };

interface Compiled {
  readonly spec: PodSpecManifest;
  readonly tolerations: Toleration[];
}

export interface NodePlan {
  create: string[];
  delete: Pod[];
  status: DaemonSetStatus;
  requeueAfterUs: TimeUs | undefined;
}

export class DaemonSetController implements ControllerLogic<DaemonSetAction> {
  readonly name = 'daemonset' as const;
  readonly expectations = new ControllerExpectations();
  private readonly names;
  private readonly compiled = new WeakMap<DaemonSet, { hash: string; c: Compiled }>();
  /** failedPodsBackoff by ds key + node: current delay and when it was last bumped. */
  private readonly failedBackoff = new Map<string, { delayUs: TimeUs; atUs: TimeUs }>();

  constructor(private readonly ctx: WorkloadContext) {
    this.names = ctx.sim.rng.stream('controllers/daemonset/names');
  }

  private compile(ds: DaemonSet): Compiled {
    const cached = this.compiled.get(ds);
    if (cached?.hash === ds.templateHash) return cached.c;
    const spec = daemonPodSpec(ds.template.spec);
    const c = { spec, tolerations: asTolerations(spec.tolerations ?? []) };
    this.compiled.set(ds, { hash: ds.templateHash, c });
    return c;
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<DaemonSetAction> | null {
    const ds = this.ctx.store.get('DaemonSet', key);
    if (ds === undefined) {
      this.expectations.delete(key);
      return null;
    }
    if (ds.deletionUs !== null) return null;
    const plan = this.plan(ds, nowUs);
    const steps: DaemonSetAction[][] = [];
    if (this.expectations.satisfied(key, nowUs)) {
      const create = plan.create.slice(0, DAEMONSET_BURST_REPLICAS);
      const del = plan.delete.slice(0, DAEMONSET_BURST_REPLICAS);
      this.expectations.expect(key, create.length, del.length, nowUs);
      let i = 0;
      for (const size of slowStartBatches(create.length)) {
        steps.push(create.slice(i, i + size).map((node) => ({ op: 'create' as const, ds, node })));
        i += size;
      }
      if (del.length > 0) steps.push(del.map((pod) => ({ op: 'delete' as const, ds, pod })));
    }
    if (!sameStatus(plan.status, ds.status)) steps.push([{ op: 'status', ds, status: plan.status }]);
    return plan.requeueAfterUs === undefined ? { steps } : { steps, requeueAfterUs: plan.requeueAfterUs };
  }

  /** manage + rollingUpdate: what to create and delete, and the status that results. */
  plan(ds: DaemonSet, nowUs: TimeUs): NodePlan {
    const c = this.compile(ds);
    const byNode = new Map<string | null, Pod[]>();
    for (const pod of this.ctx.pods.owned(ds.uid)?.pods ?? []) {
      const target = daemonPodTargetNode(pod);
      const list = byNode.get(target);
      if (list === undefined) byNode.set(target, [pod]);
      else list.push(pod);
    }
    const out: NodePlan = { create: [], delete: [], status: emptyStatus(), requeueAfterUs: undefined };
    const oldAvailable: Pod[] = [];
    let unavailableNodes = 0;
    for (const node of this.ctx.sim.state.nodes) {
      const pods = byNode.get(node.name);
      byNode.delete(node.name);
      const r = this.nodePlan(ds, c, node, pods, nowUs, out);
      if (r.desired && (r.kept === null || !r.kept.ready)) unavailableNodes++;
      if (r.kept !== null && r.kept.labels[ControllerRevisionHashLabel] !== ds.templateHash) {
        if (r.kept.ready) oldAvailable.push(r.kept);
        else out.delete.push(r.kept); // an unavailable old pod costs nothing to replace
      }
    }
    // Pods pinned to nodes that no longer exist and never got scheduled (getUnscheduledPodsWithoutNode).
    for (const [target, pods] of byNode) {
      if (target === null) continue;
      for (const p of pods) if (p.nodeName === null && p.deletionUs === null) out.delete.push(p);
    }
    if (ds.updateStrategy.type === 'RollingUpdate' && oldAvailable.length > 0) {
      const maxUnavailable = daemonSetMaxUnavailable(
        ds.updateStrategy.maxUnavailable,
        out.status.desiredNumberScheduled,
      );
      const budget = Math.max(0, maxUnavailable - unavailableNodes);
      oldAvailable.sort((a, b) => ((a.nodeName ?? '') < (b.nodeName ?? '') ? -1 : 1));
      out.delete.push(...oldAvailable.slice(0, budget));
    }
    return out;
  }

  private nodePlan(
    ds: DaemonSet,
    c: Compiled,
    node: Node,
    pods: Pod[] | undefined,
    nowUs: TimeUs,
    out: NodePlan,
  ): { desired: boolean; kept: Pod | null } {
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, c.spec, c.tolerations);
    const s = out.status;
    if (shouldRun) s.desiredNumberScheduled++;
    if (pods !== undefined) {
      if (shouldRun) s.currentNumberScheduled++;
      else s.numberMisscheduled++;
    }
    if (pods === undefined) {
      if (shouldRun) out.create.push(node.name);
      return { desired: shouldRun, kept: null };
    }
    if (!shouldContinueRunning) {
      for (const p of pods) if (p.deletionUs === null) out.delete.push(p);
      return { desired: shouldRun, kept: null };
    }
    const running: Pod[] = [];
    for (const p of pods) {
      if (p.deletionUs !== null) continue;
      if (p.phase === 'Failed' || p.phase === 'Succeeded') {
        const wait = this.failedPodBackoff(`${ds.key}/${node.name}`, nowUs);
        if (wait > 0) out.requeueAfterUs = Math.min(out.requeueAfterUs ?? wait, wait);
        else out.delete.push(p);
        continue;
      }
      running.push(p);
    }
    running.sort((a, b) => a.createdUs - b.createdUs || (a.uid < b.uid ? -1 : 1));
    for (let i = 1; i < running.length; i++) out.delete.push(running[i] as Pod);
    const kept = running[0] ?? null;
    if (kept !== null) {
      if (kept.ready) s.numberReady++;
      if (kept.labels[ControllerRevisionHashLabel] === ds.templateHash) s.updatedNumberScheduled++;
    }
    return { desired: shouldRun, kept };
  }

  /** flowcontrol.Backoff for failed daemon pods: 0 if the pod may be deleted now (and bumps the delay). */
  private failedPodBackoff(key: string, nowUs: TimeUs): TimeUs {
    const b = this.failedBackoff.get(key);
    if (b !== undefined && nowUs - b.atUs < b.delayUs) return b.atUs + b.delayUs - nowUs;
    const expired = b === undefined || nowUs - b.atUs > 2 * FAILED_BACKOFF_MAX_US;
    const delayUs = expired ? FAILED_BACKOFF_INITIAL_US : Math.min(b.delayUs * 2, FAILED_BACKOFF_MAX_US);
    this.failedBackoff.set(key, { delayUs, atUs: nowUs });
    return 0;
  }

  apply(action: DaemonSetAction, _nowUs: TimeUs): boolean {
    const { ds } = action;
    switch (action.op) {
      case 'create':
        return this.createPod(ds, action.node);
      case 'delete':
        if (!this.ctx.sim.state.markPodDeleting(action.pod, 'SuccessfulDelete', `DaemonSet/${ds.name}`)) {
          this.expectations.deletionObserved(ds.key);
        }
        return true;
      case 'status':
        if (this.ctx.store.get('DaemonSet', ds.key) !== ds) return true;
        ds.status = action.status;
        this.ctx.store.updated(ds, 'status');
        return true;
    }
  }

  private createPod(ds: DaemonSet, nodeName: string): boolean {
    if (this.ctx.store.get('DaemonSet', ds.key) !== ds || ds.deletionUs !== null) {
      this.expectations.creationSkipped(ds.key);
      return true;
    }
    const res = createPodFromTemplate(
      this.ctx.sim,
      {
        namespace: ds.namespace,
        generateName: `${ds.name}-`,
        owner: ownerRefTo(ds),
        template: ds.template,
        extraLabels: { [ControllerRevisionHashLabel]: ds.templateHash },
        spec: pinnedToNode(this.compile(ds).spec, nodeName),
      },
      this.names,
      this.ctx.priorityClasses,
    );
    if ('error' in res) {
      this.expectations.creationSkipped(ds.key);
      this.ctx.event(ds, 'FailedCreate', `Error creating: ${res.error}`);
      return false;
    }
    return true;
  }

  /** Creations skipped after a failed batch will never be observed: lower the expectations. */
  abandoned(actions: readonly DaemonSetAction[]): void {
    for (const a of actions) if (a.op === 'create') this.expectations.creationSkipped(a.ds.key);
  }

  podAdded(pod: Pod): void {
    if (pod.owner?.kind === 'DaemonSet')
      this.expectations.creationObserved(`${pod.namespace}/${pod.owner.name}`);
  }

  podDeletionStarted(pod: Pod): void {
    if (pod.owner?.kind === 'DaemonSet')
      this.expectations.deletionObserved(`${pod.namespace}/${pod.owner.name}`);
  }
}

function emptyStatus(): DaemonSetStatus {
  return {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberReady: 0,
    numberMisscheduled: 0,
    updatedNumberScheduled: 0,
  };
}

function sameStatus(a: DaemonSetStatus, b: DaemonSetStatus): boolean {
  return (
    a.desiredNumberScheduled === b.desiredNumberScheduled &&
    a.currentNumberScheduled === b.currentNumberScheduled &&
    a.numberReady === b.numberReady &&
    a.numberMisscheduled === b.numberMisscheduled &&
    a.updatedNumberScheduled === b.updatedNumberScheduled
  );
}
