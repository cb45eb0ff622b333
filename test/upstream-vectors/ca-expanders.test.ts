// Upstream cluster-autoscaler vectors for the expanders and node-group balancing, replayed through
// kubesim's expander chain and balancing functions. Inputs and expected outcomes come from
//   cluster-autoscaler/expander/waste/waste_test.go          TestLeastWaste
//   cluster-autoscaler/expander/mostpods/mostpods_test.go    TestMostPods
//   cluster-autoscaler/expander/priority/priority_test.go    the BestOption cases
//   cluster-autoscaler/expander/random/random_test.go        (a single option is returned)
//   cluster-autoscaler/processors/nodegroupset/balancing_processor_test.go
//     TestFindSimilarNodeGroups(+CustomLabels), TestBalanceSingleGroup, TestBalanceUnderMaxSize,
//     TestBalanceHittingMaxSize
// in kubernetes/autoscaler. Not replayed: the priority ConfigMap reload/invalid-YAML cases (kubesim reads
// priorities from the scenario once, and rejects a bad regexp when the scenario is built), the custom
// comparator case (kubesim has the generic and the label comparators only), and the price expander's
// tests, which run against GCE's pricing model and instance price table (kubesim prices groups by
// pricePerHour; its price formula is unit-tested in src/autoscaler/expanders.test.ts).
import { describe, expect, it } from 'vitest';
import {
  BASIC_IGNORED_LABELS,
  balanceScaleUp,
  type GroupTemplate,
  isSimilar,
} from '../../src/autoscaler/balancing.js';
import {
  bestOption,
  type ExpanderContext,
  type ExpansionOption,
  type TemplateFacts,
} from '../../src/autoscaler/expanders.js';
import { caWorld, upstreamNode, upstreamPod } from '../../src/autoscaler/testing/fixtures.js';
import { RngRoot } from '../../src/engine/rng.js';
import type { Pod, Resources } from '../../src/model/types.js';

const rng = () => new RngRoot(1).stream('test');
const opt = (nodeGroup: string, nodeCount: number, pods: Pod[] = []): ExpansionOption => ({
  nodeGroup,
  nodeCount,
  pods,
  similarNodeGroups: [],
});
function ctx(
  templates: Record<string, TemplateFacts> = {},
  priorities: Record<number, string[]> = {},
): ExpanderContext {
  return {
    templates: new Map(Object.entries(templates)),
    clusterNodes: 1,
    priorities: new Map(Object.entries(priorities).map(([p, l]) => [Number(p), l.map((r) => new RegExp(r))])),
    rng: rng(),
  };
}

describe('waste_test.go TestLeastWaste', () => {
  const cpuPerPod = 500;
  const memoryPerPod = 1000 * 1024 * 1024;
  const facts = (cpu: number, mem: number): TemplateFacts => ({
    cpu,
    memory: mem,
    pricePerHour: null,
    hasGpu: false,
  });
  const w = caWorld([upstreamNode(1000, 1000, 10, 'n', 'z')]);
  const pod = upstreamPod(w, 'p', cpuPerPod, memoryPerPod);
  const templates = {
    balanced: facts(16 * cpuPerPod, 16 * memoryPerPod),
    highmem: facts(16 * cpuPerPod, 32 * memoryPerPod),
    lowcpu: facts(8 * cpuPerPod, 16 * memoryPerPod),
  };
  it('without any pods, one node info', () => {
    expect(bestOption(['least-waste'], [opt('balanced', 1)], ctx(templates))?.nodeGroup).toBe('balanced');
  });
  it('with one pod, one node info', () => {
    expect(bestOption(['least-waste'], [opt('balanced', 1, [pod])], ctx(templates))?.nodeGroup).toBe(
      'balanced',
    );
  });
  it('with one pod, two node infos, one that has lots of RAM one that has less', () => {
    const r = bestOption(
      ['least-waste'],
      [opt('balanced', 1, [pod]), opt('highmem', 1, [pod])],
      ctx(templates),
    );
    expect(r?.nodeGroup).toBe('balanced');
  });
  it('with one pod, three node infos, one that has lots of RAM one that has less, and one that has less CPU', () => {
    const r = bestOption(
      ['least-waste'],
      [opt('balanced', 1, [pod]), opt('highmem', 1, [pod]), opt('lowcpu', 1, [pod])],
      ctx(templates),
    );
    expect(r?.nodeGroup).toBe('lowcpu');
  });
});

describe('mostpods_test.go TestMostPods', () => {
  const w = caWorld([upstreamNode(1000, 1000, 10, 'n', 'z')]);
  const p = upstreamPod(w, 'p', 1, 1);
  it('one option', () => expect(bestOption(['most-pods'], [opt('eo0', 1)], ctx())?.nodeGroup).toBe('eo0'));
  it('the option with a pod wins', () =>
    expect(bestOption(['most-pods'], [opt('eo0', 1), opt('eo1', 1, [p])], ctx())?.nodeGroup).toBe('eo1'));
  it('a tie is broken between the two with a pod', () => {
    const r = bestOption(['most-pods'], [opt('eo0', 1), opt('eo1', 1, [p]), opt('eo1b', 1, [p])], ctx());
    expect(['eo1', 'eo1b']).toContain(r?.nodeGroup);
  });
});

describe('priority_test.go', () => {
  const config = {
    5: ['.*t2\\.micro.*'],
    10: ['.*t2\\.large.*', '.*t3\\.large.*'],
    50: ['.*m4\\.4xlarge.*'],
  };
  const wildcard = { 5: ['.*'], 10: ['.t2\\.large.*'] };
  const oneEntry = { 10: ['.*t2\\.large.*'] };
  const [micro, large, t3, m4] = [
    'my-asg.t2.micro',
    'my-asg.t2.large',
    'my-asg.t3.large',
    'my-asg.m4.4xlarge',
  ].map((id) => opt(id, 1)) as [ExpansionOption, ExpansionOption, ExpansionOption, ExpansionOption];
  it('CorrecltySelectsSingleMatchingOptionOutOfOne', () =>
    expect(bestOption(['priority'], [large], ctx({}, config))).toBe(large));
  it('CorrecltySelectsSingleMatchingOptionOutOfMany', () =>
    expect(bestOption(['priority'], [large, m4], ctx({}, config))).toBe(m4));
  it('DoesNotFallBackToRandomWhenHigherPriorityMatches', () => {
    for (let i = 0; i < 10; i++)
      expect(bestOption(['priority'], [large, micro], ctx({}, wildcard))).toBe(large);
  });
  it('CorrecltySelectsOneOfTwoMatchingOptionsOutOfMany', () => {
    const c = ctx({}, config);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(bestOption(['priority'], [large, t3, micro], c)?.nodeGroup ?? '');
    expect([...seen].sort()).toEqual([large.nodeGroup, t3.nodeGroup].sort());
  });
  it('CorrecltyFallsBackToRandomWhenNoMatches (two matches of one priority)', () => {
    const r = bestOption(['priority'], [large, t3], ctx({}, config));
    expect([large, t3]).toContain(r);
  });
  it('CorrecltyHandlesConfigUpdate (the one-entry config picks t2.large, the full one m4.4xlarge)', () => {
    expect(bestOption(['priority'], [large, t3, m4], ctx({}, oneEntry))).toBe(large);
    expect(bestOption(['priority'], [large, t3, m4], ctx({}, config))).toBe(m4);
  });
});

describe('random_test.go', () => {
  it('returns one of the options, the same for the same seed', () => {
    const opts = [opt('a', 1), opt('b', 1), opt('c', 1)];
    const a = bestOption(['random'], opts, ctx())?.nodeGroup;
    expect(bestOption(['random'], opts, ctx())?.nodeGroup).toBe(a);
    expect(['a', 'b', 'c']).toContain(a);
  });
});

describe('balancing_processor_test.go', () => {
  const res = (cpu: number, mem: number): Resources => ({
    milliCPU: cpu,
    memory: mem,
    ephemeralStorage: 0,
    allowedPodNumber: 100,
    scalar: {},
  });
  const none = res(0, 0);
  // BuildTestNode(name, millicpu, mem): capacity = allocatable, 100 pods, hostname label.
  const node = (
    name: string,
    cpu: number,
    mem: number,
    extra: Record<string, string> = {},
  ): GroupTemplate => ({
    labels: { 'kubernetes.io/hostname': name, ...extra },
    capacity: res(cpu, mem),
    allocatable: res(cpu, mem),
    requested: { ...none, allowedPodNumber: 0 },
  });
  const ratios = {
    memoryDifferenceRatio: 0.015,
    maxAllocatableDifferenceRatio: 0.05,
    maxFreeDifferenceRatio: 0.05,
  };
  const similarTo = (target: string, all: Record<string, GroupTemplate>, ignored: string[] = []) =>
    Object.keys(all).filter(
      (k) =>
        k !== target &&
        isSimilar(
          all[target] as GroupTemplate,
          all[k] as GroupTemplate,
          new Set([...BASIC_IGNORED_LABELS, ...ignored]),
          ratios,
        ),
    );
  it('TestFindSimilarNodeGroups', () => {
    const all = { ng1: node('n1', 1000, 1000), ng2: node('n2', 1000, 1000), ng3: node('n3', 2000, 2000) };
    expect([similarTo('ng1', all), similarTo('ng2', all), similarTo('ng3', all)]).toEqual([
      ['ng2'],
      ['ng1'],
      [],
    ]);
  });
  it('TestFindSimilarNodeGroupsCustomLabels', () => {
    const all = {
      ng1: node('n1', 1000, 1000, { 'example.com/ready': 'true' }),
      ng2: node('n2', 1000, 1000, { 'example.com/ready': 'false' }),
      ng3: node('n3', 2000, 2000),
    };
    expect(similarTo('ng1', all)).toEqual([]);
    const ign = ['example.com/ready'];
    expect([similarTo('ng1', all, ign), similarTo('ng2', all, ign), similarTo('ng3', all, ign)]).toEqual([
      ['ng2'],
      ['ng1'],
      [],
    ]);
  });
  const g = (id: string, max: number, size: number) => ({ id, currentSize: size, maxSize: max });
  const sizes = (infos: ReturnType<typeof balanceScaleUp>) =>
    Object.fromEntries(infos.map((i) => [i.group, i.newSize]));
  it('TestBalanceSingleGroup', () => {
    expect(sizes(balanceScaleUp([g('ng1', 10, 1)], 1))).toEqual({ ng1: 2 });
    expect(sizes(balanceScaleUp([g('ng1', 10, 1)], 4))).toEqual({ ng1: 5 });
  });
  it('TestBalanceUnderMaxSize', () => {
    const groups = [g('ng1', 10, 1), g('ng2', 10, 3), g('ng3', 10, 5), g('ng4', 10, 5)];
    expect(sizes(balanceScaleUp(groups, 1))).toEqual({ ng1: 2 });
    expect(sizes(balanceScaleUp(groups, 2))).toEqual({ ng1: 3 });
    expect(sizes(balanceScaleUp(groups, 4))).toEqual({ ng1: 4, ng2: 4 });
    const five = sizes(balanceScaleUp(groups, 5));
    expect(Object.keys(five).sort()).toEqual(['ng1', 'ng2']);
    expect([five.ng1, five.ng2].sort()).toEqual([4, 5]);
    expect(sizes(balanceScaleUp(groups, 10))).toEqual({ ng1: 6, ng2: 6, ng3: 6, ng4: 6 });
  });
  it('TestBalanceHittingMaxSize', () => {
    const all = {
      ng1: g('ng1', 1, 1),
      ng2: g('ng2', 3, 1),
      ng3: g('ng3', 10, 3),
      ng4: g('ng4', 7, 5),
      ng5: g('ng5', 3, 6),
    };
    const pick = (...ids: (keyof typeof all)[]) => ids.map((i) => all[i]);
    expect(balanceScaleUp(pick('ng1'), 1)).toEqual([]);
    expect(sizes(balanceScaleUp(pick('ng1', 'ng2'), 1))).toEqual({ ng2: 2 });
    expect(sizes(balanceScaleUp(pick('ng1', 'ng2'), 5))).toEqual({ ng2: 3 });
    expect(sizes(balanceScaleUp(pick('ng2', 'ng3'), 4))).toEqual({ ng2: 3, ng3: 5 });
    expect(sizes(balanceScaleUp(pick('ng2', 'ng3', 'ng4'), 9))).toEqual({ ng2: 3, ng3: 8, ng4: 7 });
    expect(sizes(balanceScaleUp(pick('ng2', 'ng3', 'ng4'), 900))).toEqual({ ng2: 3, ng3: 10, ng4: 7 });
    expect(sizes(balanceScaleUp(pick('ng2', 'ng5'), 1))).toEqual({ ng2: 2 });
  });
});
