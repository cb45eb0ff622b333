// kube-controller-manager's node-health controllers in one process: the modules of kcm-registry.ts
// (node lifecycle, taint eviction, PodGC), created in registry order. They start with the
// simulation; a restart (fault controller-manager-restart, or a leader-election failover) drops
// everything they hold in memory (probe times, zone states, taint queues and buckets, eviction timers,
// PodGC quarantine) and starts every loop afresh at that instant (node-health-timing.md §3.3, §4.3, §12).

import type { HandlersFor } from '../kernel/handlers.js';
import type { KernelEvent } from '../kernel/kernel.js';
import type { ControllerManagerProcess } from '../kernel/ports/controller-manager.js';
import type { KcmController, KcmKernel, KcmPorts } from './kcm-controller.js';
import { KCM_CONTROLLERS, type KcmEvent } from './kcm-registry.js';

export class KubeControllerManager implements ControllerManagerProcess {
  /** The running controllers, by module name (e.g. "podgc"), in registry order. */
  readonly controllers = new Map<string, KcmController<KernelEvent>>();
  /** Every controller's handlers, for the composition root's table. */
  readonly handlers: HandlersFor<KcmEvent>;

  constructor(sim: KcmKernel<KcmEvent>, ports: KcmPorts) {
    const handlers = {};
    for (const module of KCM_CONTROLLERS) {
      const controller = module.create(sim, ports) as KcmController<KernelEvent>;
      this.controllers.set(module.name, controller);
      Object.assign(handlers, controller.handlers);
    }
    // Each module's handlers cover exactly its own events (HandlersFor<E> in the module), so together
    // they cover KcmEvent, the union of the registry's events.
    this.handlers = handlers as HandlersFor<KcmEvent>;
  }

  /** The controller a module of kcm-registry.ts created (tests and benchmarks inspect them). */
  controller<C>(name: string): C {
    const c = this.controllers.get(name);
    if (c === undefined) throw new Error(`no kube-controller-manager controller "${name}"`);
    return c as C;
  }

  start(): void {
    for (const c of this.controllers.values()) c.start();
  }

  restart(): void {
    for (const c of this.controllers.values()) c.restart();
  }
}

export function kcmHandlers(kcm: KubeControllerManager): HandlersFor<KcmEvent> {
  return kcm.handlers;
}
