// How a kube-controller-manager controller runs (k8s.io/client-go/util/workqueue and the controllers'
// Run/worker loops): a work queue of object keys that deduplicates (a key queued twice is synced once;
// a key that changes while being synced is marked dirty and synced again afterwards), a fixed number of
// workers (--concurrent-*-syncs), and one API client per controller limited by --kube-api-qps and
// --kube-api-burst (client-go flowcontrol token bucket, node-health-timing.md §3.1). A sync is a pure
// decision (ControllerLogic.sync) turned into API calls; calls in one step are issued together (like
// slowStartBatch's goroutines) and a worker stays busy until its sync's last call has been served.
// Failed syncs are retried with the work queue's per-item exponential back-off (5 ms doubling to 1000 s,
// workqueue.DefaultTypedControllerRateLimiter).

import { assert } from '../engine/assert.js';
import type { TimeUs } from '../engine/time.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { ControllerName, RuntimeEvent } from './events.js';
import { TokenBucket } from './rate-limiter.js';

export interface SyncPlan<A> {
  /** API calls in steps: a step's calls are issued together; the next step waits for all of them. */
  readonly steps: readonly (readonly A[])[];
  /** AddAfter: sync the key again after this long (Job back-off, minReadySeconds, deadlines). */
  readonly requeueAfterUs?: TimeUs;
  /** The sync returned an error after these calls: retry with the work queue's back-off. */
  readonly failed?: boolean;
}

export interface ControllerLogic<A, N extends string = ControllerName> {
  readonly name: N;
  /** Reads the store and decides; must not write. null or no steps: nothing to do. */
  sync(key: string, nowUs: TimeUs): SyncPlan<A> | null;
  /** Carries out one API call; returns false if the API rejected it (the sync is then retried). */
  apply(action: A, nowUs: TimeUs): boolean;
  /** Calls never issued because an earlier step failed (slowStartBatch's skipped pods). */
  abandoned?(actions: readonly A[]): void;
}

interface Run<A> {
  readonly id: number;
  readonly key: string;
  readonly steps: readonly (readonly A[])[];
  step: number;
  outstanding: number;
  /** The sync ends in an error (a rejected call, or the decision itself returned one). */
  failed: boolean;
  /** An API call was rejected: later steps are not issued. */
  failedCall: boolean;
}

const BASE_BACKOFF_US = 5_000;
const Queued = 1;
const Processing = 2;
const Dirty = 4;
const MAX_BACKOFF_US = 1_000_000_000;

export class ControllerRuntime<A, P extends string = 'Controller', N extends string = ControllerName> {
  private readonly queue: string[] = [];
  private head = 0;
  /** Per key: Queued, Processing and Dirty bits (workqueue's queue, processing and dirty sets in one map). */
  private readonly keyState = new Map<string, number>();
  private readonly waiting = new Map<string, { atUs: TimeUs; handle: number }>();
  private readonly failures = new Map<string, number>();
  private readonly runs = new Map<number, Run<A>>();
  private nextRunId = 1;
  private idle: number;
  private workScheduled = false;
  private working = false;
  readonly bucket: TokenBucket | null;
  /** API calls issued so far (for tests and benchmarks). */
  apiCalls = 0;
  syncs = 0;

  constructor(
    private readonly sim: Kernel<RuntimeEvent<P, N>>,
    readonly logic: ControllerLogic<A, N>,
    readonly workers: number,
    rateLimit: { readonly qps: number; readonly burst: number } | null,
    /** The kind prefix of this runtime's events (RuntimeEvent). */
    private readonly prefix: P = 'Controller' as P,
  ) {
    assert(workers >= 1, `${logic.name}: needs at least one worker`);
    this.idle = workers;
    this.bucket = rateLimit ? new TokenBucket(rateLimit.qps, rateLimit.burst, sim.nowUs) : null;
  }

  get name(): N {
    return this.logic.name;
  }

  /** workqueue.Add */
  enqueue(key: string): void {
    const st = this.keyState.get(key) ?? 0;
    if ((st & Queued) !== 0) return;
    if ((st & Processing) !== 0) {
      if ((st & Dirty) === 0) this.keyState.set(key, st | Dirty);
      return;
    }
    this.keyState.set(key, Queued);
    this.queue.push(key);
    this.kick();
  }

  /** workqueue.AddAfter: the earliest pending deadline per key wins. */
  addAfter(key: string, delayUs: TimeUs): void {
    if (delayUs <= 0) {
      this.enqueue(key);
      return;
    }
    const atUs = this.sim.nowUs + Math.ceil(delayUs);
    const prev = this.waiting.get(key);
    if (prev !== undefined) {
      if (prev.atUs <= atUs && this.sim.engine.isPending(prev.handle)) return;
      this.sim.engine.cancel(prev.handle);
    }
    const handle = this.sim.engine.scheduleAt(
      atUs,
      { kind: `${this.prefix}Requeue`, controller: this.name, key } as RuntimeEvent<P, N>,
      Lane.Controller,
    );
    this.waiting.set(key, { atUs, handle });
  }

  onRequeue(key: string): void {
    this.waiting.delete(key);
    this.enqueue(key);
  }

  get queueLength(): number {
    return this.queue.length - this.head;
  }

  get busy(): boolean {
    return this.idle < this.workers || this.queueLength > 0;
  }

  private kick(): void {
    if (this.workScheduled || this.working || this.idle === 0 || this.head >= this.queue.length) return;
    this.workScheduled = true;
    this.sim.engine.schedule(
      0,
      { kind: `${this.prefix}Work`, controller: this.name } as RuntimeEvent<P, N>,
      Lane.Controller,
    );
  }

  onWork(): void {
    this.workScheduled = false;
    this.working = true;
    while (this.idle > 0 && this.head < this.queue.length) {
      const key = this.queue[this.head] as string;
      this.head++;
      this.keyState.set(key, Processing);
      this.idle--;
      this.startSync(key);
    }
    this.working = false;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private startSync(key: string): void {
    this.syncs++;
    const plan = this.logic.sync(key, this.sim.nowUs);
    if (plan?.requeueAfterUs !== undefined) this.addAfter(key, plan.requeueAfterUs);
    const steps = plan?.steps.filter((s) => s.length > 0) ?? [];
    if (steps.length === 0) {
      this.finish(key, plan?.failed ?? false);
      return;
    }
    const run: Run<A> = {
      id: this.nextRunId++,
      key,
      steps,
      step: 0,
      outstanding: 0,
      failed: plan?.failed ?? false,
      failedCall: false,
    };
    this.runs.set(run.id, run);
    this.issueStep(run);
  }

  private issueStep(run: Run<A>): void {
    const calls = run.steps[run.step] as readonly A[];
    run.outstanding = calls.length;
    const now = this.sim.nowUs;
    for (let i = 0; i < calls.length; i++) {
      const atUs = this.bucket === null ? now : this.bucket.reserve(now);
      this.apiCalls++;
      this.sim.engine.scheduleAt(
        atUs,
        { kind: `${this.prefix}ApiCall`, controller: this.name, run: run.id, index: i } as RuntimeEvent<P, N>,
        Lane.Controller,
      );
    }
  }

  onApiCall(runId: number, index: number): void {
    const run = this.runs.get(runId);
    assert(run !== undefined, () => `${this.name}: API call for unknown sync ${runId}`);
    const action = (run.steps[run.step] as readonly A[])[index] as A;
    if (!this.logic.apply(action, this.sim.nowUs)) {
      run.failed = true;
      run.failedCall = true;
    }
    if (--run.outstanding > 0) return;
    run.step++;
    if (run.step < run.steps.length && !run.failedCall) {
      this.issueStep(run);
      return;
    }
    this.runs.delete(runId);
    if (run.step < run.steps.length) this.logic.abandoned?.(run.steps.slice(run.step).flat());
    this.finish(run.key, run.failed);
  }

  private finish(key: string, failed: boolean): void {
    const dirty = ((this.keyState.get(key) ?? 0) & Dirty) !== 0;
    this.keyState.delete(key);
    this.idle++;
    if (failed) {
      const n = this.failures.get(key) ?? 0;
      this.failures.set(key, n + 1);
      this.addAfter(key, Math.min(MAX_BACKOFF_US, BASE_BACKOFF_US * 2 ** n));
    } else if (this.failures.size !== 0) {
      this.failures.delete(key);
    }
    if (dirty) this.enqueue(key);
    this.kick();
  }
}
