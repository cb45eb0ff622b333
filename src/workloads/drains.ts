// The drain operations of a run (spec.operations `drain`): each starts a kubectl drain process
// (drain.ts) over the simulation, whose steps are DrainStep events in the External lane (kubectl is a
// client like the kubelets), and whose per-node outcome is a Node row (Drained, DrainTimedOut,
// DrainFailed) and an entry of summary.json `drains`.

import type { TimeUs } from '../engine/time.js';
import type { Node } from '../model/types.js';
import type { Sim } from '../sim/context.js';
import { Lane } from '../sim/events.js';
import { type DrainEnv, type DrainOptions, DrainProcess, type DrainReport } from './drain.js';

export class Drains {
  private readonly steps = new Map<number, () => void>();
  private nextStep = 0;
  readonly reports: DrainReport[] = [];

  constructor(private readonly sim: Sim) {}

  start(nodes: readonly Node[], o: DrainOptions): void {
    new DrainProcess(this.env(), nodes, o).start();
  }

  onStep(step: number): void {
    const fn = this.steps.get(step);
    this.steps.delete(step);
    fn?.();
  }

  private env(): DrainEnv {
    const { sim } = this;
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
      daemonSetExists: (ns, name) => sim.workloads.store.get('DaemonSet', `${ns}/${name}`) !== undefined,
      evict: (key, grace, detail) => sim.evictions.evict(key, grace, detail),
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
