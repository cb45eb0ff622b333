// The kubelet's pod workers (pkg/kubelet/pod_workers.go): start the containers of pods bound to the
// node, and carry out deletions: stop the containers within the grace period and confirm, which
// removes the object from the API. A kubelet that is down or cut off confirms nothing, so deleted pods
// stay Terminating until it is back (node-health-timing.md §6). Start-up and stop latencies come from
// lifecycle stages; the foundation uses zero.

import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/context.js';
import { Lane } from '../sim/events.js';
import type { HandlersFor } from '../sim/wiring.js';
import type { KubeletEvent } from './events.js';

export class PodWorkers {
  constructor(private readonly sim: Sim) {
    sim.state.watch({
      podUpdated: (pod, change) => {
        if (change === 'bound') this.podBound(pod);
        else if (change === 'deleting') this.podDeleting(pod);
      },
    });
  }

  private podBound(pod: Pod): void {
    if (pod.deletionUs !== null || !this.sim.kubelet.isUp(pod.nodeName as string)) return;
    this.sim.engine.schedule(0, { kind: 'PodContainersStarted', pod: pod.key, uid: pod.uid }, Lane.External);
  }

  onContainersStarted(podKey: string, uid: string): void {
    const { state } = this.sim;
    const pod = state.pod(podKey);
    if (!pod || pod.uid !== uid || pod.deletionUs !== null || pod.phase !== 'Pending') return;
    if (pod.nodeName === null || !this.sim.kubelet.isUp(pod.nodeName)) return;
    state.setPodPhase(pod, 'Running');
    state.setPodReady(pod, true);
  }

  private podDeleting(pod: Pod): void {
    // A pod never bound to a node has no kubelet to wait for: the API removes it at once.
    if (pod.nodeName === null) {
      this.sim.state.removePod(pod);
      return;
    }
    this.beginTermination(pod);
  }

  /** Starts stopping a deleting pod's containers if its kubelet can act; otherwise it stays Terminating. */
  beginTermination(pod: Pod): void {
    if (pod.nodeName === null || !this.sim.kubelet.isUp(pod.nodeName)) return;
    const node = this.sim.state.node(pod.nodeName);
    if (pod.phase === 'Running') {
      this.sim.log.emit(this.sim.nowUs, 'Pod', 'Killing', pod.key, pod.nodeName, node?.zone ?? '');
    }
    this.sim.engine.schedule(0, { kind: 'PodTerminated', pod: pod.key, uid: pod.uid }, Lane.External);
  }

  /** Called when a node's kubelet can act again: finish the deletions that waited for it. */
  resumeNode(nodeName: string): void {
    const node = this.sim.state.node(nodeName);
    if (!node) return;
    for (const pod of [...node.pods]) {
      if (pod.deletionUs !== null) this.beginTermination(pod);
      else if (pod.phase === 'Pending' && pod.nodeName === nodeName) this.podBound(pod);
    }
  }

  onTerminated(podKey: string, uid: string): void {
    const pod = this.sim.state.pod(podKey);
    if (!pod || pod.uid !== uid) return;
    if (pod.nodeName !== null && !this.sim.kubelet.isUp(pod.nodeName)) return;
    this.sim.state.removePod(pod);
  }
}

type PodWorkerEvent = Extract<KubeletEvent, { kind: 'PodContainersStarted' | 'PodTerminated' }>;

export const podWorkerHandlers: HandlersFor<PodWorkerEvent> = {
  PodContainersStarted: (ev, sim) => sim.podWorkers.onContainersStarted(ev.pod, ev.uid),
  PodTerminated: (ev, sim) => sim.podWorkers.onTerminated(ev.pod, ev.uid),
};
