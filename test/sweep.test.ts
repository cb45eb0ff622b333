// `kubesim sweep`: the grid runs on worker threads with the same sweep.csv whatever the worker count;
// running every cell alone (--cell, as the Indexed Job's pods do) and merging gives that same file; the
// emitted Job runs the same grid; bad input exits 2 before anything runs. Worker threads load the
// compiled worker from dist/ (npm test builds first).

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubesim } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-sweep-'));

const SCENARIO = 'test/fixtures/report-run.yaml';
const GRID = [
  '--seeds',
  '1..3',
  '--set',
  'spec.cluster.nodePools[0].count=3,6',
  '--set',
  'spec.duration=2m,5m',
];

describe('kubesim sweep', () => {
  it('gives byte-identical sweep.csv with 1 and 2 workers, one row per cell in grid order', async () => {
    const a = join(tmp(), 'a');
    const b = join(tmp(), 'b');
    const one = await kubesim(['sweep', SCENARIO, ...GRID, '--workers', '1', '--out', a]);
    // A progress line at every finished cell (an interval of 0 ms), as a long sweep prints to a pipe.
    process.env.KUBESIM_PROGRESS_INTERVAL_MS = '0';
    const two = await kubesim(['sweep', SCENARIO, ...GRID, '--workers', '2', '--out', b]).finally(() => {
      delete process.env.KUBESIM_PROGRESS_INTERVAL_MS;
    });
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(two.out).toBe(`report-run: 12 cells on 2 workers -> ${join(b, 'sweep.csv')}\n`);
    expect(two.err).toMatch(/^sweep: 1\/12 cells, [\d.]+m?s elapsed, ETA /);
    expect(two.err).toMatch(/\nsweep: 12\/12 cells, [\dhms.]+ elapsed, ETA 0s\n$/);
    const csvA = readFileSync(join(a, 'sweep.csv'), 'utf8');
    expect(readFileSync(join(b, 'sweep.csv'), 'utf8')).toBe(csvA);
    const rows = parseCsv(csvA, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] as object).slice(0, 5)).toEqual([
      'cell',
      'seed',
      'spec.cluster.nodePools[0].count',
      'spec.duration',
      'pods_created',
    ]);
    expect(
      rows.map((r) => [r.cell, r.seed, r['spec.cluster.nodePools[0].count'], r['spec.duration']]),
    ).toEqual([
      ['0', '1', '3', '2m'],
      ['1', '2', '3', '2m'],
      ['2', '3', '3', '2m'],
      ['3', '1', '3', '5m'],
      ['4', '2', '3', '5m'],
      ['5', '3', '3', '5m'],
      ['6', '1', '6', '2m'],
      ['7', '2', '6', '2m'],
      ['8', '3', '6', '2m'],
      ['9', '1', '6', '5m'],
      ['10', '2', '6', '5m'],
      ['11', '3', '6', '5m'],
    ]);
    // The overrides took effect: the cluster size shows in nodes_ready_at_end, the duration in the event count.
    expect(rows.map((r) => r.nodes_ready_at_end)).toEqual([...Array(6).fill('3'), ...Array(6).fill('6')]);
    expect(rows.every((r) => r.error === '' && /^[0-9a-f]{16}$/.test(r.trace_digest as string))).toBe(true);
  });

  it('--cell for every index then --merge reproduces the same sweep.csv', async () => {
    const whole = join(tmp(), 'whole');
    await kubesim(['sweep', SCENARIO, ...GRID, '--workers', '2', '--out', whole]);
    const cells = join(tmp(), 'cells');
    // Out of order, as a Job's pods finish.
    for (const i of [11, 3, 0, 7, 1, 2, 4, 5, 6, 8, 9, 10]) {
      const r = await kubesim(['sweep', SCENARIO, ...GRID, '--cell', String(i), '--out', cells]);
      expect(r.code).toBe(0);
    }
    expect(readdirSync(join(cells, 'cells'))).toHaveLength(12);
    const merged = await kubesim(['sweep', '--merge', cells]);
    expect(merged.code).toBe(0);
    expect(readFileSync(join(cells, 'sweep.csv'), 'utf8')).toBe(
      readFileSync(join(whole, 'sweep.csv'), 'utf8'),
    );
  });

  it('--merge refuses an incomplete sweep and cells of different sweeps', async () => {
    const dir = join(tmp(), 'cells');
    for (const i of [0, 2])
      await kubesim(['sweep', SCENARIO, '--seeds', '1..3', '--cell', String(i), '--out', dir]);
    const missing = await kubesim(['sweep', '--merge', dir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('1 of 3 cells missing: 1');
    await kubesim(['sweep', SCENARIO, '--seeds', '1..4', '--cell', '1', '--out', dir]);
    const mixed = await kubesim(['sweep', '--merge', dir]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/cells from different sweeps/);
  });

  it('--emit-job writes an Indexed Job running the same grid, with the scenario and its includes', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'nodes.yaml'), readFileSync('test/fixtures/kubectl-get-nodes.yaml'));
    writeFileSync(
      join(dir, 'dump.yaml'),
      'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: dump}\nspec:\n  duration: 1m\n  cluster:\n    nodes: [{file: nodes.yaml}]\n',
    );
    const file = join(dir, 'job.yaml');
    const r = await kubesim([
      'sweep',
      join(dir, 'dump.yaml'),
      '--seeds',
      '1..5',
      '--set',
      'spec.duration=1m,2m',
      '--emit-job',
      file,
      '--image',
      'registry.example/kubesim:1',
      '--parallelism',
      '4',
    ]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => ('toJS' in d ? d.toJS() : null));
    const [, configMap, job] = docs;
    expect(configMap.kind).toBe('ConfigMap');
    expect(Object.keys(configMap.data)).toEqual(['dump.yaml', 'nodes.yaml']);
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'kubesim-sweep-dump' },
      spec: { completionMode: 'Indexed', completions: 10, parallelism: 4 },
    });
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example/kubesim:1');
    expect(container.args).toEqual([
      'sweep',
      '/scenarios/dump.yaml',
      '--seeds',
      '1..5',
      '--set',
      'spec.duration=1m,2m',
      '--cell',
      '$(KUBESIM_CELL)',
      '--out',
      '/results/kubesim-sweep-dump',
    ]);
    expect(container.env[0].valueFrom.fieldRef.fieldPath).toBe(
      "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    expect(job.spec.template.spec.volumes[1].persistentVolumeClaim.claimName).toBe('kubesim-results');
    // What one pod runs, run here: the args with the index substituted give cell 7 of the same grid.
    const out = join(dir, 'results');
    const args = (container.args as string[]).map((a) =>
      a === '$(KUBESIM_CELL)'
        ? '7'
        : a === '/scenarios/dump.yaml'
          ? join(dir, 'dump.yaml')
          : a.startsWith('/results/')
            ? out
            : a,
    );
    expect((await kubesim(args)).code).toBe(0);
    const cell = JSON.parse(readFileSync(join(out, 'cells', 'cell-00007.json'), 'utf8'));
    expect(cell.result).toMatchObject({ index: 7, seed: 3, sets: [['spec.duration', '2m']], error: null });
  });

  it('bad input exits 2 before anything runs', async () => {
    const out = join(tmp(), 'out');
    const badSet = await kubesim([
      'sweep',
      SCENARIO,
      '--set',
      'spec.cluster.nodePools[0].count=6,x',
      '--out',
      out,
    ]);
    expect(badSet.code).toBe(2);
    expect(badSet.err).toContain(
      '--set spec.cluster.nodePools[0].count=x: spec.cluster.nodePools[0].count: expected number',
    );
    expect((await kubesim(['sweep', SCENARIO, '--seeds', '3..1'])).err).toContain(
      '--seeds: range 3..1 runs backwards',
    );
    expect((await kubesim(['sweep', SCENARIO, '--seeds', '1..3', '--cell', '3'])).err).toContain(
      '--cell 3: the grid has cells 0..2',
    );
    expect((await kubesim(['sweep'])).code).toBe(2);
    rmSync(out, { recursive: true, force: true });
  });

  it('--profile is a grid dimension resolved as compare resolves it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubesim-sweep-profile-'));
    const r = await kubesim([
      'sweep',
      SCENARIO,
      '--seeds',
      '1..2',
      '--profile',
      'bin-packing',
      '--profile',
      'spread',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const rows = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(5); // header + 2 seeds x 2 profiles
    expect(rows.slice(1).flatMap((l) => l.split(','))).toEqual(
      expect.arrayContaining(['bin-packing', 'spread']),
    );
    const bad = await kubesim(['sweep', SCENARIO, '--profile', 'no-such-profile']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--profile no-such-profile: (top level): unknown profile "no-such-profile"');
    rmSync(out, { recursive: true, force: true });
  });
});
