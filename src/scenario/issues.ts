// Turns zod issues into the sentences users see: what was expected at which path, and for unknown keys
// the fields that are allowed there (with a "did you mean" when one is close). The machinery lives in
// explain-issue.ts; this module binds it to the scenario schema.

import type { z } from 'zod';
import { type Explained, explainIssue as explainIn } from '../model/explain-issue.js';
import { scenarioSchema } from './schema.js';

export { allowedKeys, type Explained, editDistance } from '../model/explain-issue.js';

export function explainIssue(issue: z.core.$ZodIssue, root: z.core.$ZodType = scenarioSchema): Explained[] {
  return explainIn(issue, root);
}
