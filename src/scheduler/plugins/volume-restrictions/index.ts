// VolumeRestrictions (pkg/scheduler/framework/plugins/volumerestrictions volume_restrictions.go),
// its ReadWriteOncePod part: a claim with that access mode already used by a scheduled pod makes every
// node unfit (Unschedulable, so preemption of that pod can help; AddPod/RemovePod keep the count right
// in its dry runs). Inline disk conflicts (GCE PD, EBS, RBD, iSCSI volume sources) are not modelled.

import type { Pod } from '../../../model/types.js';
import type { VolumeStore } from '../../../model/volume-store.js';
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
import { volumeRestrictionsEventsToRegister } from './hints.js';

export const name = 'VolumeRestrictions';
export const ErrReasonReadWriteOncePodConflict =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const KEY = 'PreFilterVolumeRestrictions';

class RwopState implements StateData {
  constructor(
    readonly claimKeys: ReadonlySet<string>,
    public conflicting: number,
  ) {}
  clone(): StateData {
    return new RwopState(this.claimKeys, this.conflicting);
  }
}

const isScheduled = (p: Pod) =>
  (p.nodeName !== null || p.assumedNode !== null) && p.phase !== 'Succeeded' && p.phase !== 'Failed';

/** calPreFilterState: how many of the pod's ReadWriteOncePod claims some scheduled pod already uses. */
export function rwopConflicts(
  pod: Pod,
  store: VolumeStore,
): { keys: Set<string>; conflicting: number } | string {
  const got = podClaims(pod, store, false);
  if ('error' in got) return got.error;
  const keys = new Set<string>();
  let conflicting = 0;
  for (const pvc of got.claims) {
    if (!pvc.spec.accessModes.includes('ReadWriteOncePod')) continue;
    keys.add(pvc.key);
    for (const u of store.usersOf(pvc.key)) {
      if (u !== pod && isScheduled(u)) {
        conflicting++;
        break;
      }
    }
  }
  return { keys, conflicting };
}

function touches(state: RwopState, other: Pod): number {
  let n = 0;
  for (const v of other.spec.volumes)
    if (v.claimName !== undefined && state.claimKeys.has(`${other.namespace}/${v.claimName}`)) n++;
  return n;
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter'],
  argsSchema: noArgs,
  create: (_args, handle) =>
    ({
      name,
      eventsToRegister: (hints: boolean) => volumeRestrictionsEventsToRegister(hints),
      preFilter(state: CycleState, pod: Pod): PreFilterResult {
        if (!pod.spec.volumes.some((v) => v.claimName !== undefined))
          return { status: status(Code.Skip, name) };
        const r = rwopConflicts(pod, handle.cache.volumes);
        if (typeof r === 'string') return { status: status(Code.UnschedulableAndUnresolvable, name, r) };
        if (r.conflicting === 0 && r.keys.size === 0) return { status: status(Code.Skip, name) };
        state.write(KEY, new RwopState(r.keys, r.conflicting));
        return { status: null };
      },
      addPod(state: CycleState, _pod: Pod, podToAdd: Pod): Status {
        const s = state.read<RwopState>(KEY);
        if (s !== undefined) s.conflicting += touches(s, podToAdd);
        return null;
      },
      removePod(state: CycleState, _pod: Pod, podToRemove: Pod): Status {
        const s = state.read<RwopState>(KEY);
        if (s !== undefined) s.conflicting -= touches(s, podToRemove);
        return null;
      },
      filter(state: CycleState, _pod: Pod, _ni: NodeInfo): Status {
        const s = state.read<RwopState>(KEY);
        return s !== undefined && s.conflicting > 0
          ? status(Code.Unschedulable, name, ErrReasonReadWriteOncePodConflict)
          : null;
      },
    }) satisfies PreFilterPlugin & FilterPlugin,
});
