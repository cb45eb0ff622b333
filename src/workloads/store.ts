// The API server's workload objects (Deployments, ReplicaSets, DaemonSets, Jobs): maps by key and uid
// plus the ownerReference index the garbage collector reads. Like ClusterState for nodes and pods, every
// write goes through a method here, which notifies the listener (the controllers' informers)
// synchronously.

import type { TimeUs } from '../engine/time.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  Job,
  ReplicaSet,
  ReplicationController,
  StatefulSet,
  Workload,
  WorkloadKind,
} from './objects.js';

/** spec bumps metadata.generation; meta (labels, annotations) and status do not. */
export type WorkloadChange = 'added' | 'spec' | 'meta' | 'status' | 'deleting' | 'deleted';

export type WorkloadListener = (obj: Workload, change: WorkloadChange) => void;

interface KindMap {
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  DaemonSet: DaemonSet;
  Job: Job;
  CronJob: CronJob;
  ReplicationController: ReplicationController;
  StatefulSet: StatefulSet;
}

export class WorkloadStore {
  private readonly maps: { [K in WorkloadKind]: Map<string, KindMap[K]> } = {
    Deployment: new Map(),
    ReplicaSet: new Map(),
    DaemonSet: new Map(),
    Job: new Map(),
    CronJob: new Map(),
    ReplicationController: new Map(),
    StatefulSet: new Map(),
  };
  private readonly byUid = new Map<string, Workload>();
  /** Workload objects owned by a given uid (ReplicaSets of a Deployment). */
  private readonly dependents = new Map<string, Set<Workload>>();
  private readonly listeners: WorkloadListener[] = [];
  private nextUid = 1;

  listen(l: WorkloadListener): void {
    this.listeners.push(l);
  }

  newUid(kind: WorkloadKind): string {
    return `${kind.toLowerCase()}-${this.nextUid++}`;
  }

  get<K extends WorkloadKind>(kind: K, key: string): KindMap[K] | undefined {
    return this.maps[kind].get(key) as KindMap[K] | undefined;
  }

  byUidOf(uid: string): Workload | undefined {
    return this.byUid.get(uid);
  }

  /** Objects of a kind in creation order. */
  list<K extends WorkloadKind>(kind: K): IterableIterator<KindMap[K]> {
    return this.maps[kind].values() as IterableIterator<KindMap[K]>;
  }

  count(kind: WorkloadKind): number {
    return this.maps[kind].size;
  }

  dependentsOf(uid: string): readonly Workload[] {
    return [...(this.dependents.get(uid) ?? [])];
  }

  add(obj: Workload): void {
    const map = this.maps[obj.kind] as Map<string, Workload>;
    if (map.has(obj.key)) throw new Error(`${obj.kind} ${obj.key} already exists`);
    map.set(obj.key, obj);
    this.byUid.set(obj.uid, obj);
    if (obj.owner !== null) {
      let deps = this.dependents.get(obj.owner.uid);
      if (deps === undefined) {
        deps = new Set();
        this.dependents.set(obj.owner.uid, deps);
      }
      deps.add(obj);
    }
    this.notify(obj, 'added');
  }

  /** Announces a write the caller has just made to `obj` (spec or status). */
  updated(obj: Workload, change: 'spec' | 'meta' | 'status'): void {
    if (change === 'spec') obj.generation++;
    this.notify(obj, change);
  }

  /** Sets deletionTimestamp (the garbage collector then removes dependents, then the object). */
  markDeleting(obj: Workload, nowUs: TimeUs): boolean {
    if (obj.deletionUs !== null || !this.byUid.has(obj.uid)) return false;
    obj.deletionUs = nowUs;
    this.notify(obj, 'deleting');
    return true;
  }

  remove(obj: Workload): void {
    const map = this.maps[obj.kind] as Map<string, Workload>;
    if (map.get(obj.key) !== obj) return;
    map.delete(obj.key);
    this.byUid.delete(obj.uid);
    if (obj.owner !== null) {
      const siblings = this.dependents.get(obj.owner.uid);
      siblings?.delete(obj);
      if (siblings?.size === 0 && !this.byUid.has(obj.owner.uid)) this.dependents.delete(obj.owner.uid);
    }
    this.notify(obj, 'deleted');
  }

  private notify(obj: Workload, change: WorkloadChange): void {
    for (const l of this.listeners) l(obj, change);
  }
}
