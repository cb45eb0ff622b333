// doNoScheduleTaintingPass as a pure function (pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// nodeConditionToTaintKeyStatusMap): the NoSchedule taints a node's conditions and spec.unschedulable
// call for, and the difference from the condition taints it carries. Not rate-limited; runs on every
// Node add/update (node-health-timing.md §3.4).

import {
  type ConditionStatus,
  type Taint,
  TaintNodeDiskPressure,
  TaintNodeMemoryPressure,
  TaintNodeNotReady,
  TaintNodePIDPressure,
  TaintNodeUnreachable,
  TaintNodeUnschedulable,
} from '../../model/types.js';

export const TaintNodeNetworkUnavailable = 'node.kubernetes.io/network-unavailable';

/** Which condition status maps to which NoSchedule taint key. */
const CONDITION_TAINTS: ReadonlyArray<readonly [string, ConditionStatus, string]> = [
  ['Ready', 'False', TaintNodeNotReady],
  ['Ready', 'Unknown', TaintNodeUnreachable],
  ['MemoryPressure', 'True', TaintNodeMemoryPressure],
  ['DiskPressure', 'True', TaintNodeDiskPressure],
  ['NetworkUnavailable', 'True', TaintNodeNetworkUnavailable],
  ['PIDPressure', 'True', TaintNodePIDPressure],
];

/** Taint keys this pass owns (taintKeyToNodeConditionMap plus unschedulable). */
const OWNED_KEYS: ReadonlySet<string> = new Set([
  ...CONDITION_TAINTS.map(([, , key]) => key),
  TaintNodeUnschedulable,
]);

export interface NoScheduleDiff {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export function desiredNoScheduleKeys(
  conditions: ReadonlyMap<string, { readonly status: ConditionStatus }>,
  unschedulable: boolean,
): string[] {
  const keys: string[] = [];
  for (const [type, status, key] of CONDITION_TAINTS) {
    if (conditions.get(type)?.status === status) keys.push(key);
  }
  if (unschedulable) keys.push(TaintNodeUnschedulable);
  return keys;
}

/**
 * Quick check without allocation (the watch handler runs on every status post): whether the owned
 * NoSchedule taints already match the conditions. Bit k stands for CONDITION_TAINTS[k], the last bit
 * for unschedulable.
 */
export function noScheduleInSync(
  conditions: ReadonlyMap<string, { readonly status: ConditionStatus }>,
  unschedulable: boolean,
  taints: readonly Taint[],
): boolean {
  let want = unschedulable ? 1 << CONDITION_TAINTS.length : 0;
  for (let k = 0; k < CONDITION_TAINTS.length; k++) {
    const [type, status] = CONDITION_TAINTS[k] as readonly [string, ConditionStatus, string];
    if (conditions.get(type)?.status === status) want |= 1 << k;
  }
  let have = 0;
  for (const t of taints) {
    if (t.effect !== 'NoSchedule') continue;
    if (t.key === TaintNodeUnschedulable) have |= 1 << CONDITION_TAINTS.length;
    else
      for (let k = 0; k < CONDITION_TAINTS.length; k++)
        if ((CONDITION_TAINTS[k] as readonly string[])[2] === t.key) have |= 1 << k;
  }
  // Ready=False and Ready=Unknown map to two keys; "have" may hold a stale one of them: compare exactly.
  return want === have;
}

/** TaintSetDiff between the desired keys and the owned NoSchedule taints present. */
export function noScheduleDiff(desired: readonly string[], taints: readonly Taint[]): NoScheduleDiff {
  const present = taints.filter((t) => t.effect === 'NoSchedule' && OWNED_KEYS.has(t.key)).map((t) => t.key);
  return {
    add: desired.filter((k) => !present.includes(k)),
    remove: present.filter((k) => !desired.includes(k)),
  };
}
