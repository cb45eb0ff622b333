// Port onto the kube-controller-manager process (src/controllers/kube-controller-manager.ts): the
// fault controller-manager-restart (or a leader-election failover) restarts it.

export interface ControllerManagerProcess {
  /** Drops every controller's in-memory state and starts their loops afresh now. */
  restart(): void;
}
