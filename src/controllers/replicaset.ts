// ReplicaSet controller (pkg/controller/replicaset/replica_set.go). A sync compares the active pods
// (not terminal, no deletionTimestamp: a pod being deleted no longer counts, so its replacement is
// created right after the DELETE, node-health-timing.md §4.4) with spec.replicas, once the
// expectations of the previous sync are met. It creates at most burstReplicas (500) pods per sync, in
// slowStartBatch batches of 1, 2, 4, ... (each batch waits for the previous one), or deletes the
// surplus ranked by ActivePodsWithRanks, then writes status (replicas, ready, available).

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import {
  getCondition,
  newCondition,
  removeCondition,
  sameConditions,
  setCondition,
  toApiConditions,
} from '../workloads/conditions.js';
import { ownerRefTo, type ReplicaSetLike, type ReplicaSetStatus } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import { isPodActive, isPodAvailable, OwnedPods } from '../workloads/pod-index.js';
import type { WorkloadContext } from './context.js';
import { type ClaimablePod, type ClaimResult, claimPods } from './controller-ref-manager.js';
import { ControllerExpectations } from './expectations.js';
import type { PodClaims } from './pod-claims.js';
import { podsToDelete } from './pod-ranking.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

/** replicaset.BurstReplicas: most creations or deletions per sync. */
export const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** Batch sizes slowStartBatch uses for `count` creations: 1, 2, 4, ... up to what is left. */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const out: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    out.push(size);
    remaining -= size;
  }
  return out;
}

export interface ReplicaSetView {
  readonly replicas: number;
  readonly activePods: number;
  readonly deleting: boolean;
  readonly expectationsSatisfied: boolean;
  readonly burstReplicas: number;
}

export interface ReplicaSetDecision {
  readonly create: number;
  readonly delete: number;
}

/** manageReplicas' arithmetic: how many pods to create or delete in this sync. */
export function reconcileReplicaSet(v: ReplicaSetView): ReplicaSetDecision {
  if (!v.expectationsSatisfied || v.deleting) return { create: 0, delete: 0 };
  const diff = v.activePods - v.replicas;
  if (diff < 0) return { create: Math.min(-diff, v.burstReplicas), delete: 0 };
  return { create: 0, delete: Math.min(diff, v.burstReplicas) };
}

export type ReplicaSetAction =
  | { readonly op: 'create'; readonly rs: ReplicaSetLike }
  | { readonly op: 'adopt' | 'release'; readonly rs: ReplicaSetLike; readonly pod: Pod }
  | { readonly op: 'delete'; readonly rs: ReplicaSetLike; readonly pod: Pod }
  | { readonly op: 'status'; readonly rs: ReplicaSetLike; readonly status: ReplicaSetStatus };

export function sameReplicaSetStatus(a: ReplicaSetStatus, b: ReplicaSetStatus): boolean {
  return (
    a.replicas === b.replicas &&
    a.readyReplicas === b.readyReplicas &&
    a.availableReplicas === b.availableReplicas &&
    a.observedGeneration === b.observedGeneration &&
    sameConditions(a.conditions, b.conditions)
  );
}

export const ReplicaSetReplicaFailure = 'ReplicaFailure';

/**
 * The ReplicaSet controller, also run over ReplicationControllers: pkg/controller/replication
 * (replication_controller.go NewReplicationManager) is replicaset.NewBaseController with the
 * ReplicationController kind, its own queue and --concurrent-rc-syncs workers.
 */
export class ReplicaSetController implements ControllerLogic<ReplicaSetAction> {
  readonly name: 'replicaset' | 'replication';
  readonly expectations = new ControllerExpectations();
  private readonly names;

  constructor(
    private readonly ctx: WorkloadContext,
    private readonly kind: ReplicaSetLike['kind'] = 'ReplicaSet',
    /** Orphans to adopt and pods to release (pod-claims.ts); none: every pod keeps its owner. */
    private readonly claims?: Pick<PodClaims, 'take'>,
  ) {
    this.name = kind === 'ReplicaSet' ? 'replicaset' : 'replication';
    this.names = ctx.sim.rng.stream(`controllers/${this.name}/names`);
  }

  private lookup(key: string): ReplicaSetLike | undefined {
    return this.ctx.store.get(this.kind, key);
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<ReplicaSetAction> | null {
    const rs = this.lookup(key);
    if (rs === undefined) {
      this.expectations.delete(key);
      return null;
    }
    const indexed = this.ctx.pods.ownedOrEmpty(rs.uid);
    const claim = this.claim(rs);
    const owned = claim === null ? indexed : claimedPods(indexed, claim);
    const decision = reconcileReplicaSet({
      replicas: rs.replicas,
      activePods: owned.active,
      deleting: rs.deletionUs !== null,
      expectationsSatisfied: this.expectations.satisfied(key, nowUs),
      burstReplicas: BURST_REPLICAS,
    });
    const steps: ReplicaSetAction[][] = [];
    // ClaimPods patches one pod at a time, before manageReplicas.
    for (const pod of claim?.adopt ?? []) steps.push([{ op: 'adopt', rs, pod }]);
    for (const pod of claim?.release ?? []) steps.push([{ op: 'release', rs, pod }]);
    if (decision.create > 0) {
      this.expectations.expect(key, decision.create, 0, nowUs);
      for (const size of slowStartBatches(decision.create)) {
        steps.push(Array.from({ length: size }, () => ({ op: 'create' as const, rs })));
      }
    } else if (decision.delete > 0) {
      const victims = this.victims(rs, owned, decision.delete, nowUs);
      this.expectations.expect(key, 0, victims.length, nowUs);
      steps.push(victims.map((pod) => ({ op: 'delete' as const, rs, pod })));
    }
    const status = this.calculateStatus(rs, owned, nowUs);
    if (!sameReplicaSetStatus(status, rs.status)) steps.push([{ op: 'status', rs, status }]);
    // replica_set.go: wait out minReadySeconds when every replica is ready but not yet available.
    const requeue =
      rs.minReadySeconds > 0 &&
      status.readyReplicas === rs.replicas &&
      status.availableReplicas !== rs.replicas
        ? rs.minReadySeconds * 1_000_000
        : undefined;
    return requeue === undefined ? { steps } : { steps, requeueAfterUs: requeue };
  }

  /** claimPods over the pods offered since the last sync; null when nothing changes hands. */
  private claim(rs: ReplicaSetLike): ClaimResult<Pod> | null {
    const offered = this.claims?.take(rs) ?? [];
    if (offered.length === 0) return null;
    const candidates = offered.filter((p) => isPodActive(p) && this.ctx.sim.state.pod(p.key) === p);
    const result = claimPods(
      { uid: rs.uid, namespace: rs.namespace, selector: rs.selector, deleting: rs.deletionUs !== null },
      candidates.map((pod) => claimable(pod)),
    );
    if (result.adopt.length === 0 && result.release.length === 0) return null;
    return {
      claimed: result.claimed.map((c) => c.pod),
      adopt: result.adopt.map((c) => c.pod),
      release: result.release.map((c) => c.pod),
    };
  }

  private victims(rs: ReplicaSetLike, owned: OwnedPods, count: number, nowUs: TimeUs): Pod[] {
    const active = [...owned.pods].filter(isPodActive);
    // getIndirectlyRelatedPods: the active pods of every ReplicaSet under the same Deployment.
    const family =
      rs.owner === null
        ? [rs]
        : this.ctx.store.dependentsOf(rs.owner.uid).filter((w) => w.kind === 'ReplicaSet');
    const relatedNodes: (string | null)[] = [];
    for (const member of family) {
      for (const p of this.ctx.pods.owned(member.uid)?.pods ?? []) {
        if (isPodActive(p)) relatedNodes.push(p.nodeName);
      }
    }
    return podsToDelete(active, relatedNodes, count, nowUs, (pod) => ({
      readySinceUs: this.ctx.pods.readySince(pod),
      restarts: this.ctx.podWorkers.restartCount(pod),
    }));
  }

  calculateStatus(rs: ReplicaSetLike, owned: OwnedPods, nowUs: TimeUs): ReplicaSetStatus {
    let available = owned.activeReady;
    if (rs.minReadySeconds > 0) {
      available = 0;
      for (const p of owned.pods) {
        if (isPodActive(p) && isPodAvailable(p, rs.minReadySeconds, nowUs)) available++;
      }
    }
    // replica_set_utils.go calculateStatus: ReplicaFailure goes once manageReplicas succeeds again (the
    // status write comes after this sync's creations, which a failed creation abandons; see createPod).
    return {
      replicas: owned.active,
      readyReplicas: owned.activeReady,
      availableReplicas: available,
      observedGeneration: rs.generation,
      conditions: removeCondition(rs.status.conditions, ReplicaSetReplicaFailure),
    };
  }

  apply(action: ReplicaSetAction, _nowUs: TimeUs): boolean {
    const { rs } = action;
    switch (action.op) {
      case 'create':
        return this.createPod(rs);
      case 'adopt':
        // canAdopt (RecheckDeletionTimestamp): a controller deleted since the sync adopts nothing and
        // the sync fails before manageReplicas.
        if (this.lookup(rs.key) !== rs || rs.deletionUs !== null) return false;
        // The PATCH's uid precondition: a pod gone or claimed meanwhile is skipped.
        if (action.pod.owner === null) this.ctx.sim.state.setPodOwner(action.pod, ownerRefTo(rs));
        return true;
      case 'release':
        if (action.pod.owner?.uid === rs.uid) this.ctx.sim.state.setPodOwner(action.pod, null);
        return true;
      case 'delete':
        if (!this.ctx.sim.state.markPodDeleting(action.pod, 'SuccessfulDelete', `${rs.kind}/${rs.name}`)) {
          this.expectations.deletionObserved(rs.key); // already gone: lower the expectation (NotFound)
        }
        return true;
      case 'status':
        if (this.lookup(rs.key) !== rs) return true;
        this.writeStatus(rs, action.status);
        return true;
    }
  }

  private createPod(rs: ReplicaSetLike): boolean {
    if (this.lookup(rs.key) !== rs || rs.deletionUs !== null) {
      this.expectations.creationSkipped(rs.key);
      return true;
    }
    const res = createPodFromTemplate(
      this.ctx.sim,
      { namespace: rs.namespace, generateName: `${rs.name}-`, owner: ownerRefTo(rs), template: rs.template },
      this.names,
      this.ctx.priorityClasses,
    );
    if ('error' in res) {
      this.expectations.creationSkipped(rs.key);
      this.ctx.event(rs, 'FailedCreate', `Error creating: ${res.error}`);
      // manageReplicas returned the error: the sync's status write carries ReplicaFailure (FailedCreate).
      if (getCondition(rs.status.conditions, ReplicaSetReplicaFailure) === undefined) {
        const c = newCondition(
          ReplicaSetReplicaFailure,
          'True',
          'FailedCreate',
          res.error,
          this.ctx.sim.nowUs,
        );
        this.writeStatus(rs, { ...rs.status, conditions: setCondition(rs.status.conditions, c) });
      }
      return false;
    }
    return true;
  }

  private writeStatus(rs: ReplicaSetLike, status: ReplicaSetStatus): void {
    const before = rs.status.conditions;
    rs.status = { ...status, conditions: toApiConditions(status.conditions) };
    this.ctx.conditionsChanged(rs, before, rs.status.conditions);
    this.ctx.store.updated(rs, 'status');
  }

  /** Informer hooks: the pod events that lower this controller's expectations. */
  /** Creations skipped after a failed batch will never be observed: lower the expectations. */
  abandoned(actions: readonly ReplicaSetAction[]): void {
    for (const a of actions) if (a.op === 'create') this.expectations.creationSkipped(a.rs.key);
  }

  podAdded(pod: Pod): void {
    if (pod.owner?.kind === this.kind)
      this.expectations.creationObserved(`${pod.namespace}/${pod.owner.name}`);
  }

  podDeletionStarted(pod: Pod): void {
    if (pod.owner?.kind === this.kind)
      this.expectations.deletionObserved(`${pod.namespace}/${pod.owner.name}`);
  }
}

function claimable(pod: Pod): ClaimablePod & { readonly pod: Pod } {
  return {
    pod,
    namespace: pod.namespace,
    labels: pod.labels,
    ownerUid: pod.owner?.uid ?? null,
    deleting: pod.deletionUs !== null,
  };
}

/** The owned pods as this sync counts them: plus the orphans it adopts, minus the pods it releases. */
function claimedPods(indexed: OwnedPods, claim: ClaimResult<Pod>): OwnedPods {
  const out = new OwnedPods();
  const released = new Set(claim.release);
  for (const p of [...indexed.pods, ...claim.adopt]) {
    if (released.has(p)) continue;
    out.pods.add(p);
    if (isPodActive(p)) {
      out.active++;
      if (p.ready) out.activeReady++;
    }
  }
  return out;
}
