// compare: profile substitution, fragmentation, and a CLI smoke run writing compare.csv and the plot.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { loadScenarioText } from '../scenario/load.js';
import { node, pod, scenarioText } from '../scheduler/testing/fixtures.js';
import { COMPARE_HEADER, runOne, withProfile } from './compare.js';

const small = () =>
  scenarioText({
    nodes: ['a', 'b', 'c', 'd'].map((n) => node(n, { cpu: '4', memory: '8Gi' })),
    pods: Array.from({ length: 6 }, (_, i) => pod(`p${i}`, { requests: [{ cpu: '1', memory: '1Gi' }] })),
  });

describe('compare', () => {
  it('substitutes the profile serving default-scheduler and keeps the others', () => {
    const s = loadScenarioText(
      scenarioText({
        nodes: [],
        scheduler: { profiles: [{ schedulerName: 'default-scheduler' }, { schedulerName: 'batch' }] },
      }),
    ).scenario;
    const out = withProfile(s, { label: 'bp', profile: { preset: 'bin-packing' } });
    expect(out.spec.scheduler?.profiles?.map((p) => [p.schedulerName, p.preset])).toEqual([
      ['default-scheduler', 'bin-packing'],
      ['batch', undefined],
    ]);
  });

  it('bin-packing uses fewer nodes than the default on the same pods', () => {
    const s = loadScenarioText(small()).scenario;
    const bp = runOne(s, { label: 'bin-packing', profile: { preset: 'bin-packing' } }, 1);
    const def = runOne(s, { label: 'default', profile: {} }, 1);
    expect(bp.row.nodes_used).toBe(2);
    expect(def.row.nodes_used).toBe(4);
    expect(bp.row.pods_scheduled).toBe(6);
  });

  it('fragmentation counts free CPU on used nodes that cannot fit the common shape', () => {
    const text = scenarioText({
      nodes: [node('a', { cpu: '3', memory: '8Gi' }), node('b', { cpu: '3', memory: '8Gi' })],
      pods: [
        pod('x', { nodeName: 'a', requests: [{ cpu: '2' }] }),
        pod('y', { nodeName: 'b', requests: [{ cpu: '2' }] }),
        pod('z', { nodeName: 'b', requests: [{ cpu: '500m' }] }),
      ],
    });
    // Common shape 2 cpu: a has 1 cpu free, b 0.5; neither fits another -> all 1.5 free cpu stranded.
    const r = runOne(loadScenarioText(text).scenario, { label: 'd', profile: {} }, 1);
    expect(r.row.fragmentation_ratio).toBe(1);
  });

  it('the CLI writes compare.csv (one row per profile x seed) and compare.svg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-compare-'));
    const file = join(dir, 's.json');
    writeFileSync(file, small());
    const out = join(dir, 'out');
    let text = '';
    const code = await main(
      ['compare', file, '--profile', 'bin-packing', '--profile', 'spread', '--seeds', '1..2', '--out', out],
      {
        out: (t) => (text += t),
        err: () => {},
        stderrIsTty: false,
      },
    );
    expect(code).toBe(0);
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(COMPARE_HEADER.join(','));
    expect(csv.length).toBe(5);
    expect(existsSync(join(out, 'compare.svg'))).toBe(true);
    expect(text).toMatch(/nodes_used\s+2\.0 ± 0\.0\s+4\.0 ± 0\.0/);
  });

  it('spreading metrics tell the profiles apart, the same for any --workers', async () => {
    // Zones of unequal size: 8 nodes in zone-a, 2 each in zone-b and zone-c; one 12-replica Deployment.
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-compare-'));
    const file = join(dir, 'skew.yaml');
    writeFileSync(
      file,
      `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: skew}
spec:
  duration: 1m
  cluster:
    nodePools:
      - {name: big, count: 8, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi}}
      - {name: small, count: 4, zones: [zone-b, zone-c], capacity: {cpu: "8", memory: 32Gi}}
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 12
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 1Gi}}}]}
`,
    );
    const io = { out: () => {}, err: () => {}, stderrIsTty: false };
    const args = (out: string, workers: string) => [
      'compare',
      file,
      ...['--profile', 'default', '--profile', 'bin-packing', '--profile', 'first-fit'],
      ...['--seeds', '1..2', '--workers', workers, '--out', out],
    ];
    expect(await main(args(join(dir, 'one'), '1'), io)).toBe(0);
    expect(await main(args(join(dir, 'two'), '3'), io)).toBe(0);
    for (const f of ['compare.csv', 'compare-zones.csv'])
      expect(readFileSync(join(dir, 'two', f), 'utf8')).toBe(readFileSync(join(dir, 'one', f), 'utf8'));
    const table = (f: string) =>
      parse(readFileSync(join(dir, 'one', f), 'utf8'), { columns: true }) as Record<string, string>[];
    const rows = table('compare.csv');
    const zones = table('compare-zones.csv');
    for (const r of rows) {
      // compare.csv's skew is max - min of the Deployment's pods per zone in compare-zones.csv.
      const mine = zones.filter(
        (z) => z.profile === r.profile && z.seed === r.seed && z.workload === 'Deployment/default/web',
      );
      expect(mine.map((z) => z.zone)).toEqual(['zone-a', 'zone-b', 'zone-c']);
      const pods = mine.map((z) => Number(z.pods));
      expect(pods.reduce((a, b) => a + b, 0)).toBe(Number(r.pods_scheduled));
      expect(Number(r.zone_skew_max)).toBe(Math.max(...pods) - Math.min(...pods));
      expect(mine.every((z) => Number(z.zone_skew) === Number(r.zone_skew_max))).toBe(true);
    }
    // The first profile is the reference: it differs from itself nowhere.
    expect(rows.filter((r) => r.profile === 'default').map((r) => r.placement_diff_nodes)).toEqual([
      '0',
      '0',
    ]);
    // first-fit takes the first feasible node from the rotating index instead of scoring: other nodes.
    const ff = rows.filter((r) => r.profile === 'first-fit');
    expect(ff.every((r) => Number(r.placement_diff_nodes) > 0)).toBe(true);
    expect(ff.every((r) => Number(r.placement_diff_nodes) >= Number(r.placement_diff_zones))).toBe(true);
  });

  it('an unknown profile is bad input (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-compare-'));
    const file = join(dir, 's.json');
    writeFileSync(file, small());
    let err = '';
    const code = await main(['compare', file, '--profile', 'tetris'], {
      out: () => {},
      err: (t) => (err += t),
      stderrIsTty: false,
    });
    expect(code).toBe(2);
    expect(err).toContain('unknown profile "tetris"');
  });
});
