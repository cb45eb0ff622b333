// PodGC's timing, as data. gcCheckPeriod and quarantineTime are constants in gc_controller.go, not
// flags; --terminated-pod-gc-threshold is a kube-controller-manager flag and stays with the others
// (spec.controllerManager.terminatedPodGCThreshold, controller-manager-config.ts).

export const POD_GC_DEFAULTS = {
  /** gcCheckPeriod: one gc() pass every 20 s from the controller's start. */
  gcCheckPeriodUs: 20_000_000,
  /** quarantineTime: a missing Node's pods are force-deleted only after 40 s. */
  quarantineUs: 40_000_000,
} as const;
