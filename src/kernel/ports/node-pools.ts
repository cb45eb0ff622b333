// Port onto the cluster's node pools (src/sim/node-ops.ts implements it from the built scenario):
// faults and timed operations grow a pool.

export interface NodePools {
  /** Registers `count` new nodes of the pool, numbered after its existing ones; returns their names. */
  addNodes(poolName: string, count: number): string[];
}
