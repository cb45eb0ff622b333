// spec.kubernetesVersion picks version-dependent defaults (node-health-timing.md §11, scheduler.md §10).

export interface KubeVersion {
  readonly major: 1;
  readonly minor: number;
  readonly text: string;
}

export const DEFAULT_KUBERNETES_VERSION = '1.34';
export const MIN_MINOR = 27; // --pod-eviction-timeout and the in-controller taint manager were removed in v1.27
export const MAX_MINOR = 36;

export function parseKubeVersion(text: string): KubeVersion {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) throw new Error(`expected a Kubernetes version such as "1.34" or "v1.31.2", got "${text}"`);
  const minor = Number(m[1]);
  if (minor < MIN_MINOR || minor > MAX_MINOR) {
    throw new Error(`kubernetesVersion ${text} is outside the modelled range 1.${MIN_MINOR}..1.${MAX_MINOR}`);
  }
  return { major: 1, minor, text: `1.${minor}` };
}
