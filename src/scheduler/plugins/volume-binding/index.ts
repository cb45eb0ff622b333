// VolumeBinding (pkg/scheduler/framework/plugins/volumebinding volume_binding.go, binder.go).
// PreFilter sorts the pod's claims into bound ones (volumeName and bind-completed), unbound ones of a
// WaitForFirstConsumer class, and unbound immediate ones, which make the pod unschedulable until the
// PV controller binds them. Filter checks a node against the bound volumes' node affinity and, for
// the delayed claims, finds a matching Available volume (FindMatchingVolume, smallest first) or
// checks that the class can provision there (a provisioner other than kubernetes.io/no-provisioner,
// allowedTopologies matching the node). Reserve assumes the choices (no other pod takes those
// volumes); PreBind writes them (a volume's claimRef, or the claim's selected-node annotation for the
// provisioner) and waits, polling every second up to bindTimeoutSeconds, until every claim is bound.
// Not modelled: CSIStorageCapacity checks and the volume-capacity Score (feature-gated).

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import {
  claimClass,
  findMatchingVolume,
  isClaimFullyBound,
  isDelayBindingMode,
  nodeAffinityAllows,
  topologyAllows,
  volumeClass,
} from '../../../model/volume-helpers.js';
import type { VolumeStore } from '../../../model/volume-store.js';
import {
  AnnSelectedNode,
  NotSupportedProvisioner,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '../../../model/volumes.js';
import type { NodeInfo } from '../../cache.js';
import type { ClusterEventWithHint } from '../../cluster-events.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type ReservePlugin,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import { definePlugin } from '../types.js';
import { podClaims } from '../volume-claims.js';
import { volumeBindingEventsToRegister } from './hints.js';

export const name = 'VolumeBinding';
/** volume_binding.go ConflictReason values and the PreFilter reason. */
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonPVNotExist =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ErrUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';

const KEY = 'PreFilterVolumeBinding';

interface NodeBindings {
  /** Claims bound to an existing Available volume on this node. */
  readonly staticBindings: readonly (readonly [PersistentVolumeClaim, PersistentVolume])[];
  /** Claims the class's provisioner will create a volume for. */
  readonly provisions: readonly PersistentVolumeClaim[];
}

class VolumeBindingState implements StateData {
  constructor(
    readonly bound: readonly PersistentVolumeClaim[],
    readonly delayed: readonly PersistentVolumeClaim[],
    readonly byNode: Map<string, NodeBindings>,
  ) {}
  clone(): StateData {
    return this; // Filter results per node do not change under preemption's dry runs.
  }
}

interface Assumed {
  readonly node: string;
  readonly bindings: NodeBindings;
  /** Set by the first PreBind: when the wait gives up. */
  deadlineUs: number | null;
}

const argsSchema = z.strictObject({
  bindTimeoutSeconds: z.number().int().min(0).default(600),
  shape: z.array(z.strictObject({ utilization: z.number().int(), score: z.number().int() })).optional(),
});

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin {
  readonly name = name;
  /** Volumes assumed by reserved pods (the binder's assume cache). */
  private readonly assumedVolumes = new Set<string>();
  private readonly assumed = new Map<string, Assumed>();

  constructor(
    private readonly store: () => VolumeStore,
    private readonly bindTimeoutUs: number,
  ) {}

  eventsToRegister(queueingHints: boolean): readonly ClusterEventWithHint[] {
    return volumeBindingEventsToRegister(queueingHints);
  }

  preFilter(state: CycleState, pod: Pod): PreFilterResult {
    if (!pod.spec.volumes.some((v) => v.claimName !== undefined)) return { status: status(Code.Skip, name) };
    const store = this.store();
    const got = podClaims(pod, store, true);
    if ('error' in got) return { status: status(Code.UnschedulableAndUnresolvable, name, got.error) };
    const bound: PersistentVolumeClaim[] = [];
    const delayed: PersistentVolumeClaim[] = [];
    for (const pvc of got.claims) {
      if (isClaimFullyBound(pvc)) bound.push(pvc);
      else if (isDelayBindingMode(pvc, (n) => store.storageClass(n))) delayed.push(pvc);
      else return { status: status(Code.UnschedulableAndUnresolvable, name, ErrUnboundImmediate) };
    }
    state.write(KEY, new VolumeBindingState(bound, delayed, new Map()));
    return { status: null };
  }

  filter(state: CycleState, _pod: Pod, ni: NodeInfo): Status {
    const s = state.read<VolumeBindingState>(KEY);
    if (s === undefined) return null;
    const store = this.store();
    const labels = ni.node.labels;
    const reasons: string[] = [];
    // boundVolumesSatisfied: each bound volume exists and its node affinity admits the node.
    for (const pvc of s.bound) {
      const pv = store.volume(pvc.spec.volumeName);
      if (pv === undefined) {
        reasons.push(ErrReasonPVNotExist);
        break;
      }
      if (!nodeAffinityAllows(pv.spec.nodeAffinity, labels)) {
        reasons.push(ErrReasonNodeConflict);
        break;
      }
    }
    const found = this.findDelayed(store, s.delayed, labels);
    if (found === null) reasons.push(ErrReasonBindConflict);
    if (reasons.length > 0) return status(Code.UnschedulableAndUnresolvable, name, ...reasons);
    if (found !== null && (found.staticBindings.length > 0 || found.provisions.length > 0))
      s.byNode.set(ni.node.name, found);
    return null;
  }

  /**
   * findMatchingVolumes then checkVolumeProvisions: a volume for each delayed claim (none chosen
   * twice, none another pod assumed), else a class that provisions on this node; null if neither.
   */
  private findDelayed(
    store: VolumeStore,
    delayed: readonly PersistentVolumeClaim[],
    labels: Readonly<Record<string, string>>,
  ): NodeBindings | null {
    if (delayed.length === 0) return { staticBindings: [], provisions: [] };
    const chosen = new Set(this.assumedVolumes);
    const staticBindings: (readonly [PersistentVolumeClaim, PersistentVolume])[] = [];
    const provisions: PersistentVolumeClaim[] = [];
    // Claims with a selector or pre-bound go first in upstream's sort; here by request size, then name.
    for (const pvc of delayed) {
      const cls = claimClass(pvc);
      const candidates = [...store.volumes].filter(
        (pv) => volumeClass(pv) === cls || pv.spec.claimRef !== null,
      );
      candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const pv = findMatchingVolume(pvc, candidates, labels, chosen, true);
      if (pv !== null) {
        chosen.add(pv.name);
        staticBindings.push([pvc, pv]);
        continue;
      }
      const sc = store.storageClass(cls);
      if (sc === undefined || sc.provisioner === NotSupportedProvisioner) return null;
      if (!topologyAllows(sc.allowedTopologies, labels)) return null;
      provisions.push(pvc);
    }
    return { staticBindings, provisions };
  }

  reserve(state: CycleState, pod: Pod, nodeName: string): Status {
    const s = state.read<VolumeBindingState>(KEY);
    const bindings = s?.byNode.get(nodeName);
    if (bindings === undefined) return null;
    for (const [, pv] of bindings.staticBindings) this.assumedVolumes.add(pv.name);
    this.assumed.set(pod.uid, { node: nodeName, bindings, deadlineUs: null });
    return null;
  }

  unreserve(_state: CycleState, pod: Pod): void {
    const a = this.assumed.get(pod.uid);
    if (a === undefined) return;
    for (const [, pv] of a.bindings.staticBindings) this.assumedVolumes.delete(pv.name);
    this.assumed.delete(pod.uid);
  }

  preBind(_state: CycleState, pod: Pod, nodeName: string, nowUs: number): Status {
    const a = this.assumed.get(pod.uid);
    if (a === undefined) return null; // every claim was bound already
    const store = this.store();
    if (a.deadlineUs === null) {
      // BindPodVolumes: the API updates, then the wait.
      a.deadlineUs = nowUs + this.bindTimeoutUs;
      for (const [pvc, pv] of a.bindings.staticBindings) {
        if (pv.spec.claimRef === null) {
          pv.spec.claimRef = { namespace: pvc.namespace, name: pvc.name, uid: pvc.uid };
          store.updateVolume(pv, 'spec');
        }
      }
      for (const pvc of a.bindings.provisions) {
        if (pvc.annotations[AnnSelectedNode] !== nodeName) {
          pvc.annotations[AnnSelectedNode] = nodeName;
          store.updateClaim(pvc, 'meta');
        }
      }
      return status(Code.Wait, name);
    }
    const err = this.checkBindings(store, a);
    if (err !== null) {
      this.unreserve(_state, pod);
      return status(Code.Error, name, `binding volumes: ${err}`);
    }
    if (this.allBound(store, a)) {
      this.unreserve(_state, pod);
      return null;
    }
    if (nowUs >= a.deadlineUs) {
      this.unreserve(_state, pod);
      return status(Code.Error, name, 'binding volumes: context deadline exceeded');
    }
    return status(Code.Wait, name);
  }

  /** checkBindings' failures: a claim gone, or its provisioning handed back to the scheduler. */
  private checkBindings(store: VolumeStore, a: Assumed): string | null {
    for (const pvc of a.bindings.provisions) {
      const now = store.claim(pvc.key);
      if (now === undefined || now.uid !== pvc.uid)
        return `failed to check provisioning pvc: could not find v1.PersistentVolumeClaim "${pvc.key}"`;
      if (!isClaimFullyBound(now) && now.annotations[AnnSelectedNode] !== a.node)
        return `selectedNode annotation reset for PVC "${pvc.name}"`;
    }
    for (const [pvc] of a.bindings.staticBindings) {
      if (store.claim(pvc.key) === undefined)
        return `failed to check binding: could not find v1.PersistentVolumeClaim "${pvc.key}"`;
    }
    return null;
  }

  private allBound(store: VolumeStore, a: Assumed): boolean {
    const claims = [...a.bindings.provisions, ...a.bindings.staticBindings.map(([c]) => c)];
    for (const pvc of claims) {
      const now = store.claim(pvc.key);
      if (now === undefined || !isClaimFullyBound(now)) return false;
      const pv = store.volume(now.spec.volumeName);
      if (pv === undefined) return false;
    }
    return true;
  }
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'reserve', 'preBind'],
  argsSchema,
  create: (args, handle) =>
    new VolumeBinding(() => handle.cache.volumes, args.bindTimeoutSeconds * 1_000_000),
});
