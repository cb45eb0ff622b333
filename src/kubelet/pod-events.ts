// Pod-worker events beyond start and termination (kubelet/events.ts): a container exits after the run
// time its Running stage drew, and a crashed container is restarted after its CrashLoopBackOff delay.

export type PodWorkerLifecycleEvent =
  | { readonly kind: 'PodContainersExited'; readonly pod: string; readonly uid: string }
  | { readonly kind: 'PodContainerRestarted'; readonly pod: string; readonly uid: string };
