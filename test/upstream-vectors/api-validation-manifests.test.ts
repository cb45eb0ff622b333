// The API server's refusals, end to end: each manifest goes through the scenario loader and must fail
// with upstream's message, located at file:line:path. Cases are named after the upstream test cases they
// replay (pkg/apis/core/validation validation_test.go TestValidatePodSpec / TestValidatePod /
// TestValidateTolerations / TestValidateTaints / TestValidateTopologySpreadConstraints,
// pkg/apis/apps/validation validation_test.go TestValidateDeployment / TestValidateDaemonSet,
// pkg/apis/batch/validation TestValidateJob, pkg/apis/scheduling/validation TestValidatePriorityClass,
// plugin/pkg/admission/priority TestPodAdmission) or after the issue-18 case they cover.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/model/errors.js';
import { loadScenarioText } from '../../src/scenario/load.js';

const head = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: api}
spec:
  duration: 10m
  cluster:
    nodePools: [{name: p, count: 1, capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
`;
const WORKLOAD_LINE = 9;

/** The first problem's text when `workload` (one flow-style manifest) is loaded. */
function refusal(workload: string): string {
  return firstProblem(`${head}    - ${workload}\n`);
}

/** The first problem's text when the scenario `text` is loaded, or 'accepted'. */
function firstProblem(text: string): string {
  try {
    loadScenarioText(text, 'api.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n')[0] as string;
    throw e;
  }
  return 'accepted';
}

const pod = (spec: string, meta = '{name: p}') =>
  `{apiVersion: v1, kind: Pod, metadata: ${meta}, spec: ${spec}}`;
const c = (extra = '') => `{name: c, image: registry.k8s.io/pause:3.10${extra ? `, ${extra}` : ''}}`;
const deploy = (spec: string, meta = '{name: web}') =>
  `{apiVersion: apps/v1, kind: Deployment, metadata: ${meta}, spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [${c()}]}}${spec ? `, ${spec}` : ''}}}`;
const at = (path: string, body: string) => `api.yaml:${WORKLOAD_LINE}: spec.workloads[0].${path}: ${body}`;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const cases: Array<{ name: string; w: string; want: string }> = [
  // Names (ValidateObjectMeta with NameIsDNSSubdomain / ValidateNamespaceName).
  {
    name: 'pod name with uppercase and underscore',
    w: pod(`{containers: [${c()}]}`, '{name: Foo_bar}'),
    want: at('metadata.name', `Invalid value: "Foo_bar": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'pod name of 300 characters',
    w: pod(`{containers: [${c()}]}`, `{name: ${'a'.repeat(300)}}`),
    want: at('metadata.name', `Invalid value: "${'a'.repeat(300)}": must be no more than 253 characters`),
  },
  {
    name: 'pod name in unicode',
    w: pod(`{containers: [${c()}]}`, '{name: pöd}'),
    want: at('metadata.name', `Invalid value: "pöd": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'namespace of 64 characters',
    w: pod(`{containers: [${c()}]}`, `{name: p, namespace: ${'n'.repeat(64)}}`),
    want: at('metadata.namespace', `Invalid value: "${'n'.repeat(64)}": must be no more than 63 characters`),
  },
  {
    name: 'Namespace object with dots',
    w: '{apiVersion: v1, kind: Namespace, metadata: {name: a.b}}',
    want: at('metadata.name', 'Invalid value: "a.b": must not contain dots'),
  },
  {
    name: 'bad generateName',
    w: pod(`{containers: [${c()}]}`, '{name: p, generateName: "Web-"}'),
    want: at('metadata.generateName', `Invalid value: "Web-": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'label key with two slashes',
    w: pod(`{containers: [${c()}]}`, '{name: p, labels: {"a/b/c": x}}'),
    want: at(
      'metadata.labels',
      `Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName' or 'my.name' or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ),
  },
  {
    name: 'label value ending with a dash',
    w: pod(`{containers: [${c()}]}`, '{name: p, labels: {app: "web-"}}'),
    want: at(
      'metadata.labels',
      `Invalid value: "web-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value' or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ),
  },
  {
    name: 'annotations over 256 KiB',
    w: pod(`{containers: [${c()}]}`, `{name: p, annotations: {big: "${'x'.repeat(262142)}"}}`),
    want: at('metadata.annotations', 'Too long: must have at most 262144 bytes'),
  },
  // Containers (validateContainers, validateContainerCommon, validateContainerPorts).
  {
    name: 'TestValidatePodSpec: zero containers',
    w: pod('{containers: []}'),
    want: at('spec.containers', 'Required value'),
  },
  {
    name: 'TestValidatePodSpec: no containers field',
    w: pod('{nodeSelector: {}}'),
    want: at('spec.containers', 'Required value'),
  },
  {
    name: 'duplicate container names',
    w: pod(`{containers: [${c()}, ${c()}]}`),
    want: at('spec.containers[1].name', 'Duplicate value: "c"'),
  },
  {
    name: 'container name not a DNS label',
    w: pod('{containers: [{name: My_Container, image: registry.k8s.io/pause:3.10}]}'),
    want: at('spec.containers[0].name', `Invalid value: "My_Container": ${LABEL_MSG}`),
  },
  {
    name: 'init container name clashing with a container',
    w: pod(`{containers: [${c()}], initContainers: [${c()}]}`),
    want: at('spec.initContainers[0].name', 'Duplicate value: "c"'),
  },
  {
    name: 'hostPort above 65535',
    w: pod(`{containers: [${c('ports: [{containerPort: 80, hostPort: 70000}]')}]}`),
    want: at(
      'spec.containers[0].ports[0].hostPort',
      'Invalid value: 70000: must be between 1 and 65535, inclusive',
    ),
  },
  {
    name: 'containerPort 0',
    w: pod(`{containers: [${c('ports: [{containerPort: 0}]')}]}`),
    want: at('spec.containers[0].ports[0].containerPort', 'Required value'),
  },
  {
    name: 'containerPort negative',
    w: pod(`{containers: [${c('ports: [{containerPort: -1}]')}]}`),
    want: at(
      'spec.containers[0].ports[0].containerPort',
      'Invalid value: -1: must be between 1 and 65535, inclusive',
    ),
  },
  {
    name: 'unknown protocol',
    w: pod(`{containers: [${c('ports: [{containerPort: 80, protocol: HTTP}]')}]}`),
    want: at(
      'spec.containers[0].ports[0].protocol',
      'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ),
  },
  {
    name: 'two containers on one hostPort',
    w: pod(
      `{containers: [${c('ports: [{containerPort: 80, hostPort: 8080}]')}, {name: d, image: registry.k8s.io/pause:3.10, ports: [{containerPort: 81, hostPort: 8080}]}]}`,
    ),
    want: at('spec.containers[1].ports[0].hostPort', 'Duplicate value: "TCP//8080"'),
  },
  {
    name: 'restartPolicy on a regular container',
    w: pod(`{containers: [${c('restartPolicy: Always')}]}`),
    want: at('spec.containers[0].restartPolicy', 'Forbidden: may not be set for non-init containers'),
  },
  // Resources (validateResourceRequirements).
  {
    name: 'negative cpu request',
    w: pod(`{containers: [${c('resources: {requests: {cpu: "-1"}}')}]}`),
    want: at(
      'spec.containers[0].resources.requests.cpu',
      'Invalid value: "-1": must be greater than or equal to 0',
    ),
  },
  {
    name: 'request above limit',
    w: pod(`{containers: [${c('resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}')}]}`),
    want: at(
      'spec.containers[0].resources.requests',
      'Invalid value: "2": must be less than or equal to cpu limit of 1',
    ),
  },
  {
    name: 'resource name not standard',
    w: pod(`{containers: [${c('resources: {requests: {gpus: "1"}}')}]}`),
    want: at(
      'spec.containers[0].resources.requests.gpus',
      'Invalid value: "gpus": must be a standard resource type or fully qualified',
    ),
  },
  {
    name: 'pods is no container resource',
    w: pod(`{containers: [${c('resources: {requests: {pods: "1"}}')}]}`),
    want: at(
      'spec.containers[0].resources.requests.pods',
      'Invalid value: "pods": must be a standard resource for containers',
    ),
  },
  {
    name: 'extended resource without a limit',
    w: pod(`{containers: [${c('resources: {requests: {example.com/foo: "1"}}')}]}`),
    want: at(
      'spec.containers[0].resources.limits',
      'Required value: Limit must be set for non overcommitable resources',
    ),
  },
  {
    name: 'fractional extended resource',
    w: pod(
      `{containers: [${c('resources: {requests: {example.com/foo: 500m}, limits: {example.com/foo: 500m}}')}]}`,
    ),
    want: at(
      'spec.containers[0].resources.limits["example.com/foo"]',
      'Invalid value: 500m: must be an integer',
    ),
  },
  // Scalar fields.
  {
    name: 'priority beyond int32',
    w: pod(`{priority: 3000000000, containers: [${c()}]}`),
    want: at(
      'spec.priority',
      'json: cannot unmarshal number 3000000000 into Go struct field PodSpec.spec.priority of type int32',
    ),
  },
  {
    name: 'activeDeadlineSeconds 0',
    w: pod(`{activeDeadlineSeconds: 0, containers: [${c()}]}`),
    want: at('spec.activeDeadlineSeconds', 'Invalid value: 0: must be between 1 and 2147483647, inclusive'),
  },
  {
    name: 'bad RestartPolicy',
    w: pod(`{restartPolicy: UnlessStopped, containers: [${c()}]}`),
    want: at(
      'spec.restartPolicy',
      'Unsupported value: "UnlessStopped": supported values: "Always", "OnFailure", "Never"',
    ),
  },
  {
    name: 'nodeName not a subdomain',
    w: pod(`{nodeName: "Node_1", containers: [${c()}]}`),
    want: at('spec.nodeName', `Invalid value: "Node_1": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'nodeName with schedulingGates',
    w: pod(`{nodeName: p-01, schedulingGates: [{name: example.com/gate}], containers: [${c()}]}`),
    want: at('spec.nodeName', 'Forbidden: cannot be set until all schedulingGates have been cleared'),
  },
  {
    name: 'duplicate scheduling gate',
    w: pod(`{schedulingGates: [{name: g}, {name: g}], containers: [${c()}]}`),
    want: at('spec.schedulingGates[1]', 'Duplicate value: "g"'),
  },
  {
    name: 'nodeSelector value invalid',
    w: pod(`{nodeSelector: {disk: "fast ssd"}, containers: [${c()}]}`),
    want: at(
      'spec.nodeSelector',
      `Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value' or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ),
  },
  // TestValidateTolerations.
  {
    name: 'invalid toleration operator with empty key',
    w: pod(`{tolerations: [{operator: Equal, value: bar, effect: NoSchedule}], containers: [${c()}]}`),
    want: at(
      'spec.tolerations[0].operator',
      'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ),
  },
  {
    name: "value must be empty when `operator` is 'Exists'",
    w: pod(`{tolerations: [{key: foo, operator: Exists, value: bar}], containers: [${c()}]}`),
    want: at(
      'spec.tolerations[0].operator',
      'Invalid value: "bar": value must be empty when `operator` is \'Exists\'',
    ),
  },
  {
    name: "operator must be 'NoExecute' when tolerationSeconds is set",
    w: pod(
      `{tolerations: [{key: foo, operator: Exists, effect: NoSchedule, tolerationSeconds: 20}], containers: [${c()}]}`,
    ),
    want: at(
      'spec.tolerations[0].effect',
      'Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ),
  },
  {
    name: 'invalid toleration effect',
    w: pod(`{tolerations: [{key: foo, operator: Exists, effect: Never}], containers: [${c()}]}`),
    want: at(
      'spec.tolerations[0].effect',
      'Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute", ""',
    ),
  },
  {
    name: 'invalid toleration operator',
    w: pod(`{tolerations: [{key: foo, operator: In, value: bar}], containers: [${c()}]}`),
    want: at('spec.tolerations[0].operator', 'Unsupported value: "In": supported values: "Equal", "Exists"'),
  },
  // Affinity.
  {
    name: 'Gt with two values',
    w: pod(
      `{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: k, operator: Gt, values: ["1", "2"]}]}]}}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
      "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
    ),
  },
  {
    name: 'In without values',
    w: pod(
      `{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In}]}]}}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
      "Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ),
  },
  {
    name: 'empty nodeSelectorTerms',
    w: pod(
      `{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
      'Required value: must have at least one node selector term',
    ),
  },
  {
    name: 'unknown selector operator',
    w: pod(
      `{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: k, operator: Within, values: [a]}]}]}}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator',
      'Invalid value: "Within": not a valid selector operator',
    ),
  },
  {
    name: 'preferred weight 0',
    w: pod(
      `{affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, podAffinityTerm: {topologyKey: zone}}]}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight',
      'Invalid value: 0: must be in the range 1-100',
    ),
  },
  {
    name: 'empty topologyKey in a pod affinity term',
    w: pod(
      `{affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: ""}]}}, containers: [${c()}]}`,
    ),
    want: at(
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey',
      'Required value: can not be empty',
    ),
  },
  // TestValidateTopologySpreadConstraints.
  {
    name: 'invalid MaxSkew',
    w: pod(
      `{topologySpreadConstraints: [{maxSkew: 0, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}], containers: [${c()}]}`,
    ),
    want: at('spec.topologySpreadConstraints[0].maxSkew', 'Invalid value: 0: must be greater than zero'),
  },
  {
    name: 'invalid whenUnsatisfiable',
    w: pod(
      `{topologySpreadConstraints: [{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: N/A}], containers: [${c()}]}`,
    ),
    want: at(
      'spec.topologySpreadConstraints[0].whenUnsatisfiable',
      'Unsupported value: "N/A": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ),
  },
  {
    name: 'minDomains with ScheduleAnyway',
    w: pod(
      `{topologySpreadConstraints: [{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 3}], containers: [${c()}]}`,
    ),
    want: at(
      'spec.topologySpreadConstraints[0].minDomains',
      'Invalid value: 3: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
    ),
  },
  {
    name: 'negative minDomains',
    w: pod(
      `{topologySpreadConstraints: [{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, minDomains: -1}], containers: [${c()}]}`,
    ),
    want: at('spec.topologySpreadConstraints[0].minDomains', 'Invalid value: -1: must be greater than zero'),
  },
  {
    name: 'duplicate constraints',
    w: pod(
      `{topologySpreadConstraints: [{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}, {maxSkew: 2, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}], containers: [${c()}]}`,
    ),
    want: at(
      'spec.topologySpreadConstraints[0]["{topologyKey, whenUnsatisfiable}"]',
      'Duplicate value: "{k8s.io/zone, DoNotSchedule}"',
    ),
  },
  // Priority admission (plugin/pkg/admission/priority).
  {
    name: 'TestPodAdmission: pod with a non-existing priority class',
    w: pod(`{priorityClassName: gold, containers: [${c()}]}`),
    want: at('spec.priorityClassName', 'pods "p" is forbidden: no PriorityClass with name gold was found'),
  },
  {
    name: 'TestPodAdmission: pod with a priority but no class (computed 0)',
    w: pod(`{priority: 500, containers: [${c()}]}`),
    want: at(
      'spec.priority',
      'pods "p" is forbidden: the integer value of priority (500) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    ),
  },
  {
    name: 'TestPodAdmission: pod with a system class and another priority',
    w: pod(`{priorityClassName: system-cluster-critical, priority: 10, containers: [${c()}]}`),
    want: at(
      'spec.priority',
      'pods "p" is forbidden: the integer value of priority (10) must not be provided in pod spec; priority admission controller computed 2000000000 from the given PriorityClass name',
    ),
  },
  // TestValidateDeployment / strategy.
  {
    name: 'maxSurge and maxUnavailable both 0',
    w: deploy('strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}'),
    want: at(
      'spec.strategy.rollingUpdate.maxUnavailable',
      'Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ),
  },
  {
    name: 'maxUnavailable above 100%',
    w: deploy('strategy: {rollingUpdate: {maxUnavailable: "110%"}}'),
    want: at(
      'spec.strategy.rollingUpdate.maxUnavailable',
      'Invalid value: 110%: must not be greater than 100%',
    ),
  },
  {
    name: 'Recreate with rollingUpdate',
    w: deploy('strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}'),
    want: at(
      'spec.strategy.rollingUpdate',
      "Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ),
  },
  {
    name: 'negative replicas',
    w: deploy('replicas: -1'),
    want: at('spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  {
    name: 'a percentage written as a bare string',
    w: deploy('strategy: {rollingUpdate: {maxSurge: "5"}}'),
    want: at(
      'spec.strategy.rollingUpdate.maxSurge',
      "Invalid value: 5: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')",
    ),
  },
  {
    name: 'selector does not match template labels',
    w: '{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at(
      'spec.template.metadata.labels',
      'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ),
  },
  {
    name: 'empty selector',
    w: '{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {selector: {}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at(
      'spec.selector',
      'Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment',
    ),
  },
  {
    name: 'Deployment pods must restart Always',
    w: '{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at('spec.template.spec.restartPolicy', 'Unsupported value: "Never": supported values: "Always"'),
  },
  {
    name: 'progressDeadlineSeconds not above minReadySeconds',
    w: deploy('minReadySeconds: 30, progressDeadlineSeconds: 30'),
    want: at('spec.progressDeadlineSeconds', 'Invalid value: 30: must be greater than minReadySeconds'),
  },
  // TestValidateDaemonSet.
  {
    name: 'DaemonSet maxUnavailable 0 and maxSurge 0',
    w: '{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: ds}, spec: {selector: {matchLabels: {app: ds}}, updateStrategy: {rollingUpdate: {maxUnavailable: 0}}, template: {metadata: {labels: {app: ds}}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at(
      'spec.updateStrategy.rollingUpdate.maxUnavailable',
      'Required value: cannot be 0 when maxSurge is 0',
    ),
  },
  // TestValidateJob.
  {
    name: 'Job pods restarting Always',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {template: {spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at(
      'spec.template.spec.restartPolicy',
      'Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ),
  },
  {
    name: 'negative completions',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {completions: -1, template: {spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at('spec.completions', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  {
    name: 'negative parallelism',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {parallelism: -1, template: {spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at('spec.parallelism', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  {
    name: 'negative backoffLimit',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {backoffLimit: -1, template: {spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at('spec.backoffLimit', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  {
    name: 'Indexed without completions',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {completionMode: Indexed, template: {spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at('spec.completions', 'Required value: when completion mode is Indexed'),
  },
  {
    name: 'selector without manualSelector',
    w: '{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {restartPolicy: Never, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}}}',
    want: at(
      'spec.selector',
      'Invalid value: &LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}: `selector` not auto-generated',
    ),
  },
  // TestValidatePriorityClass.
  {
    name: 'PriorityClass above the user maximum',
    w: '{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: tier1}, value: 2000000000}',
    want: at('value', 'Forbidden: maximum allowed value of a user defined priority is 1000000000'),
  },
  {
    name: 'PriorityClass with a system- name',
    w: '{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: system-foo}, value: 10}',
    want: at(
      'metadata.name',
      "Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
    ),
  },
  // validateContainerCommon: every container names an image, in templates too.
  {
    name: 'TestValidateContainers: no image',
    w: pod('{containers: [{name: c}]}'),
    want: at('spec.containers[0].image', 'Required value'),
  },
  {
    name: 'TestValidateContainers: empty image in a Deployment template',
    w: '{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: ""}]}}}}',
    want: at('spec.template.spec.containers[0].image', 'Required value'),
  },
  {
    name: 'TestValidateContainers: init container with no image',
    w: pod(`{initContainers: [{name: i}], containers: [${c()}]}`),
    want: at('spec.initContainers[0].image', 'Required value'),
  },
  // ValidateEnv (RelaxedEnvironmentVariableValidation on from 1.32; the default release is later).
  {
    name: 'TestValidateEnv: name with "=" under the relaxed rule',
    w: pod(`{containers: [${c('env: [{name: "a=b", value: x}]')}]}`),
    want: at(
      'spec.containers[0].env[0].name',
      `Invalid value: "a=b": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ),
  },
  {
    name: 'TestValidateEnv: env without a name',
    w: pod(`{containers: [${c('env: [{value: x}]')}]}`),
    want: at('spec.containers[0].env[0].name', 'Required value'),
  },
  // validateVolumeMounts.
  {
    name: 'TestValidateVolumeMounts: mount of a volume the pod does not have',
    w: pod(`{containers: [${c('volumeMounts: [{name: data, mountPath: /data}]')}]}`),
    want: at('spec.containers[0].volumeMounts[0].name', 'Not found: "data"'),
  },
  {
    name: 'TestValidateVolumeMounts: empty mountPath',
    w: pod(`{volumes: [{name: data, emptyDir: {}}], containers: [${c('volumeMounts: [{name: data}]')}]}`),
    want: at('spec.containers[0].volumeMounts[0].mountPath', 'Required value'),
  },
  {
    name: 'TestValidateVolumeMounts: same mountPath twice',
    w: pod(
      `{volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}], containers: [${c('volumeMounts: [{name: a, mountPath: /d}, {name: b, mountPath: /d}]')}]}`,
    ),
    want: at('spec.containers[0].volumeMounts[1].mountPath', 'Invalid value: "/d": must be unique'),
  },
  // validateDNSPolicy / validatePodDNSConfig, validatePullPolicy, terminationMessagePolicy.
  {
    name: 'TestValidateDNSPolicy: unknown policy',
    w: pod(`{dnsPolicy: Bogus, containers: [${c()}]}`),
    want: at(
      'spec.dnsPolicy',
      'Unsupported value: "Bogus": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"',
    ),
  },
  {
    name: 'TestValidatePodDNSConfig: None without dnsConfig',
    w: pod(`{dnsPolicy: None, containers: [${c()}]}`),
    want: at('spec.dnsConfig', 'Required value: must provide `dnsConfig` when `dnsPolicy` is None'),
  },
  {
    name: 'TestValidatePullPolicy: unknown policy',
    w: pod(`{containers: [${c('imagePullPolicy: Sometimes')}]}`),
    want: at(
      'spec.containers[0].imagePullPolicy',
      'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ),
  },
  {
    name: 'TestValidateContainers: unknown terminationMessagePolicy',
    w: pod(`{containers: [${c('terminationMessagePolicy: Log')}]}`),
    want: at(
      'spec.containers[0].terminationMessagePolicy',
      'Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"',
    ),
  },
];

describe('API validation of scenario manifests', () => {
  it.each(cases)('$name', ({ w, want }) => {
    expect(refusal(w)).toBe(want);
  });

  it('env var names follow the release: the strict rule before 1.32, the relaxed one from it', () => {
    const env = pod(`{containers: [${c('env: [{name: "1st:var", value: x}]')}]}`);
    const strict =
      "Invalid value: \"1st:var\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name' or 'MY_ENV.NAME' or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    const load = (version: string, gates = '') => {
      const text = head.replace(
        '  duration: 10m',
        `  duration: 10m\n  kubernetesVersion: "${version}"${gates}`,
      );
      return firstProblem(`${text}    - ${env}\n`);
    };
    expect(load('1.31')).toBe(`api.yaml:10: spec.workloads[0].spec.containers[0].env[0].name: ${strict}`);
    expect(load('1.32')).toBe('accepted');
    expect(load('1.31', '\n  apiServer: {featureGates: {RelaxedEnvironmentVariableValidation: true}}')).toBe(
      'accepted',
    );
  });

  it('TestPodAdmission: a globalDefault class sets the value a classless pod must carry', () => {
    const load = (priority: number) => {
      const gold =
        '{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: gold}, value: 100, globalDefault: true}';
      return firstProblem(
        `${head}    - ${gold}\n    - ${pod(`{priority: ${priority}, containers: [${c()}]}`)}\n`,
      );
    };
    expect(load(100)).toBe('accepted');
    expect(load(0)).toBe(
      'api.yaml:10: spec.workloads[1].spec.priority: pods "p" is forbidden: the integer value of priority (0) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name',
    );
  });

  it('valid manifests still load (no false refusals)', () => {
    for (const w of [
      pod(
        `{containers: [${c('ports: [{containerPort: 80, hostPort: 80, name: http}], resources: {requests: {cpu: 500m, example.com/foo: "1"}, limits: {example.com/foo: "1"}}')}]}`,
        '{name: p, generateName: "web-", labels: {"example.com/Tier": "A_1"}}',
      ),
      pod(
        `{priorityClassName: system-node-critical, tolerations: [{operator: Exists}], containers: [${c()}]}`,
      ),
      // The value the plugin would compute may be written (kubectl get -o yaml prints it).
      pod(`{priority: 0, containers: [${c()}]}`),
      pod(`{priorityClassName: system-node-critical, priority: 2000001000, containers: [${c()}]}`),
      deploy('strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: "100%"}}'),
      deploy('strategy: {type: Recreate}'),
      pod(
        `{volumes: [{name: data, emptyDir: {}}], dnsPolicy: None, dnsConfig: {nameservers: [1.1.1.1]}, containers: [${c('env: [{name: "my.env-NAME_1", value: x}, {name: "1st:var", value: y}], volumeMounts: [{name: data, mountPath: /d}], imagePullPolicy: IfNotPresent, terminationMessagePolicy: FallbackToLogsOnError')}]}`,
      ),
    ]) {
      expect(refusal(w)).toBe('accepted');
    }
  });
});

describe('nodes and node pools', () => {
  const scenario = (cluster: string) => `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: api}
spec:
  duration: 10m
  cluster:
${cluster}
`;
  const first = (text: string) => {
    try {
      loadScenarioText(text, 'api.yaml');
    } catch (e) {
      if (e instanceof ScenarioError) return e.message.split('\n')[0];
      throw e;
    }
    return 'accepted';
  };
  it.each([
    {
      name: 'TestValidateTaints: duplicate taints by key and effect',
      cluster:
        '    nodes: [{apiVersion: v1, kind: Node, metadata: {name: n1}, spec: {taints: [{key: a, effect: NoSchedule}, {key: a, value: b, effect: NoSchedule}]}}]',
      want: 'api.yaml:7: spec.cluster.nodes[0].spec.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"b", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair',
    },
    {
      name: 'taint key empty',
      cluster:
        '    nodePools: [{name: p, count: 1, capacity: {cpu: "1", memory: 1Gi}, taints: [{key: "", effect: NoSchedule}]}]',
      want: 'api.yaml:7: spec.cluster.nodePools[0].taints[0].key: Invalid value: "": name part must be non-empty',
    },
    {
      name: 'taint effect unknown',
      cluster:
        '    nodePools: [{name: p, count: 1, capacity: {cpu: "1", memory: 1Gi}, taints: [{key: gpu, effect: NoEntry}]}]',
      want: 'api.yaml:7: spec.cluster.nodePools[0].taints[0].effect: Unsupported value: "NoEntry": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    },
    {
      name: 'zone that is not a label value',
      cluster: '    nodePools: [{name: p, count: 1, zones: ["zone a"], capacity: {cpu: "1", memory: 1Gi}}]',
      want: "api.yaml:7: spec.cluster.nodePools[0].zones[0]: Invalid value: \"zone a\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value' or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    },
    {
      name: 'fractional pods capacity',
      cluster: '    nodePools: [{name: p, count: 1, capacity: {cpu: "1", memory: 1Gi, pods: 1500m}}]',
      want: 'api.yaml:7: spec.cluster.nodePools[0].capacity.pods: Invalid value: 1500m: must be an integer',
    },
  ])('$name', ({ cluster, want }) => {
    expect(first(scenario(cluster))).toBe(want);
  });
});
