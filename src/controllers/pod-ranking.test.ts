import { describe, expect, it } from 'vitest';
import { testPod } from '../../test/helpers/pods.js';
import { PodDeletionCostAnnotation, podsToDelete } from './pod-ranking.js';

const S = 1_000_000;
const NOW = 10_000 * S;

describe('podsToDelete (ActivePodsWithRanks)', () => {
  const info = (ready: Map<string, number>) => (p: { uid: string }) => ({
    readySinceUs: ready.get(p.uid),
    restarts: 0,
  });

  it.each([
    {
      name: 'unscheduled before scheduled',
      a: { nodeName: null, phase: 'Pending' as const },
      b: { nodeName: 'n1', phase: 'Running' as const, ready: true },
    },
    {
      name: 'Pending before Running',
      a: { nodeName: 'n1', phase: 'Pending' as const },
      b: { nodeName: 'n1', phase: 'Running' as const },
    },
    {
      name: 'not ready before ready',
      a: { nodeName: 'n1', phase: 'Running' as const, ready: false },
      b: { nodeName: 'n1', phase: 'Running' as const, ready: true },
    },
    {
      name: 'lower pod-deletion-cost first',
      a: {
        nodeName: 'n1',
        phase: 'Running' as const,
        ready: true,
        annotations: { [PodDeletionCostAnnotation]: '-5' },
      },
      b: { nodeName: 'n1', phase: 'Running' as const, ready: true },
    },
    {
      name: 'newer before older (different log2 age buckets)',
      a: { nodeName: 'n1', phase: 'Running' as const, createdUs: 9_990 * S },
      b: { nodeName: 'n1', phase: 'Running' as const, createdUs: 1_000 * S },
    },
  ])('$name', ({ a, b }) => {
    const pa = testPod(a);
    const pb = testPod(b);
    expect(
      podsToDelete(
        [pb, pa, testPod({ nodeName: 'n9', phase: 'Running', ready: true })],
        [],
        1,
        NOW,
        info(new Map()),
      ),
    ).toEqual([pa]);
  });

  it('pods doubled up with related pods on their node go first', () => {
    const lonely = testPod({ nodeName: 'n1', phase: 'Running', ready: true, createdUs: 0 });
    const crowded = testPod({ nodeName: 'n2', phase: 'Running', ready: true, createdUs: 0 });
    const got = podsToDelete([lonely, crowded], ['n1', 'n2', 'n2', 'n2'], 1, NOW, info(new Map()));
    expect(got).toEqual([crowded]);
  });

  it('ages within one power-of-two bucket tie, broken by UID (LogarithmicScaleDown)', () => {
    const a = testPod({ nodeName: 'n1', phase: 'Running', createdUs: 5_000 * S });
    const b = testPod({ nodeName: 'n1', phase: 'Running', createdUs: 5_001 * S });
    const [first] = podsToDelete([b, a], [], 1, NOW, info(new Map()));
    expect(first?.uid).toBe([a.uid, b.uid].sort()[0]);
  });

  it('returns every pod, unsorted, when all go', () => {
    const pods = [testPod(), testPod()];
    expect(podsToDelete(pods, [], 5, NOW, info(new Map()))).toEqual(pods);
  });
});
