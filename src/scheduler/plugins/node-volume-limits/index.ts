// NodeVolumeLimits (pkg/scheduler/framework/plugins/nodevolumelimits csi.go): a node's CSINode says,
// per driver, how many volumes it can attach (allocatable.count). Filter counts the unique volumes of
// each driver that the node's pods already use plus the pod's new ones; above the limit the node does
// not fit (Unschedulable: preempting a pod frees an attachment). A bound claim counts its CSI volume
// (driver, volumeHandle); an unbound one counts against its class's provisioner. A node without a
// CSINode, or a driver without a count, has no limit. Inline and ephemeral volumes are not modelled.

import type { Pod } from '../../../model/types.js';
import { claimClass } from '../../../model/volume-helpers.js';
import type { VolumeStore } from '../../../model/volume-store.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type Status,
  status,
} from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';
import { hasClaims } from '../volume-claims.js';
import { nodeVolumeLimitsEventsToRegister } from './hints.js';

export const name = 'NodeVolumeLimits';
export const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';

/** Unique volume handles of the pod's claims, by driver (filterAttachableVolumes). */
export function attachableVolumes(pod: Pod, store: VolumeStore, out: Map<string, Set<string>>): void {
  for (const v of pod.spec.volumes) {
    if (v.claimName === undefined) continue;
    const key = `${pod.namespace}/${v.claimName}`;
    const pvc = store.claim(key);
    if (pvc === undefined) continue;
    let driver: string | undefined;
    let handle: string;
    const pv = pvc.spec.volumeName === '' ? undefined : store.volume(pvc.spec.volumeName);
    if (pv !== undefined) {
      if (pv.spec.csi === null) continue;
      driver = pv.spec.csi.driver;
      handle = `${driver}/${pv.spec.csi.volumeHandle}`;
    } else {
      // getCSIDriverInfoFromSC: the class's provisioner, keyed by the claim (a volume still to come).
      driver = store.storageClass(claimClass(pvc))?.provisioner;
      handle = `${driver}/${key}`;
    }
    if (driver === undefined || driver === '') continue;
    let set = out.get(driver);
    if (set === undefined) {
      set = new Set();
      out.set(driver, set);
    }
    set.add(handle);
  }
}

export function volumeLimitsFilter(pod: Pod, ni: NodeInfo, store: VolumeStore): Status {
  const csi = store.csiNode(ni.node.name);
  if (csi === undefined) return null;
  const fresh = new Map<string, Set<string>>();
  attachableVolumes(pod, store, fresh);
  if (fresh.size === 0) return null;
  const attached = new Map<string, Set<string>>();
  for (const p of ni.pods) if (p !== pod && p.spec.volumes.length > 0) attachableVolumes(p, store, attached);
  for (const [driver, handles] of fresh) {
    const limit = csi.drivers.find((d) => d.name === driver)?.allocatableCount ?? null;
    if (limit === null) continue;
    const have = attached.get(driver) ?? new Set<string>();
    let count = have.size;
    for (const h of handles) if (!have.has(h)) count++;
    if (count > limit) return status(Code.Unschedulable, name, ErrReasonMaxVolumeCountExceeded);
  }
  return null;
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter'],
  argsSchema: noArgs,
  create: (_args, handle) =>
    ({
      name,
      eventsToRegister: () => nodeVolumeLimitsEventsToRegister(handle.minorVersion),
      preFilter(_state: CycleState, pod: Pod): PreFilterResult {
        return hasClaims(pod) ? { status: null } : { status: status(Code.Skip, name) };
      },
      filter(_state: CycleState, pod: Pod, ni: NodeInfo): Status {
        return volumeLimitsFilter(pod, ni, handle.cache.volumes);
      },
    }) satisfies PreFilterPlugin & FilterPlugin,
});
