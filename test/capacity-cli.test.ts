// `kubesim capacity` as users meet it: its --help examples run as printed (the second one over a
// narrower --min/--max, since its full range takes half a minute), and a bad --pool ends with exit 2,
// a message naming the pool and the scenario's pools, and no stack trace.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubesim } from './helpers/cli.js';

const BIN = resolve('dist/src/cli/main.js');

/** A scratch folder that sees the repository's scenarios/, so files a command writes land there. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-capacity-'));
  symlinkSync(resolve('scenarios'), join(dir, 'scenarios'));
  return dir;
}

function helpExamples(): string[][] {
  if (!existsSync(BIN)) throw new Error('run npm run build first (npm test does)');
  const help = spawnSync(process.execPath, [BIN, 'capacity', '--help'], { encoding: 'utf8' }).stdout;
  const at = help.indexOf('Examples:\n');
  return help
    .slice(at + 'Examples:\n'.length)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (l.trim().split(/\s{2,}/)[0] as string).split(/\s+/).slice(1));
}

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
}

describe('kubesim capacity --help examples', () => {
  const examples = helpExamples();

  it('has the two examples', () => {
    expect(examples.map((a) => a.slice(0, 2).join(' '))).toEqual([
      'capacity scenarios/capacity-zone-outage.yaml',
      'capacity scenarios/autoscaler-burst.yaml',
    ]);
  });

  it('the zone-outage example answers 23 nodes (the scenario header explains why)', () => {
    const r = run(examples[0] as string[], scratch());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('smallest nodes for pool general: 23 over seeds 1,2,3\n');
    expect(r.stdout).toMatch(/\n22 +\d +FAIL +pods_pending = 0 at 20m0s/);
    expect(r.stderr).toMatch(/^round 1: general count /);
  }, 120_000);

  it('the autoscaler-burst example, over --min 99 --max 101, answers maxSize 100 and writes its CSV', () => {
    const dir = scratch();
    const args = [...(examples[1] as string[])];
    const narrow = (flag: string, v: string) => {
      const i = args.indexOf(flag);
      expect(i, flag).toBeGreaterThan(0);
      args[i + 1] = v;
    };
    narrow('--min', '99');
    narrow('--max', '101');
    const r = run([...args, '--quiet'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('smallest maxSize per node group for pool general: 100 over seeds 1\n');
    const csv = readFileSync(join(dir, 'max.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('pool,field,size,seeds,result,failing');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      'general,autoscaling.maxSize,99,1,fail',
      'general,autoscaling.maxSize,100,1,pass',
      'general,autoscaling.maxSize,101,1,pass',
    ]);
  }, 180_000);
});

describe('kubesim capacity with a bad --pool', () => {
  const expectBadInput = (r: { code: number; out: string; err: string }, message: string) => {
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kubesim: ${message}\n`);
    expect(r.out).toBe('');
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  it('a pool the scenario does not have names the pools it has', async () => {
    expectBadInput(
      await kubesim(['capacity', 'scenarios/capacity-zone-outage.yaml', '--pool', 'gpu']),
      'scenarios/capacity-zone-outage.yaml: no node pool named "gpu" (pools: general)',
    );
  });

  it('--pool without a value, or given twice', async () => {
    const bare = await kubesim(['capacity', 'scenarios/capacity-zone-outage.yaml', '--pool']);
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/^kubesim: Not enough arguments following: pool\n/);
    expectBadInput(
      await kubesim(['capacity', 'scenarios/capacity-zone-outage.yaml', '--pool', 'general', '--pool', 'x']),
      '--pool is given more than once; capacity sizes one pool',
    );
  });

  it('the built binary: exit 2 and the message, no stack trace', () => {
    const r = run(['capacity', 'scenarios/autoscaler-burst.yaml', '--pool', 'nope'], resolve('.'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'kubesim: scenarios/autoscaler-burst.yaml: no node pool named "nope" (pools: general)\n',
    );
    expect(r.stdout).toBe('');
  });
});
