// The CLI as users meet it: exit codes, messages without stack traces, --help with examples, and output
// folders that exist only after a run succeeded.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { captureIo } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-cli-'));

describe('kubesim run', () => {
  it('writes the four outputs and prints a summary', async () => {
    const out = join(tmp(), 'run');
    const io = captureIo();
    const code = await main(['run', 'scenarios/quickstart.yaml', '--out', out], io);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      '.kubesim-output.json',
      'events.csv',
      'pods.csv',
      'summary.json',
      'timeseries.csv',
    ]);
    expect(io.stdout).toMatch(/scenario\s+quickstart \(seed 1/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.manifest.seed).toBe(1);
    expect(summary.manifest.scenario_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.nodes.total).toBe(12);
    const ts = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(ts[0]).toBe(
      'time_s,nodes_total,nodes_ready,nodes_not_ready,nodes_unknown,pods_pending,pods_running,pods_succeeded,pods_failed,pods_terminating,cpu_requested_ratio,memory_requested_ratio,evictions_total,scheduling_attempts_total,pods_scheduled_total,preemptions_total,evictions_api_total,evictions_refused_total,pdb_disruptions_allowed,pvcs_pending',
    );
    expect(ts).toHaveLength(22); // header + samples at 0, 30 s, ..., 600 s
    // At t = 0 every node is Ready; by 30 s the 12 web and 12 node-agent pods run, requesting
    // 12 x 500m + 12 x 50m = 6.6 of 96 cpu (0.06875) and 12 x 512Mi + 12 x 64Mi of 12 x 32Gi (0.017578).
    expect(ts[1]).toMatch(/^0\.000000,12,12,0,0,/);
    expect(ts[2]).toMatch(/^30\.000000,12,12,0,0,0,24,0,0,0,0\.068750,0\.017578,0,/);
  });

  it('honours --seed, --until and --set', async () => {
    const out = join(tmp(), 'run');
    const code = await main(
      [
        'run',
        'scenarios/quickstart.yaml',
        '--out',
        out,
        '--seed',
        '9',
        '--until',
        '1m',
        '--set',
        'spec.cluster.nodePools[0].count=6',
        '--quiet',
      ],
      captureIo(),
    );
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.seed).toBe(9);
    expect(summary.nodes.total).toBe(6);
    const ts = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(ts[ts.length - 1]).toMatch(/^60\.000000,/);
  });

  it('a bad scenario exits 2, names file and line, and leaves no output folder', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  duration: 1m\n  cluster:\n    nodePools:\n      - {name: p, count: 1, capacity: {cpu: one, memory: 1Gi}}\n',
    );
    const out = join(dir, 'out');
    const io = captureIo();
    expect(await main(['run', file, '--out', out], io)).toBe(2);
    expect(io.stderr).toContain(
      `${file}:8: spec.cluster.nodePools[0].capacity.cpu: expected a Kubernetes quantity`,
    );
    expect(io.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('hitting maxEvents exits 3 and removes the partial output', async () => {
    // Above the load-time estimate (work-limits.ts), below what the run needs: the engine's limit.
    const dir = tmp();
    const out = join(dir, 'out');
    const io = captureIo();
    const code = await main(
      ['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'spec.maxEvents=200'],
      io,
    );
    expect(code).toBe(3);
    expect(io.stderr).toMatch(/limit reached: the run reached maxEvents \(200\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('unknown commands and missing arguments exit 2 with a usage hint', async () => {
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toMatch(/Run kubesim --help/);
    const io2 = captureIo();
    expect(await main(['run'], io2)).toBe(2);
    expect(io2.stderr).toMatch(/Not enough non-option arguments/);
  });
});

describe('kubesim validate', () => {
  it('accepts every bundled scenario', async () => {
    const files = readdirSync('scenarios')
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => join('scenarios', f));
    const io = captureIo();
    expect(await main(['validate', ...files], io)).toBe(0);
    expect(io.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(files.length);
  });

  it('loads a kubectl get nodes -o yaml dump unchanged', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'nodes.yaml'), readFileSync('test/fixtures/kubectl-get-nodes.yaml'));
    writeFileSync(
      join(dir, 's.yaml'),
      'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: dump}\nspec:\n  duration: 1m\n  cluster:\n    nodes: nodes.yaml\n',
    );
    const io = captureIo();
    expect(await main(['validate', join(dir, 's.yaml')], io)).toBe(0);
    expect(io.stdout).toContain('2 nodes');
  });
});

describe('progress on a piped stderr', () => {
  const bin = 'dist/src/cli/main.js';
  // A short interval (KUBESIM_PROGRESS_INTERVAL_MS) stands in for a run long enough to pass the default 5 s.
  const env = { ...process.env, KUBESIM_PROGRESS_INTERVAL_MS: '1' };
  const run = (extra: string[]) =>
    spawnSync(
      process.execPath,
      [bin, 'run', 'scenarios/quickstart.yaml', '--out', join(tmp(), 'r'), ...extra],
      {
        encoding: 'utf8',
        env,
      },
    );

  it('kubesim run prints plain progress lines with virtual time, events/s, ratio and ETA', () => {
    if (!existsSync(bin)) throw new Error('run npm run build first (npm test does)');
    const r = run([]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('quickstart: virtual '));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines)
      expect(l).toMatch(
        /^quickstart: virtual [\dhms.]+ \/ 10m0s \(\d+%\), \d+ events\/s, [\d.]+x real time, ETA ([\dhms.]+|unknown)$/,
      );
    expect(r.stderr.includes('\u001b') || r.stderr.includes('\r')).toBe(false); // no terminal control codes
  });

  it('--quiet silences them', () => {
    const r = run(['--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
  });
});

describe('help', () => {
  it.each([['run'], ['validate'], ['(no command)']])('kubesim %s --help exits 0', async (cmd) => {
    const io = captureIo();
    expect(await main([...(cmd === '(no command)' ? [] : [cmd]), '--help'], io)).toBe(0);
  });

  it('the built binary exits with the right code and no stack trace', () => {
    const bin = 'dist/src/cli/main.js';
    if (!existsSync(bin)) throw new Error('run npm run build first (npm test does)');
    const help = spawnSync(process.execPath, [bin, 'run', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Examples:[\s\S]*kubesim run scenarios\/quickstart.yaml/);
    const bad = spawnSync(process.execPath, [bin, 'run', 'no-such-file.yaml'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no-such-file.yaml: \(top level\): cannot read scenario file: no such file/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
