// Property (node-health-timing.md §5): in every zone, NoExecute taints added by the node lifecycle
// controller's rate-limited queue never exceed rate x window + burst, whatever the mix of crashes,
// recoveries and NotReady kubelets, zone sizes and eviction rates (kube-controller-manager restarts,
// which start every bucket full, are left out). Instant swaps between the unreachable and not-ready
// taints are not rate-limited upstream and are not counted.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEventRow } from '../../src/model/event-log.js';
import { names, scenarioText } from '../golden/scenario-text.js';
import { runText } from '../golden/timeline.js';

const NOEXEC_KEYS = ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/not-ready:NoExecute'];

/**
 * Times of rate-limited NoExecute taints per zone. A swap (SwapNodeControllerTaint: the opposite
 * NoExecute taint removed and this one added in one update) writes its two rows back to back and is
 * done at once, outside the queue, so it is not counted.
 */
function rateLimitedTaints(rows: readonly SimEventRow[]): Map<string, number[]> {
  const byZone = new Map<string, number[]>();
  let previous: SimEventRow | undefined;
  for (const r of rows) {
    const noExecute = r.kind === 'Node' && NOEXEC_KEYS.includes(r.detail);
    const swap =
      previous !== undefined &&
      previous.reason === 'TaintRemoved' &&
      previous.object === r.object &&
      previous.timeUs === r.timeUs &&
      NOEXEC_KEYS.includes(previous.detail);
    if (noExecute && r.reason === 'TaintAdded' && !swap) {
      const list = byZone.get(r.zone) ?? [];
      list.push(r.timeUs);
      byZone.set(r.zone, list);
    }
    previous = r;
  }
  return byZone;
}

const faultArb = (perZone: number, zones: number) =>
  fc.record({
    action: fc.constantFrom('node-crash', 'node-crash', 'kubelet-not-ready'),
    zone: fc.integer({ min: 0, max: zones - 1 }),
    from: fc.integer({ min: 1, max: perZone }),
    count: fc.integer({ min: 1, max: perZone }),
    atS: fc.integer({ min: 0, max: 400 }),
    forS: fc.option(fc.integer({ min: 10, max: 600 }), { nil: undefined }),
  });

const caseArb = fc
  .record({
    zones: fc.integer({ min: 1, max: 3 }),
    perZone: fc.integer({ min: 3, max: 60 }),
    rate: fc.constantFrom(0.05, 0.1, 0.3, 1),
    secondary: fc.constantFrom(0.01, 0.02),
    threshold: fc.constantFrom(0.3, 0.55, 0.8),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      faults: fc.array(faultArb(c.perZone, c.zones), { minLength: 1, maxLength: 6 }),
    }),
  );

describe('NoExecute tainting rate per zone', () => {
  it('never exceeds rate x window + burst (burst 1)', () => {
    fc.assert(
      fc.property(caseArb, ({ c, faults }) => {
        const zoneNames = ['zone-a', 'zone-b', 'zone-c'].slice(0, c.zones);
        const faultLines = faults.map((f) => {
          const suffix = zoneNames[f.zone]!.slice(-1);
          const to = Math.min(c.perZone, f.from + f.count - 1);
          const targets = names(suffix, f.from, to);
          const forPart = f.forS === undefined ? '' : `, for: ${f.forS}s`;
          return `{at: ${f.atS}s, action: ${f.action}, nodes: [${targets.join(', ')}]${forPart}}`;
        });
        const text = scenarioText({
          zones: zoneNames,
          perZone: c.perZone,
          duration: '1200s',
          controllerManager: `{nodeEvictionRate: ${c.rate}, secondaryNodeEvictionRate: ${c.secondary}, unhealthyZoneThreshold: ${c.threshold}, largeClusterSizeThreshold: 20}`,
          faults: faultLines,
        });
        const maxQps = Math.max(c.rate, c.secondary);
        const minGapUs = 1e6 / maxQps;
        for (const times of rateLimitedTaints(runText(text)).values()) {
          for (let k = 1; k < times.length; k++) {
            // n taints in a window need (n - 1) / qps: consecutive gaps of at least 1/qps imply it.
            expect((times[k] as number) - (times[k - 1] as number)).toBeGreaterThanOrEqual(minGapUs - 1);
          }
        }
      }),
      { seed: 20261123, numRuns: 40 },
    );
  });
});
