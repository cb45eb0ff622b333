// Bad scenarios: each must fail with a ScenarioError whose message names the right file, path inside
// the file and (where the parser knows it) the line. These are the messages users see with exit code 2.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../src/cli/scenario-input.js';
import { formatPath, ScenarioError } from '../src/model/errors.js';

const GOOD = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata:
  name: t
spec:
  duration: 10m
  cluster:
    nodePools:
      - name: general
        count: 3
        zones: [zone-a]
        capacity: {cpu: "4", memory: 16Gi}
`;

interface Case {
  name: string;
  main: string;
  files?: Record<string, string>;
  overrides?: string[];
  path: string;
  line?: number;
  file?: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'YAML syntax error',
    main: `${GOOD}  workloads: [\n`,
    path: '(top level)',
    line: 14,
    message: /YAML syntax error/,
  },
  {
    name: 'unquoted regular expression with brackets in a flow mapping (a hint to quote it)',
    main: `${GOOD}  expect:\n    - event: {reason: TaintAdded, object: /^general-a-0[1-3]$/}\n      never: true\n`,
    path: '(top level)',
    line: 14,
    message:
      /YAML syntax error: .*; a \/regular expression\/ holding \[ \] \{ \} or , inside \{\.\.\.\} must be quoted/,
  },
  {
    name: 'duplicate YAML key',
    main: GOOD.replace('  duration: 10m\n', '  duration: 10m\n  duration: 20m\n'),
    path: '(top level)',
    line: 7,
    message: /YAML syntax error.*[Uu]nique|YAML syntax error.*duplicate/i,
  },
  {
    name: 'wrong apiVersion',
    main: GOOD.replace('kubesim/v1alpha1', 'kubesim/v1'),
    path: 'apiVersion',
    line: 1,
    message: /expected apiVersion: kubesim\/v1alpha1/,
  },
  {
    name: 'wrong kind',
    main: GOOD.replace('kind: Scenario', 'kind: Simulation'),
    path: 'kind',
    line: 2,
    message: /expected kind: Scenario/,
  },
  {
    name: 'typo in a spec key',
    main: GOOD.replace('duration: 10m', 'duraton: 10m'),
    path: 'spec.duraton',
    line: 6,
    message: /unknown field "duraton"; did you mean "duration"\?/,
  },
  {
    name: 'missing duration',
    main: GOOD.replace('  duration: 10m\n', ''),
    path: 'spec.duration',
    message: /required field is missing/,
  },
  {
    name: 'unparseable duration',
    main: GOOD.replace('duration: 10m', 'duration: ten minutes'),
    path: 'spec.duration',
    line: 6,
    message: /expected a duration such as "40s"/,
  },
  {
    name: 'bad cpu quantity',
    main: GOOD.replace('cpu: "4"', 'cpu: lots'),
    path: 'spec.cluster.nodePools[0].capacity.cpu',
    line: 12,
    message: /expected a Kubernetes quantity/,
  },
  {
    name: 'capacity without memory',
    main: GOOD.replace(', memory: 16Gi', ''),
    path: 'spec.cluster.nodePools[0].capacity',
    line: 12,
    message: /capacity needs memory/,
  },
  {
    name: 'negative pool count',
    main: GOOD.replace('count: 3', 'count: -3'),
    path: 'spec.cluster.nodePools[0].count',
    line: 10,
    message: />=0/,
  },
  {
    name: 'zone and zones together',
    main: GOOD.replace('zones: [zone-a]', 'zones: [zone-a]\n        zone: zone-b'),
    path: 'spec.cluster.nodePools[0].zones',
    message: /either zone or zones/,
  },
  {
    name: 'unknown key in a node pool',
    main: GOOD.replace('count: 3', 'count: 3\n        instanceType: m5.large'),
    path: 'spec.cluster.nodePools[0].instanceType',
    line: 11,
    message: /unknown field "instanceType".*allowed here: .*labels/,
  },
  {
    name: 'duplicate pool name',
    main: `${GOOD}      - name: general\n        count: 1\n        capacity: {cpu: "1", memory: 1Gi}\n`,
    path: 'spec.cluster.nodePools[1].name',
    line: 13,
    message: /duplicate node pool name "general"/,
  },
  {
    name: 'explicit node clashing with a generated one',
    main: `${GOOD}    nodes:\n      - apiVersion: v1\n        kind: Node\n        metadata: {name: general-a-01}\n`,
    path: 'spec.cluster.nodes[0]',
    line: 14,
    message: /duplicate node name "general-a-01"/,
  },
  {
    name: 'pod placed on a node that does not exist',
    main: `${GOOD}  workloads:\n    - apiVersion: v1\n      kind: Pod\n      metadata: {name: p}\n      spec:\n        nodeName: general-a-09\n        containers: [{name: c, image: registry.k8s.io/pause:3.10}]\n`,
    path: 'spec.workloads[0].spec.nodeName',
    line: 18,
    message: /no node named "general-a-09"/,
  },
  {
    name: 'DaemonSet maxSurge with the default maxUnavailable (ValidateRollingUpdateDaemonSet)',
    main: `${GOOD}  workloads:\n    - apiVersion: apps/v1\n      kind: DaemonSet\n      metadata: {name: d}\n      spec:\n        updateStrategy: {rollingUpdate: {maxSurge: 1}}\n        selector: {matchLabels: {a: b}}\n        template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}\n`,
    path: 'spec.workloads[0].spec.updateStrategy.rollingUpdate.maxSurge',
    message: /may not be set when maxUnavailable is non-zero/,
  },
  {
    name: 'DaemonSet with maxUnavailable and maxSurge both 0',
    main: `${GOOD}  workloads:\n    - apiVersion: apps/v1\n      kind: DaemonSet\n      metadata: {name: d}\n      spec:\n        updateStrategy: {rollingUpdate: {maxUnavailable: 0}}\n        selector: {matchLabels: {a: b}}\n        template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}\n`,
    path: 'spec.workloads[0].spec.updateStrategy.rollingUpdate.maxUnavailable',
    message: /cannot be 0 when maxSurge is 0/,
  },
  {
    name: 'container without a name',
    main: `${GOOD}  workloads:\n    - apiVersion: v1\n      kind: Pod\n      metadata: {name: p}\n      spec:\n        containers: [{image: nginx}]\n`,
    path: 'spec.workloads[0].spec.containers[0].name',
    line: 18,
    message: /required field is missing|expected string/,
  },
  {
    name: 'typo in a PodSpec field',
    main: `${GOOD}  workloads:\n    - apiVersion: v1\n      kind: Pod\n      metadata: {name: p}\n      spec:\n        nodeSelecter: {disk: ssd}\n        containers: [{name: c, image: registry.k8s.io/pause:3.10}]\n`,
    path: 'spec.workloads[0].spec.nodeSelecter',
    line: 18,
    message: /did you mean "nodeSelector"/,
  },
  {
    name: 'label value that is not a string',
    main: GOOD.replace('count: 3', 'count: 3\n        labels: {tier: 1}'),
    path: 'spec.cluster.nodePools[0].labels.tier',
    line: 11,
    message: /expected a string value/,
  },
  {
    name: 'unsupported Kubernetes version',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  kubernetesVersion: "1.12"'),
    path: 'spec.kubernetesVersion',
    line: 7,
    message: /outside the modelled range/,
  },
  {
    name: 'include escaping the scenario folder',
    main: `${GOOD}  workloads:\n    - {file: ../secret.yaml}\n`,
    path: 'spec.workloads[0].file',
    line: 14,
    message: /must stay inside the scenario's folder/,
  },
  {
    name: 'include of a missing file',
    main: `${GOOD}  workloads:\n    - {file: pods.yaml}\n`,
    path: 'spec.workloads[0].file',
    line: 14,
    message: /cannot read included file "pods.yaml": no such file/,
  },
  {
    name: 'error inside an included file',
    main: `${GOOD}  workloads:\n    - {file: pods.yaml}\n`,
    files: {
      'pods.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: registry.k8s.io/pause:3.10}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers:\n    - name: c\n      resources: {requests: {memory: 1Zi}}\n',
    },
    file: 'pods.yaml',
    path: 'spec.containers[0].resources.requests.memory',
    line: 13,
    message: /expected a Kubernetes quantity.*included from .*scenario.yaml:14 at spec.workloads\[0\]/,
  },
  {
    name: 'fault on an unknown node',
    main: `${GOOD}  faults:\n    - {at: 1m, action: node-crash, node: general-z-01}\n`,
    path: 'spec.faults[0].node',
    line: 14,
    message: /no node named "general-z-01"/,
  },
  {
    name: 'unknown fault action',
    main: `${GOOD}  faults:\n    - {at: 1m, action: node-explode, node: general-a-01}\n`,
    path: 'spec.faults[0].action',
    message: /expected action to be one of node-crash/,
  },
  {
    name: 'fault after the end of the run',
    main: `${GOOD}  faults:\n    - {at: 20m, action: node-crash, node: general-a-01}\n`,
    path: 'spec.faults[0].at',
    line: 14,
    message: /after the end of spec.duration/,
  },
  {
    name: 'fault with both node and nodes',
    main: `${GOOD}  faults:\n    - {at: 1m, action: node-crash, node: general-a-01, nodes: [general-a-02]}\n`,
    path: 'spec.faults[0].nodes',
    line: 14,
    message: /give either node or nodes, not both/,
  },
  {
    name: 'operation with both node and nodes',
    main: `${GOOD}  operations:\n    - {at: 1m, action: cordon, node: general-a-01, nodes: [general-a-02]}\n`,
    path: 'spec.operations[0].nodes',
    line: 14,
    message: /give either node or nodes, not both/,
  },
  {
    name: 'stage delay with min above max',
    main: `${GOOD}  stages:\n    - {name: s, on: Scheduled, delay: {distribution: uniform, min: 10s, max: 5s}}\n`,
    path: 'spec.stages[0].delay.min',
    line: 14,
    message: /min must not exceed max \(10s > 5s\)/,
  },
  {
    name: 'a duration with a doubled unit',
    main: GOOD.replace('duration: 10m', 'duration: 10mm'),
    path: 'spec.duration',
    line: 6,
    message: /time: unknown unit "mm" in duration "10mm"/,
  },
  {
    name: 'a kubelet period of 1us',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  kubelet: {nodeStatusUpdateFrequency: 1us}'),
    path: 'spec.kubelet.nodeStatusUpdateFrequency',
    line: 7,
    message: /must be at least 100ms, got 1us/,
  },
  {
    name: 'a node monitor period of 0',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  controllerManager: {nodeMonitorPeriod: "0"}'),
    path: 'spec.controllerManager.nodeMonitorPeriod',
    line: 7,
    message: /must be at least 100ms, got 0s/,
  },
  {
    name: 'a metrics interval of 0',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  metrics: {interval: 0s}'),
    path: 'spec.metrics.interval',
    line: 7,
    message: /must be at least 100ms/,
  },
  {
    name: 'a kubelet duration as a bare number (metav1.Duration is a string)',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  kubelet: {nodeStatusUpdateFrequency: 10}'),
    path: 'spec.kubelet.nodeStatusUpdateFrequency',
    line: 7,
    message: /metav1.Duration is a string/,
  },
  {
    name: 'kubelet field with the wrong name',
    main: GOOD.replace('duration: 10m', 'duration: 10m\n  kubelet: {nodeLeaseDuration: 40}'),
    path: 'spec.kubelet.nodeLeaseDuration',
    line: 7,
    message: /did you mean "nodeLeaseDurationSeconds"/,
  },
  {
    name: 'bad taint effect',
    main: GOOD.replace('count: 3', 'count: 3\n        taints: [{key: gpu, effect: NoEntry}]'),
    path: 'spec.cluster.nodePools[0].taints[0].effect',
    line: 11,
    message: /Unsupported value: "NoEntry": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"/,
  },
  {
    name: 'uppercase scenario name',
    main: GOOD.replace('name: t', 'name: My_Scenario'),
    path: 'metadata.name',
    line: 4,
    message: /lowercase DNS name/,
  },
  {
    name: '--set with a bad value',
    main: GOOD,
    overrides: ['spec.cluster.nodePools[0].count=many'],
    file: '--set spec.cluster.nodePools[0].count=many',
    path: 'spec.cluster.nodePools[0].count',
    message: /expected number/,
  },
  {
    name: 'two YAML documents in a scenario file',
    main: `${GOOD}---\n${GOOD}`,
    path: '(top level)',
    message: /exactly one YAML document/,
  },
  {
    name: 'JSON scenario with a bad field',
    main: JSON.stringify(
      {
        apiVersion: 'kubesim/v1alpha1',
        kind: 'Scenario',
        metadata: { name: 'j' },
        spec: {
          duration: '1m',
          cluster: { nodePools: [{ name: 'p', count: 'x', capacity: { cpu: '1', memory: '1Gi' } }] },
        },
      },
      null,
      2,
    ),
    path: 'spec.cluster.nodePools[0].count',
    line: 13,
    message: /expected number/,
  },
];

function setup(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bad-'));
  const sub = join(dir, 'scenarios');
  mkdirSync(sub);
  writeFileSync(join(sub, 'scenario.yaml'), c.main);
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(sub, name), text);
  writeFileSync(join(dir, 'secret.yaml'), 'apiVersion: v1\n');
  return join(sub, 'scenario.yaml');
}

describe('bad scenarios name file, path and line', () => {
  it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('$name', (c) => {
    const file = setup(c);
    let error: unknown;
    try {
      prepareScenario(file, { overrides: c.overrides ?? [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problem = (error as ScenarioError).problems[0];
    expect(problem).toBeDefined();
    if (!problem) return;
    expect(formatPath(problem.path)).toBe(c.path);
    expect(problem.file.endsWith(c.file ?? 'scenario.yaml')).toBe(true);
    if (c.line !== undefined) expect(problem.line).toBe(c.line);
    expect((error as ScenarioError).message).toMatch(c.message);
  });

  it('a missing scenario file is reported as such', () => {
    expect(() => prepareScenario('/nonexistent/scenario.yaml')).toThrow(
      /cannot read scenario file: no such file/,
    );
  });
});
