// Events of kube-controller-manager's node-health controllers: the node lifecycle controller and the
// taint eviction controller.

export type NodeLifecycleEvent =
  /** monitorNodeHealth: one pass over all nodes, then handleDisruption (lane MonitorPass). */
  | { readonly kind: 'NodeMonitorPass' }
  /** doNoExecuteTaintingPass: one Try per zone queue (lane TaintingTick, 100 ms grid). */
  | { readonly kind: 'NoExecuteTaintingTick' }
  /** doNoScheduleTaintingPass for one node, reacting to a Node add/update. */
  | { readonly kind: 'NoScheduleTaintPass'; readonly node: string };

export type TaintEvictionEvent =
  /** A taint-eviction deletion falls due for one pod (lane EvictionTimer). */
  | { readonly kind: 'TaintEvictionTimer'; readonly pod: string; readonly uid: string }
  /** A rate-limited taint-eviction deletion gets its API requests through (apiRateLimits only). */
  | { readonly kind: 'TaintEvictionDelete'; readonly pod: string; readonly uid: string };
