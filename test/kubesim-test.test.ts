// `kubesim test` as a user meets it, on small scenario files in a temp folder: a passing expect block,
// a deliberately wrong expectation (useful message, exit 1), invalid blocks (exit 2 with file:line),
// the --update round trip that keeps comments, a well-formed JUnit report, and the bundled scenarios.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { kubesim } from './helpers/cli.js';

const CLUSTER = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: NAME}
spec:
  seed: 3
  duration: 5m
  cluster:
    nodePools: [{name: p, count: 3, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: w}, spec: {nodeName: p-a-02, containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1"}}}]}}
  stages:
    - {name: pod-start, on: Scheduled, delay: {distribution: constant, value: 2s}}
  metrics: {interval: 1m}
`;

function scenario(name: string, expectBlock: string): string {
  return `${CLUSTER.replace('NAME', name)}  expect:\n${expectBlock}`;
}

const PASSING = scenario(
  'good',
  `    - {event: {reason: NodeReady}, count: 3, between: [0s, 0s]}
    - {event: {reason: Started, object: default/w}, at: 2s}
    - {metric: cpu_requested_ratio, between: [0s, end], equals: 0.083333}
    - {summary: pods.running_at_end, equals: 1}
`,
);

const WRONG = scenario(
  'wrong',
  `    # Deliberately wrong: nodes go Ready at start-up, not after 40 s.
    - event: {reason: NodeReady, object: p-a-02}
      at: 40s   # pinned by hand
    - {event: {reason: NodeReady}, count: {atLeast: 4}}
`,
);

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('kubesim test', () => {
  it('passes a correct expect block: one PASS line each and the closing count', async () => {
    const dir = folder({ 'good.yaml': PASSING });
    const r = await kubesim(['test', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${join(dir, 'good.yaml')} (good, seed 3): 4 expectations`);
    expect(r.out).toContain('  PASS  first Started (object default/w) at 2s: observed 2s, expected 2s\n');
    expect(r.out).toContain('  PASS  summary pods.running_at_end = 1: observed 1, expected = 1\n');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('4 passed, 0 failed');
    expect(readdirSync(dir)).toEqual(['good.yaml']); // no output folders unless --out
  });

  it('fails a wrong expectation with observed, expected, why, and the reproduce command (exit 1)', async () => {
    const dir = folder({ 'wrong.yaml': WRONG });
    const file = join(dir, 'wrong.yaml');
    const r = await kubesim(['test', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('  FAIL  first NodeReady (object p-a-02) at 40s: observed 0s, expected 40s\n');
    expect(r.out).toContain(
      '        40s early; events.csv line 8: 0.000000,Node,NodeReady,p-a-02,p-a-02,zone-a,KubeletReady\n',
    );
    expect(r.out).toContain('  FAIL  NodeReady happens at least 4 times: observed 3, expected at least 4\n');
    expect(r.out).toContain(`  seed 3; reproduce: kubesim run ${file} --seed 3\n`);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('0 passed, 2 failed');
    expect(r.err).toContain('2 expectations failed');
  });

  it('--seed overrides spec.seed in the run and in the reproduce command', async () => {
    const dir = folder({ 'wrong.yaml': WRONG });
    const r = await kubesim(['test', join(dir, 'wrong.yaml'), '--seed', '11']);
    expect(r.out).toContain('(wrong, seed 11)');
    expect(r.out).toContain('--seed 11\n');
  });

  it('an invalid expect block exits 2 with file:line before anything runs', async () => {
    const dir = folder({
      'a-good.yaml': PASSING,
      'b-bad.yaml': scenario('bad', '    - event: {reason: NodeReady}\n      at: 1m\n      tolerence: 1s\n'),
    });
    const r = await kubesim(['test', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${join(dir, 'b-bad.yaml')}:17: spec.expect[0].tolerence: unknown field "tolerence"; did you mean "tolerance"?`,
    );
    expect(r.err).toContain('1 of 2 scenario files are invalid; nothing was run');
    expect(r.out).not.toContain('PASS');
  });

  it('a summary path that does not exist is bad input too (exit 2, located)', async () => {
    const dir = folder({ 's.yaml': scenario('s', '    - {summary: scheduling_latency.p99, atMost: 5}\n') });
    const r = await kubesim(['test', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${join(dir, 's.yaml')}:15: spec.expect[0].summary: summary.json has no field "scheduling_latency.p99"; did you mean "scheduling_latency.p99_s"?`,
    );
  });

  it('never: true on a misspelled reason, a missing node or a glob that matches nothing is bad input, not a pass', async () => {
    const dir = folder({
      's.yaml': scenario(
        's',
        `    - {event: {reason: TaintManagerEvicton}, never: true}
    - {event: {reason: NodeReady, node: p-a-04}, never: true}
    - {event: {reason: Started, object: "default/web-*"}, never: true}
`,
      ),
    });
    const file = join(dir, 's.yaml');
    const r = await kubesim(['test', dir]);
    expect(r.code).toBe(2);
    expect(r.out).not.toContain('PASS');
    expect(r.err).toContain(
      `${file}:15: spec.expect[0].event.reason: kubesim writes no event with reason "TaintManagerEvicton"; did you mean "TaintManagerEviction"?`,
    );
    expect(r.err).toContain(
      `${file}:16: spec.expect[1].event.node: no node named "p-a-04" in this scenario (spec.cluster and add-nodes); did you mean "p-a-01"?`,
    );
    expect(r.err).toContain(
      `${file}:17: spec.expect[2].event.object: the glob "default/web-*" matches no object an event of this scenario can name (objects of rows with reason Started: default/w)`,
    );
    // validate and run refuse the same file, so the three commands agree.
    for (const cmd of ['validate', 'run']) {
      const v = await kubesim([cmd, file, ...(cmd === 'run' ? ['--out', join(dir, 'o')] : [])]);
      expect(v.code, cmd).toBe(2);
      expect(v.err, cmd).toContain('did you mean "TaintManagerEviction"?');
    }
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('skips, saying why, files without an expect block and non-scenario files in folders', async () => {
    const dir = folder({
      'good.yaml': PASSING,
      'plain.yaml': CLUSTER.replace('NAME', 'plain'),
      'inc/nodes.yaml': 'apiVersion: v1\nkind: List\nitems: []\n',
      'notes.txt': 'not yaml',
    });
    const r = await kubesim(['test', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`skip  ${join(dir, 'inc/nodes.yaml')}: not a Scenario (kind: List)\n`);
    expect(r.out).toContain(`skip  ${join(dir, 'plain.yaml')}: no spec.expect block\n`);
    expect(r.out).toContain('1 scenario run, 2 skipped');
  });

  it('a missing path is bad input', async () => {
    const r = await kubesim(['test', '/nonexistent/scenarios']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/scenarios: no such file or folder');
  });

  it('--update rewrites failed exact times only, keeps comments and layout, and the next run passes', async () => {
    const dir = folder({ 'wrong.yaml': WRONG });
    const file = join(dir, 'wrong.yaml');
    const r = await kubesim(['test', file, '--update']);
    expect(r.out).toContain(`  updated ${file}:17 spec.expect[0].at: 40s -> 0s\n`);
    expect(r.out).toContain('spec.expect[1] not updated');
    expect(readFileSync(file, 'utf8')).toBe(
      WRONG.replace('at: 40s   # pinned by hand', 'at: 0s   # pinned by hand'),
    );
    expect(r.code).toBe(1); // the count expectation still fails: --update never touches it
    const again = await kubesim(['test', file]);
    expect(again.out).toContain('  PASS  first NodeReady (object p-a-02) at 0s');
  });

  it('--junit writes well-formed JUnit XML with one suite per scenario and one case per expectation', async () => {
    const dir = folder({ 'good.yaml': PASSING, 'wrong.yaml': WRONG });
    const junit = join(dir, 'junit.xml');
    const r = await kubesim(['test', dir, '--junit', junit]);
    expect(r.code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '6', failures: '2', errors: '0' });
    const [good, wrong] = doc.testsuites.testsuite;
    expect(good.testcase).toHaveLength(4);
    expect(wrong.testcase[0].failure.message).toBe('observed 0s, expected 40s');
    expect(wrong.testcase[0].failure['#text']).toContain(
      `reproduce: kubesim run ${join(dir, 'wrong.yaml')} --seed 3`,
    );
  });

  it("--out writes each run's outputs", async () => {
    const dir = folder({ 'good.yaml': PASSING });
    const out = join(dir, 'out');
    expect((await kubesim(['test', join(dir, 'good.yaml'), '--out', out])).code).toBe(0);
    expect(readdirSync(join(out, 'good', 'seed-3')).sort()).toEqual([
      '.kubesim-output.json',
      'events.csv',
      'pods.csv',
      'summary.json',
      'timeseries.csv',
    ]);
  });

  it('the bundled scenarios pass (kubesim test scenarios/; scenarios/scale/ below)', async () => {
    const r = await kubesim(['test', ...libraryPaths(), '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n[1-9]\d* passed, 0 failed\n$/);
    expect(r.out).not.toContain('scenarios/scale/');
  });

  // The heavy ones (5000 nodes and 150 000 pods; the openb trace) take about 15 s each on 2 cores, so
  // they run as their own child processes on the built CLI, each with a generous timeout.
  const heavy = readdirSync(join('scenarios', 'scale'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join('scenarios', 'scale', f));
  it.each(heavy)(
    'the heavy scenario %s passes',
    (file) => {
      const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'test', file, '--quiet'], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/\n[1-9]\d* passed, 0 failed\n$/);
    },
    300_000,
  );

  it('every library scenario with an expect block says what it shows and cites what it pins', () => {
    const files = readdirSync('scenarios', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('scenarios', f));
    const withExpect = files.filter((f) => /^ {2}expect:$/m.test(readFileSync(f, 'utf8')));
    expect(withExpect.length).toBeGreaterThanOrEqual(20);
    for (const f of withExpect) {
      const header = readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#'));
      expect(header.length, `${f}: header comment`).toBeGreaterThanOrEqual(3);
      expect(header.join('\n'), `${f}: header cites the behaviour it pins`).toMatch(
        /node-health-timing\.md|scheduler\.md|autoscaling\.md|autoscaler\.md|disruption\.md|cronjob\.md|volumes\.md|upstream/i,
      );
    }
  });
});

// A jittered node crash: Ready=Unknown lands at 2m25s or 2m30s depending on the seed's heartbeat phase.
function jittered(quota: string): string {
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: jit}
spec:
  duration: 8m
  cluster:
    nodePools: [{name: p, count: 3, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: w}, spec: {nodeName: p-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
  faults:
    - {at: 100s, action: node-crash, node: p-a-01}
  metrics: {interval: 1m}
  expect:
    - event: {reason: NodeStatusUnknown, object: p-a-01}
      between: [2m20s, 2m25s]${quota}
    - {event: {reason: TaintManagerEviction, object: default/w}, count: 1}
`;
}

describe('kubesim test --seeds', () => {
  it('checks each expectation over the seeds: the quota boundary, quantiles, failing seeds', async () => {
    const dir = folder({ 'all.yaml': jittered('') });
    const all = await kubesim(['test', join(dir, 'all.yaml'), '--seeds', '1..20']);
    const k = Number(/between 2m20s and 2m25s: (\d+) of 20 seeds \(needs 20\)/.exec(all.out)?.[1]);
    expect(k, all.out).toBeGreaterThan(0); // the scenario really varies by seed
    expect(k).toBeLessThan(20);
    expect(all.code).toBe(1);
    expect(all.out).toContain('(jit, seeds 1..20): 2 expectations');
    expect(all.out).toContain('p5 2m25s, p50 ');
    expect(all.out).toContain(', p95 2m30s');
    expect(all.out).toContain('        failing seeds: ');
    expect(all.out).toMatch(
      / {8}seed \d+: observed 2m30s, expected in \[2m20s, 2m25s\]; 5s after the window closes/,
    );
    expect(all.out).toMatch(/ {10}reproduce: kubesim run \S+all\.yaml --seed \d+\n/);
    expect(all.out).toContain(
      '  PASS  TaintManagerEviction (object default/w) happens exactly 1 time: 20 of 20 seeds (needs 20); p5 1, p50 1, p95 1\n',
    );

    // k of 20 seeds is exactly k*5 %: that quota passes, one more percent needs one more seed and fails.
    const at = folder({
      'at.yaml': jittered(`\n      seeds: {atLeast: ${k * 5}%}`),
      'above.yaml': jittered(`\n      seeds: {atLeast: ${k * 5 + 1}%}`),
    });
    const pass = await kubesim(['test', join(at, 'at.yaml'), '--seeds', '1..20']);
    expect(pass.code, pass.out).toBe(0);
    expect(pass.out).toContain(`in >= ${k * 5}% of seeds: ${k} of 20 seeds (needs ${k})`);
    const fail = await kubesim(['test', join(at, 'above.yaml'), '--seeds', '1..20']);
    expect(fail.code).toBe(1);
    expect(fail.out).toContain(`in >= ${k * 5 + 1}% of seeds: ${k} of 20 seeds (needs ${k + 1})`);
  });

  it('gives the same verdicts and output for any number of workers, and a JUnit case per expectation', async () => {
    const dir = folder({ 'all.yaml': jittered('') });
    const file = join(dir, 'all.yaml');
    const one = await kubesim(['test', file, '--seeds', '1..12', '--workers', '1']);
    const junit = join(dir, 'junit.xml');
    const two = await kubesim(['test', file, '--seeds', '1..12', '--workers', '2', '--junit', junit]);
    expect(two.out).toBe(one.out);
    expect(two.code).toBe(one.code);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      readFileSync(junit, 'utf8'),
    );
    const suite = doc.testsuites.testsuite;
    expect(suite.properties.property).toContainEqual({ name: 'seeds', value: '1..12' });
    const [window, eviction] = suite.testcase;
    expect(window.failure.message).toMatch(/^\d+ of 12 seeds \(needs 12\); p5 /);
    expect(window.failure['#text']).toContain('reproduce: kubesim run');
    expect(eviction['system-out']).toBe('12 of 12 seeds (needs 12); p5 1, p50 1, p95 1');
  });

  it.each([
    [['--seeds', '1..3', '--seed', '2'], '--seed and --seeds cannot be combined'],
    [['--seeds', '1..3', '--update'], '--update re-baselines from one run'],
    [['--seeds', '3..1'], 'runs backwards'],
    [['--seeds', '1..3', '--workers', '0'], '--workers 0: expected a whole number from 1 to 1024'],
  ])('refuses %j (exit 2)', async (args, want) => {
    const dir = folder({ 'all.yaml': jittered('') });
    const r = await kubesim(['test', join(dir, 'all.yaml'), ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(want);
  });
});

/** Everything under scenarios/ except the heavy scenarios/scale/ folder, as `kubesim test` paths. */
function libraryPaths(): string[] {
  return readdirSync('scenarios', { withFileTypes: true })
    .filter((e) => e.name !== 'scale' && !e.name.startsWith('.'))
    .filter((e) => e.isDirectory() || /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join('scenarios', e.name))
    .sort();
}

describe('help for the testing commands', () => {
  it.each([['test'], ['report'], ['sweep']])('kubesim %s --help exits 0 with examples', (cmd) => {
    const bin = 'dist/src/cli/main.js';
    if (!existsSync(bin)) throw new Error('run npm run build first (npm test does)');
    const r = spawnSync(process.execPath, [bin, cmd, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples:[\\s\\S]*kubesim ${cmd} `));
  });
});
