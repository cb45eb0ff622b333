// Profiles as data: default plugins and weights, upstream merge rules, presets, and errors that name the
// YAML path (exit 2 through the CLI).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { resolveChoice } from '../compare/profile-choice.js';
import { ScenarioPathError } from '../model/errors.js';
import { loadScenario } from '../scenario/load.js';
import { PRESETS } from './defaults.js';
import { resolveProfile, resolveSchedulerConfig } from './profile.js';
import { scenarioText } from './testing/fixtures.js';

const CONFIG_FIXTURE = new URL('../../test/fixtures/kube-scheduler-config.yaml', import.meta.url);

const scores = (p: ReturnType<typeof resolveProfile>) =>
  p.points.score.map((n) => `${n}:${p.scoreWeights.get(n)}`);

describe('default profile', () => {
  const p = resolveProfile({}, 34, []);
  it('filters in upstream order', () => {
    expect(p.points.filter).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
      'DynamicResources',
    ]);
  });
  it('scores with default weights (sum 12)', () => {
    expect(scores(p)).toEqual([
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodeResourcesFit:1',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
    ]);
  });
  it('one queue sort, one binder, preemption as PostFilter', () => {
    expect([p.points.queueSort, p.points.bind, p.points.postFilter]).toEqual([
      ['PrioritySort'],
      ['DefaultBinder'],
      ['DefaultPreemption'],
    ]);
  });
});

describe('merge rules', () => {
  it('disabled removes a default; a re-listed plugin overrides its MultiPoint weight and runs first', () => {
    const p = resolveProfile(
      {
        plugins: {
          score: {
            disabled: [{ name: 'ImageLocality' }],
            enabled: [{ name: 'NodeResourcesFit', weight: 5 }],
          },
        },
      },
      34,
      [],
    );
    expect(scores(p)).toEqual([
      'NodeResourcesFit:5',
      'TaintToleration:3',
      'NodeAffinity:2',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
    ]);
  });
  it('"*" clears every default at that extension point', () => {
    const p = resolveProfile(
      { plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'ImageLocality' }] } } },
      34,
      [],
    );
    expect(scores(p)).toEqual(['ImageLocality:1']);
    expect(p.points.filter).toContain('NodeResourcesFit');
  });
  it('pluginConfig args get their schema defaults', () => {
    const p = resolveProfile({ pluginConfig: [{ name: 'InterPodAffinity', args: {} }] }, 34, []);
    expect(p.args.get('InterPodAffinity')).toEqual({
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
    expect(p.args.get('DefaultPreemption')).toEqual({
      minCandidateNodesPercentage: 10,
      minCandidateNodesAbsolute: 100,
    });
  });
  it('every preset resolves', () => {
    for (const name of Object.keys(PRESETS))
      expect(() => resolveProfile({ preset: name }, 34, [])).not.toThrow();
    const bp = resolveProfile({ preset: 'bin-packing' }, 34, []);
    expect(bp.args.get('NodeResourcesFit')).toMatchObject({ scoringStrategy: { type: 'MostAllocated' } });
    expect(resolveProfile({ preset: 'first-fit' }, 34, []).points.score).toEqual([]);
  });
});

describe('typed plugin args (a real KubeSchedulerConfiguration)', () => {
  const fitArgs = (args: Record<string, unknown>) =>
    resolveSchedulerConfig(
      { profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args }] }] },
      34,
    ).profiles[0]?.args.get('NodeResourcesFit');
  const strategy = { scoringStrategy: { type: 'MostAllocated' } };

  it('apiVersion and kind <Plugin>Args are read and dropped; either may be left out', () => {
    const plain = fitArgs(strategy);
    expect(plain).toMatchObject(strategy);
    const v1 = 'kubescheduler.config.k8s.io/v1';
    expect(fitArgs({ apiVersion: v1, kind: 'NodeResourcesFitArgs', ...strategy })).toEqual(plain);
    expect(fitArgs({ kind: 'NodeResourcesFitArgs', ...strategy })).toEqual(plain);
    expect(fitArgs({ apiVersion: v1, ...strategy })).toEqual(plain);
  });

  it.each([
    [
      { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'PodTopologySpreadArgs' },
      'args.kind: args for plugin NodeResourcesFit were not of type NodeResourcesFitArgs.kubescheduler.config.k8s.io, got PodTopologySpreadArgs.kubescheduler.config.k8s.io',
    ],
    [
      { apiVersion: 'example.com/v1', kind: 'NodeResourcesFitArgs' },
      'args.apiVersion: args for plugin NodeResourcesFit were not of type NodeResourcesFitArgs.kubescheduler.config.k8s.io, got NodeResourcesFitArgs.example.com',
    ],
    [
      { apiVersion: 'kubescheduler.config.k8s.io/v1beta3', kind: 'NodeResourcesFitArgs' },
      'args.apiVersion: decoding args for plugin NodeResourcesFit: no kind "NodeResourcesFitArgs" is registered for version "kubescheduler.config.k8s.io/v1beta3"',
    ],
  ])('rejects %j as upstream decoding does', (meta, want) => {
    let got = '';
    try {
      fitArgs({ ...meta, ...strategy });
    } catch (e) {
      if (!(e instanceof ScenarioPathError)) throw e;
      got = `${e.path.slice(-2).join('.')}: ${e.message}`;
    }
    expect(got.startsWith(want)).toBe(true);
  });

  it('a whole KubeSchedulerConfiguration file loads unchanged as spec.scheduler and as --profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-profile-'));
    writeFileSync(join(dir, 'sched.yaml'), readFileSync(CONFIG_FIXTURE, 'utf8'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, scenarioText({ nodes: [], scheduler: { file: 'sched.yaml' } }));
    const loaded = loadScenario(file);
    const resolved = resolveSchedulerConfig(loaded.scenario.spec.scheduler, 34).profiles[0];
    expect(resolved?.args.get('NodeResourcesFit')).toMatchObject({
      scoringStrategy: { type: 'MostAllocated' },
    });
    expect(resolved?.args.get('PodTopologySpread')).toMatchObject({ defaultingType: 'List' });
    expect(resolved?.points.score).not.toContain('NodeResourcesBalancedAllocation');
    const choice = resolveChoice(join(dir, 'sched.yaml'), loaded, 34);
    expect(choice.profile.pluginConfig?.map((c) => c.name)).toEqual([
      'NodeResourcesFit',
      'PodTopologySpread',
    ]);
    expect(choice.globals?.kind).toBe('KubeSchedulerConfiguration');
  });
});

describe('errors name the path', () => {
  const path = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ScenarioPathError) return `${e.path.join('.')}: ${e.message}`;
      throw e;
    }
    return 'no error';
  };
  it.each([
    [
      { profiles: [{ plugins: { score: { enabled: [{ name: 'NodeResourceFit' }] } } }] },
      /^spec\.scheduler\.profiles\.0\.plugins\.score\.enabled\.0\.name: unknown scheduler plugin "NodeResourceFit"/,
    ],
    [
      {
        profiles: [
          { pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Tightest' } } }] },
        ],
      },
      /^spec\.scheduler\.profiles\.0\.pluginConfig\.0\.args\.scoringStrategy\.type: /,
    ],
    [
      { profiles: [{ pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }] },
      /^spec\.scheduler\.profiles\.0\.pluginConfig\.0\.args\.hardPodAffinityWeight: /,
    ],
    [{ profiles: [{ preset: 'tetris' }] }, /^spec\.scheduler\.profiles\.0\.preset: unknown preset "tetris"/],
    [
      { profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] },
      /^spec\.scheduler\.profiles\.1\.schedulerName: duplicate profile "a"/,
    ],
  ])('%j', (spec, want) => {
    expect(path(() => resolveSchedulerConfig(spec as never, 34))).toMatch(want);
  });

  it('the CLI exits 2 with file, line and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-profile-'));
    const file = join(dir, 's.yaml');
    const text = scenarioText({
      nodes: [],
      scheduler: { profiles: [{ plugins: { filter: { disabled: [{ name: 'Bogus' }] } } }] },
    });
    writeFileSync(file, text);
    let err = '';
    const code = await main(['validate', file], {
      out: () => {},
      err: (t) => (err += t),
      stderrIsTty: false,
    });
    expect(code).toBe(2);
    expect(err).toContain(
      'spec.scheduler.profiles[0].plugins.filter.disabled[0].name: unknown scheduler plugin "Bogus"',
    );
  });
});
