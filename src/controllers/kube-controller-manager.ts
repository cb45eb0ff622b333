// kube-controller-manager's node-health controllers in one process: the node lifecycle controller, the
// taint eviction controller and PodGC. They start with the simulation; a restart (fault
// controller-manager-restart, or a leader-election failover) drops everything they hold in memory
// (probe times, zone states, taint queues and buckets, eviction timers, PodGC quarantine) and starts
// every loop afresh at that instant (node-health-timing.md §3.3, §4.3, §12).

import type { Sim } from '../sim/context.js';
import type { HandlersFor } from '../sim/wiring.js';
import { NodeLifecycleController } from './node-lifecycle/controller.js';
import type { KcmEvent } from './node-lifecycle/events.js';
import { PodGC } from './podgc.js';
import { TaintEvictionController } from './taint-eviction.js';

export class KubeControllerManager {
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly podGC: PodGC;

  constructor(sim: Sim) {
    this.nodeLifecycle = new NodeLifecycleController(sim);
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

export const kcmHandlers: HandlersFor<KcmEvent> = {
  NodeMonitorPass: (_ev, sim) => sim.kcm.nodeLifecycle.onMonitorPass(),
  NoExecuteTaintingTick: (_ev, sim) => sim.kcm.nodeLifecycle.onTaintingTick(),
  NoScheduleTaintPass: (ev, sim) => sim.kcm.nodeLifecycle.onNoScheduleTaintPass(ev.node),
  TaintEvictionTimer: (ev, sim) => sim.kcm.taintEviction.onTimer(ev.pod, ev.uid),
  TaintEvictionDelete: (ev, sim) => sim.kcm.taintEviction.onDelete(ev.pod, ev.uid),
  PodGCPass: (_ev, sim) => sim.kcm.podGC.onPass(),
};
