// Upstream's format tables replayed: apimachinery pkg/api/validate/content dns_test.go
// (TestIsDNS1123Label, TestIsDNS1123Subdomain), kube_test.go (TestIsLabelKey, TestIsLabelValue) and
// pkg/util/validation validation_test.go (TestIsValidPortName, TestIsValidPercent), plus the exact
// messages those checks print.

import { describe, expect, it } from 'vitest';
import {
  errorBody,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  notSupported,
  required,
  tooLong,
} from '../../src/model/validation/index.js';

const a = (n: number, c = 'a') => c.repeat(n);

describe('TestIsDNS1123Label', () => {
  const good = [
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    a(63),
  ];
  const bad = [
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a.b',
    '1.',
    '.1',
    '1.2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    a(64),
  ];
  it.each(good)('accepts %j', (v) => expect(isDNS1123Label(v)).toEqual([]));
  it.each(bad)('refuses %j', (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));
});

describe('TestIsDNS1123Subdomain', () => {
  const good = [
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    'a.a',
    'ab.a',
    'abc.a',
    'a1.a',
    'a-1.a',
    'a--1--2--b.a',
    'a.1',
    'ab.1',
    'abc.1',
    'a1.1',
    'a-1.1',
    'a--1--2--b.1',
    '0.a',
    '01.a',
    '012.a',
    '1a.a',
    '1-a.a',
    '1--a--b--2',
    '0.1',
    '01.1',
    '012.1',
    '1a.1',
    '1-a.1',
    '1--a--b--2.1',
    'a.b.c.d.e',
    'aa.bb.cc.dd.ee',
    '1.2.3.4.5',
    '11.22.33.44.55',
    a(253),
  ];
  const bad = [
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a..b',
    '1.',
    '.1',
    '1..2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    'A.a',
    'aB.a',
    'ab.A',
    'A1.a',
    'a1.A',
    'A.1',
    'aB.1',
    'A1.1',
    '1A.1',
    '0.A',
    '01.A',
    '012.A',
    '1A.a',
    '1a.A',
    'A.B.C.D.E',
    'AA.BB.CC.DD.EE',
    'a.B.c.d.e',
    'aa.bB.cc.dd.ee',
    'a@b',
    'a,b',
    'a_b',
    'a;b',
    'a:b',
    'a%b',
    'a?b',
    'a$b',
    a(254),
  ];
  it.each(good)('accepts %j', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each(bad)('refuses %j', (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));
});

describe('TestIsLabelKey', () => {
  const good = [
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    a(63),
    `${a(253)}/${a(63, 'b')}`,
  ];
  const bad = [
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    a(64),
    `${a(254)}/abc`,
  ];
  it.each(good)('accepts %j', (v) => expect(isQualifiedName(v)).toEqual([]));
  it.each(bad)('refuses %j', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));
});

describe('TestIsLabelValue', () => {
  const good = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', a(63), ''];
  const bad = [
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    a(64),
  ];
  it.each(good)('accepts %j', (v) => expect(isValidLabelValue(v)).toEqual([]));
  it.each(bad)('refuses %j', (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));
});

describe('TestIsValidPortName / TestIsValidPortNum / TestIsValidPercent', () => {
  it.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'])(
    'port name %j',
    (v) => expect(isValidPortName(v)).toEqual([]),
  );
  it.each([
    'longerthan15characters',
    '',
    a(16),
    '12345',
    '1-2-3-4',
    '-begin',
    'end-',
    'two--hyphens',
    'whois++',
  ])('bad port name %j', (v) => expect(isValidPortName(v).length).toBeGreaterThan(0));
  it.each([1, 2, 1000, 16384, 32768, 65535])('port %d', (p) => expect(isValidPortNum(p)).toEqual([]));
  it.each([0, -1, 65536, 100000])('bad port %d', (p) =>
    expect(isValidPortNum(p)).toEqual(['must be between 1 and 65535, inclusive']),
  );
  it.each(['0%', '00000%', '1%', '01%', '99%', '100%', '101%'])('percent %j', (v) =>
    expect(isValidPercent(v)).toEqual([]),
  );
  it.each(['', '0', '100', '0.0%', '99.9%', 'hundred', ' 1%', '1% ', '-0%', '-1%', '+1%'])(
    'bad percent %j',
    (v) => expect(isValidPercent(v).length).toBeGreaterThan(0),
  );
});

describe('messages as the API server prints them', () => {
  it('a bad subdomain', () => {
    expect(
      errorBody(invalid(['metadata', 'name'], 'Foo_bar', isDNS1123Subdomain('Foo_bar')[0] as string)),
    ).toBe(
      `Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });
  it('a 300-character name: too long and (for 300 x "a") still a valid pattern', () => {
    expect(isDNS1123Subdomain(a(300))).toEqual(['must be no more than 253 characters']);
  });
  it('a label that is a subdomain says "must not contain dots"', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label(a(64))).toEqual(['must be no more than 63 characters']);
  });
  it('unicode lengths are bytes', () => {
    expect(isValidLabelValue('é'.repeat(32))).toContain('must be no more than 63 characters');
  });
  it('label key parts', () => {
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName' or 'my.name' or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('Example.com/abc')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });
  it('a generateName may end with a dash (maskTrailingDash)', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false).length).toBe(1);
  });
  it('error bodies by type', () => {
    expect(errorBody(required(['spec', 'containers']))).toBe('Required value');
    expect(errorBody(notSupported(['x'], 'Foo', ['Always', 'Never']))).toBe(
      'Unsupported value: "Foo": supported values: "Always", "Never"',
    );
    expect(errorBody(tooLong(['metadata', 'annotations'], 262144))).toBe(
      'Too long: must have at most 262144 bytes',
    );
    expect(errorBody(invalid(['spec', 'replicas'], -1, 'must be greater than or equal to 0'))).toBe(
      'Invalid value: -1: must be greater than or equal to 0',
    );
  });
});
