// The node lifecycle controller's informer cache, flattened: what the monitor pass reads about every
// node (Ready status and heartbeat, lease renewTime, zone, exclusion label, NoExecute taints) kept in
// typed arrays by Node.idx and refreshed from ClusterState's watch notifications. The pass then walks
// numbers instead of 5000 Maps and objects. This is cache state, not controller memory: it survives a
// kube-controller-manager restart (the informers relist the same objects).

import type { ClusterState } from '../../model/cluster-state.js';
import {
  type ConditionStatus,
  LabelExcludeDisruption,
  type Node,
  TaintNodeNotReady,
  TaintNodeUnreachable,
} from '../../model/types.js';

export const Ready = { None: 0, True: 1, False: 2, Unknown: 3 } as const;
/** Bits of `noExecute`: which node-controller NoExecute taints the node carries. */
export const NoExec = { Unreachable: 1, NotReady: 2 } as const;

const READY_CODE: Readonly<Record<ConditionStatus, number>> = { True: 1, False: 2, Unknown: 3 };
export const READY_STATUS: readonly (ConditionStatus | null)[] = [null, 'True', 'False', 'Unknown'];

export class NodeMirror {
  capacity = 0;
  nodes: (Node | undefined)[] = [];
  ready: Uint8Array = new Uint8Array(0);
  readyHeartbeatUs: Float64Array = new Float64Array(0);
  leaseUs: Float64Array = new Float64Array(0);
  zoneId: Int32Array = new Int32Array(0);
  excluded: Uint8Array = new Uint8Array(0);
  noExecute: Uint8Array = new Uint8Array(0);
  /** Live nodes' indexes in registration order. */
  live: number[] = [];
  /** Zone keys by id, in order of first appearance; ids never change. */
  readonly zoneKeys: string[] = [];
  /** The zone label of each zone id (what events.csv's zone column shows). */
  readonly zoneLabels: string[] = [];
  private readonly zoneIds = new Map<string, number>();

  constructor(private readonly state: ClusterState) {
    state.watch({
      nodeAdded: (node) => this.add(node),
      nodeDeleted: (node) => {
        const k = this.live.indexOf(node.idx);
        if (k >= 0) this.live.splice(k, 1);
      },
      leaseRenewed: (idx, renewUs) => {
        if (idx < this.capacity) this.leaseUs[idx] = renewUs;
      },
      nodeUpdated: (node, change) => {
        if (node.idx >= this.capacity) return;
        if (change === 'conditions') this.readConditions(node);
        else if (change === 'taints') this.readTaints(node);
      },
    });
  }

  private add(node: Node): void {
    const i = node.idx;
    if (i >= this.capacity) this.grow(i + 1);
    this.nodes[i] = node;
    let z = this.zoneIds.get(node.zoneKey);
    if (z === undefined) {
      z = this.zoneKeys.length;
      this.zoneKeys.push(node.zoneKey);
      this.zoneLabels.push(node.zone);
      this.zoneIds.set(node.zoneKey, z);
    }
    this.zoneId[i] = z;
    this.excluded[i] = node.labels[LabelExcludeDisruption] !== undefined ? 1 : 0;
    this.leaseUs[i] = this.state.leaseRenewUs(node) ?? -1;
    this.readConditions(node);
    this.readTaints(node);
    this.live.push(i);
  }

  private readConditions(node: Node): void {
    const c = node.conditions.get('Ready');
    this.ready[node.idx] = c === undefined ? Ready.None : (READY_CODE[c.status] as number);
    this.readyHeartbeatUs[node.idx] = c?.lastHeartbeatUs ?? 0;
  }

  private readTaints(node: Node): void {
    let bits = 0;
    for (const t of node.taints) {
      if (t.effect !== 'NoExecute') continue;
      if (t.key === TaintNodeUnreachable) bits |= NoExec.Unreachable;
      else if (t.key === TaintNodeNotReady) bits |= NoExec.NotReady;
    }
    this.noExecute[node.idx] = bits;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.capacity * 2, 64);
    const u8 = (a: Uint8Array) => copy(a, new Uint8Array(cap));
    const f64 = (a: Float64Array) => copy(a, new Float64Array(cap));
    this.ready = u8(this.ready);
    this.readyHeartbeatUs = f64(this.readyHeartbeatUs);
    this.leaseUs = f64(this.leaseUs);
    this.zoneId = copy(this.zoneId, new Int32Array(cap));
    this.excluded = u8(this.excluded);
    this.noExecute = u8(this.noExecute);
    this.capacity = cap;
  }
}

function copy<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
