import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { rolloutComplete } from '../../src/controllers/deployment-util.js';
import { ScenarioError } from '../../src/model/errors.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';
import { createSim } from '../../src/sim/setup.js';
import type { Deployment } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S } from '../helpers/scenario.js';

function captureIo(): CliIo & { outText: string; errText: string } {
  const io = { outText: '', errText: '', stderrIsTty: false } as CliIo & { outText: string; errText: string };
  io.out = (t) => {
    io.outText += t;
  };
  io.err = (t) => {
    io.errText += t;
  };
  return io;
}

describe('guestbook-all-in-one.yaml (kubernetes/examples), loaded unchanged', () => {
  it('3 Deployments become 6 running pods; 3 Services are warnings with their lines', () => {
    const loaded = loadScenario('scenarios/guestbook.yaml');
    const built = buildScenario(loaded.scenario);
    expect(built.workloads.map((w) => `${w.kind}/${w.manifest.metadata.name}`)).toEqual([
      'Deployment/redis-master',
      'Deployment/redis-replica',
      'Deployment/frontend',
    ]);
    expect(built.warnings.map((w) => loaded.source.locate(w.path, w.message))).toEqual([
      expect.objectContaining({ file: 'scenarios/manifests/guestbook-all-in-one.yaml', line: 2 }),
      expect.objectContaining({ line: 47 }),
      expect.objectContaining({ line: 99 }),
    ]);
    const sim = createSim(built, { keepEventRows: true });
    runUntil(sim, 60 * S);
    expect(sim.state.podBuckets.running).toBe(6);
    for (const name of ['redis-master', 'redis-replica', 'frontend']) {
      expect(
        rolloutComplete((sim.workloads.store.get('Deployment', `default/${name}`) as Deployment).status),
      ).toBe(true);
    }
    expect(sim.state.podHistory[0]?.name).toMatch(
      /^redis-master-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
  });

  it('kubesim validate prints the warnings on stderr and succeeds', async () => {
    const io = captureIo();
    expect(await main(['validate', 'scenarios/guestbook.yaml'], io)).toBe(0);
    // The line of the include in the scenario file (its header comment may grow).
    const includeLine =
      readFileSync('scenarios/guestbook.yaml', 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('{file: manifests/guestbook-all-in-one.yaml}')) + 1;
    expect(io.errText).toContain(
      `warning: scenarios/manifests/guestbook-all-in-one.yaml:2: kind: Service "redis-master" is accepted and ignored: networking is not simulated (included from scenarios/guestbook.yaml:${includeLine} at spec.workloads[0])`,
    );
    expect(io.outText).toContain('3 workload objects');
  });
});

const head = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: bad}
spec:
  duration: 1m
  cluster: {nodePools: [{name: p, count: 1, capacity: {cpu: "1", memory: 1Gi}}]}
  workloads:
`;

function problem(workload: string): string {
  try {
    buildScenario(loadScenarioText(head + workload, 'bad.yaml').scenario);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    if (e instanceof Error && 'path' in e)
      return `${(e as { path: unknown[] }).path.join('.')}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('schema and API validation errors name the path', () => {
  const dep = (spec: string) => `    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
${spec}`;
  const template = `        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}`;
  it.each([
    {
      name: 'unknown kind',
      w: '    - {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshot, metadata: {name: db}}',
      want: /bad\.yaml:8: spec\.workloads\[0\]\.kind: unknown kind "VolumeSnapshot" \(supported: .*StatefulSet.*PersistentVolumeClaim, PersistentVolume, StorageClass, CSINode;/,
    },
    {
      name: 'typo in a Deployment field',
      w: dep(`        replica: 3\n        selector: {matchLabels: {app: web}}\n${template}`),
      want: /spec\.workloads\[0\]\.spec\.replica: unknown field "replica"; did you mean "replicas"\?/,
    },
    {
      name: 'selector does not match the template',
      w: dep(`        selector: {matchLabels: {app: api}}\n${template}`),
      want: /bad\.yaml:\d+: spec\.workloads\[0\]\.spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"web"\}: `selector` does not match template `labels`/,
    },
    {
      name: 'old apiVersion',
      w: dep(`        selector: {matchLabels: {app: web}}\n${template}`).replace(
        'apps/v1',
        'extensions/v1beta1',
      ),
      want: /spec\.workloads\[0\]\.apiVersion: Deployment needs apiVersion: apps\/v1/,
    },
    {
      name: 'a Job with the default restartPolicy',
      w: `    - apiVersion: batch/v1
      kind: Job
      metadata: {name: j}
      spec:
        template: {spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`,
      want: /bad\.yaml:\d+: spec\.workloads\[0\]\.spec\.template\.spec\.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"/,
    },
    {
      name: 'a percentage that is not one',
      w: dep(
        `        strategy: {rollingUpdate: {maxSurge: "25 percent"}}\n        selector: {matchLabels: {app: web}}\n${template}`,
      ),
      want: /spec\.workloads\[0\]\.spec\.strategy\.rollingUpdate\.maxSurge/,
    },
  ])('$name', ({ w, want }) => {
    expect(problem(w)).toMatch(want);
  });
});

describe('PriorityClass manifests and Priority admission', () => {
  const scenario = (cls: string) => `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: prio}
spec:
  duration: 10m
  controllerManager: {apiRateLimits: false}
  cluster: {nodePools: [{name: p, count: 1, capacity: {cpu: "8", memory: 8Gi}}]}
  workloads:
    - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: high}, value: 100000, preemptionPolicy: Never}
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {priorityClassName: ${cls}, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}
`;
  it('pods created by controllers get the class value and preemptionPolicy', () => {
    const sim = createSim(buildScenario(loadScenarioText(scenario('high')).scenario), {
      keepEventRows: true,
    });
    runUntil(sim, 10 * S);
    expect(sim.state.podHistory.map((p) => [p.spec.priority, p.spec.preemptionPolicy])).toEqual([
      [100000, 'Never'],
      [100000, 'Never'],
    ]);
  });
  it('an unknown class is a FailedCreate, retried with the work queue back-off', () => {
    const sim = createSim(buildScenario(loadScenarioText(scenario('missing')).scenario), {
      keepEventRows: true,
    });
    runUntil(sim, 1 * S);
    const failed = sim.log.keptRows.filter((r) => r.reason === 'FailedCreate' && r.kind === 'Workload');
    expect(failed[0]?.detail).toContain('no PriorityClass with name missing was found');
    // The first failure writes ReplicaFailure (Condition row), and that status update re-queues the
    // ReplicaSet at once (replica_set.go updateRS enqueues on every update); then the work queue's
    // back-off: 5 ms, then 20 ms (the 10 ms AddAfter of the second failure loses to the earlier 5 ms one).
    expect(sim.log.keptRows.filter((r) => r.kind === 'Condition').map((r) => r.reason)).toEqual([
      'FailedCreate',
    ]);
    expect(failed.map((r) => r.timeUs).slice(0, 4)).toEqual([0, 0, 5_000, 25_000]);
    expect(sim.state.podHistory).toHaveLength(0);
  });
});
