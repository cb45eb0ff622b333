// kube-controller-manager flags in camelCase, with upstream defaults by version
// (node-health-timing.md §3.1 and §11): pkg/controller/nodelifecycle/config/v1alpha1/defaults.go,
// cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go, podgc defaults.

import { z } from 'zod';
import type { TimeUs } from '../engine/time.js';
import { periodUs, strictDurationUs } from '../model/fields.js';
import type { KubeVersion } from '../model/version.js';
import { hpaControllerManagerFields } from './hpa/config.js';

export const controllerManagerSchema = z.strictObject({
  nodeMonitorPeriod: periodUs(strictDurationUs(), '5s').optional(),
  nodeMonitorGracePeriod: strictDurationUs().optional(),
  nodeStartupGracePeriod: strictDurationUs().optional(),
  nodeEvictionRate: z.number().nonnegative().optional(),
  secondaryNodeEvictionRate: z.number().nonnegative().optional(),
  unhealthyZoneThreshold: z.number().min(0).max(1).optional(),
  largeClusterSizeThreshold: z.number().int().nonnegative().optional(),
  kubeAPIQPS: z.number().positive().optional(),
  kubeAPIBurst: z.number().int().positive().optional(),
  terminatedPodGCThreshold: z.number().int().nonnegative().optional(),
  /** Model the controllers' API client limits (off = ideal API, node-health-timing.md §9 M5). */
  apiRateLimits: z.boolean().optional(),
  /** Workers per workload controller (--concurrent-replicaset-syncs etc.). */
  concurrentReplicasetSyncs: z.number().int().positive().optional(),
  concurrentDeploymentSyncs: z.number().int().positive().optional(),
  concurrentDaemonsetSyncs: z.number().int().positive().optional(),
  concurrentJobSyncs: z.number().int().positive().optional(),
  concurrentGcSyncs: z.number().int().positive().optional(),
  concurrentStatefulsetSyncs: z.number().int().positive().optional(),
  /** --pvclaimbinder-sync-period: the PV controller's resync of claims and volumes. */
  pvclaimbinderSyncPeriod: periodUs(strictDurationUs(), '15s').optional(),
  /** The HPA controller's flags (hpa/config.ts). */
  ...hpaControllerManagerFields,
  /** --concurrent-rc-syncs (ReplicationControllers) and --concurrent-cron-job-syncs. */
  concurrentRcSyncs: z.number().int().positive().optional(),
  concurrentCronJobSyncs: z.number().int().positive().optional(),
});

export interface ControllerManagerConfig {
  readonly nodeMonitorPeriodUs: TimeUs;
  readonly nodeMonitorGracePeriodUs: TimeUs;
  readonly nodeStartupGracePeriodUs: TimeUs;
  readonly nodeEvictionRate: number;
  readonly secondaryNodeEvictionRate: number;
  readonly unhealthyZoneThreshold: number;
  readonly largeClusterSizeThreshold: number;
  readonly kubeAPIQPS: number;
  readonly kubeAPIBurst: number;
  readonly terminatedPodGCThreshold: number;
  readonly apiRateLimits: boolean;
  /**
   * apiRateLimits as the workload controllers read it: on unless the scenario turns it off, so creating
   * pods takes the time upstream's 20 QPS clients take (the node lifecycle path keeps its ideal default).
   */
  readonly workloadApiRateLimits: boolean;
  readonly concurrentReplicasetSyncs: number;
  readonly concurrentDeploymentSyncs: number;
  readonly concurrentDaemonsetSyncs: number;
  readonly concurrentJobSyncs: number;
  readonly concurrentGcSyncs: number;
  readonly concurrentStatefulsetSyncs: number;
  readonly pvclaimbinderSyncPeriodUs: TimeUs;
  readonly concurrentRcSyncs: number;
  readonly concurrentCronJobSyncs: number;
  /** rate_limited_queue.go NodeEvictionPeriod: the NoExecute tainting loop. */
  readonly nodeEvictionPeriodUs: TimeUs;
}

export function nodeMonitorGracePeriodDefaultUs(version: KubeVersion): TimeUs {
  // PR #126287 (CHANGELOG-1.32): 40 s -> 50 s, to exceed HTTP/2 ping timeout + read-idle timeout.
  return version.minor >= 32 ? 50_000_000 : 40_000_000;
}

export function resolveControllerManagerConfig(
  raw: z.output<typeof controllerManagerSchema>,
  version: KubeVersion,
): ControllerManagerConfig {
  return {
    nodeMonitorPeriodUs: raw.nodeMonitorPeriod ?? 5_000_000,
    nodeMonitorGracePeriodUs: raw.nodeMonitorGracePeriod ?? nodeMonitorGracePeriodDefaultUs(version),
    nodeStartupGracePeriodUs: raw.nodeStartupGracePeriod ?? 60_000_000,
    nodeEvictionRate: raw.nodeEvictionRate ?? 0.1,
    secondaryNodeEvictionRate: raw.secondaryNodeEvictionRate ?? 0.01,
    unhealthyZoneThreshold: raw.unhealthyZoneThreshold ?? 0.55,
    largeClusterSizeThreshold: raw.largeClusterSizeThreshold ?? 50,
    kubeAPIQPS: raw.kubeAPIQPS ?? 20,
    kubeAPIBurst: raw.kubeAPIBurst ?? 30,
    terminatedPodGCThreshold: raw.terminatedPodGCThreshold ?? 12_500,
    apiRateLimits: raw.apiRateLimits ?? false,
    workloadApiRateLimits: raw.apiRateLimits ?? true,
    // cmd/kube-controller-manager/app/options: replicaset 5, deployment 5, daemonset 2, job 5, gc 20.
    concurrentReplicasetSyncs: raw.concurrentReplicasetSyncs ?? 5,
    concurrentDeploymentSyncs: raw.concurrentDeploymentSyncs ?? 5,
    concurrentDaemonsetSyncs: raw.concurrentDaemonsetSyncs ?? 2,
    concurrentJobSyncs: raw.concurrentJobSyncs ?? 5,
    concurrentGcSyncs: raw.concurrentGcSyncs ?? 20,
    // --concurrent-statefulset-syncs (cmd/kube-controller-manager/app/options/statefulsetcontroller.go).
    concurrentStatefulsetSyncs: raw.concurrentStatefulsetSyncs ?? 5,
    // cmd/kube-controller-manager/app/options/persistentvolumebindercontroller.go: 15 s.
    pvclaimbinderSyncPeriodUs: raw.pvclaimbinderSyncPeriod ?? 15_000_000,
    // cmd/kube-controller-manager/app/options: replicationcontroller.go 5, cronjobcontroller.go 5.
    concurrentRcSyncs: raw.concurrentRcSyncs ?? 5,
    concurrentCronJobSyncs: raw.concurrentCronJobSyncs ?? 5,
    nodeEvictionPeriodUs: 100_000,
  };
}
