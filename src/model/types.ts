// The simulated API objects: Nodes, Pods and their parts, in Kubernetes' own field names (core/v1), with
// times as integer microseconds of virtual time and quantities as integers (millicores, bytes, counts).
// ClusterState (cluster-state.ts) is the only writer; everything else reads.

import type { TimeUs } from '../engine/time.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
  /** Set for NoExecute taints when added (`timeAdded`). */
  readonly timeAddedUs?: TimeUs;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: TaintEffect;
  readonly tolerationSeconds?: number;
}

/** Resource amounts in the scheduler's units (framework.Resource): cpu in millicores, the rest in units. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Pod slots (`pods` in capacity); 0 in pod requests. */
  allowedPodNumber: number;
  /** Extended and hugepage resources, e.g. `nvidia.com/gpu`, by name. */
  scalar: Record<string, number>;
}

export interface NodeCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message?: string;
  /** Last time the kubelet (or the node lifecycle controller) wrote this condition. */
  readonly lastHeartbeatUs: TimeUs;
  readonly lastTransitionUs: TimeUs;
}

export interface ContainerImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

export interface Node {
  readonly idx: number;
  readonly name: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The topology.kubernetes.io/zone label (failure-domain.beta.kubernetes.io/zone before it), "" when
   * unset: the events.csv zone column, and what fault and selector `zone:` fields name.
   */
  readonly zone: string;
  /**
   * Zone key (GetZoneKey: region and zone labels combined), "" when neither is set: the zone identity of
   * the node lifecycle controller and of the scheduler's node tree.
   */
  readonly zoneKey: string;
  /** The pool (or "" for explicit Node manifests) the node came from. */
  readonly pool: string;
  readonly creationUs: TimeUs;
  readonly capacity: Resources;
  readonly allocatable: Resources;
  readonly images: readonly ContainerImage[];
  unschedulable: boolean;
  taints: Taint[];
  /** Conditions by type (Ready, MemoryPressure, ...), in the order they were first set. */
  readonly conditions: Map<string, NodeCondition>;
  deleted: boolean;

  // Accounting kept by ClusterState (the scheduler cache's NodeInfo): pods bound or assumed on the node
  // that are not terminal (Succeeded/Failed), their summed requests and non-zero requests, host ports.
  readonly pods: Set<Pod>;
  readonly requested: Resources;
  readonly nonZeroRequested: { milliCPU: number; memory: number };
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: boolean;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: LabelSelector;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}

export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}

export interface Affinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: {
      readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
    };
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[];
  };
  readonly podAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
  };
  readonly podAntiAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
  };
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector?: LabelSelector;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
  readonly matchLabelKeys?: readonly string[];
}

export interface ContainerPort {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  /** Requests as given; absent resources are absent here (the scheduler's non-zero defaults need that). */
  readonly requests: Partial<Resources> & { scalar?: Record<string, number> };
  readonly limits: Partial<Resources> & { scalar?: Record<string, number> };
  readonly ports: readonly ContainerPort[];
  /** Init containers only: `restartPolicy: Always` marks a sidecar. */
  readonly restartPolicy?: 'Always';
}

export interface PodSpec {
  readonly schedulerName: string;
  readonly priority: number;
  readonly priorityClassName?: string;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  /** `spec.nodeName` as written in the manifest (placed without the scheduler). */
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly affinity?: Affinity;
  tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly overhead?: Partial<Resources>;
  /**
   * Pod-level requests (`spec.resources`, PodLevelResources) after API defaulting, cpu, memory and
   * hugepages-* only; absent when the pod sets none or the feature is off.
   */
  readonly podLevelRequests?: Container['requests'];
  readonly terminationGracePeriodSeconds: number;
  readonly activeDeadlineSeconds?: number;
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  readonly schedulingGates: readonly string[];
  /** spec.volumes: their names and, for persistentVolumeClaim sources, the claim. */
  readonly volumes: readonly PodVolume[];
  /** spec.hostname and spec.subdomain (a StatefulSet pod's stable network identity). */
  readonly hostname?: string;
  readonly subdomain?: string;
  /** Names of the emptyDir volumes (any medium): kubectl drain's local storage; absent when none. */
  readonly emptyDirVolumes?: readonly string[];
  /** hostPath and non-memory emptyDir volumes by name (local storage for scale-down); absent: none. */
  readonly localStorageVolumes?: readonly string[];
}

/** The claims a pod references through spec.volumes[].persistentVolumeClaim, in volume order. */
export interface PodVolume {
  readonly name: string;
  /** persistentVolumeClaim.claimName; undefined for other volume sources (emptyDir, configMap, ...). */
  readonly claimName?: string;
}

export interface Pod {
  readonly idx: number;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly owner: OwnerReference | null;
  readonly spec: PodSpec;
  /** PodRequests (k8s.io/component-helpers resource.PodRequests): what filters charge to a node. */
  readonly requests: Resources;
  /** Requests with the scheduler's non-zero defaults (100m, 200Mi) for absent cpu/memory (scoring only). */
  readonly nonZeroRequests: { readonly milliCPU: number; readonly memory: number };
  readonly daemonSet: boolean;

  phase: PodPhase;
  /** The node the pod is bound to (`spec.nodeName` after binding), or null. */
  nodeName: string | null;
  /** Node charged in the scheduler cache: the bound node, or the node it is assumed on while binding. */
  assumedNode: string | null;
  nominatedNodeName: string | null;
  /** PodScheduled=False with reason Unschedulable: the scheduler found no node for it (cleared when bound). */
  unschedulable: boolean;
  /** PodReady condition. */
  ready: boolean;
  /**
   * The PodReady condition's lastTransitionTime (exact; the API stores whole seconds, apiTimeUs), or null
   * while no kubelet has written the condition yet.
   */
  readyTransitionUs: TimeUs | null;
  /**
   * When the kubelet reported every container terminated (containerStatuses[].state.terminated.finishedAt,
   * the latest), or null: still running, or the pod was failed by a controller (PodGC) without a kubelet.
   */
  containersFinishedUs: TimeUs | null;
  /** The PodScheduled=False condition the scheduler last wrote (reason, message), or null. */
  scheduledCondition: { readonly reason: string; readonly message: string } | null;
  /** metadata.deletionTimestamp: set when deletion starts (graceful), null otherwise. */
  deletionUs: TimeUs | null;
  /** metadata.deletionGracePeriodSeconds when a delete or eviction asked for a shorter grace, else null. */
  deletionGraceSeconds: number | null;
  /** The DisruptionTarget=True condition (who is disrupting the pod), when one was written. */
  disruptionTarget?: { readonly reason: string; readonly message: string; readonly atUs: TimeUs };
  /** Evictions of this pod the Eviction API refused (429/500/403), for pods.csv. */
  evictionsRefused?: number;

  readonly createdUs: TimeUs;
  scheduledUs: TimeUs | null;
  startedUs: TimeUs | null;
  finishedUs: TimeUs | null;
  /** When the object was removed from the API. */
  removedUs: TimeUs | null;
  schedulingAttempts: number;
  /** Why the pod ended (Completed, Failed, TaintManagerEviction, Preempted, Deleted, ...). */
  endReason: string | null;
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}

/** Well-known label and taint keys (k8s.io/api/core/v1 well_known_labels.go, well_known_taints.go). */
export const LabelHostname = 'kubernetes.io/hostname';
export const LabelTopologyZone = 'topology.kubernetes.io/zone';
export const LabelTopologyRegion = 'topology.kubernetes.io/region';
export const LabelExcludeDisruption = 'node.kubernetes.io/exclude-disruption';
export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';
export const TaintNodeOutOfService = 'node.kubernetes.io/out-of-service';
export const TaintNodeMemoryPressure = 'node.kubernetes.io/memory-pressure';
export const TaintNodeDiskPressure = 'node.kubernetes.io/disk-pressure';
export const TaintNodePIDPressure = 'node.kubernetes.io/pid-pressure';
