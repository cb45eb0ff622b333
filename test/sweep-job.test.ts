// `kubesim sweep --emit-job` runs as emitted: the manifests validate against the Kubernetes OpenAPI
// schema (kubernetes-models' validators, generated from the official OpenAPI definitions); the ConfigMap
// carries every file the scenario reads (includes, a trace CSV, a scheduler config, a --profile file);
// unpacked the way the kubelet lays out a configMap volume (..data symlink), each cell pod's command
// runs locally with $(KUBESIM_CELL) expanded, the merge Job's init script then finds every cell file and
// its command prints the same sweep.csv a local sweep writes. The Dockerfile is checked statically (this
// machine has no container engine): node:20-slim, npm ci, the build, and an entry point the build makes.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadScenario } from '../src/scenario/load.js';
import { kubesim } from './helpers/cli.js';

const CLI = join(process.cwd(), 'dist/src/cli/main.js');

const SCENARIO = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: job-trial}
spec:
  duration: 3m
  cluster:
    nodePools: [{name: general, count: 6, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
    - {file: manifests/web.yaml}
  scheduler: {file: sched.yaml}
  arrivals:
    - name: batch
      trace: {file: traces/batch.csv}
  faults:
    - {at: 1m, action: node-crash, select: {pool: general, zone: zone-a, index: 0}}
`;

const FILES: Record<string, string> = {
  'manifests/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 500m, memory: 512Mi}}}]}
`,
  'sched.yaml': `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    pluginConfig:
      - name: NodeResourcesFit
        args: {apiVersion: kubescheduler.config.k8s.io/v1, kind: NodeResourcesFitArgs, scoringStrategy: {type: LeastAllocated}}
`,
  'traces/batch.csv':
    'submit_time,cpu,memory,duration,count,priority\n10s,250m,256Mi,30s,4,0\n40s,1,1Gi,20s,2,0\n',
};

const PROFILE = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - pluginConfig:
      - name: NodeResourcesFit
        args: {apiVersion: kubescheduler.config.k8s.io/v1, kind: NodeResourcesFitArgs, scoringStrategy: {type: MostAllocated}}
`;

function workspace(): { dir: string; scenario: string; profile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-job-'));
  const scenario = join(dir, 'scen', 'job-trial.yaml');
  mkdirSync(dirname(scenario), { recursive: true });
  writeFileSync(scenario, SCENARIO);
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, 'scen', path)), { recursive: true });
    writeFileSync(join(dir, 'scen', path), text);
  }
  const profile = join(dir, 'packing.yaml');
  writeFileSync(profile, PROFILE);
  return { dir, scenario, profile };
}

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

/** A configMap volume as the kubelet writes it: files in a timestamped folder, ..data and top-level links. */
function unpackConfigMap(cm: Obj, items: Array<{ key: string; path: string }>, into: string): void {
  const data = cm.data as Record<string, string>;
  const real = join(into, '..2026_01_01_00_00_00.000000001');
  for (const { key, path } of items) {
    mkdirSync(dirname(join(real, path)), { recursive: true });
    writeFileSync(join(real, path), data[key] as string);
  }
  symlinkSync('..2026_01_01_00_00_00.000000001', join(into, '..data'));
  for (const top of new Set(items.map((i) => i.path.split('/')[0] as string)))
    symlinkSync(join('..data', top), join(into, top));
}

const GRID = (profile: string) => ['--seeds', '1..2', '--profile', 'default', '--profile', profile];

describe('kubesim sweep --emit-job', () => {
  const w = workspace();
  const manifestFile = join(w.dir, 'job.yaml');
  const emitted = kubesim(['sweep', w.scenario, ...GRID(w.profile), '--emit-job', manifestFile]);

  it('validates against the Kubernetes OpenAPI schema, in apply order', async () => {
    const out = await emitted;
    expect(out.code).toBe(0);
    expect(out.out).toContain('result: kubectl logs job/kubesim-sweep-job-trial-merge > sweep.csv');
    const objs = parseAllDocuments(readFileSync(manifestFile, 'utf8')).map((d) => d.toJS() as Obj);
    expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'v1 PersistentVolumeClaim kubesim-results',
      'v1 ConfigMap kubesim-sweep-job-trial-scenario',
      'batch/v1 Job kubesim-sweep-job-trial',
      'batch/v1 Job kubesim-sweep-job-trial-merge',
    ]);
    const models = { PersistentVolumeClaim, ConfigMap, Job } as const;
    for (const o of objs) {
      const Model = models[o.kind as keyof typeof models];
      expect(() => new Model(o as never).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
      // Object names are DNS-1123 subdomains; Job names are also label values (<= 63).
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    // The schema check bites: a wrong type is reported.
    const job = objs[2] as Obj & { spec: Record<string, unknown> };
    expect(() => new Job({ ...job, spec: { ...job.spec, completions: '4' } } as never).validate()).toThrow(
      /completions must be integer/,
    );
  });

  it('ships every file the scenario reads, plus the profile file', async () => {
    await emitted;
    const objs = parseAllDocuments(readFileSync(manifestFile, 'utf8')).map((d) => d.toJS() as Obj);
    const job = objs[2] as unknown as {
      spec: { template: { spec: { volumes: Array<{ configMap?: { items: unknown } }> } } };
    };
    const items = job.spec.template.spec.volumes[0]?.configMap?.items as Array<{ key: string; path: string }>;
    // LoadedScenario.files: the scenario first, then what it includes, as absolute paths.
    const scenDir = join(w.dir, 'scen');
    const read = loadScenario(w.scenario).files.map((f) => relative(scenDir, f));
    expect([...read].sort()).toEqual([
      'job-trial.yaml',
      'manifests/web.yaml',
      'sched.yaml',
      'traces/batch.csv',
    ]);
    expect(items.map((i) => i.path)).toEqual([...read, 'kubesim-profiles/packing.yaml']);
    const data = (objs[1] as unknown as { data: Record<string, string> }).data;
    for (const i of items) {
      const local = i.path.startsWith('kubesim-profiles/') ? w.profile : join(w.dir, 'scen', i.path);
      expect(data[i.key]).toBe(readFileSync(local, 'utf8'));
    }
  });

  it('each cell command runs from the unpacked ConfigMap, and the merge Job prints the local sweep.csv', async () => {
    await emitted;
    const objs = parseAllDocuments(readFileSync(manifestFile, 'utf8')).map((d) => d.toJS() as Obj);
    type PodSpec = {
      volumes: Array<{ configMap?: { items: Array<{ key: string; path: string }> } }>;
      initContainers?: Array<{ command: string[] }>;
      containers: Array<{ args: string[] }>;
    };
    const cellJob = objs[2] as unknown as { spec: { completions: number; template: { spec: PodSpec } } };
    const mergeJob = objs[3] as unknown as { spec: { template: { spec: PodSpec } } };
    const mounts = mkdtempSync(join(tmpdir(), 'kubesim-job-mounts-'));
    const scenarios = join(mounts, 'scenarios');
    const results = join(mounts, 'results');
    mkdirSync(scenarios);
    mkdirSync(results);
    unpackConfigMap(objs[1] as Obj, cellJob.spec.template.spec.volumes[0]?.configMap?.items ?? [], scenarios);
    const local = (a: string) => a.replace(/^\/scenarios\b/, scenarios).replace(/^\/results\b/, results);
    const cellArgs = cellJob.spec.template.spec.containers[0]?.args ?? [];
    expect(cellJob.spec.completions).toBe(4);
    for (let cell = 0; cell < cellJob.spec.completions; cell++) {
      // The kubelet expands $(KUBESIM_CELL) from the env var the downward API sets.
      const args = cellArgs.map((a) => local(a.replace('$(KUBESIM_CELL)', String(cell))));
      execFileSync('node', [CLI, ...args], { stdio: 'pipe' });
    }
    // The init container's wait loop ends at once now that every cell file is there.
    const script = (mergeJob.spec.template.spec.initContainers?.[0]?.command ?? [])[2] as string;
    execFileSync('sh', ['-c', script.replaceAll('/results/', `${results}/`)], { timeout: 5000 });
    const mergeArgs = (mergeJob.spec.template.spec.containers[0]?.args ?? []).map(local);
    const printed = execFileSync('node', [CLI, ...mergeArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    // The same grid run locally from the unpacked files.
    const whole = join(mounts, 'local');
    const localProfile = join(scenarios, 'kubesim-profiles', 'packing.yaml');
    const run = await kubesim([
      'sweep',
      join(scenarios, 'job-trial.yaml'),
      ...GRID(localProfile),
      '--out',
      whole,
    ]);
    expect(run.code).toBe(0);
    expect(printed).toBe(readFileSync(join(whole, 'sweep.csv'), 'utf8'));
    expect(printed.trim().split('\n')).toHaveLength(5);
    expect(existsSync(join(results, 'kubesim-sweep-job-trial', 'sweep.csv'))).toBe(true);
  });

  it('--no-create-pvc leaves the claim out; a ConfigMap over 1 MiB is refused before anything is written', async () => {
    const out = await kubesim(['sweep', w.scenario, '--emit-job=-', '--no-create-pvc', '--pvc', 'mine']);
    expect(out.code).toBe(0);
    const kinds = parseAllDocuments(out.out).map((d) => (d.toJS() as Obj).kind);
    expect(kinds).toEqual(['ConfigMap', 'Job', 'Job']);
    expect(out.out).toContain('claimName: mine');
    const web = join(w.dir, 'scen', 'manifests', 'web.yaml');
    writeFileSync(web, `${FILES['manifests/web.yaml']}# ${'x'.repeat(1100 * 1024)}\n`);
    const big = await kubesim(['sweep', w.scenario, '--emit-job', join(w.dir, 'big.yaml')]);
    writeFileSync(web, FILES['manifests/web.yaml'] as string);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/the API server rejects more than 1048576/);
    expect(existsSync(join(w.dir, 'big.yaml'))).toBe(false);
  });
});

describe('Dockerfile (static: no container engine here)', () => {
  const text = readFileSync('Dockerfile', 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

  it('builds on node:20-slim with npm ci and the build script, and runs the built CLI', () => {
    const from = lines.filter((l) => l.startsWith('FROM '));
    expect(from.length).toBeGreaterThan(0);
    for (const f of from) expect(f).toMatch(/^FROM node:20-slim\b/);
    expect(text).toMatch(/^RUN npm ci\b/m);
    for (const l of lines.filter((x) => x.startsWith('RUN ')))
      for (const m of l.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts[m[1] as string]).toBeDefined();
    const entry = /^ENTRYPOINT (\[.*\])$/m.exec(text);
    const argv = JSON.parse(entry?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    // The entry point is what `npm run build` makes (WORKDIR /app = this repository's root).
    const main = argv.at(-1) as string;
    expect(main.startsWith('/app/')).toBe(true);
    expect(existsSync(main.slice('/app/'.length))).toBe(true);
  });

  it('copies only sources that exist and that .dockerignore does not drop', () => {
    const ignored = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const copies = lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) {
      const parts = c.split(/\s+/).slice(1, -1);
      for (const src of parts) {
        expect(existsSync(src), src).toBe(true);
        expect(ignored.includes(src.replace(/\/$/, '')), src).toBe(false);
      }
    }
    // What the build needs: the lock file (npm ci), both tsconfigs and everything tsconfig.build includes.
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    const copied = copies.flatMap((c) => c.split(/\s+/).slice(1, -1));
    for (const need of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      ...build.include,
    ])
      expect(copied, need).toContain(need);
  });
});
