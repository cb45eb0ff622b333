// The API server's PodDisruptionBudgets: by key and by namespace, in creation order. Every write goes
// through a method here and bumps metadata.resourceVersion; a status write carries the version it
// was computed from and is refused as a Conflict when the object changed since (an UpdateStatus with
// a stale resourceVersion), which is how the disruption controller and the Eviction API race upstream.
// Listeners (the informers) are told synchronously.

import type { TimeUs } from '../engine/time.js';
import { EMPTY_PDB_STATUS, type PdbSpec, type PdbStatus, type PodDisruptionBudget } from './pdb.js';

export type PdbChange = 'added' | 'spec' | 'status' | 'deleted';
/** `before` is the status a 'status' change replaced. */
export type PdbListener = (pdb: PodDisruptionBudget, change: PdbChange, before: PdbStatus) => void;

export interface PdbInit {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec: PdbSpec;
}

export class PdbStore {
  private readonly byKey = new Map<string, PodDisruptionBudget>();
  private readonly byNamespace = new Map<string, PodDisruptionBudget[]>();
  private readonly listeners: PdbListener[] = [];
  private nextUid = 1;

  listen(l: PdbListener): void {
    this.listeners.push(l);
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): PodDisruptionBudget | undefined {
    return this.byKey.get(key);
  }

  /** Every budget, in creation order. */
  all(): IterableIterator<PodDisruptionBudget> {
    return this.byKey.values();
  }

  /** The budgets of a namespace, in creation order. */
  inNamespace(namespace: string): readonly PodDisruptionBudget[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  create(init: PdbInit, nowUs: TimeUs): PodDisruptionBudget {
    const key = `${init.namespace}/${init.name}`;
    if (this.byKey.has(key)) throw new Error(`PodDisruptionBudget ${key} already exists`);
    const pdb: PodDisruptionBudget = {
      uid: `poddisruptionbudget-${this.nextUid++}`,
      namespace: init.namespace,
      name: init.name,
      key,
      labels: init.labels ?? {},
      createdUs: nowUs,
      generation: 1,
      resourceVersion: 1,
      spec: init.spec,
      status: EMPTY_PDB_STATUS,
    };
    this.byKey.set(key, pdb);
    const ns = this.byNamespace.get(init.namespace);
    if (ns === undefined) this.byNamespace.set(init.namespace, [pdb]);
    else ns.push(pdb);
    this.notify(pdb, 'added');
    return pdb;
  }

  /** A spec change (kubectl apply): generation and resourceVersion move. */
  updateSpec(pdb: PodDisruptionBudget, spec: PdbSpec): void {
    pdb.spec = spec;
    pdb.generation++;
    pdb.resourceVersion++;
    this.notify(pdb, 'spec');
  }

  /**
   * UpdateStatus with the resourceVersion the caller read: false (a Conflict) when the object was
   * written since, or is gone.
   */
  updateStatus(pdb: PodDisruptionBudget, status: PdbStatus, readVersion: number): boolean {
    if (this.byKey.get(pdb.key) !== pdb || pdb.resourceVersion !== readVersion) return false;
    const before = pdb.status;
    pdb.status = status;
    pdb.resourceVersion++;
    this.notify(pdb, 'status', before);
    return true;
  }

  delete(pdb: PodDisruptionBudget): void {
    if (this.byKey.get(pdb.key) !== pdb) return;
    this.byKey.delete(pdb.key);
    const ns = this.byNamespace.get(pdb.namespace) ?? [];
    ns.splice(ns.indexOf(pdb), 1);
    this.notify(pdb, 'deleted');
  }

  private notify(pdb: PodDisruptionBudget, change: PdbChange, before: PdbStatus = pdb.status): void {
    for (const l of this.listeners) l(pdb, change, before);
  }
}
