// kubectl as a client process: the drains of a run (spec.operations `drain`, reached through the
// NodeDrains port). Each drain is a DrainProcess (drain.ts) whose steps are DrainStep events in the
// External lane; it evicts through the Eviction API (the PodEvictions port), reads DaemonSets through
// the workload store, and reports each node as a Node row (Drained, DrainTimedOut, DrainFailed) and
// an entry of summary.json `drains`.

import type { TimeUs } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { DrainOptions, NodeDrains } from '../kernel/ports/node-drains.js';
import type { PodEvictions } from '../kernel/ports/pod-evictions.js';
import type { Node } from '../model/types.js';
import type { WorkloadStore } from '../workloads/store.js';
import { type DrainEnv, DrainProcess, type DrainReport } from './drain.js';
import type { KubectlEvent } from './events.js';

export type KubectlKernel = Kernel<KubectlEvent>;

export interface KubectlPorts {
  readonly evictions: PodEvictions;
  /** The workload objects, read only (the DaemonSet filter GETs each pod's DaemonSet). */
  readonly workloads: Pick<WorkloadStore, 'get'>;
}

export class Kubectl implements NodeDrains {
  private readonly steps = new Map<number, () => void>();
  private nextStep = 0;
  readonly reports: DrainReport[] = [];

  constructor(
    private readonly sim: KubectlKernel,
    private readonly ports: KubectlPorts,
  ) {}

  drain(nodes: readonly Node[], o: DrainOptions): void {
    new DrainProcess(this.env(), nodes, o).start();
  }

  onStep(step: number): void {
    const fn = this.steps.get(step);
    this.steps.delete(step);
    fn?.();
  }

  private env(): DrainEnv {
    const { sim, ports } = this;
    const { state } = sim;
    return {
      get nowUs(): TimeUs {
        return sim.nowUs;
      },
      at: (atUs, fn) => {
        const id = this.nextStep++;
        this.steps.set(id, fn);
        sim.engine.scheduleAt(atUs, { kind: 'DrainStep', step: id }, Lane.External);
      },
      node: (name) => state.node(name),
      cordon: (node) => state.setUnschedulable(node, true),
      podsOnNode: (name) => {
        const out = [];
        for (const pod of state.pods) if (pod.nodeName === name) out.push(pod);
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      },
      pod: (key) => state.pod(key),
      daemonSetExists: (ns, name) => ports.workloads.get('DaemonSet', `${ns}/${name}`) !== undefined,
      evict: (key, grace, detail) => ports.evictions.evict(key, grace, detail),
      deletePod: (key, grace, detail) => {
        const pod = state.pod(key);
        if (pod === undefined) return false;
        state.markPodDeleting(pod, 'Deleted', detail, grace);
        if (grace === 0 && state.pod(key) === pod) state.removePod(pod);
        return true;
      },
      report: (r) => {
        this.reports.push(r);
        const node = state.node(r.node);
        const detail = r.outcome === 'Drained' ? `evicted ${r.evicted}, refused ${r.refused}` : r.message;
        sim.log.emit(sim.nowUs, 'Node', r.outcome, r.node, r.node, node?.zone ?? '', detail);
      },
    };
  }
}

export function kubectlHandlers(kubectl: Kubectl): HandlersFor<KubectlEvent> {
  return { DrainStep: (ev) => kubectl.onStep(ev.step) };
}
