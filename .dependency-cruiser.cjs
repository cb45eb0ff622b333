// Import rules for src/ (docs/ARCHITECTURE.md, "Layers"), checked by `npm run lint` (lint:deps).
// Layers, lowest first; a layer imports only itself and the layers below it:
//   engine <- model <- workloads (workload API objects) <- kernel <- components <- sim (the
//   composition root) <- scenario <- index.ts and the applications (expect, report, sweep, compare)
//   <- cli.
// Components are kubelet, controllers, scheduler, timeline, faults, lifecycle, metrics, kubectl, load and autoscaler. One
// component reaches another only through a port in src/kernel/ports/ (connected in
// src/sim/assemble.ts) or through the data modules listed in CROSS_COMPONENT_DATA (events, config
// schemas and defaults, validation of their own data, small shared rules such as tolerations).
// Test support under src/*/testing/ may build whole simulations and is exempt from the layer rules.
// TypeScript 7 has no JavaScript compiler API, so dependency-cruiser parses with swc; type-only
// imports count like any other import (a type-only circle is still a circle).

const COMPONENTS = 'kubelet|controllers|scheduler|timeline|faults|lifecycle|metrics|kubectl|load|autoscaler';
const ABOVE_COMPONENTS = 'sim|scenario|expect|report|sweep|compare|capacity|cli';
// Modules of one component that others (and the scenario loader) may import: data, not behaviour.
const CROSS_COMPONENT_DATA = [
  '^src/[a-z-]+/(events|config|schema|validate|inputs)\\.ts$',
  // ... and of a component's sub-folder (a kcm controller's folder: src/controllers/hpa/schema.ts).
  '^src/[a-z-]+/[a-z-]+/(events|config|schema|validate|inputs)\\.ts$',
  '^src/[a-z-]+/[a-z-]+-config\\.ts$',
  '^src/lifecycle/stages\\.ts$',
  '^src/controllers/(rate-limiter|tolerations)\\.ts$',
  // The API validation of a kcm controller's object (the scenario loader runs it).
  '^src/controllers/cronjob/validate\\.ts$',
];
const TESTING = '^src/[a-z-]+/testing/';
// The cluster-autoscaler links the scheduler framework and the DaemonSet placement rule as libraries, as
// upstream's cluster-autoscaler vendors k8s.io/kubernetes/pkg/scheduler/framework (its PredicateChecker
// and ClusterSnapshot run the scheduler's own filters) and pkg/controller/daemon (template node pods).
// Only these modules; the scheduler's queue and loop, and every other controller, stay behind ports.
const AUTOSCALER_LIBRARIES = [
  '^src/scheduler/(cache|framework|runtime|profile)\\.ts$',
  '^src/scheduler/(helpers|plugins)/',
  '^src/controllers/daemonset-util\\.ts$',
];

/** A rule forbidding `from` to import `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from, to };
}

module.exports = {
  forbidden: [
    forbid('no-circular', 'Import circles, type-only imports included, make layers meaningless.', {}, {
      circular: true,
    }),
    forbid(
      'engine-is-generic',
      'src/engine is the generic discrete-event kernel: it knows nothing of Kubernetes or the simulation.',
      { path: '^src/engine/' },
      { path: '^src/', pathNot: '^src/engine/' },
    ),
    forbid(
      'model-below-kernel',
      'src/model (API objects, manifests, the cluster store) imports only src/engine.',
      { path: '^src/model/' },
      { path: '^src/', pathNot: '^src/(engine|model)/' },
    ),
    forbid(
      'workloads-is-a-library',
      'src/workloads (Deployments, ReplicaSets, DaemonSets, Jobs and their store) imports only engine and model.',
      { path: '^src/workloads/' },
      { path: '^src/', pathNot: '^src/(engine|model|workloads)/' },
    ),
    forbid(
      'kernel-below-components',
      'src/kernel (the port every component receives, and the ports between components) imports only lower layers.',
      { path: '^src/kernel/' },
      { path: '^src/', pathNot: '^src/(engine|model|workloads|kernel)/' },
    ),
    forbid(
      'components-below-assembly',
      'A component never imports the composition root, scenario building, applications or the CLI.',
      { path: `^src/(${COMPONENTS})/`, pathNot: TESTING },
      { path: [`^src/(${ABOVE_COMPONENTS})/`, '^src/index\\.ts$'] },
    ),
    forbid(
      'components-through-ports',
      'A component reaches another component only through a port (src/kernel/ports) or its data modules.',
      { path: `^src/(${COMPONENTS})/`, pathNot: TESTING },
      {
        path: `^src/(${COMPONENTS})/`,
        pathNot: ['^src/$1/', ...CROSS_COMPONENT_DATA, ...AUTOSCALER_LIBRARIES],
      },
    ),
    forbid(
      'scheduler-framework-is-the-autoscalers-library',
      'Besides the scheduler itself, only the cluster-autoscaler links the scheduler framework as a library.',
      { path: `^src/(${COMPONENTS})/`, pathNot: ['^src/(autoscaler|scheduler)/', TESTING] },
      { path: AUTOSCALER_LIBRARIES.slice(0, 2), pathNot: CROSS_COMPONENT_DATA },
    ),
    forbid(
      'daemon-placement-is-the-autoscalers-library',
      'Besides the controllers, only the cluster-autoscaler links the DaemonSet placement rule.',
      { path: `^src/(${COMPONENTS})/`, pathNot: ['^src/(autoscaler|controllers)/', TESTING] },
      { path: AUTOSCALER_LIBRARIES[2] },
    ),
    forbid(
      'assembly-below-scenario',
      'src/sim (composition root) builds components from a built scenario; it never reads scenario files.',
      { path: '^src/sim/' },
      { path: ['^src/(scenario|expect|report|sweep|compare|capacity|cli)/', '^src/index\\.ts$'] },
    ),
    forbid(
      'scenario-below-applications',
      'Scenario loading and building never import the public API, applications or the CLI.',
      { path: '^src/scenario/' },
      { path: ['^src/(report|sweep|compare|capacity|cli)/', '^src/index\\.ts$'] },
    ),
    forbid(
      'scenario-reads-component-data-only',
      'The scenario loader validates data: it may import component schemas and defaults, not their code.',
      { path: '^src/scenario/' },
      { path: `^src/(${COMPONENTS})/`, pathNot: CROSS_COMPONENT_DATA },
    ),
    forbid(
      'nothing-imports-cli',
      'The CLI is the top: only the CLI imports the CLI.',
      { path: '^src/', pathNot: '^src/cli/' },
      { path: '^src/cli/' },
    ),
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^dist/'] },
    includeOnly: '^src/',
  },
};
