// Builders for replaying kube-scheduler's score-plugin unit-test vectors through kubesim explain.
// They mirror the shapes upstream's test wrappers produce (pkg/scheduler/testing): a node's capacity is also
// its allocatable; each `Req` adds one container with exactly those requests; a bare pod has no containers.
// Cases then run in-process through the same path as `kubesim explain --json --all-nodes`.

import type { ExplainResult } from '../../src/scheduler/explain.js';
import { explain, onlyScore, pluginScores, world } from '../../src/scheduler/testing/fixtures.js';

export type ResourceList = Record<string, string | number>;

export interface ImageSpec {
  readonly names: string[];
  readonly sizeBytes: number;
}

/** A node whose status.capacity and status.allocatable are both `capacity` (no pods entry unless given). */
export function upNode(name: string, capacity: ResourceList = {}, images: ImageSpec[] = []): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { capacity, allocatable: capacity, images },
  };
}

/** cpu in millicores and memory in bytes (noderesources/test_util.go makeNode), plus extended resources. */
export function milliNode(
  name: string,
  milliCPU: number,
  memory: number,
  extended: ResourceList = {},
): object {
  return upNode(name, { cpu: `${milliCPU}m`, memory, ...extended });
}

export interface UpPodOpts {
  /** One container per entry: a request list, or null for a container without resources. */
  readonly containers?: Array<ResourceList | null>;
  readonly initContainers?: Array<ResourceList | null>;
  readonly images?: string[];
  readonly initImages?: string[];
  /** Restartable init containers (restartPolicy Always), after initContainers (st.MakePod().SidecarReq). */
  readonly sidecars?: ResourceList[];
  readonly nodeName?: string;
  readonly overhead?: ResourceList;
}

function container(prefix: string, i: number, req: ResourceList | null | undefined, image?: string): object {
  return {
    name: `${prefix}${i}`,
    ...(image !== undefined ? { image } : {}),
    ...(req ? { resources: { requests: req } } : {}),
  };
}

export function upPod(name: string, o: UpPodOpts = {}): Record<string, unknown> {
  const n = Math.max(o.containers?.length ?? 0, o.images?.length ?? 0);
  const m = Math.max(o.initContainers?.length ?? 0, o.initImages?.length ?? 0);
  const containers = Array.from({ length: n }, (_, i) => container('c', i, o.containers?.[i], o.images?.[i]));
  const init = [
    ...Array.from({ length: m }, (_, i) => container('init', i, o.initContainers?.[i], o.initImages?.[i])),
    ...(o.sidecars ?? []).map((r, i) => ({ ...container('sidecar', i, r), restartPolicy: 'Always' })),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers,
      ...(init.length > 0 ? { initContainers: init } : {}),
      ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
    },
  };
}

export interface Vector {
  /** Upstream test case name (t.Run name). */
  readonly name: string;
  readonly nodes: object[];
  /** Existing pods, bound with spec.nodeName. */
  readonly existing?: Array<Record<string, unknown>>;
  readonly pod: Record<string, unknown>;
  readonly args?: object;
  /** Expected plugin score per node, in node order (upstream's expected list). */
  readonly want: Record<string, number>;
  readonly kubernetesVersion?: string;
}

/** Runs one vector with only `plugin` enabled and every node scored; returns explain's result. */
export function replay(plugin: string, v: Vector): ExplainResult {
  const existing = (v.existing ?? []).map((p, i) => ({
    ...p,
    metadata: { ...(p.metadata as object), name: `existing-${i}` },
  }));
  const sim = world({
    nodes: v.nodes,
    pods: existing,
    scheduler: onlyScore(plugin, v.args),
    ...(v.kubernetesVersion ? { kubernetesVersion: v.kubernetesVersion } : {}),
  });
  return explain(sim, v.pod, { allNodes: true });
}

/** node -> normalized score of `plugin` (what upstream's tests assert for plugins without NormalizeScore). */
export function scores(plugin: string, v: Vector): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [node, [, normalized]] of Object.entries(pluginScores(replay(plugin, v), plugin)))
    out[node] = normalized;
  return out;
}
