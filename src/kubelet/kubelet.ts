// Kubelet node agent, one per node (pkg/kubelet). Foundation scope: a starting kubelet registers its
// Node and posts Ready at once (fastStatusUpdateOnce, pkg/kubelet/kubelet.go) and renews its Lease.
// Lease and status loops, failures and recovery belong to the node-health model
// (node-health-timing.md §1-§2).

import type { Sim } from '../sim/context.js';
import { Lane } from '../sim/events.js';
import type { HandlersFor } from '../sim/wiring.js';
import type { KubeletEvent } from './events.js';

export class Kubelet {
  constructor(private readonly sim: Sim) {}

  /** Schedules the start of every node's kubelet at the current instant. */
  startAll(): void {
    for (const node of this.sim.state.nodes) {
      this.sim.engine.schedule(0, { kind: 'KubeletStart', node: node.name }, Lane.External);
    }
  }

  onStart(nodeName: string): void {
    const { state } = this.sim;
    const node = state.node(nodeName);
    if (!node) return;
    state.renewLease(node);
    state.setNodeCondition(node, 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status');
  }

  /**
   * Whether this node's kubelet is running and can reach the API server, i.e. whether it can start
   * containers and confirm pod deletions now. The pod workers ask before every such step.
   */
  isUp(nodeName: string): boolean {
    return this.sim.state.node(nodeName) !== undefined;
  }
}

type NodeAgentEvent = Extract<KubeletEvent, { kind: 'KubeletStart' }>;

export const kubeletHandlers: HandlersFor<NodeAgentEvent> = {
  KubeletStart: (ev, sim) => sim.kubelet.onStart(ev.node),
};
