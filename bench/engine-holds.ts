// Engine micro-benchmark: the "hold" model of docs/dependencies.md §2.1. Prefill N pending
// events, then repeat: pop the earliest, push the same entity again at now + delay. Reports million
// holds per wall-second. Bar (issue 2): >= 3 M holds/s at 150 000 pending, >= 5 M at 5 000.
//
//   node dist/bench/engine-holds.js [pending=150000] [holds=5000000] [dist=exp|periodic|lease]

import { Engine } from '../src/engine/engine.js';
import { RngRoot } from '../src/engine/rng.js';

export interface HoldResult {
  pending: number;
  holds: number;
  dist: string;
  wallS: number;
  mHoldsPerS: number;
}

type Hold = { readonly kind: 'Hold'; readonly id: number };

export function runHolds(pending: number, holds: number, dist: string): HoldResult {
  const rng = new RngRoot('bench').stream('delays');
  const ring = new Float64Array(1 << 20);
  for (let i = 0; i < ring.length; i++) {
    const u = rng.next();
    const s = dist === 'periodic' ? 9.5 + u : dist === 'lease' ? 10 * (1 + 0.04 * u) : -10 * Math.log(1 - u);
    ring[i] = Math.round(s * 1e6);
  }
  const engine = new Engine<Hold>();
  const events: Hold[] = [];
  for (let i = 0; i < pending; i++) {
    events.push({ kind: 'Hold', id: i });
    engine.schedule(ring[i & (ring.length - 1)] as number, events[i] as Hold);
  }
  let k = pending;
  const mask = ring.length - 1;
  const start = process.hrtime.bigint();
  engine.run({ untilUs: Number.MAX_SAFE_INTEGER, maxEvents: holds }, (ev) => {
    engine.schedule(ring[k++ & mask] as number, ev);
    if (engine.eventsDispatched === holds) engine.stop();
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  return { pending, holds, dist, wallS, mHoldsPerS: holds / wallS / 1e6 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pending = Number(process.argv[2] ?? 150_000);
  const holds = Number(process.argv[3] ?? 5_000_000);
  const dist = process.argv[4] ?? 'exp';
  const r = runHolds(pending, holds, dist);
  console.log(
    `engine holds: pending=${r.pending} dist=${r.dist} holds=${r.holds} wall=${r.wallS.toFixed(3)}s ` +
      `rate=${r.mHoldsPerS.toFixed(2)} M holds/s`,
  );
}
