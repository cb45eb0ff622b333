// kube-controller-manager's workload controllers in one place: the shared informers (pod and node
// watches on ClusterState, workload watches on the WorkloadStore) route every change to the work queue
// of the controller that owns the object, as each controller's event handlers do upstream (addPod,
// updatePod, deletePod -> enqueue the pod's controller; updateRS -> enqueue its Deployment; node
// changes -> every DaemonSet). Each controller runs in its own ControllerRuntime with its own API client.

import type { HandlersFor } from '../kernel/handlers.js';
import type { PodRestarts } from '../kernel/ports/pod-workers.js';
import type { WorkloadApi } from '../kernel/ports/workload-api.js';
import type { PriorityClass } from '../model/admission.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { OwnerReference, Pod } from '../model/types.js';
import { createWorkloadObject, updateWorkloadObject } from '../workloads/apply.js';
import type { Condition } from '../workloads/conditions.js';
import type { PodSeedInit, WorkloadSeed } from '../workloads/inputs.js';
import { type Job, ownerRefTo, type Workload, type WorkloadKind } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import { PodIndex } from '../workloads/pod-index.js';
import { type WorkloadChange, WorkloadStore } from '../workloads/store.js';
import type { ApplyManifest } from '../workloads/workload-specs.js';
import { conditionEvents, type WorkloadContext, type WorkloadKernel, workloadEvent } from './context.js';
import { DaemonSetController } from './daemonset.js';
import { DeploymentController } from './deployment.js';
import type { ControllerEvent, ControllerName } from './events.js';
import { GarbageCollector } from './garbage-collector.js';
import { JobController, ttlDueUs } from './job.js';
import { SYNC_JOB_BATCH_PERIOD_US } from './job-reconcile.js';
import { PodClaims } from './pod-claims.js';
import { ReplicaSetController } from './replicaset.js';
import { ControllerRuntime } from './runtime.js';

/** The runtime that syncs each kind (CronJobs: the kcm CronJob controller, src/controllers/cronjob). */
const CONTROLLER_OF: Readonly<Partial<Record<WorkloadKind, ControllerName>>> = {
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  DaemonSet: 'daemonset',
  Job: 'job',
  ReplicationController: 'replication',
};

/** The scenario's workload objects and PriorityClasses, created before its pods. */
export interface WorkloadInputs {
  readonly workloads: readonly WorkloadSeed[];
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
}

export class WorkloadControllers implements WorkloadContext, WorkloadApi {
  readonly store = new WorkloadStore();
  readonly pods = new PodIndex();
  readonly priorityClasses: Map<string, PriorityClass>;
  readonly replicaSets: ReplicaSetController;
  /** pkg/controller/replication: the ReplicaSet controller over ReplicationControllers. */
  readonly replicationControllers: ReplicaSetController;
  readonly deployments: DeploymentController;
  readonly daemonSets: DaemonSetController;
  readonly jobs: JobController;
  readonly gc: GarbageCollector;
  /** Orphans the ReplicaSets and ReplicationControllers may adopt (controller_ref_manager.go). */
  private readonly claims: PodClaims;
  // biome-ignore lint/suspicious/noExplicitAny: each runtime carries its own controller's action type
  private readonly runtimes: Record<ControllerName, ControllerRuntime<any>>;

  constructor(
    readonly sim: WorkloadKernel,
    private readonly inputs: WorkloadInputs,
    readonly podWorkers: PodRestarts,
  ) {
    this.priorityClasses = new Map(inputs.priorityClasses);
    this.claims = new PodClaims((c) => this.enqueueObject(c));
    this.replicaSets = new ReplicaSetController(this, 'ReplicaSet', this.claims);
    this.replicationControllers = new ReplicaSetController(this, 'ReplicationController', this.claims);
    this.deployments = new DeploymentController(this);
    this.daemonSets = new DaemonSetController(this);
    this.jobs = new JobController(this);
    this.gc = new GarbageCollector(this);
    const cm = sim.config.controllerManager;
    const limits = cm.workloadApiRateLimits ? { qps: cm.kubeAPIQPS, burst: cm.kubeAPIBurst } : null;
    this.runtimes = {
      replicaset: new ControllerRuntime(sim, this.replicaSets, cm.concurrentReplicasetSyncs, limits),
      deployment: new ControllerRuntime(sim, this.deployments, cm.concurrentDeploymentSyncs, limits),
      daemonset: new ControllerRuntime(sim, this.daemonSets, cm.concurrentDaemonsetSyncs, limits),
      job: new ControllerRuntime(sim, this.jobs, cm.concurrentJobSyncs, limits),
      garbagecollector: new ControllerRuntime(sim, this.gc, cm.concurrentGcSyncs, limits),
      replication: new ControllerRuntime(sim, this.replicationControllers, cm.concurrentRcSyncs, limits),
    };
    this.watchCluster();
    this.store.listen((obj, change) => {
      if (obj.kind === 'ReplicaSet' || obj.kind === 'ReplicationController') {
        if (change === 'added') this.claims.controllerAdded(obj);
        else if (change === 'deleted') this.claims.controllerRemoved(obj);
      }
      if (obj.kind === 'Job') this.jobChanged(obj, change);
      else this.enqueueObject(obj);
      if (obj.owner !== null) this.enqueueOwner(obj.namespace, obj.owner.kind, obj.owner.name);
      if (change === 'deleted') {
        this.runtimes.garbagecollector.enqueue(obj.uid);
        if (obj.kind === 'Job') this.jobs.forget(obj.uid);
        this.pods.forgetOwner(obj.uid);
      }
    });
  }

  runtime(name: ControllerName): ControllerRuntime<unknown> {
    return this.runtimes[name];
  }

  event(obj: Workload, reason: ReasonOf<'Workload'>, message: string): void {
    workloadEvent(this.sim, obj, reason, message);
  }

  conditionsChanged(obj: Workload, before: readonly Condition[], after: readonly Condition[]): void {
    conditionEvents(this.sim, obj, before, after);
  }

  deleteObject(obj: Workload): void {
    if (!this.store.markDeleting(obj, this.sim.nowUs)) return;
    this.store.remove(obj);
  }

  /** Creates the scenario's workload objects (before its pods, so that owned pods find their owner). */
  registerInitial(): void {
    const seeds = [...this.inputs.workloads].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
    for (const seed of seeds) this.createWorkload(seed);
  }

  /** The ownerReference of an initial pod whose controller is in the scenario. */
  ownerFor(seed: PodSeedInit): OwnerReference | null {
    // A dumped pod whose controller is not in the scenario runs bare, but it is no orphan: upstream
    // no controller adopts a pod that has a controller reference (ClaimObject).
    if (seed.manifest.metadata?.ownerReferences?.some((r) => r.controller === true))
      this.claims.neverAdopt(`${seed.namespace}/${seed.name}`);
    if (seed.owner === undefined) return null;
    const obj = this.store.get(seed.owner.kind, `${seed.namespace}/${seed.owner.name}`);
    return obj === undefined ? null : ownerRefTo(obj);
  }

  createWorkload(
    seed: Pick<WorkloadSeed, 'kind' | 'manifest' | 'namespace'> & { owner?: WorkloadSeed['owner'] },
  ): Workload {
    const owner =
      seed.owner !== undefined && seed.owner !== null
        ? (this.store.get(seed.owner.kind, `${seed.namespace}/${seed.owner.name}`) ?? null)
        : null;
    const obj = createWorkloadObject(seed, {
      uid: this.store.newUid(seed.kind),
      namespace: seed.namespace,
      createdUs: this.sim.nowUs,
      owner: owner === null ? null : ownerRefTo(owner),
    });
    this.store.add(obj);
    return obj;
  }

  /** kubectl apply of one manifest: create it, or update the spec of the object that exists. */
  apply(manifest: Exclude<ApplyManifest, { kind: 'PodDisruptionBudget' }>): void {
    const namespace =
      ('namespace' in manifest.metadata ? manifest.metadata.namespace : undefined) ?? 'default';
    const object = `${manifest.kind}/${namespace}/${manifest.metadata.name ?? ''}`;
    const row = (reason: ReasonOf<'Workload'>, detail: string) =>
      this.sim.log.emit(this.sim.nowUs, 'Workload', reason, object, '', '', detail);
    if (manifest.kind === 'PriorityClass') {
      this.priorityClasses.set(manifest.metadata.name, {
        name: manifest.metadata.name,
        value: manifest.value,
        globalDefault: manifest.globalDefault ?? false,
        preemptionPolicy: manifest.preemptionPolicy ?? 'PreemptLowerPriority',
      });
      row('Applied', 'created');
      return;
    }
    if (manifest.kind === 'Pod') {
      const res = createPodFromTemplate(
        this.sim,
        {
          namespace,
          name: manifest.metadata.name ?? '',
          owner: null,
          template: { metadata: manifest.metadata, spec: manifest.spec },
        },
        this.sim.rng.stream('operations/names'),
        this.priorityClasses,
      );
      row('error' in res ? 'OperationFailed' : 'Applied', 'error' in res ? res.error : 'created');
      return;
    }
    const existing = this.store.get(manifest.kind, `${namespace}/${manifest.metadata.name}`);
    if (existing === undefined) {
      this.createWorkload({ kind: manifest.kind, manifest, namespace } as WorkloadSeed);
      row('Applied', 'created');
      return;
    }
    const error = updateWorkloadObject(existing, manifest as WorkloadSeed['manifest']);
    if (error !== null) {
      row('OperationFailed', `apply: ${error}`);
      return;
    }
    row('Applied', 'configured');
    this.store.updated(existing, 'spec');
  }

  /** Enqueues every workload object (the controllers' initial list). */
  start(): void {
    for (const kind of ['Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'ReplicationController'] as const) {
      for (const obj of this.store.list(kind)) this.enqueueObject(obj);
    }
  }

  private enqueueObject(obj: Workload): void {
    const controller = CONTROLLER_OF[obj.kind];
    if (controller !== undefined) this.runtimes[controller].enqueue(obj.key);
  }

  private enqueueOwner(namespace: string, kind: string, name: string): void {
    const controller = CONTROLLER_OF[kind as WorkloadKind];
    if (controller !== undefined) this.runtimes[controller].enqueue(`${namespace}/${name}`);
  }

  private podChanged(pod: Pod): void {
    if (pod.owner === null) return;
    // job_controller.go addPod/updatePod/deletePod: enqueueSyncJobBatched (syncJobBatchPeriod).
    if (pod.owner.kind === 'Job') {
      this.runtimes.job.addAfter(`${pod.namespace}/${pod.owner.name}`, SYNC_JOB_BATCH_PERIOD_US);
      return;
    }
    this.enqueueOwner(pod.namespace, pod.owner.kind, pod.owner.name);
  }

  /**
   * job_controller.go addJob/updateJob/deleteJob: creation, spec changes and deletion sync at once, a
   * status update (same generation) batched by syncJobBatchPeriod. ttlafterfinished's own queue sees the
   * finished Job at once and waits out ttlSecondsAfterFinished from the terminal condition.
   */
  private jobChanged(job: Job, change: WorkloadChange): void {
    if (change === 'status' || change === 'meta')
      this.runtimes.job.addAfter(job.key, SYNC_JOB_BATCH_PERIOD_US);
    else this.enqueueObject(job);
    const dueUs = ttlDueUs(job);
    if (dueUs !== null && change !== 'deleted') this.runtimes.job.addAfter(job.key, dueUs - this.sim.nowUs);
  }

  private watchCluster(): void {
    const { state } = this.sim;
    state.watch({
      podAdded: (pod) => {
        this.pods.added(pod);
        this.claims.podAdded(pod);
        this.replicaSets.podAdded(pod);
        this.replicationControllers.podAdded(pod);
        this.daemonSets.podAdded(pod);
        this.jobs.podAdded(pod);
        this.podChanged(pod);
      },
      podUpdated: (pod, change) => {
        if (change === 'assumed' || change === 'nominated') return;
        if (change === 'owner') this.pods.reowned(pod);
        else this.pods.updated(pod);
        if (change === 'owner' || change === 'phase' || change === 'deleting') this.claims.podUpdated(pod);
        if (change === 'deleting') {
          this.replicaSets.podDeletionStarted(pod);
          this.replicationControllers.podDeletionStarted(pod);
          this.daemonSets.podDeletionStarted(pod);
          this.jobs.podDeletionStarted(pod);
        }
        if (change === 'phase' || change === 'deleting') this.jobs.observe(pod, this.sim.nowUs);
        if (change === 'ready' && pod.ready) this.daemonPodReady(pod);
        this.podChanged(pod);
      },
      podDeleted: (pod) => {
        this.pods.removed(pod);
        this.claims.podRemoved(pod);
        this.jobs.observe(pod, this.sim.nowUs);
        if (pod.deletionUs === null) {
          this.replicaSets.podDeletionStarted(pod);
          this.replicationControllers.podDeletionStarted(pod);
          this.daemonSets.podDeletionStarted(pod);
          this.jobs.podDeletionStarted(pod);
        }
        this.podChanged(pod);
        this.recreateWaitsFor(pod);
        // Claims owned by the pod (StatefulSet whenScaled: Delete) go with it.
        if (pod.spec.volumes.length > 0 && this.sim.state.volumes.claimsOwnedBy(pod.uid).length > 0)
          this.runtimes.garbagecollector.enqueue(pod.uid);
        if (pod.owner !== null && this.store.byUidOf(pod.owner.uid) === undefined)
          this.pods.forgetOwner(pod.owner.uid);
      },
      nodeAdded: () => this.enqueueAllDaemonSets(),
      nodeUpdated: (_node, change) => {
        if (change === 'taints' || change === 'spec') this.enqueueAllDaemonSets();
      },
      nodeDeleted: () => this.enqueueAllDaemonSets(),
    });
  }

  /**
   * daemon_controller.go updatePod: a daemon pod that turned Ready re-queues its DaemonSet after
   * minReadySeconds + 1 s (the second against AddAfter skew), when it may have become available.
   */
  private daemonPodReady(pod: Pod): void {
    if (pod.owner?.kind !== 'DaemonSet') return;
    const ds = this.store.get('DaemonSet', `${pod.namespace}/${pod.owner.name}`);
    if (ds === undefined || ds.minReadySeconds <= 0) return;
    this.runtimes.daemonset.addAfter(ds.key, (ds.minReadySeconds + 1) * 1_000_000);
  }

  /** deployment_controller.go deletePod: a Recreate rollout waits for the last old pod to go. */
  private recreateWaitsFor(pod: Pod): void {
    if (pod.owner?.kind !== 'ReplicaSet') return;
    const rs = this.store.get('ReplicaSet', `${pod.namespace}/${pod.owner.name}`);
    if (rs?.owner?.kind !== 'Deployment') return;
    const d = this.store.get('Deployment', `${rs.namespace}/${rs.owner.name}`);
    if (d?.strategy.type === 'Recreate') this.enqueueObject(d);
  }

  private enqueueAllDaemonSets(): void {
    if (this.store.count('DaemonSet') === 0) return;
    for (const ds of this.store.list('DaemonSet')) this.enqueueObject(ds);
  }
}

/** Owners before their dependents: Deployments and CronJobs, then ReplicaSets, then the rest. */
function kindOrder(kind: WorkloadKind): number {
  return kind === 'Deployment' || kind === 'CronJob' ? 0 : kind === 'ReplicaSet' ? 1 : 2;
}

export function controllerHandlers(controllers: WorkloadControllers): HandlersFor<ControllerEvent> {
  return {
    ControllerWork: (ev) => controllers.runtime(ev.controller).onWork(),
    ControllerApiCall: (ev) => controllers.runtime(ev.controller).onApiCall(ev.run, ev.index),
    ControllerRequeue: (ev) => controllers.runtime(ev.controller).onRequeue(ev.key),
  };
}
