// The resolved configuration of one run: every default applied, every duration in microseconds.
// Built once from the scenario (scenario/build.ts); components read it and never the raw scenario.

import type { ControllerManagerConfig } from '../controllers/controller-manager-config.js';
import type { TimeUs } from '../engine/time.js';
import type { HpaControllerConfig } from '../hpa/config.js';
import type { KubeletConfig } from '../kubelet/config.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { SchedulerSettings } from '../scheduler/profile.js';
import type { KubeVersion } from './version.js';

export interface SimConfig {
  readonly scenarioName: string;
  readonly seed: number;
  readonly durationUs: TimeUs;
  readonly maxEvents: number;
  readonly version: KubeVersion;
  readonly kubelet: KubeletConfig;
  readonly controllerManager: ControllerManagerConfig;
  readonly admission: AdmissionConfig;
  readonly metricsIntervalUs: TimeUs;
  readonly scheduler: SchedulerSettings;
  /** The HPA controller's flags (spec.controllerManager.horizontalPodAutoscaler*). */
  readonly hpa: HpaControllerConfig;
  /** metrics-server --metric-resolution (spec.metricsServer.metricResolution). */
  readonly metricResolutionUs: TimeUs;
}

export const DEFAULT_MAX_EVENTS = 200_000_000;
export const DEFAULT_METRICS_INTERVAL_US = 10_000_000;
