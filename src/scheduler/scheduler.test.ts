// The scheduler component end to end: placement, FailedScheduling rows, preemption, the client rate
// limit on binds, and the explain command's JSON.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { runSimulation } from '../index.js';
import { loadScenarioText } from '../scenario/load.js';
import { node, pod, scenarioText } from './testing/fixtures.js';

function run(w: Parameters<typeof scenarioText>[0]) {
  return runSimulation(loadScenarioText(scenarioText(w)).scenario, { keepEventRows: true });
}

describe('Scheduler', () => {
  it('places pending pods and reports the others with an upstream-style summary', () => {
    const { sim } = run({
      nodes: [node('a', { cpu: '2', memory: '4Gi' }), node('b', { cpu: '2', memory: '4Gi' })],
      pods: [1, 2, 3].map((i) => pod(`p${i}`, { requests: [{ cpu: '1500m' }] })),
    });
    const rows = sim.log.keptRows;
    expect(
      rows
        .filter((r) => r.reason === 'Scheduled')
        .map((r) => r.node)
        .sort(),
    ).toEqual(['a', 'b']);
    const failed = rows.find((r) => r.reason === 'FailedScheduling');
    expect(failed?.detail).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    );
    expect(sim.state.counters.schedulingAttempts).toBe(3);
  });

  it('preempts a lower-priority pod, nominates the node and schedules there after the victim is gone', () => {
    const { sim } = run({
      nodes: [node('a', { cpu: '2', memory: '4Gi' })],
      apiServer: { disableAdmissionPlugins: ['Priority'] },
      pods: [
        pod('low', { nodeName: 'a', requests: [{ cpu: '1500m' }], spec: { priority: 1 } }),
        pod('high', { requests: [{ cpu: '1500m' }], spec: { priority: 1000 } }),
      ],
    });
    const rows = sim.log.keptRows
      .filter((r) => r.kind === 'Pod')
      .map((r) => `${r.reason} ${r.object} ${r.node}`);
    expect(rows).toContain('Preempted default/low a');
    expect(rows).toContain('Scheduled default/high a');
    expect(rows.indexOf('Preempted default/low a')).toBeLessThan(rows.indexOf('Scheduled default/high a'));
    expect(sim.state.counters.preemptions).toBe(1);
    expect(sim.state.pod('default/high')?.nodeName).toBe('a');
  });

  it('binds through the client token bucket: burst 100, then 50 per second', () => {
    const { sim } = run({
      nodes: [],
      nodePools: [{ name: 'big', count: 20, capacity: { cpu: '64', memory: '256Gi', pods: 110 } }],
      pods: Array.from({ length: 300 }, (_, i) => pod(`p${i}`, { requests: [{ cpu: '10m' }] })),
      duration: '30s',
    });
    const times = [...sim.state.podHistory].map((p) => p.scheduledUs as number).sort((a, b) => a - b);
    expect(times.length).toBe(300);
    expect(times[99]).toBeLessThan(1_000_000);
    // The 300th bind waits for 200 tokens at 50/s after the burst: about 4 s.
    expect(times[299]).toBeGreaterThan(3_900_000);
    expect(times[299]).toBeLessThan(4_300_000);
  });

  it('is deterministic: same seed, same placements', () => {
    const w = {
      nodes: ['a', 'b', 'c', 'd'].map((n) => node(n, { cpu: '8', memory: '8Gi' })),
      pods: Array.from({ length: 12 }, (_, i) => pod(`p${i}`, { requests: [{ cpu: '100m' }] })),
    };
    const place = () => [...run(w).sim.state.podHistory].map((p) => p.nodeName).join(',');
    expect(place()).toBe(place());
  });

  it('placements enter the trace digest: same seed same digest, another seed another', () => {
    const w = {
      nodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => node(n, { cpu: '8', memory: '8Gi' })),
      pods: Array.from({ length: 12 }, (_, i) => pod(`p${i}`, { requests: [{ cpu: '100m' }] })),
    };
    const text = scenarioText(w);
    const digest = (seed: number) =>
      runSimulation(loadScenarioText(text).scenario, { seed }).sim.trace.digest;
    expect(digest(1)).toBe(digest(1));
    expect(digest(1)).not.toBe(digest(2));
  });
});

describe('kubesim explain', () => {
  it('prints the interfaces.md §4 JSON shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-explain-'));
    const scenario = join(dir, 's.json');
    const podFile = join(dir, 'p.yaml');
    writeFileSync(
      scenario,
      scenarioText({
        nodes: [node('n1', { cpu: '1', memory: '1Gi' }), node('n2', { cpu: '4', memory: '8Gi' })],
      }),
    );
    writeFileSync(
      podFile,
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web-0}\nspec:\n  containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "2"}}}]\n',
    );
    let out = '';
    const code = await main(['explain', scenario, '--pod', podFile, '--json'], {
      out: (t) => (out += t),
      err: () => {},
      stderrIsTty: false,
    });
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r).toMatchObject({
      pod: 'default/web-0',
      profile: 'default-scheduler',
      feasible: 1,
      selected: 'n2',
    });
    expect(r.nodes[0]).toEqual({
      node: 'n1',
      feasible: false,
      filter: {
        plugin: 'NodeResourcesFit',
        reason: 'Insufficient cpu',
        code: 'UnschedulableAndUnresolvable',
      },
    });
    expect(r.nodes[1].scores.NodeResourcesFit).toEqual({ raw: 73, normalized: 73, weight: 1, weighted: 73 });
    expect(r.nodes[1].total).toBe(
      Object.values(r.nodes[1].scores as Record<string, { weighted: number }>).reduce(
        (s, x) => s + x.weighted,
        0,
      ),
    );
  });
});
