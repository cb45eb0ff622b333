// The kubelet's node-lease controller (staging/src/k8s.io/component-helpers/apimachinery/lease/
// controller.go), node-health-timing.md §1. One sync: up to 5 back-to-back PUTs from the cached lease;
// if they all fail (or nothing is cached), GET/CREATE the lease with a back-off of 200 ms doubling to a
// 7 s cap, forever, then PUT. The next sync starts renewInterval (jittered) after the sync *returned*, so
// the 10 s timer does not run while a sync is stuck in back-off. A failing call costs nothing in
// fast-fail mode and the 10 s client timeout in timeout mode; only timed-out calls become events.
//
// In steady state (API reachable, no per-heartbeat rows) every sync succeeds at once, so the loop keeps
// no event: it only remembers its next sync time, and its renewals are replayed - same jitter draws, same
// times - when the lease is read (the node lifecycle controller's pass calls flushLeases first) or when a
// fault interrupts the loop. The node lifecycle controller sees exactly the renewTimes it would see with
// an event per renewal; kubelet.heartbeatEvents: true turns this off.

import type { TimeUs } from '../engine/time.js';
import { Lane } from '../kernel/lanes.js';
import type { AgentContext } from './agent-context.js';
import {
  jitteredPeriodUs,
  LEASE_BACKOFF_SEED_US,
  LEASE_MAX_UPDATE_RETRIES,
  M1_LEASE_PHASE,
  nextGridPointUs,
  nextLeaseBackoffUs,
} from './heartbeat-timing.js';
import { LeasePhase } from './node-agent-table.js';
import type { PerNodeUniforms } from './uniform-buffer.js';

export class LeaseLoop {
  constructor(
    private readonly ctx: AgentContext,
    /** This loop's own random stream per node (see uniform-buffer.ts). */
    private readonly draws: PerNodeUniforms,
  ) {}

  /** Cold start: sync at once (the lease is re-read or created; nothing is cached in a new process). */
  startNow(i: number): void {
    this.ctx.table.leaseCached[i] = 0;
    this.ctx.table.leaseStartup[i] = 1;
    this.sync(i);
  }

  /** Warm start at t = 0: the lease exists; the first regular sync is at the node's loop phase. */
  startWarm(i: number, firstSyncUs: TimeUs): void {
    const t = this.ctx.table;
    t.leaseCached[i] = 1;
    this.ctx.renewLease(i);
    t.leasePhase[i] = LeasePhase.Idle;
    this.waitForSync(i, firstSyncUs);
  }

  /**
   * Replays the steady-state syncs due before `uptoUs` (at it too, if `inclusive`): each succeeds at
   * once and the next follows one (jittered) renew interval later; the last renewal is written.
   */
  flush(i: number, uptoUs: TimeUs, inclusive: boolean): void {
    const t = this.ctx.table;
    if (t.leaseIdle[i] !== 1) return;
    let next = t.leaseNextUs[i] as number;
    let last = -1;
    while (inclusive ? next <= uptoUs : next < uptoUs) {
      last = next;
      next += this.periodUs(i);
    }
    t.leaseNextUs[i] = next;
    if (last >= 0) this.ctx.renewLease(i, last);
  }

  /** Something is about to change what syncs do (a fault): replay the earlier ones, then use events. */
  wake(i: number): void {
    const t = this.ctx.table;
    if (t.leaseIdle[i] !== 1) return;
    this.flush(i, this.ctx.engine.nowUs, false);
    t.leaseIdle[i] = 0;
    this.scheduleAt(i, t.leaseNextUs[i] as number);
  }

  /** Dispatch of KubeletLeaseSync: continue wherever the loop is. */
  onEvent(i: number): void {
    const t = this.ctx.table;
    t.leaseHandle[i] = -1;
    switch (t.leasePhase[i]) {
      case LeasePhase.Idle:
        this.sync(i);
        return;
      case LeasePhase.PutInFlight:
        this.ctx.heartbeatRow(i, 'LeaseRenewFailed', 'update');
        this.puts(i, (t.leaseAttempt[i] as number) + 1);
        return;
      case LeasePhase.GetSleep:
        this.get(i);
        return;
      case LeasePhase.GetInFlight:
        this.ctx.heartbeatRow(i, 'LeaseRenewFailed', 'get');
        this.backoff(i);
        return;
    }
  }

  /** First regular sync time after a start at `nowUs`. */
  firstSyncAfterStartUs(i: number, nowUs: TimeUs): TimeUs {
    const cfg = this.ctx.config;
    if (cfg.jitterFactor === 0) return nextGridPointUs(nowUs, cfg.leaseRenewIntervalUs, M1_LEASE_PHASE);
    return nowUs + this.periodUs(i);
  }

  private sync(i: number): void {
    if (this.ctx.table.leaseCached[i] === 1) this.puts(i, 1);
    else {
      this.ctx.table.leaseSleepUs[i] = LEASE_BACKOFF_SEED_US;
      this.get(i);
    }
  }

  /** retryUpdateLease: PUT attempts `from`..5; falls back to GET when all fail. */
  private puts(i: number, from: number): void {
    const t = this.ctx.table;
    for (let k = from; k <= LEASE_MAX_UPDATE_RETRIES; k++) {
      const failAfterUs = this.ctx.failAfterUs(i);
      if (failAfterUs < 0) {
        this.succeed(i);
        return;
      }
      if (failAfterUs > 0) {
        t.leasePhase[i] = LeasePhase.PutInFlight;
        t.leaseAttempt[i] = k;
        this.schedule(i, failAfterUs);
        return;
      }
      this.ctx.heartbeatRow(i, 'LeaseRenewFailed', 'update');
    }
    t.leaseSleepUs[i] = LEASE_BACKOFF_SEED_US;
    this.get(i);
  }

  /** One ensureLease call (GET, or CREATE on 404); on success the PUT that follows succeeds too (M5). */
  private get(i: number): void {
    const failAfterUs = this.ctx.failAfterUs(i);
    if (failAfterUs < 0) {
      this.succeed(i);
      return;
    }
    if (failAfterUs > 0) {
      this.ctx.table.leasePhase[i] = LeasePhase.GetInFlight;
      this.schedule(i, failAfterUs);
      return;
    }
    this.ctx.heartbeatRow(i, 'LeaseRenewFailed', 'get');
    this.backoff(i);
  }

  private backoff(i: number): void {
    const t = this.ctx.table;
    const sleepUs = nextLeaseBackoffUs(t.leaseSleepUs[i] as number);
    t.leaseSleepUs[i] = sleepUs;
    t.leasePhase[i] = LeasePhase.GetSleep;
    this.schedule(i, sleepUs);
  }

  /** The sync returned with a renewal: next sync one (jittered) renew interval later. */
  private succeed(i: number): void {
    const t = this.ctx.table;
    t.leaseCached[i] = 1;
    this.ctx.renewLease(i);
    t.leasePhase[i] = LeasePhase.Idle;
    const nowUs = this.ctx.engine.nowUs;
    if (t.leaseStartup[i] === 1) {
      t.leaseStartup[i] = 0;
      this.waitForSync(i, this.firstSyncAfterStartUs(i, nowUs));
      return;
    }
    this.waitForSync(i, nowUs + this.periodUs(i));
  }

  /** The next regular sync is at `atUs`: an event, unless the loop can idle (see the header). */
  private waitForSync(i: number, atUs: TimeUs): void {
    const t = this.ctx.table;
    if (!this.ctx.config.heartbeatEvents && t.apiFaults[i] === 0) {
      t.leaseIdle[i] = 1;
      t.leaseNextUs[i] = atUs;
      return;
    }
    this.scheduleAt(i, atUs);
  }

  /** One (jittered) renew interval, drawn from the lease loop's own stream. */
  private periodUs(i: number): TimeUs {
    const cfg = this.ctx.config;
    const u = cfg.jitterFactor > 0 ? this.draws.next(i) : 0;
    return jitteredPeriodUs(cfg.leaseRenewIntervalUs, cfg.jitterFactor, u);
  }

  private schedule(i: number, delayUs: TimeUs): void {
    const t = this.ctx.table;
    // A start-up sync that has to wait (back-off, timed-out call) is an ordinary sliding sync from then on.
    if (t.leasePhase[i] !== LeasePhase.Idle) t.leaseStartup[i] = 0;
    t.leaseHandle[i] = this.ctx.engine.schedule(delayUs, t.leaseEv[i]!, Lane.External);
  }

  private scheduleAt(i: number, atUs: TimeUs): void {
    const t = this.ctx.table;
    t.leaseHandle[i] = this.ctx.engine.scheduleAt(atUs, t.leaseEv[i]!, Lane.External);
  }
}
