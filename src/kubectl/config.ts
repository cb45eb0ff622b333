// kubectl's timing and defaults as data (k8s.io/kubectl/pkg/drain, k8s.io/client-go/rest): the
// client's rate limits, drain's retry and poll intervals, and drain's flag defaults.

import { US_PER_S } from '../engine/time.js';
import type { DrainOptions } from '../kernel/ports/node-drains.js';

/** client-go rest DefaultQPS / DefaultBurst: kubectl sets neither. */
export const KUBECTL_CLIENT_QPS = 5;
export const KUBECTL_CLIENT_BURST = 10;
/** drain.go: a refused eviction is retried after time.Sleep(5 * time.Second). */
export const EVICTION_RETRY_US = 5 * US_PER_S;
/** waitForDelete's poll interval. */
export const DELETE_POLL_US = 1 * US_PER_S;

export const MirrorPodAnnotation = 'kubernetes.io/config.mirror';

export const DRAIN_DEFAULTS: DrainOptions = {
  ignoreDaemonsets: true,
  deleteEmptydirData: false,
  force: false,
  gracePeriodSeconds: -1,
  timeoutUs: 0,
  disableEviction: false,
  skipWaitForDeleteTimeoutSeconds: 0,
  ignoreErrors: false,
};
