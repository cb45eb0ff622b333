// PodGC (pkg/controller/podgc/gc_controller.go), node-health-timing.md §6: every gcCheckPeriod (20 s)
// - gcTerminated: beyond --terminated-pod-gc-threshold terminated pods, delete the oldest;
// - gcTerminating: force-delete terminating pods on a not-Ready node tainted node.kubernetes.io/out-of-service;
// - gcOrphaned: a pod bound to a missing Node puts that node in quarantine for 40 s; at the first pass
//   after it, if the node is still missing, its pods are marked Failed and force-deleted (so 40-60 s
//   after the Node was deleted).
// Unscheduled terminating pods never linger here: the API removes them at once (kubelet/pods.ts).
// Force deletion = phase Failed (unless terminal) then removal with grace period 0.

import type { TimeUs } from '../../engine/time.js';
import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import type { ClusterState } from '../../model/cluster-state.js';
import { type Pod, TaintNodeOutOfService } from '../../model/types.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { byEvictionAndCreation } from '../pod-ranking.js';
import { POD_GC_DEFAULTS } from './config.js';
import type { PodGCEvent } from './events.js';

export class PodGC implements KcmController<PodGCEvent> {
  readonly handlers: HandlersFor<PodGCEvent> = { PodGCPass: () => this.onPass() };
  private readonly state: ClusterState;
  private readonly event: PodGCEvent = { kind: 'PodGCPass' };
  private handle = -1;
  /** nodeQueue: node name -> time it leaves quarantine. */
  private quarantine = new Map<string, TimeUs>();
  /** Names of deleted Nodes that may still have pods bound to them. */
  private readonly deletedNodes = new Set<string>();
  /** Nodes that carry the out-of-service taint. */
  private readonly outOfService = new Set<string>();

  constructor(private readonly sim: KcmKernel<PodGCEvent>) {
    this.state = sim.state;
    sim.state.watch({
      nodeDeleted: (node) => {
        this.deletedNodes.add(node.name);
        this.outOfService.delete(node.name);
      },
      // A bind that completed after its node was deleted (the binding subresource does not check the node).
      podUpdated: (pod, change) => {
        if (change === 'bound' && pod.nodeName !== null && this.state.node(pod.nodeName) === undefined)
          this.deletedNodes.add(pod.nodeName);
      },
      nodeUpdated: (node, change) => {
        if (change !== 'taints') return;
        if (node.taints.some((t) => t.key === TaintNodeOutOfService)) this.outOfService.add(node.name);
        else this.outOfService.delete(node.name);
      },
    });
  }

  /** (Re)starts the loop now; the quarantine queue lives in memory and starts empty. */
  start(): void {
    if (this.handle >= 0) this.sim.engine.cancel(this.handle);
    this.quarantine = new Map();
    this.handle = this.sim.engine.scheduleAt(this.sim.nowUs, this.event, Lane.Controller);
  }

  /** A restart loses the quarantine queue, like the process's memory. */
  restart(): void {
    this.start();
  }

  onPass(): void {
    const cfg = this.sim.config.controllerManager;
    this.handle = this.sim.engine.schedule(POD_GC_DEFAULTS.gcCheckPeriodUs, this.event, Lane.Controller);
    if (cfg.terminatedPodGCThreshold > 0) this.gcTerminated(cfg.terminatedPodGCThreshold);
    this.gcTerminating();
    this.gcOrphaned(this.sim.nowUs, POD_GC_DEFAULTS.quarantineUs);
  }

  private gcTerminated(threshold: number): void {
    const b = this.state.podBuckets;
    if (b.succeeded + b.failed + b.terminating <= threshold) return;
    const terminated: Pod[] = [];
    for (const pod of this.state.pods)
      if (pod.phase === 'Succeeded' || pod.phase === 'Failed') terminated.push(pod);
    const excess = terminated.length - threshold;
    if (excess <= 0) return;
    terminated.sort(byEvictionAndCreation);
    for (let k = 0; k < excess; k++) this.forceDelete(terminated[k] as Pod, '');
  }

  private gcTerminating(): void {
    if (this.outOfService.size === 0) return;
    const nodes = new Set<string>();
    for (const name of this.outOfService) {
      const node = this.state.node(name);
      if (node !== undefined && node.conditions.get('Ready')?.status !== 'True') nodes.add(name);
    }
    if (nodes.size === 0) return;
    // Every terminating pod bound to such a node, terminated ones included: upstream lists all pods
    // (gc_controller.go gcTerminating; gc_controller_test.go TestGCTerminating "pods deleted from node
    // tainted out-of-service" deletes Running, Failed and Succeeded ones). node.pods drops terminal pods.
    const doomed: Pod[] = [];
    for (const pod of this.state.pods)
      if (pod.deletionUs !== null && pod.nodeName !== null && nodes.has(pod.nodeName)) doomed.push(pod);
    doomed.sort(byEvictionAndCreation);
    for (const pod of doomed) this.forceDelete(pod, '');
  }

  private gcOrphaned(nowUs: TimeUs, quarantineUs: TimeUs): void {
    if (this.deletedNodes.size === 0 && this.quarantine.size === 0) return;
    const orphans: Pod[] = [];
    if (this.deletedNodes.size > 0) {
      for (const pod of this.state.pods) {
        if (
          pod.nodeName !== null &&
          this.deletedNodes.has(pod.nodeName) &&
          this.state.node(pod.nodeName) === undefined
        ) {
          orphans.push(pod);
          if (!this.quarantine.has(pod.nodeName)) this.quarantine.set(pod.nodeName, nowUs + quarantineUs);
        }
      }
      if (orphans.length === 0) this.deletedNodes.clear();
    }
    const confirmed = new Set<string>();
    for (const [name, readyAtUs] of this.quarantine) {
      if (readyAtUs > nowUs) continue;
      this.quarantine.delete(name);
      if (this.state.node(name) === undefined) confirmed.add(name);
    }
    for (const pod of orphans)
      if (confirmed.has(pod.nodeName as string)) this.forceDelete(pod, 'DeletionByPodGC');
  }

  private forceDelete(pod: Pod, reason: string): void {
    // markFailedAndDeletePodWithCondition patches the phase only: no container is reported terminated.
    if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed')
      this.state.setPodPhase(pod, 'Failed', reason, false);
    this.state.removePod(pod);
  }
}
