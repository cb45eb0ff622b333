// Evaluates a scenario's expectations against what one run observed: a pure function from
// (expectations, observations) to one result per expectation, in spec.expect order.

import { describeExpectation } from './describe.js';
import { evalEventCount, evalEventOrder, evalEventTime, evalEventWindow } from './evaluate-events.js';
import { evalMetric, evalSummary } from './evaluate-values.js';
import { type Lookups, makeLookups, type Observations } from './observations.js';
import type { ExpectationResult, Outcome } from './result.js';
import type { Expectation } from './schema.js';

export function evaluateExpectations(
  expectations: readonly Expectation[],
  obs: Observations,
): ExpectationResult[] {
  const lk = makeLookups(obs);
  return expectations.map((e, index) => ({
    index,
    description: describeExpectation(e),
    ...evaluateOne(e, lk),
  }));
}

function evaluateOne(e: Expectation, lk: Lookups): Outcome {
  switch (e.type) {
    case 'eventTime':
      return evalEventTime(e, lk);
    case 'eventWindow':
      return evalEventWindow(e, lk);
    case 'eventCount':
      return evalEventCount(e, lk);
    case 'eventOrder':
      return evalEventOrder(e, lk);
    case 'metric':
      return evalMetric(e, lk);
    case 'summary':
      return evalSummary(e, lk);
  }
}
