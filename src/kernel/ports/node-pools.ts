// Port onto the cluster's node pools (src/sim/node-ops.ts implements it from the built scenario):
// faults and timed operations grow a pool; the cluster-autoscaler's cloud provider registers the machines
// it provisions.

import type { NodeInit } from '../../model/factory.js';

export interface NodePools {
  /** Registers `count` new nodes of the pool, numbered after its existing ones; returns their names. */
  addNodes(poolName: string, count: number): string[];
  /** A provisioned machine registers: its Node object (init.idx allocated by the caller), then its kubelet starts. */
  registerNode(init: NodeInit): void;
}
