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

function runToBytes(file: string, seed?: number, untilUs?: number) {
  const loaded = loadScenario(file);
  const built = buildScenario(loaded.scenario, seed);
  const events = new MemorySink();
  const timeseries = new MemorySink();
  const pods = new MemorySink();
  const { summary } = runBuilt(built, {
    sinks: { events, timeseries, pods },
    scenarioSha256: loaded.sha256,
    ...(untilUs !== undefined ? { untilUs } : {}),
  });
  return {
    events: events.text,
    timeseries: timeseries.text,
    pods: pods.text,
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
    expect(b.summary).toBe(a.summary);
    expect(a.events.split('\n').length).toBeGreaterThan(2);
  });

  it('a different seed gives a different trace digest and different draws', () => {
    const a = JSON.parse(runToBytes('scenarios/quickstart.yaml', 1).summary);
    const b = JSON.parse(runToBytes('scenarios/quickstart.yaml', 2).summary);
    expect(a.manifest.trace_digest).not.toBe(b.manifest.trace_digest);
    expect(a.pod_startup_latency.max_s).not.toBe(b.pod_startup_latency.max_s);
  });
});
