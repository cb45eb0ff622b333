// The StatefulSet controller's sync (pkg/controller/statefulset stateful_set.go sync, stateful_pod_control.go
// CreateStatefulPod / DeleteStatefulPod / UpdatePodClaimForRetentionPolicy). A sync plans with
// planStatefulSet (plan.ts) and turns the plan into API calls through the controller's runtime (its
// rate-limited client, --concurrent-statefulset-syncs workers; controller.ts). Creating a pod first
// creates its missing claims (createPersistentVolumeClaims; a claim being deleted stops the pod, as
// upstream's "pvc ... is being deleted" error), then the pod, each with its SuccessfulCreate Event on
// the set (recordClaimEvent, recordPodEvent). A Pending pod whose claim is gone gets it created again
// (processReplica createMissingPersistentVolumeClaims, 1.27+). Claims' POSTs ride on the pod's call.
// Not modelled: PodClaimIsStale (a claim owned by an older pod of the same name), ControllerRevision
// objects and revisionHistoryLimit (revisions are kept in memory), the status's collisionCount.

import type { TimeUs } from '../../engine/time.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { AdmissionConfig, PriorityClass } from '../../model/admission.js';
import type { ReasonOf } from '../../model/event-reasons.js';
import { admitClaimLimitRanges } from '../../model/limit-range.js';
import type { Pod } from '../../model/types.js';
import { claimFrom } from '../../model/volume-from-manifest.js';
import { ownerRefTo, type StatefulSet, type StatefulSetStatus } from '../../workloads/objects.js';
import { createPodFromTemplate } from '../../workloads/pod-factory.js';
import type { PodIndex } from '../../workloads/pod-index.js';
import type { WorkloadStore } from '../../workloads/store.js';
import { workloadEvent } from '../context.js';
import type { ControllerLogic, SyncPlan } from '../runtime.js';
import {
  type ClaimOwnership,
  claimLabels,
  claimName,
  claimOwners,
  claimOwnershipFor,
  podLabels,
  podName,
  podSpec,
  sameOwners,
} from './identity.js';
import { planStatefulSet, type StatefulSetAction, sameStatefulSetStatus } from './plan.js';

export type StatefulSetCall =
  | { readonly op: 'pod'; readonly set: StatefulSet; readonly action: StatefulSetAction }
  | { readonly op: 'status'; readonly set: StatefulSet; readonly status: StatefulSetStatus };

/** What a sync reads and writes: the clock, store, log and streams, admission, the release. */
export interface StatefulSetContext {
  readonly sim: Pick<Kernel, 'nowUs' | 'state' | 'log' | 'rng'> & {
    readonly config: { readonly admission: AdmissionConfig; readonly version: { readonly minor: number } };
  };
  readonly store: WorkloadStore;
  /** The StatefulSets' pods by owner uid (controller.ts keeps it from the pod watch). */
  readonly pods: PodIndex;
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
  event(obj: StatefulSet, reason: ReasonOf<'Workload'>, message: string): void;
}

export function statefulSetContext(
  sim: StatefulSetContext['sim'],
  store: WorkloadStore,
  pods: PodIndex,
  priorityClasses: ReadonlyMap<string, PriorityClass>,
): StatefulSetContext {
  return {
    sim,
    store,
    pods,
    priorityClasses,
    event: (obj, reason, msg) => workloadEvent(sim, obj, reason, msg),
  };
}

export class StatefulSetSync implements ControllerLogic<StatefulSetCall, 'statefulset'> {
  readonly name = 'statefulset' as const;
  constructor(private readonly ctx: StatefulSetContext) {}

  private get minor(): number {
    return this.ctx.sim.config.version.minor;
  }

  private get ownership(): ClaimOwnership {
    return claimOwnershipFor(this.minor);
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<StatefulSetCall> | null {
    const set = this.ctx.store.get('StatefulSet', key);
    if (set === undefined) return null;
    const pods = this.ctx.pods.owned(set.uid)?.pods ?? [];
    const plan = planStatefulSet({
      set,
      pods,
      nowUs,
      maxUnavailableGate: this.minor >= 35,
      claimsMatchRetention: (pod, ord) => this.claimsMatch(set, pod, ord),
      claimsNeedRepair: (pod, ord) => this.claimsNeedRepair(set, pod, ord),
    });
    const steps: StatefulSetCall[][] = plan.steps.map((s) => s.map((action) => ({ op: 'pod', set, action })));
    if (!sameStatefulSetStatus(plan.status, set.status))
      steps.push([{ op: 'status', set, status: plan.status }]);
    return plan.requeueAfterUs === undefined ? { steps } : { steps, requeueAfterUs: plan.requeueAfterUs };
  }

  apply(call: StatefulSetCall, _nowUs: TimeUs): boolean {
    const set = call.set;
    if (this.ctx.store.get('StatefulSet', set.key) !== set) return true;
    if (call.op === 'status') {
      set.status = call.status;
      this.ctx.store.updated(set, 'status');
      return true;
    }
    const action = call.action;
    switch (action.op) {
      case 'create':
        return this.createPod(set, action.ordinal, action.revision);
      case 'delete':
        this.ctx.sim.state.markPodDeleting(action.pod, 'SuccessfulDelete', `StatefulSet/${set.name}`);
        return true;
      case 'claimOwners':
        this.updateClaimOwners(set, action.pod, action.ordinal);
        return true;
      case 'claims':
        return this.createMissingClaims(set, action.pod, action.ordinal);
    }
  }

  /** A Pending pod lacks one of its claims, or their owners are off the retention policy. */
  private claimsNeedRepair(set: StatefulSet, pod: Pod, ordinal: number): boolean {
    const volumes = this.ctx.sim.state.volumes;
    for (const t of set.volumeClaimTemplates) {
      if (volumes.claim(`${set.namespace}/${claimName(t.metadata.name, set, ordinal)}`) === undefined)
        return true;
    }
    return !this.claimsMatch(set, pod, ordinal);
  }

  /**
   * createMissingPersistentVolumeClaims (stateful_pod_control.go): createPersistentVolumeClaims, then
   * UpdatePodClaimForRetentionPolicy; an error fails the sync (retried with back-off).
   */
  private createMissingClaims(set: StatefulSet, pod: Pod, ordinal: number): boolean {
    if (this.ctx.sim.state.pod(pod.key) !== pod) return true;
    if (this.createClaims(set, pod.name, ordinal) !== null) return false;
    this.updateClaimOwners(set, pod, ordinal);
    return true;
  }

  /**
   * createPersistentVolumeClaims: each missing claim is created, with a SuccessfulCreate Event on the
   * set (recordClaimEvent), or refused by admission with a FailedCreate one; a claim being deleted is
   * an error. Returns the aggregated error
   * (errorutils.NewAggregate: one error as is, several bracketed) or null.
   */
  private createClaims(set: StatefulSet, pod: string, ordinal: number): string | null {
    const volumes = this.ctx.sim.state.volumes;
    const errors: string[] = [];
    for (const t of set.volumeClaimTemplates) {
      const cname = claimName(t.metadata.name, set, ordinal);
      const existing = volumes.claim(`${set.namespace}/${cname}`);
      if (existing !== undefined) {
        if (existing.deletionUs !== null) errors.push(`pvc ${cname} is being deleted`);
        continue;
      }
      const claim = claimFrom(
        {
          metadata: { ...t.metadata, name: cname, labels: claimLabels(set, t.metadata.labels) },
          spec: t.spec,
        },
        {
          uid: '', // the API server assigns it once admitted
          namespace: set.namespace,
          createdUs: this.ctx.sim.nowUs,
          owners: claimOwners(set, ordinal, null, this.ownership),
          defaultClass: volumes.defaultClass()?.name ?? null,
        },
      );
      // The API server's LimitRanger admission (PersistentVolumeClaimValidateLimitFunc).
      const refused = admitClaimLimitRanges(
        { storage: claim.spec.requestBytes },
        this.ctx.sim.state.limitRanges(set.namespace),
      );
      if (refused !== null) {
        const err = `persistentvolumeclaims "${cname}" is forbidden: ${refused}`;
        errors.push(`failed to create PVC ${cname}: ${err}`);
        this.ctx.event(
          set,
          'FailedCreate',
          `create Claim ${cname} for Pod ${pod} in StatefulSet ${set.name} failed error: ${err}`,
        );
        continue;
      }
      volumes.createClaim({ ...claim, uid: volumes.newUid('pvc') });
      this.ctx.event(
        set,
        'SuccessfulCreate',
        `create Claim ${cname} Pod ${pod} in StatefulSet ${set.name} success`,
      );
    }
    if (errors.length === 0) return null;
    return errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the owners the policy asks for. */
  private claimsMatch(set: StatefulSet, pod: Pod, ordinal: number): boolean {
    const want = claimOwners(set, ordinal, pod, this.ownership);
    for (const t of set.volumeClaimTemplates) {
      const pvc = this.ctx.sim.state.volumes.claim(
        `${set.namespace}/${claimName(t.metadata.name, set, ordinal)}`,
      );
      if (pvc !== undefined && !sameOwners(pvc.owners, want)) return false;
    }
    return true;
  }

  private updateClaimOwners(set: StatefulSet, pod: Pod, ordinal: number): void {
    const volumes = this.ctx.sim.state.volumes;
    const want = claimOwners(set, ordinal, pod, this.ownership);
    for (const t of set.volumeClaimTemplates) {
      const pvc = volumes.claim(`${set.namespace}/${claimName(t.metadata.name, set, ordinal)}`);
      if (pvc === undefined || sameOwners(pvc.owners, want)) continue;
      pvc.owners = want;
      volumes.updateClaim(pvc, 'meta');
    }
  }

  private createPod(set: StatefulSet, ordinal: number, revision: string): boolean {
    if (set.deletionUs !== null) return true;
    const name = podName(set, ordinal);
    const claimError = this.createClaims(set, name, ordinal);
    if (claimError !== null) {
      this.ctx.event(
        set,
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${set.name} failed error: ${claimError}`,
      );
      return false;
    }
    const template = set.revisions.get(revision) ?? set.template;
    const res = createPodFromTemplate(
      this.ctx.sim,
      {
        namespace: set.namespace,
        name,
        owner: ownerRefTo(set),
        template,
        extraLabels: podLabels(set, ordinal, revision, this.minor >= 28),
        spec: podSpec(set, template, ordinal),
      },
      this.ctx.sim.rng.stream('controllers/statefulset/names'),
      this.ctx.priorityClasses,
    );
    if ('error' in res) {
      this.ctx.event(
        set,
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${set.name} failed error: ${res.error}`,
      );
      return false;
    }
    this.ctx.event(set, 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.name} successful`);
    return true;
  }
}
