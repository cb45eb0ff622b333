// PodDisruptionBudget manifests through the scenario loader: the API server's refusals
// (pkg/apis/policy/validation validation_test.go TestValidateMinAvailablePodDisruptionBudgetSpec,
// TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec, TestValidatePodDisruptionBudgetSpec,
// TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec), the feature gates' version history, and
// a `kubectl get pdb -A -o yaml` dump that loads unchanged.

import { describe, expect, it } from 'vitest';
import { formatPath, ScenarioError, ScenarioPathError } from '../../src/model/errors.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';

const scenario = (workloads: string, extra = '') => `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: api}
spec:
  duration: 10m
${extra}  cluster:
    nodePools: [{name: p, count: 1, capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
    - ${workloads}
`;

function refusal(text: string): string {
  try {
    buildScenario(loadScenarioText(text, 'api.yaml').scenario);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n')[0] as string;
    if (e instanceof ScenarioPathError) return `${formatPath(e.path)}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

const pdb = (spec: string, apiVersion = 'policy/v1') =>
  `{apiVersion: ${apiVersion}, kind: PodDisruptionBudget, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}${spec ? `, ${spec}` : ''}}}`;

describe('PodDisruptionBudget validation', () => {
  it.each([
    {
      name: 'minAvailable 0, 10, 1%, 100% and maxUnavailable 0, 50% are valid',
      w: pdb('minAvailable: 0'),
      want: 'accepted',
    },
    { name: 'minAvailable 100%', w: pdb('minAvailable: "100%"'), want: 'accepted' },
    { name: 'maxUnavailable 50%', w: pdb('maxUnavailable: 50%'), want: 'accepted' },
    { name: 'no minAvailable nor maxUnavailable', w: pdb(''), want: 'accepted' },
    {
      name: 'minAvailable -1',
      w: pdb('minAvailable: -1'),
      want: 'api.yaml:9: spec.workloads[0].spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      name: 'minAvailable 101%',
      w: pdb('minAvailable: "101%"'),
      want: 'api.yaml:9: spec.workloads[0].spec.minAvailable: Invalid value: 101%: must not be greater than 100%',
    },
    {
      name: 'maxUnavailable "5" (a string that is not a percentage)',
      w: pdb('maxUnavailable: "5"'),
      want: "api.yaml:9: spec.workloads[0].spec.maxUnavailable: Invalid value: 5: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')",
    },
    {
      name: 'minAvailable and maxUnavailable both set',
      w: pdb('minAvailable: 1, maxUnavailable: 1'),
      want: 'api.yaml:9: spec.workloads[0].spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set',
    },
    {
      name: 'unhealthyPodEvictionPolicy Invalid',
      w: pdb('minAvailable: 1, unhealthyPodEvictionPolicy: Invalid'),
      want: 'api.yaml:9: spec.workloads[0].spec.unhealthyPodEvictionPolicy: Unsupported value: "Invalid": supported values: "AlwaysAllow", "IfHealthyBudget"',
    },
    {
      name: 'selector with an invalid operator',
      w: pdb('minAvailable: 1').replace(
        '{matchLabels: {app: web}}',
        '{matchExpressions: [{key: app, operator: Illegal, values: [web]}]}',
      ),
      want: expect.stringContaining('spec.workloads[0].spec.selector.matchExpressions[0].operator'),
    },
    {
      name: 'policy/v1beta1 (removed in 1.25)',
      w: pdb('minAvailable: 1', 'policy/v1beta1'),
      want: expect.stringContaining('PodDisruptionBudget needs apiVersion: policy/v1'),
    },
  ])('$name', ({ w, want }) => {
    expect(refusal(scenario(w))).toEqual(want);
  });
});

describe('feature gates PodDisruptionConditions and PDBUnhealthyPodEvictionPolicy (kube_features.go)', () => {
  const gate = (version: string, name: string, value: boolean) =>
    scenario(
      pdb('minAvailable: 1'),
      `  kubernetesVersion: "${version}"\n  apiServer: {featureGates: {${name}: ${value}}}\n`,
    );
  it('1.27-1.30: beta, may be turned off', () => {
    for (const v of ['1.27', '1.30'])
      for (const g of ['PodDisruptionConditions', 'PDBUnhealthyPodEvictionPolicy'])
        expect(refusal(gate(v, g, false))).toBe('accepted');
    const built = buildScenario(
      loadScenarioText(gate('1.29', 'PodDisruptionConditions', false), 'a.yaml').scenario,
    );
    expect(built.config.admission).toMatchObject({
      podDisruptionConditions: false,
      pdbUnhealthyPodEvictionPolicy: true,
    });
  });
  it('1.31-1.32: GA, locked to true', () => {
    expect(refusal(gate('1.31', 'PDBUnhealthyPodEvictionPolicy', true))).toBe('accepted');
    expect(refusal(gate('1.32', 'PodDisruptionConditions', false))).toBe(
      'spec.apiServer.featureGates.PodDisruptionConditions: cannot set feature gate PodDisruptionConditions to false, feature is locked to true',
    );
  });
  it('1.33 on: removed', () => {
    expect(refusal(gate('1.33', 'PDBUnhealthyPodEvictionPolicy', true))).toBe(
      'spec.apiServer.featureGates.PDBUnhealthyPodEvictionPolicy: unrecognized feature gate: PDBUnhealthyPodEvictionPolicy',
    );
  });
});

describe('kubectl get pdb -A -o yaml', () => {
  it('loads unchanged: three budgets, their specs as the API stores them, no warning', () => {
    const text = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dump}
spec:
  duration: 10m
  cluster:
    nodes:
      - {apiVersion: v1, kind: Node, metadata: {name: worker-1}, status: {capacity: {cpu: "4", memory: 16Gi}}}
  workloads:
    - {file: kubectl-get-pdb.yaml}
`;
    const built = buildScenario(loadScenarioText(text, 'test/fixtures/dump-scenario.yaml').scenario);
    expect(built.warnings).toEqual([]);
    expect(built.pdbs.map((p) => `${p.namespace}/${p.manifest.metadata.name}`)).toEqual([
      'kube-system/coredns',
      'shop/web',
      'shop/cache',
    ]);
    expect(built.pdbs[2]?.manifest.spec).toEqual({
      maxUnavailable: '50%',
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['cache'] }] },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });
});
