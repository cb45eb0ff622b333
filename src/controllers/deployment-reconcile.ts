// The Deployment controller's decision for one sync (pkg/controller/deployment: sync.go, rolling.go,
// recreate.go), as a pure function from the Deployment and snapshots of its ReplicaSets to the API
// calls it would make, in order. Upstream issues each call and goes on with the updated object; here the
// working copies of the snapshots are updated the same way, so later steps see earlier ones.

import {
  activeReplicaSets,
  actualReplicas,
  availableReplicas,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  type DeploymentSpecView,
  DesiredReplicasAnnotation,
  desiredReplicasOf,
  MaxReplicasAnnotation,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  RevisionAnnotation,
  type RsSnapshot,
  readyReplicas,
  revisionOf,
  specReplicas,
} from './deployment-util.js';

export interface DeploymentView extends DeploymentSpecView {
  readonly name: string;
  readonly generation: number;
  readonly templateText: string;
  readonly paused: boolean;
  readonly deleting: boolean;
  readonly revisionHistoryLimit: number;
  readonly status: { readonly replicas: number; readonly observedGeneration: number } & DeploymentStatusView;
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
      readonly op: 'status';
      readonly status: DeploymentStatusView & {
        readonly replicas: number;
        readonly observedGeneration: number;
      };
      readonly collisionCount: number;
      /** DeploymentComplete became true in this status. */
      readonly complete: boolean;
    };

class Reconcile {
  readonly actions: DeploymentAction[] = [];
  readonly rss: RsSnapshot[];
  collisionCount: number;

  constructor(readonly d: DeploymentView) {
    this.rss = d.replicaSets.map((r) => ({ ...r, annotations: { ...r.annotations } }));
    this.collisionCount = d.collisionCount;
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
        // sync still sees the sizes the ReplicaSet was last scaled for.
        newRS.annotations[RevisionAnnotation] = revision;
        this.update(newRS, newRS.replicas, null);
      }
    } else if (create) {
      newRS = this.createNew(oldRSs, revision);
    }
    return { newRS, oldRSs };
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

  status(newRS: RsSnapshot | undefined): void {
    const all = this.rss;
    const available = availableReplicas(all);
    const status = {
      replicas: actualReplicas(all),
      updatedReplicas: newRS ? newRS.statusReplicas : 0,
      readyReplicas: readyReplicas(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specReplicas(all) - available),
      observedGeneration: this.d.generation,
    };
    const complete = deploymentComplete(this.d, status);
    const s = this.d.status;
    const same =
      s.replicas === status.replicas &&
      s.updatedReplicas === status.updatedReplicas &&
      s.readyReplicas === status.readyReplicas &&
      s.availableReplicas === status.availableReplicas &&
      s.unavailableReplicas === status.unavailableReplicas &&
      s.observedGeneration === status.observedGeneration &&
      this.collisionCount === this.d.collisionCount;
    if (!same) this.actions.push({ op: 'status', status, collisionCount: this.collisionCount, complete });
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

/** syncDeployment: the API calls one sync of this Deployment makes. */
export function reconcileDeployment(d: DeploymentView): DeploymentAction[] {
  const r = new Reconcile(d);
  if (d.deleting) {
    r.status(r.findNew());
    return r.actions;
  }
  try {
    if (d.paused || r.isScalingEvent()) {
      syncScale(r);
    } else if (d.strategy.type === 'Recreate') {
      rolloutRecreate(r);
    } else {
      rolloutRolling(r);
    }
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    r.actions.push({ op: 'error', message: e.message });
  }
  return r.actions;
}

/** sync.go sync(): proportional scaling, also used while paused. */
function syncScale(r: Reconcile): void {
  const { newRS, oldRSs } = r.newAndOld(false);
  scale(r, newRS, oldRSs);
  if (r.d.paused) r.cleanup(oldRSs);
  r.status(newRS);
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
  if (!progressed && deploymentComplete(r.d, r.d.status)) r.cleanup(oldRSs);
  r.status(nrs);
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
    r.status(newRS);
    return;
  }
  if (newRS === undefined) ({ newRS, oldRSs } = r.newAndOld(true));
  r.scaleIfNeeded(newRS as RsSnapshot, r.d.replicas);
  if (deploymentComplete(r.d, r.d.status)) r.cleanup(oldRSs);
  r.status(newRS);
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
};

function step<T>(
  d: DeploymentView,
  newName: string | null,
  f: (r: Reconcile, newRS: RsSnapshot | undefined, oldRSs: RsSnapshot[]) => T,
): { result: T | 'error'; actions: DeploymentAction[] } {
  const r = new Reconcile(d);
  const newRS = r.rss.find((x) => x.name === newName);
  try {
    return { result: f(r, newRS, r.olds(newRS)), actions: r.actions };
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    return { result: 'error', actions: r.actions };
  }
}
