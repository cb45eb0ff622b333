// The scheduler's nominator (pkg/scheduler/backend/queue/nominator.go: nominatedPods by node name and
// nominatedPodToNode by pod, so dropping a nomination is a lookup, not a scan). On top of upstream's
// two maps it keeps, per priority, the last change to a nomination of a pod of that priority: Filter
// counts only nominated pods of priority >= the pod's (framework/runtime addGENominatedPods), so a
// failed search of a priority-p pod stays valid across nomination changes of lower-priority pods
// (failure-memo.ts).

import type { Pod } from '../model/types.js';
import type { Nominator } from './runtime.js';

export class PodNominator implements Nominator {
  private readonly nodes = new Map<string, Pod[]>();
  private readonly nodeOfPod = new Map<Pod, string>();
  /** Last change counter per priority of the pod whose nomination changed. */
  private readonly lastChange = new Map<number, number>();
  private changes = 0;

  get any(): boolean {
    return this.nodes.size > 0;
  }

  get byNode(): ReadonlyMap<string, readonly Pod[]> {
    return this.nodes;
  }

  nominatedPods(nodeName: string): readonly Pod[] {
    return this.nodes.get(nodeName) ?? [];
  }

  /** The node `pod` is nominated to, or null. */
  nodeOf(pod: Pod): string | null {
    return this.nodeOfPod.get(pod) ?? null;
  }

  /** Nominates `pod` to `nodeName` (after the pod's previous nomination, if any, is dropped). */
  add(pod: Pod, nodeName: string): void {
    this.remove(pod);
    let list = this.nodes.get(nodeName);
    if (list === undefined) {
      list = [];
      this.nodes.set(nodeName, list);
    }
    list.push(pod);
    this.nodeOfPod.set(pod, nodeName);
    this.changed(pod);
  }

  /** Drops the pod's nomination; returns the node it was nominated to, or null. */
  remove(pod: Pod): string | null {
    const was = this.nodeOfPod.get(pod);
    if (was === undefined) return null;
    this.nodeOfPod.delete(pod);
    const list = this.nodes.get(was) as Pod[];
    list.splice(list.indexOf(pod), 1);
    if (list.length === 0) this.nodes.delete(was);
    this.changed(pod);
    return was;
  }

  /** A counter that moves whenever a pod of priority >= `priority` gains or loses a nomination. */
  changesAtOrAbove(priority: number): number {
    let last = 0;
    for (const [p, c] of this.lastChange) if (p >= priority && c > last) last = c;
    return last;
  }

  private changed(pod: Pod): void {
    this.lastChange.set(pod.spec.priority, ++this.changes);
  }
}
