// The StatefulSet controller's loop (pkg/controller/statefulset stateful_set.go): informers on
// StatefulSets and pods queue the set's key (addPod/updatePod/deletePod resolve the pod's controller
// ref), --concurrent-statefulset-syncs workers sync it (sync.ts) through the controller's own client
// (--kube-api-qps/--kube-api-burst). The pod index covers only pods a StatefulSet controls.

import type { HandlersFor } from '../../kernel/handlers.js';
import type { WorkloadApi } from '../../kernel/ports/workload-api.js';
import type { Pod } from '../../model/types.js';
import { PodIndex } from '../../workloads/pod-index.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { ControllerRuntime } from '../runtime.js';
import type { StatefulSetEvent } from './events.js';
import { type StatefulSetCall, StatefulSetSync, statefulSetContext } from './sync.js';

const ownedBySet = (pod: Pod): boolean => pod.owner?.kind === 'StatefulSet';

export class StatefulSetController implements KcmController<StatefulSetEvent> {
  readonly pods = new PodIndex();
  readonly logic: StatefulSetSync;
  readonly runtime: ControllerRuntime<StatefulSetCall, 'StatefulSet', 'statefulset'>;
  readonly handlers: HandlersFor<StatefulSetEvent> = {
    StatefulSetWork: () => this.runtime.onWork(),
    StatefulSetApiCall: (ev) => this.runtime.onApiCall(ev.run, ev.index),
    StatefulSetRequeue: (ev) => this.runtime.onRequeue(ev.key),
  };

  constructor(
    private readonly sim: KcmKernel<StatefulSetEvent>,
    private readonly workloads: Pick<WorkloadApi, 'store' | 'priorityClasses'>,
  ) {
    this.logic = new StatefulSetSync(
      statefulSetContext(sim, workloads.store, this.pods, workloads.priorityClasses),
    );
    const cm = sim.config.controllerManager;
    const limits = cm.workloadApiRateLimits ? { qps: cm.kubeAPIQPS, burst: cm.kubeAPIBurst } : null;
    this.runtime = new ControllerRuntime(
      sim,
      this.logic,
      cm.concurrentStatefulsetSyncs,
      limits,
      'StatefulSet',
    );
    this.watch();
  }

  private enqueueOwner(pod: Pod): void {
    if (pod.owner !== null) this.runtime.enqueue(`${pod.namespace}/${pod.owner.name}`);
  }

  private watch(): void {
    this.sim.state.watch({
      podAdded: (pod) => {
        if (!ownedBySet(pod)) return;
        this.pods.added(pod);
        this.enqueueOwner(pod);
      },
      podUpdated: (pod, change) => {
        if (!ownedBySet(pod) || change === 'assumed' || change === 'nominated') return;
        this.pods.updated(pod);
        this.enqueueOwner(pod);
      },
      podScheduledConditionWritten: (pod) => {
        if (ownedBySet(pod)) this.enqueueOwner(pod);
      },
      podDeleted: (pod) => {
        if (!ownedBySet(pod)) return;
        this.pods.removed(pod);
        this.enqueueOwner(pod);
        if (pod.owner !== null && this.workloads.store.byUidOf(pod.owner.uid) === undefined)
          this.pods.forgetOwner(pod.owner.uid);
      },
    });
    this.workloads.store.listen((obj, change) => {
      if (obj.kind !== 'StatefulSet') return;
      this.runtime.enqueue(obj.key);
      if (change === 'deleted') this.pods.forgetOwner(obj.uid);
    });
  }

  /** The informers' initial list: every StatefulSet is added (enqueued) in creation order. */
  start(): void {
    for (const set of this.workloads.store.list('StatefulSet')) this.runtime.enqueue(set.key);
  }

  /**
   * A controller-manager restart relists: every StatefulSet is enqueued again. The work queue and
   * client carry on, as the workload controllers' do in this model (runtime.ts has no restart).
   */
  restart(): void {
    this.start();
  }
}
