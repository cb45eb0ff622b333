// kube-controller-manager's node-health controllers in one process: the node lifecycle controller, the
// taint eviction controller and PodGC. They start with the simulation; a restart (fault
// controller-manager-restart, or a leader-election failover) drops everything they hold in memory
// (probe times, zone states, taint queues and buckets, eviction timers, PodGC quarantine) and starts
// every loop afresh at that instant (node-health-timing.md §3.3, §4.3, §12).

import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ControllerManagerProcess } from '../kernel/ports/controller-manager.js';
import type { NodeLeases } from '../kernel/ports/node-agent.js';
import type { ControllerManagerConfig } from './controller-manager-config.js';
import { NodeLifecycleController } from './node-lifecycle/controller.js';
import type { KcmEvent } from './node-lifecycle/events.js';
import { PodGC } from './podgc.js';
import { TaintEvictionController } from './taint-eviction.js';

export class KubeControllerManager implements ControllerManagerProcess {
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly podGC: PodGC;

  constructor(
    sim: Kernel<KcmEvent, { readonly controllerManager: ControllerManagerConfig }>,
    leases: NodeLeases,
  ) {
    this.nodeLifecycle = new NodeLifecycleController(sim, leases);
    this.taintEviction = new TaintEvictionController(sim);
    this.podGC = new PodGC(sim);
  }

  start(): void {
    this.nodeLifecycle.start();
    this.podGC.start();
  }

  restart(): void {
    this.taintEviction.restart();
    this.nodeLifecycle.start();
    this.podGC.start();
  }
}

export function kcmHandlers(kcm: KubeControllerManager): HandlersFor<KcmEvent> {
  const { nodeLifecycle, taintEviction, podGC } = kcm;
  return {
    NodeMonitorPass: () => nodeLifecycle.onMonitorPass(),
    NoExecuteTaintingTick: () => nodeLifecycle.onTaintingTick(),
    NoScheduleTaintPass: (ev) => nodeLifecycle.onNoScheduleTaintPass(ev.node),
    TaintEvictionTimer: (ev) => taintEviction.onTimer(ev.pod, ev.uid),
    TaintEvictionDelete: (ev) => taintEviction.onDelete(ev.pod, ev.uid),
    PodGCPass: () => podGC.onPass(),
  };
}
