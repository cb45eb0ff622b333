// The autoscaler's PredicateChecker (simulator/clustersnapshot/predicate): the scheduler profile's own
// PreFilter and Filter plugins run over the snapshot's NodeInfos, as upstream runs the scheduler
// framework over its ClusterSnapshot. NodeResourcesFit's Filter is replaced by the snapshot's
// arithmetic fitCount (the same fitsRequest rule over the snapshot's per-position used resources, which
// also count pods placed by arithmetic), so every other filter runs as the scheduler runs it.
//
// A pod is "constrained" when PreFilter leaves PodTopologySpread, InterPodAffinity or NodePorts active:
// then where earlier pods went changes its verdict, and it is checked pod by pod with its CycleState
// kept up to date through the PreFilter AddPod extension. Other pods have a verdict per node that does
// not change while a loop simulates (labels, taints, node affinity), memoised per placement class.

import type { Pod } from '../model/types.js';
import type { NodeInfo } from '../scheduler/cache.js';
import { CycleState } from '../scheduler/framework.js';
import { adjustExistingAntiAffinity } from '../scheduler/plugins/inter-pod-affinity/index.js';
import type { Framework } from '../scheduler/runtime.js';
import type { ClusterSnapshot } from './snapshot.js';

const FIT = 'NodeResourcesFit';
const ORDER_DEPENDENT = ['PodTopologySpread', 'InterPodAffinity', 'NodePorts'] as const;

export interface Prepared {
  readonly pod: Pod;
  readonly fw: Framework;
  /** null: PreFilter rejected the pod for every node. */
  readonly state: CycleState | null;
  readonly nodeNames: ReadonlySet<string> | null;
  /** Its verdict depends on other pods' placements (topology spread, pod affinity, host ports). */
  readonly constrained: boolean;
  /** Its node affinity names nodes (hostname or metadata.name): template copies may differ. */
  readonly perNode: boolean;
}

function hostnameDependent(pod: Pod): boolean {
  const s = pod.spec;
  if (s.nodeName !== undefined) return true;
  if ('kubernetes.io/hostname' in s.nodeSelector) return true;
  const terms =
    s.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.some(
    (t) =>
      (t.matchFields?.length ?? 0) > 0 ||
      (t.matchExpressions ?? []).some((e) => e.key === 'kubernetes.io/hostname'),
  );
}

export class PredicateChecker {
  constructor(
    private readonly frameworks: ReadonlyMap<string, Framework>,
    readonly snapshot: ClusterSnapshot,
    /** Extended resources NodeResourcesFit ignores (its ignoredResources / ignoredResourceGroups args). */
    readonly ignored: (name: string) => boolean = () => false,
  ) {}

  framework(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec.schedulerName);
  }

  /** RunPreFilterPlugins over the snapshot; the Filter list without NodeResourcesFit. */
  prepare(pod: Pod): Prepared | null {
    const fw = this.framework(pod);
    if (fw === undefined) return null;
    const state = new CycleState();
    const pre = fw.runPreFilter(state, pod, this.snapshot.infos);
    const perNode = hostnameDependent(pod);
    if (pre.status !== null) return { pod, fw, state: null, nodeNames: null, constrained: false, perNode };
    state.filters = state.filters.filter((f) => f.name !== FIT);
    const constrained = ORDER_DEPENDENT.some((n) => state.filters.some((f) => f.name === n));
    if (constrained) this.replayExistingAntiAffinity(state, pod);
    return { pod, fw, state, nodeNames: pre.nodeNames, constrained, perNode };
  }

  /**
   * InterPodAffinity's PreFilter takes existing pods' required anti-affinity from the scheduler cache,
   * which does not hold the snapshot's simulated moves: add (or take away) those of moved pods.
   */
  private replayExistingAntiAffinity(state: CycleState, pod: Pod): void {
    for (const m of this.snapshot.moves) {
      const terms = m.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (terms === undefined || terms.length === 0) continue;
      adjustExistingAntiAffinity(state, pod, m.pod, this.snapshot.infoOf(m.pos).node.labels, m.add ? 1 : -1);
    }
  }

  /** Every filter but NodeResourcesFit passes on the node at `pos`. */
  passesOthers(p: Prepared, pos: number): boolean {
    if (p.state === null) return false;
    const ni: NodeInfo = this.snapshot.infoOf(pos);
    if (p.nodeNames !== null && !p.nodeNames.has(ni.name)) return false;
    return p.fw.runFilter(p.state, p.pod, ni) === null;
  }

  /** CheckPredicates: the pod fits the node at `pos` now. */
  fits(p: Prepared, pos: number): boolean {
    return this.snapshot.fitCount(pos, p.pod.requests, this.ignored) >= 1 && this.passesOthers(p, pos);
  }

  /** Places a pod checked with `p` (its own or an equivalent one) and updates `p`'s state. */
  place(p: Prepared, pod: Pod, pos: number): void {
    if (p.constrained && p.state !== null) {
      this.snapshot.addPod(pos, pod);
      p.fw.runPreFilterAddPod(p.state, p.pod, pod, this.snapshot.infoOf(pos));
    } else {
      this.snapshot.charge(pos, pod.requests, 1);
    }
  }
}

/**
 * Filter verdicts (every filter but NodeResourcesFit) of unconstrained pods, per placement class and
 * snapshot position: 0 unknown, 1 pass, 2 fail. Copies of one template share a verdict unless the pod's
 * affinity names nodes. Valid while the snapshot's nodes keep their labels and taints (one loop).
 */
export class VerdictMemo {
  private readonly byClass = new Map<string, { pos: Uint8Array; group: Map<string, boolean> }>();

  constructor(private readonly checker: PredicateChecker) {}

  passes(classKey: string, p: Prepared, pos: number): boolean {
    let m = this.byClass.get(classKey);
    if (m === undefined) {
      m = { pos: new Uint8Array(Math.max(64, this.checker.snapshot.size * 2)), group: new Map() };
      this.byClass.set(classKey, m);
    }
    const meta = this.checker.snapshot.meta[pos];
    if (meta?.virtual && meta.group !== null && !p.perNode) {
      let v = m.group.get(meta.group);
      if (v === undefined) {
        v = this.checker.passesOthers(p, pos);
        m.group.set(meta.group, v);
      }
      return v;
    }
    if (pos >= m.pos.length) {
      const b = new Uint8Array(Math.max(pos + 1, m.pos.length * 2));
      b.set(m.pos);
      m.pos = b;
    }
    const cached = m.pos[pos] as number;
    if (cached !== 0) return cached === 1;
    const v = this.checker.passesOthers(p, pos);
    m.pos[pos] = v ? 1 : 2;
    return v;
  }
}
