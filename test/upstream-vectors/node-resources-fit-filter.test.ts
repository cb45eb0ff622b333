// Upstream kube-scheduler unit-test vectors for NodeResourcesFit PreFilter + Filter, replayed through kubesim
// explain with only NodeResourcesFit enabled. Inputs and expected statuses come from
//   pkg/scheduler/framework/plugins/noderesources/fit_test.go
//     (TestEnoughRequests, TestNotEnoughRequests, TestStorageRequests, TestRestartableInitContainers)
// in kubernetes/kubernetes. Their node: allocatable cpu 10m, memory 20, pods 32, example.com/aaa 5,
// ephemeral-storage 20, hugepages-2Mi 5 (makeAllocatableResources(10, 20, 32, 5, 20, 5)); each container
// of their newResourcePod lists cpu, memory and ephemeral-storage explicitly (zeros included).
// Not replayed: the DRA extended-resource cases (DRA is not modelled) and the "SidecarContainers feature
// disabled" PreFilter case (the gate is GA and locked on).
import { describe, expect, it } from 'vitest';
import { filterStatuses, ok, unresolvable, unsched, type Want } from './filter-vectors.js';
import { upNode } from './resource-vectors.js';

const N = 'NodeResourcesFit';
const extA = 'example.com/aaa';
const extB = 'example.com/bbb';
const k8sA = 'kubernetes.io/something';
const k8sB = 'subdomain.kubernetes.io/something';
const huge = 'hugepages-2Mi';

interface R {
  cpu?: number;
  mem?: number;
  storage?: number;
  scalar?: Record<string, number>;
}
/** One container per entry, requests as newResourcePod lists them (cpu in millicores, explicit zeros). */
const ctrs = (prefix: string, rs: R[]) =>
  rs.map((r, i) => ({
    name: `${prefix}${i}`,
    resources: {
      requests: {
        cpu: `${r.cpu ?? 0}m`,
        memory: r.mem ?? 0,
        'ephemeral-storage': r.storage ?? 0,
        ...(r.scalar ?? {}),
      },
    },
  }));
const mkPod = (name: string, containers: R[], init: R[] = [], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: ctrs('c', containers),
    ...(init.length > 0 ? { initContainers: ctrs('i', init) } : {}),
    ...extra,
  },
});
const stdNode = () =>
  upNode('n', { cpu: '10m', memory: 20, pods: 32, [extA]: 5, 'ephemeral-storage': 20, [huge]: 5 });
const ins = (r: string) => `Insufficient ${r}`;

interface Case {
  name: string;
  pod: Record<string, unknown>;
  /** The one existing pod's container requests (upstream's NewNodeInfo(newResourcePod(...))). */
  used?: R;
  node?: object;
  args?: object;
  want: Want;
}

function run(cases: Case[]) {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const existing = c.used !== undefined ? [mkPod('existing', [c.used], [], { nodeName: 'n' })] : [];
    const got = filterStatuses({
      plugin: N,
      ...(c.args ? { args: c.args } : {}),
      nodes: [c.node ?? stdNode()],
      existing,
      pod: c.pod,
    });
    expect(got.n).toEqual(c.want);
  });
}

describe('upstream TestEnoughRequests (fit_test.go)', () => {
  run([
    { name: 'no resources requested always fits', pod: mkPod('p', []), used: { cpu: 10, mem: 20 }, want: ok },
    {
      name: 'too many resources fails',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }]),
      used: { cpu: 10, mem: 20 },
      want: unsched(ins('cpu'), ins('memory')),
    },
    {
      name: 'too many resources fails due to init container cpu',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [{ cpu: 3, mem: 1 }]),
      used: { cpu: 8, mem: 19 },
      want: unsched(ins('cpu')),
    },
    {
      name: 'too many resources fails due to highest init container cpu',
      pod: mkPod(
        'p',
        [{ cpu: 1, mem: 1 }],
        [
          { cpu: 3, mem: 1 },
          { cpu: 2, mem: 1 },
        ],
      ),
      used: { cpu: 8, mem: 19 },
      want: unsched(ins('cpu')),
    },
    {
      name: 'too many resources fails due to highest init container memory',
      pod: mkPod(
        'p',
        [{ cpu: 1, mem: 1 }],
        [
          { cpu: 1, mem: 3 },
          { cpu: 1, mem: 2 },
        ],
      ),
      used: { cpu: 9, mem: 19 },
      want: unsched(ins('memory')),
    },
    {
      name: "multiple init containers fit because it's the max, not sum, of containers and init containers",
      pod: mkPod(
        'p',
        [{ cpu: 1, mem: 1 }],
        [
          { cpu: 1, mem: 1 },
          { cpu: 1, mem: 1 },
        ],
      ),
      used: { cpu: 9, mem: 19 },
      want: ok,
    },
    {
      name: 'one resource memory fits',
      pod: mkPod('p', [{ cpu: 2, mem: 1 }]),
      used: { cpu: 9, mem: 5 },
      want: unsched(ins('cpu')),
    },
    { name: 'equal edge case', pod: mkPod('p', [{ cpu: 5, mem: 1 }]), used: { cpu: 5, mem: 19 }, want: ok },
    {
      name: 'equal edge case for init container',
      pod: mkPod('p', [{ cpu: 4, mem: 1 }], [{ cpu: 5, mem: 1 }]),
      used: { cpu: 5, mem: 19 },
      want: ok,
    },
    {
      name: 'extended resource fits for init container',
      pod: mkPod('p', [{}], [{ scalar: { [extA]: 1 } }]),
      used: {},
      want: ok,
    },
    {
      name: 'extended resource capacity enforced',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extA]: 10 } }]),
      used: { scalar: { [extA]: 0 } },
      want: unresolvable(ins(extA)),
    },
    {
      name: 'extended resource allocatable enforced',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extA]: 1 } }]),
      used: { scalar: { [extA]: 5 } },
      want: unsched(ins(extA)),
    },
    {
      name: 'extended resource allocatable enforced for multiple containers',
      pod: mkPod('p', [
        { cpu: 1, mem: 1, scalar: { [extA]: 3 } },
        { cpu: 1, mem: 1, scalar: { [extA]: 3 } },
      ]),
      used: { scalar: { [extA]: 2 } },
      want: unresolvable(ins(extA)),
    },
    {
      name: 'extended resource allocatable admits multiple init containers',
      pod: mkPod(
        'p',
        [{}],
        [
          { cpu: 1, mem: 1, scalar: { [extA]: 3 } },
          { cpu: 1, mem: 1, scalar: { [extA]: 3 } },
        ],
      ),
      used: { scalar: { [extA]: 2 } },
      want: ok,
    },
    {
      name: 'extended resource allocatable enforced for multiple init containers',
      pod: mkPod(
        'p',
        [{}],
        [
          { cpu: 1, mem: 1, scalar: { [extA]: 6 } },
          { cpu: 1, mem: 1, scalar: { [extA]: 3 } },
        ],
      ),
      used: { scalar: { [extA]: 2 } },
      want: unresolvable(ins(extA)),
    },
    {
      name: 'extended resource allocatable enforced for unknown resource',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extB]: 1 } }]),
      used: {},
      want: unresolvable(ins(extB)),
    },
    {
      name: 'kubernetes.io resource capacity enforced',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [k8sA]: 10 } }]),
      used: {},
      want: unresolvable(ins(k8sA)),
    },
    {
      name: 'kubernetes.io resource capacity enforced for init container',
      pod: mkPod('p', [{}], [{ cpu: 1, mem: 1, scalar: { [k8sB]: 10 } }]),
      used: {},
      want: unresolvable(ins(k8sB)),
    },
    {
      name: 'hugepages resource capacity enforced',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [huge]: 10 } }]),
      used: { scalar: { [huge]: 0 } },
      want: unresolvable(ins(huge)),
    },
    {
      name: 'hugepages resource allocatable enforced for multiple containers',
      pod: mkPod('p', [
        { cpu: 1, mem: 1, scalar: { [huge]: 3 } },
        { cpu: 1, mem: 1, scalar: { [huge]: 3 } },
      ]),
      used: { scalar: { [huge]: 2 } },
      want: unresolvable(ins(huge)),
    },
    {
      name: 'skip checking ignored extended resource',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extB]: 1 } }]),
      used: {},
      args: { ignoredResources: [extB] },
      want: ok,
    },
    {
      name: 'resources + pod overhead fits',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [], { overhead: { cpu: '3m', memory: '13' } }),
      used: { cpu: 5, mem: 5 },
      want: ok,
    },
    {
      name: 'requests + overhead does not fit for memory',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [], { overhead: { cpu: '1m', memory: '15' } }),
      used: { cpu: 5, mem: 5 },
      want: unsched(ins('memory')),
    },
    {
      name: 'skip checking ignored extended resource via resource groups',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extB]: 1, [k8sA]: 1 } }]),
      used: {},
      args: { ignoredResourceGroups: ['example.com'] },
      want: unresolvable(ins(k8sA)),
    },
    {
      name: 'skip checking extended resource request with quantity zero via resource groups',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [extA]: 0 } }]),
      used: { scalar: { [extA]: 6 } },
      want: ok,
    },
  ]);
});

// Pod-level resources (spec.resources, PodLevelResources: beta and on by default from 1.34) replace the
// container aggregate for cpu, memory and hugepages-* (component-helpers resource.PodRequests).
describe('upstream TestEnoughRequests, pod-level resources (fit_test.go)', () => {
  run([
    {
      name: 'both pod-level and container-level resources fit',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [], { resources: { requests: { cpu: '1m', memory: '2' } } }),
      used: { cpu: 5, mem: 5 },
      want: ok,
    },
    {
      name: 'both pod-level and container-level hugepages resource fit',
      pod: mkPod('p', [{ cpu: 1, mem: 1, scalar: { [huge]: 3 } }], [], {
        resources: { requests: { cpu: '3m', memory: '2', [huge]: 5 } },
      }),
      want: ok,
    },
    {
      name: 'pod-level cpu resource not fit',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [], { resources: { requests: { cpu: '7m', memory: '2' } } }),
      used: { cpu: 5, mem: 5 },
      want: unsched(ins('cpu')),
    },
    {
      name: 'pod-level memory resource not fit',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [], { resources: { requests: { cpu: '3m', memory: '2' } } }),
      used: { cpu: 5, mem: 19 },
      want: unsched(ins('memory')),
    },
    {
      name: 'pod-level hugepages resource not fit',
      pod: mkPod('p', [], [], { resources: { requests: { cpu: '3m', memory: '2', [huge]: 10 } } }),
      want: unresolvable(ins(huge)),
    },
    {
      name: 'one pod-level cpu resource fits and all init and non-init containers resources fit',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }], [{ cpu: 1, mem: 1 }], {
        resources: { requests: { cpu: '3m', memory: '2' } },
      }),
      used: { cpu: 5, mem: 19 },
      want: unsched(ins('memory')),
    },
  ]);
});

describe('upstream TestNotEnoughRequests (fit_test.go)', () => {
  // Node: allocatable cpu 10m, memory 20, pods 1 (makeAllocatableResources(10, 20, 1, 0, 0, 0)).
  const full = () =>
    upNode('n', { cpu: '10m', memory: 20, pods: 1, [extA]: 0, 'ephemeral-storage': 0, [huge]: 0 });
  run([
    {
      name: "even without specified resources, predicate fails when there's no space for additional pod",
      pod: mkPod('p', []),
      used: { cpu: 10, mem: 20 },
      node: full(),
      want: unsched('Too many pods'),
    },
    {
      name: "even if both resources fit, predicate fails when there's no space for additional pod",
      pod: mkPod('p', [{ cpu: 1, mem: 1 }]),
      used: { cpu: 5, mem: 5 },
      node: full(),
      want: unsched('Too many pods'),
    },
    {
      name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container",
      pod: mkPod('p', [{ cpu: 5, mem: 1 }], [{ cpu: 5, mem: 1 }]),
      used: { cpu: 5, mem: 19 },
      node: full(),
      want: unsched('Too many pods'),
    },
  ]);
});

describe('upstream TestStorageRequests (fit_test.go)', () => {
  run([
    {
      name: 'empty storage requested, and pod fits',
      pod: mkPod('p', [{ cpu: 1, mem: 1 }]),
      used: { cpu: 2, mem: 10 },
      want: ok,
    },
    {
      name: 'storage ephemeral local storage request exceeds allocatable',
      pod: mkPod('p', [{ storage: 25 }]),
      used: { cpu: 2, mem: 2 },
      want: unresolvable(ins('ephemeral-storage')),
    },
    {
      name: 'ephemeral local storage is sufficient',
      pod: mkPod('p', [{ storage: 5 }]),
      used: { cpu: 2, mem: 2, storage: 10 },
      want: ok,
    },
    { name: 'pod fits', pod: mkPod('p', [{ storage: 10 }]), used: { cpu: 2, mem: 2 }, want: ok },
  ]);
});

describe('upstream TestRestartableInitContainers (fit_test.go)', () => {
  // Node: allocatable cpu 2m, memory 0, pods 1; one regular container and one restartable init container.
  const node = () =>
    upNode('n', { cpu: '2m', memory: 0, pods: 1, [extA]: 0, 'ephemeral-storage': 0, [huge]: 0 });
  const sidecarPod = (req?: string, sidecarReq?: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [{ name: 'regular', ...(req ? { resources: { requests: { cpu: req } } } : {}) }],
      initContainers: [
        {
          name: 'restartable-init',
          restartPolicy: 'Always',
          ...(sidecarReq ? { resources: { requests: { cpu: sidecarReq } } } : {}),
        },
      ],
    },
  });
  run([
    {
      name: 'allow pod with restartable init containers if sidecar containers is enabled',
      pod: sidecarPod(),
      node: node(),
      want: ok,
    },
    {
      name: "allow pod if the total requested resources do not exceed the node's allocatable resources",
      pod: sidecarPod('1m', '1m'),
      node: node(),
      want: ok,
    },
    {
      name: "not allow pod if the total requested resources do exceed the node's allocatable resources",
      pod: sidecarPod('1m', '2m'),
      node: node(),
      want: unresolvable(ins('cpu')),
    },
  ]);
});
