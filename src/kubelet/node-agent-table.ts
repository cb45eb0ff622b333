// Per-node state of every kubelet's node agent, kept in typed arrays indexed by Node.idx so that the
// heartbeat hot path (a lease renewal or a status tick per node every ~10 s) reads and writes numbers
// only. Grows by doubling when nodes are added. Handles are engine EventHandles, or -1 for none.

import type { Node } from '../model/types.js';
import type { NodeAgentEvent } from './node-agent-events.js';

/** Where the lease controller is (staging/.../lease/controller.go sync). */
export const LeasePhase = { Idle: 0, PutInFlight: 1, GetSleep: 2, GetInFlight: 3 } as const;
/**
 * Where the node-status loop is: waiting for its tick, inside a tick waiting on a timed-out call, or idle
 * with no tick event scheduled (its next ticks are no-ops; an event wakes it when a report falls due).
 */
export const StatusPhase = { Idle: 0, AttemptInFlight: 1, Wake: 2 } as const;
/** Ready as this kubelet last posted it. */
export const PostedReady = { None: 0, True: 1, False: 2 } as const;

type Ev<K extends NodeAgentEvent['kind']> = Extract<NodeAgentEvent, { kind: K }>;

export class NodeAgentTable {
  capacity = 0;
  nodes: (Node | undefined)[] = [];
  leaseEv: Ev<'KubeletLeaseSync'>[] = [];
  statusEv: Ev<'KubeletStatusTick'>[] = [];
  fastEv: Ev<'KubeletFastStatus'>[] = [];

  /** 1 while the kubelet process runs (machine up, started, not stopped). */
  started: Uint8Array = new Uint8Array(0);
  /** Active fault counts: machine crashed, API unreachable (any mode / timeout mode), runtime down. */
  machineDown: Int32Array = new Int32Array(0);
  apiFaults: Int32Array = new Int32Array(0);
  apiTimeoutFaults: Int32Array = new Int32Array(0);
  runtimeDown: Int32Array = new Int32Array(0);

  leasePhase: Uint8Array = new Uint8Array(0);
  leaseAttempt: Uint8Array = new Uint8Array(0);
  /** The lease controller holds the lease from its last success (latestLease != nil). */
  leaseCached: Uint8Array = new Uint8Array(0);
  leaseSleepUs: Float64Array = new Float64Array(0);
  /**
   * The lease loop is in steady state with no event scheduled: every sync succeeds at once, so its
   * renewals are replayed when someone reads the lease (flushLeases) or a fault interrupts it.
   */
  leaseIdle: Uint8Array = new Uint8Array(0);
  /** Time of the next regular sync. */
  leaseNextUs: Float64Array = new Float64Array(0);
  /** The sync in progress is the start-up sync (with jitter off, the next one is put on the M1 grid). */
  leaseStartup: Uint8Array = new Uint8Array(0);
  leaseHandle: Float64Array = new Float64Array(0);

  statusPhase: Uint8Array = new Uint8Array(0);
  statusAttempt: Uint8Array = new Uint8Array(0);
  statusHandle: Float64Array = new Float64Array(0);
  /** The next regular status tick; while the loop idles (Wake), ticks before it were no-ops. */
  statusNextUs: Float64Array = new Float64Array(0);
  postedSinceStart: Uint8Array = new Uint8Array(0);
  lastPostUs: Float64Array = new Float64Array(0);
  reportDelayUs: Float64Array = new Float64Array(0);
  postedReady: Uint8Array = new Uint8Array(0);
  /** Someone else (the node lifecycle controller) wrote this node's conditions since our last post. */
  apiStatusDirty: Uint8Array = new Uint8Array(0);
  /** Running pods of this node were marked NotReady by someone else; the status manager restores them. */
  podsNeedReady: Uint8Array = new Uint8Array(0);
  /** 1 while the eviction manager reports MemoryPressure (eviction-manager.ts), and as last posted. */
  memoryPressure: Uint8Array = new Uint8Array(0);
  postedMemoryPressure: Uint8Array = new Uint8Array(0);

  fastHandle: Float64Array = new Float64Array(0);
  fastStartUs: Float64Array = new Float64Array(0);

  /** Makes room for index `idx` and binds it to `node`; returns idx. */
  bind(node: Node): number {
    const idx = node.idx;
    if (idx >= this.capacity) this.grow(Math.max(idx + 1, this.capacity * 2, 64));
    if (this.nodes[idx] !== node) {
      this.nodes[idx] = node;
      this.leaseEv[idx] = { kind: 'KubeletLeaseSync', node: node.name, idx };
      this.statusEv[idx] = { kind: 'KubeletStatusTick', node: node.name, idx };
      this.fastEv[idx] = { kind: 'KubeletFastStatus', node: node.name, idx };
      this.leaseHandle[idx] = -1;
      this.statusHandle[idx] = -1;
      this.fastHandle[idx] = -1;
    }
    return idx;
  }

  private grow(cap: number): void {
    const u8 = (a: Uint8Array) => copy(a, new Uint8Array(cap));
    const i32 = (a: Int32Array) => copy(a, new Int32Array(cap));
    const f64 = (a: Float64Array) => copy(a, new Float64Array(cap));
    this.started = u8(this.started);
    this.machineDown = i32(this.machineDown);
    this.apiFaults = i32(this.apiFaults);
    this.apiTimeoutFaults = i32(this.apiTimeoutFaults);
    this.runtimeDown = i32(this.runtimeDown);
    this.leasePhase = u8(this.leasePhase);
    this.leaseAttempt = u8(this.leaseAttempt);
    this.leaseCached = u8(this.leaseCached);
    this.leaseSleepUs = f64(this.leaseSleepUs);
    this.leaseStartup = u8(this.leaseStartup);
    this.leaseIdle = u8(this.leaseIdle);
    this.leaseNextUs = f64(this.leaseNextUs);
    this.leaseHandle = f64(this.leaseHandle);
    this.statusPhase = u8(this.statusPhase);
    this.statusAttempt = u8(this.statusAttempt);
    this.statusHandle = f64(this.statusHandle);
    this.statusNextUs = f64(this.statusNextUs);
    this.postedSinceStart = u8(this.postedSinceStart);
    this.lastPostUs = f64(this.lastPostUs);
    this.reportDelayUs = f64(this.reportDelayUs);
    this.postedReady = u8(this.postedReady);
    this.apiStatusDirty = u8(this.apiStatusDirty);
    this.podsNeedReady = u8(this.podsNeedReady);
    this.memoryPressure = u8(this.memoryPressure);
    this.postedMemoryPressure = u8(this.postedMemoryPressure);
    this.fastHandle = f64(this.fastHandle);
    this.fastStartUs = f64(this.fastStartUs);
    this.capacity = cap;
  }
}

function copy<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
