// TEST-ONLY stand-in for kube-scheduler while the real scheduler is built on another branch: binds each
// pending pod, in creation order, to the first node (in registration order) that has room for its
// requests and pod slot, matches its nodeSelector / required node affinity (including DaemonSet
// matchFields), tolerates its NoSchedule/NoExecute taints and is not cordoned. It runs between
// dispatched events (never inside a store notification). Replace with the real scheduler after merge.

import type { Node, Pod } from '../../src/model/types.js';
import { TaintNodeUnschedulable } from '../../src/model/types.js';
import type { Sim } from '../../src/sim/context.js';
import { makeDispatch } from '../../src/sim/wiring.js';
import { fitsNodeAffinity, tolerates, untoleratedTaint } from '../../src/workloads/node-match.js';

export class FirstFitBinder {
  private readonly pending = new Set<Pod>();
  /** Pods that did not fit, retried only after capacity or nodes change. */
  private readonly waiting = new Set<Pod>();
  binds = 0;

  constructor(private readonly sim: Sim) {
    const retry = () => {
      for (const p of this.waiting) this.pending.add(p);
      this.waiting.clear();
    };
    sim.state.watch({
      podAdded: (pod) => {
        if (pod.nodeName === null && pod.assumedNode === null) this.pending.add(pod);
      },
      podUpdated: (pod, change) => {
        if (change === 'deleting' || change === 'bound') {
          this.pending.delete(pod);
          this.waiting.delete(pod);
        }
        if (change === 'phase' && (pod.phase === 'Succeeded' || pod.phase === 'Failed')) retry();
      },
      podDeleted: (pod) => {
        this.pending.delete(pod);
        this.waiting.delete(pod);
        retry();
      },
      nodeAdded: retry,
      nodeUpdated: retry,
    });
  }

  fits(pod: Pod, node: Node): boolean {
    if (node.deleted || node.conditions.get('Ready')?.status !== 'True') return false;
    const a = node.allocatable;
    const r = node.requested;
    if (node.pods.size + 1 > a.allowedPodNumber) return false;
    if (r.milliCPU + pod.requests.milliCPU > a.milliCPU) return false;
    if (r.memory + pod.requests.memory > a.memory) return false;
    for (const name in pod.requests.scalar) {
      if ((r.scalar[name] ?? 0) + (pod.requests.scalar[name] as number) > (a.scalar[name] ?? 0)) return false;
    }
    if (node.unschedulable) {
      const t = { key: TaintNodeUnschedulable, effect: 'NoSchedule' as const };
      if (!pod.spec.tolerations.some((tol) => tolerates(tol, t))) return false;
    }
    if (untoleratedTaint(node.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute'])) return false;
    return fitsNodeAffinity(pod.spec, node);
  }

  /** Binds whatever fits now. */
  flush(): void {
    if (this.pending.size === 0) return;
    const nodes = this.sim.state.nodes;
    for (const pod of [...this.pending]) {
      const node = nodes.find((n) => this.fits(pod, n));
      this.pending.delete(pod);
      if (node === undefined) {
        this.waiting.add(pod);
        continue;
      }
      this.sim.state.bindPod(pod, node);
      this.binds++;
    }
  }
}

/** Runs `sim` to `untilUs` with the binder acting after every event. */
export function runWithBinder(sim: Sim, untilUs: number, binder = new FirstFitBinder(sim)): FirstFitBinder {
  const inner = makeDispatch(sim);
  binder.flush();
  sim.engine.run({ untilUs, maxEvents: sim.config.maxEvents }, (e) => {
    inner(e);
    binder.flush();
  });
  return binder;
}
