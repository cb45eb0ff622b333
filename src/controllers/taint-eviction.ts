// The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go), node-health-timing.md
// §4: deletes pods from nodes with NoExecute taints they do not tolerate, at once or after the smallest
// tolerationSeconds of the tolerations that match, timed from when this controller *observes* the
// taint (not taint.timeAdded). A deletion already scheduled keeps its start time across later taint
// changes; it is cancelled when the node loses its NoExecute taints or the pod goes away. Timers live
// in memory: a kube-controller-manager restart re-arms them from the restart time (§4.3).
//
// Deletions are immediate (M5) unless controllerManager.apiRateLimits is on: then every deletion costs
// GET + PATCH + DELETE through the controller's client token bucket (kubeAPIQPS, kubeAPIBurst).

import type { TimeUs } from '../engine/time.js';
import { Lane } from '../kernel/lanes.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Node, Pod, Taint } from '../model/types.js';
import type { KcmController, KcmControllerModule, KcmKernel } from './kcm-controller.js';
import type { TaintEvictionEvent } from './node-lifecycle/events.js';
import { TokenBucket } from './rate-limiter.js';
import { matchNoExecute } from './tolerations.js';

/** API requests per eviction: GET the pod, PATCH the DisruptionTarget condition, DELETE. */
const REQUESTS_PER_EVICTION = 3;

interface Work {
  readonly uid: string;
  readonly createdUs: TimeUs;
  readonly handle: number;
}

type TimerEvent = Extract<TaintEvictionEvent, { kind: 'TaintEvictionTimer' }>;

export class TaintEvictionController implements KcmController<TaintEvictionEvent> {
  readonly handlers = {
    TaintEvictionTimer: (ev: TimerEvent) => this.onTimer(ev.pod, ev.uid),
    TaintEvictionDelete: (ev: Extract<TaintEvictionEvent, { kind: 'TaintEvictionDelete' }>) =>
      this.onDelete(ev.pod, ev.uid),
  };
  private readonly state: ClusterState;
  /** taintedNodes: the NoExecute taints last seen per node. */
  private taintedNodes = new Map<string, readonly Taint[]>();
  private work = new Map<string, Work>();
  private client: TokenBucket | undefined;

  constructor(private readonly sim: KcmKernel<TaintEvictionEvent>) {
    this.state = sim.state;
    sim.state.watch({
      nodeAdded: (node) => this.nodeUpdated(node),
      nodeUpdated: (node, change) => {
        if (change === 'taints') this.nodeUpdated(node);
      },
      nodeDeleted: (node) => {
        this.taintedNodes.delete(node.name);
      },
      podAdded: (pod) => this.podUpdated(pod),
      podUpdated: (pod, change) => {
        if (change === 'bound' || change === 'spec') this.podUpdated(pod);
      },
      podDeleted: (pod) => this.cancel(pod.key),
    });
  }

  /** Nothing to start: the controller reacts to the store's notifications. */
  start(): void {}

  /** Restart: in-memory timers are gone; every tainted node's pods are processed afresh. */
  restart(): void {
    for (const w of this.work.values()) this.sim.engine.cancel(w.handle);
    this.work = new Map();
    this.taintedNodes = new Map();
    this.client = undefined;
    for (const node of this.state.nodes) this.nodeUpdated(node);
  }

  /** handleNodeUpdate, when the node's NoExecute taints changed. */
  private nodeUpdated(node: Node): void {
    const taints = node.taints.filter((t) => t.effect === 'NoExecute');
    const old = this.taintedNodes.get(node.name) ?? [];
    if (sameTaints(old, taints)) return;
    if (taints.length === 0) this.taintedNodes.delete(node.name);
    else this.taintedNodes.set(node.name, taints);
    const nowUs = this.sim.nowUs;
    for (const pod of node.pods) {
      if (pod.nodeName !== node.name) continue;
      if (taints.length === 0) this.cancel(pod.key);
      else this.processPodOnNode(pod, taints, nowUs);
    }
  }

  /** handlePodUpdate: a pod bound to (or changing tolerations on) a tainted node. */
  private podUpdated(pod: Pod): void {
    if (pod.nodeName === null) return;
    const taints = this.taintedNodes.get(pod.nodeName);
    if (taints !== undefined) this.processPodOnNode(pod, taints, this.sim.nowUs);
  }

  /** processPodOnNode. */
  private processPodOnNode(pod: Pod, taints: readonly Taint[], nowUs: TimeUs): void {
    const m = matchNoExecute(taints, pod.spec.tolerations);
    if (!m.allTolerated) {
      this.cancel(pod.key);
      this.addWork(pod, nowUs, nowUs);
      return;
    }
    if (m.minSeconds < 0) {
      this.cancel(pod.key);
      return;
    }
    const delayUs = m.minSeconds * 1_000_000;
    let startUs = nowUs;
    const existing = this.work.get(pod.key);
    if (existing !== undefined) {
      // A deletion scheduled earlier stands as it is (neither reset nor extended).
      if (existing.createdUs + delayUs < nowUs + delayUs) return;
      startUs = existing.createdUs;
      this.cancel(pod.key);
    }
    this.addWork(pod, startUs, startUs + delayUs);
  }

  private addWork(pod: Pod, createdUs: TimeUs, fireUs: TimeUs): void {
    const ev: TimerEvent = { kind: 'TaintEvictionTimer', pod: pod.key, uid: pod.uid };
    const handle = this.sim.engine.scheduleAt(fireUs, ev, Lane.EvictionTimer);
    this.work.set(pod.key, { uid: pod.uid, createdUs, handle });
  }

  private cancel(podKey: string): void {
    const w = this.work.get(podKey);
    if (w === undefined) return;
    this.sim.engine.cancel(w.handle);
    this.work.delete(podKey);
  }

  /** The timer fired: DisruptionTarget, then DELETE with the pod's grace period. */
  onTimer(podKey: string, uid: string): void {
    const w = this.work.get(podKey);
    if (w !== undefined && w.uid === uid) this.work.delete(podKey);
    const pod = this.state.pod(podKey);
    if (pod === undefined || pod.uid !== uid) return;
    const cm = this.sim.config.controllerManager;
    if (!cm.apiRateLimits) {
      this.state.markPodDeleting(pod, 'TaintManagerEviction');
      return;
    }
    const nowUs = this.sim.nowUs;
    this.client ??= new TokenBucket(cm.kubeAPIQPS, cm.kubeAPIBurst, nowUs);
    let atUs = nowUs;
    for (let k = 0; k < REQUESTS_PER_EVICTION; k++) atUs = this.client.reserve(nowUs);
    if (atUs <= nowUs) this.state.markPodDeleting(pod, 'TaintManagerEviction');
    else this.sim.engine.scheduleAt(atUs, { kind: 'TaintEvictionDelete', pod: podKey, uid }, Lane.Controller);
  }

  /** The DELETE of a rate-limited eviction goes through. */
  onDelete(podKey: string, uid: string): void {
    const pod = this.state.pod(podKey);
    if (pod !== undefined && pod.uid === uid) this.state.markPodDeleting(pod, 'TaintManagerEviction');
  }
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Taint;
    const y = b[i] as Taint;
    if (x.key !== y.key || x.effect !== y.effect || x.value !== y.value || x.timeAddedUs !== y.timeAddedUs) {
      return false;
    }
  }
  return true;
}

export const taintEvictionController: KcmControllerModule<TaintEvictionEvent> = {
  name: 'taint-eviction-controller',
  create: (kernel) => new TaintEvictionController(kernel),
};
