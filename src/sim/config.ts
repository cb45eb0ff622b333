// The resolved configuration of one run: every default applied, every duration in microseconds.
// Built once from the scenario (scenario/build.ts); components read their slice of it through their
// kernel and never the raw scenario. Each component's section is resolved by the resolver that lives
// with the component (its schema and defaults); resolveComponentConfig collects them, so the scenario
// builder reaches component configuration through this one registry.

import type { z } from 'zod';
import {
  type ControllerManagerConfig,
  type controllerManagerSchema,
  resolveControllerManagerConfig,
} from '../controllers/controller-manager-config.js';
import { type HpaControllerConfig, resolveHpaControllerConfig } from '../controllers/hpa/config.js';
import type { TimeUs } from '../engine/time.js';
import type { WallClock } from '../engine/wall-clock.js';
import { type KubeletConfig, type kubeletSchema, resolveKubeletConfig } from '../kubelet/config.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { KubeVersion } from '../model/version.js';
import type { SchedulerSpec } from '../scheduler/config.js';
import { resolveSchedulerConfig, type SchedulerSettings } from '../scheduler/profile.js';

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
  /** Virtual t = 0 on the wall clock (spec.startTime): cron schedules are read against it. */
  readonly wallClock: WallClock;
}

export const DEFAULT_MAX_EVENTS = 200_000_000;
export const DEFAULT_METRICS_INTERVAL_US = 10_000_000;

/** The components' sections of spec, as the scenario schema parsed them. */
export interface ComponentSections {
  readonly kubelet?: z.output<typeof kubeletSchema> | undefined;
  readonly controllerManager?: z.output<typeof controllerManagerSchema> | undefined;
  readonly scheduler?: SchedulerSpec | undefined;
  readonly apiServer?:
    | { readonly featureGates?: { readonly HPAConfigurableTolerance?: boolean | undefined } | undefined }
    | undefined;
}

/** Each component's section with its defaults for this Kubernetes version (in this order). */
export function resolveComponentConfig(
  spec: ComponentSections,
  version: KubeVersion,
  admission: Pick<AdmissionConfig, 'podLevelResources'>,
): Pick<SimConfig, 'kubelet' | 'controllerManager' | 'scheduler' | 'hpa'> {
  const kubelet = resolveKubeletConfig(spec.kubelet ?? {}, version);
  const controllerManager = resolveControllerManagerConfig(spec.controllerManager ?? {}, version);
  const scheduler = resolveSchedulerConfig(spec.scheduler, version.minor);
  const hpa = resolveHpaControllerConfig(spec.controllerManager ?? {}, version.minor, {
    HPAConfigurableTolerance: spec.apiServer?.featureGates?.HPAConfigurableTolerance,
    podLevelResources: admission.podLevelResources,
  });
  return { kubelet, controllerManager, scheduler, hpa };
}
