// The kubelet's pod workers (pkg/kubelet/pod_workers.go, kuberuntime): start the containers of pods
// bound to the node, run them, restart crashed containers per restartPolicy, and carry out deletions:
// stop the containers within the grace period and confirm, which removes the object from the API. How
// long each step takes and how it ends comes from lifecycle stages (src/lifecycle/stages.ts). A kubelet
// that is down or cut off (NodeAgentStatus.isUp) acts on nothing: deleted pods stay Terminating and finished
// containers go unreported until it is back and the node agent calls resumeNode (node-health-timing.md
// §6). Restarts follow the kubelet's CrashLoopBackOff: 10 s doubling to 5 min, reset after 10 minutes of
// running (pkg/kubelet/kubelet.go backOffPeriod, MaxContainerBackOff).

import type { EventHandle } from '../engine/engine.js';
import type { TimeUs } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { PodRestarts } from '../kernel/ports/pod-workers.js';
import type { StageSpec } from '../lifecycle/schema.js';
import { type StageOutcome, StageSet } from '../lifecycle/stages.js';
import type { Pod } from '../model/types.js';
import type { KubeletEvent } from './events.js';
import type { PodWorkerLifecycleEvent } from './pod-events.js';

export const CRASH_BACKOFF_INITIAL_US = 10_000_000;
export const CRASH_BACKOFF_MAX_US = 300_000_000;
const CRASH_BACKOFF_RESET_US = 600_000_000;

interface PendingExit {
  atUs: TimeUs;
  readonly phase: 'Succeeded' | 'Failed';
  readonly reason: string;
  handle: EventHandle;
  /** The exit happened while the kubelet could not report it. */
  stalled: boolean;
}

interface Crashes {
  restarts: number;
  /** Crashes since the container last ran for 10 minutes. */
  streak: number;
  startedUs: TimeUs;
}

/** The node agent as the pod workers see it (Kubelet, kubelet.ts). */
export interface NodeAgentStatus {
  /** Whether the node's kubelet runs and reaches the API server now. */
  isUp(nodeName: string): boolean;
}

export class PodWorkers implements PodRestarts {
  readonly stages: StageSet;
  private readonly starting = new Map<string, StageOutcome>();
  private readonly exits = new Map<string, PendingExit>();
  private readonly crashes = new Map<string, Crashes>();
  private readonly deadlines = new Set<string>();

  constructor(
    private readonly sim: Kernel<KubeletEvent | PodWorkerLifecycleEvent>,
    stages: readonly StageSpec[],
    private readonly agent: NodeAgentStatus,
  ) {
    this.stages = new StageSet(stages, sim.rng);
    sim.state.watch({
      podUpdated: (pod, change) => {
        if (change === 'bound') this.podBound(pod);
        else if (change === 'deleting') this.podDeleting(pod);
      },
      podDeleted: (pod) => this.forget(pod),
    });
  }

  /** Container restarts so far (containerStatuses[].restartCount, summed). */
  restartCount(pod: Pod): number {
    return this.crashes.get(pod.uid)?.restarts ?? 0;
  }

  private podBound(pod: Pod): void {
    if (pod.deletionUs !== null || !this.agent.isUp(pod.nodeName as string)) return;
    const deadlineS = pod.spec.activeDeadlineSeconds;
    if (deadlineS !== undefined && !this.deadlines.has(pod.uid)) {
      // The kubelet counts activeDeadlineSeconds from the pod's status.startTime (when it admits the pod).
      this.deadlines.add(pod.uid);
      this.sim.engine.schedule(
        deadlineS * 1_000_000,
        { kind: 'PodActiveDeadline', pod: pod.key, uid: pod.uid },
        Lane.External,
      );
    }
    const outcome = this.stages.next('Scheduled', pod);
    if (outcome === null) return;
    this.starting.set(pod.uid, outcome);
    this.sim.engine.schedule(
      outcome.delayUs,
      { kind: 'PodContainersStarted', pod: pod.key, uid: pod.uid },
      Lane.External,
    );
  }

  onContainersStarted(podKey: string, uid: string): void {
    const { state } = this.sim;
    const pod = state.pod(podKey);
    const outcome = this.starting.get(uid);
    if (!pod || pod.uid !== uid || outcome === undefined) return;
    this.starting.delete(uid);
    if (pod.deletionUs !== null || pod.phase !== 'Pending') return;
    if (pod.nodeName === null || !this.agent.isUp(pod.nodeName)) return;
    if (outcome.phase === 'Failed' && pod.spec.restartPolicy === 'Never') {
      state.setPodPhase(pod, 'Failed', outcome.reason);
      return;
    }
    state.setPodPhase(pod, 'Running');
    if (outcome.phase === 'Failed') {
      this.crash(pod);
      return;
    }
    state.setPodReady(pod, true);
    this.run(pod);
  }

  /** Draws the Running stage: when and how the containers exit (no stage: they run on). */
  private run(pod: Pod): void {
    const outcome = this.stages.next('Running', pod);
    if (outcome === null || outcome.phase === null || outcome.phase === 'Running') return;
    const handle = this.sim.engine.schedule(
      outcome.delayUs,
      { kind: 'PodContainersExited', pod: pod.key, uid: pod.uid },
      Lane.External,
    );
    this.exits.set(pod.uid, {
      atUs: this.sim.nowUs + outcome.delayUs,
      phase: outcome.phase,
      reason: outcome.reason,
      handle,
      stalled: false,
    });
  }

  onContainersExited(podKey: string, uid: string): void {
    const pod = this.sim.state.pod(podKey);
    const exit = this.exits.get(uid);
    if (!pod || pod.uid !== uid || exit === undefined) return;
    if (pod.deletionUs !== null || pod.phase !== 'Running') {
      this.exits.delete(uid);
      return;
    }
    if (pod.nodeName === null || !this.agent.isUp(pod.nodeName)) {
      exit.stalled = true;
      return;
    }
    this.exits.delete(uid);
    const restart =
      pod.spec.restartPolicy === 'Always' ||
      (pod.spec.restartPolicy === 'OnFailure' && exit.phase === 'Failed');
    if (!restart) {
      this.sim.state.setPodReady(pod, false);
      this.sim.state.setPodPhase(pod, exit.phase, exit.reason);
      return;
    }
    this.crash(pod);
  }

  /** A container exited and will be restarted after CrashLoopBackOff; the pod is not ready meanwhile. */
  private crash(pod: Pod): void {
    const now = this.sim.nowUs;
    let c = this.crashes.get(pod.uid);
    if (c === undefined) {
      c = { restarts: 0, streak: 0, startedUs: pod.startedUs ?? now };
      this.crashes.set(pod.uid, c);
    }
    if (now - c.startedUs >= CRASH_BACKOFF_RESET_US) c.streak = 0;
    const delayUs = Math.min(CRASH_BACKOFF_MAX_US, CRASH_BACKOFF_INITIAL_US * 2 ** c.streak);
    c.streak++;
    this.sim.state.setPodReady(pod, false);
    this.sim.engine.schedule(
      delayUs,
      { kind: 'PodContainerRestarted', pod: pod.key, uid: pod.uid },
      Lane.External,
    );
  }

  onContainerRestarted(podKey: string, uid: string): void {
    const pod = this.sim.state.pod(podKey);
    const c = this.crashes.get(uid);
    if (!pod || pod.uid !== uid || c === undefined || pod.deletionUs !== null || pod.phase !== 'Running')
      return;
    if (pod.nodeName === null || !this.agent.isUp(pod.nodeName)) return;
    c.restarts++;
    c.startedUs = this.sim.nowUs;
    this.sim.state.setPodReady(pod, true);
    this.run(pod);
  }

  /** activeDeadlineHandler: a pod past spec.activeDeadlineSeconds is failed with reason DeadlineExceeded. */
  onActiveDeadline(podKey: string, uid: string): void {
    const pod = this.sim.state.pod(podKey);
    if (!pod || pod.uid !== uid || pod.deletionUs !== null) return;
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return;
    if (pod.nodeName === null || !this.agent.isUp(pod.nodeName)) return;
    const exit = this.exits.get(uid);
    if (exit !== undefined) this.sim.engine.cancel(exit.handle);
    this.exits.delete(uid);
    this.starting.delete(uid);
    this.sim.state.setPodReady(pod, false);
    this.sim.state.setPodPhase(pod, 'Failed', 'DeadlineExceeded');
  }

  private podDeleting(pod: Pod): void {
    // The API removes a pod at once (grace period 0) when it was never bound to a node or has already
    // terminated (Succeeded or Failed): podStrategy.CheckGracefulDelete, pkg/registry/core/pod/strategy.go.
    if (pod.nodeName === null || pod.phase === 'Succeeded' || pod.phase === 'Failed') {
      this.sim.state.removePod(pod);
      return;
    }
    this.beginTermination(pod);
  }

  /** Starts stopping a deleting pod's containers if its kubelet can act; otherwise it stays Terminating. */
  beginTermination(pod: Pod): void {
    if (pod.nodeName === null || !this.agent.isUp(pod.nodeName)) return;
    const node = this.sim.state.node(pod.nodeName);
    const exit = this.exits.get(pod.uid);
    if (exit !== undefined) {
      this.sim.engine.cancel(exit.handle);
      this.exits.delete(pod.uid);
    }
    let delayUs = 0;
    if (pod.phase === 'Running' || pod.phase === 'Pending') {
      if (pod.phase === 'Running') {
        this.sim.log.emit(this.sim.nowUs, 'Pod', 'Killing', pod.key, pod.nodeName, node?.zone ?? '');
      }
      const outcome = this.stages.next('Terminating', pod);
      const graceUs = (pod.deletionGraceSeconds ?? pod.spec.terminationGracePeriodSeconds) * 1_000_000;
      delayUs = Math.min(outcome?.delayUs ?? 0, graceUs);
    }
    this.sim.engine.schedule(delayUs, { kind: 'PodTerminated', pod: pod.key, uid: pod.uid }, Lane.External);
  }

  /** Called when a node's kubelet can act again: finish what waited for it. */
  resumeNode(nodeName: string): void {
    const node = this.sim.state.node(nodeName);
    if (!node) return;
    for (const pod of [...node.pods]) {
      if (pod.nodeName !== nodeName) continue;
      if (pod.deletionUs !== null) this.beginTermination(pod);
      else if (pod.phase === 'Pending' && !this.starting.has(pod.uid)) this.podBound(pod);
      else if (pod.phase === 'Running') this.resumeExit(pod);
    }
  }

  private resumeExit(pod: Pod): void {
    const exit = this.exits.get(pod.uid);
    if (exit === undefined || !exit.stalled) return;
    exit.stalled = false;
    exit.handle = this.sim.engine.scheduleAt(
      Math.max(this.sim.nowUs, exit.atUs),
      { kind: 'PodContainersExited', pod: pod.key, uid: pod.uid },
      Lane.External,
    );
  }

  onTerminated(podKey: string, uid: string): void {
    const pod = this.sim.state.pod(podKey);
    if (!pod || pod.uid !== uid) return;
    if (pod.nodeName !== null && !this.agent.isUp(pod.nodeName)) return;
    this.sim.state.removePod(pod);
  }

  private forget(pod: Pod): void {
    this.starting.delete(pod.uid);
    this.exits.delete(pod.uid);
    this.crashes.delete(pod.uid);
    this.deadlines.delete(pod.uid);
  }
}

type PodWorkerEvent =
  | Extract<KubeletEvent, { kind: 'PodContainersStarted' | 'PodTerminated' }>
  | PodWorkerLifecycleEvent;

export function podWorkerHandlers(workers: PodWorkers): HandlersFor<PodWorkerEvent> {
  return {
    PodContainersStarted: (ev) => workers.onContainersStarted(ev.pod, ev.uid),
    PodTerminated: (ev) => workers.onTerminated(ev.pod, ev.uid),
    PodContainersExited: (ev) => workers.onContainersExited(ev.pod, ev.uid),
    PodContainerRestarted: (ev) => workers.onContainerRestarted(ev.pod, ev.uid),
    PodActiveDeadline: (ev) => workers.onActiveDeadline(ev.pod, ev.uid),
  };
}
