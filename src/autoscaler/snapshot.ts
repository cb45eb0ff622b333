// The autoscaler's ClusterSnapshot (simulator/clustersnapshot): the cluster's nodes as the scheduler
// cache holds them, plus nodes that exist only in simulation (upcoming nodes, the estimator's template
// copies), with pods placed and removed on them during a loop and undone with Fork/Revert.
//
// Resources are kept as flat arrays per snapshot position (allocatable and used cpu, memory, ephemeral
// storage, pod slots, extended resources), so a whole equivalence class of identical pods can be placed
// by arithmetic without creating a NodeInfo entry per pod: the fit of k identical pods is the fit of
// NodeResourcesFit's fitsRequest for each of them (plugins/noderesources/fit.go), which is linear in k.
// Pods whose placement other pods' filters can see (topology spread, pod (anti-)affinity, host ports)
// are also added to a private copy of the node's NodeInfo, as the real snapshot would hold them.

import type { Node, Pod, Resources } from '../model/types.js';
import { NodeInfo, type OwnerIds } from '../scheduler/cache.js';

/** What was done, for Revert. */
type Op =
  | { readonly kind: 'res'; readonly pos: number; readonly req: Resources; readonly count: number }
  | { readonly kind: 'pod'; readonly pos: number; readonly pod: Pod; readonly add: boolean }
  | { readonly kind: 'node' };

/** A pod added to or removed from a NodeInfo in simulation, in order (InterPodAffinity replay). */
export interface PodMove {
  readonly pod: Pod;
  readonly pos: number;
  readonly add: boolean;
}

export interface SnapshotNodeMeta {
  /** Node group id, or null for nodes no autoscaled group owns. */
  readonly group: string | null;
  /** Only in simulation (upcoming node, estimator copy). */
  readonly virtual: boolean;
}

const NONE = (_name: string): boolean => false;

function grow(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2, 64));
  b.set(a);
  return b;
}

export class ClusterSnapshot {
  readonly infos: NodeInfo[] = [];
  readonly meta: SnapshotNodeMeta[] = [];
  private owned: boolean[] = [];
  allocCpu = new Float64Array(64);
  allocMem = new Float64Array(64);
  allocEph = new Float64Array(64);
  allocPods = new Float64Array(64);
  usedCpu = new Float64Array(64);
  usedMem = new Float64Array(64);
  usedEph = new Float64Array(64);
  usedPods = new Float64Array(64);
  /** Extended resources by name: allocatable and used per position (created on first use). */
  private readonly scalars = new Map<
    string,
    { alloc: Float64Array<ArrayBuffer>; used: Float64Array<ArrayBuffer> }
  >();
  private readonly byName = new Map<string, number>();
  private readonly log: Op[] = [];
  private readonly forks: number[] = [];
  /** NodeInfo pod moves made in simulation (the InterPodAffinity replay log). */
  readonly moves: PodMove[] = [];
  private readonly moveForks: number[] = [];
  /** Bumped by every change that can alter a filter verdict (pods on NodeInfos, new nodes). */
  version = 0;

  constructor(readonly owners: OwnerIds) {}

  get size(): number {
    return this.infos.length;
  }

  position(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** Adds a node as it is (live NodeInfo, not copied until a pod is placed on it). */
  addNode(ni: NodeInfo, meta: SnapshotNodeMeta, owned = false): number {
    const pos = this.infos.length;
    this.infos.push(ni);
    this.meta.push(meta);
    this.owned.push(owned);
    this.byName.set(ni.name, pos);
    this.ensure(pos + 1);
    const a = ni.node.allocatable;
    const r = ni.requested;
    this.allocCpu[pos] = a.milliCPU;
    this.allocMem[pos] = a.memory;
    this.allocEph[pos] = a.ephemeralStorage;
    this.allocPods[pos] = a.allowedPodNumber;
    this.usedCpu[pos] = r.milliCPU;
    this.usedMem[pos] = r.memory;
    this.usedEph[pos] = r.ephemeralStorage;
    this.usedPods[pos] = ni.pods.size;
    for (const [name, s] of this.scalars) {
      s.alloc[pos] = a.scalar[name] ?? 0;
      s.used[pos] = r.scalar[name] ?? 0;
    }
    if (this.forks.length > 0) this.log.push({ kind: 'node' });
    this.version++;
    return pos;
  }

  /** A node that exists only in simulation, built from a template Node and its pods (DaemonSet pods). */
  addVirtualNode(node: Node, templatePods: readonly Pod[], group: string | null): number {
    const ni = new NodeInfo(node, this.owners, true);
    for (const p of templatePods) ni.addPod(p);
    return this.addNode(ni, { group, virtual: true }, true);
  }

  private ensure(n: number): void {
    if (n <= this.allocCpu.length) return;
    this.allocCpu = grow(this.allocCpu, n);
    this.allocMem = grow(this.allocMem, n);
    this.allocEph = grow(this.allocEph, n);
    this.allocPods = grow(this.allocPods, n);
    this.usedCpu = grow(this.usedCpu, n);
    this.usedMem = grow(this.usedMem, n);
    this.usedEph = grow(this.usedEph, n);
    this.usedPods = grow(this.usedPods, n);
    for (const s of this.scalars.values()) {
      s.alloc = grow(s.alloc, n);
      s.used = grow(s.used, n);
    }
  }

  /** Per-position arrays of an extended resource (filled from the NodeInfos the first time). */
  scalar(name: string): { alloc: Float64Array<ArrayBuffer>; used: Float64Array<ArrayBuffer> } {
    let s = this.scalars.get(name);
    if (s === undefined) {
      const n = Math.max(this.allocCpu.length, 64);
      s = { alloc: new Float64Array(n), used: new Float64Array(n) };
      for (let i = 0; i < this.infos.length; i++) {
        const ni = this.infos[i] as NodeInfo;
        s.alloc[i] = ni.node.allocatable.scalar[name] ?? 0;
        s.used[i] = ni.requested.scalar[name] ?? 0;
      }
      // Simulated arithmetic placements on extended resources are replayed from the log.
      for (const op of this.log) {
        if (op.kind === 'res')
          s.used[op.pos] = (s.used[op.pos] as number) + (op.req.scalar[name] ?? 0) * op.count;
      }
      this.scalars.set(name, s);
    }
    return s;
  }

  /** Charges `count` pods of request `req` to a position (arithmetic placement). */
  charge(pos: number, req: Resources, count: number): void {
    this.applyCharge(pos, req, count);
    if (this.forks.length > 0) this.log.push({ kind: 'res', pos, req, count });
  }

  private applyCharge(pos: number, req: Resources, count: number): void {
    this.usedCpu[pos] = (this.usedCpu[pos] as number) + req.milliCPU * count;
    this.usedMem[pos] = (this.usedMem[pos] as number) + req.memory * count;
    this.usedEph[pos] = (this.usedEph[pos] as number) + req.ephemeralStorage * count;
    this.usedPods[pos] = (this.usedPods[pos] as number) + count;
    for (const name in req.scalar) {
      const s = this.scalars.get(name);
      if (s !== undefined) s.used[pos] = (s.used[pos] as number) + (req.scalar[name] as number) * count;
    }
  }

  /** The node's NodeInfo, copied on first write so the store is never touched. */
  private writable(pos: number): NodeInfo {
    if (this.owned[pos]) return this.infos[pos] as NodeInfo;
    const c = (this.infos[pos] as NodeInfo).clone();
    this.infos[pos] = c;
    this.owned[pos] = true;
    return c;
  }

  /** Places a pod on a node as a NodeInfo entry (its filters can see it) and charges it. */
  addPod(pos: number, pod: Pod): void {
    this.writable(pos).addPod(pod);
    this.applyCharge(pos, pod.requests, 1);
    this.moves.push({ pod, pos, add: true });
    this.version++;
    if (this.forks.length > 0) this.log.push({ kind: 'pod', pos, pod, add: true });
  }

  /** Removes a pod from a node (scale-down simulation) and releases its resources. */
  removePod(pos: number, pod: Pod): void {
    const ni = this.writable(pos);
    if (!ni.pods.has(pod)) return;
    ni.removePod(pod);
    this.applyCharge(pos, pod.requests, -1);
    this.moves.push({ pod, pos, add: false });
    this.version++;
    if (this.forks.length > 0) this.log.push({ kind: 'pod', pos, pod, add: false });
  }

  fork(): void {
    this.forks.push(this.log.length);
    this.moveForks.push(this.moves.length);
  }

  /** Undoes everything since the matching fork(). */
  revert(): void {
    const mark = this.forks.pop();
    const moveMark = this.moveForks.pop();
    if (mark === undefined || moveMark === undefined) throw new Error('revert without fork');
    while (this.log.length > mark) {
      const op = this.log.pop() as Op;
      if (op.kind === 'res') this.applyCharge(op.pos, op.req, -op.count);
      else if (op.kind === 'pod') {
        const ni = this.infos[op.pos] as NodeInfo;
        if (op.add) ni.removePod(op.pod);
        else ni.addPod(op.pod);
        this.applyCharge(op.pos, op.pod.requests, op.add ? -1 : 1);
      } else {
        const ni = this.infos.pop() as NodeInfo;
        this.meta.pop();
        this.owned.pop();
        this.byName.delete(ni.name);
      }
    }
    this.moves.length = moveMark;
    this.version++;
  }

  /** Keeps what was done since the matching fork() (RemovalSimulator with canPersist). */
  commit(): void {
    const mark = this.forks.pop();
    this.moveForks.pop();
    if (mark === undefined) throw new Error('commit without fork');
    if (this.forks.length === 0) this.log.length = mark;
  }

  /** Number of pods with requests `req` the position can still take by NodeResourcesFit's fitsRequest. */
  fitCount(pos: number, req: Resources, ignored: (name: string) => boolean = NONE): number {
    let k = (this.allocPods[pos] as number) - (this.usedPods[pos] as number);
    if (k <= 0) return 0;
    if (req.milliCPU > 0)
      k = Math.min(
        k,
        Math.floor(((this.allocCpu[pos] as number) - (this.usedCpu[pos] as number)) / req.milliCPU),
      );
    if (req.memory > 0)
      k = Math.min(
        k,
        Math.floor(((this.allocMem[pos] as number) - (this.usedMem[pos] as number)) / req.memory),
      );
    if (req.ephemeralStorage > 0)
      k = Math.min(
        k,
        Math.floor(((this.allocEph[pos] as number) - (this.usedEph[pos] as number)) / req.ephemeralStorage),
      );
    for (const name in req.scalar) {
      const q = req.scalar[name] as number;
      if (q === 0 || ignored(name)) continue;
      const s = this.scalar(name);
      k = Math.min(k, Math.floor(((s.alloc[pos] as number) - (s.used[pos] as number)) / q));
    }
    return k > 0 ? k : 0;
  }

  infoOf(pos: number): NodeInfo {
    return this.infos[pos] as NodeInfo;
  }
}
