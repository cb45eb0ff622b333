// Pod-worker events beyond start and termination (kubelet/events.ts): a container exits after the run
// time its Running stage drew, a crashed container is restarted after its CrashLoopBackOff delay, and a
// pod's spec.activeDeadlineSeconds runs out.

export type PodWorkerLifecycleEvent =
  | { readonly kind: 'PodContainersExited'; readonly pod: string; readonly uid: string }
  | { readonly kind: 'PodContainerRestarted'; readonly pod: string; readonly uid: string }
  | { readonly kind: 'PodActiveDeadline'; readonly pod: string; readonly uid: string };
