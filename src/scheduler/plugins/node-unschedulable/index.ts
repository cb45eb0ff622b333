// NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a node with spec.unschedulable
// rejects pods that do not tolerate node.kubernetes.io/unschedulable:NoSchedule, as unresolvable.

import { type Pod, TaintNodeUnschedulable } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import { Code, type FilterPlugin, type NodeBatch, type Status, status } from '../../framework.js';
import { toleratedByAny } from '../../helpers/taints.js';
import { definePlugin, noArgs } from '../types.js';
import { unschedulableEventsToRegister } from './hints.js';

export const name = 'NodeUnschedulable';
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const UNSCHEDULABLE = status(Code.UnschedulableAndUnresolvable, name, ErrReasonUnschedulable);
const TAINT = { key: TaintNodeUnschedulable, effect: 'NoSchedule' } as const;

export function filter(_s: unknown, pod: Pod, ni: NodeInfo): Status {
  if (!ni.node.unschedulable) return null;
  return toleratedByAny(pod.spec.tolerations, TAINT) ? null : UNSCHEDULABLE;
}

export default definePlugin({
  name,
  points: ['filter'],
  argsSchema: noArgs,
  create: (_args, handle) =>
    ({
      name,
      filter,
      /** The table's unschedulable column; nothing to do while no live node is cordoned. */
      filterBatch(_s: unknown, pod: Pod, nodes: NodeBatch, out: Status[]): void {
        const table = handle.cache.table;
        if (table.unschedulableCount === 0 || toleratedByAny(pod.spec.tolerations, TAINT)) return;
        const cordoned = table.unschedulable;
        const idx = nodes.idx;
        for (let i = 0, end = nodes.n; i < end; i++)
          if (out[i] === null && cordoned[idx[i] as number] === 1) out[i] = UNSCHEDULABLE;
      },
      eventsToRegister: unschedulableEventsToRegister,
    }) satisfies FilterPlugin,
});
