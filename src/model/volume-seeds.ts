// Creates a scenario's storage objects in the VolumeStore before its pods and workloads: classes first
// (a claim without storageClassName gets the default class, as the DefaultStorageClass admission
// plugin gives it), then CSINodes, volumes and claims, each kind in manifest order.

import type { TimeUs } from '../engine/time.js';
import {
  claimFrom,
  csiNodeFrom,
  storageClassFrom,
  VOLUME_KIND_ORDER,
  type VolumeSeed,
  volumeFrom,
} from './volume-from-manifest.js';
import type { VolumeStore } from './volume-store.js';

export function createVolumeSeeds(store: VolumeStore, seeds: readonly VolumeSeed[], nowUs: TimeUs): void {
  for (const kind of VOLUME_KIND_ORDER) {
    for (const seed of seeds) {
      if (seed.kind !== kind) continue;
      switch (seed.kind) {
        case 'StorageClass':
          store.addClass(storageClassFrom(seed.manifest, store.newUid('sc'), nowUs));
          break;
        case 'CSINode':
          store.addCSINode(csiNodeFrom(seed.manifest));
          break;
        case 'PersistentVolume':
          store.createVolume(volumeFrom(seed.manifest, store.newUid('pv'), nowUs));
          break;
        case 'PersistentVolumeClaim':
          store.createClaim(
            claimFrom(seed.manifest, {
              // A dumped claim keeps its uid: its volume's claimRef.uid names it.
              uid: seed.manifest.metadata.uid ?? store.newUid('pvc'),
              namespace: seed.namespace,
              createdUs: nowUs,
              owners: [],
              defaultClass: store.defaultClass()?.name ?? null,
            }),
          );
          break;
      }
    }
  }
}
