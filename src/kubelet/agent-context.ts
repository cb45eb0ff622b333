// What the node agent's two loops (lease-loop.ts, status-loop.ts) need from it: the per-node table,
// the clock and calendar of their events, the store, the kubelet configuration, and the few operations
// the agent shares between them. Kubelet (kubelet.ts) implements it.

import type { TimeUs } from '../engine/time.js';
import type { EventCalendar } from '../kernel/kernel.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { HeartbeatReason, ReasonOf } from '../model/event-reasons.js';
import type { ConditionStatus } from '../model/types.js';
import type { KubeletConfig } from './config.js';
import type { NodeAgentEvent } from './node-agent-events.js';
import type { NodeAgentTable } from './node-agent-table.js';

/** What the two loops need from the agent: state, clock, config, and the few shared operations. */
export interface AgentContext {
  readonly table: NodeAgentTable;
  readonly engine: EventCalendar<NodeAgentEvent>;
  readonly state: ClusterState;
  readonly config: KubeletConfig;
  /** -1 if an API call made now succeeds; otherwise after how long it fails (0 = at once). */
  failAfterUs(i: number): TimeUs;
  /** Writes the node's lease renewTime: now, or `atUs` for a replayed renewal. */
  renewLease(i: number, atUs?: TimeUs): void;
  apiReadyStatus(i: number): ConditionStatus | null;
  beginOwnWrite(): void;
  endOwnWrite(): void;
  restorePodsReady(i: number): void;
  heartbeatRow(i: number, reason: HeartbeatReason, detail: string): void;
  /** An events.csv Node row for the node. */
  nodeRow(i: number, reason: ReasonOf<'Node'>, detail: string): void;
}
