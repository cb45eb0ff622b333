// Node operations shared by faults and timed scenario operations: pools grow by registering new nodes
// (their kubelets start at once), and Node objects are deleted through the API.

import { makeNode } from '../model/factory.js';
import { poolNodes } from '../model/node-pools.js';
import type { Sim } from './context.js';
import { Lane } from './events.js';

/** Registers `count` new nodes of `poolName`, numbered after the pool's existing ones; returns their names. */
export function addPoolNodes(sim: Sim, poolName: string, count: number): string[] {
  const pool = sim.built.pools.get(poolName);
  if (!pool) throw new Error(`no node pool named "${poolName}"`);
  const existing = sim.poolSizes.get(poolName) ?? pool.spec.count;
  const inits = poolNodes(pool.spec, existing, count, () => 0, sim.nowUs).filter(
    (n) => sim.state.node(n.name) === undefined,
  );
  sim.poolSizes.set(poolName, existing + count);
  const names: string[] = [];
  for (const init of inits) {
    sim.state.addNode(makeNode({ ...init, idx: sim.state.allocateNodeIdx() }));
    sim.engine.schedule(0, { kind: 'KubeletStart', node: init.name }, Lane.External);
    names.push(init.name);
  }
  return names;
}
