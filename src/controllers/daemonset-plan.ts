// One DaemonSet sync's decision as a pure function (pkg/controller/daemon/daemon_controller.go manage,
// podsShouldBeOnNode, updateDaemonSetStatus; update.go rollingUpdate, findUpdatedPodsOnNode,
// updatedDesiredNodeCounts): which nodes get a pod, which pods go, and the status. Availability is
// podutil.IsPodAvailable (Ready lastTransitionTime + minReadySeconds), in both rolling-update branches:
// - maxSurge 0: delete old pods only while fewer than maxUnavailable nodes are unavailable, counting a
//   new pod that is not yet available as unavailable; the manage loop creates the replacements;
// - maxSurge > 0: create a new pod beside an available old one (at most maxSurge not-yet-available new
//   pods at a time) and delete the old pod once the new one is available.
// The rolling update sees the node's pods as the informer has them after this sync's manage calls
// (its creations as new, unavailable pods; its deletions gone), as upstream does once the expectations
// of those calls are observed. Nodes are visited in node-list order (upstream walks a Go map).

import type { TimeUs } from '../engine/time.js';
import type { PodPhase } from '../model/types.js';
import type { DaemonSetStatus, IntOrPercent } from '../workloads/objects.js';
import { scaledValue } from '../workloads/objects.js';
import { isPodAvailable } from '../workloads/pod-index.js';

export interface DaemonPod {
  readonly name: string;
  /** controller-revision-hash label. */
  readonly hash: string;
  /** spec.nodeName is set (bound). */
  readonly scheduled: boolean;
  readonly createdUs: TimeUs;
  readonly deleting: boolean;
  readonly phase: PodPhase;
  readonly ready: boolean;
  readonly readyTransitionUs: TimeUs | null;
}

export interface DaemonNode {
  readonly name: string;
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

export interface DaemonStrategy {
  readonly type: 'RollingUpdate' | 'OnDelete';
  readonly maxUnavailable: IntOrPercent;
  readonly maxSurge: IntOrPercent;
}

export interface DaemonSetView<P extends DaemonPod> {
  readonly hash: string;
  readonly minReadySeconds: number;
  readonly strategy: DaemonStrategy;
  /** The node list, in order. */
  readonly nodes: readonly DaemonNode[];
  /** Pods by target node (terminal pods being deleted left out), nodes not in the list included. */
  readonly podsByNode: ReadonlyMap<string, readonly P[]>;
  /** failedPodsBackoff for a node: 0 if a failed pod may be deleted now (bumping the delay), else the wait. */
  readonly failedBackoff: (node: string) => TimeUs;
  readonly nowUs: TimeUs;
}

export interface DaemonSetDecision<P> {
  readonly create: string[];
  readonly delete: P[];
  readonly status: Omit<DaemonSetStatus, 'observedGeneration'>;
  readonly requeueAfterUs: TimeUs | undefined;
}

/** podByCreationTimestampAndPhase: scheduled first, then older creationTimestamp (whole seconds), then name. */
export function byCreationAndPhase(a: DaemonPod, b: DaemonPod): number {
  if (a.scheduled !== b.scheduled) return a.scheduled ? -1 : 1;
  const ca = Math.floor(a.createdUs / 1e6);
  const cb = Math.floor(b.createdUs / 1e6);
  if (ca !== cb) return ca - cb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** util.SurgeCount / UnavailableCount (round up) with updatedDesiredNodeCounts' both-zero rule. */
export function updatedDesiredNodeCounts(
  s: DaemonStrategy,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  if (s.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(s.maxSurge, desired, true);
  let maxUnavailable = scaledValue(s.maxUnavailable, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** util.AllowsSurge: a non-zero maxSurge. */
export function allowsSurge(s: DaemonStrategy): boolean {
  return s.type === 'RollingUpdate' && scaledValue(s.maxSurge, 1, true) !== 0;
}

/** A pod this sync's manage loop creates: new and not available. */
const CREATING = 'creating' as const;
type Slot<P> = P | typeof CREATING;

interface NodeState<P extends DaemonPod> {
  readonly name: string;
  readonly shouldRun: boolean;
  /** In updatedDesiredNodeCounts' node map: the node has pods, or should run one. */
  readonly inMap: boolean;
  /** Non-deleted pods on the node once this sync's manage calls are through. */
  readonly live: Slot<P>[];
}

export function planDaemonSet<P extends DaemonPod>(v: DaemonSetView<P>): DaemonSetDecision<P> {
  const out: { create: string[]; delete: P[]; requeueAfterUs: TimeUs | undefined } = {
    create: [],
    delete: [],
    requeueAfterUs: undefined,
  };
  const requeue = (us: TimeUs) => {
    out.requeueAfterUs = Math.min(out.requeueAfterUs ?? us, us);
  };
  const surge = allowsSurge(v.strategy);
  const states: NodeState<P>[] = [];
  const seen = new Set<string>();
  for (const node of v.nodes) {
    seen.add(node.name);
    const pods = v.podsByNode.get(node.name) ?? [];
    states.push(manageNode(v, node, pods, surge, out, requeue));
  }
  for (const [name, pods] of v.podsByNode) {
    if (seen.has(name)) continue;
    // A node no longer in the list: its pods stay until PodGC; unscheduled ones are deleted
    // (getUnscheduledPodsWithoutNode).
    for (const p of pods) if (!p.scheduled && !p.deleting) out.delete.push(p);
    const live = pods.filter((p) => !p.deleting && !out.delete.includes(p));
    states.push({ name, shouldRun: false, inMap: true, live });
  }
  const status = statusOf(v);
  if (v.strategy.type === 'RollingUpdate') {
    const { maxSurge, maxUnavailable } = updatedDesiredNodeCounts(v.strategy, status.desiredNumberScheduled);
    const available = (p: Slot<P>) => p !== CREATING && isPodAvailable(p, v.minReadySeconds, v.nowUs);
    const r =
      maxSurge === 0
        ? rollingWithoutSurge(v.hash, states, maxUnavailable, available)
        : rollingWithSurge(v.hash, states, maxSurge, status.desiredNumberScheduled, available);
    out.delete.push(...r.delete);
    out.create.push(...r.create);
  }
  // updateDaemonSetStatus: re-sync after minReadySeconds while ready pods are not yet available.
  if (v.minReadySeconds > 0 && status.numberReady !== status.numberAvailable)
    requeue(v.minReadySeconds * 1e6);
  return { create: out.create, delete: out.delete, status, requeueAfterUs: out.requeueAfterUs };
}

/** podsShouldBeOnNode. */
function manageNode<P extends DaemonPod>(
  v: DaemonSetView<P>,
  node: DaemonNode,
  pods: readonly P[],
  surge: boolean,
  out: { create: string[]; delete: P[] },
  requeue: (us: TimeUs) => void,
): NodeState<P> {
  const state = (live: Slot<P>[]): NodeState<P> => ({
    name: node.name,
    shouldRun: node.shouldRun,
    inMap: pods.length > 0 || node.shouldRun,
    live,
  });
  const live = (): Slot<P>[] => pods.filter((p) => !p.deleting && !out.delete.includes(p));
  if (pods.length === 0) {
    if (!node.shouldRun) return state([]);
    out.create.push(node.name);
    return state([CREATING]);
  }
  if (!node.shouldContinueRunning) {
    for (const p of pods) if (!p.deleting) out.delete.push(p);
    return state([]);
  }
  const running: P[] = [];
  for (const p of pods) {
    if (p.deleting) continue;
    if (p.phase === 'Failed' || p.phase === 'Succeeded') {
      // failedPodsBackoff: 1 s doubling to 15 min per node.
      const wait = v.failedBackoff(node.name);
      if (wait > 0) requeue(wait);
      else out.delete.push(p);
      continue;
    }
    running.push(p);
  }
  running.sort(byCreationAndPhase);
  if (!surge) {
    // Without surge, keep the oldest.
    for (let i = 1; i < running.length; i++) out.delete.push(running[i] as P);
    return state(live());
  }
  if (running.length === 0) {
    if (!node.shouldRun) return state([]);
    out.create.push(node.name);
    return state([CREATING]);
  }
  if (running.length > 1) {
    // With surge: two pods only while the oldest new one is not yet available and the oldest old one
    // is ready; every other pod goes.
    let oldestNew: P | undefined;
    let oldestOld: P | undefined;
    for (const p of running) {
      if (p.hash === v.hash && oldestNew === undefined) oldestNew = p;
      else if (p.hash !== v.hash && oldestOld === undefined) oldestOld = p;
      else out.delete.push(p);
    }
    if (oldestNew !== undefined && oldestOld !== undefined) {
      if (!oldestOld.ready || isPodAvailable(oldestNew, v.minReadySeconds, v.nowUs))
        out.delete.push(oldestOld);
    }
  }
  return state(live());
}

/** findUpdatedPodsOnNode: at most one new and one old pod, else the node is left to the manage loop. */
function splitNode<P extends DaemonPod>(
  hash: string,
  live: readonly Slot<P>[],
): { ok: boolean; newPod: Slot<P> | null; oldPod: P | null } {
  let newPod: Slot<P> | null = null;
  let oldPod: P | null = null;
  for (const p of live) {
    if (p === CREATING || p.hash === hash) {
      if (newPod !== null) return { ok: false, newPod: null, oldPod: null };
      newPod = p;
    } else {
      if (oldPod !== null) return { ok: false, newPod: null, oldPod: null };
      oldPod = p;
    }
  }
  return { ok: true, newPod, oldPod };
}

function rollingWithoutSurge<P extends DaemonPod>(
  hash: string,
  states: readonly NodeState<P>[],
  maxUnavailable: number,
  available: (p: Slot<P>) => boolean,
): { delete: P[]; create: string[] } {
  let numUnavailable = 0;
  const replacements: P[] = [];
  const candidates: P[] = [];
  for (const s of states) {
    const { ok, newPod, oldPod } = splitNode(hash, s.live);
    if (!ok) {
      numUnavailable++;
      continue;
    }
    if ((oldPod === null && newPod === null && s.inMap) || (oldPod !== null && newPod !== null)) {
      numUnavailable++;
    } else if (newPod !== null) {
      if (!available(newPod)) numUnavailable++;
    } else if (oldPod !== null) {
      if (!available(oldPod)) {
        replacements.push(oldPod);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) {
        candidates.push(oldPod);
      }
    }
  }
  const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
  return { delete: [...replacements, ...candidates.slice(0, remaining)], create: [] };
}

function rollingWithSurge<P extends DaemonPod>(
  hash: string,
  states: readonly NodeState<P>[],
  maxSurge: number,
  desired: number,
  available: (p: Slot<P>) => boolean,
): { delete: P[]; create: string[] } {
  const del: P[] = [];
  const shouldNotRun: P[] = [];
  const allowedNew: string[] = [];
  const candidatesNew: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const s of states) {
    const { ok, newPod, oldPod } = splitNode(hash, s.live);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod !== null ? available(oldPod) : newPod !== null && available(newPod)) numAvailable++;
    if (oldPod === null) continue;
    if (newPod === null) {
      if (!available(oldPod)) {
        if (!s.shouldRun) del.push(oldPod);
        else allowedNew.push(s.name);
      } else if (!s.shouldRun) {
        shouldNotRun.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidatesNew.push(s.name);
      }
    } else if (!available(newPod)) {
      numSurge++;
    } else {
      del.push(oldPod);
    }
  }
  // With surge the owner expects full availability: a pod on a node that should no longer run it goes
  // only once that many pods are available elsewhere.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) del.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidatesNew.length);
  return { delete: del, create: [...allowedNew, ...candidatesNew.slice(0, remaining)] };
}

/** updateDaemonSetStatus: per desired node, its oldest pod (scheduled first) counts. */
function statusOf<P extends DaemonPod>(v: DaemonSetView<P>): DaemonSetDecision<P>['status'] {
  const s = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberReady: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
    numberMisscheduled: 0,
    updatedNumberScheduled: 0,
  };
  for (const node of v.nodes) {
    const pods = v.podsByNode.get(node.name);
    const scheduled = pods !== undefined && pods.length > 0;
    if (!node.shouldRun) {
      if (scheduled) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (!scheduled) continue;
    s.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationAndPhase)[0] as P;
    if (pod.ready) {
      s.numberReady++;
      if (isPodAvailable(pod, v.minReadySeconds, v.nowUs)) s.numberAvailable++;
    }
    if (pod.hash === v.hash) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  return s;
}
