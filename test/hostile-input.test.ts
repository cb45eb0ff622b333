// Hostile and odd input ends with exit 2 and a located message: never a hang, an abort or a stack trace.
// Cases that would hang a process if they regressed (a FIFO, the zero device) run the built CLI as a
// child with a timeout; the "devices" are symbolic links in a temp folder, refused without being opened.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubesim } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-hostile-'));
const BIN = 'dist/src/cli/main.js';
const QUICKSTART = resolve('scenarios/quickstart.yaml');

const scenario = (workloads: string) =>
  `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: hostile}
spec:
  duration: 1m
  cluster:
    nodePools: [{name: p, count: 2, capacity: {cpu: "4", memory: 8Gi}}]
  workloads: ${workloads}
`;
const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}\n`;

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '',
].join('\n');

/** The built CLI as a child process that may not take more than 20 s. */
function child(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, signal: r.signal, err: r.stderr, out: r.stdout };
}

function expectBadInput(r: { code: number | null; err: string }, pattern: RegExp): void {
  expect(r.err).toMatch(pattern);
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/\n\s+at |unexpected error/);
}

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

describe('files a scenario reads', () => {
  it('a FIFO include, the zero device as scenario or include: refused at once', () => {
    const dir = tmp();
    mkfifo(join(dir, 'fifo.yaml'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    writeFileSync(join(dir, 'a.yaml'), scenario('[{file: fifo.yaml}]'));
    writeFileSync(join(dir, 'b.yaml'), scenario('zero.yaml'));
    expectBadInput(
      child(['validate', join(dir, 'a.yaml')]),
      /a.yaml:8: spec.workloads\[0\].file: .*is a FIFO/,
    );
    expectBadInput(child(['validate', join(dir, 'b.yaml')]), /outside the folder/);
    expectBadInput(child(['validate', join(dir, 'zero.yaml')]), /cannot read scenario file: is a device/);
    expectBadInput(child(['run', join(dir, 'zero.yaml'), '--out', join(dir, 'o')]), /is a device/);
    // kubesim test given a FIFO by name, not skipping it quietly and not blocking on it.
    expectBadInput(child(['test', join(dir, 'fifo.yaml')]), /is a FIFO/);
  });

  it('a symbolic link inside the folder pointing outside is refused; a file named ..pods.yaml is read', async () => {
    const dir = tmp();
    const inside = join(dir, 's');
    mkdirSync(inside);
    writeFileSync(join(dir, 'outside.yaml'), pod('outside'));
    symlinkSync(join(dir, 'outside.yaml'), join(inside, 'link.yaml'));
    writeFileSync(join(inside, '..pods.yaml'), pod('dots'));
    writeFileSync(join(inside, 'a.yaml'), scenario('[{file: link.yaml}]'));
    writeFileSync(join(inside, 'b.yaml'), scenario('[{file: ..pods.yaml}]'));
    writeFileSync(join(inside, 'c.yaml'), scenario('[{file: ../outside.yaml}]'));
    expectBadInput(
      await kubesim(['validate', join(inside, 'a.yaml')]),
      /resolves to .*outside.yaml, outside the folder/,
    );
    expect((await kubesim(['validate', join(inside, 'b.yaml')])).code).toBe(0);
    expectBadInput(
      await kubesim(['validate', join(inside, 'c.yaml')]),
      /must stay inside the scenario's folder/,
    );
  });

  it('a file over the size limit', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    expectBadInput(await kubesim(['validate', join(dir, 'big.yaml')]), /is 17.0 MiB; the limit is 16 MiB/);
  });

  it('an alias bomb, an alias without anchor, an alias cycle: exit 2 with the line', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bomb.yaml'), BOMB);
    writeFileSync(join(dir, 'unresolved.yaml'), scenario('*nope'));
    writeFileSync(join(dir, 'inc.yaml'), scenario('[{file: bomb.yaml}]'));
    expectBadInput(
      await kubesim(['validate', join(dir, 'bomb.yaml')]),
      /bomb.yaml:2: .*aliases expand to too many/,
    );
    expectBadInput(
      await kubesim(['validate', join(dir, 'unresolved.yaml')]),
      /unresolved.yaml:8: .*\*nope has no anchor/,
    );
    expectBadInput(
      await kubesim(['run', join(dir, 'inc.yaml'), '--out', join(dir, 'o')]),
      /included from .*inc.yaml:8/,
    );
  });
});

describe('explain --pod', () => {
  it('an alias bomb, a FIFO, two documents, nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bomb.yaml'), BOMB);
    mkfifo(join(dir, 'fifo.yaml'));
    writeFileSync(join(dir, 'two.yaml'), `${pod('a')}---\n${pod('b')}`);
    writeFileSync(join(dir, 'empty.yaml'), '# nothing\n');
    const explain = (p: string) => child(['explain', QUICKSTART, '--pod', join(dir, p)]);
    expectBadInput(explain('bomb.yaml'), /bomb.yaml:2: .*aliases expand/);
    expectBadInput(explain('fifo.yaml'), /cannot read pod file: is a FIFO/);
    expectBadInput(explain('two.yaml'), /expected one YAML document holding a Pod, found 2/);
    expectBadInput(explain('empty.yaml'), /found 0/);
  });

  it('a pod the API server would refuse is refused with its message, file, line and path', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: Foo_bar}\nspec:\n  containers:\n    - {name: c, ports: [{containerPort: 99999}]}\n',
    );
    writeFileSync(
      join(dir, 'field.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  bogus: 1\n',
    );
    const explain = (p: string) => child(['explain', QUICKSTART, '--pod', join(dir, p)]);
    const bad = explain('bad.yaml');
    expectBadInput(
      bad,
      /bad.yaml:3: metadata.name: Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain/,
    );
    expectBadInput(bad, /bad.yaml:6: spec.containers\[0\].image: Required value/);
    expectBadInput(bad, /bad.yaml:6: spec.containers\[0\].ports\[0\].containerPort: Invalid value: 99999/);
    expectBadInput(explain('field.yaml'), /field.yaml:5: spec.bogus: unknown field "bogus"/);
  });
});

describe('--set', () => {
  it('__proto__, a missing =value, huge indexes, a name on a list: exit 2 naming the --set', async () => {
    for (const [expr, pattern] of [
      ['__proto__.x=1', /--set __proto__.x=1: .*"__proto__" is not a scenario field/],
      ['a.b', /--set a.b: .*expected --set path=value/],
      ['spec.workloads[4294967296]=1', /past the end of spec.workloads/],
      ['spec.workloads[100000000].x=1', /past the end of spec.workloads/],
      ['spec.workloads.name=x', /spec.workloads is a list/],
    ] as const) {
      expectBadInput(await kubesim(['validate', QUICKSTART, '--set', expr]), pattern);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("can point an include at another file (run, sweep, --emit-job ships every cell's files)", async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.yaml'), pod('from-a'));
    writeFileSync(join(dir, 'b.yaml'), `${pod('from-b')}---\n${pod('from-b-2')}`);
    writeFileSync(join(dir, 's.yaml'), scenario('[{file: a.yaml}]'));
    const s = join(dir, 's.yaml');
    expect((await kubesim(['validate', s])).out).toContain('1 pods');
    expect((await kubesim(['validate', s, '--set', 'spec.workloads[0].file=b.yaml'])).out).toContain(
      '2 pods',
    );
    expectBadInput(
      await kubesim(['validate', s, '--set', 'spec.workloads[0].file=nope.yaml']),
      /^--set spec.workloads\[0\].file=nope.yaml: .*cannot read included file "nope.yaml"/m,
    );
    expectBadInput(
      await kubesim(['validate', s, '--set', 'spec.workloads[0].file=../x.yaml']),
      /must stay inside/,
    );
    const job = join(dir, 'job.yaml');
    expect(
      (await kubesim(['sweep', s, '--set', 'spec.workloads[0].file=a.yaml,b.yaml', '--emit-job', job])).code,
    ).toBe(0);
    const manifest = readFileSync(job, 'utf8');
    expect(manifest).toContain('name: from-a');
    expect(manifest).toContain('name: from-b');
  });
});

describe('every command checks its flags and its files', () => {
  it.each([
    [['test', 'scenarios/quickstart.yaml', '--seed', '-1'], /--seed -1: expected a whole number from 0/],
    [['test', 'scenarios/quickstart.yaml', '--seed', 'abc'], /--seed abc: expected a whole number/],
    [['run', 'scenarios/quickstart.yaml', '--seed', '1e308'], /--seed 1e308/],
    [['run', 'scenarios/quickstart.yaml', '--seed', '9007199254740993'], /--seed 9007199254740993/],
    [['run', 'scenarios/quickstart.yaml', '--seed', ''], /--seed '': expected/],
    [['explain', 'scenarios/quickstart.yaml', '--pod', 'x', '--seed', '1.5'], /--seed 1.5/],
    [
      ['sweep', 'scenarios/quickstart.yaml', '--workers', 'abc'],
      /--workers abc: expected a whole number from 1/,
    ],
    [['sweep', 'scenarios/quickstart.yaml', '--cell', '-1'], /--cell -1/],
    [['report', 'results', '--events', 'NaN'], /--events NaN/],
    [['bench', '--nodes', '-5'], /--nodes -5: expected a whole number from 1/],
    [['bench', '--repeat', '0'], /--repeat 0/],
    [
      ['compare', 'scenarios/quickstart.yaml', '--profile', 'default', '--seeds', '1..99999999999999999999'],
      /--seeds/,
    ],
    [['sweep', 'scenarios/quickstart.yaml', '--seeds', '5..1'], /runs backwards/],
  ])('kubesim %j', async (args, pattern) => {
    expectBadInput(await kubesim(args), pattern);
  });

  it('sweep --merge of a garbage or foreign cell file, report on a garbage CSV or a FIFO', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'm', 'cells'), { recursive: true });
    writeFileSync(join(dir, 'm', 'cells', 'cell-00000.json'), 'garbage{');
    expectBadInput(child(['sweep', '--merge', join(dir, 'm')]), /cell-00000.json: not JSON/);
    writeFileSync(join(dir, 'm', 'cells', 'cell-00000.json'), '{"fingerprint": 1}');
    expectBadInput(child(['sweep', '--merge', join(dir, 'm')]), /not a cell file written by kubesim/);
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'summary.json'), '{}');
    writeFileSync(join(dir, 'r', 'timeseries.csv'), 'time_s,x\n0,"1\n');
    writeFileSync(join(dir, 'r', 'events.csv'), 'h\n');
    expectBadInput(child(['report', join(dir, 'r')]), /timeseries.csv: cannot parse it: Quote Not Closed/);
    writeFileSync(join(dir, 'r', 'timeseries.csv'), 'time_s,x\n0,1\n');
    writeFileSync(join(dir, 'r', 'summary.json'), 'nope');
    expectBadInput(child(['report', join(dir, 'r')]), /summary.json: cannot parse it/);
    writeFileSync(join(dir, 'r', 'summary.json'), '{}');
    spawnSync('rm', [join(dir, 'r', 'events.csv')]);
    mkfifo(join(dir, 'r', 'events.csv'));
    expectBadInput(child(['report', join(dir, 'r')]), /events.csv: is a FIFO/);
  });

  it('file-system errors name the path and the reason', () => {
    // /proc refuses new entries with ENOENT (Node's recursive mkdir would spin there for ever).
    expectBadInput(
      child(['run', QUICKSTART, '--out', '/proc/kubesim-x/y', '--until', '1s']),
      /cannot create the folder \/proc\/kubesim-x: no such file or folder/,
    );
    expectBadInput(
      child(['sweep', QUICKSTART, '--emit-job', '/proc/kubesim-x/job.yaml']),
      /cannot create the folder/,
    );
  });
});
