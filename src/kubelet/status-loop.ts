// The kubelet's node-status loop (pkg/kubelet/kubelet_node_status.go syncNodeStatus, updateNodeStatus,
// tryUpdateNodeStatus) and fastStatusUpdateOnce, node-health-timing.md §2. Every
// nodeStatusUpdateFrequency (sliding, jittered) the kubelet computes its status and, in up to 5
// back-to-back attempts, posts it if it changed, if nothing was posted since start, or if the report
// period ran out. The kubelet writes Ready True or False, never Unknown; seeing Unknown in the API
// (written by the node lifecycle controller) counts as a change, which is how a node comes back.

import type { TimeUs } from '../engine/time.js';
import { Lane } from '../sim/events.js';
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
import type { AgentContext } from './kubelet.js';
import { PostedReady, StatusPhase } from './node-agent-table.js';

/** Conditions the kubelet posts, in the order kubelet_node_status.go's setters write them. */
const PRESSURE_CONDITIONS = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
] as const;

export class StatusLoop {
  constructor(private readonly ctx: AgentContext) {}

  /** Warm start at t = 0: the node already reports Ready; ticks run at the node's loop phase. */
  startWarm(i: number, firstTickUs: TimeUs): void {
    this.post(i, this.desiredReady(i), true);
    this.ctx.table.statusPhase[i] = StatusPhase.Idle;
    this.scheduleTickAt(i, firstTickUs);
  }

  /** Cold start: fastStatusUpdateOnce at once, regular ticks from the first loop period. */
  startNow(i: number): void {
    const t = this.ctx.table;
    const nowUs = this.ctx.engine.nowUs;
    t.postedSinceStart[i] = 0;
    t.fastStartUs[i] = nowUs;
    this.fastPoll(i);
    t.statusPhase[i] = StatusPhase.Idle;
    this.scheduleTickAt(i, this.firstTickAfterStartUs(i, nowUs));
  }

  /** Dispatch of KubeletStatusTick. */
  onTick(i: number): void {
    const t = this.ctx.table;
    t.statusHandle[i] = -1;
    if (t.statusPhase[i] === StatusPhase.AttemptInFlight) {
      this.ctx.heartbeatRow(i, 'NodeStatusUpdateFailed', 'timeout');
      this.attempts(i, (t.statusAttempt[i] as number) + 1);
    } else {
      this.attempts(i, 1);
    }
  }

  /** Dispatch of KubeletFastStatus. */
  onFastPoll(i: number): void {
    this.ctx.table.fastHandle[i] = -1;
    this.fastPoll(i);
  }

  /** updateNodeStatus: attempts `from`..5 of one tick, then the next tick one (jittered) period on. */
  private attempts(i: number, from: number): void {
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
    const cfg = this.ctx.config;
    const u = cfg.jitterFactor > 0 ? this.ctx.uniform(i) : 0;
    this.schedule(i, jitteredPeriodUs(cfg.nodeStatusUpdateFrequencyUs, cfg.jitterFactor, u));
  }

  /** tryUpdateNodeStatus with a reachable API: post if the rule says so; the status manager reconciles. */
  private update(i: number): void {
    const t = this.ctx.table;
    const ready = this.desiredReady(i);
    const changed = t.apiStatusDirty[i] === 1 || t.postedReady[i] !== ready;
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
    for (const [type, reason, message] of PRESSURE_CONDITIONS)
      state.setNodeCondition(node, type, 'False', reason, message);
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
        ? reportDelayUs(cfg.nodeStatusReportFrequencyUs, this.ctx.uniform(i))
        : 0;
    this.ctx.heartbeatRow(i, 'NodeStatusPosted', ready === PostedReady.True ? 'Ready=True' : 'Ready=False');
  }

  private desiredReady(i: number): number {
    return this.ctx.table.runtimeDown[i] === 0 ? PostedReady.True : PostedReady.False;
  }

  private firstTickAfterStartUs(i: number, nowUs: TimeUs): TimeUs {
    const cfg = this.ctx.config;
    const periodUs = cfg.nodeStatusUpdateFrequencyUs;
    if (cfg.jitterFactor === 0) return nextGridPointUs(nowUs, periodUs, M1_STATUS_PHASE);
    return nowUs + jitteredPeriodUs(periodUs, cfg.jitterFactor, this.ctx.uniform(i));
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
