// `kubectl drain` as a process on virtual time (k8s.io/kubectl/pkg/cmd/drain RunDrain and
// k8s.io/kubectl/pkg/drain Helper), for spec.operations `drain`:
//   1. cordon every named node (one PATCH each, skipped when already unschedulable);
//   2. drain the nodes one after the other: LIST the node's pods (spec.nodeName, every namespace, key
//      order), run the filters in kubectl's order (skipDeletedFilter, daemonSetFilter with a GET of each
//      DaemonSet, mirrorPodFilter, localStorageFilter for emptyDir volumes, unreplicatedFilter); any
//      filter error fails the node before anything is evicted;
//   3. evict every remaining pod at once (one goroutine each, in list order): a 429 is retried 5 s after
//      the answer (time.Sleep(5s)); a 404 means done; another error fails that pod. After a granted
//      eviction the pod is polled (GET at once, then on a 1 s ticker that drops the ticks a slow GET
//      misses, wait.PollImmediate) until it is gone or replaced (new uid), or skipped when deleting for
//      more than --skip-wait-for-delete-timeout seconds;
//   4. --timeout (0: none) bounds step 3 per node: a pod goroutine sees it at its next retry or poll and
//      fails with "global timeout reached: <timeout>"; the node is reported when its last goroutine ends.
//      A failed node stops the command (the rest stay cordoned) unless --ignore-errors.
// With --disable-eviction, pods are DELETEd one by one and polled together until --timeout.
// kubectl's client is client-go's default, 5 QPS with a burst of 10 per API group client (a clientset
// built with QPS 0 gives each typed client its own token bucket): core (nodes, pods), policy
// (evictions) and apps (DaemonSets); every request waits for its token, in the order it was made.

import { TokenBucket } from '../controllers/rate-limiter.js';
import { formatDuration, type TimeUs, US_PER_S } from '../engine/time.js';
import type { DrainOptions } from '../kernel/ports/node-drains.js';
import type { Node, Pod } from '../model/types.js';
import { type EvictionResult, refusalText } from '../workloads/eviction.js';
import {
  DELETE_POLL_US,
  EVICTION_RETRY_US,
  KUBECTL_CLIENT_BURST,
  KUBECTL_CLIENT_QPS,
  MirrorPodAnnotation,
} from './config.js';

export type DrainOutcome = 'Drained' | 'DrainTimedOut' | 'DrainFailed';

export interface DrainReport {
  readonly node: string;
  readonly startedUs: TimeUs;
  readonly finishedUs: TimeUs;
  readonly outcome: DrainOutcome;
  /** kubectl's error (the aggregate), or "" when drained. */
  readonly message: string;
  /** Evictions (or deletions) the API granted, and evictions it refused. */
  readonly evicted: number;
  readonly refused: number;
}

/** What the process needs from the simulation. */
export interface DrainEnv {
  readonly nowUs: TimeUs;
  /** Runs `fn` at `atUs` (>= now). */
  at(atUs: TimeUs, fn: () => void): void;
  node(name: string): Node | undefined;
  cordon(node: Node): void;
  /** LIST pods with spec.nodeName = node, every namespace, in namespace/name order. */
  podsOnNode(node: string): Pod[];
  pod(key: string): Pod | undefined;
  daemonSetExists(namespace: string, name: string): boolean;
  evict(podKey: string, gracePeriodSeconds: number | null, detail: string): EvictionResult;
  /** DELETE with the grace period; false when the pod is gone (404). */
  deletePod(podKey: string, gracePeriodSeconds: number | null, detail: string): boolean;
  report(r: DrainReport): void;
}

const FINISHED = new Set(['Succeeded', 'Failed']);

/** metav1.Time deletionTimestamp: deletion start + the grace period it was given. */
function deletionTimestampUs(pod: Pod): TimeUs | null {
  if (pod.deletionUs === null) return null;
  return pod.deletionUs + (pod.deletionGraceSeconds ?? pod.spec.terminationGracePeriodSeconds) * US_PER_S;
}

/** shouldSkipPod: deleting for more than N whole seconds. */
export function shouldSkipPod(pod: Pod, skipSeconds: number, nowUs: TimeUs): boolean {
  const ts = deletionTimestampUs(pod);
  return skipSeconds > 0 && ts !== null && Math.trunc((nowUs - ts) / US_PER_S) > skipSeconds;
}

type FilterStatus =
  | { readonly delete: true; readonly warning?: string }
  | { readonly delete: false; readonly error?: string; readonly warning?: string };

const OK: FilterStatus = { delete: true };
const SKIP: FilterStatus = { delete: false };

/** drain/filters.go makeFilters, in order; the first that does not delete decides. */
export function filterPod(
  pod: Pod,
  o: DrainOptions,
  daemonSetExists: (namespace: string, name: string) => boolean,
  nowUs: TimeUs,
): FilterStatus {
  if (shouldSkipPod(pod, o.skipWaitForDeleteTimeoutSeconds, nowUs)) return SKIP;
  const ref = pod.owner?.controller ? pod.owner : null;
  const finished = FINISHED.has(pod.phase);
  let warning: string | undefined;
  if (ref?.kind === 'DaemonSet' && !finished) {
    if (!daemonSetExists(pod.namespace, ref.name)) {
      const err = `daemonsets.apps "${ref.name}" not found`;
      if (!o.force) return { delete: false, error: err };
      warning = err;
    } else if (!o.ignoreDaemonsets) {
      return { delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
    } else return { delete: false, warning: 'ignoring DaemonSet-managed Pods' };
  }
  if (pod.annotations[MirrorPodAnnotation] !== undefined) return SKIP;
  if ((pod.spec.emptyDirVolumes?.length ?? 0) > 0 && !finished) {
    if (!o.deleteEmptydirData)
      return { delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)' };
    warning = 'deleting Pods with local storage';
  }
  if (!finished && ref === null) {
    if (!o.force)
      return {
        delete: false,
        error: 'cannot delete Pods that declare no controller (use --force to override)',
      };
    warning = 'deleting Pods that declare no controller';
  }
  return warning === undefined ? OK : { delete: true, warning };
}

/** PodDeleteList.errors(), sorted (upstream iterates a Go map: no order). */
export function filterErrors(failed: ReadonlyMap<string, string[]>): string[] {
  return [...failed.entries()]
    .map(([msg, pods]) => {
      const list = pods.join(', ');
      return msg.toLowerCase().startsWith('cannot delete')
        ? `${msg}: ${list}`
        : `cannot delete ${msg}: ${list}`;
    })
    .sort();
}

/** utilerrors.NewAggregate(errs).Error() */
export function aggregate(errs: readonly string[]): string {
  return errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]`;
}

interface NodeRun {
  readonly node: Node;
  readonly startedUs: TimeUs;
  deadlineUs: TimeUs;
  pending: number;
  readonly errors: string[];
  timedOut: boolean;
  evicted: number;
  refused: number;
}

/** One `kubectl drain` invocation over its nodes. */
export class DrainProcess {
  private readonly core: TokenBucket;
  private readonly policy: TokenBucket;
  private readonly apps: TokenBucket;
  private next = 0;
  private run: NodeRun | null = null;
  /** Set when the command has ended (all nodes done, or aborted). */
  done = false;

  constructor(
    private readonly env: DrainEnv,
    private readonly nodes: readonly Node[],
    private readonly o: DrainOptions,
  ) {
    const now = env.nowUs;
    this.core = new TokenBucket(KUBECTL_CLIENT_QPS, KUBECTL_CLIENT_BURST, now);
    this.policy = new TokenBucket(KUBECTL_CLIENT_QPS, KUBECTL_CLIENT_BURST, now);
    this.apps = new TokenBucket(KUBECTL_CLIENT_QPS, KUBECTL_CLIENT_BURST, now);
  }

  /** RunDrain: RunCordonOrUncordon(true) node by node, then the drains. */
  start(): void {
    this.cordon(0, this.env.nowUs);
  }

  private cordon(i: number, atUs: TimeUs): void {
    const node = this.nodes[i];
    if (node === undefined) {
      this.drainNext(atUs);
      return;
    }
    if (node.unschedulable) {
      this.cordon(i + 1, atUs); // "already cordoned": no request
      return;
    }
    const servedUs = this.core.reserve(atUs);
    this.env.at(servedUs, () => {
      this.env.cordon(node);
      this.cordon(i + 1, servedUs);
    });
  }

  private drainNext(atUs: TimeUs): void {
    const node = this.nodes[this.next++];
    if (node === undefined) {
      this.done = true;
      return;
    }
    const listUs = this.core.reserve(atUs);
    this.env.at(listUs, () => this.listAndFilter(node, atUs, listUs));
  }

  /** GetPodsForDeletion: the LIST, then the filters (each DaemonSet GET waits for its token in turn). */
  private listAndFilter(node: Node, startedUs: TimeUs, listUs: TimeUs): void {
    const pods = this.env.podsOnNode(node.name);
    const now = this.env.nowUs;
    let endUs = listUs;
    const toDelete: Pod[] = [];
    const failed = new Map<string, string[]>();
    for (const pod of pods) {
      const ds = pod.owner?.controller && pod.owner.kind === 'DaemonSet' && !FINISHED.has(pod.phase);
      if (ds && !shouldSkipPod(pod, this.o.skipWaitForDeleteTimeoutSeconds, now))
        endUs = this.apps.reserve(endUs);
      const st = filterPod(pod, this.o, (ns, name) => this.env.daemonSetExists(ns, name), now);
      if (st.delete) toDelete.push(pod);
      else if (st.error !== undefined) failed.set(st.error, [...(failed.get(st.error) ?? []), pod.key]);
    }
    this.env.at(endUs, () => {
      const run: NodeRun = {
        node,
        startedUs,
        deadlineUs: Number.POSITIVE_INFINITY,
        pending: 0,
        errors: [],
        timedOut: false,
        evicted: 0,
        refused: 0,
      };
      this.run = run;
      if (failed.size > 0) {
        run.errors.push(aggregate(filterErrors(failed)));
        this.finishNode(run);
      } else if (this.o.disableEviction) this.deletePods(run, toDelete);
      else this.evictPods(run, toDelete);
    });
  }

  private grace(): number | null {
    return this.o.gracePeriodSeconds >= 0 ? this.o.gracePeriodSeconds : null;
  }

  private evictPods(run: NodeRun, pods: readonly Pod[]): void {
    const now = this.env.nowUs;
    run.deadlineUs = this.o.timeoutUs > 0 ? now + this.o.timeoutUs : Number.POSITIVE_INFINITY;
    run.pending = pods.length;
    if (pods.length === 0) {
      this.finishNode(run);
      return;
    }
    for (const pod of pods) this.evictLoop(run, pod, now);
  }

  /** One goroutine's loop: check the deadline, POST the eviction, react to the answer. */
  private evictLoop(run: NodeRun, pod: Pod, atUs: TimeUs): void {
    if (atUs >= run.deadlineUs) {
      this.podFailed(
        run,
        `error when evicting pods/"${pod.name}" -n "${pod.namespace}": ${this.timeoutText(run)}`,
      );
      return;
    }
    const servedUs = this.policy.reserve(atUs);
    this.env.at(servedUs, () => {
      const r = this.env.evict(pod.key, this.grace(), `drain ${run.node.name}`);
      if (r.ok) {
        run.evicted++;
        this.waitForDelete(run, pod, servedUs, null);
      } else if (r.code === 404) this.podDone(run);
      else if (r.code === 429) {
        run.refused++;
        this.env.at(servedUs + EVICTION_RETRY_US, () =>
          this.evictLoop(run, pod, servedUs + EVICTION_RETRY_US),
        );
      } else
        this.podFailed(
          run,
          `error when evicting pods/"${pod.name}" -n "${pod.namespace}": ${refusalText(r)}`,
        );
    });
  }

  /**
   * PollImmediate(1s): a GET at `atUs`; `tickBaseUs` is when the first GET answered (the ticker starts
   * then), null before it.
   */
  private waitForDelete(run: NodeRun, pod: Pod, atUs: TimeUs, tickBaseUs: TimeUs | null): void {
    const servedUs = this.core.reserve(atUs);
    this.env.at(servedUs, () => {
      const live = this.env.pod(pod.key);
      const now = this.env.nowUs;
      if (
        live === undefined ||
        live.uid !== pod.uid ||
        shouldSkipPod(live, this.o.skipWaitForDeleteTimeoutSeconds, now)
      ) {
        this.podDone(run);
        return;
      }
      if (servedUs >= run.deadlineUs) {
        this.podFailed(
          run,
          `error when waiting for pod "${pod.name}" in namespace "${pod.namespace}" to terminate: ${this.timeoutText(run)}`,
        );
        return;
      }
      const base = tickBaseUs ?? servedUs;
      const tickUs = base + DELETE_POLL_US * (Math.floor((servedUs - base) / DELETE_POLL_US) + 1);
      this.env.at(tickUs, () => this.waitForDelete(run, pod, tickUs, base));
    });
  }

  /** --disable-eviction: DELETE each pod in turn, then poll them together until the timeout. */
  private deletePods(run: NodeRun, pods: readonly Pod[]): void {
    run.pending = 1;
    const step = (i: number, atUs: TimeUs) => {
      const pod = pods[i];
      if (pod === undefined) {
        this.pollDeleted(run, pods, atUs, null);
        return;
      }
      const servedUs = this.core.reserve(atUs);
      this.env.at(servedUs, () => {
        if (this.env.deletePod(pod.key, this.grace(), `drain ${run.node.name}`)) run.evicted++;
        step(i + 1, servedUs);
      });
    };
    step(0, this.env.nowUs);
  }

  private pollDeleted(run: NodeRun, pods: readonly Pod[], atUs: TimeUs, tickBaseUs: TimeUs | null): void {
    let endUs = atUs;
    for (let i = 0; i < pods.length; i++) endUs = this.core.reserve(endUs);
    this.env.at(endUs, () => {
      const now = this.env.nowUs;
      const pending = pods.filter((p) => {
        const live = this.env.pod(p.key);
        return (
          live !== undefined &&
          live.uid === p.uid &&
          !shouldSkipPod(live, this.o.skipWaitForDeleteTimeoutSeconds, now)
        );
      });
      if (pending.length === 0) {
        this.podDone(run);
        return;
      }
      const base = tickBaseUs ?? endUs;
      if (this.o.timeoutUs > 0 && run.deadlineUs === Number.POSITIVE_INFINITY)
        run.deadlineUs = base + this.o.timeoutUs;
      const tickUs = base + DELETE_POLL_US * (Math.floor((endUs - base) / DELETE_POLL_US) + 1);
      if (tickUs > run.deadlineUs) {
        // The poller's time.After(timeout) ends the wait at the deadline.
        this.env.at(run.deadlineUs, () => {
          run.timedOut = true;
          this.podFailed(run, 'timed out waiting for the condition');
        });
        return;
      }
      this.env.at(tickUs, () => this.pollDeleted(run, pending, tickUs, base));
    });
  }

  private timeoutText(run: NodeRun): string {
    run.timedOut = true;
    return `global timeout reached: ${formatDuration(this.o.timeoutUs)}`;
  }

  private podDone(run: NodeRun): void {
    if (--run.pending === 0) this.finishNode(run);
  }

  private podFailed(run: NodeRun, message: string): void {
    run.errors.push(message);
    this.podDone(run);
  }

  private finishNode(run: NodeRun): void {
    this.run = null;
    const failed = run.errors.length > 0;
    this.env.report({
      node: run.node.name,
      startedUs: run.startedUs,
      finishedUs: this.env.nowUs,
      outcome: !failed ? 'Drained' : run.timedOut ? 'DrainTimedOut' : 'DrainFailed',
      message: failed ? aggregate(run.errors) : '',
      evicted: run.evicted,
      refused: run.refused,
    });
    if (failed && !this.o.ignoreErrors) {
      this.done = true;
      return;
    }
    this.drainNext(this.env.nowUs);
  }

  /** The node being drained, if any (for tests). */
  get current(): string | null {
    return this.run?.node.name ?? null;
  }
}
