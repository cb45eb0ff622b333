// The yardstick for B1 (issue 16: "B1 whole process <= 1.0x the bare JS-heap heartbeat loop"): the
// heartbeats of B1 with no simulator at all. N nodes, 1 h; per node a lease renewal and a status tick,
// each a sliding 10 s loop with jitter 0.04 (10.0-10.4 s; docs/node-health-timing.md §1, §2), the status
// posted when 5 min have passed since the last post; a monitor pass every 5 s reads every node's last
// renewal against the 50 s grace period (§3). Every renewal and tick is one event in a plain binary
// heap of event objects ordered by (time, sequence), as a straightforward simulator would keep them.
// No scenario, no components, no output files: the same work B1 models, by the obvious means.
//
//   node dist/bench/bare-heartbeats.js [nodes=5000] [hours=1]

const PERIOD_US = 10_000_000;
const JITTER = 0.04;
const REPORT_US = 300_000_000;
const MONITOR_US = 5_000_000;
const GRACE_US = 50_000_000;

const LEASE = 0;
const STATUS = 1;
const MONITOR = 2;

interface Ev {
  t: number;
  seq: number;
  kind: number;
  node: number;
}

/** A binary min-heap of event objects by (t, seq). */
class Heap {
  private readonly a: Ev[] = [];
  get size(): number {
    return this.a.length;
  }
  push(e: Ev): void {
    const a = this.a;
    let i = a.length;
    a.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, a[p] as Ev)) break;
      a[i] = a[p] as Ev;
      i = p;
    }
    a[i] = e;
  }
  pop(): Ev {
    const a = this.a;
    const top = a[0] as Ev;
    const last = a.pop() as Ev;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && less(a[c + 1] as Ev, a[c] as Ev)) c++;
        if (!less(a[c] as Ev, last)) break;
        a[i] = a[c] as Ev;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
const less = (x: Ev, y: Ev) => x.t < y.t || (x.t === y.t && x.seq < y.seq);

/** mulberry32: a small seeded generator (the loop draws one jitter per renewal and tick). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runBare(nodes: number, hours: number) {
  const endUs = hours * 3_600_000_000;
  const next = rng(1);
  const jittered = () => Math.round(PERIOD_US * (1 + JITTER * next()));
  const renewUs = new Float64Array(nodes);
  const postedUs = new Float64Array(nodes);
  const heap = new Heap();
  let seq = 0;
  for (let i = 0; i < nodes; i++) {
    heap.push({ t: Math.round(next() * PERIOD_US), seq: seq++, kind: LEASE, node: i });
    heap.push({ t: Math.round(next() * PERIOD_US), seq: seq++, kind: STATUS, node: i });
  }
  heap.push({ t: MONITOR_US, seq: seq++, kind: MONITOR, node: -1 });
  let events = 0;
  let posts = 0;
  let late = 0;
  while (heap.size > 0) {
    const e = heap.pop();
    if (e.t > endUs) break;
    events++;
    if (e.kind === LEASE) {
      renewUs[e.node] = e.t;
      heap.push({ t: e.t + jittered(), seq: seq++, kind: LEASE, node: e.node });
    } else if (e.kind === STATUS) {
      if (e.t - (postedUs[e.node] as number) >= REPORT_US || postedUs[e.node] === 0) {
        postedUs[e.node] = e.t;
        posts++;
      }
      heap.push({ t: e.t + jittered(), seq: seq++, kind: STATUS, node: e.node });
    } else {
      for (let i = 0; i < nodes; i++) if (e.t - (renewUs[i] as number) > GRACE_US) late++;
      heap.push({ t: e.t + MONITOR_US, seq: seq++, kind: MONITOR, node: -1 });
    }
  }
  return { nodes, hours, events, posts, late };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const nodes = Number(process.argv[2] ?? 5000);
  const hours = Number(process.argv[3] ?? 1);
  const r = runBare(nodes, hours);
  process.stdout.write(`${JSON.stringify({ ...r, wallS: process.uptime() })}\n`);
}
