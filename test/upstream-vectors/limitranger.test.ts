// Upstream vectors: kubernetes/kubernetes plugin/pkg/admission/limitranger/admission_test.go
// (TestDefaultContainerResourceRequirements, TestMergePodResourceRequirements, TestPodLimitFunc,
// TestPodLimitFuncApplyDefault, TestLimitRangerAdmitPod), replayed against src/model/limit-range.ts, and
// pkg/apis/core/validation TestValidateLimitRange, replayed against validation/limit-range.ts.
// Quantities are in kubesim's units (cpu in millicores, the rest in whole units). Upstream's
// createLimitRange converts the internal object without defaulting it, so the LimitRanges here are built
// as written (no SetDefaults_LimitRangeItem); one kubesim case shows what the API server's defaulting adds.
// TestPersistentVolumeClaimLimitFunc is replayed against claimValidateLimitFunc (the claims the
// StatefulSet controller creates pass it; a refusal through a whole simulation is pinned below).
// Not replayed: TestLimitRangerIgnoresSubresource and the update / terminating-pod rows of
// TestLimitRangerAdmitPod (kubesim never re-admits a pod on update), TestLimitRanger_GetLimitRangesFixed22422
// (the informer's live-lookup cache).
import { describe, expect, it } from 'vitest';
import type { PodSpecManifest } from '../../src/model/k8s-schema.js';
import {
  admitClaimLimitRanges,
  admitLimitRanges,
  claimValidateLimitFunc,
  defaultContainerResourceRequirements,
  type LimitRange,
  type LimitRangeItem,
  limitRangeFrom,
  podMutateLimitFunc,
  podValidateLimitFunc,
} from '../../src/model/limit-range.js';
import { parseMilliQuantity, parseQuantity } from '../../src/model/quantity.js';
import { type LimitRangeInput, validateLimitRange } from '../../src/model/validation/index.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

type List = Record<string, number>;
/** getComputeResourceList(cpu, memory) in kubesim's units. */
function compute(cpu: string, memory: string): List {
  const out: List = {};
  if (cpu !== '') out.cpu = parseMilliQuantity(cpu);
  if (memory !== '') out.memory = parseQuantity(memory);
  return out;
}
const storage = (v: string): List => (v === '' ? {} : { 'ephemeral-storage': parseQuantity(v) });
const none: List = {};
interface Res {
  requests: List;
  limits: List;
}
const res = (requests: List, limits: List): Res => ({ requests, limits });

function item(
  type: string,
  min: List,
  max: List,
  dflt: List,
  defaultRequest: List,
  ratio: List,
): LimitRangeItem {
  return { type, min, max, default: dflt, defaultRequest, maxLimitRequestRatio: ratio };
}
function range(...limits: LimitRangeItem[]): LimitRange {
  return { namespace: 'test', name: 'abc', limits };
}
/** createLimitRange(type, min, max, default, defaultRequest, maxLimitRequestRatio); ratios as numbers. */
const createLimitRange = (type: string, min: List, max: List, d = none, dr = none, ratio = none) =>
  range(item(type, min, max, d, dr, ratio));
const validLimitRange = () =>
  range(
    item('Pod', compute('50m', '2Mi'), compute('200m', '4Gi'), none, none, none),
    item(
      'Container',
      compute('25m', '1Mi'),
      compute('100m', '2Gi'),
      compute('75m', '10Mi'),
      compute('50m', '5Mi'),
      none,
    ),
  );
const validLimitRangeNoDefaults = () =>
  range(
    item('Pod', compute('50m', '2Mi'), compute('200m', '4Gi'), none, none, none),
    item('Container', compute('25m', '1Mi'), compute('100m', '2Gi'), none, none, none),
  );

type Container = PodSpecManifest['containers'][number];
function container(name: string, image: string, r: Res, sidecar = false): Container {
  return {
    name,
    image,
    resources: { requests: { ...r.requests }, limits: { ...r.limits } },
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
  } as Container;
}
/** validPod(name, numContainers, resources) */
function validPod(n: number, r: Res): PodSpecManifest {
  return {
    containers: Array.from({ length: n }, (_, i) => container(`foo-${i}`, `foo:V${i}`, r)),
  } as PodSpecManifest;
}
/** validPodInit(pod, resources...) */
function validPodInit(pod: PodSpecManifest, ...inits: Res[]): PodSpecManifest {
  const initContainers = [
    ...(pod.initContainers ?? []),
    ...inits.map((r, i) => container(`foo-${i}`, `foo:V${i}`, r)),
  ];
  return { ...pod, initContainers } as PodSpecManifest;
}
/** withRestartableInitContainer(requests, limits, pod) */
function withRestartableInitContainer(requests: List, limits: List, pod: PodSpecManifest): PodSpecManifest {
  const n = pod.initContainers?.length ?? 0;
  const initContainers = [
    ...(pod.initContainers ?? []),
    container(`foo-${n}`, `foo:V${n}`, res(requests, limits), true),
  ];
  return { ...pod, initContainers } as PodSpecManifest;
}

const OFF = { podLevelResources: false };
/** PodMutateLimitFunc, then PodValidateLimitFunc: the violations. */
const limitFunc = (lr: LimitRange, pod: PodSpecManifest) =>
  podValidateLimitFunc(lr, podMutateLimitFunc(pod, lr).spec, OFF);
const resourcesOf = (c: { resources?: { requests?: List; limits?: List } | undefined }) => ({
  requests: c.resources?.requests ?? {},
  limits: c.resources?.limits ?? {},
});

describe('admission_test.go', () => {
  it('TestDefaultContainerResourceRequirements', () => {
    expect(defaultContainerResourceRequirements(validLimitRange())).toEqual({
      requests: compute('50m', '5Mi'),
      limits: compute('75m', '10Mi'),
    });
  });

  describe('TestMergePodResourceRequirements', () => {
    const lr = validLimitRange();
    it('pod with no resources enumerated should get each resource from default request', () => {
      const m = podMutateLimitFunc(validPod(1, res(none, none)), lr);
      expect(resourcesOf(m.spec.containers[0] as Container)).toEqual(
        res(compute('50m', '5Mi'), compute('75m', '10Mi')),
      );
      expect(m.note).toBe(
        'LimitRanger plugin set: cpu, memory request for container foo-0; cpu, memory limit for container foo-0',
      );
    });
    it('pod with some resources enumerated should only merge empty', () => {
      const input = res(compute('', '512Mi'), none);
      const m = podMutateLimitFunc(validPodInit(validPod(1, input), input), lr);
      const want = res(compute('50m', '512Mi'), compute('75m', '10Mi'));
      expect(resourcesOf(m.spec.containers[0] as Container)).toEqual(want);
      expect(resourcesOf((m.spec.initContainers ?? [])[0] as Container)).toEqual(want);
      // Upstream's init container shares the container's ResourceList maps (one Go struct copied twice),
      // so its annotation names the container only; with separate lists the init container is named too.
      expect(m.note).toBe(
        'LimitRanger plugin set: cpu request for container foo-0; cpu, memory limit for container foo-0; ' +
          'cpu request for init container foo-0; cpu, memory limit for init container foo-0',
      );
    });
    it('pod with all resources enumerated should not merge anything', () => {
      const input = res(compute('100m', '512Mi'), compute('200m', '1G'));
      const init = res(compute('200m', '1G'), compute('400m', '2G'));
      const m = podMutateLimitFunc(validPodInit(validPod(1, input), init), lr);
      expect(resourcesOf(m.spec.containers[0] as Container)).toEqual(input);
      expect(resourcesOf((m.spec.initContainers ?? [])[0] as Container)).toEqual(init);
      expect(m.note).toBeNull();
    });
  });

  describe('TestPodLimitFunc', () => {
    const C = 'Container';
    const P = 'Pod';
    const success: [string, PodSpecManifest, LimitRange][] = [
      [
        'ctr-min-cpu-request',
        validPod(1, res(compute('100m', ''), none)),
        createLimitRange(C, compute('50m', ''), none),
      ],
      [
        'ctr-min-cpu-request-limit',
        validPod(1, res(compute('100m', ''), compute('200m', ''))),
        createLimitRange(C, compute('50m', ''), none),
      ],
      [
        'ctr-min-memory-request',
        validPod(1, res(compute('', '60Mi'), none)),
        createLimitRange(C, compute('', '50Mi'), none),
      ],
      [
        'ctr-min-memory-request-limit',
        validPod(1, res(compute('', '60Mi'), compute('', '100Mi'))),
        createLimitRange(C, compute('', '50Mi'), none),
      ],
      [
        'ctr-max-cpu-request-limit',
        validPod(1, res(compute('500m', ''), compute('1', ''))),
        createLimitRange(C, none, compute('2', '')),
      ],
      [
        'ctr-max-cpu-limit',
        validPod(1, res(none, compute('1', ''))),
        createLimitRange(C, none, compute('2', '')),
      ],
      [
        'ctr-max-mem-request-limit',
        validPod(1, res(compute('', '250Mi'), compute('', '500Mi'))),
        createLimitRange(C, none, compute('', '1Gi')),
      ],
      [
        'ctr-max-cpu-ratio',
        validPod(1, res(compute('500m', ''), compute('750m', ''))),
        createLimitRange(C, none, none, none, none, { cpu: 1.5 }),
      ],
      [
        'ctr-max-mem-limit',
        validPod(1, res(none, compute('', '500Mi'))),
        createLimitRange(C, none, compute('', '1Gi')),
      ],
      [
        'pod-min-cpu-request',
        validPod(2, res(compute('75m', ''), none)),
        createLimitRange(P, compute('100m', ''), none),
      ],
      [
        'pod-min-cpu-request-limit',
        validPod(2, res(compute('75m', ''), compute('200m', ''))),
        createLimitRange(P, compute('100m', ''), none),
      ],
      [
        'pod-min-memory-request',
        validPod(2, res(compute('', '60Mi'), none)),
        createLimitRange(P, compute('', '100Mi'), none),
      ],
      [
        'pod-min-memory-request-limit',
        validPod(2, res(compute('', '60Mi'), compute('', '100Mi'))),
        createLimitRange(P, compute('', '100Mi'), none),
      ],
      [
        'pod-init-min-memory-request',
        validPodInit(validPod(2, res(compute('', '60Mi'), none)), res(compute('', '100Mi'), none)),
        createLimitRange(P, compute('', '100Mi'), none),
      ],
      [
        'pod-init-min-memory-request-limit',
        validPodInit(
          validPod(2, res(compute('', '60Mi'), compute('', '100Mi'))),
          res(compute('', '80Mi'), compute('', '100Mi')),
        ),
        createLimitRange(P, compute('', '100Mi'), none),
      ],
      [
        'pod-max-cpu-request-limit',
        validPod(2, res(compute('500m', ''), compute('1', ''))),
        createLimitRange(P, none, compute('2', '')),
      ],
      [
        'pod-max-cpu-limit',
        validPod(2, res(none, compute('1', ''))),
        createLimitRange(P, none, compute('2', '')),
      ],
      [
        'pod-init-max-cpu-request-limit',
        validPodInit(
          validPod(2, res(compute('500m', ''), compute('1', ''))),
          res(compute('1', ''), compute('2', '')),
          res(compute('1', ''), compute('1', '')),
        ),
        createLimitRange(P, none, compute('2', '')),
      ],
      [
        'pod-init-max-cpu-limit',
        validPodInit(
          validPod(2, res(none, compute('1', ''))),
          res(none, compute('2', '')),
          res(none, compute('2', '')),
        ),
        createLimitRange(P, none, compute('2', '')),
      ],
      [
        'pod-max-mem-request-limit',
        validPod(2, res(compute('', '250Mi'), compute('', '500Mi'))),
        createLimitRange(P, none, compute('', '1Gi')),
      ],
      [
        'pod-max-mem-limit',
        validPod(2, res(none, compute('', '500Mi'))),
        createLimitRange(P, none, compute('', '1Gi')),
      ],
      [
        'pod-max-mem-ratio',
        validPod(3, res(compute('', '300Mi'), compute('', '450Mi'))),
        createLimitRange(P, none, compute('', '2Gi'), none, none, { memory: 1.5 }),
      ],
      [
        'ctr-1-min-local-ephemeral-storage-request',
        validPod(1, res(storage('60Mi'), none)),
        createLimitRange(C, storage('50Mi'), none),
      ],
      [
        'ctr-1-min-local-ephemeral-storage-request-limit',
        validPod(1, res(storage('60Mi'), storage('100Mi'))),
        createLimitRange(C, storage('50Mi'), none),
      ],
      [
        'ctr-1-max-local-ephemeral-storage-request-limit',
        validPod(1, res(storage('250Mi'), storage('500Mi'))),
        createLimitRange(C, none, storage('1Gi')),
      ],
      [
        'ctr-1-max-local-ephemeral-storage-limit',
        validPod(1, res(none, storage('500Mi'))),
        createLimitRange(C, none, storage('1Gi')),
      ],
      [
        'ctr-2-min-local-ephemeral-storage-request',
        validPod(2, res(storage('60Mi'), none)),
        createLimitRange(C, storage('50Mi'), none),
      ],
      [
        'ctr-2-min-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('60Mi'), storage('100Mi'))),
        createLimitRange(C, storage('50Mi'), none),
      ],
      [
        'ctr-2-max-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('250Mi'), storage('500Mi'))),
        createLimitRange(C, none, storage('600Mi')),
      ],
      [
        'ctr-2-max-local-ephemeral-storage-limit',
        validPod(2, res(none, storage('500Mi'))),
        createLimitRange(C, none, storage('600Mi')),
      ],
      [
        'pod-min-local-ephemeral-storage-request',
        validPod(2, res(storage('60Mi'), none)),
        createLimitRange(P, storage('100Mi'), none),
      ],
      [
        'pod-min-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('60Mi'), storage('100Mi'))),
        createLimitRange(P, storage('100Mi'), none),
      ],
      [
        'pod-init-min-local-ephemeral-storage-request',
        validPodInit(validPod(2, res(storage('60Mi'), none)), res(storage('100Mi'), none)),
        createLimitRange(P, storage('100Mi'), none),
      ],
      [
        'pod-init-min-local-ephemeral-storage-request-limit',
        validPodInit(
          validPod(2, res(storage('60Mi'), storage('100Mi'))),
          res(storage('80Mi'), storage('100Mi')),
        ),
        createLimitRange(P, storage('100Mi'), none),
      ],
      [
        'pod-max-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('250Mi'), storage('500Mi'))),
        createLimitRange(P, none, storage('1Gi')),
      ],
      [
        'pod-max-local-ephemeral-storage-limit',
        validPod(2, res(none, storage('500Mi'))),
        createLimitRange(P, none, storage('1Gi')),
      ],
      [
        'pod-max-local-ephemeral-storage-ratio',
        validPod(3, res(storage('300Mi'), storage('450Mi'))),
        createLimitRange(P, none, storage('2Gi'), none, none, { 'ephemeral-storage': 1.5 }),
      ],
    ];
    for (const [name, pod, lr] of success) {
      it(`success: ${name}`, () => expect(limitFunc(lr, pod)).toEqual([]));
    }
    const failure: [string, PodSpecManifest, LimitRange, string][] = [
      [
        'ctr-min-cpu-request',
        validPod(1, res(compute('40m', ''), none)),
        createLimitRange(C, compute('50m', ''), none),
        'minimum cpu usage per Container is 50m, but request is 40m',
      ],
      [
        'ctr-min-cpu-request-limit',
        validPod(1, res(compute('40m', ''), compute('200m', ''))),
        createLimitRange(C, compute('50m', ''), none),
        'minimum cpu usage per Container is 50m, but request is 40m',
      ],
      [
        'ctr-min-cpu-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, compute('50m', ''), none),
        'minimum cpu usage per Container is 50m.  No request is specified',
      ],
      [
        'ctr-min-memory-request',
        validPod(1, res(compute('', '40Mi'), none)),
        createLimitRange(C, compute('', '50Mi'), none),
        'minimum memory usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-min-memory-request-limit',
        validPod(1, res(compute('', '40Mi'), compute('', '100Mi'))),
        createLimitRange(C, compute('', '50Mi'), none),
        'minimum memory usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-min-memory-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, compute('', '50Mi'), none),
        'minimum memory usage per Container is 50Mi.  No request is specified',
      ],
      [
        'ctr-max-cpu-request-limit',
        validPod(1, res(compute('500m', ''), compute('2500m', ''))),
        createLimitRange(C, none, compute('2', '')),
        'maximum cpu usage per Container is 2, but limit is 2500m',
      ],
      [
        'ctr-max-cpu-limit',
        validPod(1, res(none, compute('2500m', ''))),
        createLimitRange(C, none, compute('2', '')),
        'maximum cpu usage per Container is 2, but limit is 2500m',
      ],
      [
        'ctr-max-cpu-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, none, compute('2', '')),
        'maximum cpu usage per Container is 2.  No limit is specified',
      ],
      [
        'ctr-max-cpu-ratio',
        validPod(1, res(compute('1250m', ''), compute('2500m', ''))),
        createLimitRange(C, none, none, none, none, { cpu: 1 }),
        'cpu max limit to request ratio per Container is 1, but provided ratio is 2.000000',
      ],
      [
        'ctr-max-mem-request-limit',
        validPod(1, res(compute('', '250Mi'), compute('', '2Gi'))),
        createLimitRange(C, none, compute('', '1Gi')),
        'maximum memory usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-max-mem-limit',
        validPod(1, res(none, compute('', '2Gi'))),
        createLimitRange(C, none, compute('', '1Gi')),
        'maximum memory usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-max-mem-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, none, compute('', '1Gi')),
        'maximum memory usage per Container is 1Gi.  No limit is specified',
      ],
      [
        'pod-min-cpu-request',
        validPod(1, res(compute('75m', ''), none)),
        createLimitRange(P, compute('100m', ''), none),
        'minimum cpu usage per Pod is 100m, but request is 75m',
      ],
      [
        'pod-min-cpu-request-limit',
        validPod(1, res(compute('75m', ''), compute('200m', ''))),
        createLimitRange(P, compute('100m', ''), none),
        'minimum cpu usage per Pod is 100m, but request is 75m',
      ],
      [
        'pod-min-memory-request',
        validPod(1, res(compute('', '60Mi'), none)),
        createLimitRange(P, compute('', '100Mi'), none),
        'minimum memory usage per Pod is 100Mi, but request is 60Mi',
      ],
      [
        'pod-min-memory-request-limit',
        validPod(1, res(compute('', '60Mi'), compute('', '100Mi'))),
        createLimitRange(P, compute('', '100Mi'), none),
        'minimum memory usage per Pod is 100Mi, but request is 60Mi',
      ],
      [
        'pod-max-cpu-request-limit',
        validPod(3, res(compute('500m', ''), compute('1', ''))),
        createLimitRange(P, none, compute('2', '')),
        'maximum cpu usage per Pod is 2, but limit is 3',
      ],
      [
        'pod-max-cpu-limit',
        validPod(3, res(none, compute('1', ''))),
        createLimitRange(P, none, compute('2', '')),
        'maximum cpu usage per Pod is 2, but limit is 3',
      ],
      [
        'pod-max-mem-request-limit',
        validPod(3, res(compute('', '250Mi'), compute('', '500Mi'))),
        createLimitRange(P, none, compute('', '1Gi')),
        'maximum memory usage per Pod is 1Gi, but limit is 1500Mi',
      ],
      [
        'pod-max-mem-limit',
        validPod(3, res(none, compute('', '500Mi'))),
        createLimitRange(P, none, compute('', '1Gi')),
        'maximum memory usage per Pod is 1Gi, but limit is 1500Mi',
      ],
      [
        'pod-init-max-mem-limit',
        validPodInit(validPod(1, res(none, compute('', '500Mi'))), res(none, compute('', '1.5Gi'))),
        createLimitRange(P, none, compute('', '1Gi')),
        'maximum memory usage per Pod is 1Gi, but limit is 1536Mi',
      ],
      [
        'pod-max-mem-ratio',
        validPod(3, res(compute('', '250Mi'), compute('', '500Mi'))),
        createLimitRange(P, none, compute('', '2Gi'), none, none, { memory: 1.5 }),
        'memory max limit to request ratio per Pod is 1500m, but provided ratio is 2.000000',
      ],
      [
        'ctr-1-min-local-ephemeral-storage-request',
        validPod(1, res(storage('40Mi'), none)),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-1-min-local-ephemeral-storage-request-limit',
        validPod(1, res(storage('40Mi'), storage('100Mi'))),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-1-min-local-ephemeral-storage-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi.  No request is specified',
      ],
      [
        'ctr-1-max-local-ephemeral-storage-request-limit',
        validPod(1, res(storage('250Mi'), storage('2Gi'))),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-1-max-local-ephemeral-storage-limit',
        validPod(1, res(none, storage('2Gi'))),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-1-max-local-ephemeral-storage-no-request-limit',
        validPod(1, res(none, none)),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi.  No limit is specified',
      ],
      [
        'ctr-2-min-local-ephemeral-storage-request',
        validPod(2, res(storage('40Mi'), none)),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-2-min-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('40Mi'), storage('100Mi'))),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
      ],
      [
        'ctr-2-min-local-ephemeral-storage-no-request-limit',
        validPod(2, res(none, none)),
        createLimitRange(C, storage('50Mi'), none),
        'minimum ephemeral-storage usage per Container is 50Mi.  No request is specified',
      ],
      [
        'ctr-2-max-local-ephemeral-storage-request-limit',
        validPod(2, res(storage('250Mi'), storage('2Gi'))),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-2-max-local-ephemeral-storage-limit',
        validPod(2, res(none, storage('2Gi'))),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
      ],
      [
        'ctr-2-max-local-ephemeral-storage-no-request-limit',
        validPod(2, res(none, none)),
        createLimitRange(C, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Container is 1Gi.  No limit is specified',
      ],
      [
        'pod-min-local-ephemeral-storage-request',
        validPod(1, res(storage('60Mi'), none)),
        createLimitRange(P, storage('100Mi'), none),
        'minimum ephemeral-storage usage per Pod is 100Mi, but request is 60Mi',
      ],
      [
        'pod-min-local-ephemeral-storage-request-limit',
        validPod(1, res(storage('60Mi'), storage('100Mi'))),
        createLimitRange(P, storage('100Mi'), none),
        'minimum ephemeral-storage usage per Pod is 100Mi, but request is 60Mi',
      ],
      [
        'pod-max-local-ephemeral-storage-request-limit',
        validPod(3, res(storage('250Mi'), storage('500Mi'))),
        createLimitRange(P, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Pod is 1Gi, but limit is 1500Mi',
      ],
      [
        'pod-max-local-ephemeral-storage-limit',
        validPod(3, res(none, storage('500Mi'))),
        createLimitRange(P, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Pod is 1Gi, but limit is 1500Mi',
      ],
      [
        'pod-init-max-local-ephemeral-storage-limit',
        validPodInit(validPod(1, res(none, storage('500Mi'))), res(none, storage('1.5Gi'))),
        createLimitRange(P, none, storage('1Gi')),
        'maximum ephemeral-storage usage per Pod is 1Gi, but limit is 1536Mi',
      ],
      [
        'pod-max-local-ephemeral-storage-ratio',
        validPod(3, res(storage('250Mi'), storage('500Mi'))),
        createLimitRange(P, none, storage('2Gi'), none, none, { 'ephemeral-storage': 1.5 }),
        'ephemeral-storage max limit to request ratio per Pod is 1500m, but provided ratio is 2.000000',
      ],
      // The sidecar's 1500m runs beside the container's 1000m: 2500m of requests per Pod.
      [
        'ctr-max-cpu-limit-restartable-init-container',
        withRestartableInitContainer(
          compute('1500m', ''),
          none,
          validPod(1, res(compute('1000m', ''), compute('1500m', ''))),
        ),
        createLimitRange(P, none, compute('2', '')),
        'maximum cpu usage per Pod is 2, but request is 2500m',
      ],
    ];
    for (const [name, pod, lr, message] of failure) {
      // One message per container that breaks the Container item (the ctr-2 rows have two).
      const want = name.startsWith('ctr-2-') ? [message, message] : [message];
      it(`error: ${name}`, () => expect(limitFunc(lr, pod)).toEqual(want));
    }
  });

  it('TestPodLimitFuncApplyDefault', () => {
    const pod = validPodInit(validPod(1, res(none, none)), res(none, none));
    const m = podMutateLimitFunc(pod, validLimitRange());
    const want = res(compute('50m', '5Mi'), compute('75m', '10Mi'));
    for (const c of [...m.spec.containers, ...(m.spec.initContainers ?? [])])
      expect(resourcesOf(c)).toEqual(want);
  });

  it('TestLimitRangerAdmitPod (create)', () => {
    // Admit sets nothing (no defaults); Validate refuses the pod on create.
    const r = admitLimitRanges(validPod(1, res(none, none)), [validLimitRangeNoDefaults()], OFF);
    expect(r).toEqual({
      error:
        '[minimum cpu usage per Pod is 50m.  No request is specified, minimum memory usage per Pod is 2Mi.  No request is specified, ' +
        'maximum cpu usage per Pod is 200m.  No limit is specified, maximum memory usage per Pod is 4Gi.  No limit is specified, ' +
        'minimum cpu usage per Container is 25m.  No request is specified, minimum memory usage per Container is 1Mi.  No request is specified, ' +
        'maximum cpu usage per Container is 100m.  No limit is specified, maximum memory usage per Container is 2Gi.  No limit is specified]',
    });
  });
});

describe('kubesim: the LimitRanger across LimitRanges and with the API server defaults', () => {
  const lr = (name: string, ...limits: LimitRangeItem[]): LimitRange => ({ namespace: 'test', name, limits });
  it('SetDefaults_LimitRangeItem: a Container min alone becomes the default request, so the pod passes', () => {
    const stored = limitRangeFrom(
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'abc' },
        spec: { limits: [{ type: 'Container', min: { cpu: 50 } }] },
      } as never,
      'test',
    );
    const r = admitLimitRanges(validPod(1, res(none, none)), [stored], OFF);
    expect(r).toMatchObject({ annotation: 'LimitRanger plugin set: cpu request for container foo-0' });
    if ('error' in r) throw new Error(r.error);
    expect(resourcesOf(r.spec.containers[0] as Container)).toEqual(res({ cpu: 50 }, {}));
  });
  it('every LimitRange fills what is still missing; the last one that set something writes the annotation', () => {
    const cpu = lr('cpu', item('Container', none, none, { cpu: 200 }, { cpu: 100 }, none));
    const mem = lr('mem', item('Container', none, none, { memory: 2 ** 27 }, { memory: 2 ** 26 }, none));
    const r = admitLimitRanges(validPod(1, res(none, none)), [cpu, mem], OFF);
    if ('error' in r) throw new Error(r.error);
    expect(resourcesOf(r.spec.containers[0] as Container)).toEqual(
      res({ cpu: 100, memory: 2 ** 26 }, { cpu: 200, memory: 2 ** 27 }),
    );
    expect(r.annotation).toBe(
      'LimitRanger plugin set: memory request for container foo-0; memory limit for container foo-0',
    );
  });
  it('the first LimitRange with violations refuses the pod, with its messages only', () => {
    const a = lr('a', item('Container', none, { cpu: 500 }, none, none, none));
    const b = lr('b', item('Container', none, { cpu: 400 }, none, none, none));
    const r = admitLimitRanges(validPod(1, res({ cpu: 600 }, { cpu: 600 })), [a, b], OFF);
    expect(r).toEqual({ error: 'maximum cpu usage per Container is 500m, but limit is 600m' });
  });
  it('PodLevelResources: the pod-level limit replaces the containers sum for Pod items', () => {
    const pod = { ...validPod(2, res({ cpu: 500 }, { cpu: 1000 })), resources: { limits: { cpu: 1500 } } };
    const max = lr('max', item('Pod', none, { cpu: 1800 }, none, none, none));
    expect(admitLimitRanges(pod as PodSpecManifest, [max], { podLevelResources: true })).not.toHaveProperty(
      'error',
    );
    expect(admitLimitRanges(pod as PodSpecManifest, [max], OFF)).toEqual({
      error: 'maximum cpu usage per Pod is 1800m, but limit is 2',
    });
  });
});

describe('validation_test.go TestValidateLimitRange', () => {
  const rl = (cpu: string, memory: string): Record<string, string> => ({
    ...(cpu === '' ? {} : { cpu }),
    ...(memory === '' ? {} : { memory }),
  });
  const st = (v: string): Record<string, string> => (v === '' ? {} : { storage: v });
  const lr = (
    name: string,
    limits: LimitRangeInput['spec']['limits'],
    namespace = 'foo',
  ): LimitRangeInput => ({
    metadata: { name, namespace },
    spec: { limits },
  });
  const success: [string, LimitRangeInput['spec']['limits']][] = [
    [
      'all-fields-valid',
      [
        {
          type: 'Pod',
          max: rl('100m', '10000Mi'),
          min: rl('5m', '100Mi'),
          maxLimitRequestRatio: rl('10', ''),
        },
        {
          type: 'Container',
          max: rl('100m', '10000Mi'),
          min: rl('5m', '100Mi'),
          default: rl('50m', '500Mi'),
          defaultRequest: rl('10m', '200Mi'),
          maxLimitRequestRatio: rl('10', ''),
        },
        { type: 'PersistentVolumeClaim', max: st('10Gi'), min: st('5Gi') },
      ],
    ],
    ['pvc-min-only', [{ type: 'PersistentVolumeClaim', min: st('5Gi') }]],
    ['pvc-max-only', [{ type: 'PersistentVolumeClaim', max: st('10Gi') }]],
    [
      'all-fields-valid-big-numbers',
      [
        {
          type: 'Container',
          max: rl('100m', '10000T'),
          min: rl('5m', '100Mi'),
          default: rl('50m', '500Mi'),
          defaultRequest: rl('10m', '200Mi'),
          maxLimitRequestRatio: rl('10', ''),
        },
      ],
    ],
    [
      'thirdparty-fields-all-valid-standard-container-resources',
      [
        {
          type: 'thirdparty.com/foo',
          max: rl('100m', '10000T'),
          min: rl('5m', '100Mi'),
          default: rl('50m', '500Mi'),
          defaultRequest: rl('10m', '200Mi'),
          maxLimitRequestRatio: rl('10', ''),
        },
      ],
    ],
    [
      'thirdparty-fields-all-valid-storage-resources',
      [
        {
          type: 'thirdparty.com/foo',
          max: st('10000T'),
          min: st('100Mi'),
          default: st('500Mi'),
          defaultRequest: st('200Mi'),
          maxLimitRequestRatio: st(''),
        },
      ],
    ],
  ];
  for (const [name, limits] of success) {
    it(`success: ${name}`, () => expect(validateLimitRange(lr(name, limits))).toEqual([]));
  }
  const failure: [string, LimitRangeInput, string][] = [
    ['zero-length-name', lr('', []), 'name or generateName is required'],
    ['zero-length-namespace', lr('abc', [], ''), ''],
    ['invalid-name', lr('^Invalid', []), 'a lowercase RFC 1123 subdomain must consist of'],
    ['invalid-namespace', lr('abc', [], '^Invalid'), 'a lowercase RFC 1123 label must consist of'],
    [
      'duplicate-limit-type',
      lr('abc', [
        { type: 'Pod', max: rl('100m', '10000m'), min: rl('0m', '100m') },
        { type: 'Pod', min: rl('0m', '100m') },
      ]),
      '',
    ],
    [
      'default-limit-type-pod',
      lr('abc', [
        { type: 'Pod', max: rl('100m', '10000m'), min: rl('0m', '100m'), default: rl('10m', '100m') },
      ]),
      "may not be specified when `type` is 'Pod'",
    ],
    [
      'default-request-limit-type-pod',
      lr('abc', [
        { type: 'Pod', max: rl('100m', '10000m'), min: rl('0m', '100m'), defaultRequest: rl('10m', '100m') },
      ]),
      "may not be specified when `type` is 'Pod'",
    ],
    [
      'min value 100m is greater than max value 10m',
      lr('abc', [{ type: 'Pod', max: rl('10m', ''), min: rl('100m', '') }]),
      'min value 100m is greater than max value 10m',
    ],
    [
      'invalid spec default outside range',
      lr('abc', [{ type: 'Container', max: rl('1', ''), min: rl('100m', ''), default: rl('2000m', '') }]),
      'default value 2 is greater than max value 1',
    ],
    [
      'invalid spec default request outside range',
      lr('abc', [
        { type: 'Container', max: rl('1', ''), min: rl('100m', ''), defaultRequest: rl('2000m', '') },
      ]),
      'default request value 2 is greater than max value 1',
    ],
    [
      'invalid spec default request more than default',
      lr('abc', [
        {
          type: 'Container',
          max: rl('2', ''),
          min: rl('100m', ''),
          default: rl('500m', ''),
          defaultRequest: rl('800m', ''),
        },
      ]),
      'default request value 800m is greater than default limit value 500m',
    ],
    [
      'invalid spec maxLimitRequestRatio less than 1',
      lr('abc', [{ type: 'Pod', maxLimitRequestRatio: rl('800m', '') }]),
      'ratio 800m is less than 1',
    ],
    [
      'invalid spec maxLimitRequestRatio greater than max/min',
      lr('abc', [
        { type: 'Container', max: rl('', '2Gi'), min: rl('', '512Mi'), maxLimitRequestRatio: rl('', '10') },
      ]),
      'ratio 10 is greater than max/min = 4.000000',
    ],
    [
      'invalid non standard limit type',
      lr('abc', [
        {
          type: 'foo',
          max: st('10000T'),
          min: st('100Mi'),
          default: st('500Mi'),
          defaultRequest: st('200Mi'),
          maxLimitRequestRatio: st(''),
        },
      ]),
      'must be a standard limit type or fully qualified',
    ],
    [
      'min and max values missing, one required',
      lr('abc', [{ type: 'PersistentVolumeClaim' }]),
      'either minimum or maximum storage value is required, but neither was provided',
    ],
    [
      'invalid min greater than max',
      lr('abc', [{ type: 'PersistentVolumeClaim', min: st('10Gi'), max: st('1Gi') }]),
      'min value 10Gi is greater than max value 1Gi',
    ],
  ];
  for (const [name, input, detail] of failure) {
    it(`error: ${name}`, () => {
      const errs = validateLimitRange(input);
      expect(errs.length).toBeGreaterThan(0);
      for (const e of errs) expect(e.detail).toContain(detail);
    });
  }
  it('the errors as the API server prints them', () => {
    expect(validateLimitRange(failure[7]?.[1] as LimitRangeInput)).toEqual([
      {
        type: 'Invalid',
        path: ['spec', 'limits', 0, 'min', 'cpu'],
        value: { go: '100m' },
        detail: 'min value 100m is greater than max value 10m',
      },
    ]);
    expect(validateLimitRange(failure[4]?.[1] as LimitRangeInput)).toEqual([
      { type: 'Duplicate', path: ['spec', 'limits', 1, 'type'], value: 'Pod', detail: '' },
    ]);
  });
});

describe('admission_test.go TestPersistentVolumeClaimLimitFunc', () => {
  /** getStorageResourceList: the claim's storage request, or none. */
  const st = (v: string): List => (v === '' ? {} : { storage: parseQuantity(v) });
  const PVC = 'PersistentVolumeClaim';
  const success: [string, List, LimitRange][] = [
    ['pvc-is-min-storage-request', st('1Gi'), createLimitRange(PVC, st('1Gi'), none)],
    ['pvc-is-max-storage-request', st('1Gi'), createLimitRange(PVC, none, st('1Gi'))],
    ['pvc-no-minmax-storage-request', st('100Gi'), createLimitRange(PVC, st(''), st(''))],
    ['pvc-within-minmax-storage-request', st('5Gi'), createLimitRange(PVC, st('1Gi'), st('10Gi'))],
  ];
  for (const [name, requests, lr] of success) {
    it(`success: ${name}`, () => expect(claimValidateLimitFunc(lr, requests)).toEqual([]));
  }
  const errors: [string, List, LimitRange, string][] = [
    [
      'pvc-below-min-storage-request',
      st('500Mi'),
      createLimitRange(PVC, st('1Gi'), none),
      'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    ],
    [
      'pvc-exceeds-max-storage-request',
      st('100Gi'),
      createLimitRange(PVC, st('1Gi'), st('1Gi')),
      'maximum storage usage per PersistentVolumeClaim is 1Gi, but request is 100Gi',
    ],
  ];
  for (const [name, requests, lr, message] of errors) {
    it(`error: ${name} (minConstraint / maxRequestConstraint messages)`, () =>
      expect(claimValidateLimitFunc(lr, requests)).toEqual([message]));
  }
  it('Container and Pod items do not apply to claims; the first LimitRange with violations refuses', () => {
    expect(admitClaimLimitRanges(st('100Gi'), [validLimitRange()])).toBeNull();
    const small = createLimitRange(PVC, none, st('1Gi'));
    const big = createLimitRange(PVC, none, st('50Gi'));
    expect(admitClaimLimitRanges(st('100Gi'), [big, small])).toBe(
      'maximum storage usage per PersistentVolumeClaim is 50Gi, but request is 100Gi',
    );
  });

  it('a StatefulSet claim the LimitRange refuses: FailedCreate for the claim and the pod, no pod', () => {
    const sim = simFromYaml(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: pvc-limit}
spec:
  duration: 1m
  cluster:
    nodePools: [{name: node, count: 1, capacity: {cpu: "4", memory: 16Gi, pods: 110}}]
  workloads:
    - apiVersion: v1
      kind: LimitRange
      metadata: {name: storage}
      spec:
        limits: [{type: PersistentVolumeClaim, max: {storage: 5Gi}}]
    - apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata: {name: ssd}
      provisioner: ebs.csi.aws.com
      volumeBindingMode: WaitForFirstConsumer
    - apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 1
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: db, image: "postgres:16"}]
        volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: ssd
              resources: {requests: {storage: 10Gi}}
`);
    runUntil(sim, 2 * S);
    const failed = sim.log.keptRows.filter((r) => r.reason === 'FailedCreate').map((r) => r.detail);
    const err =
      'persistentvolumeclaims "data-db-0" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi';
    expect(failed[0]).toBe(`create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: ${err}`);
    expect(failed[1]).toBe(
      `create Pod db-0 in StatefulSet db failed error: failed to create PVC data-db-0: ${err}`,
    );
    expect(sim.state.volumes.claim('default/data-db-0')).toBeUndefined();
    expect([...sim.state.pods].length).toBe(0);
  });
});
