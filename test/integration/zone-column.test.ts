// events.csv's zone column holds the topology.kubernetes.io/zone label value, as fault and selector
// `zone:` fields name it, also for nodes that carry a region label (the node lifecycle controller still
// keys its zones by region:zone, GetZoneKey, which the Zone rows keep as their object).

import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/index.js';
import type { SimEventRow } from '../../src/model/event-log.js';
import { loadScenarioText } from '../../src/scenario/load.js';

const SCENARIO = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: zone-column}
spec:
  duration: 6m
  kubelet: {jitter: false}
  cluster:
    nodePools:
      - {name: p, count: 4, region: us-east-1, zones: [us-east-1a, us-east-1b], capacity: {cpu: "4", memory: 16Gi}}
  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: w}, spec: {nodeName: p-1a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
  faults:
    - {at: 1m, for: 3m, action: zone-outage, zone: us-east-1a}
    - {at: 1m, for: 10s, action: network-partition, zone: "us-east-1:us-east-1b"}
`;

function rows(): SimEventRow[] {
  const out: SimEventRow[] = [];
  runSimulation(loadScenarioText(SCENARIO).scenario, { onEventRow: (r) => out.push(r) });
  return out;
}

describe('events.csv zone column with region and zone labels', () => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let all: SimEventRow[];
  beforeAll(() => {
    all = rows();
  });

  it('Node and Pod rows show the zone label, never region:zone', () => {
    const nodeZones = new Set(all.filter((r) => r.kind === 'Node').map((r) => r.zone));
    expect([...nodeZones].sort()).toEqual(['us-east-1a', 'us-east-1b']);
    const started = all.find((r) => r.kind === 'Pod' && r.reason === 'Started');
    expect(started).toMatchObject({ object: 'default/w', node: 'p-1a-01', zone: 'us-east-1a' });
  });

  it('fault rows show the zone label, also for a fault that names the zone by its key', () => {
    const faults = all.filter((r) => r.kind === 'Fault' && r.detail === 'start');
    expect(faults.map((r) => [r.reason, r.object, r.zone])).toEqual([
      ['zone-outage', 'us-east-1a', 'us-east-1a'],
      ['network-partition', 'us-east-1:us-east-1b', 'us-east-1b'],
    ]);
  });

  it('Zone rows keep the controller zone key as object and show the zone label in the zone column', () => {
    const zone = all.filter((r) => r.kind === 'Zone');
    expect(zone.length).toBeGreaterThan(0);
    expect(zone[0]).toMatchObject({
      reason: 'ZoneStateChanged',
      object: 'us-east-1:us-east-1a',
      zone: 'us-east-1a',
      detail: 'FullDisruption',
    });
    for (const r of zone) expect(r.zone).toBe(r.object.split(':')[1]);
  });
});
