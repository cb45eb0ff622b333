// One readable line per expectation, used in `kubesim test` output and JUnit test case names, e.g.
// "first NodeStatusUnknown (object general-a-01) at 2m25s" or "pods_pending = 0 at 20m".

import { formatDuration } from '../engine/time.js';
import { boundSymbols, boundWords } from './bound.js';
import type { Expectation } from './schema.js';
import { describeSelector, occurrenceWord } from './selector.js';
import { describeTime, type Window } from './time-ref.js';

export function describeWindow(w: Window): string {
  if (w[0].kind === 'abs' && w[1].kind === 'abs' && w[0].us === w[1].us) return `at ${describeTime(w[0])}`;
  return `between ${describeTime(w[0])} and ${describeTime(w[1])}`;
}

export function describeExpectation(e: Expectation): string {
  if (e.description !== undefined) return e.description;
  const body = describeBody(e);
  return e.seeds ? `${body} in >= ${e.seeds.atLeastPercent}% of seeds` : body;
}

function describeBody(e: Expectation): string {
  switch (e.type) {
    case 'eventTime': {
      const tol = e.toleranceUs > 0 ? ` ± ${formatDuration(e.toleranceUs)}` : '';
      return `${occurrenceWord(e.occurrence)} ${describeSelector(e.event)} at ${describeTime(e.at)}${tol}`;
    }
    case 'eventWindow':
      return `${occurrenceWord(e.occurrence)} ${describeSelector(e.event)} ${describeWindow(e.between)}`;
    case 'eventCount': {
      const window = e.between ? ` ${describeWindow(e.between)}` : '';
      if (e.never) return `${describeSelector(e.event)} never happens${window}`;
      const n = boundWords(e.count);
      return `${describeSelector(e.event)} happens ${n} time${e.count.equals === 1 ? '' : 's'}${window}`;
    }
    case 'eventOrder':
      return `${occurrenceWord(e.occurrence)} ${describeSelector(e.event)} ${e.relation} first ${describeSelector(e.other)}`;
    case 'metric':
      return e.at
        ? `${e.metric} ${boundSymbols(e.bound)} at ${describeTime(e.at)}`
        : `${e.metric} ${boundSymbols(e.bound)} at every sample ${describeWindow(e.between as Window)}`;
    case 'summary':
      return `summary ${e.path} ${boundSymbols(e.bound)}`;
  }
}
