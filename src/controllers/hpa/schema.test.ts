// HorizontalPodAutoscaler manifests as the API server takes them (pkg/apis/autoscaling/v2/defaults.go,
// pkg/apis/autoscaling/validation/validation.go): defaulting of omitted fields, and every rejection
// reported like any bad scenario (file, path inside it, line, the API server's message; exit 2 in the
// CLI). spec.load and spec.metricsServer are checked in the same place.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../cli/scenario-input.js';
import { formatPath, ScenarioError } from '../../model/errors.js';
import { hpaManifestSchema, hpaSpecFromManifest } from './schema.js';
import { DEFAULT_SCALE_DOWN_RULES, DEFAULT_SCALE_UP_RULES } from './types.js';

const HEAD = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 10m
  cluster:
    nodePools: [{name: n, count: 1, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 500m}}}]}
`;

/** An HPA (lines 18-) whose spec lines are `body`, indented under spec. */
function withHpa(body: string, apiVersion = 'autoscaling/v2'): string {
  return `${HEAD}    - apiVersion: ${apiVersion}
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${body
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
`;
}

function problemOf(text: string): { path: string; line: number | undefined; message: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-hpa-schema-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  try {
    prepareScenario(file, { overrides: [] });
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const p = e.problems[0];
    if (p === undefined) throw e;
    expect(p.file).toBe(file);
    return { path: formatPath(p.path), line: p.line, message: e.message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('the scenario was accepted');
}

const W = 'spec.workloads[1]';

describe('HPA manifests the API server rejects are rejected with its message', () => {
  const cases: { name: string; text: string; path: string; line?: number; message: RegExp }[] = [
    {
      name: 'minReplicas 0 (scale to zero needs the HPAScaleToZero gate, not modelled)',
      text: withHpa('minReplicas: 0\nmaxReplicas: 5'),
      path: `${W}.spec.minReplicas`,
      line: 23,
      message: /Invalid value: 0: must be greater than or equal to 1/,
    },
    {
      name: 'maxReplicas below minReplicas',
      text: withHpa('minReplicas: 4\nmaxReplicas: 3'),
      path: `${W}.spec.maxReplicas`,
      line: 24,
      message: /Invalid value: 3: must be greater than or equal to `minReplicas`/,
    },
    {
      name: 'a metric without its source',
      text: withHpa('maxReplicas: 5\nmetrics: [{type: Resource}]'),
      path: `${W}.spec.metrics[0].resource`,
      message: /Required value: must populate information for the given metric source/,
    },
    {
      name: 'a metric with a second source',
      text: withHpa(
        'maxReplicas: 5\nmetrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}, pods: {metric: {name: x}, target: {type: AverageValue, averageValue: "1"}}}]',
      ),
      path: `${W}.spec.metrics[0].pods`,
      message: /Forbidden: must populate the given metric source only/,
    },
    {
      name: 'an unknown metric type',
      text: withHpa('maxReplicas: 5\nmetrics: [{type: Cpu}]'),
      path: `${W}.spec.metrics[0].type`,
      message:
        /Unsupported value: "Cpu": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"/,
    },
    {
      name: 'averageUtilization 0',
      text: withHpa(
        'maxReplicas: 5\nmetrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}}]',
      ),
      path: `${W}.spec.metrics[0].resource.target.averageUtilization`,
      message: /Invalid value: 0: must be greater than 0/,
    },
    {
      name: 'a stabilization window over an hour',
      text: withHpa('maxReplicas: 5\nbehavior: {scaleDown: {stabilizationWindowSeconds: 3601}}'),
      path: `${W}.spec.behavior.scaleDown.stabilizationWindowSeconds`,
      message: /Invalid value: 3601: must be less than or equal to 3600/,
    },
    {
      name: 'a policy period over 30 minutes',
      text: withHpa(
        'maxReplicas: 5\nbehavior: {scaleUp: {policies: [{type: Pods, value: 1, periodSeconds: 1801}]}}',
      ),
      path: `${W}.spec.behavior.scaleUp.policies[0].periodSeconds`,
      message: /Invalid value: 1801: must be less than or equal to 1800/,
    },
    {
      name: 'an unknown selectPolicy',
      text: withHpa('maxReplicas: 5\nbehavior: {scaleUp: {selectPolicy: Sometimes}}'),
      path: `${W}.spec.behavior.scaleUp.selectPolicy`,
      message: /Unsupported value: "Sometimes": supported values: "Disabled", "Max", "Min"/,
    },
    {
      name: 'autoscaling/v2beta2, removed in 1.26',
      text: withHpa('maxReplicas: 5', 'autoscaling/v2beta2'),
      path: `${W}.apiVersion`,
      message: /no matches for kind "HorizontalPodAutoscaler" in version "autoscaling\/v2beta2"/,
    },
    {
      name: 'a v2 field in an autoscaling/v1 manifest',
      text: withHpa('maxReplicas: 5\nmetrics: []', 'autoscaling/v1'),
      path: `${W}.spec.metrics`,
      message: /unknown field "metrics" in autoscaling\/v1/,
    },
  ];

  it.each(cases)('$name', (c) => {
    const p = problemOf(c.text);
    expect(p.path).toBe(c.path);
    if (c.line !== undefined) expect(p.line).toBe(c.line);
    expect(p.message).toMatch(c.message);
  });
});

describe('spec.load and spec.metricsServer', () => {
  const load = (entries: string) => `${HEAD}  load:\n${entries}`;
  it('a load entry must name a workload the scenario creates', () => {
    const p = problemOf(
      load('    - {workload: Deployment/api, demand: {constant: 1}, perUnit: {cpu: 1m}}\n'),
    );
    expect(p.path).toBe('spec.load[0].workload');
    expect(p.message).toMatch(/no Deployment default\/api in spec.workloads/);
  });
  it('one load entry per workload', () => {
    const p = problemOf(
      load(
        '    - {workload: Deployment/web, demand: {constant: 1}, perUnit: {cpu: 1m}}\n    - {workload: Deployment/web, demand: {constant: 2}, perUnit: {cpu: 1m}}\n',
      ),
    );
    expect(p.path).toBe('spec.load[1].workload');
    expect(p.message).toMatch(/a second load entry for Deployment\/web/);
  });
  it('metricResolution under 10 s is refused as metrics-server refuses it', () => {
    const p = problemOf(`${HEAD}  metricsServer: {metricResolution: 5s}\n`);
    expect(p.path).toBe('spec.metricsServer.metricResolution');
    expect(p.message).toMatch(/metric-resolution should be a time duration at least 10s/);
  });
});

describe('defaulting (defaults.go, v1 conversion)', () => {
  const manifest = (apiVersion: string, spec: object) =>
    hpaManifestSchema.parse({
      apiVersion,
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec },
    });

  it('v2 without metrics: cpu at 80 %, minReplicas 1, no behavior (the legacy path)', () => {
    const spec = hpaSpecFromManifest(manifest('autoscaling/v2', { maxReplicas: 5 }));
    expect(spec.minReplicas).toBe(1);
    expect(spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    expect(spec.behavior).toBeNull();
  });

  it('v1 targetCPUUtilizationPercentage becomes a cpu Utilization metric', () => {
    const spec = hpaSpecFromManifest(
      manifest('autoscaling/v1', { maxReplicas: 5, targetCPUUtilizationPercentage: 65 }),
    );
    const m = spec.metrics[0];
    expect(m?.type === 'Resource' && m.resource.target).toEqual({
      type: 'Utilization',
      averageUtilization: 65,
    });
  });

  it('a partial behavior is completed from the defaults (GenerateHPAScaleUp/DownRules)', () => {
    const spec = hpaSpecFromManifest(
      manifest('autoscaling/v2', {
        maxReplicas: 5,
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      }),
    );
    expect(spec.behavior?.scaleUp).toEqual(DEFAULT_SCALE_UP_RULES);
    expect(spec.behavior?.scaleDown).toEqual({ ...DEFAULT_SCALE_DOWN_RULES, stabilizationWindowSeconds: 60 });
    expect(DEFAULT_SCALE_UP_RULES).toMatchObject({
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    });
    expect(DEFAULT_SCALE_DOWN_RULES).toMatchObject({
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
  });
});
