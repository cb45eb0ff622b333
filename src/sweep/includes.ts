// The files a scenario includes with `{file: ...}` (or a bare path), found where the loader expands
// them (scenario/load.ts: spec.cluster.nodes, spec.workloads, spec.scheduler), so `--emit-job` can ship
// them in the ConfigMap beside the scenario. Paths are relative to the scenario's folder.

import { parse } from 'yaml';

export function includedFiles(scenarioText: string): string[] {
  const doc = parse(scenarioText) as { spec?: Record<string, unknown> } | null;
  const spec = doc?.spec;
  if (typeof spec !== 'object' || spec === null) return [];
  const out: string[] = [];
  const fromList = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const item of v) if (isInclude(item)) out.push(item.file);
  };
  const cluster = spec.cluster as Record<string, unknown> | undefined;
  fromList(cluster?.nodes);
  fromList(spec.workloads);
  if (isInclude(spec.scheduler)) out.push(spec.scheduler.file);
  return [...new Set(out)];
}

function isInclude(v: unknown): v is { file: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof (v as { file?: unknown }).file === 'string'
  );
}
