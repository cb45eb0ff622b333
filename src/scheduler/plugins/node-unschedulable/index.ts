// NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a node with spec.unschedulable
// rejects pods that do not tolerate node.kubernetes.io/unschedulable:NoSchedule, as unresolvable.

import { type Pod, TaintNodeUnschedulable } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import { Code, type FilterPlugin, type Status, status } from '../../framework.js';
import { toleratedByAny } from '../../helpers/taints.js';
import { definePlugin, noArgs } from '../types.js';

export const name = 'NodeUnschedulable';
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const UNSCHEDULABLE = status(Code.UnschedulableAndUnresolvable, name, ErrReasonUnschedulable);
const TAINT = { key: TaintNodeUnschedulable, effect: 'NoSchedule' } as const;

export function filter(_s: unknown, pod: Pod, ni: NodeInfo): Status {
  if (!ni.node.unschedulable) return null;
  return toleratedByAny(pod.spec.tolerations, TAINT) ? null : UNSCHEDULABLE;
}

export function filterBatch(
  _s: unknown,
  pod: Pod,
  nodes: readonly NodeInfo[],
  n: number,
  out: Status[],
): void {
  for (let i = 0; i < n; i++)
    if (out[i] === null && (nodes[i] as NodeInfo).node.unschedulable)
      out[i] = filter(_s, pod, nodes[i] as NodeInfo);
}

export default definePlugin({
  name,
  points: ['filter'],
  argsSchema: noArgs,
  create: () =>
    ({
      name,
      filter,
      filterBatch,
      events: ['NodeAdd', 'NodeSpecChange', 'NodeTaintChange'] as const,
    }) satisfies FilterPlugin,
});
