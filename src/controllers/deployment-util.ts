// Deployment arithmetic (pkg/controller/deployment/util/deployment_util.go), as pure functions over a
// Deployment's spec and its ReplicaSets: surge and unavailability budgets (ResolveFenceposts: maxSurge
// rounds up, maxUnavailable rounds down, both 0 becomes maxUnavailable 1), the new ReplicaSet's next
// size during a rolling update (NewRSNewReplicas), and proportional scaling of several active
// ReplicaSets (GetProportion, getReplicaSetFraction).

import { apiTimeUs } from '../engine/time.js';
import type { PodPhase } from '../model/types.js';
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

function annotationInt(rs: RsSnapshot, name: string): number | null {
  const v = rs.annotations[name];
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

export const desiredReplicasOf = (rs: RsSnapshot) => annotationInt(rs, DesiredReplicasAnnotation);
export const maxReplicasOf = (rs: RsSnapshot) => annotationInt(rs, MaxReplicasAnnotation);
export const revisionOf = (rs: RsSnapshot) => annotationInt(rs, RevisionAnnotation) ?? 0;

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
