// The cluster-autoscaler main loop (core/static_autoscaler.go RunOnce, every --scan-interval). Each
// loop: cluster state (readiness, scale-up requests, creation errors, back-off), removal of
// long-unregistered nodes and of instances that failed to create, the cluster-health halt
// (--ok-total-unready-count / --max-total-unready-percentage), the snapshot (nodes + injected upcoming
// nodes), unschedulable pods minus those that fit the snapshot (filter_out_schedulable.go) minus young
// pods (--new-pod-scale-up-delay, the pod annotation, and the 2 s wait for more pods), scale-up, then
// scale-down: unneeded nodes, cooldowns (--scale-down-delay-after-add / -delete / -failure), deletions
// within the parallelism budgets (actuation.ts), soft DeletionCandidate taints.

import { parseDurationUs, type TimeUs } from '../engine/time.js';
import type { ReasonOf } from '../model/event-reasons.js';
import { makeNode } from '../model/factory.js';
import type { Node, Pod } from '../model/types.js';
import { LabelTopologyZone } from '../model/types.js';
import { drainContextOf, ScaleDownActuator } from './actuation.js';
import { BASIC_IGNORED_LABELS, isSimilar, isSimilarByLabels } from './balancing.js';
import { CloudProvider } from './cloud.js';
import { ClusterStateRegistry, type NodeReadinessInput } from './clusterstate.js';
import type { AutoscalerOptions } from './config.js';
import { isPodLongTerminating } from './drainability.js';
import type { AutoscalerTimer } from './events.js';
import type { ExpanderContext, TemplateFacts } from './expanders.js';
import type { PodGroup } from './groups.js';
import { placementClassKey } from './groups.js';
import type { AutoscalerHost } from './host.js';
import { clusterTotals, resourcesLeft } from './limits.js';
import { type NodeGroupDef, nodeInitFor } from './node-groups.js';
import { type PendingGroup, podScaleUpDelayUs } from './pending.js';
import { type PlaceRun, placeRun, RoomIndex } from './placement.js';
import { PredicateChecker, VerdictMemo } from './predicates.js';
import {
  type NodeToRemove,
  simulateNodeRemoval,
  UnneededNodes,
  UnremovableNodes,
  unneededNodesLimit,
  unremovableReason,
} from './scaledown.js';
import { type ScaleUpGroup, scaleUp } from './scaleup.js';
import { StatusConfigMap } from './schema.js';
import { ClusterSnapshot } from './snapshot.js';
import { DeletionCandidateTaint, isStartupTaint, ToBeDeletedTaint, toBeDeletedSinceUs } from './taints.js';
import { utilization } from './utilization.js';

const S = 1_000_000;
const NO_RESOURCES = { cpu: 0, memory: 0, gpu: 0 } as const;
/** static_autoscaler.go unschedulablePodTimeBuffer / unschedulablePodWithGpuTimeBuffer. */
const UNSCHEDULABLE_POD_TIME_BUFFER_US = 2 * S;
const UNSCHEDULABLE_GPU_POD_TIME_BUFFER_US = 30 * S;
/** Identical events on one object are recorded once per 5 minutes (--record-duplicated-events=false). */
const EVENT_DEDUP_US = 300 * S;

/** Per node group counters for outputs. */
export interface GroupStats {
  scaleUps: number;
  nodesAdded: number;
  nodesRemoved: number;
  peakTarget: number;
  /** Instance-seconds (from creation until gone), in microseconds. */
  instanceUs: number;
}

export class ClusterAutoscaler {
  readonly cloud: CloudProvider;
  readonly csr: ClusterStateRegistry;
  readonly groups: ReadonlyMap<string, NodeGroupDef>;
  readonly unneeded = new UnneededNodes();
  private readonly unremovable = new UnremovableNodes();
  private lastScaleUpUs: TimeUs;
  private lastScaleDownDeleteUs: TimeUs;
  private lastScaleDownFailUs: TimeUs;
  private readonly actuator: ScaleDownActuator;
  private readonly dedup = new WeakMap<object, Map<string, TimeUs>>();
  private lastLoopUs: TimeUs | null = null;
  private minLoopIntervalUs: TimeUs;
  private virtualIdx = 1 << 29;
  private initialized = false;
  readonly stats = new Map<string, GroupStats>();
  /** Instance start times for cost (name -> created). */
  private readonly instanceSince = new Map<string, TimeUs>();
  loops = 0;

  constructor(
    private readonly host: AutoscalerHost,
    readonly options: AutoscalerOptions,
    groups: readonly NodeGroupDef[],
  ) {
    this.groups = new Map(groups.map((g) => [g.id, g]));
    this.cloud = new CloudProvider(options.cloud, host.cloudRng);
    for (const g of groups) {
      this.cloud.addGroup(
        { id: g.id, zone: g.zone, minSize: g.minSize, maxSize: g.maxSize, instanceName: g.nodeName },
        g.initialNodes,
      );
      this.stats.set(g.id, {
        scaleUps: 0,
        nodesAdded: 0,
        nodesRemoved: 0,
        peakTarget: g.initialNodes.length,
        instanceUs: 0,
      });
      for (const n of g.initialNodes) this.instanceSince.set(n, 0);
    }
    this.csr = new ClusterStateRegistry(this.cloud, {
      okTotalUnreadyCount: options.okTotalUnreadyCount,
      maxTotalUnreadyPercentage: options.maxTotalUnreadyPercentage,
      maxNodeProvisionTimeUs: options.maxNodeProvisionTimeUs,
      maxNodeStartupTimeUs: options.maxNodeStartupTimeUs,
      backoff: {
        initialUs: options.initialNodeGroupBackoffUs,
        maxUs: options.maxNodeGroupBackoffUs,
        resetTimeoutUs: options.nodeGroupBackoffResetTimeoutUs,
      },
    });
    // NewStaticAutoscaler: initial scale times an hour back, so nothing starts in cooldown.
    const hourAgo = -3600 * S;
    this.lastScaleUpUs = hourAgo;
    this.lastScaleDownDeleteUs = hourAgo;
    this.lastScaleDownFailUs = hourAgo;
    this.actuator = new ScaleDownActuator({
      host,
      options,
      cloud: this.cloud,
      unneeded: this.unneeded,
      groups: this.groups,
      groupOf: (n) => this.groupOf(n),
      isReady: (n) => this.isReady(n),
      emitStatus: (r, m, n, z) => this.emitStatus(r, m, n, z),
      emitPod: (p, r, m) => this.emitPod(p, r, m),
      nodeDeleted: (g, name, goneAtUs) => {
        (this.stats.get(g) as GroupStats).nodesRemoved++;
        this.scheduleGone(name, goneAtUs);
      },
    });
    this.minLoopIntervalUs = options.scaleDownUnneededTimeUs > 0 ? options.scaleDownUnneededTimeUs : 1;
  }

  /** main.go: the first iteration runs one --scan-interval after start, then every interval. */
  start(): void {
    this.host.at(this.host.nowUs + this.options.scanIntervalUs, { type: 'loop' });
  }

  onTimer(t: AutoscalerTimer): void {
    switch (t.type) {
      case 'loop':
        this.runOnce();
        this.host.at(this.host.nowUs + this.options.scanIntervalUs, { type: 'loop' });
        return;
      case 'register':
        this.register(t.name);
        return;
      case 'gone':
        this.gone(t.name);
        return;
      case 'deletion':
        this.actuator.step(t.node, t.step);
        return;
    }
  }

  // ---- events ---------------------------------------------------------------------------------------

  private emitPod(pod: Pod, reason: ReasonOf<'Pod'>, message: string): void {
    let m = this.dedup.get(pod);
    if (m === undefined) {
      m = new Map();
      this.dedup.set(pod, m);
    }
    const key = `${reason}|${message}`;
    const last = m.get(key);
    const now = this.host.nowUs;
    if (last !== undefined && last + EVENT_DEDUP_US > now) return;
    m.set(key, now);
    this.host.emit('Pod', reason, pod.key, '', '', message);
  }

  private readonly statusDedup = new Map<string, TimeUs>();

  private emitStatus(reason: ReasonOf<'Autoscaler'>, message: string, node = '', zone = ''): void {
    const key = `${reason}|${message}|${node}`;
    const last = this.statusDedup.get(key);
    const now = this.host.nowUs;
    if (last !== undefined && last + EVENT_DEDUP_US > now) return;
    this.statusDedup.set(key, now);
    this.host.emit('Autoscaler', reason, StatusConfigMap, node, zone, message);
  }

  // ---- the loop -------------------------------------------------------------------------------------

  private groupOf(nodeName: string): string | null {
    const g = this.cloud.groupOfInstance(nodeName);
    return g !== null && this.groups.has(g) ? g : null;
  }

  private isReady(node: Node): boolean {
    if (node.conditions.get('Ready')?.status !== 'True') return false;
    return !node.taints.some((t) => isStartupTaint(t.key));
  }

  runOnce(): void {
    const now = this.host.nowUs;
    this.loops++;
    if (this.lastLoopUs !== null)
      this.minLoopIntervalUs = Math.min(this.minLoopIntervalUs, now - this.lastLoopUs);
    this.lastLoopUs = now;
    this.cleanUpIfRequired();
    const nodes = this.host.state.nodes;
    const readiness: NodeReadinessInput[] = nodes.map((n) => ({
      name: n.name,
      group: this.groupOf(n.name),
      ready: this.isReady(n),
      creationUs: Math.floor(n.creationUs / S) * S,
    }));
    // ActionableClusterProcessor: --scale-up-from-zero=false stops at 0 ready nodes.
    if (!this.options.scaleUpFromZero && !readiness.some((r) => r.ready)) return;
    for (const e of this.csr.updateNodes(readiness, now)) this.emitStatus(e.reason, e.message);
    this.trackPeaks();
    this.removeOldUnregisteredNodes(now);
    if (!this.csr.isClusterHealthy()) {
      this.unneeded.clear();
      this.emitStatus('ClusterUnhealthy', 'Cluster is unhealthy');
      return;
    }
    this.deleteCreatedNodesWithErrors(now);
    if (this.fixNodeGroupSizes(now)) return;
    const upcoming = this.csr.upcoming();
    const notStarted = new Set<string>();
    for (const names of upcoming.registered.values()) for (const n of names) notStarted.add(n);
    const snap = this.buildSnapshot(nodes, notStarted, upcoming.counts);
    const checker = new PredicateChecker(this.host.frameworks, snap);
    const memo = new VerdictMemo(checker);
    const readyCount = readiness.filter((r) => r.ready).length;
    const scaledUp = this.scaleUpPhase(checker, memo, readyCount, nodes.length, upcoming.counts);
    if (scaledUp.scaled) {
      this.lastScaleUpUs = now;
    } else if (this.options.scaleDownEnabled) {
      this.scaleDownPhase(checker, memo, nodes, notStarted, scaledUp.disableScaleDown);
    }
    if (this.options.enforceNodeGroupMinSize) this.scaleUpToMinSize(now);
  }

  private trackPeaks(): void {
    for (const id of this.groups.keys()) {
      const s = this.stats.get(id) as GroupStats;
      s.peakTarget = Math.max(s.peakTarget, this.cloud.targetSize(id));
    }
  }

  /** cleanUpIfRequired: ToBeDeleted taints left by an earlier run are removed once, at the first loop. */
  private cleanUpIfRequired(): void {
    if (this.initialized) return;
    this.initialized = true;
    for (const n of this.host.state.nodes) {
      if (this.groupOf(n.name) === null) continue;
      if (n.taints.some((t) => t.key === ToBeDeletedTaint))
        this.host.removeTaint(n, ToBeDeletedTaint, 'NoSchedule');
      if (this.options.maxBulkSoftTaintCount === 0 && n.taints.some((t) => t.key === DeletionCandidateTaint))
        this.host.removeTaint(n, DeletionCandidateTaint, 'PreferNoSchedule');
    }
  }

  /** removeOldUnregisteredNodes: instances unregistered for --max-node-provision-time are deleted. */
  private removeOldUnregisteredNodes(now: TimeUs): void {
    const byGroup = new Map<string, string[]>();
    for (const u of this.csr.unregisteredNodes()) {
      if (u.sinceUs + this.options.maxNodeProvisionTimeUs < now)
        byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), u.name]);
    }
    for (const [g, names] of byGroup) {
      const possible = this.cloud.targetSize(g) - (this.groups.get(g) as NodeGroupDef).minSize;
      if (possible <= 0) continue;
      const del = names.slice(0, possible);
      for (const i of this.cloud.deleteNodes(g, del, now)) {
        this.emitStatus('DeleteUnregistered', `Removed unregistered node ${i.id}`);
        this.scheduleGone(i.id, i.goneAtUs as TimeUs);
      }
    }
  }

  /** deleteCreatedNodesWithErrors: instances that failed to create are deleted (target size drops). */
  private deleteCreatedNodesWithErrors(now: TimeUs): void {
    for (const [g, names] of this.csr.createdNodesWithErrors()) {
      for (const i of this.cloud.deleteNodes(g, names, now)) this.scheduleGone(i.id, i.goneAtUs as TimeUs);
    }
  }

  /** fixNodeGroupSize: a target above the registered nodes for --max-node-provision-time is lowered. */
  private fixNodeGroupSizes(now: TimeUs): boolean {
    let fixed = false;
    for (const g of this.groups.keys()) {
      const inc = this.csr.incorrectNodeGroupSize(g);
      if (inc === null || !(inc.firstUs + this.options.maxNodeProvisionTimeUs < now)) continue;
      const delta = inc.current - inc.expected;
      if (delta < 0) {
        this.cloud.decreaseTargetSize(g, delta);
        fixed = true;
      }
    }
    return fixed;
  }

  private scheduleGone(name: string, atUs: TimeUs): void {
    this.host.at(Math.max(atUs, this.host.nowUs), { type: 'gone', name });
  }

  // ---- templates and snapshot -----------------------------------------------------------------------

  private readonly dsPodsCache = new Map<string, { loop: number; pods: Pod[] }>();

  /** A fresh template copy of the group (TemplateNodeInfo from the group's spec with its DaemonSet pods). */
  templateCopy(g: NodeGroupDef, name: string): { node: Node; pods: readonly Pod[] } {
    const node = makeNode(nodeInitFor(g, name, this.virtualIdx++, this.host.nowUs));
    let cached = this.dsPodsCache.get(g.id);
    if (cached === undefined || cached.loop !== this.loops) {
      cached = { loop: this.loops, pods: this.host.daemonSetPodsFor(node) };
      this.dsPodsCache.set(g.id, cached);
    }
    return { node, pods: cached.pods };
  }

  private buildSnapshot(
    nodes: readonly Node[],
    notStarted: ReadonlySet<string>,
    upcoming: ReadonlyMap<string, number>,
  ): ClusterSnapshot {
    const cache = this.host.cache;
    const snap = new ClusterSnapshot(cache.owners);
    for (const ni of cache.nodes) {
      if (notStarted.has(ni.name)) continue;
      snap.addNode(ni, { group: this.groupOf(ni.name), virtual: false });
    }
    // nonExpendableScheduledPods: expendable pods are not in the snapshot. Pods the scheduler assumed
    // but has not bound stay where they are assumed (upstream's listers would show them unplaced and,
    // if their last attempt failed, pending: filterOutSchedulable would put them in that same room).
    for (const p of this.host.expendablePods) {
      const pos = p.assumedNode === null ? undefined : snap.position(p.assumedNode);
      if (pos !== undefined) snap.removePod(pos, p);
    }
    for (const [g, count] of upcoming) {
      const def = this.groups.get(g);
      if (def === undefined) continue;
      for (let i = 0; i < count; i++) {
        const c = this.templateCopy(def, `${g}-upcoming-${i}`);
        snap.addVirtualNode(c.node, c.pods, g);
      }
    }
    void nodes;
    return snap;
  }

  // ---- scale-up -------------------------------------------------------------------------------------

  private helpable(g: PendingGroup): boolean {
    const e = g.exemplar;
    if (e.daemonSet) return false; // filterOutDaemonSetPods
    if (e.spec.priority < this.options.expendablePodsPriorityCutoff) return false; // filterOutExpendable
    return this.host.frameworks.has(e.spec.schedulerName);
  }

  /**
   * filterOutSchedulableByPacking: pending groups (highest priority first) placed on the snapshot;
   * unconstrained groups of one placement class in one arithmetic run. Returns, per group, how many of
   * its pods did not fit (the first pods of a group are the ones that fit).
   */
  private filterOutSchedulable(
    checker: PredicateChecker,
    memo: VerdictMemo,
    groups: readonly PendingGroup[],
  ): Map<PendingGroup, number> {
    const left = new Map<PendingGroup, number>();
    const withLabels = this.host.cache.podsWithRequiredAntiAffinity.size > 0;
    const sorted = [...groups].sort(
      (a, b) => b.exemplar.spec.priority - a.exemplar.spec.priority || a.id - b.id,
    );
    type Run = { key: string; groups: PendingGroup[]; constrained: boolean };
    const runs: Run[] = [];
    const byKey = new Map<string, Run>();
    let prio: number | null = null;
    for (const g of sorted) {
      if (g.exemplar.spec.priority !== prio) {
        prio = g.exemplar.spec.priority;
        byKey.clear();
      }
      const p = checker.prepare(g.exemplar);
      const constrained = p === null || p.constrained;
      const key = constrained ? `group:${g.id}` : `${prio}|${placementClassKey(g.exemplar, withLabels)}`;
      let run = byKey.get(key);
      if (run === undefined) {
        run = { key, groups: [], constrained };
        byKey.set(key, run);
        runs.push(run);
      }
      run.groups.push(g);
    }
    for (const run of runs) {
      const ex = (run.groups[0] as PendingGroup).exemplar;
      const prepared = checker.prepare(ex);
      const total = run.groups.reduce((a, g) => a + g.pods.size, 0);
      let placed = 0;
      if (prepared !== null && prepared.state !== null) {
        const pods = run.constrained ? [...(run.groups[0] as PendingGroup).pods] : [];
        const r = placeRun(
          checker,
          memo,
          { classKey: run.key, prepared, pods, count: total },
          0,
          checker.snapshot.size,
          null,
        );
        placed = r.placed;
      }
      for (const g of run.groups) {
        const fit = Math.min(g.pods.size, placed);
        placed -= fit;
        left.set(g, g.pods.size - fit);
      }
    }
    return left;
  }

  /** The pods of `g` that did not fit, minus young ones (filterOutYoungPods). */
  private remainingPods(g: PendingGroup, count: number, now: TimeUs): Pod[] {
    const all = [...g.pods];
    const rest = all.slice(all.length - count);
    const base = this.options.newPodScaleUpDelayUs;
    return rest.filter((p) => {
      let delay = base;
      const ann = g.annotated > 0 ? podScaleUpDelayUs(p, parseDurationUs) : null;
      if (ann !== null && ann >= base) delay = ann;
      return now - p.createdUs > delay;
    });
  }

  private scaleUpPhase(
    checker: PredicateChecker,
    memo: VerdictMemo,
    readyCount: number,
    nodeCount: number,
    upcoming: ReadonlyMap<string, number>,
  ): { scaled: boolean; disableScaleDown: boolean } {
    const now = this.host.nowUs;
    const pending = this.host.pending.list().filter((g) => this.helpable(g));
    if (pending.length === 0) return { scaled: false, disableScaleDown: false };
    const left = this.filterOutSchedulable(checker, memo, pending);
    const groups: PodGroup[] = [];
    for (const g of pending) {
      const n = left.get(g) ?? 0;
      if (n === 0) continue;
      const pods = this.remainingPods(g, n, now);
      if (pods.length > 0) groups.push({ id: `g${g.id}`, exemplar: g.exemplar, pods });
    }
    if (groups.length === 0) return { scaled: false, disableScaleDown: false };
    if (this.options.maxNodesTotal > 0 && readyCount >= this.options.maxNodesTotal) {
      for (const g of groups)
        for (const p of g.pods)
          this.emitPod(
            p,
            'NotTriggerScaleUp',
            "pod didn't trigger scale-up: max total nodes in cluster reached",
          );
      return { scaled: false, disableScaleDown: false };
    }
    if (this.allPodsAreNew(groups, now)) return { scaled: false, disableScaleDown: true };
    const upcomingTotal = [...upcoming.values()].reduce((a, b) => a + b, 0);
    const result = scaleUp({
      checker,
      memo,
      groups,
      nodeGroups: this.scaleUpGroups(now),
      expanders: this.options.expanders,
      expanderCtx: this.expanderContext(nodeCount),
      resourcesLeft: this.resourcesLeft(),
      currentNodeCount: nodeCount + upcomingTotal,
      maxNodesTotal: this.options.maxNodesTotal,
      maxNodesPerScaleUp: this.options.maxNodesPerScaleUp,
      fastpath: this.options.fastpathBinpackingEnabled,
      runFor: (g) => this.runFor(checker, g),
    });
    const byId = new Map(groups.map((g) => [g.id, g]));
    for (const [gid, why] of result.remaining.byGroup) {
      const g = byId.get(gid);
      if (g === undefined) continue;
      const msg = `pod didn't trigger scale-up: ${reasonsMessage(why)}`;
      for (const p of g.pods) this.emitPod(p, 'NotTriggerScaleUp', msg);
    }
    if (result.kind === 'noOptions') {
      if (result.maxTotalReached)
        this.emitStatus(
          'MaxNodesTotalReached',
          `Max total nodes in cluster reached: ${this.options.maxNodesTotal}`,
        );
      return { scaled: false, disableScaleDown: false };
    }
    const desc: string[] = [];
    for (const info of result.infos) {
      const delta = info.newSize - info.currentSize;
      const created = this.cloud.increaseSize(info.group, delta, now);
      this.csr.registerScaleUp(info.group, delta, now);
      const s = this.stats.get(info.group) as GroupStats;
      s.scaleUps++;
      s.nodesAdded += delta;
      s.peakTarget = Math.max(s.peakTarget, info.newSize);
      for (const inst of created) {
        this.instanceSince.set(inst.id, now);
        if (inst.registerAtUs !== null) this.host.at(inst.registerAtUs, { type: 'register', name: inst.id });
      }
      const zone = (this.groups.get(info.group) as NodeGroupDef).zone;
      this.emitStatus(
        'ScaledUpGroup',
        `Scale-up: setting group ${info.group} size to ${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`,
        '',
        zone,
      );
      desc.push(`{${info.group} ${info.currentSize}->${info.newSize} (max: ${info.maxSize})}`);
    }
    const msg = `pod triggered scale-up: [${desc.join(' ')}]`;
    for (const p of result.option.pods) this.emitPod(p, 'TriggeredScaleUp', msg);
    return { scaled: true, disableScaleDown: false };
  }

  /** allPodsAreNew: the oldest pod is younger than 2 s (30 s when it asks for a GPU). */
  private allPodsAreNew(groups: readonly PodGroup[], now: TimeUs): boolean {
    let oldest = Number.POSITIVE_INFINITY;
    let oldestGpu = Number.POSITIVE_INFINITY;
    for (const g of groups)
      for (const p of g.pods) {
        oldest = Math.min(oldest, p.createdUs);
        if ((p.requests.scalar['nvidia.com/gpu'] ?? 0) > 0) oldestGpu = Math.min(oldestGpu, p.createdUs);
      }
    const api = (us: number) => Math.floor(us / S) * S;
    if (api(oldest) + UNSCHEDULABLE_POD_TIME_BUFFER_US > now) return true;
    return Number.isFinite(oldestGpu) && api(oldestGpu) + UNSCHEDULABLE_GPU_POD_TIME_BUFFER_US > now;
  }

  private runFor(checker: PredicateChecker, g: PodGroup): PlaceRun | null {
    const prepared = checker.prepare(g.exemplar);
    if (prepared === null) return null;
    const withLabels = this.host.cache.podsWithRequiredAntiAffinity.size > 0;
    const key = prepared.constrained ? `est:${g.id}` : placementClassKey(g.exemplar, withLabels);
    return { classKey: key, prepared, pods: g.pods };
  }

  private templateFacts(g: NodeGroupDef): TemplateFacts {
    return {
      cpu: g.capacity.milliCPU,
      memory: g.capacity.memory,
      pricePerHour: g.pricePerHour,
      hasGpu: (g.capacity.scalar['nvidia.com/gpu'] ?? 0) > 0,
    };
  }

  private expanderContext(clusterNodes: number): ExpanderContext {
    const templates = new Map<string, TemplateFacts>();
    for (const g of this.groups.values()) templates.set(g.id, this.templateFacts(g));
    return { templates, clusterNodes, priorities: this.options.priorities, rng: this.host.expanderRng };
  }

  private resourcesLeft() {
    const groups = [...this.groups.values()].map((g) => ({
      targetSize: this.cloud.targetSize(g.id),
      cpuMilli: g.capacity.milliCPU,
      memory: g.capacity.memory,
    }));
    const unmanaged = this.host.state.nodes
      .filter((n) => this.groupOf(n.name) === null)
      .map((n) => ({ cpuMilli: n.capacity.milliCPU, memory: n.capacity.memory }));
    return resourcesLeft(
      clusterTotals(groups, unmanaged),
      this.options.maxCoresTotal,
      this.options.maxMemoryTotalBytes,
    );
  }

  private similarIds(g: NodeGroupDef): string[] {
    if (!this.options.balanceSimilarNodeGroups) return [];
    const ignored = new Set([...BASIC_IGNORED_LABELS, ...this.options.balancingIgnoreLabels]);
    const t = (d: NodeGroupDef) => {
      const dsPods = this.templateCopy(d, `${d.id}-similarity`).pods;
      const requested = {
        milliCPU: 0,
        memory: 0,
        ephemeralStorage: 0,
        allowedPodNumber: 0,
        scalar: {} as Record<string, number>,
      };
      for (const p of dsPods) {
        requested.milliCPU += p.requests.milliCPU;
        requested.memory += p.requests.memory;
      }
      return { labels: d.labels, capacity: d.capacity, allocatable: d.allocatable, requested };
    };
    const mine = t(g);
    const out: string[] = [];
    for (const other of this.groups.values()) {
      if (other.id === g.id) continue;
      const theirs = t(other);
      const ok =
        this.options.balancingLabels.length > 0
          ? isSimilarByLabels(mine, theirs, this.options.balancingLabels)
          : isSimilar(mine, theirs, ignored, {
              memoryDifferenceRatio: this.options.memoryDifferenceRatio,
              maxAllocatableDifferenceRatio: this.options.maxAllocatableDifferenceRatio,
              maxFreeDifferenceRatio: this.options.maxFreeDifferenceRatio,
            });
      if (ok) out.push(other.id);
    }
    return out;
  }

  private scaleUpGroups(now: TimeUs): ScaleUpGroup[] {
    return [...this.groups.values()].map((g) => {
      const safety = this.csr.safeToScaleUp(g.id, now);
      return {
        id: g.id,
        minSize: g.minSize,
        maxSize: g.maxSize,
        targetSize: this.cloud.targetSize(g.id),
        cpuMilli: g.capacity.milliCPU,
        memory: g.capacity.memory,
        allocCpu: g.allocatable.milliCPU,
        allocMemory: g.allocatable.memory,
        copy: (name: string) => this.templateCopy(g, name),
        notReady: !safety.healthy
          ? 'not ready for scale-up'
          : safety.backedOff
            ? 'in backoff after failed scale-up'
            : null,
        similar: this.similarIds(g),
      };
    });
  }

  /** ScaleUpToNodeGroupMinSize (--enforce-node-group-min-size). */
  private scaleUpToMinSize(now: TimeUs): void {
    for (const g of this.groups.values()) {
      const target = this.cloud.targetSize(g.id);
      if (target >= g.minSize || !this.csr.safeToScaleUp(g.id, now).safe) continue;
      const delta = g.minSize - target;
      for (const inst of this.cloud.increaseSize(g.id, delta, now)) {
        this.instanceSince.set(inst.id, now);
        if (inst.registerAtUs !== null) this.host.at(inst.registerAtUs, { type: 'register', name: inst.id });
      }
      this.csr.registerScaleUp(g.id, delta, now);
      this.emitStatus(
        'ScaledUpGroup',
        `Scale-up: setting group ${g.id} size to ${g.minSize} instead of ${target} (max: ${g.maxSize})`,
        '',
        g.zone,
      );
    }
  }

  // ---- scale-down -----------------------------------------------------------------------------------

  /** Utilization of the node at `pos` from the snapshot's sums (simulated pods included). */
  private utilizationAt(snap: ClusterSnapshot, pos: number, node: Node) {
    const a = node.allocatable;
    const gpu = snap.scalar('nvidia.com/gpu');
    const ignored = { cpu: 0, memory: 0, gpu: 0 };
    if (this.options.ignoreDaemonSetsUtilization || this.options.ignoreMirrorPodsUtilization) {
      for (const p of snap.infoOf(pos).pods) {
        const mirror = p.annotations['kubernetes.io/config.mirror'] !== undefined;
        if (
          (this.options.ignoreDaemonSetsUtilization && p.daemonSet) ||
          (this.options.ignoreMirrorPodsUtilization && mirror)
        ) {
          ignored.cpu += p.requests.milliCPU;
          ignored.memory += p.requests.memory;
          ignored.gpu += p.requests.scalar['nvidia.com/gpu'] ?? 0;
        }
      }
    }
    return utilization(
      { cpu: a.milliCPU, memory: a.memory, gpu: a.scalar['nvidia.com/gpu'] ?? 0 },
      { cpu: snap.usedCpu[pos] as number, memory: snap.usedMem[pos] as number, gpu: gpu.used[pos] as number },
      ignored,
      this.longTerminatingOn(node.name),
    );
  }

  /** Requests of long-terminating pods per node (left out of utilization), built once per loop. */
  private longTerminating: {
    loop: number;
    byNode: Map<string, { cpu: number; memory: number; gpu: number }>;
  } = { loop: -1, byNode: new Map() };

  private longTerminatingOn(nodeName: string): { cpu: number; memory: number; gpu: number } {
    if (this.longTerminating.loop !== this.loops) {
      const byNode = new Map<string, { cpu: number; memory: number; gpu: number }>();
      for (const p of this.host.deletingPods) {
        if (p.assumedNode === null || !isPodLongTerminating(p, this.host.nowUs)) continue;
        let o = byNode.get(p.assumedNode);
        if (o === undefined) {
          o = { cpu: 0, memory: 0, gpu: 0 };
          byNode.set(p.assumedNode, o);
        }
        o.cpu += p.requests.milliCPU;
        o.memory += p.requests.memory;
        o.gpu += p.requests.scalar['nvidia.com/gpu'] ?? 0;
      }
      this.longTerminating = { loop: this.loops, byNode };
    }
    return this.longTerminating.byNode.get(nodeName) ?? NO_RESOURCES;
  }

  private scaleDownPhase(
    checker: PredicateChecker,
    memo: VerdictMemo,
    nodes: readonly Node[],
    notStarted: ReadonlySet<string>,
    disabledForLoop: boolean,
  ): void {
    const now = this.host.nowUs;
    const snap = checker.snapshot;
    const inDeletion = (n: string) => this.actuator.inProgress(n);
    // allNodes minus registered upcoming nodes; ongoing deletions out (filterOutOngoingDeletions).
    const all = nodes.filter((n) => !notStarted.has(n.name) && !inDeletion(n.name));
    // PreFilteringScaleDownNodeProcessor: nodes of autoscaled groups above their min size.
    const candidates = all.filter((n) => {
      const g = this.groupOf(n.name);
      return g !== null && this.cloud.targetSize(g) > (this.groups.get(g) as NodeGroupDef).minSize;
    });
    const destinations = new Set(all.map((n) => n.name));
    snap.fork();
    const removable: NodeToRemove[] = [];
    try {
      this.unremovable.update((n) => this.host.state.node(n) !== undefined, now);
      const eligible: Node[] = [];
      for (const n of candidates) {
        if (this.unremovable.isRecent(n.name, now)) continue;
        const pos = snap.position(n.name);
        if (pos === undefined) continue;
        const facts = {
          toBeDeletedSinceUs: toBeDeletedSinceUs(n.taints),
          scaleDownDisabled: false,
          autoscaled: true,
          ready: this.isReady(n),
          utilization: () => this.utilizationAt(snap, pos, n),
        };
        const why = unremovableReason(facts, this.options, now);
        if (why !== null) {
          this.unremovable.add(n.name, why);
          continue;
        }
        eligible.push(n);
      }
      // Nodes already unneeded first, then the others (ScaleDownCandidatesSortingProcessor).
      eligible.sort((a, b) => Number(this.unneeded.has(b.name)) - Number(this.unneeded.has(a.name)));
      const limit = unneededNodesLimit(
        this.unneeded.size,
        this.options.maxScaleDownParallelism,
        this.options.scaleDownUnneededTimeUs,
        this.minLoopIntervalUs,
      );
      const dest = (pos: number) => {
        const ni = snap.infoOf(pos);
        return !snap.meta[pos]?.virtual && destinations.has(ni.name);
      };
      const classLabels = this.host.cache.podsWithRequiredAntiAffinity.size > 0;
      const room = new RoomIndex(checker, memo);
      const moved = new Map<number, Pod[]>();
      for (const n of eligible) {
        if (removable.length >= limit) break;
        const pos = snap.position(n.name) as number;
        const sim = simulateNodeRemoval({
          checker,
          memo,
          drain: this.options,
          ctx: drainContextOf(this.host),
          pos,
          destination: dest,
          classLabels,
          room,
          moved,
        });
        if (sim.removable) {
          destinations.delete(n.name);
          this.host.budgets.remove(sim.podsToReschedule);
          removable.push({
            node: n.name,
            group: this.groupOf(n.name) as string,
            podsToReschedule: sim.podsToReschedule,
            daemonSetPods: sim.daemonSetPods,
          });
        } else {
          this.unremovable.add(n.name, sim.reason, now + this.options.unremovableNodeRecheckTimeoutUs);
        }
      }
      this.unneeded.update(removable, now);
    } finally {
      snap.revert();
    }
    const cooldown =
      disabledForLoop ||
      candidates.length === 0 ||
      this.lastScaleUpUs + this.options.scaleDownDelayAfterAddUs > now ||
      this.lastScaleDownFailUs + this.options.scaleDownDelayAfterFailureUs > now ||
      this.lastScaleDownDeleteUs + this.options.scaleDownDelayAfterDeleteUs > now;
    if (cooldown) return;
    const started = this.actuator.startDeletions(nodes);
    if (started > 0) this.lastScaleDownDeleteUs = now;
    else if (this.options.maxBulkSoftTaintCount > 0) this.actuator.updateSoftTaints(candidates);
  }

  // ---- the cloud ------------------------------------------------------------------------------------

  private register(name: string): void {
    const inst = this.cloud.instance(name);
    if (inst === undefined || inst.state === 'deleting' || inst.error !== null) return;
    const g = this.groups.get(inst.group);
    if (g === undefined || this.host.state.node(name) !== undefined) return;
    this.cloud.markRegistered(name);
    this.host.registerNode(nodeInitFor(g, name, this.host.allocateNodeIdx(), this.host.nowUs));
  }

  private gone(name: string): void {
    const inst = this.cloud.instance(name);
    if (inst === undefined) return;
    const since = this.instanceSince.get(name);
    // An instance that failed to create is not billed.
    if (since !== undefined && inst.error === null)
      (this.stats.get(inst.group) as GroupStats).instanceUs += this.host.nowUs - since;
    this.instanceSince.delete(name);
    this.cloud.forget(name);
    if (this.host.state.node(name) !== undefined) this.host.removeNode(name);
  }

  // ---- outputs --------------------------------------------------------------------------------------

  /** Per group: target size, ready nodes, instances provisioning (not yet ready), unneeded nodes. */
  groupColumns(): number[] {
    const out: number[] = [];
    const unneededBy = new Map<string, number>();
    for (const [name] of this.unneeded.entries()) {
      const g = this.groupOf(name);
      if (g !== null) unneededBy.set(g, (unneededBy.get(g) ?? 0) + 1);
    }
    for (const g of this.groups.values()) {
      let ready = 0;
      let provisioning = 0;
      for (const inst of this.cloud.instances(g.id)) {
        if (inst.state === 'deleting' || inst.error !== null) continue;
        const node = this.host.state.node(inst.id);
        if (node !== undefined && this.isReady(node)) ready++;
        else if (node === undefined || !this.isReady(node)) provisioning++;
      }
      out.push(this.cloud.targetSize(g.id), ready, provisioning, unneededBy.get(g.id) ?? 0);
    }
    return out;
  }

  /** Instance-time so far per group (running instances counted up to now), in microseconds. */
  instanceTimeUs(group: string): number {
    let us = (this.stats.get(group) as GroupStats).instanceUs;
    for (const inst of this.cloud.instances(group)) {
      const since = this.instanceSince.get(inst.id);
      if (since !== undefined && inst.error === null) us += this.host.nowUs - since;
    }
    return us;
  }
}

/** ReasonsMessage: "<count> <reason>" over the node groups, most frequent first. */
export function reasonsMessage(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([r, c]) => `${c} ${r}`);
  return parts.length > 0 ? parts.join(', ') : 'no node group can take it';
}

export { LabelTopologyZone };
