// Events of the workload controllers' runtime (work queues and API clients, runtime.ts).

export type ControllerName =
  | 'replicaset'
  | 'deployment'
  | 'daemonset'
  | 'job'
  | 'garbagecollector'
  | 'statefulset';

export type ControllerEvent =
  /** Idle workers of a controller take keys from its work queue. */
  | { readonly kind: 'ControllerWork'; readonly controller: ControllerName }
  /** One API call of a running sync has been served (after the client's rate limiter). */
  | {
      readonly kind: 'ControllerApiCall';
      readonly controller: ControllerName;
      readonly run: number;
      readonly index: number;
    }
  /** A delayed re-queue (workqueue AddAfter / AddRateLimited) is due. */
  | { readonly kind: 'ControllerRequeue'; readonly controller: ControllerName; readonly key: string };
