// Ports between the load model's metrics pipeline (src/load/metrics-server.ts implements them) and its
// readers: the HPA controller queries the metrics APIs (metrics.k8s.io, custom.metrics.k8s.io,
// external.metrics.k8s.io) through MetricsApi, the kubelet's eviction manager reads the pods' working
// sets through PodMemoryUsage (what the kubelet's summary API would report), and load.csv reads each
// HPA's desired replicas through HpaStatusView. src/sim/assemble.ts connects them.

import type { TimeUs } from '../../engine/time.js';
import type { LabelSelector, Pod } from '../../model/types.js';

/** One pod's metric as the metrics client reports it (podautoscaler/metrics PodMetric). */
export interface PodMetric {
  readonly value: number;
  readonly timestampUs: TimeUs;
  readonly windowUs: TimeUs;
}

/** Metrics by pod name (metrics.PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** A value or the error the API answered with. */
export type Result<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

export type MetricsFetch = Result<{ metrics: PodMetricsInfo }>;

/** The metrics APIs the HPA controller queries. */
export interface MetricsApi {
  /** Pods of a workload (Kind/namespace/name) as the HPA's selector lists them. */
  podsOf(targetKey: string): readonly Pod[];
  /** metrics.k8s.io for those pods. */
  resourceMetrics(targetKey: string, resource: string, container: string): MetricsFetch;
  /** custom.metrics.k8s.io pods metrics for those pods. */
  podsMetric(targetKey: string, metricName: string): MetricsFetch;
  objectMetric(
    ref: { kind: 'Deployment' | 'ReplicaSet'; namespace: string; name: string },
    metricName: string,
  ): Result<{ value: number }>;
  externalMetric(
    namespace: string,
    metricName: string,
    selector: LabelSelector | undefined,
  ): Result<{ values: number[] }>;
}

/** The pods' working sets, as the kubelet's summary API would report them. */
export interface PodMemoryUsage {
  /** Every pod that uses memory now, with its working set in bytes. */
  forEachWorkingSet(nowUs: TimeUs, visit: (pod: Pod, bytes: number) => void): void;
  /** One pod's working set now (0 for a pod without a load entry). */
  workingSetOf(pod: Pod, nowUs: TimeUs): number;
  /** Each container's part of the pod's memory (by its request, evenly when none requests any). */
  containerShares(pod: Pod): ArrayLike<number>;
}

/** Each HPA's status.desiredReplicas by its target (Kind/namespace/name), for load.csv. */
export interface HpaStatusView {
  desiredByTarget(): ReadonlyMap<string, number>;
}
