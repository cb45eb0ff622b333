// Determinism rule (README, "Determinism"): simulation code never reads the wall clock, timers or
// unseeded randomness. Only src/cli/ may (for progress and timing), and bench/ outside src/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BANNED: ReadonlyArray<[string, RegExp]> = [
  ['Math.random', /\bMath\.random\s*\(/],
  ['Date', /\bDate\.now\s*\(|\bnew\s+Date\s*\(|\bDate\s*\(/],
  ['performance.now', /\bperformance\.now\s*\(/],
  ['process.hrtime', /\bprocess\.hrtime\b/],
  ['setTimeout', /\bsetTimeout\s*\(/],
  ['setInterval', /\bsetInterval\s*\(/],
  ['setImmediate', /\bsetImmediate\s*\(/],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return p === join('src', 'cli') ? [] : sourceFiles(p);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}

/** Strips // and /* comments so that prose mentioning Date.now() does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('banned calls in simulation code', () => {
  const files = sourceFiles('src');

  it('scans a real tree', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain(join('src', 'engine', 'engine.ts'));
  });

  it('finds none', () => {
    const hits: string[] = [];
    for (const file of files) {
      const lines = code(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const [name, re] of BANNED) if (re.test(line)) hits.push(`${file}:${i + 1}: ${name}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('the scanner catches a planted call', () => {
    const planted = code('const t = Date.now(); // not allowed\nconst r = Math.random();');
    expect(BANNED.filter(([, re]) => re.test(planted)).map(([n]) => n)).toEqual(['Math.random', 'Date']);
  });
});
