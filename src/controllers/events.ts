// Events of the workload controllers' runtime (work queues and API clients, runtime.ts).

export type ControllerName =
  | 'replicaset'
  | 'deployment'
  | 'daemonset'
  | 'job'
  | 'garbagecollector'
  | 'replication';

/**
 * The events of one controller runtime, with kinds `<P>Work`, `<P>ApiCall` and `<P>Requeue`: the
 * workload controllers share the prefix Controller (their manager routes by `controller`); a kcm
 * controller with its own folder uses its own prefix, so its events are its alone.
 */
export type RuntimeEvent<P extends string, N extends string> =
  /** Idle workers of a controller take keys from its work queue. */
  | { readonly kind: `${P}Work`; readonly controller: N }
  /** One API call of a running sync has been served (after the client's rate limiter). */
  | { readonly kind: `${P}ApiCall`; readonly controller: N; readonly run: number; readonly index: number }
  /** A delayed re-queue (workqueue AddAfter / AddRateLimited) is due. */
  | { readonly kind: `${P}Requeue`; readonly controller: N; readonly key: string };

export type ControllerEvent = RuntimeEvent<'Controller', ControllerName>;
