// Events of the kubelet's node agent (kubelet.ts): one reusable event object per node and loop, so a
// heartbeat allocates nothing. `idx` is the node's index (Node.idx), `node` its name for traces.

export type NodeAgentEvent =
  /** The lease controller's next step: a regular sync, a back-off GET, or a timed-out call returning. */
  | { readonly kind: 'KubeletLeaseSync'; readonly node: string; readonly idx: number }
  /** The node-status loop's next step: a regular tick, or a timed-out attempt returning. */
  | { readonly kind: 'KubeletStatusTick'; readonly node: string; readonly idx: number }
  /** fastStatusUpdateOnce's next 100 ms poll after a start-up. */
  | { readonly kind: 'KubeletFastStatus'; readonly node: string; readonly idx: number };
