// Garbage collector (pkg/controller/garbagecollector), background propagation only: once an owner is
// deleted, every object whose controller ownerReference names it is deleted in turn (ReplicaSets of a
// Deployment, pods of a ReplicaSet, DaemonSet or Job). Keys are owner uids; deletions go through the
// garbage collector's own rate-limited API client.

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import type { PersistentVolumeClaim } from '../model/volumes.js';
import type { Workload } from '../workloads/objects.js';
import type { WorkloadContext } from './context.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

export type GcAction =
  | { readonly op: 'deletePod'; readonly pod: Pod }
  | { readonly op: 'delete'; readonly obj: Workload }
  | { readonly op: 'deleteClaim'; readonly claim: PersistentVolumeClaim };

export class GarbageCollector implements ControllerLogic<GcAction> {
  readonly name = 'garbagecollector' as const;

  constructor(private readonly ctx: WorkloadContext) {}

  sync(ownerUid: string, _nowUs: TimeUs): SyncPlan<GcAction> | null {
    if (this.ctx.store.byUidOf(ownerUid) !== undefined) return null; // the owner exists again
    const calls: GcAction[] = [];
    for (const obj of this.ctx.store.dependentsOf(ownerUid)) {
      if (obj.deletionUs === null) calls.push({ op: 'delete', obj });
    }
    for (const pod of this.ctx.pods.owned(ownerUid)?.pods ?? []) {
      if (pod.deletionUs === null) calls.push({ op: 'deletePod', pod });
    }
    // Claims owned by a StatefulSet or a pod (persistentVolumeClaimRetentionPolicy Delete).
    if (this.ctx.sim.state.volumes.claimCount > 0)
      for (const claim of this.ctx.sim.state.volumes.claimsOwnedBy(ownerUid))
        if (claim.deletionUs === null && !this.ownerAlive(claim)) calls.push({ op: 'deleteClaim', claim });
    return { steps: [calls] };
  }

  /** A claim with several owners stays while any of them exists (the set, or a live pod). */
  private ownerAlive(claim: PersistentVolumeClaim): boolean {
    return claim.owners.some((o) =>
      o.kind === 'Pod'
        ? this.ctx.sim.state.pod(`${claim.namespace}/${o.name}`)?.uid === o.uid
        : this.ctx.store.byUidOf(o.uid) !== undefined,
    );
  }

  apply(action: GcAction, _nowUs: TimeUs): boolean {
    if (action.op === 'deleteClaim') this.ctx.sim.state.volumes.deleteClaim(action.claim);
    else if (action.op === 'delete') this.ctx.deleteObject(action.obj);
    else
      this.ctx.sim.state.markPodDeleting(
        action.pod,
        'GarbageCollected',
        `${action.pod.owner?.kind}/${action.pod.owner?.name}`,
      );
    return true;
  }
}
