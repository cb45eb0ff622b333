// Builds Node and Pod objects from their (already validated) manifest shapes. Pure: the caller passes
// the index, uid and time, so the same inputs always build the same objects.

import type { TimeUs } from '../engine/time.js';
import {
  type AdmissionConfig,
  type PriorityClass,
  resolvePriority,
  withDefaultTolerations,
} from './admission.js';
import type { PodSpecManifest, ResourceListManifest } from './k8s-schema.js';
import { aggregateContainerRequests, podNonZeroRequests, podRequests } from './pod-requests.js';
import type { PodVolume } from './types.js';
import {
  type Container,
  type ContainerImage,
  emptyResources,
  LabelTopologyRegion,
  LabelTopologyZone,
  type Node,
  type OwnerReference,
  type Pod,
  type PodSpec,
  type Resources,
  type Taint,
  type Toleration,
} from './types.js';

/** Kubelet --max-pods default (pkg/kubelet/apis/config/v1beta1/defaults.go). */
export const DEFAULT_MAX_PODS = 110;

export function resourcesFromList(list: ResourceListManifest | undefined, defaultPods = 0): Resources {
  const r = emptyResources();
  r.allowedPodNumber = defaultPods;
  for (const [name, value] of Object.entries(list ?? {})) {
    if (name === 'cpu') r.milliCPU = value;
    else if (name === 'memory') r.memory = value;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = value;
    else if (name === 'pods') r.allowedPodNumber = value;
    else r.scalar[name] = value;
  }
  return r;
}

/** Container requests keep "absent" distinct from 0 (the non-zero scoring defaults depend on it). */
function partialResources(list: ResourceListManifest | undefined): Container['requests'] {
  if (!list) return {};
  const out: {
    milliCPU?: number;
    memory?: number;
    ephemeralStorage?: number;
    scalar?: Record<string, number>;
  } = {};
  for (const [name, value] of Object.entries(list)) {
    if (name === 'cpu') out.milliCPU = value;
    else if (name === 'memory') out.memory = value;
    else if (name === 'ephemeral-storage') out.ephemeralStorage = value;
    else {
      out.scalar ??= {};
      out.scalar[name] = value;
    }
  }
  return out;
}

/** The node's zone label: topology.kubernetes.io/zone, or the beta label GetZoneKey falls back to. */
export function zoneLabelOf(labels: Readonly<Record<string, string>>): string {
  return labels[LabelTopologyZone] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
}

/** Zone key (component-helpers/node/topology GetZoneKey): region and zone labels combined. */
export function zoneKeyOf(labels: Readonly<Record<string, string>>): string {
  const zone = zoneLabelOf(labels);
  const region = labels[LabelTopologyRegion] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '') return zone;
  return zone === '' ? region : `${region}:${zone}`;
}

export interface NodeInit {
  readonly idx: number;
  readonly name: string;
  readonly pool: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity: Resources;
  readonly allocatable: Resources;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly images: readonly ContainerImage[];
  readonly creationUs: TimeUs;
}

export function makeNode(init: NodeInit): Node {
  return {
    idx: init.idx,
    name: init.name,
    uid: `node-${init.idx}-${init.name}`,
    labels: init.labels,
    zone: zoneLabelOf(init.labels),
    zoneKey: zoneKeyOf(init.labels),
    pool: init.pool,
    creationUs: init.creationUs,
    capacity: init.capacity,
    allocatable: init.allocatable,
    images: init.images,
    unschedulable: init.unschedulable,
    taints: [...init.taints],
    conditions: new Map(),
    deleted: false,
    pods: new Set(),
    requested: emptyResources(),
    nonZeroRequested: { milliCPU: 0, memory: 0 },
  };
}

export interface PodInit {
  readonly idx: number;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly owner: OwnerReference | null;
  readonly spec: PodSpecManifest;
  readonly createdUs: TimeUs;
  readonly admission: AdmissionConfig;
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
}

function container(c: PodSpecManifest['containers'][number]): Container {
  return {
    name: c.name,
    ...(c.image !== undefined ? { image: c.image } : {}),
    // SetDefaults_Pod (pkg/apis/core/v1/defaults.go): each resource with a limit and no request
    // gets the limit as its request.
    requests: partialResources(
      c.resources?.limits ? { ...c.resources.limits, ...c.resources?.requests } : c.resources?.requests,
    ),
    limits: partialResources(c.resources?.limits),
    ports: (c.ports ?? []).map((p) => ({
      containerPort: p.containerPort,
      ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
      ...(p.hostIP !== undefined ? { hostIP: p.hostIP } : {}),
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
    })),
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
  };
}

function tolerations(list: PodSpecManifest['tolerations']): Toleration[] {
  return (list ?? []).map((t) => ({
    ...(t.key !== undefined && t.key !== '' ? { key: t.key } : {}),
    ...(t.operator !== undefined ? { operator: t.operator } : {}),
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect !== undefined && t.effect !== '' ? { effect: t.effect } : {}),
    ...(t.tolerationSeconds !== undefined ? { tolerationSeconds: t.tolerationSeconds } : {}),
  }));
}

/** The admitted spec and its request sums, which depend only on the manifest spec and admission. */
interface AdmittedSpec {
  readonly admission: AdmissionConfig;
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
  readonly spec: PodSpec;
  readonly requests: Resources;
  readonly nonZeroRequests: { readonly milliCPU: number; readonly memory: number };
}

// Pods stamped from one template (a ReplicaSet's 100 replicas) share one manifest spec object, so they
// share its admitted PodSpec and request sums too: all are read-only after admission, and building
// them per pod was a third of the cost of creating a pod at 150 000 pods (bench/README.md).
const admitted = new WeakMap<PodSpecManifest, AdmittedSpec>();

function admittedSpec(init: PodInit): AdmittedSpec {
  const hit = admitted.get(init.spec);
  if (hit !== undefined && hit.admission === init.admission && hit.priorityClasses === init.priorityClasses)
    return hit;
  const spec = admitSpec(init);
  const entry: AdmittedSpec = {
    admission: init.admission,
    priorityClasses: init.priorityClasses,
    spec,
    requests: podRequests(spec),
    nonZeroRequests: podNonZeroRequests(spec),
  };
  admitted.set(init.spec, entry);
  return entry;
}

/** Builds a pod after API admission. Throws Error (with a user-facing message) if admission rejects it. */
export function makePod(init: PodInit): Pod {
  const { spec, requests, nonZeroRequests } = admittedSpec(init);
  return {
    idx: init.idx,
    uid: `pod-${init.idx}`,
    namespace: init.namespace,
    name: init.name,
    key: `${init.namespace}/${init.name}`,
    labels: init.labels,
    annotations: init.annotations,
    owner: init.owner,
    spec,
    requests,
    nonZeroRequests,
    daemonSet: init.owner?.kind === 'DaemonSet',
    phase: 'Pending',
    nodeName: null,
    assumedNode: null,
    nominatedNodeName: null,
    unschedulable: false,
    ready: false,
    readyTransitionUs: null,
    containersFinishedUs: null,
    scheduledCondition: null,
    deletionUs: null,
    deletionGraceSeconds: null,
    createdUs: init.createdUs,
    scheduledUs: null,
    startedUs: null,
    finishedUs: null,
    removedUs: null,
    schedulingAttempts: 0,
    endReason: null,
  };
}

/** Pod-level resources the scheduler counts (component-helpers resource.IsSupportedPodLevelResource). */
function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

/**
 * Pod-level requests after defaultPodRequests (pkg/apis/core/v1/defaults.go, KEP-2837): only when
 * pod-level limits are set, cpu and memory requests missing at pod level default to the containers'
 * effective requests where some container sets them, and any supported resource still missing defaults
 * to its pod-level limit. Unsupported resource names are not counted at pod level.
 */
function podLevelRequests(
  resources: NonNullable<PodSpecManifest['resources']>,
  containers: Pick<PodSpec, 'containers' | 'initContainers'>,
): Container['requests'] | undefined {
  const reqs: Record<string, number> = { ...(resources.requests ?? {}) };
  const limits = resources.limits ?? {};
  if (Object.keys(limits).length > 0) {
    const all = [...containers.containers, ...containers.initContainers];
    const aggregate = aggregateContainerRequests(containers);
    if (reqs.cpu === undefined && all.some((c) => c.requests.milliCPU !== undefined))
      reqs.cpu = aggregate.milliCPU;
    if (reqs.memory === undefined && all.some((c) => c.requests.memory !== undefined))
      reqs.memory = aggregate.memory;
    for (const [name, value] of Object.entries(limits))
      if (reqs[name] === undefined && isPodLevelResource(name)) reqs[name] = value;
  }
  const supported = Object.entries(reqs).filter(([name]) => isPodLevelResource(name));
  return supported.length > 0 ? partialResources(Object.fromEntries(supported)) : undefined;
}

/** API admission of a manifest spec: defaults, priority resolution, default tolerations. */
function admitSpec(init: PodInit): PodSpec {
  const s = init.spec;
  const containers = {
    containers: s.containers.map(container),
    initContainers: (s.initContainers ?? []).map(container),
  };
  // With the gate off the API server drops spec.resources (dropDisabledPodLevelResourcesFields).
  const podLevel =
    init.admission.podLevelResources && s.resources !== undefined
      ? podLevelRequests(s.resources, containers)
      : undefined;
  const prio = init.admission.priority
    ? resolvePriority(s, init.priorityClasses)
    : {
        priority: s.priority ?? 0,
        preemptionPolicy: s.preemptionPolicy ?? ('PreemptLowerPriority' as const),
      };
  return {
    schedulerName: s.schedulerName ?? 'default-scheduler',
    priority: prio.priority,
    ...(s.priorityClassName !== undefined ? { priorityClassName: s.priorityClassName } : {}),
    preemptionPolicy: prio.preemptionPolicy,
    ...(s.nodeName !== undefined ? { nodeName: s.nodeName } : {}),
    nodeSelector: s.nodeSelector ?? {},
    ...(s.affinity !== undefined ? { affinity: s.affinity } : {}),
    tolerations: withDefaultTolerations(tolerations(s.tolerations), init.admission),
    topologySpreadConstraints: s.topologySpreadConstraints ?? [],
    ...containers,
    ...(s.overhead !== undefined ? { overhead: partialResources(s.overhead) } : {}),
    ...(podLevel !== undefined ? { podLevelRequests: podLevel } : {}),
    terminationGracePeriodSeconds: s.terminationGracePeriodSeconds ?? 30,
    ...(s.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: s.activeDeadlineSeconds } : {}),
    restartPolicy: s.restartPolicy ?? 'Always',
    schedulingGates: (s.schedulingGates ?? []).map((g) => g.name),
    volumes: podVolumes(s.volumes),
    ...(s.hostname !== undefined ? { hostname: s.hostname } : {}),
    ...(s.subdomain !== undefined ? { subdomain: s.subdomain } : {}),
    ...emptyDirs(s.volumes),
    ...localStorage(s.volumes),
  };
}

const NO_VOLUMES: readonly PodVolume[] = Object.freeze([]);

/** spec.volumes as the scheduler and the PV controller read them: names and claim names. */
function podVolumes(list: PodSpecManifest['volumes']): readonly PodVolume[] {
  if (list === undefined || list.length === 0) return NO_VOLUMES;
  return list.map((v) =>
    v.persistentVolumeClaim !== undefined
      ? { name: v.name, claimName: v.persistentVolumeClaim.claimName }
      : { name: v.name },
  );
}

/** The emptyDir volumes a pod declares (kubectl drain filters.go hasLocalStorage), only when it has some. */
function emptyDirs(volumes: unknown): { emptyDirVolumes?: readonly string[] } {
  if (!Array.isArray(volumes)) return {};
  const names: string[] = [];
  for (const v of volumes as Array<Record<string, unknown> | null>)
    if (v !== null && typeof v === 'object' && v.emptyDir !== undefined && v.emptyDir !== null)
      names.push(String(v.name ?? ''));
  return names.length > 0 ? { emptyDirVolumes: names } : {};
}

/**
 * Names of the volumes that keep data on the node: hostPath, and emptyDir not backed by memory
 * (cluster-autoscaler utils/drain isLocalVolume). Only set when there are some.
 */
function localStorage(volumes: unknown): { localStorageVolumes?: readonly string[] } {
  if (!Array.isArray(volumes)) return {};
  const names: string[] = [];
  for (const v of volumes as Array<Record<string, unknown>>) {
    if (v === null || typeof v !== 'object') continue;
    const emptyDir = v.emptyDir as { medium?: unknown } | undefined | null;
    const local = v.hostPath !== undefined || (emptyDir !== undefined && emptyDir?.medium !== 'Memory');
    if (local) names.push(String(v.name ?? ''));
  }
  return names.length > 0 ? { localStorageVolumes: names } : {};
}
