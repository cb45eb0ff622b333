// DefaultPreemption eligibility and messages (scheduler.md §5.1; default_preemption.go PostFilter and
// PodEligibleToPreemptOthers): every message is prefixed "preemption: ", and only pods terminating
// because the scheduler preempted them keep a nominated preemptor from preempting again.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../index.js';
import type { ReasonOf } from '../../../model/event-reasons.js';
import { podManifestSchema } from '../../../model/k8s-schema.js';
import type { Pod } from '../../../model/types.js';
import { loadScenarioText } from '../../../scenario/load.js';
import { schedulePod } from '../../cycle.js';
import { buildExplainPod } from '../../explain.js';
import { node, pod, scenarioText, world } from '../../testing/fixtures.js';
import type { PreemptionResult } from './index.js';

const small = { cpu: '2', memory: '4Gi' };

describe('DefaultPreemption', () => {
  it('prefixes the not-eligible message with "preemption: " in FailedScheduling', () => {
    const text = scenarioText({
      nodes: [node('a', small)],
      apiServer: { disableAdmissionPlugins: ['Priority'] },
      pods: [
        pod('low', { nodeName: 'a', requests: [{ cpu: '1500m' }], spec: { priority: 1 } }),
        pod('never', {
          requests: [{ cpu: '1500m' }],
          spec: { priority: 1000, preemptionPolicy: 'Never' },
        }),
      ],
    });
    const { sim } = runSimulation(loadScenarioText(text).scenario, { keepEventRows: true });
    const failed = sim.log.keptRows.find((r) => r.reason === 'FailedScheduling');
    expect(failed?.detail).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    );
    expect(sim.state.counters.preemptions).toBe(0);
  });

  describe('a nominated preemptor and a terminating lower-priority pod on its node', () => {
    const postFilter = (otherReason: ReasonOf<'Pod'>): PreemptionResult => {
      const sim = world({
        nodes: [node('a', small)],
        pods: [
          pod('low', { nodeName: 'a', requests: [{ cpu: '1500m' }], spec: { priority: 1 } }),
          pod('other', { nodeName: 'a', requests: [{ cpu: '100m' }], spec: { priority: 1 } }),
        ],
      });
      const other = sim.state.pod('default/other') as Pod;
      sim.state.markPodDeleting(other, otherReason);
      const high = buildExplainPod(
        sim,
        podManifestSchema.parse(pod('high', { requests: [{ cpu: '1500m' }], spec: { priority: 1000 } })),
      );
      high.nominatedNodeName = 'a';
      const fw = sim.scheduler.frameworks.get('default-scheduler');
      if (fw === undefined) throw new Error('no framework');
      const r = schedulePod(fw, high, { percentage: 0, startIndex: 0, tieBreak: 'first', rng: fw.rng });
      expect(r.selected).toBeNull();
      return fw.runPostFilter(r.state, high, r.statuses) as PreemptionResult;
    };

    it('waits while a pod it preempted is still terminating', () => {
      const r = postFilter('Preempted');
      expect(r.nominatedNodeName).toBeNull();
      expect(r.message).toBe('preemption: not eligible due to a terminating pod on the nominated node.');
    });

    it('preempts again when the terminating pod is going for another reason (podTerminatingByPreemption)', () => {
      const r = postFilter('SuccessfulDelete');
      expect(r.nominatedNodeName).toBe('a');
      expect(r.victims.map((p) => p.name)).toContain('low');
    });
  });
});
