// `kubesim sweep --emit-job`: the same grid as a Kubernetes Indexed Job (batch/v1, completionMode
// Indexed), one pod per cell. Each pod reads its index from the batch.kubernetes.io/job-completion-index
// annotation (downward API, KUBESIM_CELL) and runs `kubesim sweep ... --cell $(KUBESIM_CELL)`, writing
// its cell file to a shared volume; `kubesim sweep --merge` then joins them into sweep.csv. The scenario
// (and the files it includes) travel in a ConfigMap. Pure: options in, YAML out.

import { stringify } from 'yaml';
import { formatSeeds, type GridSpec } from './grid.js';

export interface JobOptions {
  readonly jobName: string;
  readonly image: string;
  readonly parallelism: number;
  readonly pvc: string;
  /** The scenario file name inside the ConfigMap, and its text. */
  readonly scenarioName: string;
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly grid: GridSpec;
  readonly cells: number;
}

const LABELS = { 'app.kubernetes.io/name': 'kubesim', 'app.kubernetes.io/component': 'sweep' };

/** The container arguments: the sweep command line with --cell taken from the pod's index. */
export function cellArgs(o: JobOptions): string[] {
  const g = o.grid;
  return [
    'sweep',
    `/scenarios/${o.scenarioName}`,
    ...(g.seeds ? ['--seeds', formatSeeds(g.seeds)] : []),
    ...g.sets.flatMap((s) => ['--set', `${s.path}=${s.values.join(',')}`]),
    ...g.profiles.flatMap((p) => ['--profile', p]),
    '--cell',
    '$(KUBESIM_CELL)',
    '--out',
    `/results/${o.jobName}`,
  ];
}

/** ConfigMap keys allow only [-._a-zA-Z0-9]; items map each key back to its relative path. */
function configMapKey(path: string): string {
  return path.replace(/[^-._a-zA-Z0-9]/g, '_');
}

/** One pod per cell: its index from the downward API, the scenario from the ConfigMap, results to the claim. */
function podSpec(o: JobOptions, configMapName: string) {
  return {
    restartPolicy: 'Never',
    containers: [
      {
        name: 'kubesim',
        image: o.image,
        args: cellArgs(o),
        env: [
          {
            name: 'KUBESIM_CELL',
            valueFrom: {
              fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
            },
          },
        ],
        resources: { requests: { cpu: '1', memory: '2Gi' } },
        volumeMounts: [
          { name: 'scenario', mountPath: '/scenarios', readOnly: true },
          { name: 'results', mountPath: '/results' },
        ],
      },
    ],
    volumes: [
      {
        name: 'scenario',
        configMap: {
          name: configMapName,
          items: o.files.map((f) => ({ key: configMapKey(f.path), path: f.path })),
        },
      },
      { name: 'results', persistentVolumeClaim: { claimName: o.pvc } },
    ],
  };
}

export function indexedJobManifest(o: JobOptions): string {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${o.jobName}-scenario`, labels: LABELS },
    data: Object.fromEntries(o.files.map((f) => [configMapKey(f.path), f.text])),
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.jobName, labels: LABELS },
    spec: {
      completionMode: 'Indexed',
      completions: o.cells,
      parallelism: Math.max(1, Math.min(o.parallelism, o.cells)),
      backoffLimitPerIndex: 2,
      template: { metadata: { labels: LABELS }, spec: podSpec(o, configMap.metadata.name) },
    },
  };
  const head = [
    `# kubesim sweep of ${o.scenarioName}: ${o.cells} cells as an Indexed Job (one pod per cell).`,
    `# Needs: the image ${o.image} (see README "Sweeps"), and a ReadWriteMany PersistentVolumeClaim "${o.pvc}".`,
    '# backoffLimitPerIndex needs Kubernetes 1.29 or later; on older clusters replace it by backoffLimit.',
    `# Run:   kubectl apply -f <this file> && kubectl wait --for=condition=complete job/${o.jobName} --timeout=24h`,
    `# Merge: kubesim sweep --merge /results/${o.jobName}   (in a pod that mounts the claim) -> sweep.csv`,
  ].join('\n');
  return `${head}\n${stringify(configMap, { lineWidth: 0, aliasDuplicateObjects: false })}---\n${stringify(job, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
