// Kubelet events: the node agent (kubelet.ts: registration, lease, status) and the pod workers
// (pods.ts: container start, run, termination).

import type { EvictionEvent } from './eviction-manager.js';

export type KubeletEvent =
  | EvictionEvent
  /** A node's kubelet starts: registers the Node (if new) and posts its first status. */
  | { readonly kind: 'KubeletStart'; readonly node: string }
  /** The kubelet has finished starting a pod's containers. */
  | { readonly kind: 'PodContainersStarted'; readonly pod: string; readonly uid: string }
  /** The kubelet has stopped a deleted pod's containers and confirms the deletion to the API. */
  | { readonly kind: 'PodTerminated'; readonly pod: string; readonly uid: string };
