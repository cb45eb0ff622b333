// VolumeZone (pkg/scheduler/framework/plugins/volumezone volume_zone.go): a pod whose bound volumes
// carry zone or region labels fits only nodes whose labels hold one of the values (a label may list
// several zones joined by "__"); a node with none of the topology labels is not constrained. Claims of
// a WaitForFirstConsumer class without a volume are skipped (VolumeBinding handles them); other
// unbound claims make the pod unschedulable. Volumes that express their zone only by node affinity
// (what CSI provisioners write) are VolumeBinding's.

import type { Pod } from '../../../model/types.js';
import { claimClass, isDelayBindingMode, labelZonesToSet } from '../../../model/volume-helpers.js';
import type { VolumeStore } from '../../../model/volume-store.js';
import type { PersistentVolume } from '../../../model/volumes.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';
import { podClaims } from '../volume-claims.js';
import { volumeZoneEventsToRegister } from './hints.js';

export const name = 'VolumeZone';
export const ErrReasonConflict = 'node(s) had no available volume zone';

/** volume_zone.go topologyLabels: GA then beta zone and region keys. */
export const TOPOLOGY_LABELS = [
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
] as const;

const GA_OF: Readonly<Record<string, string>> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
};

interface PvTopology {
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

class ZoneState implements StateData {
  constructor(readonly topologies: readonly PvTopology[]) {}
  clone(): StateData {
    return this;
  }
}

const KEY = 'PreFilterVolumeZone';

/** getPVbyPod: the zone labels of the pod's bound volumes, or the status that stops the pod. */
export function podVolumeTopologies(pod: Pod, store: VolumeStore): PvTopology[] | Status {
  const got = podClaims(pod, store, false);
  if ('error' in got) return status(Code.UnschedulableAndUnresolvable, name, got.error);
  const out: PvTopology[] = [];
  for (const pvc of got.claims) {
    const pvName = pvc.spec.volumeName;
    if (pvName === '') {
      if (claimClass(pvc) === '')
        return status(
          Code.UnschedulableAndUnresolvable,
          name,
          'PersistentVolumeClaim had no pv name and storageClass name',
        );
      const sc = store.storageClass(claimClass(pvc));
      if (sc === undefined)
        return status(
          Code.UnschedulableAndUnresolvable,
          name,
          `storageclass.storage.k8s.io "${claimClass(pvc)}" not found`,
        );
      if (isDelayBindingMode(pvc, (n) => store.storageClass(n))) continue;
      return status(Code.UnschedulableAndUnresolvable, name, 'PersistentVolume had no name');
    }
    const pv = store.volume(pvName);
    if (pv === undefined)
      return status(Code.UnschedulableAndUnresolvable, name, `persistentvolume "${pvName}" not found`);
    for (const key of TOPOLOGY_LABELS) {
      const v = pv.labels[key];
      if (v !== undefined) out.push({ key, values: labelZonesToSet(v) });
    }
  }
  return out;
}

/** getPVTopologies of one PV as a string (the PV queueing hint compares a PV's before and after). */
export function pvTopologyKey(pv: PersistentVolume): string {
  const parts: string[] = [];
  for (const key of TOPOLOGY_LABELS) {
    const v = pv.labels[key];
    if (v !== undefined) parts.push(`${key}=${[...labelZonesToSet(v)].sort().join(',')}`);
  }
  return parts.join(';');
}

export function zoneFilter(
  topologies: readonly PvTopology[],
  labels: Readonly<Record<string, string>>,
): Status {
  if (!TOPOLOGY_LABELS.some((k) => labels[k] !== undefined)) return null;
  for (const t of topologies) {
    // A beta key on the volume also matches the node's GA label.
    const v = labels[t.key] ?? (GA_OF[t.key] !== undefined ? labels[GA_OF[t.key] as string] : undefined);
    if (v === undefined || !t.values.has(v))
      return status(Code.UnschedulableAndUnresolvable, name, ErrReasonConflict);
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
      eventsToRegister: (hints: boolean) => volumeZoneEventsToRegister(hints, pvTopologyKey),
      preFilter(state: CycleState, pod: Pod): PreFilterResult {
        if (!pod.spec.volumes.some((v) => v.claimName !== undefined))
          return { status: status(Code.Skip, name) };
        const got = podVolumeTopologies(pod, handle.cache.volumes);
        if (!Array.isArray(got)) return { status: got };
        if (got.length === 0) return { status: status(Code.Skip, name) };
        state.write(KEY, new ZoneState(got));
        return { status: null };
      },
      filter(state: CycleState, _pod: Pod, ni: NodeInfo): Status {
        const s = state.read<ZoneState>(KEY);
        return s === undefined ? null : zoneFilter(s.topologies, ni.node.labels);
      },
    }) satisfies PreFilterPlugin & FilterPlugin,
});
