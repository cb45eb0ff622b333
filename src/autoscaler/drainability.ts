// Which pods stop a node from being removed, and which must be moved (simulator/drainability/rules,
// rules.go Default: the first rule with an outcome decides, in this order):
//   mirror             static (mirror) pods are skipped
//   longterminating    pods whose deletionTimestamp is more than their grace period + 30 s past are skipped
//   replicacount       ReplicaSet / ReplicationController pods with fewer than --min-replica-count replicas block
//   daemonset          DaemonSet pods drain (they are evicted, not moved)
//   safetoevict        cluster-autoscaler.kubernetes.io/safe-to-evict: "true" drains
//   terminal           finished pods drain
//   replicated         pods without a controller block (with --skip-nodes-with-custom-controller-pods, also
//                      pods whose controller is not a ReplicationController, Job, ReplicaSet or StatefulSet)
//   system             kube-system pods without a PodDisruptionBudget block (--skip-nodes-with-system-pods)
//   notsafetoevict     safe-to-evict: "false" blocks
//   localstorage       hostPath / non-memory emptyDir volumes block unless all are listed in
//                      safe-to-evict-local-volumes (--skip-nodes-with-local-storage)
//   pdb                a matching PodDisruptionBudget with no disruption allowed blocks
// GetPodsToMove (simulator/drain.go) then lists the pods to reschedule and the DaemonSet pods.

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';

export const SafeToEvictKey = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SafeToEvictLocalVolumesKey = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
export const MirrorPodAnnotation = 'kubernetes.io/config.mirror';
/** drain.go PodLongTerminatingExtraThreshold. */
export const POD_LONG_TERMINATING_EXTRA_US = 30_000_000;

export type BlockingReason =
  | 'MinReplicasReached'
  | 'NotReplicated'
  | 'LocalStorageRequested'
  | 'NotSafeToEvictAnnotation'
  | 'UnmovableKubeSystemPod'
  | 'NotEnoughPdb';

/**
 * The PodDisruptionBudget port (core/scaledown/pdb RemainingPdbTracker): budgets matching a pod and how
 * many disruptions each still allows (src/workloads/pdb-tracker.ts LivePdbTracker, connected in
 * src/sim/assemble.ts). NO_BUDGETS matches none (tests and the capacity search's pure parts).
 */
export interface DisruptionBudgets {
  matching(pod: Pod): readonly { readonly name: string; readonly disruptionsAllowed: number }[];
  /** Takes the pods' disruptions off their budgets (simulated removals in one loop). */
  remove(pods: readonly Pod[]): void;
}

export const NO_BUDGETS: DisruptionBudgets = { matching: () => [], remove: () => {} };

export interface DrainOptions {
  readonly skipNodesWithSystemPods: boolean;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  readonly minReplicaCount: number;
}

export interface DrainContext {
  readonly budgets: DisruptionBudgets;
  readonly nowUs: TimeUs;
  /** spec.replicas of the pod's ReplicaSet (null: unknown), for --min-replica-count. */
  readonly controllerReplicas: (pod: Pod) => number | null;
}

export type DrainStatus =
  | { readonly outcome: 'undefined' | 'drain' | 'skip' }
  | { readonly outcome: 'block'; readonly reason: BlockingReason; readonly message: string };

const UNDEFINED: DrainStatus = { outcome: 'undefined' };
const DRAIN: DrainStatus = { outcome: 'drain' };
const SKIP: DrainStatus = { outcome: 'skip' };
const block = (reason: BlockingReason, message: string): DrainStatus => ({
  outcome: 'block',
  reason,
  message,
});

const REPLICATED_KINDS = new Set(['ReplicationController', 'Job', 'ReplicaSet', 'StatefulSet']);

export function isMirrorPod(pod: Pod): boolean {
  return pod.annotations[MirrorPodAnnotation] !== undefined;
}

/**
 * IsPodLongTerminating: metadata.deletionTimestamp + spec.terminationGracePeriodSeconds + 30 s is past.
 * The API server sets deletionTimestamp to the delete call's time plus its grace period, so that is
 * the deletion start + the delete's grace + the spec's grace + 30 s.
 */
export function isPodLongTerminating(pod: Pod, nowUs: TimeUs): boolean {
  if (pod.deletionUs === null) return false;
  const spec = pod.spec.terminationGracePeriodSeconds;
  const deletionTimestampUs = pod.deletionUs + (pod.deletionGraceSeconds ?? spec) * 1_000_000;
  return deletionTimestampUs + spec * 1_000_000 + POD_LONG_TERMINATING_EXTRA_US < nowUs;
}

function isTerminal(pod: Pod): boolean {
  const rp = pod.spec.restartPolicy;
  if (rp === 'Never' && (pod.phase === 'Succeeded' || pod.phase === 'Failed')) return true;
  if (rp === 'OnFailure' && pod.phase === 'Succeeded') return true;
  return pod.phase === 'Failed';
}

/** HasBlockingLocalStorage: a local volume not listed in safe-to-evict-local-volumes. */
export function hasBlockingLocalStorage(pod: Pod): boolean {
  const local = pod.spec.localStorageVolumes ?? [];
  if (local.length === 0) return false;
  const allowed = new Set(
    (pod.annotations[SafeToEvictLocalVolumesKey] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  return local.some((v) => !allowed.has(v));
}

function controllerKind(pod: Pod): string | null {
  return pod.owner?.controller ? pod.owner.kind : null;
}

type Rule = (pod: Pod, o: DrainOptions, ctx: DrainContext) => DrainStatus;

const RULES: readonly Rule[] = [
  (pod) => (isMirrorPod(pod) ? SKIP : UNDEFINED),
  (pod, _o, ctx) => (isPodLongTerminating(pod, ctx.nowUs) ? SKIP : UNDEFINED),
  (pod, o, ctx) => {
    if (!o.skipNodesWithCustomControllerPods) return UNDEFINED;
    const kind = controllerKind(pod);
    if (kind !== 'ReplicaSet' && kind !== 'ReplicationController') return UNDEFINED;
    const replicas = ctx.controllerReplicas(pod);
    if (replicas !== null && replicas < o.minReplicaCount)
      return block(
        'MinReplicasReached',
        `replication controller for ${pod.key} has too few replicas spec: ${replicas} min: ${o.minReplicaCount}`,
      );
    return UNDEFINED;
  },
  (pod) => (pod.daemonSet ? DRAIN : UNDEFINED),
  (pod) => (pod.annotations[SafeToEvictKey] === 'true' ? DRAIN : UNDEFINED),
  (pod) => (isTerminal(pod) ? DRAIN : UNDEFINED),
  (pod, o) => {
    const kind = controllerKind(pod);
    const replicated = kind !== null && (!o.skipNodesWithCustomControllerPods || REPLICATED_KINDS.has(kind));
    return replicated ? UNDEFINED : block('NotReplicated', `${pod.key} is not replicated`);
  },
  (pod, o, ctx) =>
    o.skipNodesWithSystemPods && pod.namespace === 'kube-system' && ctx.budgets.matching(pod).length === 0
      ? block(
          'UnmovableKubeSystemPod',
          `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${pod.name}`,
        )
      : UNDEFINED,
  (pod) =>
    pod.annotations[SafeToEvictKey] === 'false'
      ? block('NotSafeToEvictAnnotation', `pod annotated as not safe to evict present: ${pod.name}`)
      : UNDEFINED,
  (pod, o) =>
    o.skipNodesWithLocalStorage && hasBlockingLocalStorage(pod)
      ? block('LocalStorageRequested', `pod with local storage present: ${pod.name}`)
      : UNDEFINED,
  (pod, _o, ctx) =>
    ctx.budgets.matching(pod).some((b) => b.disruptionsAllowed < 1)
      ? block('NotEnoughPdb', `not enough pod disruption budget to move ${pod.key}`)
      : UNDEFINED,
];

/** rules.go Rules.Drainable: the first rule with an outcome. */
export function drainable(pod: Pod, o: DrainOptions, ctx: DrainContext): DrainStatus {
  for (const r of RULES) {
    const s = r(pod, o, ctx);
    if (s.outcome !== 'undefined') return s;
  }
  return UNDEFINED;
}

export interface PodsToMove {
  readonly pods: Pod[];
  readonly daemonSetPods: Pod[];
  readonly blocking: { readonly pod: Pod; readonly reason: BlockingReason; readonly message: string } | null;
}

/** GetPodsToMove over the pods on a node (non-terminal pods charged to it, in a stable order). */
export function podsToMove(pods: Iterable<Pod>, o: DrainOptions, ctx: DrainContext): PodsToMove {
  const move: Pod[] = [];
  const ds: Pod[] = [];
  for (const pod of pods) {
    const s = drainable(pod, o, ctx);
    if (s.outcome === 'block')
      return { pods: [], daemonSetPods: [], blocking: { pod, reason: s.reason, message: s.message } };
    if (s.outcome === 'skip') continue;
    if (pod.daemonSet) ds.push(pod);
    else move.push(pod);
  }
  return { pods: move, daemonSetPods: ds, blocking: null };
}
