// The PersistentVolume controller (pkg/controller/volume/persistentvolume pv_controller.go,
// pv_controller_base.go): it binds claims to volumes and hands claims to provisioners. Informer
// events queue the claim or volume; one pass (lane Controller, the same instant) syncs what is queued,
// and ctrl.resync() requeues every claim and volume each --pvclaimbinder-sync-period (15 s), which is
// when a claim waiting for a statically created volume gets it. Decisions are pure (decide.ts).
// Kubernetes Events on claims become Volume rows; a reason repeated by the next syncs (upstream's
// Event count going up) is written once until the claim's reason changes.

import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import type { VolumeStore } from '../../model/volume-store.js';
import {
  AnnBetaStorageProvisioner,
  AnnBindCompleted,
  AnnBoundByController,
  AnnStorageProvisioner,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '../../model/volumes.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { type ClaimView, decideClaim, decideVolume, Msg } from './decide.js';
import type { PersistentVolumeEvent } from './events.js';

export class PersistentVolumeController implements KcmController<PersistentVolumeEvent> {
  readonly handlers: HandlersFor<PersistentVolumeEvent> = {
    PVControllerSync: () => this.onSync(),
    PVControllerResync: () => this.onResync(),
  };
  private readonly store: VolumeStore;
  private readonly claimQueue = new Set<string>();
  private readonly volumeQueue = new Set<string>();
  private syncPending = false;
  private resyncHandle = -1;
  private startUs = 0;
  /** The last Event reason written per claim uid (repeats are the same Event counted up). */
  private readonly lastReason = new Map<string, string>();
  private readonly view: ClaimView;

  constructor(private readonly sim: KcmKernel<PersistentVolumeEvent>) {
    this.store = sim.state.volumes;
    this.view = {
      volume: (n) => this.store.volume(n),
      volumes: () => this.store.volumes,
      storageClass: (n) => this.store.storageClass(n),
    };
    this.store.watch({
      claimAdded: (c) => this.queueClaim(c.key),
      claimUpdated: (c) => this.queueClaim(c.key),
      claimDeleted: (c) => {
        this.lastReason.delete(c.uid);
        // deleteClaim: the volume it was bound to is synced (Released).
        if (c.spec.volumeName !== '') this.queueVolume(c.spec.volumeName);
      },
      volumeAdded: (v) => this.queueVolume(v.name),
      volumeUpdated: (v) => this.queueVolume(v.name),
      volumeDeleted: (v) => {
        if (v.spec.claimRef !== null) this.queueClaim(`${v.spec.claimRef.namespace}/${v.spec.claimRef.name}`);
      },
    });
  }

  start(): void {
    this.startUs = this.sim.nowUs;
    if (this.resyncHandle >= 0) this.sim.engine.cancel(this.resyncHandle);
    this.resyncHandle = -1;
    this.lastReason.clear();
    // The informers' initial list: every object is synced once.
    for (const c of this.store.claims) this.queueClaim(c.key);
    for (const v of this.store.volumes) this.queueVolume(v.name);
  }

  restart(): void {
    this.start();
  }

  private queueClaim(key: string): void {
    this.claimQueue.add(key);
    this.wake();
  }

  private queueVolume(name: string): void {
    this.volumeQueue.add(name);
    this.wake();
  }

  private wake(): void {
    if (!this.syncPending) {
      this.syncPending = true;
      this.sim.engine.schedule(0, { kind: 'PVControllerSync' }, Lane.Controller);
    }
    // The resync timer runs from the start; it is armed once there is something to resync, so runs
    // without storage objects schedule nothing.
    if (this.resyncHandle < 0) {
      const period = this.sim.config.controllerManager.pvclaimbinderSyncPeriodUs;
      const k = Math.floor((this.sim.nowUs - this.startUs) / period) + 1;
      this.resyncHandle = this.sim.engine.scheduleAt(
        this.startUs + k * period,
        { kind: 'PVControllerResync' },
        Lane.Controller,
      );
    }
  }

  private onResync(): void {
    this.resyncHandle = this.sim.engine.schedule(
      this.sim.config.controllerManager.pvclaimbinderSyncPeriodUs,
      { kind: 'PVControllerResync' },
      Lane.Controller,
    );
    for (const c of this.store.claims) this.claimQueue.add(c.key);
    for (const v of this.store.volumes) this.volumeQueue.add(v.name);
    this.onSync();
  }

  private onSync(): void {
    // Writes made by this pass queue objects that this same loop then syncs.
    // Volumes first (their phases feed the claims' matching), each queue in insertion order.
    while (this.volumeQueue.size > 0 || this.claimQueue.size > 0) {
      for (const name of this.volumeQueue) {
        this.volumeQueue.delete(name);
        const pv = this.store.volume(name);
        if (pv !== undefined) this.syncVolume(pv);
      }
      for (const key of this.claimQueue) {
        this.claimQueue.delete(key);
        const pvc = this.store.claim(key);
        if (pvc !== undefined) this.syncClaim(pvc);
        if (this.volumeQueue.size > 0) break;
      }
    }
    this.syncPending = false;
  }

  private syncClaim(pvc: PersistentVolumeClaim): void {
    const action = decideClaim(pvc, this.view);
    switch (action.op) {
      case 'none':
        return;
      case 'pending':
        this.resetToPending(pvc);
        return;
      case 'waitForFirstConsumer':
        this.resetToPending(pvc);
        this.event(pvc, 'WaitForFirstConsumer', Msg.waitForFirstConsumer);
        return;
      case 'failedBinding':
        this.resetToPending(pvc);
        this.event(pvc, 'FailedBinding', action.message);
        return;
      case 'lost':
        pvc.status = { ...pvc.status, phase: 'Lost' };
        this.store.updateClaim(pvc, 'status');
        this.event(pvc, 'ClaimLost', Msg.claimLost);
        return;
      case 'provision':
        this.event(pvc, 'ExternalProvisioning', Msg.externalProvisioning(action.provisioner));
        if (pvc.annotations[AnnStorageProvisioner] !== action.provisioner) {
          pvc.annotations[AnnStorageProvisioner] = action.provisioner;
          pvc.annotations[AnnBetaStorageProvisioner] = action.provisioner;
          this.store.updateClaim(pvc, 'meta');
        }
        return;
      case 'bind':
        this.bind(pvc, action.volume);
        return;
    }
  }

  /** updateClaimStatus(claim, Pending), a no-op for a Pending claim. */
  private resetToPending(pvc: PersistentVolumeClaim): void {
    if (pvc.status.phase === 'Pending') return;
    pvc.status = { ...pvc.status, phase: 'Pending' };
    this.store.updateClaim(pvc, 'status');
  }

  /** bind(): the volume's claimRef and phase, then the claim's volumeName, annotations and phase. */
  private bind(pvc: PersistentVolumeClaim, pv: PersistentVolume): void {
    if (pv.spec.claimRef === null || pv.spec.claimRef.uid !== pvc.uid) {
      if (pv.spec.claimRef === null) pv.annotations[AnnBoundByController] = 'yes';
      pv.spec.claimRef = { namespace: pvc.namespace, name: pvc.name, uid: pvc.uid };
      this.store.updateVolume(pv, 'spec');
    }
    if (pv.status.phase !== 'Bound') {
      const before = pv.status.phase;
      pv.status = { phase: 'Bound' };
      this.store.updateVolume(pv, 'status', before);
    }
    if (pvc.spec.volumeName !== pv.name || pvc.annotations[AnnBindCompleted] === undefined) {
      if (pvc.spec.volumeName === '') pvc.annotations[AnnBoundByController] = 'yes';
      pvc.spec.volumeName = pv.name;
      pvc.annotations[AnnBindCompleted] = 'yes';
      this.store.updateClaim(pvc, 'spec');
    }
    pvc.status = { phase: 'Bound', accessModes: pv.spec.accessModes, capacityBytes: pv.spec.capacityBytes };
    this.lastReason.delete(pvc.uid);
    this.store.updateClaim(pvc, 'status');
  }

  private syncVolume(pv: PersistentVolume): void {
    const action = decideVolume(pv, (k) => this.store.claim(k));
    if (action.op === 'none') return;
    if (action.op === 'syncClaim') {
      this.claimQueue.add(action.claim);
      return;
    }
    const before = pv.status.phase;
    if (action.op === 'unbind') {
      // unbindVolume: the spec update, then the status (updateVolumePhase Available).
      if (action.byController) {
        pv.spec.claimRef = null;
        delete pv.annotations[AnnBoundByController];
      } else if (pv.spec.claimRef !== null) pv.spec.claimRef = { ...pv.spec.claimRef, uid: '' };
      this.store.updateVolume(pv, 'spec');
    }
    if (action.op === 'available' || action.op === 'unbind') pv.status = { phase: 'Available' };
    else if (action.op === 'bound') pv.status = { phase: 'Bound' };
    else pv.status = { phase: 'Released' };
    this.store.updateVolume(pv, 'status', before);
    // reclaimVolume: Delete removes the volume (the provisioner deletes its backing disk).
    if (action.op === 'released' && action.remove) this.store.removeVolume(pv);
  }

  private event(
    pvc: PersistentVolumeClaim,
    reason: 'WaitForFirstConsumer' | 'FailedBinding' | 'ExternalProvisioning' | 'ClaimLost',
    message: string,
  ): void {
    if (this.lastReason.get(pvc.uid) === reason) return;
    this.lastReason.set(pvc.uid, reason);
    this.store.claimEvent(pvc, reason, message);
  }
}
