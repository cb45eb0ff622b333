// The CSI external-provisioner sidecar of every driver a StorageClass names
// (kubernetes-csi/external-provisioner, sig-storage-lib-external-provisioner controller.go): it
// provisions a claim the PV controller handed to its driver (the storage-provisioner annotation),
// at once for an Immediate class, after the scheduler picked a node (selected-node annotation) for a
// WaitForFirstConsumer one. It writes Provisioning, then, after CreateVolume's seeded delay, the
// PersistentVolume (node affinity on the zone, claimRef to the claim) and ProvisioningSucceeded; the
// PV controller binds the two. A selected node that no longer exists fails the attempt and removes
// the annotation so that the scheduler picks again (ProvisioningReschedule). The provisioner of
// kubernetes.io/no-provisioner does not exist. It is a separate process: a kube-controller-manager
// restart does not touch it.

import type { Rng } from '../../engine/rng.js';
import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import { isDelayBindingMode } from '../../model/volume-helpers.js';
import type { VolumeStore } from '../../model/volume-store.js';
import {
  AnnDynamicallyProvisioned,
  AnnSelectedNode,
  AnnStorageProvisioner,
  NotSupportedProvisioner,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '../../model/volumes.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { PROVISIONER_DEFAULTS, ZONE_TOPOLOGY_KEY } from './config.js';
import type { CsiProvisionerEvent } from './events.js';
import { chooseZone } from './topology.js';

interface InFlight {
  readonly zone: string;
  readonly provisioner: string;
}

export class CsiProvisioner implements KcmController<CsiProvisionerEvent> {
  readonly handlers: HandlersFor<CsiProvisionerEvent> = {
    CsiVolumeCreated: (ev) => this.onCreated(ev.claim, ev.uid),
  };
  private readonly store: VolumeStore;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly delays: Rng;
  private readonly zones: Rng;

  constructor(private readonly sim: KcmKernel<CsiProvisionerEvent>) {
    this.store = sim.state.volumes;
    this.delays = sim.rng.stream('csi-provisioner/create-volume');
    this.zones = sim.rng.stream('csi-provisioner/topology');
    this.store.watch({
      claimAdded: (c) => this.consider(c),
      claimUpdated: (c, change) => {
        if (change === 'meta') this.consider(c);
      },
    });
  }

  start(): void {
    for (const c of this.store.claims) this.consider(c);
  }

  /** A separate process: nothing to drop when kube-controller-manager restarts. */
  restart(): void {}

  /** shouldProvision: the claim is unbound, handed to a driver, and (WFFC) has its node. */
  private consider(pvc: PersistentVolumeClaim): void {
    if (this.inFlight.has(pvc.uid) || pvc.spec.volumeName !== '' || pvc.deletionUs !== null) return;
    const provisioner = pvc.annotations[AnnStorageProvisioner];
    if (provisioner === undefined || provisioner === NotSupportedProvisioner) return;
    const sc = this.store.storageClass(pvc.spec.storageClassName ?? '');
    if (sc === undefined || sc.provisioner !== provisioner) return;
    const selected = pvc.annotations[AnnSelectedNode];
    if (isDelayBindingMode(pvc, (n) => this.store.storageClass(n)) && selected === undefined) return;
    let nodeZone: string | null = null;
    if (selected !== undefined) {
      const node = this.sim.state.node(selected);
      if (node === undefined) {
        this.store.claimEvent(
          pvc,
          'ProvisioningFailed',
          `failed to get target node: node "${selected}" not found`,
        );
        delete pvc.annotations[AnnSelectedNode];
        this.store.updateClaim(pvc, 'meta');
        return;
      }
      nodeZone = node.labels[ZONE_TOPOLOGY_KEY] ?? '';
    }
    const zone = chooseZone(nodeZone, sc.allowedTopologies, this.clusterZones(), (n) =>
      this.zones.intBelow(n),
    );
    if ('error' in zone) {
      this.store.claimEvent(pvc, 'ProvisioningFailed', zone.error);
      return;
    }
    this.inFlight.set(pvc.uid, { zone: zone.zone, provisioner });
    this.store.claimEvent(
      pvc,
      'Provisioning',
      `External provisioner is provisioning volume for claim "${pvc.key}"`,
    );
    const { minDelayUs, maxDelayUs } = PROVISIONER_DEFAULTS;
    const delayUs = minDelayUs + Math.floor(this.delays.next() * (maxDelayUs - minDelayUs + 1));
    this.sim.engine.schedule(
      delayUs,
      { kind: 'CsiVolumeCreated', claim: pvc.key, uid: pvc.uid },
      Lane.External,
    );
  }

  private clusterZones(): string[] {
    const zones = new Set<string>();
    for (const n of this.sim.state.nodes) {
      const z = n.labels[ZONE_TOPOLOGY_KEY];
      if (z !== undefined) zones.add(z);
    }
    return [...zones].sort();
  }

  private onCreated(key: string, uid: string): void {
    const job = this.inFlight.get(uid);
    this.inFlight.delete(uid);
    const pvc = this.store.claim(key);
    if (job === undefined || pvc === undefined || pvc.uid !== uid || pvc.spec.volumeName !== '') return;
    const sc = this.store.storageClass(pvc.spec.storageClassName ?? '');
    const name = `pvc-${uid.replace(/^pvc-/, '')}`;
    if (this.store.volume(name) !== undefined) return;
    const pv: PersistentVolume = {
      uid: this.store.newUid('pv'),
      name,
      labels: {},
      annotations: { [AnnDynamicallyProvisioned]: job.provisioner },
      spec: {
        capacityBytes: pvc.spec.requestBytes,
        accessModes: pvc.spec.accessModes,
        storageClassName: pvc.spec.storageClassName ?? '',
        reclaimPolicy: sc?.reclaimPolicy ?? 'Delete',
        volumeMode: pvc.spec.volumeMode,
        nodeAffinity: [
          { matchExpressions: [{ key: ZONE_TOPOLOGY_KEY, operator: 'In', values: [job.zone] }] },
        ],
        claimRef: { namespace: pvc.namespace, name: pvc.name, uid: pvc.uid },
        csi: { driver: job.provisioner, volumeHandle: `vol-${uid}` },
      },
      status: { phase: 'Pending' },
      createdUs: this.sim.nowUs,
      deletionUs: null,
    };
    this.store.createVolume(pv);
    this.store.claimEvent(pvc, 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }
}
