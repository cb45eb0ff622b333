// Node totals for timeseries.csv, kept incrementally: how many nodes are Ready / Unknown, and the cpu and
// memory requested and allocatable summed over Ready nodes. Nodes whose Ready status or charged pods
// changed are marked dirty from ClusterState's watch notifications, and a sample only re-reads those,
// so a sample of a 5000-node cluster costs nothing when nothing happened (a full pass over the nodes'
// condition Maps and resource objects was a fifth of a 5000-node heartbeat run). Integer sums, so the
// result is exactly the full pass's.

import type { ClusterState } from '../model/cluster-state.js';
import type { Node, Pod } from '../model/types.js';

const NONE = 0;
const READY = 1;
const NOT_READY = 2;
const UNKNOWN = 3;

export class NodeTotals {
  ready = 0;
  unknown = 0;
  cpuRequested = 0;
  cpuAllocatable = 0;
  memoryRequested = 0;
  memoryAllocatable = 0;

  private codes = new Uint8Array(64);
  /** What each node currently contributes to the sums (0 unless Ready). */
  private contribution: Float64Array[] = [0, 1, 2, 3].map(() => new Float64Array(64));
  private readonly nodesByIdx: (Node | undefined)[] = [];
  private readonly dirty = new Set<number>();
  /** The node each pod was last seen charged to, so a pod leaving a node marks that node too. */
  private readonly podNode = new Map<Pod, string>();

  constructor(private readonly state: ClusterState) {
    state.watch({
      nodeAdded: (node) => this.setCode(node),
      nodeUpdated: (node, change) => {
        if (change === 'conditions') this.setCode(node);
      },
      nodeDeleted: (node) => this.setCode(node),
      podUpdated: (pod) => this.podChanged(pod),
      podDeleted: (pod) => {
        this.podChanged(pod);
        this.podNode.delete(pod);
      },
    });
  }

  /** Brings the sums up to date; call before reading them. */
  refresh(): void {
    for (const i of this.dirty) this.recount(i);
    this.dirty.clear();
  }

  private setCode(node: Node): void {
    const i = node.idx;
    if (i >= this.codes.length) this.grow(i + 1);
    this.nodesByIdx[i] = node;
    const status = node.deleted ? undefined : node.conditions.get('Ready')?.status;
    const code =
      status === 'True' ? READY : status === 'False' ? NOT_READY : status === 'Unknown' ? UNKNOWN : NONE;
    const old = this.codes[i] as number;
    if (old === code) return;
    if (old === READY) this.ready--;
    if (old === UNKNOWN) this.unknown--;
    if (code === READY) this.ready++;
    if (code === UNKNOWN) this.unknown++;
    this.codes[i] = code;
    this.dirty.add(i);
  }

  private podChanged(pod: Pod): void {
    const now = pod.assumedNode ?? pod.nodeName;
    const before = this.podNode.get(pod);
    if (before !== undefined && before !== now) this.markNode(before);
    if (now !== null) {
      this.markNode(now);
      this.podNode.set(pod, now);
    } else this.podNode.delete(pod);
  }

  private markNode(name: string): void {
    const node = this.state.node(name);
    if (node !== undefined && node.idx < this.codes.length) this.dirty.add(node.idx);
  }

  private recount(i: number): void {
    const node = this.nodesByIdx[i] as Node;
    const ready = this.codes[i] === READY && !node.deleted;
    const [cpuReq, cpuAlloc, memReq, memAlloc] = this.contribution as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const next = ready
      ? [node.requested.milliCPU, node.allocatable.milliCPU, node.requested.memory, node.allocatable.memory]
      : [0, 0, 0, 0];
    this.cpuRequested += (next[0] as number) - (cpuReq[i] as number);
    this.cpuAllocatable += (next[1] as number) - (cpuAlloc[i] as number);
    this.memoryRequested += (next[2] as number) - (memReq[i] as number);
    this.memoryAllocatable += (next[3] as number) - (memAlloc[i] as number);
    cpuReq[i] = next[0] as number;
    cpuAlloc[i] = next[1] as number;
    memReq[i] = next[2] as number;
    memAlloc[i] = next[3] as number;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.codes.length * 2);
    const codes = new Uint8Array(cap);
    codes.set(this.codes);
    this.codes = codes;
    this.contribution = this.contribution.map((a) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    });
  }
}
