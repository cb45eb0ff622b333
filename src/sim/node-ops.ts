// Node pools grow (add-nodes, a fault or a timed operation): new nodes of a pool are registered,
// numbered after the pool's existing ones, and their kubelets start at once. The NodePools port
// (kernel/ports/node-pools.ts) hands this to the fault injector and the timeline, and registerNode to the
// cluster-autoscaler's cloud provider (a machine of a node group registers).

import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { KubeletEvent } from '../kubelet/events.js';
import { makeNode, type NodeInit } from '../model/factory.js';
import { poolNodes } from '../model/node-pools.js';
import type { BuiltScenario } from './built.js';

export class NodePoolOps implements NodePools {
  /** Current size of each node pool (grows with add-nodes). */
  readonly sizes = new Map<string, number>();

  constructor(
    private readonly sim: Kernel<KubeletEvent>,
    private readonly pools: BuiltScenario['pools'],
  ) {}

  addNodes(poolName: string, count: number): string[] {
    const { sim } = this;
    const pool = this.pools.get(poolName);
    if (!pool) throw new Error(`no node pool named "${poolName}"`);
    const existing = this.sizes.get(poolName) ?? pool.spec.count;
    const inits = poolNodes(pool.spec, existing, count, () => 0, sim.nowUs).filter(
      (n) => sim.state.node(n.name) === undefined,
    );
    this.sizes.set(poolName, existing + count);
    const names: string[] = [];
    for (const init of inits) {
      this.registerNode({ ...init, idx: sim.state.allocateNodeIdx() });
      names.push(init.name);
    }
    return names;
  }

  registerNode(init: NodeInit): void {
    this.sim.state.addNode(makeNode(init));
    this.sim.engine.schedule(0, { kind: 'KubeletStart', node: init.name }, Lane.External);
  }
}
