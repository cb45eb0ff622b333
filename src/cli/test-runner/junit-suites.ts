// Maps `kubesim test` results onto JUnit suites: one per scenario file, one case per expectation,
// with the reproduce command in each failure's text and in the suite's properties.

import type { JUnitCase, JUnitSuite } from '../../report/junit.js';
import { reproduceCommand } from './format.js';
import type { ScenarioRun } from './run-one.js';

export function scenarioSuite(run: ScenarioRun): JUnitSuite {
  const reproduce = reproduceCommand(run.file, run.seed);
  const properties: Array<[string, string]> = [
    ['scenario', run.name],
    ['seed', String(run.seed)],
    ['reproduce', reproduce],
  ];
  if (run.error) {
    const c: JUnitCase = {
      name: 'run scenario',
      classname: run.name,
      error: { message: run.error.message, text: `reproduce: ${reproduce}` },
    };
    return { name: run.file, timeS: run.wallS, properties, cases: [c] };
  }
  const cases = run.results.map((r): JUnitCase => {
    const name = `[${r.index}] ${r.description}`;
    const message = `observed ${r.observed}, expected ${r.expected}`;
    if (r.status === 'pass') return { name, classname: run.name };
    if (r.status === 'invalid')
      return {
        name,
        classname: run.name,
        error: { message: run.invalid.get(r.index) ?? r.explanation, text: r.explanation },
      };
    return {
      name,
      classname: run.name,
      failure: { message, text: `${r.explanation}\nseed ${run.seed}; reproduce: ${reproduce}` },
    };
  });
  return { name: run.file, timeS: run.wallS, properties, cases };
}

export function loadErrorSuite(file: string, message: string): JUnitSuite {
  return {
    name: file,
    timeS: 0,
    properties: [],
    cases: [{ name: 'load scenario', classname: file, error: { message, text: message } }],
  };
}
