// The benchmark scenarios mean what bench/README.md says they mean (they are run by `kubesim bench`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { b1, b2, b3, b7, SCENARIO_CASES, scenarioCaseArgs } from '../bench/cases.js';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenario, loadScenarioText } from '../src/scenario/load.js';
import { makeDispatch } from '../src/sim/assemble.js';
import { createSim } from '../src/sim/setup.js';

function start(yaml: string) {
  const built = buildScenario(loadScenarioText(yaml, 'bench.yaml').scenario);
  const sim = createSim(built);
  const dispatch = makeDispatch(sim);
  const runTo = (untilUs: number) => sim.engine.run({ untilUs, maxEvents: 1e9 }, dispatch);
  return { sim, runTo, durationUs: built.config.durationUs };
}

describe('bench cases', () => {
  it('B3: the zone fails under a fully placed, running cluster, then evicts and replaces pods', () => {
    const c = b3({ nodes: 60, pods: 600 });
    const faultMin = Number(/zone-a fails at (\d+)m/.exec(c.description)?.[1]);
    expect(faultMin).toBe(Math.ceil(600 / 50 / 60) + 5);
    const { sim, runTo, durationUs } = start(c.yaml);
    runTo(faultMin * 60e6 - 1);
    expect(sim.state.podBuckets.running).toBe(600);
    expect(sim.state.podBuckets.pending).toBe(0);
    runTo(durationUs);
    expect(sim.nowUs).toBe(durationUs);
    expect(sim.state.counters.evictions).toBeGreaterThan(0);
    // Every evicted pod was replaced by its ReplicaSet and the replacement bound.
    expect(sim.state.counters.podsScheduled).toBe(600 + sim.state.counters.evictions);
  });

  it('B7: every HPA follows its daily curve from about 2 to about 30 replicas and back, within 2-40', () => {
    const c = b7({ nodes: 40, pods: 90 });
    expect(c).toMatchObject({ nodes: 40, pods: 90 });
    const { sim, runTo, durationUs } = start(c.yaml);
    runTo(durationUs);
    const records = [...(sim.autoscaling.hpa?.records ?? [])];
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.maxReplicasSeen).toBeGreaterThanOrEqual(28);
      expect(r.maxReplicasSeen).toBeLessThanOrEqual(40);
      expect(r.rescales).toBeGreaterThan(20);
    }
    // 24 h later each curve is back where it started, and so is each count (within the tolerance band
    // and the 5 m scale-down window's lag): the Deployments start at max(2, ceil(demand / 25)).
    records.forEach((r, d) => {
      const demand0 = 395 + 355 * Math.cos((2 * Math.PI * -((d * 7) % 24)) / 24);
      expect(Math.abs(r.status.currentReplicas - Math.max(2, Math.ceil(demand0 / 25)))).toBeLessThanOrEqual(
        3,
      );
    });
  });

  it('B10 (smoke size): every high-priority pod preempts two low ones, whose replacements stay pending', () => {
    const c = SCENARIO_CASES.B10;
    const loaded = loadScenario(c.file, { overrides: c.smoke });
    const built = buildScenario(loaded.scenario);
    const sim = createSim(built);
    sim.engine.run({ untilUs: 5 * 60e6 - 1, maxEvents: 1e9 }, makeDispatch(sim));
    // 60 nodes x 8 cpu are full with the 480 one-cpu pods before the scale-up at 5m.
    expect(sim.state.counters.podsScheduled).toBe(480);
    expect(sim.state.podBuckets.pending).toBe(0);
    expect(sim.state.counters.preemptions).toBe(0);
    sim.engine.run({ untilUs: built.config.durationUs, maxEvents: 1e9 }, makeDispatch(sim));
    // 60 two-cpu pods need 120 one-cpu victims; the 120 replacements find no room and nothing to preempt.
    expect(sim.state.counters.preemptions).toBe(120);
    expect(sim.state.counters.podsScheduled).toBe(480 + 60);
    expect(sim.state.podBuckets.pending).toBe(120);
  });

  it('B2 sizes the burst from the pod count; B1 has no pods', () => {
    expect(b2({ nodes: 100, pods: 3000 })).toMatchObject({ pods: 3000, stopWhenScheduled: 3000 });
    expect(b2({ pct: 100 }).yaml).toContain('percentageOfNodesToScore: 100');
    expect(b1({ nodes: 10 })).toMatchObject({ nodes: 10, pods: 0 });
  });
});

describe('scenario case B9 (built CLI)', () => {
  it('at its smoke size binds one replica per node and leaves the rest Pending on anti-affinity', () => {
    const out = mkdtempSync(join(tmpdir(), 'kubesim-b9-'));
    const args = scenarioCaseArgs('B9', true);
    const r = spawnSync(
      process.execPath,
      ['dist/src/cli/main.js', 'run', ...args, '--out', out, '--quiet', '--force'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.pods).toMatchObject({ created: 72, scheduled: 60, unschedulable_at_end: 12 });
    const events = readFileSync(join(out, 'events.csv'), 'utf8');
    expect(events).toContain("node(s) didn't match pod anti-affinity rules");
  });
});

describe('kubesim bench (built CLI)', () => {
  const bench = (args: string[]) =>
    spawnSync(process.execPath, ['dist/src/cli/main.js', 'bench', ...args], { encoding: 'utf8' });

  it('runs a case in a fresh process, prints every measure and appends a CSV row', () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'kubesim-bench-')), 'bench.csv');
    const r = bench(['--case', 'B3', '--nodes', '30', '--pods', '300', '--repeat', '1', '--out', csv]);
    expect(r.status, r.stderr).toBe(0);
    const [head, row] = r.stdout.split('\n');
    for (const col of [
      'wall s (median)',
      'events/s',
      'sim:wall',
      'pods bound/s',
      'peak RSS MiB',
      'peak heap MiB',
    ])
      expect(head).toContain(col);
    expect(row).toMatch(/^B3 +30 +300 /);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('case,nodes,pods,wall_s');
    expect(lines[1]).toMatch(/^B3-outage,30,300,/);
    expect(lines[1]).toContain('node dist/bench/scale.js B3 --nodes 30 --pods 300');
  });

  it('refuses an unknown case with exit 2 and no stack trace', () => {
    const r = bench(['--case', 'B99']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'unknown case B99; expected B1, B2, B2-100, B3, B4, B5, B6, B6-burst, B7-hpa, B9, B10 or B8-autoscaler',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
