// Expectations that cannot match anything in their scenario are refused with the field to blame and a
// "did you mean": misspelled reasons and kinds, nodes, zones and objects the scenario does not have,
// globs that match nothing, reasons the scenario cannot produce, and combinations no row has. Valid
// selectors, including names that controllers and add-nodes will create, pass.

import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenario/build.js';
import { loadScenarioText } from '../scenario/load.js';
import { checkExpectations } from './feasible.js';
import { runAndCheck } from './run.js';

function scenario(expectBlock: string, extra = ''): string {
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: feasible}
spec:
  duration: 5m
  kubelet: {jitter: false}
  cluster:
    nodePools:
      - {name: p, count: 3, region: us-east-1, zones: [us-east-1a, us-east-1b], capacity: {cpu: "4", memory: 16Gi}}
  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: w}, spec: {nodeName: p-1a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
  faults:
    - {at: 1m, action: node-crash, node: p-1a-01}
  operations:
    - {at: 2m, action: add-nodes, pool: p, count: 2}
${extra}  expect:
${expectBlock}`;
}

function problems(expectBlock: string, extra = ''): string[] {
  const loaded = loadScenarioText(scenario(expectBlock, extra));
  const built = buildScenario(loaded.scenario);
  return checkExpectations(built, loaded.scenario.spec.expect ?? []).map(
    (p) => `[${p.index}].${p.path.join('.')}: ${p.message}`,
  );
}

describe('expectations that cannot match are refused', () => {
  it.each([
    [
      'a misspelled reason in never: true',
      '    - {event: {reason: TaintManagerEvicton}, never: true}\n',
      '[0].event.reason: kubesim writes no event with reason "TaintManagerEvicton"; did you mean "TaintManagerEviction"?',
    ],
    [
      'a misspelled kind',
      '    - {event: {kind: Nod, reason: NodeReady}, count: 3}\n',
      '[0].event.kind: events.csv has no kind "Nod"; did you mean "Node"?',
    ],
    [
      'a node that does not exist',
      '    - {event: {reason: NodeReady, node: p-1c-01}, never: true}\n',
      '[0].event.node: no node named "p-1c-01" in this scenario (spec.cluster and add-nodes); did you mean "p-1a-01"?',
    ],
    [
      'a node glob that matches nothing',
      '    - {event: {reason: NodeReady, node: "p-1c-*"}, never: true}\n',
      '[0].event.node: the glob "p-1c-*" matches no node name in this scenario (nodes of rows with reason NodeReady: p-1a-01, p-1a-02, p-1a-03, p-1b-01, p-1b-02)',
    ],
    [
      'an object glob that matches no node of a node reason',
      '    - {event: {reason: TaintAdded, object: "q-*"}, never: true}\n',
      '[0].event.object: the glob "q-*" matches no object an event of this scenario can name (objects of rows with reason TaintAdded: p-1a-01, p-1a-02, p-1a-03, p-1b-01, p-1b-02)',
    ],
    [
      'an object glob that matches nothing anywhere',
      '    - {event: {object: "default/db-*"}, never: true}\n',
      '[0].event.object: the glob "default/db-*" matches no object an event of this scenario can name (objects: Deployment/default/web, ReplicaSet/default/web-*, default/w, default/web-*, p-1a-01, p-1a-02, p-1a-03, p-1b-01, ... (11 in all))',
    ],
    [
      'a regular expression anchored to a name prefix no pod has',
      "    - {event: {reason: Scheduled, object: '/^default/db-/'}, never: true}\n",
      '[0].event.object: the regular expression /^default/db-/ matches no object an event of this scenario can name (objects of rows with reason Scheduled: default/w, default/web-*)',
    ],
    [
      'a zone no node is in',
      '    - {event: {zone: us-east-1c}, never: true}\n',
      '[0].event.zone: no node in zone "us-east-1c"; did you mean "us-east-1a"?',
    ],
    [
      'a zone named by its region:zone key',
      '    - {event: {reason: NodeReady, zone: "us-east-1:us-east-1a"}, count: 2}\n',
      '[0].event.zone: the zone column holds the zone label ("us-east-1a"), not the region:zone key "us-east-1:us-east-1a"',
    ],
    [
      'a heartbeat reason without heartbeatEvents',
      '    - {event: {reason: LeaseRenewed}, never: true}\n',
      '[0].event.reason: no LeaseRenewed row can occur in this scenario: it is written only with spec.kubelet.heartbeatEvents: true',
    ],
    [
      'a fault action the scenario has no fault for',
      '    - {event: {reason: zone-outage}, never: true}\n',
      '[0].event.reason: no zone-outage row can occur in this scenario: no entry of spec.faults has action zone-outage',
    ],
    [
      'a reason of another kind',
      '    - {event: {kind: Pod, reason: TaintAdded}, never: true}\n',
      '[0].event.reason: TaintAdded rows are of kind Node, not Pod',
    ],
    [
      'a node event about a pod',
      '    - {event: {reason: TaintAdded, object: default/w}, never: true}\n',
      '[0].event.object: no row with reason TaintAdded has object "default/w" (those rows have object p-1a-01, p-1a-02, p-1a-03, p-1b-01, p-1b-02)',
    ],
    [
      'a workload row on a node',
      '    - {event: {kind: Workload, node: p-1a-01}, never: true}\n',
      '[0].event.node: no row with kind Workload has node "p-1a-01" (those rows have node "")',
    ],
    [
      'a reason glob that matches no reason',
      '    - {event: {reason: "Taint*Evicted"}, never: true}\n',
      '[0].event.reason: kubesim writes no event whose reason matches the glob "Taint*Evicted" (reasons: RegisteredNode, ',
    ],
    [
      'a bad selector inside a relative time',
      '    - {event: {reason: NodeReady}, at: {after: {reason: NodeStatusUnknwn}, by: 5s}}\n',
      '[0].at.after.reason: kubesim writes no event with reason "NodeStatusUnknwn"; did you mean "NodeStatusUnknown"?',
    ],
    [
      'a bad selector in before:',
      '    - {event: {reason: NodeReady}, before: {reason: node-crash, object: p-1b-01}}\n',
      '[0].before.object: no row with reason node-crash has object "p-1b-01" (those rows have object p-1a-01)',
    ],
    [
      'a bad selector in a metric window',
      '    - {metric: nodes_ready, between: [{after: {reason: NodeReady, node: x}}, end], atLeast: 1}\n',
      '[0].between.0.after.node: no node named "x" in this scenario (spec.cluster and add-nodes) (nodes of rows with reason NodeReady: p-1a-01, p-1a-02, p-1a-03, p-1b-01, p-1b-02)',
    ],
  ])('%s', (_what, block, want) => {
    const got = problems(block);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(want);
  });

  it('accepts selectors that can match, including pods and nodes created during the run', () => {
    const ok = [
      '{event: {reason: Scheduled, object: "default/web-*"}, count: 2}',
      '{event: {reason: Started, object: default/web-5d8f-x2kzq}, never: true}', // a name a run may give
      '{event: {reason: NodeReady, object: p-1a-03}, at: 2m}', // registered by add-nodes
      '{event: {reason: node-crash, object: p-1a-01, zone: us-east-1a}, at: 1m}',
      '{event: {kind: Zone, object: "us-east-1:us-east-1a", zone: us-east-1a}, count: {atLeast: 0}}',
      '{event: {reason: ScalingReplicaSet, object: "Deployment/default/web"}, count: 1}',
      "{event: {reason: '/^Node(Ready|NotReady)$/', node: '/^p-1b-/'}, count: {atLeast: 1}}",
      '{event: {reason: Created, node: ""}, count: {atLeast: 1}}',
    ];
    expect(problems(ok.map((e) => `    - ${e}\n`).join(''))).toEqual([]);
  });

  it('heartbeat reasons become possible with heartbeatEvents: true', () => {
    expect(problems('    - {event: {reason: LeaseRenewed}, count: {atLeast: 1}}\n')).toHaveLength(1);
    const text = scenario('    - {event: {reason: LeaseRenewed}, count: {atLeast: 1}}\n').replace(
      'kubelet: {jitter: false}',
      'kubelet: {jitter: false, heartbeatEvents: true}',
    );
    const loaded = loadScenarioText(text);
    expect(checkExpectations(buildScenario(loaded.scenario), loaded.scenario.spec.expect ?? [])).toEqual([]);
  });

  it('runAndCheck reports such an expectation as invalid instead of passing it', () => {
    const loaded = loadScenarioText(scenario('    - {event: {reason: TaintManagerEvicton}, never: true}\n'));
    const built = buildScenario(loaded.scenario);
    const [r] = runAndCheck(built, loaded.scenario.spec.expect ?? []).results;
    expect(r?.status).toBe('invalid');
    expect(r?.invalidPath).toEqual(['event', 'reason']);
    expect(r?.explanation).toContain('did you mean "TaintManagerEviction"?');
  });
});
