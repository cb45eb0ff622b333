// Deployment arithmetic (pkg/controller/deployment/util/deployment_util.go), as pure functions over a
// Deployment's spec and its ReplicaSets: surge and unavailability budgets (ResolveFenceposts: maxSurge
// rounds up, maxUnavailable rounds down, both 0 becomes maxUnavailable 1), the new ReplicaSet's next
// size during a rolling update (NewRSNewReplicas), and proportional scaling of several active
// ReplicaSets (GetProportion, getReplicaSetFraction).

import { apiTimeUs, type TimeUs, US_PER_S } from '../engine/time.js';
import type { PodPhase } from '../model/types.js';
import { type Condition, getCondition } from '../workloads/conditions.js';
import type { DeploymentStrategy, IntOrPercent } from '../workloads/objects.js';
import { scaledValue } from '../workloads/objects.js';

export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';

export interface RsSnapshot {
  readonly name: string;
  readonly createdUs: number;
  /** spec.replicas (the reconcile's working copy) */
  replicas: number;
  readonly statusReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly generation: number;
  readonly observedGeneration: number;
  readonly deleting: boolean;
  readonly templateText: string;
  annotations: Record<string, string>;
  /** The ReplicaSet's ReplicaFailure condition, if it has one (copied to the Deployment, progress.go). */
  readonly replicaFailure?: Condition;
}

export interface DeploymentSpecView {
  readonly replicas: number;
  readonly strategy: DeploymentStrategy;
}

export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: DeploymentSpecView): number {
  const ru = d.strategy.rollingUpdate;
  if (d.strategy.type !== 'RollingUpdate' || ru === null) return 0;
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, d.replicas).surge;
}

export function maxUnavailable(d: DeploymentSpecView): number {
  const ru = d.strategy.rollingUpdate;
  if (d.strategy.type !== 'RollingUpdate' || ru === null || d.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, d.replicas);
  return Math.min(unavailable, d.replicas);
}

export const specReplicas = (rss: readonly RsSnapshot[]) => rss.reduce((a, r) => a + r.replicas, 0);
export const actualReplicas = (rss: readonly RsSnapshot[]) => rss.reduce((a, r) => a + r.statusReplicas, 0);
export const readyReplicas = (rss: readonly RsSnapshot[]) => rss.reduce((a, r) => a + r.readyReplicas, 0);
export const availableReplicas = (rss: readonly RsSnapshot[]) =>
  rss.reduce((a, r) => a + r.availableReplicas, 0);
export const activeReplicaSets = (rss: readonly RsSnapshot[]) => rss.filter((r) => r.replicas > 0);

/** NewRSNewReplicas: the new ReplicaSet's size for this step of a rollout. */
export function newRSNewReplicas(
  d: DeploymentSpecView,
  allRSs: readonly RsSnapshot[],
  newRSReplicas: number,
): number {
  if (d.strategy.type === 'Recreate') return d.replicas;
  const current = specReplicas(allRSs);
  const maxTotal = d.replicas + maxSurge(d);
  if (current >= maxTotal) return newRSReplicas;
  const scaleUp = Math.min(maxTotal - current, d.replicas - newRSReplicas);
  return newRSReplicas + scaleUp;
}

const MAX_INT32 = 2_147_483_647;

/**
 * getNonNegativeInt32FromAnnotation: strconv.ParseUint(v, 10, 32) (decimal digits only: no sign, space,
 * exponent or hex) and at most math.MaxInt32; anything else counts as no annotation.
 */
function nonNegativeInt32Annotation(rs: RsSnapshot, name: string): number | null {
  const v = rs.annotations[name];
  if (v === undefined || !/^[0-9]+$/.test(v)) return null;
  const n = Number(v);
  return n <= MAX_INT32 ? n : null;
}

export const desiredReplicasOf = (rs: RsSnapshot) =>
  nonNegativeInt32Annotation(rs, DesiredReplicasAnnotation);
export const maxReplicasOf = (rs: RsSnapshot) => nonNegativeInt32Annotation(rs, MaxReplicasAnnotation);
/** Revision: 0 when unset (a revision that does not parse is skipped by MaxRevision, i.e. counts as 0 here). */
export const revisionOf = (rs: RsSnapshot) => {
  const v = rs.annotations[RevisionAnnotation];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
};

/** math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function replicaSetFraction(rs: RsSnapshot, d: DeploymentSpecView, statusReplicas: number): number {
  if (d.replicas === 0) return -rs.replicas;
  const deploymentReplicas = d.replicas + maxSurge(d);
  const annotated = maxReplicasOf(rs) ?? statusReplicas;
  if (annotated === 0) return 0;
  return roundHalfAway((rs.replicas * deploymentReplicas) / annotated) - rs.replicas;
}

/** GetProportion: this ReplicaSet's share of a scaling event, never overshooting what is left. */
export function proportion(
  rs: RsSnapshot,
  d: DeploymentSpecView,
  statusReplicas: number,
  toAdd: number,
  added: number,
): number {
  if (rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d, statusReplicas);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** ReplicaSetsByCreationTimestamp: oldest first (API timestamps are whole seconds), names break ties. */
export function byCreation(a: RsSnapshot, b: RsSnapshot): number {
  const sa = apiTimeUs(a.createdUs);
  const sb = apiTimeUs(b.createdUs);
  if (sa !== sb) return sa - sb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: larger first; among equal sizes, newer first. */
export function bySizeNewer(a: RsSnapshot, b: RsSnapshot): number {
  return a.replicas !== b.replicas ? b.replicas - a.replicas : byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: larger first; among equal sizes, older first. */
export function bySizeOlder(a: RsSnapshot, b: RsSnapshot): number {
  return a.replicas !== b.replicas ? b.replicas - a.replicas : byCreation(a, b);
}

/** ReplicaSetsByRevision: lower revision first, then creation. */
export function byRevision(a: RsSnapshot, b: RsSnapshot): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones. */
export function deploymentProgressing(
  before: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number },
  after: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number },
): boolean {
  return (
    after.updatedReplicas > before.updatedReplicas ||
    after.readyReplicas > before.readyReplicas ||
    after.availableReplicas > before.availableReplicas ||
    after.replicas - after.updatedReplicas < before.replicas - before.updatedReplicas
  );
}

/**
 * recreate.go oldPodsRunning: an old ReplicaSet still reports replicas, or owns a pod that is not
 * Succeeded or Failed (Pending, Running and Unknown all count).
 */
export function oldPodsRunning(
  oldRSs: Iterable<{ readonly statusReplicas: number; readonly podPhases: Iterable<PodPhase> }>,
): boolean {
  const olds = [...oldRSs];
  if (olds.some((rs) => rs.statusReplicas > 0)) return true;
  for (const rs of olds) {
    for (const phase of rs.podPhases) if (phase !== 'Succeeded' && phase !== 'Failed') return true;
  }
  return false;
}

// ---- conditions (deployment_util.go) ----------------------------------------------------------------

export const DeploymentProgressing = 'Progressing';
export const DeploymentAvailable = 'Available';
export const DeploymentReplicaFailure = 'ReplicaFailure';
/** Condition reasons (deployment_util.go). */
export const Reason = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** HasProgressDeadline: progressDeadlineSeconds set and not math.MaxInt32. */
export function hasProgressDeadline(
  progressDeadlineSeconds: number | null,
): progressDeadlineSeconds is number {
  return progressDeadlineSeconds !== null && progressDeadlineSeconds !== 2_147_483_647;
}

/**
 * DeploymentTimedOut: the Progressing condition's lastUpdateTime plus progressDeadlineSeconds is strictly
 * before now. Never for a completed rollout (NewReplicaSetAvailable: the deadline of a finished rollout
 * must not fire when its pods later become unavailable); always once ProgressDeadlineExceeded is set.
 */
export function deploymentTimedOut(
  progressDeadlineSeconds: number | null,
  conditions: readonly Condition[],
  nowUs: TimeUs,
): boolean {
  if (!hasProgressDeadline(progressDeadlineSeconds)) return false;
  const c = getCondition(conditions, DeploymentProgressing);
  if (c === undefined || c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  return c.lastUpdateUs + progressDeadlineSeconds * US_PER_S < nowUs;
}

/** What requeueStuckDeployment asks of the work queue. */
export type StuckRequeue = { readonly afterUs: TimeUs } | { readonly rateLimited: true } | null;

/**
 * requeueStuckDeployment (progress.go): a rollout that is neither complete nor timed out is synced again
 * one second after its deadline (the Progressing condition's lastUpdateTime + progressDeadlineSeconds),
 * or rate-limited when less than a second is left. Upstream also re-queues a completed rollout whose
 * pods became unavailable (reason NewReplicaSetAvailable), in a rate-limited loop; the syncs it causes
 * skip progress estimation (syncRolloutStatus isCompleteDeployment) and change nothing, so they are
 * not simulated.
 */
export function requeueStuckDeployment(
  progressDeadlineSeconds: number | null,
  current: Condition | undefined,
  complete: boolean,
  newStatus: { readonly replicas: number; readonly updatedReplicas: number },
  nowUs: TimeUs,
): StuckRequeue {
  if (!hasProgressDeadline(progressDeadlineSeconds) || current === undefined) return null;
  if (complete || current.reason === Reason.TimedOut) return null;
  if (current.reason === Reason.NewRSAvailable && newStatus.replicas === newStatus.updatedReplicas)
    return null;
  const afterUs = current.lastUpdateUs + progressDeadlineSeconds * US_PER_S - nowUs;
  if (afterUs < US_PER_S) return { rateLimited: true };
  return { afterUs: afterUs + US_PER_S };
}

/** The last rollout completed: Progressing=True with reason NewReplicaSetAvailable. */
export function rolloutComplete(status: { readonly conditions: readonly Condition[] }): boolean {
  return getCondition(status.conditions, DeploymentProgressing)?.reason === Reason.NewRSAvailable;
}

/** Progressing=False with reason ProgressDeadlineExceeded. */
export function rolloutTimedOut(status: { readonly conditions: readonly Condition[] }): boolean {
  return getCondition(status.conditions, DeploymentProgressing)?.reason === Reason.TimedOut;
}
