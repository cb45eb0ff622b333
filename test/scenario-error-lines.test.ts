// Every scenario error names file:line:path. A corpus of bad scenarios, one mistake each across the
// classes kubesim refuses (YAML shape, schema, API validation, cross-object checks in the builder, work
// limits, includes), is loaded and built as `kubesim validate` does; each problem it reports must carry a
// line, and its printed form must start with "<file>:<line>: <path>: ". (--set overrides are the one
// exception by design: their value comes from the command line, which has no line.)

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../src/cli/scenario-input.js';
import { formatProblem, ScenarioError } from '../src/model/errors.js';

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
const pod = (spec: string, meta = '{name: p}') =>
  `    - {apiVersion: v1, kind: Pod, metadata: ${meta}, spec: ${spec}}\n`;
const workloads = (...items: string[]) => `${GOOD}  workloads:\n${items.join('')}`;
const tmpl =
  '{apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}';

const CORPUS: Record<string, string> = {
  'empty file': '',
  'an empty document': '---\n',
  'a scalar': 'hello\n',
  'a list': '- a\n',
  'two documents': `${GOOD}---\n${GOOD}`,
  'YAML syntax error': `${GOOD}  workloads: [\n`,
  'duplicate key': GOOD.replace('  duration: 10m\n', '  duration: 10m\n  duration: 20m\n'),
  'no spec': 'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: t}\n',
  'spec null': 'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n',
  'no cluster': GOOD.replace(/ {2}cluster:[\s\S]*/, ''),
  'missing duration': GOOD.replace('  duration: 10m\n', ''),
  'duration 10mm': GOOD.replace('duration: 10m', 'duration: 10mm'),
  'duration 1e3s': GOOD.replace('duration: 10m', 'duration: 1e3s'),
  'duration 0': GOOD.replace('duration: 10m', 'duration: 0s'),
  'bad version': GOOD.replace('duration: 10m', 'duration: 10m\n  kubernetesVersion: banana'),
  'unknown field': GOOD.replace('count: 3', 'count: 3\n        instanceType: m5'),
  'negative count': GOOD.replace('count: 3', 'count: -3'),
  'pool of 1e12 nodes': GOOD.replace('count: 3', 'count: 1000000000000'),
  'duplicate pool': `${GOOD}      - name: general\n        count: 1\n        capacity: {cpu: "1", memory: 1Gi}\n`,
  'zone with a space': GOOD.replace('zones: [zone-a]', 'zones: ["zone a"]'),
  'bad taint': GOOD.replace('count: 3', 'count: 3\n        taints: [{key: "a b", effect: NoSchedule}]'),
  'kubelet 1us': GOOD.replace('duration: 10m', 'duration: 10m\n  kubelet: {nodeStatusUpdateFrequency: 1us}'),
  'metrics 0': GOOD.replace('duration: 10m', 'duration: 10m\n  metrics: {interval: 0s}'),
  'two global defaults': workloads(
    '    - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: a}, value: 1, globalDefault: true}\n',
    '    - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: b}, value: 2, globalDefault: true}\n',
  ),
  'duplicate pod': workloads(
    pod('{containers: [{name: c, image: registry.k8s.io/pause:3.10}]}'),
    pod('{containers: [{name: c, image: registry.k8s.io/pause:3.10}]}'),
  ),
  'pod without containers': workloads(pod('{containers: []}')),
  'pod with a bad name': workloads(
    pod('{containers: [{name: c, image: registry.k8s.io/pause:3.10}]}', '{name: Foo_bar}'),
  ),
  'pod with only generateName': workloads(
    pod('{containers: [{name: c, image: registry.k8s.io/pause:3.10}]}', '{generateName: p-}'),
  ),
  'pod on a missing node': workloads(
    pod('{nodeName: general-a-09, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}'),
  ),
  'pod with an unknown class': workloads(
    pod('{priorityClassName: gold, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}'),
  ),
  'pod with hostPort 70000': workloads(
    pod('{containers: [{name: c, ports: [{containerPort: 1, hostPort: 70000}]}]}'),
  ),
  'limit below request': workloads(
    pod(
      '{containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}}]}',
    ),
  ),
  'deployment both zero': workloads(
    '    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}\n',
  ),
  'unknown kind': workloads('    - {apiVersion: v1, kind: Foo}\n'),
  'no kind': workloads('    - {apiVersion: v1}\n'),
  'workloads not a list': `${GOOD}  workloads: 5\n`,
  'fault on a missing node': `${GOOD}  faults:\n    - {at: 1m, action: node-crash, node: nope}\n`,
  'fault in a missing zone': `${GOOD}  faults:\n    - {at: 1m, action: zone-outage, zone: nowhere}\n`,
  'fault without a target': `${GOOD}  faults:\n    - {at: 1m, action: node-crash}\n`,
  'fault after the end': `${GOOD}  faults:\n    - {at: 20m, action: node-crash, node: general-a-01}\n`,
  'fault with node and nodes': `${GOOD}  faults:\n    - {at: 1m, action: node-crash, node: general-a-01, nodes: [general-a-02]}\n`,
  'add-nodes of 1e7': `${GOOD}  faults:\n    - {at: 1m, action: add-nodes, pool: general, count: 10000000}\n`,
  'operation without a target': `${GOOD}  operations:\n    - {at: 1m, action: cordon}\n`,
  'operation on a missing pool': `${GOOD}  operations:\n    - {at: 1m, action: add-nodes, pool: nope, count: 1}\n`,
  'operation after the end': `${GOOD}  operations:\n    - {at: 11m, action: cordon, node: general-a-01}\n`,
  'duplicate arrival': `${GOOD}  arrivals:\n    - {name: a, rate: 1, count: 1, template: ${tmpl}}\n    - {name: a, rate: 1, count: 1, template: ${tmpl}}\n`,
  'arrival rate 1e308': `${GOOD}  arrivals:\n    - {name: a, rate: 1e308, template: ${tmpl}}\n`,
  'bad trace': `${GOOD}  arrivals:\n    - {name: a, trace: {text: "x,y\\n1,2\\n"}}\n`,
  'trace count 1e7': `${GOOD}  arrivals:\n    - {name: a, trace: {text: "submit_time,cpu,memory,duration,count,priority\\n0,1,1Gi,60,10000000,0\\n"}}\n`,
  'stage min above max': `${GOOD}  stages:\n    - {name: s, on: Scheduled, delay: {distribution: uniform, min: 10s, max: 5s}}\n`,
  'unknown scheduler plugin': `${GOOD}  scheduler: {profiles: [{plugins: {score: {enabled: [{name: Nope}]}}}]}\n`,
  'missing include': `${GOOD}  workloads:\n    - {file: nope.yaml}\n`,
  'include outside the folder': `${GOOD}  workloads:\n    - {file: ../secret.yaml}\n`,
};

describe('every scenario error names file:line:path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-lines-'));
  writeFileSync(join(dir, 'secret.yaml'), 'apiVersion: v1\n');
  it('has a broad corpus', () => expect(Object.keys(CORPUS).length).toBeGreaterThanOrEqual(50));

  it.each(Object.entries(CORPUS))('%s', (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, text);
    let error: unknown;
    try {
      prepareScenario(file);
    } catch (e) {
      error = e;
    }
    expect(error, 'the scenario must be refused').toBeInstanceOf(ScenarioError);
    for (const p of (error as ScenarioError).problems) {
      expect(p.line, formatProblem(p)).toBeTypeOf('number');
      expect(formatProblem(p)).toMatch(/^[^:]+\.yaml:\d+: \S.*?: \S/);
    }
  });
});
