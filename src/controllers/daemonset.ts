// DaemonSet controller (pkg/controller/daemon/daemon_controller.go manage/syncNodes, update.go): one
// daemon pod per node that should run it, created pinned to its node and placed by the scheduler;
// pods on nodes that may no longer run them (untolerated NoExecute taint, affinity no longer matching)
// are deleted, as are failed pods (with the per-node failedPodsBackoff, 1 s doubling to 15 min) and
// extra pods (the oldest is kept). At most burstReplicas (250) creations per sync, in slow-start
// batches. RollingUpdate (maxUnavailable or maxSurge, minReadySeconds) is decided in daemonset-plan.ts.

import type { TimeUs } from '../engine/time.js';
import type { PodSpecManifest } from '../model/k8s-schema.js';
import type { Pod, Toleration } from '../model/types.js';
import { type DaemonSet, type DaemonSetStatus, ownerRefTo } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import type { WorkloadContext } from './context.js';
import { type DaemonPod, planDaemonSet } from './daemonset-plan.js';
import {
  asTolerations,
  ControllerRevisionHashLabel,
  daemonPodSpec,
  daemonPodTargetNode,
  nodeShouldRunDaemonPod,
  PodTemplateGenerationLabel,
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

  /** manage + rollingUpdate + updateDaemonSetStatus (planDaemonSet) over this DaemonSet's pods. */
  plan(ds: DaemonSet, nowUs: TimeUs): NodePlan {
    const c = this.compile(ds);
    const byNode = new Map<string, DaemonPodRef[]>();
    for (const pod of this.ctx.pods.owned(ds.uid)?.pods ?? []) {
      // getNodesToDaemonPods: terminal pods already being deleted are of no concern any more.
      const terminal = pod.phase === 'Succeeded' || pod.phase === 'Failed';
      if (terminal && pod.deletionUs !== null) continue;
      const target = daemonPodTargetNode(pod);
      if (target === null) continue;
      const ref = daemonPodRef(pod, ds);
      const list = byNode.get(target);
      if (list === undefined) byNode.set(target, [ref]);
      else list.push(ref);
    }
    const nodes = this.ctx.sim.state.nodes.map((node) => ({
      name: node.name,
      ...nodeShouldRunDaemonPod(node, c.spec, c.tolerations),
    }));
    const d = planDaemonSet({
      hash: ds.templateHash,
      minReadySeconds: ds.minReadySeconds,
      strategy: ds.updateStrategy,
      nodes,
      podsByNode: byNode,
      failedBackoff: (node) => this.failedPodBackoff(`${ds.key}/${node}`, nowUs),
      nowUs,
    });
    return {
      create: d.create,
      delete: d.delete.map((r) => r.pod),
      status: { ...d.status, observedGeneration: ds.generation },
      requeueAfterUs: d.requeueAfterUs,
    };
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

/** A daemon pod as planDaemonSet reads it. */
interface DaemonPodRef extends DaemonPod {
  readonly pod: Pod;
}

/** IsPodUpdated: the pod's hash label, or the set's (dumped) template generation, names the current template. */
function daemonPodRef(pod: Pod, ds: DaemonSet): DaemonPodRef {
  const generationMatches =
    ds.templateGeneration !== null && pod.labels[PodTemplateGenerationLabel] === ds.templateGeneration;
  return {
    pod,
    name: pod.name,
    hash: generationMatches ? ds.templateHash : (pod.labels[ControllerRevisionHashLabel] ?? ''),
    scheduled: pod.nodeName !== null,
    createdUs: pod.createdUs,
    deleting: pod.deletionUs !== null,
    phase: pod.phase,
    ready: pod.ready,
    readyTransitionUs: pod.readyTransitionUs,
  };
}

function sameStatus(a: DaemonSetStatus, b: DaemonSetStatus): boolean {
  return (
    a.desiredNumberScheduled === b.desiredNumberScheduled &&
    a.currentNumberScheduled === b.currentNumberScheduled &&
    a.numberReady === b.numberReady &&
    a.numberAvailable === b.numberAvailable &&
    a.numberUnavailable === b.numberUnavailable &&
    a.numberMisscheduled === b.numberMisscheduled &&
    a.updatedNumberScheduled === b.updatedNumberScheduled &&
    a.observedGeneration === b.observedGeneration
  );
}
