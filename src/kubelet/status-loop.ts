// The kubelet's node-status loop (pkg/kubelet/kubelet_node_status.go syncNodeStatus, updateNodeStatus,
// tryUpdateNodeStatus) and fastStatusUpdateOnce, node-health-timing.md §2. Every
// nodeStatusUpdateFrequency (sliding, jittered) the kubelet computes its status and, in up to 5
// back-to-back attempts, posts it if it changed, if nothing was posted since start, or if the report
// period ran out. The kubelet writes Ready True or False, never Unknown; seeing Unknown in the API
// (written by the node lifecycle controller) counts as a change, which is how a node comes back.
//
// Idle ticks are not events. A tick with nothing to post, nothing to reconcile and no timed-out calls
// changes nothing but the loop's phase, so when the loop has nothing pending it only keeps the time of
// its next tick and an event at the time a report falls due. A change (a fault on this node, a write by
// the node lifecycle controller) wakes it: the skipped ticks are replayed as jitter draws from the loop's
// own stream, in the same order, and the first tick that can see the change becomes an event again.
// The timeline is the same as with an event per tick; kubelet.heartbeatEvents: true turns it off.

import type { TimeUs } from '../engine/time.js';
import { Lane } from '../kernel/lanes.js';
import type { AgentContext } from './agent-context.js';
import {
  FAST_STATUS_POLL_US,
  jitteredPeriodUs,
  M1_STATUS_PHASE,
  NODE_READY_GRACE_PERIOD_US,
  NODE_STATUS_UPDATE_RETRY,
  nextGridPointUs,
  reportDelayUs,
  shouldPostStatus,
} from './heartbeat-timing.js';
import { PostedReady, StatusPhase } from './node-agent-table.js';
import type { PerNodeUniforms } from './uniform-buffer.js';

/**
 * Conditions the kubelet posts, in the order kubelet_node_status.go's setters write them, as
 * (type, reason, message, status) tuples built once (a post runs every 5 min on every node).
 */
const PRESSURE_CONDITIONS = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'False'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'False'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'False'],
] as const;

/** setters.go MemoryPressureCondition while the eviction manager reports pressure. */
const MEMORY_PRESSURE_TRUE = [
  'MemoryPressure',
  'KubeletHasInsufficientMemory',
  'kubelet has insufficient memory available',
  'True',
] as const;

export class StatusLoop {
  constructor(
    private readonly ctx: AgentContext,
    /** This loop's own random stream per node (see uniform-buffer.ts). */
    private readonly draws: PerNodeUniforms,
  ) {}

  /** Warm start at t = 0: the node already reports Ready; ticks run at the node's loop phase. */
  startWarm(i: number, firstTickUs: TimeUs): void {
    this.post(i, this.desiredReady(i), true);
    this.ctx.table.statusPhase[i] = StatusPhase.Idle;
    this.scheduleTickAt(i, firstTickUs);
  }

  /**
   * Cold start: fastStatusUpdateOnce at once, and the regular loop's first syncNodeStatus at once too
   * (JitterUntil runs f before its first wait, §0), which posts whatever the status is (nothing was
   * posted since the start), e.g. Ready=False when the runtime is down and the fast path stays silent.
   * Later ticks from the first loop period (M1: the next grid point).
   */
  startNow(i: number): void {
    const t = this.ctx.table;
    const nowUs = this.ctx.engine.nowUs;
    t.postedSinceStart[i] = 0;
    t.fastStartUs[i] = nowUs;
    this.fastPoll(i);
    t.statusPhase[i] = StatusPhase.Idle;
    this.attempts(i, 1, this.firstTickAfterStartUs(i, nowUs));
  }

  /** Dispatch of KubeletStatusTick. */
  onTick(i: number): void {
    const t = this.ctx.table;
    t.statusHandle[i] = -1;
    switch (t.statusPhase[i]) {
      case StatusPhase.AttemptInFlight:
        this.ctx.heartbeatRow(i, 'NodeStatusUpdateFailed', 'timeout');
        this.attempts(i, (t.statusAttempt[i] as number) + 1);
        return;
      case StatusPhase.Wake:
        this.materialize(i, true);
        return;
      default:
        this.attempts(i, 1);
    }
  }

  /** Dispatch of KubeletFastStatus. */
  onFastPoll(i: number): void {
    this.ctx.table.fastHandle[i] = -1;
    this.fastPoll(i);
  }

  /**
   * Something this loop reacts to changed now. `seenThisInstant`: a tick at exactly now can still see
   * it (faults act before kubelet events at one instant); controller writes come after it.
   */
  nudge(i: number, seenThisInstant: boolean): void {
    if (this.ctx.table.statusPhase[i] === StatusPhase.Wake) this.materialize(i, seenThisInstant);
  }

  /**
   * updateNodeStatus: attempts `from`..5 of one tick, then the next tick one (jittered) period on, or at
   * `nextUs` when given (the start tick, when no attempt took time).
   */
  private attempts(i: number, from: number, nextUs?: TimeUs): void {
    const t = this.ctx.table;
    for (let k = from; k <= NODE_STATUS_UPDATE_RETRY; k++) {
      const failAfterUs = this.ctx.failAfterUs(i);
      if (failAfterUs < 0) {
        this.update(i);
        break;
      }
      if (failAfterUs > 0) {
        t.statusPhase[i] = StatusPhase.AttemptInFlight;
        t.statusAttempt[i] = k;
        this.schedule(i, failAfterUs);
        return;
      }
      this.ctx.heartbeatRow(i, 'NodeStatusUpdateFailed', 'error');
    }
    t.statusPhase[i] = StatusPhase.Idle;
    this.afterTick(i, nextUs ?? this.ctx.engine.nowUs + this.periodUs(i));
  }

  /** The next tick is at `nextUs`: an event if it may matter, otherwise idle until a report is due. */
  private afterTick(i: number, nextUs: TimeUs): void {
    const t = this.ctx.table;
    const dueUs =
      (t.lastPostUs[i] as number) +
      this.ctx.config.nodeStatusReportFrequencyUs +
      (t.reportDelayUs[i] as number);
    if (this.pending(i) || nextUs >= dueUs) {
      this.scheduleTickAt(i, nextUs);
      return;
    }
    t.statusNextUs[i] = nextUs;
    t.statusPhase[i] = StatusPhase.Wake;
    t.statusHandle[i] = this.ctx.engine.scheduleAt(dueUs, t.statusEv[i]!, Lane.External);
  }

  /** Replays the idle ticks before now (or up to now) and schedules the first one that can matter. */
  private materialize(i: number, includeNow: boolean): void {
    const t = this.ctx.table;
    const nowUs = this.ctx.engine.nowUs;
    if ((t.statusHandle[i] as number) >= 0) this.ctx.engine.cancel(t.statusHandle[i] as number);
    let nextUs = t.statusNextUs[i] as number;
    while (includeNow ? nextUs < nowUs : nextUs <= nowUs) nextUs += this.periodUs(i);
    t.statusPhase[i] = StatusPhase.Idle;
    this.scheduleTickAt(i, nextUs);
  }

  /**
   * Whether the next tick must run as an event: something to post or reconcile, calls that take time
   * (timeout mode shifts the loop), or per-heartbeat rows requested.
   */
  private pending(i: number): boolean {
    const t = this.ctx.table;
    return (
      this.ctx.config.heartbeatEvents ||
      t.apiTimeoutFaults[i] !== 0 ||
      t.apiStatusDirty[i] === 1 ||
      t.postedSinceStart[i] === 0 ||
      t.podsNeedReady[i] === 1 ||
      t.postedReady[i] !== this.desiredReady(i) ||
      t.postedMemoryPressure[i] !== t.memoryPressure[i]
    );
  }

  /** tryUpdateNodeStatus with a reachable API: post if the rule says so; the status manager reconciles. */
  private update(i: number): void {
    const t = this.ctx.table;
    const ready = this.desiredReady(i);
    const changed =
      t.apiStatusDirty[i] === 1 ||
      t.postedReady[i] !== ready ||
      t.postedMemoryPressure[i] !== t.memoryPressure[i];
    const post = shouldPostStatus(
      changed,
      t.postedSinceStart[i] === 1,
      this.ctx.engine.nowUs,
      t.lastPostUs[i] as number,
      this.ctx.config.nodeStatusReportFrequencyUs,
      t.reportDelayUs[i] as number,
    );
    if (post) this.post(i, ready, changed || t.postedSinceStart[i] === 0);
    if (t.podsNeedReady[i] === 1) this.ctx.restorePodsReady(i);
  }

  /**
   * fastStatusUpdateOnce after a start: every 100 ms until the API shows Ready=True, or the kubelet is
   * ready and has patched that, or nodeReadyGracePeriod has passed. A Node without any Ready condition
   * gets the kubelet's initial status (registration writes the status with the Node).
   */
  private fastPoll(i: number): void {
    const t = this.ctx.table;
    const nowUs = this.ctx.engine.nowUs;
    if (nowUs - (t.fastStartUs[i] as number) >= NODE_READY_GRACE_PERIOD_US) return;
    const failAfterUs = this.ctx.failAfterUs(i);
    if (failAfterUs >= 0) {
      this.scheduleFast(i, failAfterUs + FAST_STATUS_POLL_US);
      return;
    }
    const apiReady = this.ctx.apiReadyStatus(i);
    if (apiReady === 'True') return;
    const ready = this.desiredReady(i);
    if (apiReady === null || ready === PostedReady.True) this.post(i, ready, true);
    if (ready !== PostedReady.True) this.scheduleFast(i, FAST_STATUS_POLL_US);
  }

  /** Writes all four conditions (one PATCH); `oneTimeDelay` re-draws the v1.34 report delay. */
  private post(i: number, ready: number, oneTimeDelay: boolean): void {
    const t = this.ctx.table;
    const cfg = this.ctx.config;
    const node = t.nodes[i]!;
    const state = this.ctx.state;
    this.ctx.beginOwnWrite();
    // The pressure conditions are rewritten only when they differ (after the node lifecycle controller
    // set them Unknown, on the first post, or when the eviction manager's MemoryPressure changes): their
    // lastHeartbeatTime is read by nobody.
    for (const cond of PRESSURE_CONDITIONS) {
      const [type, reason, message, status] =
        cond[0] === 'MemoryPressure' && t.memoryPressure[i] === 1 ? MEMORY_PRESSURE_TRUE : cond;
      const c = node.conditions.get(type);
      if (c === undefined || c.status !== status || c.reason !== reason) {
        state.setNodeCondition(node, type, status, reason, message);
      }
    }
    this.memoryPressureRow(i);
    if (ready === PostedReady.True) {
      state.setNodeCondition(node, 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status');
    } else {
      state.setNodeCondition(node, 'Ready', 'False', 'KubeletNotReady', 'container runtime is down');
    }
    this.ctx.endOwnWrite();
    t.postedReady[i] = ready;
    t.apiStatusDirty[i] = 0;
    t.postedSinceStart[i] = 1;
    t.lastPostUs[i] = this.ctx.engine.nowUs;
    t.reportDelayUs[i] =
      oneTimeDelay && cfg.statusReportJitter
        ? reportDelayUs(cfg.nodeStatusReportFrequencyUs, this.draws.next(i))
        : 0;
    this.ctx.heartbeatRow(i, 'NodeStatusPosted', ready === PostedReady.True ? 'Ready=True' : 'Ready=False');
  }

  /**
   * setters.go MemoryPressureCondition records NodeHasInsufficientMemory / NodeHasSufficientMemory when the
   * posted status flips between True and False (the rows for the first post and after Unknown are not
   * written, as for the other pressure conditions).
   */
  private memoryPressureRow(i: number): void {
    const t = this.ctx.table;
    if (t.postedMemoryPressure[i] === t.memoryPressure[i]) return;
    t.postedMemoryPressure[i] = t.memoryPressure[i] as number;
    const node = t.nodes[i]!;
    const reason = t.memoryPressure[i] === 1 ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory';
    this.ctx.nodeRow(i, reason, `Node ${node.name} status is now: ${reason}`);
  }

  private desiredReady(i: number): number {
    return this.ctx.table.runtimeDown[i] === 0 ? PostedReady.True : PostedReady.False;
  }

  /** One (jittered) loop period, drawn from the status loop's own stream. */
  private periodUs(i: number): TimeUs {
    const cfg = this.ctx.config;
    const u = cfg.jitterFactor > 0 ? this.draws.next(i) : 0;
    return jitteredPeriodUs(cfg.nodeStatusUpdateFrequencyUs, cfg.jitterFactor, u);
  }

  private firstTickAfterStartUs(i: number, nowUs: TimeUs): TimeUs {
    const cfg = this.ctx.config;
    if (cfg.jitterFactor === 0)
      return nextGridPointUs(nowUs, cfg.nodeStatusUpdateFrequencyUs, M1_STATUS_PHASE);
    return nowUs + this.periodUs(i);
  }

  private schedule(i: number, delayUs: TimeUs): void {
    const t = this.ctx.table;
    t.statusHandle[i] = this.ctx.engine.schedule(delayUs, t.statusEv[i]!, Lane.External);
  }

  private scheduleTickAt(i: number, atUs: TimeUs): void {
    const t = this.ctx.table;
    t.statusHandle[i] = this.ctx.engine.scheduleAt(atUs, t.statusEv[i]!, Lane.External);
  }

  private scheduleFast(i: number, delayUs: TimeUs): void {
    const t = this.ctx.table;
    t.fastHandle[i] = this.ctx.engine.schedule(delayUs, t.fastEv[i]!, Lane.External);
  }
}
