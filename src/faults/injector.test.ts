import { describe, expect, it } from 'vitest';
import { runSimulation } from '../index.js';
import { ScenarioPathError } from '../model/errors.js';
import { buildScenario } from '../scenario/build.js';
import { loadScenarioText } from '../scenario/load.js';

const S = 1_000_000;

function text(faults: string, duration = '10m'): string {
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: faults-test}
spec:
  duration: ${duration}
  kubelet: {jitter: false}
  cluster:
    nodePools:
      - {name: node, count: 6, zones: [zone-a, zone-b], capacity: {cpu: "8", memory: 32Gi}}
  faults:
${faults}`;
}

function buildError(faults: string): string {
  try {
    buildScenario(loadScenarioText(text(faults)).scenario);
  } catch (e) {
    if (e instanceof ScenarioPathError) return `${e.path.join('.')}: ${e.message}`;
    throw e;
  }
  return '';
}

describe('fault validation', () => {
  it.each([
    [
      '    - {at: 1m, action: zone-outage, zone: zone-x}\n',
      'spec.faults.0.zone: no node in zone "zone-x" (zones: zone-a, zone-b)',
    ],
    [
      '    - {at: 1m, action: node-crash, node: nope}\n',
      'spec.faults.0.node: no node named "nope" in spec.cluster',
    ],
    [
      '    - {at: 1m, action: out-of-service}\n',
      'spec.faults.0: action out-of-service needs node, nodes or select',
    ],
    ['    - {at: 1m, action: node-crash}\n', 'spec.faults.0: action node-crash needs node, nodes or select'],
    [
      '    - {at: 1m, action: node-crash, select: {pool: node, zone: zone-c}}\n',
      'spec.faults.0.select: no node matches pool node, zone zone-c (pools: node)',
    ],
    [
      '    - {at: 1m, action: node-crash, select: {pool: node, zone: zone-a, index: 3}}\n',
      'spec.faults.0.select.index: index 3 but only 3 nodes match pool node, zone zone-a (indexes start at 0)',
    ],
    [
      '    - {at: 1m, action: node-crash, select: {zone: zone-a, index: 0, count: 2}}\n',
      'spec.faults.0.select.count: give one of index, count or percent, not index and count',
    ],
    [
      '    - {at: 1m, action: node-crash, select: {labelSelector: {matchLabels: {tier: gold}}}}\n',
      'spec.faults.0.select: no node matches labelSelector {"matchLabels":{"tier":"gold"}} (pools: node)',
    ],
    [
      '    - {at: 1m, action: add-nodes, pool: gpu, count: 1}\n',
      'spec.faults.0.pool: no node pool named "gpu" in spec.cluster.nodePools',
    ],
    [
      '    - {at: 11m, action: controller-manager-restart}\n',
      'spec.faults.0.at: fault starts after the end of spec.duration',
    ],
  ])('%s', (faults, want) => {
    expect(buildError(faults)).toBe(want);
  });

  it('nodes that add-nodes will register can be targeted by later faults', () => {
    expect(
      buildError(
        '    - {at: 1m, action: add-nodes, pool: node, count: 2}\n    - {at: 2m, action: node-crash, node: node-b-04}\n',
      ),
    ).toBe('');
  });
});

describe('select: nodes by pool, zone, labels and position', () => {
  const crashed = (select: string, extra = '') =>
    runSimulation(
      loadScenarioText(text(`${extra}    - {at: 2m, action: node-crash, select: ${select}}\n`)).scenario,
      { keepEventRows: true },
    )
      .sim.log.keptRows.filter((r) => r.kind === 'Fault' && r.reason === 'node-crash')
      .map((r) => r.object);
  it('index counts from 0 in the zone, in node number order', () => {
    expect(crashed('{pool: node, zone: zone-b, index: 0}')).toEqual(['node-b-01']);
    expect(crashed('{pool: node, zone: zone-b, index: 2}')).toEqual(['node-b-03']);
  });
  it('count takes the first N, percent that share rounded up, none of them every match', () => {
    expect(crashed('{zone: zone-a, count: 2}')).toEqual(['node-a-01', 'node-a-02']);
    // 6 nodes: 34 % is 2.04 -> 3.
    expect(crashed('{pool: node, percent: 34}')).toEqual(['node-a-01', 'node-a-02', 'node-a-03']);
    expect(
      crashed('{labelSelector: {matchExpressions: [{key: kubesim.io/pool, operator: In, values: [node]}]}}'),
    ).toHaveLength(6);
  });
  it('resolves when the fault starts: nodes an earlier add-nodes registered are candidates', () => {
    expect(
      crashed('{zone: zone-b, index: 3}', '    - {at: 1m, action: add-nodes, pool: node, count: 2}\n'),
    ).toEqual(['node-b-04']);
  });
});

describe('fault rows', () => {
  it('one row per start and end and per target; a zone is one object with an empty node column', () => {
    const { scenario } = loadScenarioText(
      text(
        '    - {at: 1m, action: zone-outage, zone: zone-b, for: 2m}\n' +
          '    - {at: 1m, action: kubelet-not-ready, nodes: [node-a-01, node-a-02], for: 30s}\n' +
          '    - {at: 5m, action: controller-manager-restart}\n',
      ),
    );
    const rows = runSimulation(scenario, { keepEventRows: true }).sim.log.keptRows.filter(
      (r) => r.kind === 'Fault',
    );
    expect(rows.map((r) => [r.timeUs / S, r.reason, r.object, r.node, r.zone, r.detail])).toEqual([
      [60, 'zone-outage', 'zone-b', '', 'zone-b', 'start'],
      [60, 'kubelet-not-ready', 'node-a-01', 'node-a-01', 'zone-a', 'start'],
      [60, 'kubelet-not-ready', 'node-a-02', 'node-a-02', 'zone-a', 'start'],
      [90, 'kubelet-not-ready', 'node-a-01', 'node-a-01', 'zone-a', 'end'],
      [90, 'kubelet-not-ready', 'node-a-02', 'node-a-02', 'zone-a', 'end'],
      [180, 'zone-outage', 'zone-b', '', 'zone-b', 'end'],
      [300, 'controller-manager-restart', 'kube-controller-manager', '', '', 'start'],
    ]);
  });

  it('overlapping crashes: the machine boots only when the last one ends', () => {
    const { scenario } = loadScenarioText(
      text(
        '    - {at: 1m, action: node-crash, node: node-a-01, for: 2m}\n' +
          '    - {at: 2m, action: zone-outage, zone: zone-a, for: 3m}\n',
      ),
    );
    const sim = runSimulation(scenario, { keepEventRows: true }).sim;
    const ready = sim.log.keptRows.filter((r) => r.reason === 'NodeReady' && r.object === 'node-a-01');
    expect(ready.map((r) => r.timeUs / S)).toEqual([0, 300]);
  });
});

describe('timeseries under faults', () => {
  it('counts nodes by Ready state and evictions as they happen', () => {
    const { scenario } = loadScenarioText(
      `${text('    - {at: 100s, action: node-crash, node: node-a-01}\n    - {at: 100s, action: kubelet-not-ready, node: node-b-01}\n')}  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
`.replace('  faults:', '  metrics: {interval: 10s}\n  faults:'),
    );
    const samples = runSimulation(scenario).sim.metrics.samples;
    const at = (s: number) => samples.find((x) => x.timeUs === s * S)!;
    expect([at(100).nodesReady, at(100).nodesNotReady, at(100).nodesUnknown]).toEqual([6, 0, 0]);
    expect([at(110).nodesReady, at(110).nodesNotReady, at(110).nodesUnknown]).toEqual([5, 1, 0]);
    expect([at(150).nodesReady, at(150).nodesNotReady, at(150).nodesUnknown]).toEqual([4, 1, 1]);
    expect([at(440).evictionsTotal, at(450).evictionsTotal]).toEqual([0, 1]);
    expect([at(440).podsTerminating, at(450).podsTerminating]).toEqual([0, 1]);
  });
});
