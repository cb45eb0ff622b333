// Ports onto the kubelet's node agent (src/kubelet/kubelet.ts implements both; src/sim/assemble.ts
// hands them out). Faults act on machines and kubelets through NodeAgent; the node lifecycle
// controller reads leases, which idle kubelets renew lazily, after NodeLeases.flushLeases().

import type { Node } from '../../model/types.js';

/** How a kubelet's API calls fail: at once, or after the 10 s heartbeat client timeout. */
export type ApiFailureMode = 'fast-fail' | 'timeout';

/** What a fault does to a node's machine and kubelet. Each start is undone by its end. */
export interface NodeAgent {
  /** The machine stops: no lease, no status, no container work. */
  crash(node: Node): void;
  /** The machine boots again (when no other crash holds it down): the kubelet starts cold. */
  boot(node: Node): void;
  /** The kubelet's API calls start failing (partition, lease-renew-failures). */
  apiFaultStart(node: Node, mode: ApiFailureMode): void;
  apiFaultEnd(node: Node, mode: ApiFailureMode): void;
  /** The container runtime is down: the kubelet reports Ready=False. */
  runtimeDownStart(node: Node): void;
  runtimeDownEnd(node: Node): void;
}

/** Brings every lease up to now; readers of Lease objects call it before they read. */
export interface NodeLeases {
  flushLeases(): void;
}

/** Whether a node's kubelet runs and answers (metrics-server cannot scrape a node that does not). */
export interface NodeLiveness {
  isUp(nodeName: string): boolean;
}
