// The scheduler's cache and snapshot (pkg/scheduler/backend/cache: cache.go, node_tree.go, snapshot.go):
// one NodeInfo per node over the store's incremental accounting (requested, non-zero requested, pods),
// plus what the plugins need that the store does not keep: the zone-interleaved node list, image states
// (ImageLocality), pods with (anti-)affinity (InterPodAffinity) and non-terminating pods counted by
// controller owner per node and per topology domain (PodTopologySpread's system default constraints).
// It follows ClusterState through a watcher, reconciling each pod's membership in O(1) per event, and
// mirrors the per-node numbers the filter and score loops read into a NodeTable (node-table.ts).

import type { ClusterState } from '../model/cluster-state.js';
import { addPodToNode, removePodFromNode } from '../model/node-accounting.js';
import type { Node, Pod, Resources } from '../model/types.js';
import type { VolumeStore } from '../model/volume-store.js';
import { type NamespaceLabels, namespaceLabels } from './helpers/labels.js';
import { NodeTable } from './node-table.js';

/** Controller owner uids interned to small integers (faster per-node count lookups). */
export class OwnerIds {
  private readonly ids = new Map<string, number>();
  id(uid: string): number {
    let id = this.ids.get(uid);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(uid, id);
    }
    return id;
  }
}

export class NodeInfo {
  /** Pods charged to the node (bound or assumed, not terminal). */
  pods: ReadonlySet<Pod>;
  requested: Resources;
  nonZeroRequested: { milliCPU: number; memory: number };
  /** Non-terminating pods on the node by controller owner (OwnerIds id). */
  readonly ownerCounts: Map<number, number>;

  constructor(
    readonly node: Node,
    readonly owners: OwnerIds,
    readonly isClone = false,
  ) {
    this.pods = node.pods;
    this.requested = node.requested;
    this.nonZeroRequested = node.nonZeroRequested;
    this.ownerCounts = new Map();
  }

  get name(): string {
    return this.node.name;
  }

  /** A private copy for preemption dry runs: pods and sums can then be changed without touching the store. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node, this.owners, true);
    c.pods = new Set(this.pods);
    c.requested = { ...this.requested, scalar: { ...this.requested.scalar } };
    c.nonZeroRequested = { ...this.nonZeroRequested };
    for (const [k, v] of this.ownerCounts) c.ownerCounts.set(k, v);
    return c;
  }

  /**
   * Makes this copy (a clone of a NodeInfo of the same node) equal to `src` again, reusing its Set, Map
   * and sums: RunFilterPluginsWithNominatedPods copies a node for every filter pass that adds nominated
   * pods, thousands of times per attempt in a preemption storm.
   */
  resetTo(src: NodeInfo): void {
    if (!this.isClone || src.node !== this.node) throw new Error('NodeInfo.resetTo: not a copy of src');
    const pods = this.pods as Set<Pod>;
    pods.clear();
    for (const p of src.pods) pods.add(p);
    const r = this.requested;
    const from = src.requested;
    r.milliCPU = from.milliCPU;
    r.memory = from.memory;
    r.ephemeralStorage = from.ephemeralStorage;
    r.allowedPodNumber = from.allowedPodNumber;
    for (const k in r.scalar) delete r.scalar[k];
    for (const k in from.scalar) r.scalar[k] = from.scalar[k] as number;
    this.nonZeroRequested.milliCPU = src.nonZeroRequested.milliCPU;
    this.nonZeroRequested.memory = src.nonZeroRequested.memory;
    this.ownerCounts.clear();
    for (const [k, v] of src.ownerCounts) this.ownerCounts.set(k, v);
  }

  /** Clone-only: charges a pod (NodeInfo.AddPod). */
  addPod(pod: Pod): void {
    if (!this.isClone) throw new Error('NodeInfo.addPod on a live NodeInfo');
    const fake = {
      pods: this.pods as Set<Pod>,
      requested: this.requested,
      nonZeroRequested: this.nonZeroRequested,
    };
    addPodToNode(fake as unknown as Node, pod);
    const owner = controllerUid(pod);
    if (owner !== null && pod.deletionUs === null) bump(this.ownerCounts, this.owners.id(owner), 1);
  }

  /** Clone-only: releases a pod (NodeInfo.RemovePod). */
  removePod(pod: Pod): void {
    if (!this.isClone) throw new Error('NodeInfo.removePod on a live NodeInfo');
    if (!this.pods.has(pod)) return;
    const fake = {
      pods: this.pods as Set<Pod>,
      requested: this.requested,
      nonZeroRequested: this.nonZeroRequested,
    };
    removePodFromNode(fake as unknown as Node, pod);
    const owner = controllerUid(pod);
    if (owner !== null && pod.deletionUs === null) bump(this.ownerCounts, this.owners.id(owner), -1);
  }
}

export function controllerUid(pod: Pod): string | null {
  return pod.owner?.controller ? pod.owner.uid : null;
}

export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec.affinity;
  return a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
}

export function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (
    (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
  );
}

/** The distinct image names a node lists, each with the size of the first image that carries it. */
function imageNames(node: Node): Map<string, number> {
  const out = new Map<string, number>();
  for (const img of node.images)
    for (const name of img.names) if (!out.has(name)) out.set(name, img.sizeBytes);
  return out;
}

function bump<K>(m: Map<K, number>, key: K, by: number): void {
  const v = (m.get(key) ?? 0) + by;
  if (v === 0) m.delete(key);
  else m.set(key, v);
}

/**
 * A topology key's domains as small integers, by node idx: ids[idx] is the domain of the node's label value
 * ("" when the label is missing, as a Go map read gives), present[idx] whether the label exists.
 */
export class DomainIndex {
  ids = new Int32Array(256);
  present = new Uint8Array(256);
  readonly values: string[] = [];
  private readonly byValue = new Map<string, number>();
  /** Bumped by every add (derived per-node arrays know when to rebuild). */
  version = 0;

  constructor(readonly key: string) {}

  add(node: Node): void {
    this.version++;
    if (node.idx >= this.ids.length) {
      let size = this.ids.length;
      while (size <= node.idx) size *= 2;
      const ids = new Int32Array(size);
      ids.set(this.ids);
      this.ids = ids;
      const present = new Uint8Array(size);
      present.set(this.present);
      this.present = present;
    }
    const label = node.labels[this.key];
    const value = label ?? '';
    let id = this.byValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.byValue.set(value, id);
    }
    this.ids[node.idx] = id;
    this.present[node.idx] = label === undefined ? 0 : 1;
  }
}

export interface ImageState {
  readonly sizeBytes: number;
  numNodes: number;
}

export class SchedulerCache {
  private readonly infos: (NodeInfo | undefined)[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private listCache: NodeInfo[] = [];
  private orderCache = new Int32Array(0);
  private listDirty = true;
  /** Live nodes' numbers as typed arrays by node idx (kept in step with the store by the watcher). */
  readonly table = new NodeTable();
  /** Per pod (by idx): node idx + 1 it is counted on (0 = none), and whether it counts as non-terminating. */
  private podNode = new Int32Array(1024);
  private podLive = new Uint8Array(1024);
  readonly imageStates = new Map<string, ImageState>();
  readonly owners = new OwnerIds();
  /** Pods on nodes that have pod affinity or anti-affinity terms (HavePodsWithAffinityList). */
  readonly podsWithAffinity = new Set<Pod>();
  readonly podsWithRequiredAntiAffinity = new Set<Pod>();
  /** Pods counted on nodes, by priority (preemption's "any lower-priority pod at all?"). */
  private readonly priorityCounts = new Map<number, number>();
  /** Registered keys: their domain index and, per owner id, non-terminating pods per domain id. */
  private readonly ownerDomains = new Map<
    string,
    { index: DomainIndex; byOwner: Map<number, Float64Array> }
  >();
  private readonly domainIndexes = new Map<string, DomainIndex>();
  /** Non-terminating pods per controller owner per node idx (sparse: only nodes holding them). */
  private readonly ownerNodes = new Map<number, Map<number, number>>();
  private static readonly NO_NODES: ReadonlyMap<number, number> = new Map();

  /** Node idx -> non-terminating pods of the owner, for the nodes that hold any. */
  nodesOfOwner(ownerId: number): ReadonlyMap<number, number> {
    return this.ownerNodes.get(ownerId) ?? SchedulerCache.NO_NODES;
  }

  /**
   * The owner's pod count by node idx as a dense array (0 where none), for owners spread over more than
   * DENSE_OWNER_NODES nodes: kept up to date pod by pod from the first read on, so that scoring a large
   * single owner (one Deployment of tens of thousands of replicas) reads counts instead of filling and
   * clearing a scratch array over thousands of nodes in every cycle. null for smaller owners.
   */
  ownerCountsDense(ownerId: number, size: number): Float64Array | null {
    let dense = this.ownerDense.get(ownerId);
    if (dense !== undefined && dense.length >= size) return dense;
    const nodes = this.ownerNodes.get(ownerId);
    if (nodes === undefined || nodes.size <= SchedulerCache.DENSE_OWNER_NODES) return null;
    dense = new Float64Array(size);
    for (const [idx, cnt] of nodes) dense[idx] = cnt;
    this.ownerDense.set(ownerId, dense);
    return dense;
  }

  private static readonly DENSE_OWNER_NODES = 256;
  private readonly ownerDense = new Map<number, Float64Array>();

  private readonly nsLabelCache = new Map<string, Readonly<Record<string, string>>>();
  /** A namespace's labels (Namespace object labels and kubernetes.io/metadata.name), for namespaceSelector. */
  readonly namespaceLabels: NamespaceLabels = (ns) => {
    let labels = this.nsLabelCache.get(ns);
    if (labels === undefined) {
      labels = namespaceLabels(ns, this.state.namespaceLabels);
      this.nsLabelCache.set(ns, labels);
    }
    return labels;
  };

  constructor(private readonly state: ClusterState) {
    for (const node of state.nodes) this.addNode(node);
    for (const pod of state.pods) this.reconcile(pod);
    state.watch({
      nodeAdded: (n) => this.addNode(n),
      nodeDeleted: (n) => this.deleteNode(n),
      podAdded: (p) => this.reconcile(p),
      podUpdated: (p) => this.reconcile(p),
      podDeleted: (p) => this.reconcile(p),
      nodeUpdated: (n, change) => {
        if ((change === 'taints' || change === 'spec') && this.byName.get(n.name)?.node === n)
          this.table.sync(n);
      },
    });
  }

  /** The storage objects (VolumeBinding, VolumeZone, NodeVolumeLimits and VolumeRestrictions read them). */
  get volumes(): VolumeStore {
    return this.state.volumes;
  }

  /** Live nodes in node-tree order: zones round-robin, nodes within a zone in registration order. */
  get nodes(): readonly NodeInfo[] {
    if (this.listDirty) this.rebuildList();
    return this.listCache;
  }

  /** The node idx of each entry of `nodes`, in the same order. */
  get nodeOrder(): Int32Array {
    if (this.listDirty) this.rebuildList();
    return this.orderCache;
  }

  private rebuildList(): void {
    this.listCache = zoneInterleaved(this.state.nodes.map((n) => this.infos[n.idx] as NodeInfo));
    this.orderCache = Int32Array.from(this.listCache, (ni) => ni.node.idx);
    this.listDirty = false;
  }

  /** The live NodeInfo with table row `idx`. */
  infoAt(idx: number): NodeInfo {
    return this.infos[idx] as NodeInfo;
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Registers a topology key whose per-owner domain counts PodTopologySpread reads (backfills). */
  registerOwnerDomainKey(key: string): void {
    if (this.ownerDomains.has(key)) return;
    const entry = { index: this.domainIndex(key), byOwner: new Map<number, Float64Array>() };
    this.ownerDomains.set(key, entry);
    for (const ni of this.byName.values())
      for (const [owner, count] of ni.ownerCounts) addOwnerDomain(entry, owner, ni.node.idx, count);
  }

  /** The domain index of a topology key over every node (built on first use, then kept up to date). */
  domainIndex(key: string): DomainIndex {
    let d = this.domainIndexes.get(key);
    if (d === undefined) {
      d = new DomainIndex(key);
      for (const ni of this.byName.values()) d.add(ni.node);
      this.domainIndexes.set(key, d);
    }
    return d;
  }

  /**
   * Non-terminating pods of the owner per domain of a registered key, indexed by the key's DomainIndex
   * ids (only nodes that have the label count; ids past the end hold 0), or null when it has none.
   */
  ownerDomainCounts(ownerId: number, key: string): Float64Array | null {
    return this.ownerDomains.get(key)?.byOwner.get(ownerId) ?? null;
  }

  hasOwnerDomainKey(key: string): boolean {
    return this.ownerDomains.has(key);
  }

  private addNode(node: Node): void {
    const ni = new NodeInfo(node, this.owners);
    this.infos[node.idx] = ni;
    this.byName.set(node.name, ni);
    this.listDirty = true;
    this.table.sync(node);
    for (const d of this.domainIndexes.values()) d.add(node);
    // A name counts its node once, however often the node lists it: upstream keeps a set of node names per
    // image (backend/cache/cache.go addNodeImageStates); the size is that of the first image seen with the name.
    for (const [name, sizeBytes] of imageNames(node)) {
      const s = this.imageStates.get(name);
      if (s) s.numNodes++;
      else this.imageStates.set(name, { sizeBytes, numNodes: 1 });
    }
    for (const pod of node.pods) this.reconcile(pod);
  }

  private deleteNode(node: Node): void {
    this.byName.delete(node.name);
    this.listDirty = true;
    for (const name of imageNames(node).keys()) {
      const s = this.imageStates.get(name);
      if (s && --s.numNodes <= 0) this.imageStates.delete(name);
    }
    for (const pod of [...node.pods]) this.reconcile(pod);
    this.infos[node.idx] = undefined;
    this.table.remove(node);
  }

  private reconcile(pod: Pod): void {
    this.ensurePodCapacity(pod.idx);
    const oldIdx = this.podNode[pod.idx] as number;
    const oldLive = this.podLive[pod.idx] as number;
    const name = pod.assumedNode;
    // Most events concern a pod already counted on its node: while that node is not deleted it is the
    // one byName holds for this name (names are unique among live nodes), so no map lookup.
    const counted = oldIdx !== 0 ? this.infos[oldIdx - 1] : undefined;
    const same = counted !== undefined && !counted.node.deleted && counted.node.name === name;
    let ni = name === null ? undefined : same ? counted : this.byName.get(name);
    if (ni !== undefined && !ni.node.pods.has(pod)) ni = undefined;
    const newIdx = ni !== undefined ? ni.node.idx + 1 : 0;
    const live = ni !== undefined && pod.deletionUs === null ? 1 : 0;
    if (oldIdx === newIdx && oldLive === live) return;
    // The pod joined or left a node, whose sums the store changed before notifying (they change only
    // then): copy the rows of both nodes involved.
    if (ni !== undefined) this.table.sync(ni.node);
    if (oldIdx !== 0 && oldIdx !== newIdx) {
      const old = this.infos[oldIdx - 1];
      if (old !== undefined) this.table.sync(old.node);
    }
    if (oldIdx !== 0) this.count(pod, this.infos[oldIdx - 1], oldLive === 1, -1);
    if (ni !== undefined) this.count(pod, ni, live === 1, 1);
    this.podNode[pod.idx] = newIdx;
    this.podLive[pod.idx] = live;
  }

  private count(pod: Pod, ni: NodeInfo | undefined, live: boolean, by: 1 | -1): void {
    bump(this.priorityCounts, pod.spec.priority, by);
    if (hasPodAffinity(pod)) {
      if (by > 0) this.podsWithAffinity.add(pod);
      else this.podsWithAffinity.delete(pod);
    }
    if (hasRequiredAntiAffinity(pod)) {
      if (by > 0) this.podsWithRequiredAntiAffinity.add(pod);
      else this.podsWithRequiredAntiAffinity.delete(pod);
    }
    const owner = controllerUid(pod);
    if (!live || owner === null || ni === undefined) return;
    const id = this.owners.id(owner);
    bump(ni.ownerCounts, id, by);
    let nodes = this.ownerNodes.get(id);
    if (nodes === undefined) {
      nodes = new Map();
      this.ownerNodes.set(id, nodes);
    }
    bump(nodes, ni.node.idx, by);
    const dense = this.ownerDense.get(id);
    if (dense !== undefined) {
      const idx = ni.node.idx;
      if (idx < dense.length) dense[idx] = (dense[idx] as number) + by;
      else this.ownerDense.delete(id); // the table grew: rebuilt from the map on the next read
    }
    for (const entry of this.ownerDomains.values()) addOwnerDomain(entry, id, ni.node.idx, by);
  }

  /** Whether any pod counted on a node has a priority below `priority`. */
  hasPodBelowPriority(priority: number): boolean {
    for (const p of this.priorityCounts.keys()) if (p < priority) return true;
    return false;
  }

  /** The node a pod is counted on (tests, invariants). */
  countedNode(pod: Pod): string | null {
    const idx = this.podNode[pod.idx] ?? 0;
    return idx === 0 ? null : ((this.infos[idx - 1] as NodeInfo | undefined)?.name ?? null);
  }

  private ensurePodCapacity(idx: number): void {
    if (idx < this.podNode.length) return;
    let size = this.podNode.length;
    while (size <= idx) size *= 2;
    const n = new Int32Array(size);
    n.set(this.podNode);
    this.podNode = n;
    const l = new Uint8Array(size);
    l.set(this.podLive);
    this.podLive = l;
  }
}

/** Adds `by` pods of an owner on node `idx` to the owner's count in the node's domain (if it has the label). */
function addOwnerDomain(
  entry: { index: DomainIndex; byOwner: Map<number, Float64Array> },
  owner: number,
  idx: number,
  by: number,
): void {
  const d = entry.index;
  if (d.present[idx] !== 1) return;
  const id = d.ids[idx] as number;
  let counts = entry.byOwner.get(owner);
  if (counts === undefined || counts.length <= id) {
    const grown = new Float64Array(Math.max(4, d.values.length, id + 1));
    if (counts !== undefined) grown.set(counts);
    counts = grown;
    entry.byOwner.set(owner, counts);
  }
  counts[id] = (counts[id] as number) + by;
}

/** nodeTree.list: one node from each zone in turn (zones in first-seen order) until all are listed. */
export function zoneInterleaved(nodes: readonly NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const ni of nodes) {
    let z = zones.get(ni.node.zoneKey);
    if (!z) {
      z = [];
      zones.set(ni.node.zoneKey, z);
    }
    z.push(ni);
  }
  const groups = [...zones.values()];
  const out: NodeInfo[] = [];
  for (let i = 0; out.length < nodes.length; i++) {
    for (const g of groups) if (i < g.length) out.push(g[i] as NodeInfo);
  }
  return out;
}
