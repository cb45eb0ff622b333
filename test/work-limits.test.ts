// Work limits: scenarios asking for more nodes, pods or events than kubesim runs are refused when they
// are loaded (ScenarioLimitError, exit 3), quickly, naming the field; the documented benchmarks fit.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES } from '../bench/cases.js';
import { ScenarioError, ScenarioLimitError } from '../src/model/errors.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { MAX_NODES, MAX_PODS } from '../src/scenario/work-limits.js';
import { kubesim } from './helpers/cli.js';

const base = (extra: string, pool = 'count: 3') => `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: big}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, ${pool}, capacity: {cpu: "8", memory: 32Gi}}]
${extra}`;

function refusal(text: string): { limit: boolean; message: string } | 'accepted' {
  const t0 = performance.now();
  try {
    loadScenarioText(text, 'big.yaml');
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    // Refusing must not build anything: it takes milliseconds, not the build's minutes.
    expect(performance.now() - t0).toBeLessThan(2000);
    return { limit: e instanceof ScenarioLimitError, message: e.message };
  }
}

const trace = (count: number) =>
  `  arrivals:\n    - name: t\n      trace:\n        text: "submit_time,cpu,memory,duration,count,priority\\n0,1,1Gi,60,${count},0\\n"\n`;

describe('work limits', () => {
  it.each([
    {
      name: 'a pool of 1e7 nodes',
      text: base('', 'count: 10000000'),
      want: /big\.yaml:7: spec\.cluster\.nodePools\[0\]\.count: 10,000,000 nodes exceed kubesim's limit of 100,000 nodes/,
    },
    {
      name: 'a pool of 1e12 nodes',
      text: base('', 'count: 1000000000000'),
      want: /spec\.cluster\.nodePools\[0\]\.count: 1,000,000,000,000 nodes exceed/,
    },
    {
      name: 'add-nodes of 1e7',
      text: base('  faults:\n    - {at: 1m, action: add-nodes, pool: p, count: 10000000}\n'),
      want: /big\.yaml:9: spec\.faults\[0\]\.count: 10,000,003 nodes exceed .*add-nodes fault: 10,000,000/,
    },
    {
      name: 'add-nodes operation of 1e7',
      text: base('  operations:\n    - {at: 1m, action: add-nodes, pool: p, count: 10000000}\n'),
      want: /spec\.operations\[0\]\.count: 10,000,003 nodes exceed/,
    },
    {
      name: 'an arrival rate of 1e9/s',
      text: base(
        '  arrivals:\n    - {name: a, rate: 1000000000, template: {apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}\n',
      ),
      want: /big\.yaml:9: spec\.arrivals\[0\]\.rate: at least 3,600,000,000,001 pods exceed kubesim's limit of 2,000,000 pods/,
    },
    {
      name: 'an arrival rate of 1e308',
      text: base(
        '  arrivals:\n    - {name: a, rate: 1e308, template: {apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}\n',
      ),
      want: /spec\.arrivals\[0\]\.rate: at least .* pods exceed/,
    },
    {
      name: 'a trace count of 1e7',
      text: base(trace(10_000_000)),
      want: /spec\.arrivals\[0\]\.trace: at least 10,000,000 pods exceed .*trace rows of arrival t/,
    },
    {
      name: 'a Deployment of 1e7 replicas',
      text: base(
        '  workloads:\n    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {replicas: 10000000, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}\n',
      ),
      want: /spec\.workloads\[0\]\.spec\.replicas: at least 10,000,000 pods exceed .*Deployment w/,
    },
    {
      name: 'more events than spec.maxEvents',
      text: base(
        '  maxEvents: 1000\n  workloads:\n    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {replicas: 1000, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}\n',
      ),
      want: /spec\.workloads\[0\]\.spec\.replicas: the run needs at least 3,361 events, more than spec\.maxEvents \(1,000\) \(Deployment w, 3 events each: 3,000\)/,
    },
    {
      name: 'a very long run sampled often',
      text: base('  metrics: {interval: 100ms}\n').replace('duration: 1h', 'duration: 100000h'),
      want: /spec\.metrics\.interval: the run needs at least 3,600,000,001 events, more than spec\.maxEvents \(200,000,000, the default\)/,
    },
  ])('$name', ({ text, want }) => {
    const r = refusal(text);
    expect(r).not.toBe('accepted');
    if (r === 'accepted') return;
    expect(r.limit).toBe(true);
    expect(r.message).toMatch(want);
  });

  it('a bounded arrival at a high rate is fine (count caps it)', () => {
    const text = base(
      '  arrivals:\n    - {name: a, rate: 1000000000, count: 100, template: {apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}\n',
    );
    expect(refusal(text)).toBe('accepted');
  });

  it('the limits leave the benchmarks possible: 65 000 nodes, 150 000 pods, a 1 000 000-pod burst', {
    timeout: 120_000,
  }, () => {
    expect(MAX_NODES).toBeGreaterThanOrEqual(65_000);
    expect(MAX_PODS).toBeGreaterThanOrEqual(1_000_000);
    const burst = base(
      '  workloads:\n    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {replicas: 1000000, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}\n',
      'count: 65000',
    );
    expect(refusal(burst)).toBe('accepted');
    for (const make of Object.values(CASES)) {
      for (const c of [make(), make({ nodes: 65_000 })])
        expect(refusal(c.yaml), c.description).toBe('accepted');
    }
  });
});

describe('exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-limits-'));
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  it('validate and run exit 3 for a scenario beyond a limit, 2 for a malformed one', async () => {
    const big = file('big.yaml', base('', 'count: 10000000'));
    const bad = file('bad.yaml', base('', 'count: 3, labels: {"a b": c}'));
    for (const cmd of ['validate', 'run']) {
      const r = await kubesim([cmd, big, ...(cmd === 'run' ? ['--out', join(dir, 'out')] : [])]);
      expect(r.code, r.err).toBe(3);
      expect(r.err).toMatch(/big\.yaml:7: spec\.cluster\.nodePools\[0\]\.count: 10,000,000 nodes exceed/);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    }
    const both = await kubesim(['validate', big, bad]);
    expect(both.code).toBe(2);
  });
});
