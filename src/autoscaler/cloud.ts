// The simulated cloud provider behind the node groups (cloudprovider.NodeGroup: TargetSize,
// IncreaseSize, DeleteNodes, DecreaseTargetSize, Nodes): per group a target size and instances. An
// instance is created by IncreaseSize and registers as a Node after a seeded provisioning delay, unless a
// failure window of spec.autoscaler.cloudProvider hits it: a stock-out or quota error leaves it in
// state Creating with an error (cloudprovider.InstanceErrorInfo, class OutOfResources or Other) until
// the autoscaler deletes it; "never-registers" keeps it running without a Node ever joining. Deleted
// instances disappear after the deletion delay. Pure: time comes in, draws come from one seeded stream.

import type { Rng } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import { type CloudProviderConfig, drawDelayUs, type FailureSpec } from './cloud-config.js';

export type InstanceState = 'creating' | 'running' | 'deleting';
export type ErrorClass = 'OutOfResources' | 'Other';

export interface Instance {
  /** The node name the instance registers as. */
  readonly id: string;
  readonly group: string;
  state: InstanceState;
  readonly createdUs: TimeUs;
  /** When its Node registers; null if it never will (failure). */
  registerAtUs: TimeUs | null;
  registered: boolean;
  error: { readonly errorClass: ErrorClass; readonly errorCode: string } | null;
  /** When a deleting instance is gone. */
  goneAtUs: TimeUs | null;
}

export interface CloudGroupSpec {
  readonly id: string;
  readonly zone: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Name of the index-th instance (never reused). */
  readonly instanceName: (index: number) => string;
}

interface GroupState {
  readonly spec: CloudGroupSpec;
  targetSize: number;
  nextIndex: number;
  readonly instances: Map<string, Instance>;
}

export class CloudProvider {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly config: CloudProviderConfig,
    private readonly rng: Rng,
  ) {}

  /** A group with its initial nodes already registered (instances 0 .. initial-1). */
  addGroup(spec: CloudGroupSpec, initialNames: readonly string[]): void {
    const g: GroupState = {
      spec,
      targetSize: initialNames.length,
      nextIndex: initialNames.length,
      instances: new Map(),
    };
    for (const id of initialNames)
      g.instances.set(id, {
        id,
        group: spec.id,
        state: 'running',
        createdUs: 0,
        registerAtUs: 0,
        registered: true,
        error: null,
        goneAtUs: null,
      });
    this.groups.set(spec.id, g);
  }

  get groupIds(): string[] {
    return [...this.groups.keys()];
  }

  spec(id: string): CloudGroupSpec {
    return this.group(id).spec;
  }

  private group(id: string): GroupState {
    const g = this.groups.get(id);
    if (g === undefined) throw new Error(`no node group ${id}`);
    return g;
  }

  targetSize(id: string): number {
    return this.group(id).targetSize;
  }

  /** NodeGroup.Nodes(): instances that still exist. */
  instances(id: string): Instance[] {
    return [...this.group(id).instances.values()];
  }

  instance(name: string): Instance | undefined {
    for (const g of this.groups.values()) {
      const i = g.instances.get(name);
      if (i !== undefined) return i;
    }
    return undefined;
  }

  groupOfInstance(name: string): string | null {
    return this.instance(name)?.group ?? null;
  }

  private failureFor(spec: CloudGroupSpec, nowUs: TimeUs): FailureSpec | null {
    for (const f of this.config.failures) {
      if (f.nodeGroup !== null && f.nodeGroup !== spec.id) continue;
      if (f.zone !== null && f.zone !== spec.zone) continue;
      if (nowUs < f.fromUs || nowUs >= f.untilUs) continue;
      if (f.probability >= 1 || this.rng.next() < f.probability) return f;
    }
    return null;
  }

  /** IncreaseSize: raises the target and creates the instances; returns them (registration times set). */
  increaseSize(id: string, delta: number, nowUs: TimeUs): Instance[] {
    const g = this.group(id);
    if (delta <= 0) throw new Error(`size increase must be positive, got ${delta}`);
    if (g.targetSize + delta > g.spec.maxSize)
      throw new Error(`size increase too large - desired:${g.targetSize + delta} max:${g.spec.maxSize}`);
    g.targetSize += delta;
    const out: Instance[] = [];
    for (let k = 0; k < delta; k++) {
      const idName = g.spec.instanceName(g.nextIndex++);
      const failure = this.failureFor(g.spec, nowUs);
      const inst: Instance = {
        id: idName,
        group: id,
        state: 'creating',
        createdUs: nowUs,
        registerAtUs: null,
        registered: false,
        error: null,
        goneAtUs: null,
      };
      if (failure === null || failure.mode === 'never-registers') {
        const delay = drawDelayUs(this.config.provisioningDelay, () => this.rng.next());
        if (failure === null) inst.registerAtUs = nowUs + delay;
        else inst.state = 'running';
      } else {
        inst.error = {
          errorClass: failure.mode === 'stockout' ? 'OutOfResources' : 'Other',
          errorCode: failure.errorCode,
        };
      }
      g.instances.set(idName, inst);
      out.push(inst);
    }
    return out;
  }

  /** The instance's Node registered (its kubelet started). */
  markRegistered(name: string): void {
    const i = this.instance(name);
    if (i === undefined) return;
    i.state = 'running';
    i.registered = true;
  }

  /** DeleteNodes: lowers the target and starts deleting the instances; returns when each is gone. */
  deleteNodes(id: string, names: readonly string[], nowUs: TimeUs): Instance[] {
    const g = this.group(id);
    const out: Instance[] = [];
    for (const n of names) {
      const i = g.instances.get(n);
      if (i === undefined || i.state === 'deleting') continue;
      if (g.targetSize <= g.spec.minSize && i.error === null && i.registered)
        throw new Error(`min size reached, nodes will not be deleted`);
      g.targetSize--;
      i.state = 'deleting';
      i.goneAtUs = nowUs + drawDelayUs(this.config.deletionDelay, () => this.rng.next());
      out.push(i);
    }
    return out;
  }

  /** DecreaseTargetSize (fixNodeGroupSize): only instances not yet created may go. */
  decreaseTargetSize(id: string, delta: number): void {
    const g = this.group(id);
    g.targetSize = Math.max(0, g.targetSize + delta);
  }

  /** The instance is gone from the cloud. */
  forget(name: string): void {
    for (const g of this.groups.values()) g.instances.delete(name);
  }
}
