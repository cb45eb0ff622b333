// The contract of a kube-controller-manager controller (node lifecycle, taint eviction, PodGC, and
// the controllers to come): a module names the controller and creates it from its kernel slice and
// the ports it may call; the controller handles its own events, starts with the process and restarts
// with it (a failover drops everything it holds in memory). kcm-registry.ts lists the modules;
// kube-controller-manager.ts runs them in that order. docs/ARCHITECTURE.md walks through adding one.

import type { TimeUs } from '../engine/time.js';
import type { WallClock } from '../engine/wall-clock.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel, KernelEvent } from '../kernel/kernel.js';
import type { NodeLeases } from '../kernel/ports/node-agent.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import type { AdmissionConfig } from '../model/admission.js';
import type { KubeVersion } from '../model/version.js';
import type { PdbStore } from '../workloads/pdb-store.js';
import type { WorkloadStore } from '../workloads/store.js';
import type { ControllerManagerConfig } from './controller-manager-config.js';
import type { HpaControllerConfig } from './hpa/config.js';
import type { HpaInputs } from './hpa/inputs.js';

/**
 * The kernel slice of a kcm controller: its own events, the kube-controller-manager flags (the HPA's
 * resolved with its feature gates), the run's end (loops schedule nothing past it)
 * the wall clock (cron schedules) and the modelled version.
 */
export type KcmKernel<E extends KernelEvent> = Kernel<
  E,
  {
    readonly controllerManager: ControllerManagerConfig;
    readonly hpa: HpaControllerConfig;
    readonly durationUs: TimeUs;
    readonly wallClock: WallClock;
    /** Pod admission for controllers that create pods (the StatefulSet controller). */
    readonly admission: AdmissionConfig;
    readonly version: KubeVersion;
  }
>;

/** The ports a kcm controller may call. */
export interface KcmPorts {
  /** Lease readers bring idle kubelets' leases up to now first. */
  readonly leases: NodeLeases;
  /** The API's PodDisruptionBudgets (the disruption controller writes their status). */
  readonly budgets: PdbStore;
  /** The workload objects, read only (the disruption controller's finders read their scale). */
  readonly workloadObjects: Pick<WorkloadStore, 'get'>;
  /** The HPA controller's scale targets, metrics APIs and HorizontalPodAutoscalers. */
  readonly autoscaling: HpaInputs;
  /** Workload objects (the CronJob controller creates and deletes Jobs). */
  readonly workloads: WorkloadApi;
}

export interface KcmController<E extends KernelEvent> {
  /** Handlers for exactly this controller's events, bound to it. */
  readonly handlers: HandlersFor<E>;
  /** The process starts (t = 0). */
  start(): void;
  /** The process restarts: drop all in-memory state, then start afresh now. */
  restart(): void;
}

export interface KcmControllerModule<E extends KernelEvent> {
  /** The controller's name, as in kube-controller-manager --controllers. */
  readonly name: string;
  create(kernel: KcmKernel<E>, ports: KcmPorts): KcmController<E>;
}

/** The events of a list of modules. */
export type EventsOfModules<M> = M extends KcmControllerModule<infer E> ? E : never;
