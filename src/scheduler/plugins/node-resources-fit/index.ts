// NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): Filter checks the pod count and
// every requested resource against allocatable minus requested (scheduler.md §4.1); Score applies the
// configured scoringStrategy (LeastAllocated by default, MostAllocated, RequestedToCapacityRatio) to the
// non-zero requests (§3, §4.2-4.4). Args and defaults follow NodeResourcesFitArgs (config/v1).

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  MaxNodeScore,
  type NodeBatch,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  type StatusRecord,
  status,
} from '../../framework.js';
import { mulDiv } from '../../helpers/scores.js';
import { NodeMemo, type NodeTable } from '../../node-table.js';
import { definePlugin } from '../types.js';
import { fitEventsToRegister } from './hints.js';
import {
  fillAllocatableRequested,
  leastAllocatedScorer,
  mostAllocatedScorer,
  podRequestList,
  requestedToCapacityRatioScorer,
  resourceKinds,
  type Scorer,
} from './scorers.js';

export const name = 'NodeResourcesFit';

export const resourceSpecSchema = z.strictObject({
  name: z.string().min(1),
  // Weight 0 (or absent) defaults to 1 (SetDefaults_NodeResourcesFitArgs); valid weights are 1..100.
  weight: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .transform((w) => (w === undefined || w === 0 ? 1 : w)),
});

const DEFAULT_RESOURCES = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

const shapeSchema = z
  .array(
    z.strictObject({
      utilization: z.number().int().min(0).max(100),
      score: z.number().int().min(0).max(10),
    }),
  )
  .min(1)
  .refine(
    (s) => s.every((p, i) => i === 0 || p.utilization > (s[i - 1] as { utilization: number }).utilization),
    {
      error: 'shape utilization values must be strictly increasing',
    },
  );

export const argsSchema = z
  .strictObject({
    ignoredResources: z.array(z.string()).optional(),
    ignoredResourceGroups: z.array(z.string()).optional(),
    scoringStrategy: z
      .strictObject({
        type: z
          .enum(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'])
          .default('LeastAllocated'),
        resources: z.array(resourceSpecSchema).min(1).optional(),
        requestedToCapacityRatio: z.strictObject({ shape: shapeSchema }).optional(),
      })
      .optional(),
  })
  .superRefine((a, ctx) => {
    if (
      a.scoringStrategy?.type === 'RequestedToCapacityRatio' &&
      !a.scoringStrategy.requestedToCapacityRatio
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoringStrategy', 'requestedToCapacityRatio'],
        message: 'scoringStrategy RequestedToCapacityRatio needs requestedToCapacityRatio.shape',
      });
    }
  });

export type FitArgs = z.output<typeof argsSchema>;

const KEY_PREFILTER = `PreFilter${name}`;
const KEY_PRESCORE = `PreScore${name}`;

class PreScoreState implements StateData {
  constructor(readonly podRequests: Float64Array) {}
  clone(): StateData {
    return this;
  }
}
class PreFilterState implements StateData {
  constructor(readonly pod: Pod) {}
  clone(): StateData {
    return this;
  }
}

export function makeScorer(args: FitArgs): { resources: { name: string; weight: number }[]; scorer: Scorer } {
  const resources = args.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
  const type = args.scoringStrategy?.type ?? 'LeastAllocated';
  if (type === 'MostAllocated') return { resources, scorer: mostAllocatedScorer(resources) };
  if (type === 'RequestedToCapacityRatio') {
    const shape = args.scoringStrategy?.requestedToCapacityRatio?.shape ?? [];
    return { resources, scorer: requestedToCapacityRatioScorer(resources, shape) };
  }
  return { resources, scorer: leastAllocatedScorer(resources) };
}

/** Extended resources are domain-prefixed names outside kubernetes.io (v1helper.IsExtendedResourceName). */
function isExtended(resource: string): boolean {
  return (
    resource.includes('/') && !resource.startsWith('kubernetes.io/') && !resource.startsWith('requests.')
  );
}

/** 1 when node row j has a pod slot and room for `cpu` and `mem` (the Filter's pass for such a pod). */
function fitsCpuMem(t: NodeTable, j: number, cpu: number, mem: number): number {
  return (t.podCount[j] as number) < (t.allocPods[j] as number) &&
    (cpu === 0 || cpu <= (t.allocMilliCPU[j] as number) - (t.reqMilliCPU[j] as number)) &&
    (mem === 0 || mem <= (t.allocMemory[j] as number) - (t.reqMemory[j] as number))
    ? 1
    : 0;
}

function hasKeys(o: Record<string, number>): boolean {
  for (const _ in o) return true;
  return false;
}

export class FitFilter {
  private readonly tooManyPods = status(Code.Unschedulable, name, 'Too many pods');
  private readonly cache = new Map<string, StatusRecord>();

  constructor(
    private readonly ignored: ReadonlySet<string>,
    private readonly ignoredGroups: ReadonlySet<string>,
  ) {}

  /** fitsRequest + the Filter's status: all insufficient resources, unresolvable if one exceeds allocatable. */
  check(pod: Pod, ni: NodeInfo): Status {
    const a = ni.node.allocatable;
    const used = ni.requested;
    const tooMany = ni.pods.size + 1 > a.allowedPodNumber;
    const r = pod.requests;
    if (pod !== this.lastPod) {
      this.lastPod = pod;
      this.scalarNames = Object.keys(r.scalar);
    }
    const scalarNames = this.scalarNames;
    if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && scalarNames.length === 0) {
      return tooMany ? this.tooManyPods : null;
    }
    if (r.ephemeralStorage === 0 && scalarNames.length === 0) return this.checkCpuMem(r, a, used, tooMany);
    this.reasons = null;
    this.unresolvable = false;
    if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU) this.miss('cpu', r.milliCPU, a.milliCPU);
    if (r.memory > 0 && r.memory > a.memory - used.memory) this.miss('memory', r.memory, a.memory);
    if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) {
      this.miss('ephemeral-storage', r.ephemeralStorage, a.ephemeralStorage);
    }
    for (let i = 0; i < scalarNames.length; i++) {
      const res = scalarNames[i] as string;
      const q = r.scalar[res] as number;
      if (q === 0) continue;
      if (isExtended(res) && (this.ignored.has(res) || this.ignoredGroups.has(res.split('/')[0] as string)))
        continue;
      const alloc = a.scalar[res] ?? 0;
      if (q > alloc - (used.scalar[res] ?? 0)) this.miss(res, q, alloc);
    }
    const reasons = this.reasons as string[] | null;
    if (reasons === null) return tooMany ? this.tooManyPods : null;
    const list: string[] = tooMany ? ['Too many pods', ...reasons] : reasons;
    return this.statusFor(list, this.unresolvable);
  }

  /**
   * The same statuses for a pod asking for cpu and/or memory only, without building the reasons list:
   * the outcome is one of 16 (too many pods, cpu short, memory short, one beyond allocatable), each
   * status built once. A failed scheduling attempt checks every node, so this runs N times per attempt.
   */
  private checkCpuMem(
    r: Pod['requests'],
    a: NodeInfo['node']['allocatable'],
    used: NodeInfo['requested'],
    tooMany: boolean,
  ): Status {
    let code = tooMany ? 1 : 0;
    if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU) {
      code |= 2;
      if (r.milliCPU > a.milliCPU) code |= 8;
    }
    if (r.memory > 0 && r.memory > a.memory - used.memory) {
      code |= 4;
      if (r.memory > a.memory) code |= 8;
    }
    if (code < 2) return tooMany ? this.tooManyPods : null;
    let st = this.byOutcome[code];
    if (st === undefined) {
      const reasons: string[] = [];
      if (tooMany) reasons.push('Too many pods');
      if (code & 2) reasons.push('Insufficient cpu');
      if (code & 4) reasons.push('Insufficient memory');
      st = this.statusFor(reasons, (code & 8) !== 0);
      this.byOutcome[code] = st;
    }
    return st;
  }

  private readonly byOutcome: (StatusRecord | undefined)[] = [];
  private lastPod: Pod | null = null;
  private scalarNames: string[] = [];
  private reasons: string[] | null = null;
  private unresolvable = false;

  private miss(res: string, request: number, alloc: number): void {
    this.reasons ??= [];
    this.reasons.push(`Insufficient ${res}`);
    if (request > alloc) this.unresolvable = true;
  }

  private statusFor(reasons: string[], unresolvable: boolean): StatusRecord {
    const key = `${unresolvable ? 1 : 0}|${reasons.join('|')}`;
    let st = this.cache.get(key);
    if (st === undefined) {
      st = status(unresolvable ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, name, ...reasons);
      this.cache.set(key, st);
    }
    return st;
  }
}

/**
 * The default shape (cpu and memory, Least- or MostAllocated) scored from the NodeTable's columns
 * (allocatable and non-zero requested cpu/memory) of node row j; the same integer arithmetic as
 * leastRequestedScore / mostRequestedScore and the weighted mean in scorers.ts, written out so the
 * node loops call nothing else.
 */
function cpuMemScorer(
  args: FitArgs,
  resources: readonly { name: string; weight: number }[],
): ((t: NodeTable, j: number, podCpu: number, podMem: number) => number) | null {
  const type = args.scoringStrategy?.type ?? 'LeastAllocated';
  if (type === 'RequestedToCapacityRatio' || resources.length !== 2) return null;
  if (resources[0]?.name !== 'cpu' || resources[1]?.name !== 'memory') return null;
  const wc = resources[0].weight;
  const wm = resources[1].weight;
  const most = type === 'MostAllocated';
  /** leastRequestedScore / mostRequestedScore of requested on capacity (capacity > 0). */
  const one = (requested: number, capacity: number): number => {
    let free: number;
    if (most) free = requested < capacity ? requested : capacity;
    else if (requested > capacity) return 0;
    else free = capacity - requested;
    const p = free * MaxNodeScore;
    return p <= Number.MAX_SAFE_INTEGER ? Math.trunc(p / capacity) : mulDiv(free, MaxNodeScore, capacity);
  };
  return (t, j, podCpu, podMem) => {
    const ac = t.allocMilliCPU[j] as number;
    const am = t.allocMemory[j] as number;
    if (ac !== 0 && am !== 0) {
      const sc = one((t.nzMilliCPU[j] as number) + podCpu, ac);
      const sm = one((t.nzMemory[j] as number) + podMem, am);
      return Math.trunc((sc * wc + sm * wm) / (wc + wm));
    }
    if (ac !== 0) return Math.trunc((one((t.nzMilliCPU[j] as number) + podCpu, ac) * wc) / wc);
    if (am !== 0) return Math.trunc((one((t.nzMemory[j] as number) + podMem, am) * wm) / wm);
    return 0;
  };
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'preScore', 'score'],
  argsSchema,
  create(args, handle) {
    const { resources, scorer } = makeScorer(args);
    const fit = new FitFilter(
      new Set(args.ignoredResources ?? []),
      new Set(args.ignoredResourceGroups ?? []),
    );
    const alloc = new Float64Array(resources.length);
    const req = new Float64Array(resources.length);
    const kinds = resourceKinds(resources);
    const cpuMem = cpuMemScorer(args, resources);
    const memo = new NodeMemo();
    const fitsMemo = new NodeMemo();
    let scratch = new Float64Array(0);
    const scoreBatch = (state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void => {
      const podReq =
        state.read<PreScoreState>(KEY_PRESCORE)?.podRequests ?? podRequestList(pod, resources, true);
      const t = handle.cache.table;
      const idx = nodes.idx;
      if (cpuMem !== null) {
        const cpu = podReq[0] as number;
        const mem = podReq[1] as number;
        for (let i = 0, end = nodes.n; i < end; i++) out[i] = cpuMem(t, idx[i] as number, cpu, mem);
        return;
      }
      for (let i = 0, end = nodes.n; i < end; i++) {
        const ni = handle.cache.infoAt(idx[i] as number);
        fillAllocatableRequested(ni, resources, podReq, false, alloc, req, true, kinds);
        out[i] = scorer(req, alloc);
      }
    };
    return {
      name,
      eventsToRegister: (hints: boolean) => fitEventsToRegister(hints, handle.minorVersion),
      resources,
      preFilter(state: CycleState, pod: Pod): PreFilterResult {
        state.write(KEY_PREFILTER, new PreFilterState(pod));
        return { status: null };
      },
      filter(_state: CycleState, pod: Pod, ni: NodeInfo): Status {
        return fit.check(pod, ni);
      },
      /**
       * For a pod asking only for cpu, memory and a pod slot, whether each node clearly fits comes from
       * the table's columns (memoised per (cpu, memory) request, see NodeMemo); a node that does not
       * clearly fit goes through fit.check for the exact status.
       */
      filterBatch(_state: CycleState, pod: Pod, nodes: NodeBatch, out: Status[]): void {
        const r = pod.requests;
        const idx = nodes.idx;
        const cache = handle.cache;
        if (r.ephemeralStorage !== 0 || hasKeys(r.scalar)) {
          for (let i = 0, end = nodes.n; i < end; i++)
            if (out[i] === null) out[i] = fit.check(pod, cache.infoAt(idx[i] as number));
          return;
        }
        const t = cache.table;
        const cpu = r.milliCPU;
        const mem = r.memory;
        const memoised = fitsMemo.refresh(t, cpu, mem, (j) => fitsCpuMem(t, j, cpu, mem));
        for (let i = 0, end = nodes.n; i < end; i++) {
          if (out[i] !== null) continue;
          const j = idx[i] as number;
          if (memoised !== null ? memoised[j] === 1 : fitsCpuMem(t, j, cpu, mem) === 1) continue;
          out[i] = fit.check(pod, cache.infoAt(j));
        }
      },
      preScore(state: CycleState, pod: Pod): Status {
        state.write(KEY_PRESCORE, new PreScoreState(podRequestList(pod, resources, true)));
        return null;
      },
      score(state: CycleState, pod: Pod, ni: NodeInfo): number {
        const podReq =
          state.read<PreScoreState>(KEY_PRESCORE)?.podRequests ?? podRequestList(pod, resources, true);
        fillAllocatableRequested(ni, resources, podReq, false, alloc, req, true, kinds);
        return scorer(req, alloc);
      },
      scoreBatch,
      /**
       * No NormalizeScore, so the weighted raw score goes straight into the totals. With the default
       * resources each node's score is memoised per (cpu, memory) non-zero request (NodeMemo).
       */
      scoreInto(state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): Status {
        const n = nodes.n;
        const podReq =
          state.read<PreScoreState>(KEY_PRESCORE)?.podRequests ?? podRequestList(pod, resources, true);
        const t = handle.cache.table;
        const cpu = podReq[0] as number;
        const mem = podReq[1] as number;
        const memoised = cpuMem === null ? null : memo.refresh(t, cpu, mem, (j) => cpuMem(t, j, cpu, mem));
        if (memoised === null) {
          if (scratch.length < n) scratch = new Float64Array(n * 2);
          scoreBatch(state, pod, nodes, scratch);
          for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + (scratch[i] as number) * weight;
          return null;
        }
        const idx = nodes.idx;
        for (let i = 0; i < n; i++)
          totals[i] = (totals[i] as number) + (memoised[idx[i] as number] as number) * weight;
        return null;
      },
    } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & { resources: unknown };
  },
});
