// Upstream kube-scheduler unit-test vectors for the small Filter plugins, replayed through kubesim explain with
// only the plugin under test enabled. Inputs and expected statuses come from (kubernetes/kubernetes)
//   pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go (TestNodeUnschedulable)
//   pkg/scheduler/framework/plugins/nodename/node_name_test.go (TestNodeName)
//   pkg/scheduler/framework/plugins/nodeports/node_ports_test.go (TestNodePorts)
import { describe, expect, it } from 'vitest';
import { node } from '../../src/scheduler/testing/fixtures.js';
import { filterStatuses, fpod, lnode, ok, unresolvable, unsched, type Want } from './filter-vectors.js';

describe('upstream TestNodeUnschedulable (node_unschedulable_test.go)', () => {
  const cases: Array<[string, boolean, object[], Want]> = [
    [
      'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)',
      true,
      [],
      unresolvable('node(s) were unschedulable'),
    ],
    ['Schedule pod to normal node', false, [], ok],
    [
      'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
      true,
      [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
      ok,
    ],
  ];
  it.each(cases)('%s', (_name, unschedulable, tolerations, want) => {
    const got = filterStatuses({
      plugin: 'NodeUnschedulable',
      noPreFilter: true,
      nodes: [node('n', { cpu: '10', memory: '10Gi', pods: 110, unschedulable })],
      pod: fpod('p', { tolerations }),
    });
    expect(got.n).toEqual(want);
  });
});

describe('upstream TestNodeName (node_name_test.go)', () => {
  const cases: Array<[string, string | undefined, Want]> = [
    ['no host specified', undefined, ok],
    ['host matches', 'foo', ok],
    ["host doesn't match", 'bar', unresolvable("node(s) didn't match the requested node name")],
  ];
  it.each(cases)('%s', (_name, nodeName, want) => {
    const got = filterStatuses({
      plugin: 'NodeName',
      noPreFilter: true,
      nodes: [lnode('foo')],
      pod: fpod('p', nodeName ? { nodeName } : {}),
    });
    expect(got.foo).toEqual(want);
  });
});

describe('upstream TestNodePorts (node_ports_test.go)', () => {
  const ErrReason = "node(s) didn't have free ports for the requested pod ports";
  /** newPod(host, "PROTO/IP/PORT", ...): one container with those host ports. */
  const portPod = (name: string, specs: string[], nodeName?: string) =>
    fpod(
      name,
      {
        containers: [
          {
            name: 'c',
            ports: specs.map((s) => {
              const [protocol, hostIP, port] = s.split('/') as [string, string, string];
              return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
            }),
          },
        ],
      },
      {},
      nodeName ? { nodeName } : {},
    );
  const cases: Array<[string, string[], string[], Want]> = [
    ['skip filter', [], [], ok],
    ['other port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/9090'], ok],
    ['same udp port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], unsched(ErrReason)],
    ['same tcp port', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], unsched(ErrReason)],
    ['different host ip', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.2/8080'], ok],
    ['different protocol', ['UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], ok],
    [
      'second udp port conflict',
      ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'],
      ['UDP/127.0.0.1/8080'],
      unsched(ErrReason),
    ],
    [
      'first tcp port conflict',
      ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'],
      ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'],
      unsched(ErrReason),
    ],
    [
      'first tcp port conflict due to 0.0.0.0 hostIP',
      ['TCP/0.0.0.0/8001'],
      ['TCP/127.0.0.1/8001'],
      unsched(ErrReason),
    ],
    [
      'TCP hostPort conflict due to 0.0.0.0 hostIP',
      ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'],
      ['TCP/127.0.0.1/8001'],
      unsched(ErrReason),
    ],
    [
      'second tcp port conflict to 0.0.0.0 hostIP',
      ['TCP/127.0.0.1/8001'],
      ['TCP/0.0.0.0/8001'],
      unsched(ErrReason),
    ],
    ['second different protocol', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], ok],
    [
      'UDP hostPort conflict due to 0.0.0.0 hostIP',
      ['UDP/127.0.0.1/8001'],
      ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'],
      unsched(ErrReason),
    ],
  ];
  it.each(cases)('%s', (_name, wanted, used, want) => {
    const got = filterStatuses({
      plugin: 'NodePorts',
      nodes: [lnode('n')],
      existing: used.length > 0 ? [portPod('m1', used, 'n')] : [],
      pod: portPod('p', wanted),
    });
    expect(got.n).toEqual(want);
  });
});
