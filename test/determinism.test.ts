// Determinism (README, "Determinism"): the same scenario and seed give byte-identical outputs, run after
// run; a different seed gives a different trace wherever the scenario draws random numbers.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../src/index.js';
import type { LineSink } from '../src/model/event-log.js';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenario } from '../src/scenario/load.js';

class MemorySink implements LineSink {
  text = '';
  write(line: string): void {
    this.text += line;
  }
}

function runToBytes(file: string, seed?: number, untilUs?: number, overrides: string[] = []) {
  const loaded = loadScenario(file, { overrides });
  const built = buildScenario(loaded.scenario, seed);
  const events = new MemorySink();
  const timeseries = new MemorySink();
  const pods = new MemorySink();
  const load = new MemorySink();
  const { summary } = runBuilt(built, {
    sinks: { events, timeseries, pods, load },
    scenarioSha256: loaded.sha256,
    ...(untilUs !== undefined ? { untilUs } : {}),
  });
  return {
    events: events.text,
    timeseries: timeseries.text,
    pods: pods.text,
    load: load.text,
    summary: JSON.stringify(summary),
  };
}

const scenarios = readdirSync('scenarios')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('scenarios', f));

describe('determinism', () => {
  it.each(scenarios)('%s: same seed, byte-identical outputs', (file) => {
    // Keep each bundled scenario short here: the property is about order and bytes, not length.
    const a = runToBytes(file, 3, 120_000_000);
    const b = runToBytes(file, 3, 120_000_000);
    expect(b.events).toBe(a.events);
    expect(b.timeseries).toBe(a.timeseries);
    expect(b.pods).toBe(a.pods);
    expect(b.load).toBe(a.load);
    expect(b.summary).toBe(a.summary);
    expect(a.events.split('\n').length).toBeGreaterThan(2);
  });

  it('a different seed gives a different trace digest and different draws', () => {
    const a = JSON.parse(runToBytes('scenarios/quickstart.yaml', 1).summary);
    const b = JSON.parse(runToBytes('scenarios/quickstart.yaml', 2).summary);
    expect(a.manifest.trace_digest).not.toBe(b.manifest.trace_digest);
    expect(a.pod_startup_latency.max_s).not.toBe(b.pod_startup_latency.max_s);
  });

  it('the load model draws its noise from the seed: another seed, other usage in load.csv', () => {
    const file = 'scenarios/hpa-daily-curve.yaml';
    const noisy = ['spec.load[0].noise=0.1'];
    const a = runToBytes(file, 1, 3_600_000_000, noisy);
    expect(runToBytes(file, 1, 3_600_000_000, noisy).load).toBe(a.load);
    expect(a.load.split('\n').length).toBeGreaterThan(10);
    expect(runToBytes(file, 2, 3_600_000_000, noisy).load).not.toBe(a.load);
  });
});
