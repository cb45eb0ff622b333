// Test fixtures for the autoscaler's pure parts: a cluster built through the real loader (scheduler
// fixtures), the scheduler profile's framework over its cache, a snapshot of its nodes, and pods and
// template nodes written as upstream's test helpers build them (BuildTestPod, makeNode).

import { makeNode, makePod } from '../../model/factory.js';
import type { PodManifest } from '../../model/k8s-schema.js';
import { podManifestSchema } from '../../model/k8s-schema.js';
import type { Node, Pod } from '../../model/types.js';
import { Framework, noNominations } from '../../scheduler/runtime.js';
import { node as nodeManifest, pod as podManifest, world } from '../../scheduler/testing/fixtures.js';
import type { Sim } from '../../sim/assemble.js';
import { PredicateChecker, VerdictMemo } from '../predicates.js';
import { ClusterSnapshot } from '../snapshot.js';

export const MiB = 1024 * 1024;

export interface CaWorld {
  readonly sim: Sim;
  readonly snapshot: ClusterSnapshot;
  readonly checker: PredicateChecker;
  readonly memo: VerdictMemo;
}

/** A cluster of Node manifests (and bound pods), with the autoscaler's checker over a snapshot of it. */
export function caWorld(nodes: object[], pods: object[] = [], scheduler?: object): CaWorld {
  const sim = world({ nodes, pods, ...(scheduler ? { scheduler } : {}) });
  const cache = sim.scheduler.cache;
  const fws = new Map<string, Framework>();
  for (const profile of sim.config.scheduler.profiles) {
    fws.set(
      profile.schedulerName,
      new Framework(profile, {
        cache,
        minorVersion: sim.config.version.minor,
        rng: sim.rng.stream(`autoscaler/test/${profile.schedulerName}`),
        nominator: noNominations,
      }),
    );
  }
  const snapshot = new ClusterSnapshot(cache.owners);
  for (const ni of cache.nodes) snapshot.addNode(ni, { group: null, virtual: false });
  const checker = new PredicateChecker(fws, snapshot);
  return { sim, snapshot, checker, memo: new VerdictMemo(checker) };
}

/** makeNode of estimator/binpacking_estimator_test.go: millicores, MiB, pods, hostname and zone labels. */
export function upstreamNode(
  cpuMilli: number,
  memMiB: number,
  pods: number,
  name: string,
  zone: string,
): object {
  return nodeManifest(name, {
    cpu: `${cpuMilli}m`,
    memory: String(memMiB * MiB),
    pods,
    labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone },
  });
}

let nodeIdx = 1_000_000;

/** A fresh Node object (own pod set) for the snapshot, as the estimator copies its template. */
export function templateNode(
  cpuMilli: number,
  memBytes: number,
  pods: number,
  name: string,
  zone: string,
): Node {
  const labels = { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone };
  const res = (cpu: number, mem: number, p: number) => ({
    milliCPU: cpu,
    memory: mem,
    ephemeralStorage: 0,
    allowedPodNumber: p,
    scalar: {},
  });
  return makeNode({
    idx: nodeIdx++,
    name,
    pool: '',
    labels,
    capacity: res(cpuMilli, memBytes, pods),
    allocatable: res(cpuMilli, memBytes, pods),
    taints: [],
    unschedulable: false,
    images: [],
    creationUs: 0,
  });
}

let podIdx = 1_000_000;

/** BuildTestPod(name, cpu millicores, memory bytes; -1: no request) plus options, as a kubesim Pod owned by `owner`. */
export function upstreamPod(
  w: CaWorld,
  name: string,
  cpuMilli: number,
  memBytes: number,
  o: {
    labels?: Record<string, string>;
    namespace?: string;
    spec?: Record<string, unknown>;
    owner?: string;
  } = {},
): Pod {
  const req: Record<string, string> = {};
  if (cpuMilli >= 0) req.cpu = `${cpuMilli}m`;
  if (memBytes >= 0) req.memory = String(memBytes);
  const m = podManifest(name, {
    requests: [req],
    labels: o.labels ?? {},
    namespace: o.namespace ?? 'default',
    ...(o.spec ? { spec: o.spec } : {}),
  });
  const manifest = podManifestSchema.parse(m) as PodManifest;
  return makePod({
    idx: podIdx++,
    namespace: o.namespace ?? 'default',
    name,
    labels: o.labels ?? {},
    annotations: {},
    owner: { kind: 'ReplicaSet', name: o.owner ?? 'rs', uid: `uid-${o.owner ?? 'rs'}`, controller: true },
    spec: manifest.spec,
    createdUs: 0,
    admission: w.sim.config.admission,
    priorityClasses: w.sim.built.priorityClasses,
  });
}

/** `count` equivalent pods (upstream's makePodEquivalenceGroup repeats one pod). */
export function podRun(
  w: CaWorld,
  name: string,
  count: number,
  cpuMilli: number,
  memBytes: number,
  o: Parameters<typeof upstreamPod>[4] = {},
): Pod[] {
  return Array.from({ length: count }, (_, i) =>
    upstreamPod(w, `${name}-${i}`, cpuMilli, memBytes, { owner: name, ...o }),
  );
}
