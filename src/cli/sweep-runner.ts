// The four things `kubesim sweep` does (run the grid, run one cell, emit a Job, merge cell files): parse
// the grid from the arguments, check every distinct override combination before anything runs (bad
// input exits 2 naming the --set), write files and report progress on stderr.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { INPUT_LIMITS, readRegularFile } from '../scenario/read-file.js';
import { prepareCell, runCell } from '../sweep/cell.js';
import {
  cellFileName,
  gridFingerprint,
  MergeError,
  readCellFiles,
  writeCellFile,
} from '../sweep/cell-files.js';
import { allCells, cellCount, type GridSpec, MAX_CELLS, parseSetList } from '../sweep/grid.js';
import { CONFIGMAP_MAX_BYTES, configMapBytes, indexedJobManifest, SCENARIO_MOUNT } from '../sweep/job.js';
import { runGrid } from '../sweep/pool.js';
import { sweepCsv } from '../sweep/sweep-csv.js';
import { parseSeedsFlag } from './flags.js';
import { CliExit, type CliIo, ExitCode } from './io.js';
import { AtomicOutputDir, listedOutput, recordOutput, writeFileAtomic } from './output.js';
import { checkOutputDir, checkOutputFile } from './output-target.js';
import { makeCountProgress } from './progress.js';
import { kubesimVersion } from './version.js';

export interface SweepArgs {
  scenario?: string;
  seeds?: string;
  set?: string[];
  profile?: string[];
  workers?: number;
  out?: string;
  cell?: number;
  merge?: string;
  emitJob?: string;
  image?: string;
  parallelism?: number;
  pvc?: string;
  jobName?: string;
  force?: boolean;
  createPvc?: boolean;
  pvcSize?: string;
  storageClass?: string;
  print?: boolean;
  quiet?: boolean;
}

interface Planned {
  readonly file: string;
  readonly name: string;
  readonly sha256: string;
  readonly grid: GridSpec;
  readonly cells: number;
  readonly outDir: string;
  /** Every file some cell reads: the scenario first, then includes and traces (absolute paths). */
  readonly files: readonly string[];
}

/** Parses and checks the grid: every (profile, --set values) combination must load and build. */
function plan(argv: SweepArgs): Planned {
  const file = argv.scenario as string;
  let grid: GridSpec;
  const seeds = argv.seeds !== undefined ? parseSeedsFlag(argv.seeds, MAX_CELLS) : null;
  try {
    grid = { seeds, sets: (argv.set ?? []).map(parseSetList), profiles: argv.profile ?? [] };
  } catch (e) {
    throw new CliExit(ExitCode.BadInput, (e as Error).message);
  }
  const cells = cellCount(grid);
  if (cells > MAX_CELLS)
    throw new CliExit(ExitCode.BadInput, `the grid has ${cells} cells; the limit is ${MAX_CELLS}`);
  const base = loadScenario(file);
  const single = { ...grid, seeds: null };
  const files = new Set(base.files);
  // Each distinct --set combination may include other files (--set spec.workloads[0].file=b.yaml).
  for (const cell of allCells(single)) for (const f of prepareCell(file, cell).loaded.files) files.add(f);
  const name = base.scenario.metadata.name;
  const outDir = argv.out ?? join('results', name, 'sweep');
  return { file, name, sha256: base.sha256, grid, cells, outDir, files: [...files] };
}

function outChecks(argv: SweepArgs, p: Planned) {
  return { flag: '--out', force: argv.force ?? false, inputs: p.files };
}

export async function runSweep(argv: SweepArgs, io: CliIo): Promise<void> {
  const p = plan(argv);
  checkOutputDir(p.outDir, outChecks(argv, p));
  const workers = Math.max(1, Math.min(argv.workers ?? 1, p.cells));
  const progress = makeCountProgress(io, 'sweep', 'cells', p.cells, { quiet: argv.quiet ?? false });
  const results = await runGrid(
    { scenarioFile: p.file, grid: p.grid, kubesimVersion: kubesimVersion() },
    workers,
    progress.update,
  ).finally(progress.stop);
  const out = new AtomicOutputDir(p.outDir, { command: 'sweep', ...outChecks(argv, p) });
  out.writeFile('sweep.csv', sweepCsv(p.grid, results));
  out.commit();
  const csv = join(p.outDir, 'sweep.csv');
  const failed = results.filter((r) => r.error !== null);
  io.out(
    `${p.name}: ${p.cells} cell${p.cells === 1 ? '' : 's'} on ${workers} worker${workers === 1 ? '' : 's'} -> ${csv}\n`,
  );
  if (failed.length > 0) {
    for (const r of failed.slice(0, 5)) io.err(`cell ${r.index}: ${r.error}\n`);
    throw new CliExit(
      ExitCode.SimulationLimit,
      `${failed.length} of ${p.cells} cells did not finish (see the error column of ${csv})`,
    );
  }
}

export function runOneCell(argv: SweepArgs, io: CliIo): void {
  const p = plan(argv);
  const index = argv.cell as number;
  if (!Number.isInteger(index) || index < 0 || index >= p.cells) {
    throw new CliExit(ExitCode.BadInput, `--cell ${index}: the grid has cells 0..${p.cells - 1}`);
  }
  checkOutputFile(join(p.outDir, 'cells', cellFileName(index)), {
    flag: '--out',
    force: argv.force ?? false,
    what: 'cell file written by kubesim sweep --cell',
    isOurs: isCellFile,
  });
  const result = runCell(p.file, p.grid, index, kubesimVersion());
  const path = writeCellFile(p.outDir, {
    kubesimVersion: kubesimVersion(),
    fingerprint: gridFingerprint(p.sha256, p.grid),
    scenarioSha256: p.sha256,
    grid: p.grid,
    cells: p.cells,
    result,
  });
  io.out(`${p.name}: cell ${index} of ${p.cells} (seed ${result.seed ?? '-'}) -> ${path}\n`);
  if (result.error !== null) throw new CliExit(ExitCode.SimulationLimit, `cell ${index}: ${result.error}`);
}

/** A cell file kubesim wrote: JSON with the grid's fingerprint and a result. */
function isCellFile(head: string): boolean {
  try {
    const f = JSON.parse(head) as { fingerprint?: unknown; result?: unknown };
    return typeof f.fingerprint === 'string' && typeof f.result === 'object' && f.result !== null;
  } catch {
    return false;
  }
}

export function mergeSweep(dir: string, io: CliIo, opts: { force?: boolean; print?: boolean } = {}): void {
  const csv = join(dir, 'sweep.csv');
  checkOutputFile(csv, {
    flag: '--merge',
    force: opts.force ?? false,
    what: 'sweep.csv written by kubesim sweep',
    isOurs: () => listedOutput(dir, 'sweep.csv'),
  });
  try {
    const { grid, results } = readCellFiles(dir);
    const text = sweepCsv(grid, results);
    writeFileAtomic(csv, text);
    recordOutput(dir, 'sweep.csv', 'sweep');
    const line = `merged ${results.length} cells (${cellFileName(0)} .. ${cellFileName(results.length - 1)}) -> ${csv}\n`;
    // --print: sweep.csv itself on stdout (the merge Job's log is the result), the note on stderr.
    if (opts.print) {
      io.err(line);
      io.out(text);
    } else io.out(line);
  } catch (e) {
    if (e instanceof MergeError) throw new CliExit(ExitCode.BadInput, e.message);
    throw e;
  }
}

/** A Job manifest kubesim wrote: the header comment and labels of job.ts indexedJobManifest. */
const isJobManifest = (head: string) =>
  head.startsWith('# kubesim sweep of ') && head.includes('app.kubernetes.io/name: kubesim');

/** Where a --profile file goes in the ConfigMap; other profile names pass through. */
const PROFILE_DIR = 'kubesim-profiles';

export function emitJob(argv: SweepArgs, io: CliIo): void {
  if (argv.emitJob !== '-')
    checkOutputFile(argv.emitJob as string, {
      flag: '--emit-job',
      force: argv.force ?? false,
      what: 'Job manifest written by kubesim sweep --emit-job',
      isOurs: isJobManifest,
    });
  const p = plan(argv);
  const scenarioName = basename(p.file);
  const baseDir = dirname(resolve(p.file));
  const read = (f: string, within?: string) =>
    readRegularFile(f, { maxBytes: INPUT_LIMITS.csvBytes, ...(within !== undefined ? { within } : {}) });
  // The scenario and every file a cell reads, under the paths the scenario names them by.
  const files = p.files.map((f, i) => ({
    path: i === 0 ? scenarioName : relative(baseDir, f),
    text: read(f, baseDir),
  }));
  // A profile that is a file on this machine travels in the ConfigMap and is named by its mount path.
  const profiles = p.grid.profiles.map((name) => {
    if (!existsSync(name) || !statSync(name).isFile()) return name;
    const path = `${PROFILE_DIR}/${basename(name)}`;
    if (!files.some((f) => f.path === path)) files.push({ path, text: read(name) });
    return `${SCENARIO_MOUNT}/${path}`;
  });
  const bytes = configMapBytes(files);
  if (bytes > CONFIGMAP_MAX_BYTES) {
    throw new CliExit(
      ExitCode.BadInput,
      `the ConfigMap would hold ${bytes} bytes (${files.map((f) => f.path).join(', ')}); the API server rejects more than ${CONFIGMAP_MAX_BYTES} (data: Too long); trim the trace (trace.limit) or bake the files into the image`,
    );
  }
  const jobName = argv.jobName ?? `kubesim-sweep-${p.name}`.slice(0, 57).replace(/-+$/, '');
  const manifest = indexedJobManifest({
    jobName,
    image: argv.image ?? `kubesim:${kubesimVersion()}`,
    parallelism: argv.parallelism ?? 10,
    pvc: argv.pvc ?? 'kubesim-results',
    createPvc: argv.createPvc ?? true,
    ...(argv.pvcSize !== undefined ? { pvcSize: argv.pvcSize } : {}),
    ...(argv.storageClass !== undefined ? { storageClass: argv.storageClass } : {}),
    scenarioName,
    files,
    grid: { ...p.grid, profiles },
    cells: p.cells,
  });
  if (argv.emitJob === '-') {
    io.out(manifest);
    return;
  }
  writeFileAtomic(argv.emitJob as string, manifest);
  io.out(
    `wrote ${argv.emitJob}: ConfigMap (${files.length} file${files.length === 1 ? '' : 's'}), Indexed Job ${jobName} (${p.cells} cells), merge Job ${jobName}-merge\n` +
      `run:    kubectl apply -f ${argv.emitJob} && kubectl wait --for=condition=complete job/${jobName}-merge --timeout=24h\n` +
      `result: kubectl logs job/${jobName}-merge > sweep.csv\n`,
  );
}
