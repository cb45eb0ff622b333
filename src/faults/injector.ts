// Applies spec.faults (interfaces.md §2 "Fault actions") as external inputs (Lane.External, M3): each
// entry's start at `at` and, with `for`, its end at `at + for`. Every start and end writes one
// events.csv row per target (kind Fault, reason = action, object = node, zone, pool or
// kube-controller-manager, detail start|end). All fault events are scheduled before any kubelet event,
// so at one instant faults act first; ends are scheduled before starts, so an interval [at, at + for)
// is half-open.
//
// What each action does to a node is the kubelet's business (kubelet.ts: crash/boot, API failures,
// runtime down); node-recover ends whichever of those holds the node, and the interval's own end then
// finds nothing left to do.

import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { ControllerManagerProcess } from '../kernel/ports/controller-manager.js';
import type { NodeAgent } from '../kernel/ports/node-agent.js';
import type { NodePools } from '../kernel/ports/node-pools.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/types.js';
import type { FaultEvent } from './events.js';
import type { FaultAction, FaultSpec } from './schema.js';
import {
  actionEffect,
  type FaultEffect,
  type FaultEnv,
  resolveTargets,
  type TargetGroup,
} from './targets.js';

/** One target object of a running fault and the nodes it still holds. */
interface ActiveGroup {
  readonly object: string;
  readonly nodeColumn: string;
  readonly zone: string;
  readonly nodes: Set<Node>;
}

interface ActiveFault {
  readonly index: number;
  readonly spec: FaultSpec;
  readonly effect: FaultEffect;
  readonly groups: ActiveGroup[];
}

/** The components a fault acts on, through their ports. */
export interface FaultPorts {
  readonly nodeAgent: NodeAgent;
  readonly controllerManager: ControllerManagerProcess;
  readonly nodePools: NodePools;
}

/** Actions that happen at one instant (no interval, no `for`). */
const INSTANT_ACTIONS: ReadonlySet<string> = new Set([
  'add-nodes',
  'controller-manager-restart',
  'delete-node',
  'node-recover',
]);

/** When one entry of spec.faults started and ended, and what it named (summary.json `faults`). */
export interface FaultRecord {
  readonly index: number;
  readonly action: string;
  readonly startUs: number;
  /** null while it still holds some node at the end of the run. */
  endUs: number | null;
  /** The events.csv objects of its start rows (nodes, zones, a pool). */
  readonly objects: string[];
}

export class FaultInjector implements FaultEnv {
  private readonly active: ActiveFault[] = [];
  /** One record per fault that has started, in start order. */
  readonly records: FaultRecord[] = [];
  readonly nodeAgent: NodeAgent;

  constructor(
    private readonly sim: Kernel<FaultEvent>,
    private readonly faults: readonly FaultSpec[],
    private readonly ports: FaultPorts,
  ) {
    this.nodeAgent = ports.nodeAgent;
  }

  get state(): ClusterState {
    return this.sim.state;
  }

  get nowUs(): number {
    return this.sim.nowUs;
  }

  /** Schedules every fault's end, then every start (the lower sequence number wins at one instant). */
  scheduleAll(): void {
    const faults = this.faults;
    const { engine } = this.sim;
    faults.forEach((f, index) => {
      if ('for' in f && f.for !== undefined && f.for > 0) {
        engine.scheduleAt(f.at + f.for, { kind: 'FaultEnd', index }, Lane.External);
      }
    });
    faults.forEach((f, index) => {
      engine.scheduleAt(f.at, { kind: 'FaultStart', index }, Lane.External);
      if ('for' in f && f.for === 0) engine.scheduleAt(f.at, { kind: 'FaultEnd', index }, Lane.External);
    });
  }

  onStart(index: number): void {
    const spec = this.faults[index] as FaultSpec;
    const instant = INSTANT_ACTIONS.has(spec.action);
    this.records.push({
      index,
      action: spec.action,
      startUs: this.sim.nowUs,
      endUs: instant ? this.sim.nowUs : null,
      objects: [],
    });
    switch (spec.action) {
      case 'add-nodes':
        this.row(spec.action, spec.pool, '', '', 'start');
        this.ports.nodePools.addNodes(spec.pool, spec.count);
        return;
      case 'controller-manager-restart':
        this.row(spec.action, 'kube-controller-manager', '', '', 'start');
        this.ports.controllerManager.restart();
        return;
      case 'delete-node':
        for (const g of resolveTargets(this.sim.state, spec)) {
          this.row(spec.action, g.object, g.nodeColumn, g.zone, 'start');
          for (const node of g.nodes) this.sim.state.deleteNode(node);
        }
        return;
      case 'node-recover':
        for (const g of resolveTargets(this.sim.state, spec)) {
          this.row(spec.action, g.object, g.nodeColumn, g.zone, 'start');
          for (const node of g.nodes) this.recover(node);
        }
        return;
      default:
        this.startInterval(index, spec);
    }
  }

  onEnd(index: number): void {
    const k = this.active.findIndex((a) => a.index === index);
    if (k < 0) return;
    const fault = this.active[k] as ActiveFault;
    this.active.splice(k, 1);
    this.ended(index);
    for (const g of fault.groups) {
      if (g.nodes.size === 0) continue;
      this.row(fault.spec.action, g.object, g.nodeColumn, g.zone, 'end');
      const nodes = [...g.nodes];
      g.nodes.clear();
      for (const node of nodes) fault.effect.end(this, node, fault.spec);
    }
  }

  private startInterval(index: number, spec: FaultSpec): void {
    const effect = actionEffect(spec.action);
    const groups: ActiveGroup[] = resolveTargets(this.sim.state, spec).map((g: TargetGroup) => ({
      object: g.object,
      nodeColumn: g.nodeColumn,
      zone: g.zone,
      nodes: new Set(g.nodes),
    }));
    this.active.push({ index, spec, effect, groups });
    for (const g of groups) {
      this.row(spec.action, g.object, g.nodeColumn, g.zone, 'start');
      for (const node of g.nodes) effect.start(this, node, spec);
    }
  }

  /** node-recover: ends, for this node, every running fault that node-recover can end. */
  private recover(node: Node): void {
    for (const fault of [...this.active]) {
      if (!fault.effect.recoverable) continue;
      for (const g of fault.groups) {
        if (!g.nodes.delete(node)) continue;
        if (g.nodes.size === 0) this.row(fault.spec.action, g.object, g.nodeColumn, g.zone, 'end');
        fault.effect.end(this, node, fault.spec);
      }
      if (fault.groups.every((g) => g.nodes.size === 0)) this.ended(fault.index);
    }
  }

  private ended(index: number): void {
    const rec = this.records.find((r) => r.index === index);
    if (rec !== undefined && rec.endUs === null) rec.endUs = this.sim.nowUs;
  }

  private row(
    action: FaultAction,
    object: string,
    node: string,
    zone: string,
    detail: 'start' | 'end',
  ): void {
    if (detail === 'start') this.records[this.records.length - 1]?.objects.push(object);
    this.sim.log.emit(this.sim.nowUs, 'Fault', action, object, node, zone, detail);
  }
}

export function faultHandlers(faults: FaultInjector): HandlersFor<FaultEvent> {
  return {
    FaultStart: (ev) => faults.onStart(ev.index),
    FaultEnd: (ev) => faults.onEnd(ev.index),
  };
}
