// A PodDisruptionBudget's DisruptionAllowed condition as events.csv Condition rows (the same rule as
// the workloads' conditions, conditions.ts conditionRows: one row when the condition is new or its
// status or reason changed), object PodDisruptionBudget/<namespace>/<name>.

import type { TimeUs } from '../engine/time.js';
import type { EventLog } from '../model/event-log.js';
import { disruptionAllowedCondition, type PdbStatus, type PodDisruptionBudget } from './pdb.js';

export function pdbConditionRows(
  log: EventLog,
  nowUs: TimeUs,
  pdb: PodDisruptionBudget,
  before: PdbStatus,
): void {
  const c = disruptionAllowedCondition(pdb);
  if (c === undefined) return;
  const prev = before.conditions.find((x) => x.type === 'DisruptionAllowed');
  if (prev !== undefined && prev.status === c.status && prev.reason === c.reason) return;
  const text = `DisruptionAllowed=${c.status}`;
  log.emit(
    nowUs,
    'Condition',
    c.reason,
    `PodDisruptionBudget/${pdb.key}`,
    '',
    '',
    c.message === '' ? text : `${text}: ${c.message}`,
  );
}
