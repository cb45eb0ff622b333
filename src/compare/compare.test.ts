// compare: profile substitution, fragmentation, and a CLI smoke run writing compare.csv and the plot.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(bp.nodes_used).toBe(2);
    expect(def.nodes_used).toBe(4);
    expect(bp.pods_scheduled).toBe(6);
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
    expect(r.fragmentation_ratio).toBe(1);
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
