// Property: running idle heartbeats without events (steady-state lease renewals replayed when leases are
// read, idle node-status ticks replayed when something changes; kubelet/lease-loop.ts, status-loop.ts)
// changes nothing observable. Every run is made twice, once with kubelet.heartbeatEvents: true (every
// renewal and tick is an event) and once without; apart from the per-heartbeat rows, events.csv must be
// identical, for jittered and M1 kubelets, under random mixes of every node-level fault.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEventRow } from '../../src/model/event-log.js';
import { names, scenarioText } from '../golden/scenario-text.js';
import { runText } from '../golden/timeline.js';

const HEARTBEAT_ROWS = new Set([
  'LeaseRenewed',
  'LeaseRenewFailed',
  'NodeStatusPosted',
  'NodeStatusUpdateFailed',
]);

const faultArb = fc.record({
  action: fc.constantFrom(
    'node-crash',
    'network-partition',
    'lease-renew-failures',
    'kubelet-not-ready',
    'controller-manager-restart',
    'node-recover',
  ),
  node: fc.integer({ min: 1, max: 6 }),
  atS: fc.integer({ min: 0, max: 700 }),
  forS: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  timeout: fc.boolean(),
});

function faultLine(
  f: fc.Arbitrary<unknown> extends never ? never : typeof faultArb extends fc.Arbitrary<infer T> ? T : never,
): string {
  const node = names('a', f.node, f.node)[0];
  if (f.action === 'controller-manager-restart') return `{at: ${f.atS}s, action: controller-manager-restart}`;
  if (f.action === 'node-recover') return `{at: ${f.atS}s, action: node-recover, node: ${node}}`;
  const mode =
    (f.action === 'network-partition' || f.action === 'lease-renew-failures') && f.timeout
      ? ', mode: timeout'
      : '';
  const forPart = f.forS === undefined ? '' : `, for: ${f.forS}s`;
  return `{at: ${f.atS}s, action: ${f.action}, node: ${node}${forPart}${mode}}`;
}

const observable = (rows: readonly SimEventRow[]) => rows.filter((r) => !HEARTBEAT_ROWS.has(r.reason));

describe('idle heartbeats', () => {
  it('running them without events leaves events.csv unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(faultArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('1.31', '1.33', '1.34'),
        fc.integer({ min: 1, max: 1000 }),
        (faults, jitter, version, seed) => {
          const base = {
            zones: ['zone-a', 'zone-b'],
            perZone: 6,
            version,
            duration: '1500s',
            podsOn: names('a', 1, 3),
            faults: faults.map(faultLine),
          };
          const kubelet = (hb: boolean) => `{jitter: ${jitter}, heartbeatEvents: ${hb}}`;
          const eager = runText(scenarioText({ ...base, kubelet: kubelet(true) }), [`spec.seed=${seed}`]);
          const lazy = runText(scenarioText({ ...base, kubelet: kubelet(false) }), [`spec.seed=${seed}`]);
          expect(observable(lazy)).toEqual(observable(eager));
        },
      ),
      { seed: 424242, numRuns: 60 },
    );
  });
});
