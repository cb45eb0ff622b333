// What the API server holds of storage: PersistentVolumeClaims, PersistentVolumes, StorageClasses and
// CSINodes, plus the index of pods by the claims they reference (the PV controller's and the scheduler's
// PodPVCIndex). Like ClusterState for nodes and pods, every write goes through a method here, which
// writes the events.csv row it implies (Volume rows) and notifies watchers synchronously, in
// registration order. ClusterState owns one VolumeStore (ClusterState.volumes) and reports pod writes
// to it, so the claims' users are always current.

import type { TimeUs } from '../engine/time.js';
import type { EventLog } from './event-log.js';
import type { ReasonOf } from './event-reasons.js';
import type { OwnerReference, Pod } from './types.js';
import {
  AnnDefaultStorageClass,
  type CSINode,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from './volumes.js';

/** spec (volumeName, claimRef), meta (annotations, owners), status (phase). */
export type VolumeObjectChange = 'spec' | 'meta' | 'status';

/** Informer-style callbacks; every method is optional. */
export interface VolumeWatcher {
  claimAdded?(pvc: PersistentVolumeClaim): void;
  claimUpdated?(pvc: PersistentVolumeClaim, change: VolumeObjectChange): void;
  claimDeleted?(pvc: PersistentVolumeClaim): void;
  volumeAdded?(pv: PersistentVolume): void;
  volumeUpdated?(pv: PersistentVolume, change: VolumeObjectChange): void;
  volumeDeleted?(pv: PersistentVolume): void;
  classAdded?(sc: StorageClass): void;
  csiNodeAdded?(csi: CSINode): void;
}

interface Clock {
  readonly nowUs: TimeUs;
}

const EMPTY: ReadonlySet<Pod> = new Set();

/** Claim keys (namespace/name) a pod's volumes reference. */
export function claimKeysOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec.volumes)
    if (v.claimName !== undefined) out.push(`${pod.namespace}/${v.claimName}`);
  return out;
}

/**
 * A pod that still needs its volumes (pvc_protection_controller.go podUsesPVC): only a scheduled pod
 * holds a claim, since the kubelet never starts a pod whose claim is being deleted; here also not
 * Succeeded or Failed.
 */
function podHoldsClaims(pod: Pod): boolean {
  return (
    pod.nodeName !== null && pod.phase !== 'Succeeded' && pod.phase !== 'Failed' && pod.removedUs === null
  );
}

export class VolumeStore {
  private readonly claimMap = new Map<string, PersistentVolumeClaim>();
  private readonly volumeMap = new Map<string, PersistentVolume>();
  private readonly classMap = new Map<string, StorageClass>();
  private readonly csiNodeMap = new Map<string, CSINode>();
  /** Live pods by the claim keys they reference (terminal ones included until removed). */
  private readonly users = new Map<string, Set<Pod>>();
  private readonly watchers: VolumeWatcher[] = [];
  private nextUid = 1;

  constructor(
    private readonly clock: Clock,
    private readonly log: EventLog,
  ) {}

  watch(w: VolumeWatcher): void {
    this.watchers.push(w);
  }

  newUid(kind: 'pvc' | 'pv' | 'sc'): string {
    return `${kind}-${this.nextUid++}`;
  }

  // ---- reads -------------------------------------------------------------------------------------

  claim(key: string): PersistentVolumeClaim | undefined {
    return this.claimMap.get(key);
  }

  volume(name: string): PersistentVolume | undefined {
    return this.volumeMap.get(name);
  }

  storageClass(name: string): StorageClass | undefined {
    return this.classMap.get(name);
  }

  csiNode(nodeName: string): CSINode | undefined {
    return this.csiNodeMap.get(nodeName);
  }

  /** Claims in creation order. */
  /** Claims in phase Pending (the timeseries' pvcs_pending; one pass over the claims per sample). */
  pendingClaims(): number {
    let n = 0;
    for (const c of this.claimMap.values()) if (c.status.phase === 'Pending') n++;
    return n;
  }

  get claims(): IterableIterator<PersistentVolumeClaim> {
    return this.claimMap.values();
  }

  /** Volumes in creation order. */
  get volumes(): IterableIterator<PersistentVolume> {
    return this.volumeMap.values();
  }

  get classes(): IterableIterator<StorageClass> {
    return this.classMap.values();
  }

  get claimCount(): number {
    return this.claimMap.size;
  }

  /** Pods that reference the claim `key` (namespace/name), live ones only. */
  usersOf(key: string): ReadonlySet<Pod> {
    return this.users.get(key) ?? EMPTY;
  }

  /** Claims whose ownerReferences name `uid` (the garbage collector's dependents). */
  claimsOwnedBy(uid: string): PersistentVolumeClaim[] {
    const out: PersistentVolumeClaim[] = [];
    for (const c of this.claimMap.values()) if (c.owners.some((o) => o.uid === uid)) out.push(c);
    return out;
  }

  /**
   * The DefaultStorageClass admission plugin's choice: among classes annotated as default, the most
   * recently created (then by name, GetDefaultClass since 1.26); undefined when there is none.
   */
  defaultClass(): StorageClass | undefined {
    let best: StorageClass | undefined;
    for (const sc of this.classMap.values()) {
      if (sc.annotations[AnnDefaultStorageClass] !== 'true') continue;
      if (
        best === undefined ||
        sc.createdUs > best.createdUs ||
        (sc.createdUs === best.createdUs && sc.name < best.name)
      )
        best = sc;
    }
    return best;
  }

  // ---- pods (reported by ClusterState) -----------------------------------------------------------

  podAdded(pod: Pod): void {
    for (const key of claimKeysOf(pod)) {
      let set = this.users.get(key);
      if (set === undefined) {
        set = new Set();
        this.users.set(key, set);
      }
      set.add(pod);
    }
  }

  /** The pod went terminal or was removed: a claim being deleted may now go (pvc-protection). */
  podReleased(pod: Pod, removed: boolean): void {
    for (const key of claimKeysOf(pod)) {
      const set = this.users.get(key);
      if (removed && set !== undefined) {
        set.delete(pod);
        if (set.size === 0) this.users.delete(key);
      }
      const pvc = this.claimMap.get(key);
      if (pvc !== undefined && pvc.deletionUs !== null && !this.inUse(pvc)) this.removeClaim(pvc);
    }
  }

  private inUse(pvc: PersistentVolumeClaim): boolean {
    for (const p of this.usersOf(pvc.key)) if (podHoldsClaims(p)) return true;
    return false;
  }

  // ---- writes ------------------------------------------------------------------------------------

  addClass(sc: StorageClass): void {
    if (this.classMap.has(sc.name)) throw new Error(`storageclass ${sc.name} already exists`);
    this.classMap.set(sc.name, sc);
    for (const w of this.watchers) w.classAdded?.(sc);
  }

  addCSINode(csi: CSINode): void {
    this.csiNodeMap.set(csi.name, csi);
    for (const w of this.watchers) w.csiNodeAdded?.(csi);
  }

  createClaim(pvc: PersistentVolumeClaim): void {
    if (this.claimMap.has(pvc.key)) throw new Error(`persistentvolumeclaim ${pvc.key} already exists`);
    this.claimMap.set(pvc.key, pvc);
    this.claimRow('Created', pvc, pvc.spec.storageClassName ?? '');
    for (const w of this.watchers) w.claimAdded?.(pvc);
  }

  /** Announces a write the caller has just made to `pvc`; a first move to Bound writes a Bound row. */
  updateClaim(pvc: PersistentVolumeClaim, change: VolumeObjectChange): void {
    if (this.claimMap.get(pvc.key) !== pvc) return;
    if (change === 'status' && pvc.status.phase === 'Bound' && pvc.boundUs === null) {
      pvc.boundUs = this.clock.nowUs;
      this.claimRow('Bound', pvc, pvc.spec.volumeName);
    }
    for (const w of this.watchers) w.claimUpdated?.(pvc, change);
  }

  /**
   * DELETE of a claim: deletionTimestamp now; the object goes once no pod uses it (the
   * kubernetes.io/pvc-protection finalizer, pvc_protection_controller.go). Returns false if already
   * being deleted.
   */
  deleteClaim(pvc: PersistentVolumeClaim): boolean {
    if (pvc.deletionUs !== null || this.claimMap.get(pvc.key) !== pvc) return false;
    pvc.deletionUs = this.clock.nowUs;
    for (const w of this.watchers) w.claimUpdated?.(pvc, 'meta');
    if (!this.inUse(pvc)) this.removeClaim(pvc);
    return true;
  }

  private removeClaim(pvc: PersistentVolumeClaim): void {
    if (!this.claimMap.delete(pvc.key)) return;
    this.claimRow('Deleted', pvc, '');
    for (const w of this.watchers) w.claimDeleted?.(pvc);
  }

  createVolume(pv: PersistentVolume): void {
    if (this.volumeMap.has(pv.name)) throw new Error(`persistentvolume ${pv.name} already exists`);
    this.volumeMap.set(pv.name, pv);
    this.volumeRow('Created', pv, pv.spec.storageClassName);
    for (const w of this.watchers) w.volumeAdded?.(pv);
  }

  updateVolume(
    pv: PersistentVolume,
    change: VolumeObjectChange,
    before?: PersistentVolume['status']['phase'],
  ): void {
    if (this.volumeMap.get(pv.name) !== pv) return;
    if (change === 'status' && pv.status.phase === 'Released' && before !== 'Released')
      this.volumeRow(
        'Released',
        pv,
        pv.spec.claimRef === null ? '' : `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}`,
      );
    for (const w of this.watchers) w.volumeUpdated?.(pv, change);
  }

  /** DELETE of a volume (no finalizers modelled: the object goes at once). */
  removeVolume(pv: PersistentVolume): void {
    if (this.volumeMap.get(pv.name) !== pv) return;
    pv.deletionUs = this.clock.nowUs;
    this.volumeMap.delete(pv.name);
    this.volumeRow('Deleted', pv, '');
    for (const w of this.watchers) w.volumeDeleted?.(pv);
  }

  /** An upstream Event on a claim (the PV controller's and provisioners' reasons), as a Volume row. */
  claimEvent(pvc: PersistentVolumeClaim, reason: ReasonOf<'Volume'>, message: string): void {
    this.claimRow(reason, pvc, message);
  }

  /** An upstream Event on a volume, as a Volume row. */
  volumeEvent(pv: PersistentVolume, reason: ReasonOf<'Volume'>, message: string): void {
    this.volumeRow(reason, pv, message);
  }

  private claimRow(reason: ReasonOf<'Volume'>, pvc: PersistentVolumeClaim, detail: string): void {
    const pv = pvc.spec.volumeName === '' ? undefined : this.volumeMap.get(pvc.spec.volumeName);
    const zone = pv === undefined ? '' : volumeZone(pv);
    this.log.emit(this.clock.nowUs, 'Volume', reason, `PersistentVolumeClaim/${pvc.key}`, '', zone, detail);
  }

  private volumeRow(reason: ReasonOf<'Volume'>, pv: PersistentVolume, detail: string): void {
    this.log.emit(
      this.clock.nowUs,
      'Volume',
      reason,
      `PersistentVolume/${pv.name}`,
      '',
      volumeZone(pv),
      detail,
    );
  }
}

/**
 * The zone a volume lives in, for the zone column: its topology.kubernetes.io/zone label, else the
 * single zone its node affinity allows ("" when it allows several or none is named).
 */
export function volumeZone(pv: PersistentVolume): string {
  const label =
    pv.labels['topology.kubernetes.io/zone'] ?? pv.labels['failure-domain.beta.kubernetes.io/zone'];
  if (label !== undefined) return label;
  const zones = new Set<string>();
  for (const t of pv.spec.nodeAffinity ?? []) {
    for (const r of t.matchExpressions ?? []) {
      if (r.key === 'topology.kubernetes.io/zone' && r.operator === 'In')
        for (const v of r.values ?? []) zones.add(v);
    }
  }
  return zones.size === 1 ? ([...zones][0] as string) : '';
}

/** True when `owners` holds a reference to `uid`. */
export function hasOwner(owners: readonly OwnerReference[], uid: string): boolean {
  return owners.some((o) => o.uid === uid);
}
