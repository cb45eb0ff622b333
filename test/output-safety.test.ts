// kubesim replaces only what it wrote (README "Outputs"): every command that writes refuses, with exit 2
// and before anything runs, a target that is a file, a link, a device, a FIFO, the current folder or a
// parent of it, the home folder, or a folder holding anything its .kubesim-output.json does not list;
// --force replaces a folder, never anything else. Every case runs inside a fresh temporary folder: the
// "device" is a symbolic link to the null device, which must be refused without ever being touched.

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkOutputDir } from '../src/cli/output-target.js';
import { kubesim } from './helpers/cli.js';

const SCENARIO = resolve('test/fixtures/report-run.yaml');
const SHORT = ['--set', 'spec.duration=1m', '--quiet'];
const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-out-'));
const isRoot = process.getuid?.() === 0;

/** Every entry under `dir` with its kind and, for files, its content: proof that nothing changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push(`${rel}${name} -> link`);
      else if (st.isDirectory()) {
        out.push(`${rel}${name}/`);
        walk(p, `${rel}${name}/`);
      } else if (st.isFile()) out.push(`${rel}${name}: ${readFileSync(p, 'utf8').slice(0, 200)}`);
      else out.push(`${rel}${name} (special)`);
    }
  };
  walk(dir, '');
  return out;
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

async function refused(args: string[], dir: string, pattern: RegExp): Promise<void> {
  const before = snapshot(dir);
  const r = await kubesim(args);
  expect(r.err).toMatch(pattern);
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(snapshot(dir)).toEqual(before);
}

describe('kubesim run --out refuses what it did not write', () => {
  it('a file: left as it was, no folder made', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'my notes');
    await refused(['run', SCENARIO, '--out', join(dir, 'notes.txt'), ...SHORT], dir, /is a file/);
    await refused(['run', SCENARIO, '--out', join(dir, 'notes.txt'), '--force', ...SHORT], dir, /is a file/);
  });

  it('a folder holding a file kubesim did not write; --force replaces it', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mydir'));
    writeFileSync(join(dir, 'mydir', 'keep.txt'), 'keep');
    await refused(['run', SCENARIO, '--out', join(dir, 'mydir'), ...SHORT], dir, /holds "keep.txt".*--force/);
    const r = await kubesim(['run', SCENARIO, '--out', join(dir, 'mydir'), '--force', ...SHORT]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'mydir'))).not.toContain('keep.txt');
    expect(readdirSync(dir)).toEqual(['mydir']);
  });

  it('a symbolic link (to a folder, or to the null device), a FIFO: never, not even with --force', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    symlinkSync('/dev/null', join(dir, 'null'));
    mkfifo(join(dir, 'fifo'));
    for (const force of [[], ['--force']]) {
      await refused(['run', SCENARIO, '--out', join(dir, 'link'), ...force, ...SHORT], dir, /symbolic link/);
      await refused(['run', SCENARIO, '--out', join(dir, 'null'), ...force, ...SHORT], dir, /symbolic link/);
      await refused(['run', SCENARIO, '--out', join(dir, 'fifo'), ...force, ...SHORT], dir, /FIFO/);
    }
    expect(lstatSync(join(dir, 'null')).isSymbolicLink()).toBe(true);
  });

  describe('the current folder and its parents, the home folder: never', () => {
    const cwd = process.cwd();
    const home = process.env.HOME;
    let dir = '';
    beforeEach(() => {
      dir = tmp();
      mkdirSync(join(dir, 'a', 'b', 'home'), { recursive: true });
      process.chdir(join(dir, 'a', 'b'));
      process.env.HOME = join(dir, 'a', 'b', 'home');
    });
    afterEach(() => {
      process.chdir(cwd);
      process.env.HOME = home;
    });

    it.each([['.'], ['..'], ['./'], [''], ['home']])('--out %j', async (out) => {
      writeFileSync(join(dir, 'a', 'b', 'home', 'mine.txt'), 'mine');
      for (const force of [[], ['--force']])
        await refused(
          ['run', SCENARIO, '--out', out, ...force, ...SHORT],
          dir,
          /current folder|home folder|expected a folder path/,
        );
    });
  });

  it('the root folder, checked before anything is written', () => {
    expect(() => checkOutputDir('/', { flag: '--out', force: true })).toThrow(/root folder/);
  });

  it('a folder holding the scenario, even with --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), readFileSync(SCENARIO));
    writeFileSync(join(dir, '.kubesim-output.json'), '{}');
    await refused(
      ['run', join(dir, 's.yaml'), '--out', dir, '--force', ...SHORT],
      dir,
      /which this command reads/,
    );
  });

  it('a path below a file, a name too long for the file system', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    await refused(
      ['run', SCENARIO, '--out', join(dir, 'f', 'sub'), ...SHORT],
      dir,
      /f is a file, not a folder/,
    );
    await refused(['run', SCENARIO, '--out', join(dir, 'n'.repeat(300)), ...SHORT], dir, /longer than/);
  });

  it.skipIf(isRoot)('a read-only parent: exit 2 naming the folder', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'ro'), { mode: 0o555 });
    await refused(['run', SCENARIO, '--out', join(dir, 'ro', 'out'), ...SHORT], dir, /permission denied/);
  });

  it('replaces its own output, removing only the files the manifest lists', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    expect((await kubesim(['run', SCENARIO, '--out', out, '--trace', ...SHORT])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, '.kubesim-output.json'), 'utf8'));
    expect(manifest).toMatchObject({ kubesim: 'output', command: 'run' });
    expect(manifest.files).toEqual(['events.csv', 'pods.csv', 'summary.json', 'timeseries.csv', 'trace.txt']);
    expect((await kubesim(['run', SCENARIO, '--out', out, ...SHORT])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      '.kubesim-output.json',
      'events.csv',
      'pods.csv',
      'summary.json',
      'timeseries.csv',
    ]);
    expect(readdirSync(dir)).toEqual(['out']);
    // Something the user added since: the folder is no longer only kubesim's.
    writeFileSync(join(out, 'analysis.ipynb'), '{}');
    await refused(['run', SCENARIO, '--out', out, ...SHORT], dir, /holds "analysis.ipynb"/);
    // A listed name that became a folder is not kubesim's file any more either.
    const out2 = join(dir, 'out2');
    expect((await kubesim(['run', SCENARIO, '--out', out2, ...SHORT])).code).toBe(0);
    const { rmSync } = await import('node:fs');
    rmSync(join(out2, 'pods.csv'));
    mkdirSync(join(out2, 'pods.csv'));
    await refused(['run', SCENARIO, '--out', out2, ...SHORT], dir, /"pods.csv", which is now a folder/);
  });

  it('a failed run leaves nothing, not even the parent folders it made', async () => {
    const dir = tmp();
    const r = await kubesim([
      'run',
      SCENARIO,
      '--out',
      join(dir, 'a', 'b', 'c'),
      '--set',
      'spec.maxEvents=5',
    ]);
    expect(r.code).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty folder is replaced', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'empty'));
    expect((await kubesim(['run', SCENARIO, '--out', join(dir, 'empty'), ...SHORT])).code).toBe(0);
    expect(readdirSync(join(dir, 'empty'))).toContain('summary.json');
  });
});

describe('the other commands follow the same rule', () => {
  const PASSING = readFileSync(SCENARIO, 'utf8').replace(
    /\n {2}metrics:/,
    '\n  expect:\n    - {event: {reason: RegisteredNode}, count: 12}\n  metrics:',
  );

  it('test --junit: not onto a folder, a link or a file kubesim did not write; its own report is replaced', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), PASSING);
    const s = join(dir, 's.yaml');
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'mine.xml'), '<mine/>');
    symlinkSync('/dev/null', join(dir, 'null'));
    await refused(['test', s, '--junit', join(dir, 'folder')], dir, /--junit .*is a folder/);
    await refused(['test', s, '--junit', join(dir, 'mine.xml')], dir, /kubesim did not write/);
    await refused(['test', s, '--junit', join(dir, 'null'), '--force'], dir, /symbolic link/);
    await refused(['test', s, '--junit', join(dir, 's.yaml', 'x.xml')], dir, /is a file, not a folder/);
    const junit = join(dir, 'junit.xml');
    expect((await kubesim(['test', s, '--junit', junit])).code).toBe(0);
    expect((await kubesim(['test', s, '--junit', junit])).code).toBe(0);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites name="kubesim test"');
    expect((await kubesim(['test', s, '--junit', join(dir, 'mine.xml'), '--force'])).code).toBe(0);
  });

  it('test --out: every DIR/<name>/seed-<N> is checked before the first run', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), PASSING);
    mkdirSync(join(dir, 'out', 'report-run', 'seed-1'), { recursive: true });
    writeFileSync(join(dir, 'out', 'report-run', 'seed-1', 'mine.txt'), 'x');
    await refused(['test', join(dir, 's.yaml'), '--out', join(dir, 'out')], dir, /holds "mine.txt"/);
  });

  it('sweep --out, --emit-job, --merge', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'a.txt'), 'a');
    writeFileSync(join(dir, 'job.yaml'), 'kind: Pod\n');
    const sweep = ['sweep', SCENARIO, '--seeds', '1..2', '--set', 'spec.duration=1m', '--workers', '1'];
    await refused([...sweep, '--out', join(dir, 'mine')], dir, /holds "a.txt"/);
    await refused([...sweep, '--emit-job', join(dir, 'mine')], dir, /--emit-job .*is a folder/);
    await refused([...sweep, '--emit-job', join(dir, 'job.yaml')], dir, /kubesim did not write/);
    const job = join(dir, 'job2.yaml');
    expect((await kubesim([...sweep, '--emit-job', job])).code).toBe(0);
    expect((await kubesim([...sweep, '--emit-job', job])).code).toBe(0);
    const out = join(dir, 'sweep');
    expect((await kubesim([...sweep, '--out', out])).code).toBe(0);
    expect((await kubesim([...sweep, '--out', out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.kubesim-output.json', 'sweep.csv']);
    // --merge writes DIR/sweep.csv only over one it wrote.
    const cells = join(dir, 'cells-run');
    for (const i of [0, 1])
      expect((await kubesim([...sweep, '--cell', String(i), '--out', cells])).code).toBe(0);
    writeFileSync(join(cells, 'sweep.csv'), 'my,own\n');
    await refused(['sweep', '--merge', cells], dir, /sweep.csv: is a file kubesim did not write/);
    expect((await kubesim(['sweep', '--merge', cells, '--force'])).code).toBe(0);
    expect((await kubesim(['sweep', '--merge', cells])).code).toBe(0);
    // A cell file kubesim did not write is not overwritten.
    writeFileSync(join(cells, 'cells', 'cell-00000.json'), 'mine');
    await refused([...sweep, '--cell', '0', '--out', cells], dir, /kubesim did not write/);
  });

  it('compare --out is checked before the first run', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x'), 'x');
    await refused(
      [
        'compare',
        SCENARIO,
        '--profile',
        'default',
        '--profile',
        'spread',
        '--seeds',
        '1',
        '--out',
        join(dir, 'x'),
      ],
      dir,
      /is a file/,
    );
  });

  it('report: report.html is replaced only when kubesim wrote it', async () => {
    const dir = tmp();
    const out = join(dir, 'run');
    expect((await kubesim(['run', SCENARIO, '--out', out, ...SHORT])).code).toBe(0);
    expect((await kubesim(['report', out])).code).toBe(0);
    expect((await kubesim(['report', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, '.kubesim-output.json'), 'utf8')).files).toContain(
      'report.html',
    );
    // A run folder by other means (no manifest) with the user's own report.html.
    const other = join(dir, 'other');
    mkdirSync(other);
    for (const f of ['summary.json', 'timeseries.csv', 'events.csv'])
      writeFileSync(join(other, f), readFileSync(join(out, f)));
    writeFileSync(join(other, 'report.html'), '<p>mine</p>');
    await refused(['report', other], dir, /report.html: is a file kubesim did not write/);
    expect((await kubesim(['report', other, '--force'])).code).toBe(0);
  });

  it('bench --out: rows are appended only to a bench CSV', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'data.csv'), 'a,b\n1,2\n');
    mkdirSync(join(dir, 'folder'));
    await refused(
      ['bench', '--smoke', '--out', join(dir, 'data.csv')],
      dir,
      /not a bench CSV|kubesim did not write/,
    );
    await refused(['bench', '--smoke', '--out', join(dir, 'folder')], dir, /is a folder/);
  });
});

describe('partial folders', () => {
  it('one left by a process that no longer runs is removed by the next run; others are kept', async () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const pid = Number(dead.stdout);
    const partial = (name: string, p: number, marker: boolean) => {
      const d = join(dir, `.${name}.partial-${p}`);
      mkdirSync(d);
      writeFileSync(join(d, 'events.csv'), 'x');
      if (marker)
        writeFileSync(
          join(d, '.kubesim-output.json'),
          JSON.stringify({
            kubesim: 'output',
            command: 'run',
            kubesimVersion: '0',
            files: [],
            partial: { pid: p },
          }),
        );
      return d;
    };
    const stale = partial('old', pid, true);
    const foreign = partial('notours', pid, false);
    const alive = partial('alive', 1, true);
    expect((await kubesim(['run', SCENARIO, '--out', join(dir, 'new'), ...SHORT])).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(alive)).toBe(true);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('a run killed with %s removes its partial folder and exits %i', async (signal, code) => {
    const bin = 'dist/src/cli/main.js';
    if (!existsSync(bin)) throw new Error('run npm run build first (npm test does)');
    const dir = tmp();
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        bin,
        'run',
        SCENARIO,
        '--out',
        join(dir, 'out'),
        '--quiet',
        '--set',
        'spec.duration=720h',
        '--set',
        'spec.cluster.nodePools[0].count=200',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b) => {
      stderr += String(b);
    });
    const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    // Wait until the run is writing into its partial folder.
    for (let i = 0; i < 200 && !readdirSync(dir).some((n) => n.includes('.partial-')); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(dir).some((n) => n.startsWith('.out.partial-'))).toBe(true);
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(stderr).toContain(`interrupted (${signal})`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
