// Fixtures shared by the HPA upstream-vector tests: the fake pods and metrics of
// pkg/controller/podautoscaler/replica_calculator_test.go and horizontal_test.go, rebuilt as kubesim's
// calculator inputs. Upstream's pods are "test-pod-<i>" with two containers that split (or, in
// replica_calculator_test.go, each carry) the cpu request; an unset startTime or lastTransitionTime is
// Go's zero time, long before "now"; metrics carry a one-minute window.

import type { CalcPod, PodMetricsInfo, PodPhase } from '../../src/controllers/hpa/replica-calculator.js';

export const S = 1_000_000;
export const NOW = 0;
/** Go's zero time.Time: far in the past. */
export const ZERO_TIME = -1e15;
export const MINUTE = 60 * S;

export type Start = 'zero' | 'now' | '3m';
export const startUs = (s: Start | undefined): number =>
  s === 'now' ? NOW : s === '3m' ? NOW - 3 * MINUTE : ZERO_TIME;

export interface PodFixture {
  readonly readiness?: readonly ('True' | 'False')[];
  readonly start?: readonly Start[];
  readonly phase?: readonly PodPhase[];
  readonly deleting?: readonly boolean[];
  /** The ready condition's lastTransitionTime equals startTime (horizontal_test.go) instead of zero. */
  readonly transitionAtStart?: boolean;
}

/** Pods test-pod-0..n-1, each with containers container1 and container2 and the given cpu requests. */
export function pods(requestsPerContainer: readonly number[], f: PodFixture = {}): CalcPod[] {
  return requestsPerContainer.map((req, i) => {
    const start = startUs(f.start?.[i]);
    return {
      name: `test-pod-${i}`,
      phase: f.phase?.[i] ?? 'Running',
      deleting: f.deleting?.[i] ?? false,
      ready: {
        status: f.readiness?.[i] ?? 'True',
        lastTransitionUs: f.transitionAtStart ? start : ZERO_TIME,
      },
      startTimeUs: start,
      containers: [
        { name: 'container1', requests: { cpu: req } },
        { name: 'container2', requests: { cpu: req } },
      ],
    };
  });
}

/** Pods with more entries than requests (terminal ones upstream adds beyond currentReplicas) get no request. */
export function podsWithCount(n: number, requestsPerContainer: number, f: PodFixture = {}): CalcPod[] {
  return pods(
    Array.from({ length: n }, () => requestsPerContainer),
    f,
  );
}

/**
 * The resource metrics client's view (metrics/client.go getPodMetrics / getContainerMetrics): per pod
 * the sum over containers, or the named container's usage; a pod missing the container has no metric.
 */
export function resourceMetrics(
  levels: readonly (readonly number[])[],
  container = '',
  opts: { timestampUs?: number; windowUs?: number; names?: readonly string[] } = {},
): PodMetricsInfo {
  const m: PodMetricsInfo = new Map();
  levels.forEach((perContainer, i) => {
    const name = opts.names?.[i] ?? `test-pod-${i}`;
    const value =
      container === ''
        ? perContainer.reduce((a, b) => a + b, 0)
        : perContainer[container === 'container1' ? 0 : 1];
    if (value === undefined) return;
    m.set(name, { value, timestampUs: opts.timestampUs ?? ZERO_TIME, windowUs: opts.windowUs ?? MINUTE });
  });
  return m;
}

/** makePodMetricLevels: every container of pod i reports levels[i]. */
export const levels2 = (...l: number[]): number[][] => l.map((v) => [v, v]);

/** Custom (Pods) metrics: one value per pod. */
export function podValues(values: readonly number[], timestampUs = ZERO_TIME): PodMetricsInfo {
  return new Map(values.map((v, i) => [`test-pod-${i}`, { value: v, timestampUs, windowUs: MINUTE }]));
}

export const calcParams = {
  cpuInitializationPeriodUs: 2 * MINUTE, // defaultTestingCPUInitializationPeriod
  delayOfInitialReadinessStatusUs: 10 * S, // defaultTestingDelayOfInitialReadinessStatus
  nowUs: NOW,
};

export const defaultTolerances = { scaleDown: 0.1, scaleUp: 0.1 };
