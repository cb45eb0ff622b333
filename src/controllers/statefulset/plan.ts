// The StatefulSet controller's decision for one sync (pkg/controller/statefulset
// stateful_set_control.go updateStatefulSet, processReplica, processCondemned,
// updateStatefulSetAfterInvariantEstablished; stateful_set_utils.go), as a pure function over the
// pods the set owns. Pods are named <set>-<ordinal>; ordinals [start, start+replicas) are the
// replicas, any other the condemned. OrderedReady ("monotonic") handles one pod at a time and stops
// at the first that is missing, terminating, not Running and Ready, or not available
// (minReadySeconds); Parallel creates and deletes in slowStartBatch batches. Scale-down removes the
// highest ordinal first; a RollingUpdate then deletes, from the highest ordinal down to the
// partition, the pods not at the update revision (one at a time, or up to maxUnavailable with the
// MaxUnavailableStatefulSet gate); OnDelete never deletes for an update.

import { type TimeUs, US_PER_S } from '../../engine/time.js';
import type { Pod } from '../../model/types.js';
import {
  type IntOrPercent,
  type StatefulSet,
  type StatefulSetStatus,
  scaledValue,
} from '../../workloads/objects.js';
import { isPodAvailable } from '../../workloads/pod-index.js';

/** The pod's controller-revision-hash label. */
export const RevisionLabel = 'controller-revision-hash';

/** getParentNameAndOrdinal: the ordinal of <parent>-<n>, or -1 when the name does not parse. */
export function ordinalOf(setName: string, podName: string): number {
  const m = /^(.*)-([0-9]+)$/.exec(podName);
  if (m === null || m[1] !== setName) return -1;
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? n : -1;
}

export const revisionOf = (pod: Pod): string => pod.labels[RevisionLabel] ?? '';
const isTerminating = (pod: Pod) => pod.deletionUs !== null;
const isRunningAndReady = (pod: Pod) => pod.phase === 'Running' && pod.ready;
const isTerminal = (pod: Pod) => pod.phase === 'Succeeded' || pod.phase === 'Failed';

/** isRunningAndAvailable: Running, and available (podutil.IsPodAvailable with minReadySeconds). */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, nowUs: TimeUs): boolean {
  return pod.phase === 'Running' && isPodAvailable(pod, minReadySeconds, nowUs);
}

/** isUnavailable: a replica missing, terminating, or not available. */
function isUnavailable(pod: Pod | null, minReadySeconds: number, nowUs: TimeUs): boolean {
  return pod === null || isTerminating(pod) || !isRunningAndAvailable(pod, minReadySeconds, nowUs);
}

export type StatefulSetAction =
  | { readonly op: 'create'; readonly ordinal: number; readonly revision: string }
  | { readonly op: 'delete'; readonly pod: Pod }
  /** UpdatePodClaimForRetentionPolicy: a condemned pod's claims get (or lose) the pod as owner. */
  | { readonly op: 'claimOwners'; readonly pod: Pod; readonly ordinal: number }
  /** createMissingPersistentVolumeClaims: a Pending pod's deleted claims are created again. */
  | { readonly op: 'claims'; readonly pod: Pod; readonly ordinal: number };

export interface StatefulSetPlan {
  readonly steps: StatefulSetAction[][];
  readonly status: StatefulSetStatus;
  /** Pods Ready but not yet available: sync again when minReadySeconds has passed. */
  readonly requeueAfterUs?: TimeUs;
}

export interface PlanInput {
  readonly set: StatefulSet;
  readonly pods: Iterable<Pod>;
  readonly nowUs: TimeUs;
  /** MaxUnavailableStatefulSet (alpha 1.24, beta and on from 1.35). */
  readonly maxUnavailableGate: boolean;
  /** ClaimsMatchRetentionPolicy for a condemned pod. */
  readonly claimsMatchRetention: (pod: Pod, ordinal: number) => boolean;
  /**
   * Whether a Pending replica's claims need createMissingPersistentVolumeClaims (one missing, or owners
   * off the retention policy; #113270, 1.27, the oldest release modelled). Absent: never.
   */
  readonly claimsNeedRepair?: (pod: Pod, ordinal: number) => boolean;
}

/** slowStartBatch over n items: index ranges of 1, 2, 4, ... */
function slowStartRanges(n: number): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  for (let size = 1; i < n; size *= 2) {
    const end = Math.min(n, i + size);
    out.push([i, end]);
    i = end;
  }
  return out;
}

/** getStatefulSetMaxUnavailable: a count or a percentage of replicas (rounded down), at least 1. */
export function maxUnavailableOf(v: IntOrPercent, replicas: number): number {
  return Math.max(1, scaledValue(v, replicas, false));
}

export function planStatefulSet(input: PlanInput): StatefulSetPlan {
  const { set, nowUs } = input;
  const minReady = set.minReadySeconds;
  const start = set.ordinalsStart;
  const updateRevision = set.revision;
  const currentRevision = set.status.currentRevision === '' ? updateRevision : set.status.currentRevision;
  const replicas: (Pod | null)[] = new Array(set.replicas).fill(null);
  const condemned: Pod[] = [];
  const all: Pod[] = [];
  for (const pod of input.pods) {
    const ord = ordinalOf(set.name, pod.name);
    if (ord < 0) continue;
    all.push(pod);
    if (ord >= start && ord < start + set.replicas) replicas[ord - start] = pod;
    else condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(set.name, b.name) - ordinalOf(set.name, a.name));

  const status = computeStatus(set, all, currentRevision, updateRevision, nowUs);
  const steps: StatefulSetAction[][] = [];
  const finish = (): StatefulSetPlan => {
    completeRollingUpdate(set, status);
    const waiting = minReady > 0 && status.readyReplicas !== status.availableReplicas;
    return waiting ? { steps, status, requeueAfterUs: minReady * US_PER_S } : { steps, status };
  };
  if (set.deletionUs !== null) return finish();

  let firstUnavailable: Pod | null = null;
  for (const p of replicas)
    if (firstUnavailable === null && p !== null && isUnavailable(p, minReady, nowUs)) firstUnavailable = p;
  for (let i = condemned.length - 1; i >= 0 && firstUnavailable === null; i--)
    if (isUnavailable(condemned[i] as Pod, minReady, nowUs)) firstUnavailable = condemned[i] as Pod;
  const monotonic = set.podManagementPolicy !== 'Parallel';

  // newVersionedStatefulSetPod: below the partition a new pod gets the current revision.
  const revisionFor = (ord: number) =>
    set.updateStrategy.type === 'RollingUpdate' && ord < start + set.updateStrategy.partition
      ? currentRevision
      : updateRevision;

  // processReplica: one action (or none) per replica, and whether a monotonic sync stops there.
  const processReplica = (i: number): { action: StatefulSetAction | null; stop: boolean } => {
    const pod = replicas[i] as Pod | null;
    const ord = start + i;
    if (pod === null)
      return { action: { op: 'create', ordinal: ord, revision: revisionFor(ord) }, stop: monotonic };
    // A Failed or Succeeded pod is deleted; the next sync recreates it once it is gone.
    if (isTerminal(pod)) return { action: isTerminating(pod) ? null : { op: 'delete', pod }, stop: true };
    // processReplica (1.27+, #113270): a Pending pod gets its missing claims created again.
    const action: StatefulSetAction | null =
      pod.phase === 'Pending' && input.claimsNeedRepair?.(pod, ord) === true
        ? { op: 'claims', pod, ordinal: ord }
        : null;
    if (
      monotonic &&
      (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowUs))
    )
      return { action, stop: true };
    return { action, stop: false };
  };
  if (runForAll(replicas.length, processReplica, monotonic, steps)) return finish();

  const fixClaims = (i: number) => {
    const pod = condemned[i] as Pod;
    const ord = ordinalOf(set.name, pod.name);
    return input.claimsMatchRetention(pod, ord)
      ? { action: null, stop: false }
      : { action: { op: 'claimOwners', pod, ordinal: ord } as const, stop: false };
  };
  if (runForAll(condemned.length, fixClaims, monotonic, steps)) return finish();

  const processCondemned = (i: number): { action: StatefulSetAction | null; stop: boolean } => {
    const pod = condemned[i] as Pod;
    if (isTerminating(pod)) return { action: null, stop: monotonic };
    if (
      monotonic &&
      pod !== firstUnavailable &&
      (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowUs))
    )
      return { action: null, stop: true };
    return { action: { op: 'delete', pod }, stop: true };
  };
  if (runForAll(condemned.length, processCondemned, monotonic, steps)) return finish();

  if (set.updateStrategy.type === 'OnDelete') return finish();
  const partition = set.updateStrategy.partition;
  const stale = (p: Pod | null): p is Pod =>
    p !== null && revisionOf(p) !== updateRevision && !isTerminating(p);
  if (input.maxUnavailableGate) {
    const maxUnavailable = maxUnavailableOf(set.updateStrategy.maxUnavailable, set.replicas);
    let unavailable = 0;
    for (const p of replicas) if (isUnavailable(p, minReady, nowUs)) unavailable++;
    if (unavailable > maxUnavailable) return finish();
    const batch: StatefulSetAction[] = [];
    for (let t = replicas.length - 1; t >= partition && batch.length < maxUnavailable - unavailable; t--) {
      const p = replicas[t] as Pod | null;
      if (stale(p)) {
        batch.push({ op: 'delete', pod: p });
        status.currentReplicas--;
      }
    }
    if (batch.length > 0) steps.push(batch);
    return finish();
  }
  for (let t = replicas.length - 1; t >= partition; t--) {
    const p = replicas[t] as Pod | null;
    if (stale(p)) {
      steps.push([{ op: 'delete', pod: p }]);
      status.currentReplicas--;
      return finish();
    }
    if (isUnavailable(p, minReady, nowUs)) return finish();
  }
  return finish();
}

/**
 * runForAll: monotonic, item by item until one says stop (true: the sync ends here); otherwise
 * slowStartBatch over every item, each batch one step of API calls.
 */
function runForAll(
  n: number,
  fn: (i: number) => { action: StatefulSetAction | null; stop: boolean },
  monotonic: boolean,
  steps: StatefulSetAction[][],
): boolean {
  if (monotonic) {
    for (let i = 0; i < n; i++) {
      const r = fn(i);
      if (r.action !== null) steps.push([r.action]);
      if (r.stop) return true;
    }
    return false;
  }
  for (const [from, to] of slowStartRanges(n)) {
    const batch: StatefulSetAction[] = [];
    for (let i = from; i < to; i++) {
      const r = fn(i);
      if (r.action !== null) batch.push(r.action);
    }
    if (batch.length > 0) steps.push(batch);
  }
  return false;
}

/** computeReplicaStatus over every pod of the set. */
function computeStatus(
  set: StatefulSet,
  pods: readonly Pod[],
  currentRevision: string,
  updateRevision: string,
  nowUs: TimeUs,
): StatefulSetStatus {
  const s: StatefulSetStatus = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision,
    updateRevision,
    observedGeneration: set.generation,
  };
  for (const pod of pods) {
    s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, set.minReadySeconds, nowUs)) s.availableReplicas++;
    }
    if (!isTerminating(pod)) {
      const rev = revisionOf(pod);
      if (rev === currentRevision) s.currentReplicas++;
      if (rev === updateRevision) s.updatedReplicas++;
    }
  }
  return s;
}

/**
 * completeRollingUpdate: spec.replicas pods, every one updated and ready, make the update revision
 * current (stateful_set_utils.go compares each count with spec.replicas).
 */
function completeRollingUpdate(set: StatefulSet, s: StatefulSetStatus): void {
  if (
    set.updateStrategy.type === 'RollingUpdate' &&
    s.updatedReplicas === set.replicas &&
    s.readyReplicas === set.replicas &&
    s.replicas === set.replicas
  ) {
    s.currentReplicas = s.updatedReplicas;
    s.currentRevision = s.updateRevision;
  }
}

export function sameStatefulSetStatus(a: StatefulSetStatus, b: StatefulSetStatus): boolean {
  return (
    a.replicas === b.replicas &&
    a.readyReplicas === b.readyReplicas &&
    a.availableReplicas === b.availableReplicas &&
    a.currentReplicas === b.currentReplicas &&
    a.updatedReplicas === b.updatedReplicas &&
    a.currentRevision === b.currentRevision &&
    a.updateRevision === b.updateRevision &&
    a.observedGeneration === b.observedGeneration
  );
}
