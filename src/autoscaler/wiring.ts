// The autoscaler's adapter to the simulation (the only file of src/autoscaler that sees `Sim`): it
// implements the AutoscalerHost port over the store, the scheduler's cache and profiles, the workload
// store and the engine, keeps the pending-pod index and the sets the loop reads up to date through a
// store watcher, and turns the loop's timers into AutoscalerTimer events. New nodes register through
// the kubelet path (Node object, then KubeletStart: lease, Ready, taints), as add-nodes does.

import {
  asTolerations,
  daemonPodSpec,
  daemonPodTolerations,
  nodeShouldRunDaemonPod,
} from '../controllers/daemonset-util.js';
import type { Rng } from '../engine/rng.js';
import { makeNode, makePod, type NodeInit } from '../model/factory.js';
import type { Node, Pod, Taint } from '../model/types.js';
import { Framework } from '../scheduler/runtime.js';
import type { Sim } from '../sim/context.js';
import type { EventKind, ReasonOf } from '../sim/event-reasons.js';
import { Lane } from '../sim/events.js';
import type { HandlersFor } from '../sim/wiring.js';
import { type DisruptionBudgets, NO_BUDGETS } from './drainability.js';
import type { AutoscalerEvent } from './events.js';
import type { AutoscalerHost, AutoscalerTimer } from './host.js';
import { ClusterAutoscaler } from './loop.js';
import { type AutoscalerSummary, autoscalerSummary, PendingEpisodes } from './outputs.js';
import { PendingPods } from './pending.js';
import type { AutoscalerSetup } from './setup.js';

/** Template pods (DaemonSet pods of node templates) get indexes far from the store's. */
let templatePodIdx = 1 << 30;

export class AutoscalerAdapter implements AutoscalerHost {
  readonly ca: ClusterAutoscaler;
  readonly pending = new PendingPods();
  readonly deletingPods = new Set<Pod>();
  readonly expendablePods = new Set<Pod>();
  readonly frameworks = new Map<string, Framework>();
  readonly expanderRng: Rng;
  readonly cloudRng: Rng;
  /** The PodDisruptionBudget port: no budgets until PodDisruptionBudgets are modelled. */
  budgets: DisruptionBudgets = NO_BUDGETS;
  readonly episodes: PendingEpisodes;
  private readonly dsPods = new Map<string, Pod>();
  private peakNodes = 0;

  summary(): AutoscalerSummary {
    return autoscalerSummary(this.ca, this.episodes, this.peakNodes);
  }

  constructor(
    private readonly sim: Sim,
    readonly setup: AutoscalerSetup,
  ) {
    for (const profile of sim.config.scheduler.profiles) {
      this.frameworks.set(
        profile.schedulerName,
        new Framework(profile, {
          cache: sim.scheduler.cache,
          minorVersion: sim.config.version.minor,
          rng: sim.rng.stream(`autoscaler/framework/${profile.schedulerName}`),
          nominator: { any: false, nominatedPods: () => [] },
        }),
      );
    }
    this.expanderRng = sim.rng.stream('autoscaler/expander');
    this.cloudRng = sim.rng.stream('autoscaler/cloud');
    this.episodes = new PendingEpisodes(sim.state);
    this.ca = new ClusterAutoscaler(this, setup.options, setup.groups);
    this.watch();
    sim.metrics.addColumns(() => this.ca.groupColumns());
  }

  private watch(): void {
    const state = this.sim.state;
    const cutoff = this.setup.options.expendablePodsPriorityCutoff;
    // A pod the scheduler has assumed on a node is counted there, not as pending (see assumedPods).
    state.onUnschedulable = (pod, on) => {
      if (on) {
        if (pod.assumedNode === null) this.pending.add(pod);
        this.episodes.unschedulable(pod);
      } else this.pending.delete(pod);
    };
    state.watch({
      nodeAdded: () => {
        this.peakNodes = Math.max(this.peakNodes, state.nodes.length);
      },
      podUpdated: (pod, change) => {
        if (change === 'assumed' && pod.unschedulable) {
          if (pod.assumedNode === null) this.pending.add(pod);
          else this.pending.delete(pod);
        }
        if (change === 'deleting') this.deletingPods.add(pod);
        else if (change === 'bound' && pod.spec.priority < cutoff) this.expendablePods.add(pod);
        if (change === 'phase' || change === 'deleting') this.episodes.podChanged();
      },
      podDeleted: (pod) => {
        this.deletingPods.delete(pod);
        this.expendablePods.delete(pod);
        this.episodes.podChanged();
      },
    });
  }

  start(): void {
    this.ca.start();
  }

  get nowUs(): number {
    return this.sim.nowUs;
  }

  get state() {
    return this.sim.state;
  }

  get cache() {
    return this.sim.scheduler.cache;
  }

  daemonSetPodsFor(node: Node): Pod[] {
    const out: Pod[] = [];
    for (const ds of this.sim.workloads.store.list('DaemonSet')) {
      if (ds.deletionUs !== null) continue;
      const spec = daemonPodSpec(ds.template.spec);
      if (
        !nodeShouldRunDaemonPod(node, spec, asTolerations(daemonPodTolerations(ds.template.spec))).shouldRun
      )
        continue;
      const key = `${ds.uid}/${ds.templateHash}`;
      let pod = this.dsPods.get(key);
      if (pod === undefined) {
        pod = makePod({
          idx: templatePodIdx++,
          namespace: ds.namespace,
          name: `${ds.name}-template`,
          labels: ds.template.metadata?.labels ?? {},
          annotations: {},
          owner: { kind: 'DaemonSet', name: ds.name, uid: ds.uid, controller: true },
          spec,
          createdUs: this.sim.nowUs,
          admission: this.sim.config.admission,
          priorityClasses: this.sim.workloads.priorityClasses,
        });
        this.dsPods.set(key, pod);
      }
      out.push(pod);
    }
    return out;
  }

  controllerReplicas(pod: Pod): number | null {
    if (pod.owner?.kind !== 'ReplicaSet') return null;
    const rs = this.sim.workloads.store.get('ReplicaSet', `${pod.namespace}/${pod.owner.name}`);
    return rs === undefined ? null : rs.replicas;
  }

  emit<K extends EventKind>(
    kind: K,
    reason: ReasonOf<K>,
    object: string,
    node: string,
    zone: string,
    detail: string,
  ): void {
    this.sim.log.emit(this.sim.nowUs, kind, reason, object, node, zone, detail);
  }

  registerNode(init: NodeInit): void {
    this.sim.state.addNode(makeNode(init));
    this.sim.engine.schedule(0, { kind: 'KubeletStart', node: init.name }, Lane.External);
  }

  removeNode(name: string): void {
    const node = this.sim.state.node(name);
    if (node !== undefined) this.sim.state.deleteNode(node);
  }

  addTaint(node: Node, taint: Taint): void {
    this.sim.state.addTaint(node, taint);
  }

  removeTaint(node: Node, key: string, effect: Taint['effect']): void {
    this.sim.state.removeTaint(node, key, effect);
  }

  setUnschedulable(node: Node, unschedulable: boolean): void {
    this.sim.state.setUnschedulable(node, unschedulable);
  }

  evict(pod: Pod, graceSeconds: number, detail: string): void {
    this.sim.state.markPodDeleting(
      pod,
      'EvictionByEvictionAPI',
      `cluster-autoscaler ${detail}`,
      graceSeconds,
    );
  }

  at(timeUs: number, timer: AutoscalerTimer): void {
    const lane = timer.type === 'register' || timer.type === 'gone' ? Lane.External : Lane.Controller;
    this.sim.engine.scheduleAt(Math.max(timeUs, this.sim.nowUs), { kind: 'AutoscalerTimer', timer }, lane);
  }

  allocateNodeIdx(): number {
    return this.sim.state.allocateNodeIdx();
  }
}

export const autoscalerHandlers: HandlersFor<AutoscalerEvent> = {
  AutoscalerTimer: (ev, sim) => sim.autoscaler?.ca.onTimer(ev.timer),
};
