// NodeName (pkg/scheduler/framework/plugins/nodename): a pod with spec.nodeName fits only that node.

import type { Pod } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import { Code, type FilterPlugin, type NodeBatch, type Status, status } from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';
import { nodeNameEventsToRegister } from './hints.js';

export const name = 'NodeName';
export const ErrReason = "node(s) didn't match the requested node name";
const MISMATCH = status(Code.UnschedulableAndUnresolvable, name, ErrReason);

export function filter(_s: unknown, pod: Pod, ni: NodeInfo): Status {
  const want = pod.spec.nodeName;
  return want === undefined || want === ni.node.name ? null : MISMATCH;
}

export default definePlugin({
  name,
  points: ['filter'],
  argsSchema: noArgs,
  create: (_args, handle) =>
    ({
      name,
      filter,
      filterBatch(_s: unknown, pod: Pod, nodes: NodeBatch, out: Status[]): void {
        if (pod.spec.nodeName === undefined) return;
        for (let i = 0, end = nodes.n; i < end; i++)
          if (out[i] === null) out[i] = filter(_s, pod, handle.cache.infoAt(nodes.idx[i] as number));
      },
      eventsToRegister: nodeNameEventsToRegister,
    }) satisfies FilterPlugin,
});
