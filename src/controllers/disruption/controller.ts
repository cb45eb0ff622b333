// The disruption controller as kube-controller-manager runs it (docs/disruption.md §3): informers on
// pods and budgets feed one work queue served by one worker, through the controller's own API client
// (--kube-api-qps / --kube-api-burst, like the workload controllers). The decision and its writes are
// DisruptionLogic's; Events become events.csv rows (Workload rows on budgets, Pod rows on pods).
// It reads two stores besides the cluster's: the PodDisruptionBudgets and the workload objects (the
// finders' scale), both handed in by the composition root through KcmPorts.

import type { HandlersFor } from '../../kernel/handlers.js';
import type { Pod } from '../../model/types.js';
import type { Workload } from '../../workloads/objects.js';
import type { PodDisruptionBudget } from '../../workloads/pdb.js';
import type { PdbStore } from '../../workloads/pdb-store.js';
import type { WorkloadStore } from '../../workloads/store.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { ControllerRuntime } from '../runtime.js';
import type { DisruptionEvent } from './events.js';
import { DisruptionLogic, PdbPods } from './logic.js';
import { apiVersionOf, type ControllerLister, type ControllerObject, type PdbEvent } from './status.js';

/**
 * The workload listers the finders read (ReplicationControllers, Deployments, ReplicaSets: their
 * spec.replicas; DaemonSets and Jobs have no /scale).
 */
export function workloadLister(get: (kind: string, key: string) => Workload | undefined): ControllerLister {
  return {
    get(kind, namespace, name): ControllerObject | undefined {
      const obj = get(kind, `${namespace}/${name}`);
      if (obj === undefined) return undefined;
      const scaled =
        obj.kind === 'Deployment' ||
        obj.kind === 'ReplicaSet' ||
        obj.kind === 'ReplicationController' ||
        obj.kind === 'StatefulSet';
      const replicas = scaled ? obj.replicas : 0;
      const o = obj.owner?.controller ? obj.owner : null;
      return {
        uid: obj.uid,
        replicas,
        controllerRef: o && { apiVersion: apiVersionOf(o.kind), kind: o.kind, name: o.name, uid: o.uid },
      };
    },
  };
}

type Action = Parameters<DisruptionLogic['apply']>[0];

export class DisruptionController implements KcmController<DisruptionEvent> {
  readonly pods: PdbPods;
  readonly logic: DisruptionLogic;
  readonly runtime: ControllerRuntime<Action, 'Disruption', 'disruption'>;
  readonly handlers: HandlersFor<DisruptionEvent> = {
    DisruptionWork: () => this.runtime.onWork(),
    DisruptionApiCall: (ev) => this.runtime.onApiCall(ev.run, ev.index),
    DisruptionRequeue: (ev) => this.runtime.onRequeue(ev.key),
  };

  constructor(
    private readonly sim: KcmKernel<DisruptionEvent>,
    private readonly budgets: PdbStore,
    workloads: Pick<WorkloadStore, 'get'>,
  ) {
    this.pods = new PdbPods(sim.state, budgets);
    const kinds = (kind: string, key: string) =>
      kind === 'Deployment' ||
      kind === 'ReplicaSet' ||
      kind === 'ReplicationController' ||
      kind === 'DaemonSet' ||
      kind === 'Job' ||
      kind === 'StatefulSet'
        ? workloads.get(kind, key)
        : undefined;
    this.logic = new DisruptionLogic(budgets, this.pods, workloadLister(kinds), this.sink(), (key, delayUs) =>
      this.runtime.addAfter(key, delayUs),
    );
    const cm = sim.config.controllerManager;
    const limits = cm.workloadApiRateLimits ? { qps: cm.kubeAPIQPS, burst: cm.kubeAPIBurst } : null;
    this.runtime = new ControllerRuntime(sim, this.logic, 1, limits, 'Disruption');
    this.watch();
  }

  private sink() {
    const { sim } = this;
    return {
      onPdb: (pdb: PodDisruptionBudget, e: PdbEvent) =>
        sim.log.emit(
          sim.nowUs,
          'Workload',
          e.reason as 'NoPods',
          `PodDisruptionBudget/${pdb.key}`,
          '',
          '',
          e.message,
        ),
      onPod: (pod: Pod, e: PdbEvent) => {
        const node = pod.nodeName === null ? undefined : sim.state.node(pod.nodeName);
        sim.log.emit(
          sim.nowUs,
          'Pod',
          e.reason as 'NotDeleted',
          pod.key,
          pod.nodeName ?? '',
          node?.zone ?? '',
          e.message,
        );
      },
    };
  }

  private watch(): void {
    const enqueuePod = (pod: Pod) => {
      const pdb = this.logic.pdbForPod(pod);
      if (pdb !== null) this.runtime.enqueue(pdb.key);
    };
    this.sim.state.watch({
      podAdded: (pod) => {
        this.pods.podAdded(pod);
        enqueuePod(pod);
      },
      podUpdated: (pod, change) => {
        if (change !== 'assumed') enqueuePod(pod);
      },
      podDeleted: (pod) => {
        this.pods.podDeleted(pod);
        enqueuePod(pod);
      },
    });
    this.budgets.listen((pdb, change) => {
      if (change === 'added' || change === 'spec') this.pods.rebuild(pdb);
      if (change === 'deleted') this.pods.forget(pdb);
      this.runtime.enqueue(pdb.key);
    });
  }

  /** The informers' initial list: every budget is added (enqueued) in creation order. */
  start(): void {
    for (const pdb of this.budgets.all()) this.runtime.enqueue(pdb.key);
  }

  /**
   * A controller-manager restart relists: every budget is enqueued again. The work queue and client
   * carry on, as the workload controllers' do in this model (runtime.ts has no restart).
   */
  restart(): void {
    this.start();
  }
}
