// The Deployment controller's decision for one sync (pkg/controller/deployment: sync.go, rolling.go,
// recreate.go, progress.go), as a pure function from the Deployment and snapshots of its ReplicaSets to
// the API calls it would make, in order. Upstream issues each call and goes on with the updated object;
// here the working copies of the snapshots are updated the same way, so later steps see earlier ones.
// Status conditions are data: the Progressing and Available conditions are decided here from the
// recorded conditions and `nowUs`, as DeploymentComplete / DeploymentProgressing / DeploymentTimedOut do.

import type { TimeUs } from '../engine/time.js';
import {
  type Condition,
  getCondition,
  newCondition,
  removeCondition,
  sameConditions,
  setCondition,
} from '../workloads/conditions.js';
import {
  activeReplicaSets,
  actualReplicas,
  availableReplicas,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DeploymentAvailable,
  DeploymentProgressing,
  DeploymentReplicaFailure,
  type DeploymentSpecView,
  DesiredReplicasAnnotation,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicasOf,
  hasProgressDeadline,
  MaxReplicasAnnotation,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  Reason,
  RevisionAnnotation,
  type RsSnapshot,
  readyReplicas,
  requeueStuckDeployment,
  revisionOf,
  type StuckRequeue,
  specReplicas,
} from './deployment-util.js';

export interface DeploymentView extends DeploymentSpecView {
  readonly name: string;
  readonly generation: number;
  readonly templateText: string;
  readonly paused: boolean;
  readonly deleting: boolean;
  readonly revisionHistoryLimit: number;
  /** spec.progressDeadlineSeconds; null (or math.MaxInt32) for none. */
  readonly progressDeadlineSeconds: number | null;
  /** metadata.annotations[deployment.kubernetes.io/revision], null when unset. */
  readonly revision: string | null;
  readonly status: DeploymentStatusOut;
  /** ReplicaSets this Deployment controls, with working copies of their spec. */
  readonly replicaSets: readonly RsSnapshot[];
  /** Whether a ReplicaSet of that name already exists in the namespace. */
  readonly nameTaken: (name: string) => boolean;
  /** Pod-template hash for a collision count (ComputeHash). */
  readonly hashFor: (collisionCount: number) => string;
  readonly collisionCount: number;
  /** recreate.go oldPodsRunning: any pod of an old ReplicaSet not yet Succeeded/Failed. */
  readonly oldPodsRunning: boolean;
}

export interface DeploymentStatusView {
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly unavailableReplicas: number;
}

/** A DeploymentStatus as the controller writes it. */
export type DeploymentStatusOut = DeploymentStatusView & {
  readonly replicas: number;
  readonly observedGeneration: number;
  readonly conditions: readonly Condition[];
};

/** The API's answer to a second UpdateStatus of the same object in one sync (stale resourceVersion). */
export const conflictMessage = (name: string) =>
  `Operation cannot be fulfilled on deployments.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`;

export type DeploymentAction =
  | {
      readonly op: 'createReplicaSet';
      readonly name: string;
      readonly hash: string;
      readonly replicas: number;
      readonly annotations: Readonly<Record<string, string>>;
      readonly collisionCount: number;
    }
  | {
      readonly op: 'updateReplicaSet';
      readonly name: string;
      readonly replicas: number;
      readonly annotations: Readonly<Record<string, string>>;
      /** "Scaled up replica set x from 1 to 3" when the size changes. */
      readonly message: string | null;
    }
  | { readonly op: 'deleteReplicaSet'; readonly name: string }
  /** The sync stopped with an error (upstream returns it and the key is retried with back-off). */
  | { readonly op: 'error'; readonly message: string }
  | {
      /** UpdateStatus: the whole status (conditions included) and the revision annotation. */
      readonly op: 'status';
      readonly status: DeploymentStatusOut;
      readonly collisionCount: number;
      readonly revision: string | null;
    };

class Reconcile {
  readonly actions: DeploymentAction[] = [];
  readonly rss: RsSnapshot[];
  collisionCount: number;
  /** The sync's in-memory copy of the Deployment's status and revision (upstream mutates `d`). */
  status: DeploymentStatusOut;
  revision: string | null;
  private statusWrites = 0;
  requeue: StuckRequeue = null;

  constructor(
    readonly d: DeploymentView,
    readonly nowUs: TimeUs,
  ) {
    this.rss = d.replicaSets.map((r) => ({ ...r, annotations: { ...r.annotations } }));
    this.collisionCount = d.collisionCount;
    this.status = d.status;
    this.revision = d.revision;
  }

  get deadlineSeconds(): number | null {
    return hasProgressDeadline(this.d.progressDeadlineSeconds) ? this.d.progressDeadlineSeconds : null;
  }

  /**
   * UpdateStatus with the sync's copy of the Deployment. Upstream sends the object it read at the start of
   * the sync every time, so a second status write in one sync carries a stale resourceVersion and is
   * refused (409 Conflict): the sync fails and is retried (sync.go getNewReplicaSet / checkPausedConditions
   * discard the updated object they get back).
   */
  writeStatus(status: DeploymentStatusOut): void {
    this.status = status;
    if (this.statusWrites++ > 0) {
      this.actions.push({ op: 'error', message: conflictMessage(this.d.name) });
      return;
    }
    this.actions.push({ op: 'status', status, collisionCount: this.collisionCount, revision: this.revision });
  }

  private setProgressing(c: Condition): void {
    this.status = { ...this.status, conditions: setCondition(this.status.conditions, c) };
  }

  /** checkPausedConditions (sync.go): Progressing=Unknown on pause and on resume, so the deadline restarts. */
  checkPausedConditions(): void {
    if (this.deadlineSeconds === null) return;
    const cond = getCondition(this.status.conditions, DeploymentProgressing);
    if (cond?.reason === Reason.TimedOut) return;
    const pausedExists = cond?.reason === Reason.Paused;
    let c: Condition | null = null;
    if (this.d.paused && !pausedExists) {
      c = newCondition(DeploymentProgressing, 'Unknown', Reason.Paused, 'Deployment is paused', this.nowUs);
    } else if (!this.d.paused && pausedExists) {
      c = newCondition(DeploymentProgressing, 'Unknown', Reason.Resumed, 'Deployment is resumed', this.nowUs);
    }
    if (c === null) return;
    this.setProgressing(c);
    this.writeStatus(this.status);
  }

  /** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
  findNew(): RsSnapshot | undefined {
    return [...this.rss].sort(byCreation).find((r) => r.templateText === this.d.templateText);
  }

  olds(newRS: RsSnapshot | undefined): RsSnapshot[] {
    return this.rss.filter((r) => r !== newRS);
  }

  /** getAllReplicaSetsAndSyncRevision. */
  newAndOld(create: boolean): { newRS: RsSnapshot | undefined; oldRSs: RsSnapshot[] } {
    let newRS = this.findNew();
    const oldRSs = this.olds(newRS);
    const revision = String(oldRSs.reduce((m, r) => Math.max(m, revisionOf(r)), 0) + 1);
    if (newRS !== undefined) {
      if (newRS.annotations[RevisionAnnotation] !== revision && revisionOf(newRS) < Number(revision)) {
        // sync.go getNewReplicaSet: SetNewReplicaSetAnnotations(..., exists=true) bumps the revision but
        // leaves desired/max-replicas alone (scaleReplicaSet refreshes them), so a scaling event in this
        // sync still sees the sizes the ReplicaSet was last scaled for. It returns the updated ReplicaSet
        // without touching the Deployment.
        newRS.annotations[RevisionAnnotation] = revision;
        this.update(newRS, newRS.replicas, null);
        return { newRS, oldRSs };
      }
      // SetDeploymentRevision from the new ReplicaSet, and FoundNewReplicaSet when no Progressing
      // condition was ever recorded.
      let needsUpdate = this.setRevision(newRS.annotations[RevisionAnnotation] ?? '');
      if (this.deadlineSeconds !== null && !getCondition(this.status.conditions, DeploymentProgressing)) {
        const msg = `Found new replica set "${newRS.name}"`;
        this.setProgressing(newCondition(DeploymentProgressing, 'True', Reason.FoundNewRS, msg, this.nowUs));
        needsUpdate = true;
      }
      if (needsUpdate) this.writeStatus(this.status);
    } else if (create) {
      newRS = this.createNew(oldRSs, revision);
      let needsUpdate = this.setRevision(revision);
      if (this.deadlineSeconds !== null) {
        const msg = `Created new replica set "${newRS.name}"`;
        this.setProgressing(
          newCondition(DeploymentProgressing, 'True', Reason.NewReplicaSet, msg, this.nowUs),
        );
        needsUpdate = true;
      }
      if (needsUpdate) this.writeStatus(this.status);
    }
    return { newRS, oldRSs };
  }

  /** SetDeploymentRevision: true if the annotation changed. */
  private setRevision(revision: string): boolean {
    if (this.revision === revision) return false;
    this.revision = revision;
    return true;
  }

  private createNew(oldRSs: readonly RsSnapshot[], revision: string): RsSnapshot {
    let hash = this.d.hashFor(this.collisionCount);
    // AlreadyExists with a different template: bump collisionCount and hash again (sync.go).
    for (let i = 0; i < 100 && this.d.nameTaken(`${this.d.name}-${hash}`); i++) {
      this.collisionCount++;
      hash = this.d.hashFor(this.collisionCount);
    }
    const replicas = newRSNewReplicas(this.d, oldRSs, 0);
    const rs: RsSnapshot = {
      name: `${this.d.name}-${hash}`,
      createdUs: Number.MAX_SAFE_INTEGER,
      replicas,
      statusReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      generation: 1,
      observedGeneration: 0,
      deleting: false,
      templateText: this.d.templateText,
      annotations: { [RevisionAnnotation]: revision },
    };
    this.setReplicasAnnotations(rs);
    this.rss.push(rs);
    this.actions.push({
      op: 'createReplicaSet',
      name: rs.name,
      hash,
      replicas,
      annotations: { ...rs.annotations },
      collisionCount: this.collisionCount,
    });
    return rs;
  }

  private setReplicasAnnotations(rs: RsSnapshot): boolean {
    const desired = String(this.d.replicas);
    const max = String(this.d.replicas + maxSurge(this.d));
    if (
      rs.annotations[DesiredReplicasAnnotation] === desired &&
      rs.annotations[MaxReplicasAnnotation] === max
    ) {
      return false;
    }
    rs.annotations[DesiredReplicasAnnotation] = desired;
    rs.annotations[MaxReplicasAnnotation] = max;
    return true;
  }

  private update(rs: RsSnapshot, replicas: number, message: string | null): void {
    rs.replicas = replicas;
    this.actions.push({
      op: 'updateReplicaSet',
      name: rs.name,
      replicas,
      annotations: { ...rs.annotations },
      message,
    });
  }

  /** scaleReplicaSet: size and/or the desired/max annotations; true if the size changed. */
  scale(rs: RsSnapshot, newScale: number): boolean {
    const sizeChanges = rs.replicas !== newScale;
    const annotationsChange = this.setReplicasAnnotations(rs);
    if (!sizeChanges && !annotationsChange) return false;
    const message = sizeChanges
      ? `Scaled ${rs.replicas < newScale ? 'up' : 'down'} replica set ${rs.name} from ${rs.replicas} to ${newScale}`
      : null;
    this.update(rs, newScale, message);
    return sizeChanges;
  }

  /** scaleReplicaSetAndRecordEvent */
  scaleIfNeeded(rs: RsSnapshot, newScale: number): boolean {
    return rs.replicas === newScale ? false : this.scale(rs, newScale);
  }

  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.newAndOldNoWrite();
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    return activeReplicaSets(all).some((rs) => {
      const desired = desiredReplicasOf(rs);
      return desired !== null && desired !== this.d.replicas;
    });
  }

  private newAndOldNoWrite(): { newRS: RsSnapshot | undefined; oldRSs: RsSnapshot[] } {
    const newRS = this.findNew();
    return { newRS, oldRSs: this.olds(newRS) };
  }

  /** calculateStatus (sync.go): counts from the ReplicaSets, the Available condition from maxUnavailable. */
  calculateStatus(newRS: RsSnapshot | undefined): DeploymentStatusOut {
    const all = this.rss;
    const available = availableReplicas(all);
    let conditions = this.status.conditions;
    if (available >= this.d.replicas - maxUnavailable(this.d)) {
      const msg = 'Deployment has minimum availability.';
      conditions = setCondition(
        conditions,
        newCondition(DeploymentAvailable, 'True', Reason.MinimumReplicasAvailable, msg, this.nowUs),
      );
    } else {
      const msg = 'Deployment does not have minimum availability.';
      conditions = setCondition(
        conditions,
        newCondition(DeploymentAvailable, 'False', Reason.MinimumReplicasUnavailable, msg, this.nowUs),
      );
    }
    return {
      replicas: actualReplicas(all),
      updatedReplicas: newRS ? newRS.statusReplicas : 0,
      readyReplicas: readyReplicas(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specReplicas(all) - available),
      observedGeneration: this.d.generation,
      conditions,
    };
  }

  private sameStatus(s: DeploymentStatusOut): boolean {
    const c = this.status;
    return (
      c.replicas === s.replicas &&
      c.updatedReplicas === s.updatedReplicas &&
      c.readyReplicas === s.readyReplicas &&
      c.availableReplicas === s.availableReplicas &&
      c.unavailableReplicas === s.unavailableReplicas &&
      c.observedGeneration === s.observedGeneration &&
      this.collisionCount === this.d.collisionCount &&
      sameConditions(c.conditions, s.conditions)
    );
  }

  /** syncDeploymentStatus (sync.go): scaling and paused syncs write counts only, no progress estimate. */
  syncStatus(newRS: RsSnapshot | undefined): void {
    const s = this.calculateStatus(newRS);
    if (!this.sameStatus(s)) this.writeStatus(s);
  }

  /**
   * syncRolloutStatus (progress.go): the Progressing condition after a rollout step. A completed rollout
   * (replicas == updatedReplicas, reason NewReplicaSetAvailable) is left alone; otherwise complete ->
   * NewReplicaSetAvailable, progress (DeploymentProgressing) -> ReplicaSetUpdated with a new
   * lastUpdateTime, no progress past the deadline -> ProgressDeadlineExceeded. An unchanged status
   * re-queues a stuck rollout for its deadline (requeueStuckDeployment).
   */
  syncRolloutStatus(newRS: RsSnapshot | undefined): void {
    let s = this.calculateStatus(newRS);
    const deadline = this.deadlineSeconds;
    if (deadline === null) s = { ...s, conditions: removeCondition(s.conditions, DeploymentProgressing) };
    const current = getCondition(this.status.conditions, DeploymentProgressing);
    const isComplete = s.replicas === s.updatedReplicas && current?.reason === Reason.NewRSAvailable;
    const who = newRS ? `ReplicaSet "${newRS.name}"` : `Deployment "${this.d.name}"`;
    const put = (c: Condition) => {
      s = { ...s, conditions: setCondition(s.conditions, c) };
    };
    if (deadline !== null && !isComplete) {
      if (deploymentComplete(this.d, s)) {
        const msg = `${who} has successfully progressed.`;
        put(newCondition(DeploymentProgressing, 'True', Reason.NewRSAvailable, msg, this.nowUs));
      } else if (deploymentProgressing(this.status, s)) {
        // Progress refreshes lastUpdateTime even with the same reason (the condition is replaced), and
        // keeps lastTransitionTime while the status stays True.
        const c = newCondition(
          DeploymentProgressing,
          'True',
          Reason.ReplicaSetUpdated,
          `${who} is progressing.`,
          this.nowUs,
        );
        const kept = current?.status === 'True' ? { ...c, lastTransitionUs: current.lastTransitionUs } : c;
        s = { ...s, conditions: [...removeCondition(s.conditions, DeploymentProgressing), kept] };
      } else if (deploymentTimedOut(deadline, s.conditions, this.nowUs)) {
        const msg = `${who} has timed out progressing.`;
        put(newCondition(DeploymentProgressing, 'False', Reason.TimedOut, msg, this.nowUs));
      }
    }
    // getReplicaFailures: the new ReplicaSet's ReplicaFailure first, else the first old one's.
    const failure = (newRS?.replicaFailure ?? this.rss.find((r) => r.replicaFailure)?.replicaFailure) as
      | Condition
      | undefined;
    if (failure !== undefined) {
      put({ ...failure, type: DeploymentReplicaFailure, lastUpdateUs: failure.lastTransitionUs });
    } else {
      s = { ...s, conditions: removeCondition(s.conditions, DeploymentReplicaFailure) };
    }
    if (this.sameStatus(s)) {
      this.requeue = requeueStuckDeployment(
        this.d.progressDeadlineSeconds,
        current,
        deploymentComplete(this.d, s),
        s,
        this.nowUs,
      );
      return;
    }
    this.writeStatus(s);
  }

  /** cleanupDeployment: delete the oldest unused ReplicaSets beyond revisionHistoryLimit. */
  cleanup(oldRSs: readonly RsSnapshot[]): void {
    const cleanable = oldRSs.filter((r) => !r.deleting).sort(byRevision);
    const diff = cleanable.length - this.d.revisionHistoryLimit;
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i] as RsSnapshot;
      if (rs.statusReplicas !== 0 || rs.replicas !== 0 || rs.generation > rs.observedGeneration) continue;
      this.actions.push({ op: 'deleteReplicaSet', name: rs.name });
    }
  }
}

/** DeploymentComplete: every replica updated and available, and the status is current. */
export function deploymentComplete(
  d: { readonly replicas: number; readonly generation: number },
  s: { updatedReplicas: number; replicas: number; availableReplicas: number; observedGeneration: number },
): boolean {
  return (
    s.updatedReplicas === d.replicas &&
    s.replicas === d.replicas &&
    s.availableReplicas === d.replicas &&
    s.observedGeneration >= d.generation
  );
}

export interface DeploymentPlan {
  readonly actions: DeploymentAction[];
  /** requeueStuckDeployment's request, when the sync wrote no status. */
  readonly requeue: StuckRequeue;
}

/** syncDeployment: the API calls one sync of this Deployment makes (at `nowUs`), and its re-queue. */
export function planDeployment(d: DeploymentView, nowUs: TimeUs = 0): DeploymentPlan {
  const r = new Reconcile(d, nowUs);
  if (d.deleting) {
    // syncStatusOnly
    const { newRS } = r.newAndOld(false);
    r.syncStatus(newRS);
    return { actions: r.actions, requeue: null };
  }
  // A SyncError (cleanupUnhealthyReplicas) never gets here: rolling.go reconcileOldReplicaSets swallows it.
  r.checkPausedConditions();
  if (d.paused || r.isScalingEvent()) {
    syncScale(r);
  } else if (d.strategy.type === 'Recreate') {
    rolloutRecreate(r);
  } else {
    rolloutRolling(r);
  }
  return { actions: r.actions, requeue: r.requeue };
}

/** syncDeployment's API calls (planDeployment without the re-queue). */
export function reconcileDeployment(d: DeploymentView, nowUs: TimeUs = 0): DeploymentAction[] {
  return planDeployment(d, nowUs).actions;
}

/** sync.go sync(): proportional scaling, also used while paused. */
function syncScale(r: Reconcile): void {
  const { newRS, oldRSs } = r.newAndOld(false);
  scale(r, newRS, oldRSs);
  if (r.d.paused) r.cleanup(oldRSs);
  r.syncStatus(newRS);
}

function findActiveOrLatest(newRS: RsSnapshot | undefined, oldRSs: RsSnapshot[]): RsSnapshot | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets(newRS ? [...newestFirst, newRS] : newestFirst);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

function isSaturated(d: DeploymentView, rs: RsSnapshot | undefined): boolean {
  if (rs === undefined) return false;
  const desired = desiredReplicasOf(rs);
  return (
    desired !== null &&
    rs.replicas === d.replicas &&
    desired === d.replicas &&
    rs.availableReplicas === d.replicas
  );
}

function scale(r: Reconcile, newRS: RsSnapshot | undefined, oldRSs: RsSnapshot[]): void {
  const d = r.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    r.scaleIfNeeded(activeOrLatest, d.replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) r.scaleIfNeeded(old, 0);
    return;
  }
  if (d.strategy.type !== 'RollingUpdate') return;
  const all = activeReplicaSets(newRS ? [...oldRSs, newRS] : oldRSs);
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<RsSnapshot, number>();
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(rs, d, d.status.replicas, toAdd, added) : 0;
    sizes.set(rs, rs.replicas + p);
    added += p;
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs) as number;
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    r.scale(rs, size);
  });
}

/** rolling.go rolloutRolling */
function rolloutRolling(r: Reconcile): void {
  const { newRS, oldRSs } = r.newAndOld(true);
  const nrs = newRS as RsSnapshot;
  const all = [...oldRSs, nrs];
  const progressed =
    reconcileNewReplicaSet(r, all, nrs) || reconcileOldReplicaSets(r, all, activeReplicaSets(oldRSs), nrs);
  if (!progressed && deploymentComplete(r.d, r.status)) r.cleanup(oldRSs);
  r.syncRolloutStatus(nrs);
}

function reconcileNewReplicaSet(r: Reconcile, all: RsSnapshot[], newRS: RsSnapshot): boolean {
  const d = r.d;
  if (newRS.replicas === d.replicas) return false;
  if (newRS.replicas > d.replicas) return r.scaleIfNeeded(newRS, d.replicas);
  return r.scaleIfNeeded(newRS, newRSNewReplicas(d, all, newRS.replicas));
}

function reconcileOldReplicaSets(
  r: Reconcile,
  all: RsSnapshot[],
  oldRSs: RsSnapshot[],
  newRS: RsSnapshot,
): boolean {
  const d = r.d;
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = d.replicas - maxUnavailable(d);
  const newRSUnavailable = newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = specReplicas(all) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  // rolling.go: an error from either step makes reconcileOldReplicaSets return (false, nil): the sync
  // goes on (cleanup when complete, status) instead of failing and being retried with back-off.
  let cleaned: number;
  try {
    cleaned = cleanupUnhealthyReplicas(r, oldRSs, maxScaledDown);
  } catch (e) {
    if (e instanceof SyncError) return false;
    throw e;
  }
  const scaledDown = scaleDownOldForRollingUpdate(r, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

class SyncError extends Error {}

/**
 * Scales down old ReplicaSets' unavailable replicas first: they cost no availability. A ReplicaSet whose
 * status still shows more available replicas than its new spec (status not yet caught up with a
 * scale-down) stops the cleanup with an error, which is what keeps stale status from over-scaling.
 */
function cleanupUnhealthyReplicas(r: Reconcile, oldRSs: RsSnapshot[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    if (rs.replicas === 0 || rs.replicas === rs.availableReplicas) continue;
    const n = Math.min(maxCleanup - total, rs.replicas - rs.availableReplicas);
    if (n < 0) {
      throw new SyncError(
        `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.name} ${rs.replicas} -> ${rs.replicas - n}`,
      );
    }
    r.scaleIfNeeded(rs, rs.replicas - n);
    total += n;
  }
  return total;
}

function scaleDownOldForRollingUpdate(r: Reconcile, all: RsSnapshot[], oldRSs: RsSnapshot[]): number {
  const minAvailable = r.d.replicas - maxUnavailable(r.d);
  const available = availableReplicas(all);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (rs.replicas === 0) continue;
    const n = Math.min(rs.replicas, budget - total);
    r.scaleIfNeeded(rs, rs.replicas - n);
    total += n;
  }
  return total;
}

/** recreate.go rolloutRecreate: all old pods gone before the new ReplicaSet scales up. */
function rolloutRecreate(r: Reconcile): void {
  let { newRS, oldRSs } = r.newAndOld(false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) scaledDown = r.scaleIfNeeded(rs, 0) || scaledDown;
  if (scaledDown || r.d.oldPodsRunning) {
    r.syncRolloutStatus(newRS);
    return;
  }
  if (newRS === undefined) ({ newRS, oldRSs } = r.newAndOld(true));
  r.scaleIfNeeded(newRS as RsSnapshot, r.d.replicas);
  if (deploymentComplete(r.d, r.status)) r.cleanup(oldRSs);
  r.syncRolloutStatus(newRS);
}

/**
 * Single steps of a sync on working copies of `d.replicaSets`, named after the upstream methods, for
 * replaying upstream's method-level unit tests (rolling_test.go, sync_test.go, recreate_test.go).
 * `newRS` names the new ReplicaSet; every other ReplicaSet of the view is old.
 */
export const syncSteps = {
  reconcileNewReplicaSet: (d: DeploymentView, newRS: string) =>
    step(d, newRS, (r, n) => reconcileNewReplicaSet(r, r.rss, n as RsSnapshot)),
  reconcileOldReplicaSets: (d: DeploymentView, newRS: string) =>
    step(d, newRS, (r, n, olds) => reconcileOldReplicaSets(r, r.rss, olds, n as RsSnapshot)),
  cleanupUnhealthyReplicas: (d: DeploymentView, maxCleanupCount: number) =>
    step(d, null, (r, _n, olds) => cleanupUnhealthyReplicas(r, olds, maxCleanupCount)),
  scaleDownOldReplicaSetsForRollingUpdate: (d: DeploymentView) =>
    step(d, null, (r, _n, olds) => scaleDownOldForRollingUpdate(r, r.rss, olds)),
  scale: (d: DeploymentView, newRS: string | null) => step(d, newRS, (r, n, olds) => scale(r, n, olds)),
  cleanupDeployment: (d: DeploymentView) => step(d, null, (r, _n, olds) => r.cleanup(olds)),
  /** progress.go syncRolloutStatus at `nowUs`: the status it leaves on `d` and its re-queue. */
  syncRolloutStatus: (d: DeploymentView, newRS: string | null, nowUs: TimeUs) => {
    const r = new Reconcile(d, nowUs);
    r.syncRolloutStatus(r.rss.find((x) => x.name === newRS));
    return { status: r.status, actions: r.actions, requeue: r.requeue };
  },
  /** sync.go checkPausedConditions at `nowUs`. */
  checkPausedConditions: (d: DeploymentView, nowUs: TimeUs) => {
    const r = new Reconcile(d, nowUs);
    r.checkPausedConditions();
    return { status: r.status, actions: r.actions };
  },
};

function step<T>(
  d: DeploymentView,
  newName: string | null,
  f: (r: Reconcile, newRS: RsSnapshot | undefined, oldRSs: RsSnapshot[]) => T,
): { result: T | 'error'; actions: DeploymentAction[] } {
  const r = new Reconcile(d, 0);
  const newRS = r.rss.find((x) => x.name === newName);
  try {
    return { result: f(r, newRS, r.olds(newRS)), actions: r.actions };
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    return { result: 'error', actions: r.actions };
  }
}
