// Pod fields kubesim accepts and otherwise ignores (they shape no scheduling or capacity behaviour) but
// the API server still validates, so a manifest it would refuse is refused here too, with its message
// (pkg/apis/core/validation/validation.go: ValidateEnv, validateVolumeMounts, validateDNSPolicy,
// validatePullPolicy, validateContainerCommon's terminationMessagePolicy; env var names from
// k8s.io/apimachinery/pkg/util/validation IsEnvVarName / IsRelaxedEnvVarName).

import { emptyError, regexError } from './content.js';
import { type ErrorList, type FieldPath, invalid, notFound, notSupported, required } from './field.js';

const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const RELAXED_ENV_VAR_NAME_MSG =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";
const envVarName = new RegExp(`^${ENV_VAR_NAME_FMT}$`);

/** hasChDirPrefix (validation.go): names that would read as a directory change. */
function chDirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsEnvVarName: the strict rule, before RelaxedEnvironmentVariableValidation (beta, on, from 1.32). */
export function isEnvVarName(value: string): string[] {
  const errs = envVarName.test(value)
    ? []
    : [regexError(ENV_VAR_NAME_MSG, ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1')];
  return [...errs, ...chDirPrefixErrors(value)];
}

/** IsRelaxedEnvVarName: any printable ASCII character but '=' (KEP-4369: alpha 1.30, beta 1.32, GA 1.34). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`);
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x20 || code > 0x7e || ch === '=') {
      errs.push(RELAXED_ENV_VAR_NAME_MSG);
      break;
    }
  }
  return errs;
}

export interface EnvVarInput {
  readonly name?: unknown;
}

/** ValidateEnv: every entry has a name, valid under the release's rule. */
export function validateEnv(env: unknown, path: FieldPath, relaxedEnvVarNames: boolean): ErrorList {
  if (!Array.isArray(env)) return [];
  const errs: ErrorList = [];
  env.forEach((ev: EnvVarInput, i) => {
    const name = typeof ev?.name === 'string' ? ev.name : '';
    if (name === '') {
      errs.push(required([...path, i, 'name']));
      return;
    }
    const msgs = relaxedEnvVarNames ? isRelaxedEnvVarName(name) : isEnvVarName(name);
    for (const msg of msgs) errs.push(invalid([...path, i, 'name'], name, msg));
  });
  return errs;
}

interface VolumeMountInput {
  readonly name?: unknown;
  readonly mountPath?: unknown;
}

/** validateVolumeMounts: a mount names a volume of the pod, has a path, and no path is mounted twice. */
export function validateVolumeMounts(
  mounts: unknown,
  volumes: ReadonlySet<string>,
  path: FieldPath,
): ErrorList {
  if (!Array.isArray(mounts)) return [];
  const errs: ErrorList = [];
  const paths = new Set<string>();
  mounts.forEach((m: VolumeMountInput, i) => {
    const name = typeof m?.name === 'string' ? m.name : '';
    const mountPath = typeof m?.mountPath === 'string' ? m.mountPath : '';
    if (name === '') errs.push(required([...path, i, 'name']));
    if (!volumes.has(name)) errs.push(notFound([...path, i, 'name'], name));
    if (mountPath === '') errs.push(required([...path, i, 'mountPath']));
    if (paths.has(mountPath)) errs.push(invalid([...path, i, 'mountPath'], mountPath, 'must be unique'));
    paths.add(mountPath);
  });
  return errs;
}

/** validateDNSPolicy (defaulted to ClusterFirst, so checked only when given); None needs a dnsConfig. */
export function validateDNSPolicy(policy: unknown, dnsConfig: unknown, path: FieldPath): ErrorList {
  if (policy === undefined || policy === '') return [];
  const supported = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
  if (typeof policy !== 'string' || !supported.includes(policy))
    return [notSupported([...path, 'dnsPolicy'], String(policy), supported)];
  if (policy !== 'None') return [];
  // validatePodDNSConfig: None takes every setting from dnsConfig, so it needs one name server at least.
  if (dnsConfig === undefined || dnsConfig === null)
    return [required([...path, 'dnsConfig'], 'must provide `dnsConfig` when `dnsPolicy` is None')];
  const servers = (dnsConfig as { nameservers?: unknown }).nameservers;
  if (!Array.isArray(servers) || servers.length === 0)
    return [
      required(
        [...path, 'dnsConfig', 'nameservers'],
        'must provide at least one DNS nameserver when `dnsPolicy` is None',
      ),
    ];
  return [];
}

export interface ContainerExtrasInput {
  readonly env?: unknown;
  readonly volumeMounts?: unknown;
  readonly imagePullPolicy?: unknown;
  readonly terminationMessagePolicy?: unknown;
}

/** The defaulted enums of a container, checked when given (validatePullPolicy, terminationMessagePolicy). */
export function validateContainerEnums(c: ContainerExtrasInput, path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const pull = c.imagePullPolicy;
  if (pull !== undefined && pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(String(pull)))
    errs.push(notSupported([...path, 'imagePullPolicy'], String(pull), ['Always', 'IfNotPresent', 'Never']));
  const tmp = c.terminationMessagePolicy;
  if (tmp !== undefined && tmp !== '' && !['File', 'FallbackToLogsOnError'].includes(String(tmp)))
    errs.push(
      notSupported([...path, 'terminationMessagePolicy'], String(tmp), ['File', 'FallbackToLogsOnError']),
    );
  return errs;
}
