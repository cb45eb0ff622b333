// JUnit XML for `kubesim test --junit FILE`, the format CI systems (GitHub Actions reporters, GitLab,
// Jenkins) read: one <testsuite> per scenario file, one <testcase> per expectation, <failure> for a
// failed expectation and <error> for one that could not be checked (bad reference, invalid scenario,
// simulation limit). Pure: data in, XML text out.

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly timeS?: number;
  readonly failure?: { readonly message: string; readonly text: string };
  readonly error?: { readonly message: string; readonly text: string };
  /** Extra facts about a passing case (e.g. how many seeds passed and the observed quantiles). */
  readonly systemOut?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly timeS: number;
  readonly properties: ReadonlyArray<readonly [string, string]>;
  readonly cases: readonly JUnitCase[];
}

export function junitXml(suites: readonly JUnitSuite[], name = 'kubesim test'): string {
  const count = (pick: (c: JUnitCase) => unknown) =>
    suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const time = suites.reduce((t, s) => t + s.timeS, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${tests}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" time="${seconds(time)}">`,
  ];
  for (const s of suites) out.push(...suiteXml(s));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function suiteXml(s: JUnitSuite): string[] {
  const failures = s.cases.filter((c) => c.failure).length;
  const errors = s.cases.filter((c) => c.error).length;
  const out = [
    `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(s.timeS)}">`,
  ];
  if (s.properties.length > 0) {
    out.push('    <properties>');
    for (const [k, v] of s.properties) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    out.push('    </properties>');
  }
  for (const c of s.cases) {
    const head = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${seconds(c.timeS ?? 0)}"`;
    const problem = c.failure ? ['failure', c.failure] : c.error ? ['error', c.error] : undefined;
    if (problem === undefined) {
      if (c.systemOut === undefined) out.push(`${head}/>`);
      else out.push(`${head}>`, `      <system-out>${text(c.systemOut)}</system-out>`, '    </testcase>');
      continue;
    }
    const [tag, p] = problem as [string, { message: string; text: string }];
    out.push(
      `${head}>`,
      `      <${tag} message="${attr(p.message)}" type="${tag === 'failure' ? 'ExpectationFailed' : 'Error'}">${text(p.text)}</${tag}>`,
      '    </testcase>',
    );
  }
  out.push('  </testsuite>');
  return out;
}

function seconds(t: number): string {
  return t.toFixed(3);
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 up (minus surrogates and
// U+FFFE/U+FFFF); anything else is dropped so a stray control character cannot break the report.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(s: string): string {
  return s.replace(INVALID_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function attr(s: string): string {
  return text(s)
    .replaceAll('"', '&quot;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;');
}
