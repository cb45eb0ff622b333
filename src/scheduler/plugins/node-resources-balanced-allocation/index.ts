// NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): favours nodes whose requested
// fractions (real requests, node + pod, each capped at 1) are close to each other: score =
// int((1 - std) * 100); resource weights are ignored. Best-effort pods are skipped in PreScore (v1.32+,
// issue #129138). From Kubernetes 1.36 the plugin scores the change in balance (PR #135573):
// 50 + (50 + b_with - b_without) / 2 (scheduler.md §4.5, marked unverified there).

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  MaxNodeScore,
  type NodeBatch,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import { idiv } from '../../helpers/scores.js';
import { NodeMemo, type NodeTable } from '../../node-table.js';
import { resourceSpecSchema } from '../node-resources-fit/index.js';
import { fillAllocatableRequested, podRequestList, resourceKinds } from '../node-resources-fit/scorers.js';
import { definePlugin } from '../types.js';

export const name = 'NodeResourcesBalancedAllocation';
const KEY = `PreScore${name}`;

export const argsSchema = z.strictObject({
  resources: z.array(resourceSpecSchema).min(1).optional(),
});

/** int((1 - std) * MaxNodeScore) over the fractions of resources with allocatable > 0. */
export function balancedScore(req: Float64Array, alloc: Float64Array): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < req.length; i++) {
    const a = alloc[i] as number;
    if (a === 0) continue;
    const f = Math.min((req[i] as number) / a, 1);
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < req.length; i++) {
      const a = alloc[i] as number;
      if (a === 0) continue;
      const f = Math.min((req[i] as number) / a, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

/** balancedScore for resources [cpu, memory] from node row j of the NodeTable (same float arithmetic). */
function balancedCpuMem(t: NodeTable, j: number, podCpu: number, podMem: number): number {
  const ac = t.allocMilliCPU[j] as number;
  const am = t.allocMemory[j] as number;
  if (ac === 0 || am === 0) return MaxNodeScore; // at most one fraction: std 0
  const fc = Math.min(((t.reqMilliCPU[j] as number) + podCpu) / ac, 1);
  const fm = Math.min(((t.reqMemory[j] as number) + podMem) / am, 1);
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MaxNodeScore);
}

function allZero(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

class State implements StateData {
  constructor(readonly podRequests: Float64Array) {}
  clone(): StateData {
    return this;
  }
}

export default definePlugin({
  name,
  points: ['preScore', 'score'],
  argsSchema,
  create(args, handle) {
    const resources = args.resources ?? [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ];
    const skipBestEffort = handle.minorVersion >= 32;
    const scoresChange = handle.minorVersion >= 36;
    const skip = status(Code.Skip, name);
    const alloc = new Float64Array(resources.length);
    const req = new Float64Array(resources.length);
    const kinds = resourceKinds(resources);
    const cpuMem = resources.length === 2 && resources[0]?.name === 'cpu' && resources[1]?.name === 'memory';
    const scoreOf = (podReq: Float64Array, ni: NodeInfo): number => {
      fillAllocatableRequested(ni, resources, podReq, true, alloc, req, true, kinds);
      const withPod = balancedScore(req, alloc);
      if (!scoresChange) return withPod;
      fillAllocatableRequested(ni, resources, podReq, true, alloc, req, false, kinds);
      const without = balancedScore(req, alloc);
      return 50 + idiv(50 + withPod - without, 2);
    };
    /** The score of node row j: from the table's columns for cpu + memory before 1.36, else via NodeInfo. */
    const scoreAt = (podReq: Float64Array, j: number): number =>
      cpuMem && !scoresChange
        ? balancedCpuMem(handle.cache.table, j, podReq[0] as number, podReq[1] as number)
        : scoreOf(podReq, handle.cache.infoAt(j));
    const memo = new NodeMemo();
    return {
      name,
      preScore(state: CycleState, pod: Pod): Status {
        const podReq = podRequestList(pod, resources, false);
        if (skipBestEffort && allZero(podReq)) return skip;
        state.write(KEY, new State(podReq));
        return null;
      },
      score(state: CycleState, pod: Pod, ni: NodeInfo): number {
        const podReq = state.read<State>(KEY)?.podRequests ?? podRequestList(pod, resources, false);
        return scoreOf(podReq, ni);
      },
      scoreBatch(state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void {
        const podReq = state.read<State>(KEY)?.podRequests ?? podRequestList(pod, resources, false);
        for (let i = 0, end = nodes.n; i < end; i++) out[i] = scoreAt(podReq, nodes.idx[i] as number);
      },
      /**
       * No NormalizeScore: the weighted score goes straight into the totals. With at most two resources
       * (the default cpu and memory) each node's score is memoised per request (NodeMemo).
       */
      scoreInto(state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): Status {
        const podReq = state.read<State>(KEY)?.podRequests ?? podRequestList(pod, resources, false);
        const idx = nodes.idx;
        const n = nodes.n;
        const memoised =
          resources.length > 2
            ? null
            : memo.refresh(handle.cache.table, podReq[0] as number, podReq[1] ?? 0, (j) =>
                scoreAt(podReq, j),
              );
        if (memoised === null) {
          for (let i = 0; i < n; i++)
            totals[i] = (totals[i] as number) + scoreAt(podReq, idx[i] as number) * weight;
          return null;
        }
        for (let i = 0; i < n; i++)
          totals[i] = (totals[i] as number) + (memoised[idx[i] as number] as number) * weight;
        return null;
      },
    } satisfies PreScorePlugin & ScorePlugin;
  },
});
