// Further timelines derived BY HAND from the rules of node-health-timing.md (§3-§6, model M1-M8 of §9),
// not from kubesim's output: zone sizes at the 0.55 / 50-node / 3-node edges with both version defaults,
// staggered zone failures (limiter swaps, drained buckets, master disruption mode entered and left),
// partial recoveries during tainting, kubelet-not-ready zones, black-holed partitions crossing the grace
// period, tolerations that outlive a recovery, M3 boundaries, restarts, node deletion and start-up grace.
// Kubelets on the M1 grid: renewals at 2 mod 10, status ticks at 7 mod 10, passes at 5k, so a node
// failing at 100 last renewed at 92, the 95 pass set probe = 95, and it goes Unknown at 95 + G.

import { describe, expect, it } from 'vitest';
import { names, scenarioText } from './scenario-text.js';
import {
  NOEXEC_NOT_READY,
  NOEXEC_UNREACHABLE,
  NOSCHED_NOT_READY,
  NOSCHED_UNREACHABLE,
  rowsOf,
  runText,
  series,
  timesOf,
} from './timeline.js';

const crashAt = (at: number, nodes: readonly string[], extra = '') =>
  `{at: ${at}s, action: node-crash, nodes: [${nodes.join(', ')}]${extra}}`;
const zoneRows = (rows: ReturnType<typeof runText>) =>
  rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.object, r.detail]);
const noExecAdded = (rows: ReturnType<typeof runText>, detail = NOEXEC_UNREACHABLE) =>
  rowsOf(rows, { reason: 'TaintAdded', detail }).map((r) => [r.timeUs / 1e6, r.object]);

/** A pod on `node` with explicit NoExecute tolerations (key -> seconds). */
function podWith(name: string, node: string, tolerations: Record<string, number>): string {
  const tols = Object.entries(tolerations)
    .map(([k, s]) => `{key: ${k}, operator: Exists, effect: NoExecute, tolerationSeconds: ${s}}`)
    .join(', ');
  return `{apiVersion: v1, kind: Pod, metadata: {name: ${name}}, spec: {nodeName: ${node}, containers: [{name: c, image: registry.k8s.io/pause:3.10}], tolerations: [${tols}]}}`;
}

/** Adds pod manifests to a scenarioText (with or without its own workloads section). */
function withPods(text: string, pods: readonly string[]): string {
  const lines = pods.map((p) => `    - ${p}`).join('\n');
  if (text.includes('  workloads:\n')) return text.replace('  workloads:\n', `  workloads:\n${lines}\n`);
  return text.replace('  faults:', `  workloads:\n${lines}\n  faults:`);
}

describe('zone sizes at the thresholds (§5)', () => {
  it('one zone of 100: 55 down is exactly 0.55 (float32) and large: taints every 100 s; 54 down is Normal', () => {
    // 55/100 in float32 equals float32(0.55) -> PartialDisruption at 145; 100 > 50 -> 0.01/s. The 0.1 bucket
    // was idle (full), so the 0.01 bucket starts full: node-a-01 at 150, then one per 100 s.
    const at = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 100,
        duration: '500s',
        faults: [crashAt(100, names('a', 1, 55))],
      }),
    );
    expect(zoneRows(at)).toEqual([[145, 'zone-a', 'PartialDisruption']]);
    expect(noExecAdded(at)).toEqual([
      [150, 'node-a-01'],
      [250, 'node-a-02'],
      [350, 'node-a-03'],
      [450, 'node-a-04'],
    ]);
    // 54/100 < 0.55: Normal, 0.1/s -> 150, 160, ..., 300 within the 300 s run.
    const below = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 100,
        duration: '300s',
        faults: [crashAt(100, names('a', 1, 54))],
      }),
    );
    expect(zoneRows(below)).toEqual([]);
    expect(timesOf(below, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual(series(150, 10, 16));
  });

  it('v1.31 (G 40 s), two zones of 51: 29 down (0.569) taints at the secondary rate; 28 down (0.549) at 0.1', () => {
    // Probe 95, Unknown at 95 + 40 = 135, queued at the 140 pass. 29/51 >= 0.55 and 51 > 50 -> 0.01/s with
    // a full bucket: 140, 240, 340.
    const partial = runText(
      scenarioText({
        version: '1.31',
        zones: ['zone-a', 'zone-b'],
        perZone: 51,
        duration: '400s',
        faults: [crashAt(100, names('a', 1, 29))],
      }),
    );
    expect(timesOf(partial, { reason: 'NodeStatusUnknown', object: 'node-a-29' })).toEqual([135]);
    expect(zoneRows(partial)).toEqual([[135, 'zone-a', 'PartialDisruption']]);
    expect(timesOf(partial, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([140, 240, 340]);
    const normal = runText(
      scenarioText({
        version: '1.31',
        zones: ['zone-a', 'zone-b'],
        perZone: 51,
        duration: '200s',
        faults: [crashAt(100, names('a', 1, 28))],
      }),
    );
    expect(zoneRows(normal)).toEqual([]);
    expect(timesOf(normal, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual(series(140, 10, 7));
  });

  it('zones of 3: 2 down (67 %) is Normal (needs more than 2 not ready); all 3 down is a FullDisruption at 0.1/s', () => {
    const two = runText(scenarioText({ perZone: 3, faults: [crashAt(100, ['node-a-01', 'node-a-02'])] }));
    expect(zoneRows(two)).toEqual([]);
    expect(timesOf(two, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([150, 160]);
    const all = runText(
      scenarioText({ perZone: 3, faults: ['{at: 100s, action: zone-outage, zone: zone-a}'] }),
    );
    expect(zoneRows(all)).toEqual([[145, 'zone-a', 'FullDisruption']]);
    expect(timesOf(all, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([150, 160, 170]);
  });
});

describe('kubelet-not-ready across a zone (§3.4, §5)', () => {
  it('12 of 20 post Ready=False at 107: the 110 pass queues them AND makes the zone partial (rate 0) before the tick', () => {
    // Observed False at the 110 pass -> queued in that pass; handleDisruption at the end of the same pass
    // sees 12/20 = 0.6 -> PartialDisruption, zone of 20 <= 50 -> never-accepting limiter; the tick at 110
    // comes after the pass (M3), so no NoExecute taint at all. The controller never marks the pods NotReady.
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        faults: [`{at: 100s, action: kubelet-not-ready, nodes: [${names('a', 1, 12).join(', ')}]}`],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOSCHED_NOT_READY })).toEqual(Array(12).fill(107));
    expect(zoneRows(rows)).toEqual([[110, 'zone-a', 'PartialDisruption']]);
    expect(rowsOf(rows, { detail: NOEXEC_NOT_READY })).toEqual([]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
    // 10 of 20 stays Normal: not-ready:NoExecute at 110, 120, ..., 200; a-01's pod at 110 + 300.
    const ten = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        faults: [`{at: 100s, action: kubelet-not-ready, nodes: [${names('a', 1, 10).join(', ')}]}`],
      }),
    );
    expect(timesOf(ten, { reason: 'TaintAdded', detail: NOEXEC_NOT_READY })).toEqual(series(110, 10, 10));
    expect(timesOf(ten, { reason: 'TaintManagerEviction' })).toEqual([410]);
  });

  it('a whole single-zone cluster NotReady is master disruption mode; 3 of 5 back -> Normal, drained 0.1 bucket', () => {
    // 107: all 5 post Ready=False. 110 pass: all queued, zone FullDisruption and every zone full -> enter
    // master disruption mode (nodes taken out of the queue, limiter 0): no taint. node-recover at 300: the
    // runtime is back, Ready=True at the 307 status tick. 310 pass: 2/5 not ready (not > 2) -> Normal; exit
    // master mode, limiter 0 -> 0.1 drained (next token 320): a-04 at 320, a-05 at 330; a-04's pod at 620.
    const rows = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 5,
        podsOn: ['node-a-04'],
        duration: '700s',
        faults: [
          '{at: 100s, action: kubelet-not-ready, zone: zone-a}',
          '{at: 300s, action: node-recover, nodes: [node-a-01, node-a-02, node-a-03]}',
        ],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [110, 'zone-a', 'FullDisruption'],
      [310, 'zone-a', 'Normal'],
    ]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 307]);
    expect(noExecAdded(rows, NOEXEC_NOT_READY)).toEqual([
      [320, 'node-a-04'],
      [330, 'node-a-05'],
    ]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([620]);
  });
});

describe('staggered failures and partial recoveries (§5 limiter swaps)', () => {
  it('small zone: 5 down (Normal), 6 more make it partial (rate 0), 3 boot -> Normal with a drained bucket', () => {
    // a-01..a-05 down at 100: Unknown 145, taints 150..190 at 0.1/s. a-06..a-11 down at 200 (renewal 192,
    // probe 195): Unknown 245, 11/20 = 0.55 -> PartialDisruption, 20 <= 50 -> rate 0 (no drain for a 0 QPS).
    // a-06..a-08 boot at 402 (Ready at once). 405 pass: they leave the queue, 8/20 -> Normal, 0 -> 0.1 drained
    // (the never limiter has no token): next token 415 -> a-09 415, a-10 425, a-11 435. Evictions: a-01
    // 150 + 300 = 450, a-09 415 + 300 = 715.
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01', 'node-a-09'],
        duration: '800s',
        faults: [
          crashAt(100, names('a', 1, 5)),
          crashAt(200, ['node-a-06', 'node-a-07', 'node-a-08'], ', for: 202s'),
          crashAt(200, ['node-a-09', 'node-a-10', 'node-a-11']),
        ],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [245, 'zone-a', 'PartialDisruption'],
      [405, 'zone-a', 'Normal'],
    ]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([
      150, 160, 170, 180, 190, 415, 425, 435,
    ]);
    expect(noExecAdded(rows).slice(5)).toEqual([
      [415, 'node-a-09'],
      [425, 'node-a-10'],
      [435, 'node-a-11'],
    ]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' }).map((r) => [r.timeUs / 1e6, r.object])).toEqual([
      [450, 'default/node-a-01-p0'],
      [715, 'default/node-a-09-p0'],
    ]);
  });

  it('large zone at the secondary rate: 10 boot, the zone turns Normal and the 0.1 bucket is drained', () => {
    // 3 x 60; a-01..a-40 down at 100 (a-31..a-40 boot at 372). 145: 40/60 -> PartialDisruption, 60 > 50 ->
    // 0.01 (old bucket full: new one full). Taints a-01 150, a-02 250, a-03 350. 372: 10 Ready. 375 pass:
    // 30/60 = 0.5 -> Normal; 0.01 bucket holds 0.25 token (< 1) -> new 0.1 bucket drained at 375, next
    // token 385: a-04 385, a-05 395, ..., a-30 645. Evictions 450, 550, 650, 685, 695 for a-01..a-05.
    const rows = runText(
      scenarioText({
        perZone: 60,
        podsOn: names('a', 1, 5),
        duration: '800s',
        faults: [crashAt(100, names('a', 1, 30)), crashAt(100, names('a', 31, 40), ', for: 272s')],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [145, 'zone-a', 'PartialDisruption'],
      [375, 'zone-a', 'Normal'],
    ]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([
      150,
      250,
      350,
      ...series(385, 10, 27),
    ]);
    expect(noExecAdded(rows).at(-1)).toEqual([645, 'node-a-30']);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([450, 550, 650, 685, 695]);
  });

  it('recoveries during 0.1/s tainting: a tainted node loses its taint, waiting ones leave the queue', () => {
    // a-01..a-08 down at 100 (8/20 Normal): taints a-01 150, a-02 160, a-03 170. a-02 and a-06..a-08 boot
    // at 172 (Ready at once). 175 pass: a-02's NoExecute removed (not rate-limited), a-06..a-08 leave the
    // queue. Ticks: a-04 180, a-05 190. Evictions: a-01 450, a-03 470, a-04 480, a-05 490; a-02's 460
    // deletion was cancelled at 175.
    const rows = runText(
      scenarioText({
        podsOn: names('a', 1, 5),
        faults: [
          crashAt(100, ['node-a-01', 'node-a-03', 'node-a-04', 'node-a-05']),
          crashAt(100, ['node-a-02', 'node-a-06', 'node-a-07', 'node-a-08'], ', for: 72s'),
        ],
      }),
    );
    expect(noExecAdded(rows)).toEqual([
      [150, 'node-a-01'],
      [160, 'node-a-02'],
      [170, 'node-a-03'],
      [180, 'node-a-04'],
      [190, 'node-a-05'],
    ]);
    expect(
      rowsOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE }).map((r) => [
        r.timeUs / 1e6,
        r.object,
      ]),
    ).toEqual([[175, 'node-a-02']]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([450, 470, 480, 490]);
  });
});

describe('master disruption mode entered late and left (§5)', () => {
  it('zones fail at 100, 200, 300: all NoExecute taints dropped at 345; zone-b back at 500 -> drained limiters', () => {
    // zone-a down 100: Unknown 145, FullDisruption (0.1): a-01..a-20 at 150..340. zone-b down 200 (R 192,
    // probe 195): Unknown 245, b-01..b-10 at 250..340. zone-c down 300: Unknown 345 -> every zone full ->
    // enter master disruption mode: the 30 NoExecute taints removed at 345 (deletions due at 450 and 550
    // cancelled), limiters 0. zone-b boots at 500 (Ready at once; 500 is a pass): exit, zone-b Normal, every
    // limiter 0 -> 0.1 drained, next token 510: zones a and c tainted in parallel 510..700; evictions 810.
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01', 'node-b-01', 'node-c-01'],
        duration: '900s',
        faults: [
          '{at: 100s, action: zone-outage, zone: zone-a}',
          '{at: 200s, action: zone-outage, zone: zone-b, for: 300s}',
          '{at: 300s, action: zone-outage, zone: zone-c}',
        ],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [145, 'zone-a', 'FullDisruption'],
      [245, 'zone-b', 'FullDisruption'],
      [345, 'zone-c', 'FullDisruption'],
      [500, 'zone-b', 'Normal'],
    ]);
    const added = (zone: string) =>
      timesOf(rows, {
        reason: 'TaintAdded',
        object: new RegExp(`^node-${zone}-`),
        detail: NOEXEC_UNREACHABLE,
      });
    expect(added('a')).toEqual([...series(150, 10, 20), ...series(510, 10, 20)]);
    expect(added('b')).toEqual(series(250, 10, 10));
    expect(added('c')).toEqual(series(510, 10, 20));
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual(
      Array(30).fill(345),
    );
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' }).map((r) => [r.timeUs / 1e6, r.object])).toEqual([
      [810, 'default/node-a-01-p0'],
      [810, 'default/node-c-01-p0'],
    ]);
  });

  it('single small zone all down, one node back: exit into PartialDisruption at rate 0 (no swap, no taint)', () => {
    // 10 nodes, all down at 100: 145 FullDisruption = master mode. a-10 boots at 300 (a pass): 9/10 ->
    // PartialDisruption, 10 <= 50 -> 0, same QPS as the never limiter -> no swap; nothing is ever tainted.
    const rows = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 10,
        duration: '500s',
        faults: [
          '{at: 100s, action: zone-outage, zone: zone-a}',
          '{at: 300s, action: node-recover, node: node-a-10}',
        ],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [145, 'zone-a', 'FullDisruption'],
      [300, 'zone-a', 'PartialDisruption'],
    ]);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });

  it('single large zone all down, five back: exit into PartialDisruption at 0.01 from a drained bucket', () => {
    // 60 nodes, all down at 100. a-56..a-60 boot at 302; 305 pass: 55/60 -> PartialDisruption, 60 > 50 ->
    // 0.01, swapped from the never limiter -> drained, next token 405: a-01 405, a-02 505, a-03 605.
    const rows = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 60,
        duration: '700s',
        faults: [
          '{at: 100s, action: zone-outage, zone: zone-a}',
          `{at: 302s, action: node-recover, nodes: [${names('a', 56, 60).join(', ')}]}`,
        ],
      }),
    );
    expect(zoneRows(rows)).toEqual([
      [145, 'zone-a', 'FullDisruption'],
      [305, 'zone-a', 'PartialDisruption'],
    ]);
    expect(noExecAdded(rows)).toEqual([
      [405, 'node-a-01'],
      [505, 'node-a-02'],
      [605, 'node-a-03'],
    ]);
  });
});

describe('kube-controller-manager restarts (§3.3, §4.3, §12)', () => {
  it('restart mid secondary-rate tainting: taints dropped, zone re-learnt, 0.01 bucket starts full at the restart', () => {
    // 3 x 60, a-01..a-40 down at 100: 0.01/s, taints 150, 250, 350. Restart at 400 (a pass): every node is
    // new -> markNodeAsReachable drops a-01..a-03's taints at 400; probes = 400, observed Unknown -> queued;
    // zone-a Initial -> PartialDisruption at the end of the pass: the new 0.1 bucket is full, so the 0.01
    // one starts full. Tick at 400: a-01 again, then a-02 500, a-03 600, ... Timers re-armed: evictions
    // 700, 800, 900, 1000, 1100 (the 450/550/650 deletions were cancelled).
    const rows = runText(
      scenarioText({
        perZone: 60,
        podsOn: names('a', 1, 5),
        duration: '1200s',
        faults: [crashAt(100, names('a', 1, 40)), '{at: 400s, action: controller-manager-restart}'],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([
      150,
      250,
      350,
      ...series(400, 100, 9),
    ]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([400, 400, 400]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([700, 800, 900, 1000, 1100]);
  });

  it('restart during master disruption mode re-enters it at once; the later exit drains the limiters', () => {
    // Every zone down at 100: 145 master mode. Restart at 300: all zones Initial -> all FullDisruption in the
    // first pass = entering master mode again (limiters 0), nothing tainted. zone-b boots at 402; 405 pass:
    // exit, drained 0.1 buckets -> zones a and c from 415 (S5b); a-01's pod at 715.
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        duration: '800s',
        faults: [
          '{at: 100s, action: zone-outage, zone: zone-a}',
          '{at: 100s, action: zone-outage, zone: zone-b, for: 302s}',
          '{at: 100s, action: zone-outage, zone: zone-c}',
          '{at: 300s, action: controller-manager-restart}',
        ],
      }),
    );
    const added = timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE });
    expect(added[0]).toBe(415);
    expect(timesOf(rows, { reason: 'TaintAdded', object: /^node-a-/, detail: NOEXEC_UNREACHABLE })).toEqual(
      series(415, 10, 20),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([715]);
  });
});

describe('tolerations and the M3 order (§4.3, §9)', () => {
  it('a 600 s toleration cancelled by a recovery is re-armed from the next taint, not from the first', () => {
    // a-01 down 100..400: taint 150 (deletions due 450 and 750). Boot at 400 (a pass): NoExecute removed at
    // 400, both cancelled. Down again at 500: last renewal 492 (M1 grid), probe 495, Unknown 545, taint 550:
    // default pod at 850, the 600 s pod at 1150 — never at 450 or 750.
    const text = withPods(
      scenarioText({
        podsOn: ['node-a-01'],
        duration: '1200s',
        faults: [crashAt(100, ['node-a-01'], ', for: 300s'), crashAt(500, ['node-a-01'])],
      }),
      [podWith('long', 'node-a-01', { 'node.kubernetes.io/unreachable': 600 })],
    );
    const rows = runText(text);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([150, 550]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([400]);
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([145, 545]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' }).map((r) => [r.timeUs / 1e6, r.object])).toEqual([
      [850, 'default/node-a-01-p0'],
      [1150, 'default/long'],
    ]);
  });

  it('Ready=True written at exactly 450: the 450 timers fire before the 450 pass removes the taint', () => {
    const rows = runText(
      scenarioText({ podsOn: ['node-a-01'], faults: [crashAt(100, ['node-a-01'], ', for: 350s')] }),
    );
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 450]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([450]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([450]);
  });

  it('a 200 s toleration: Ready at 345 saves the pod, Ready at 350 (its due time) does not', () => {
    const run = (forS: number) =>
      runText(
        withPods(scenarioText({ faults: [crashAt(100, ['node-a-01'], `, for: ${forS}s`)] }), [
          podWith('p200', 'node-a-01', { 'node.kubernetes.io/unreachable': 200 }),
        ]),
      );
    const early = run(245);
    expect(timesOf(early, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([345]);
    expect(rowsOf(early, { reason: 'TaintManagerEviction' })).toEqual([]);
    const edge = run(250);
    expect(timesOf(edge, { reason: 'TaintManagerEviction' })).toEqual([350]);
    expect(timesOf(edge, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([350]);
  });

  it('not-ready 600 s then unreachable 100 s: the swap keeps the deletion scheduled at 110 + 600', () => {
    // Ready=False at 107 -> not-ready:NoExecute at 110, deletion created at 110 due 710. Crash at 200: R 192,
    // probe 195, Unknown 245, swap to unreachable at 250. processPodOnNode: created 110 + 100 s = 210 is
    // before now + 100 s = 350 -> the scheduled deletion is left as it is (taint_eviction.go), so 710.
    const rows = runText(
      withPods(
        scenarioText({
          duration: '800s',
          faults: [
            '{at: 100s, action: kubelet-not-ready, node: node-a-01}',
            '{at: 200s, action: node-crash, node: node-a-01}',
          ],
        }),
        [
          podWith('mixed', 'node-a-01', {
            'node.kubernetes.io/not-ready': 600,
            'node.kubernetes.io/unreachable': 100,
          }),
        ],
      ),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_NOT_READY })).toEqual([110]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([250]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([710]);
  });
});

describe('partitions and lease failures crossing the grace period (§1, §6)', () => {
  it('black-holed partition 100..300: Ready again at 307 (in-flight calls time out), lease at 309.6', () => {
    // Lease: 5 PUTs from 102 time out at 112..152, GET 152 -> 162, then sleeps 0.2, 0.4, 0.8, 1.6, 3.2,
    // 6.4, 7, 7, ... each + 10 s: GETs fail at 162, 172.2, 182.6, 193.4, 205, 218.2, 234.6, 251.6, 268.6,
    // 285.6, and the one started at 292.6 times out at 302.6 (still in flight at the heal); 309.6 succeeds.
    // Status: tick 107, 5 tries of 10 s (117..157); next tick 167 (sliding; 177..217), 227 (237..277),
    // 287: 297 fails, the try started at 297 times out at 307, the try at 307 posts Ready=True.
    // Controller: Unknown 145, NoExecute 150; 307 NoSchedule off; 310 pass NoExecute off; no eviction.
    const rows = runText(
      scenarioText({
        kubelet: '{jitter: false, heartbeatEvents: true}',
        podsOn: ['node-b-01'],
        duration: '500s',
        faults: ['{at: 100s, action: network-partition, node: node-b-01, for: 200s, mode: timeout}'],
      }),
    );
    expect(timesOf(rows, { reason: 'LeaseRenewFailed', object: 'node-b-01', detail: 'get' })).toEqual([
      162, 172.2, 182.6, 193.4, 205, 218.2, 234.6, 251.6, 268.6, 285.6, 302.6,
    ]);
    expect(
      timesOf(rows, { reason: 'LeaseRenewed', object: 'node-b-01' }).filter((t) => t > 92 && t < 330),
    ).toEqual([309.6, 319.6, 329.6]);
    expect(timesOf(rows, { reason: 'NodeStatusUpdateFailed', object: 'node-b-01' })).toEqual([
      117, 127, 137, 147, 157, 177, 187, 197, 207, 217, 237, 247, 257, 267, 277, 297, 307,
    ]);
    expect(timesOf(rows, { reason: 'NodeStatusUnknown', object: 'node-b-01' })).toEqual([145]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-b-01' })).toEqual([0, 307]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-b-01', detail: NOSCHED_UNREACHABLE }),
    ).toEqual([307]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-b-01', detail: NOEXEC_UNREACHABLE }),
    ).toEqual([310]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
  });

  it('v1.31, fast-fail lease failures 100..200: Unknown 135, NoExecute 140, lease 205.6, Ready 207, untainted 210', () => {
    // Fast-fail: the GET back-off runs 102.2, 102.6, 103.4, 105, 108.2, 114.6, then every 7 s: 121.6 ...
    // 198.6 fail, 205.6 succeeds. Status ticks 107..197 fail at once; 207 sees Unknown and posts Ready=True.
    const rows = runText(
      scenarioText({
        version: '1.31',
        kubelet: '{jitter: false, heartbeatEvents: true}',
        podsOn: ['node-a-01'],
        duration: '500s',
        faults: ['{at: 100s, action: lease-renew-failures, node: node-a-01, for: 100s}'],
      }),
    );
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([135]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([140]);
    expect(
      timesOf(rows, { reason: 'LeaseRenewed', object: 'node-a-01' }).filter((t) => t > 92 && t < 220),
    ).toEqual([205.6, 215.6]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 207]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([210]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
  });
});

describe('node deletion and start-up grace (§3.3, §3.4, §6)', () => {
  it('Node deleted while its evicted pod is Terminating: PodGC force-deletes it 40-60 s later', () => {
    // Eviction at 450 (pod Terminating: no kubelet). delete-node at 470; PodGC passes at 20k: the 480 pass
    // quarantines the orphan for 40 s, the 520 pass force-deletes it (Failed DeletionByPodGC, Deleted).
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        faults: [crashAt(100, ['node-a-01']), '{at: 470s, action: delete-node, node: node-a-01}'],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([450]);
    expect(timesOf(rows, { reason: 'Failed', object: 'default/node-a-01-p0' })).toEqual([520]);
    expect(timesOf(rows, { reason: 'Deleted', object: 'default/node-a-01-p0' })).toEqual([520]);
  });

  it('a deleted node still waiting in the taint queue costs its token: the next node waits one more period', () => {
    // a-01..a-03 down at 100: a-01 at 150. a-02 deleted at 152 while waiting; the controller forgets it but
    // the zone queue still holds it (processAt 150) ahead of a-03 (re-queued at 155). Tick 160: token spent
    // on a-02, "no longer present" -> dropped. a-03 at 170.
    const rows = runText(
      scenarioText({
        duration: '300s',
        faults: [
          crashAt(100, ['node-a-01', 'node-a-02', 'node-a-03']),
          '{at: 152s, action: delete-node, node: node-a-02}',
        ],
      }),
    );
    expect(noExecAdded(rows)).toEqual([
      [150, 'node-a-01'],
      [170, 'node-a-03'],
    ]);
  });

  it('a node added at 40.5 s that never posts: startup grace from creationTimestamp 40 (whole seconds)', () => {
    // metav1.Time is serialized in whole seconds, so creationTimestamp = 40 (S11: "1 s granularity").
    // First seen at the 45 pass without a Ready condition: probe = 40; stale when now - 40 >= 60 -> the 100
    // pass creates the conditions Unknown (NodeStatusNeverUpdated) and, observed Unknown, taints at once.
    const rows = runText(
      scenarioText({
        duration: '200s',
        faults: [
          '{at: 40.5s, action: add-nodes, pool: node, count: 1}',
          '{at: 40.5s, action: node-crash, node: node-a-21}',
        ],
      }),
    );
    expect(
      rowsOf(rows, { reason: 'NodeStatusUnknown' }).map((r) => [r.timeUs / 1e6, r.object, r.detail]),
    ).toEqual([[100, 'node-a-21', 'NodeStatusNeverUpdated']]);
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-a-21', detail: NOEXEC_UNREACHABLE })).toEqual([
      100,
    ]);
  });
});
