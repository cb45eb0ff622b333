// JUnit XML: well-formed, with the counts, suites, cases and messages CI systems read.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.js';

describe('junitXml', () => {
  const xml = junitXml([
    {
      name: 'scenarios/s1.yaml',
      timeS: 0.25,
      properties: [
        ['seed', '1'],
        ['reproduce', 'kubesim run scenarios/s1.yaml --seed 1'],
      ],
      cases: [
        { name: 'first NodeStatusUnknown (object a-01) at 2m25s', classname: 's1' },
        {
          name: 'TaintManagerEviction happens exactly 40 times between 15m0s and 16m0s',
          classname: 's1',
          failure: {
            message: 'observed 3, expected exactly 40',
            text: 'no match <between> "15m" & 16m\u0001\nreproduce: kubesim run x --seed 1',
          },
        },
        {
          name: 'summary a.b <= 5',
          classname: 's1',
          error: { message: 'summary.json has no field "a.b"', text: 'x' },
        },
      ],
    },
    {
      name: 'scenarios/bad.yaml',
      timeS: 0,
      properties: [],
      cases: [{ name: 'load', classname: 'bad', error: { message: 'e.yaml:9: bad', text: '' } }],
    },
  ]);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one suite per scenario and one case per expectation, with counts and messages', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const root = doc.testsuites;
    expect(root).toMatchObject({ tests: '4', failures: '1', errors: '2', time: '0.250' });
    const [s1, bad] = root.testsuite;
    expect(s1).toMatchObject({ name: 'scenarios/s1.yaml', tests: '3', failures: '1', errors: '1' });
    expect(s1.properties.property[1]).toEqual({
      name: 'reproduce',
      value: 'kubesim run scenarios/s1.yaml --seed 1',
    });
    expect(s1.testcase[1].failure.message).toBe('observed 3, expected exactly 40');
    expect(s1.testcase[1].failure['#text']).toContain('no match <between> "15m" & 16m\nreproduce');
    expect(s1.testcase[2].error.message).toBe('summary.json has no field "a.b"');
    expect(bad.testcase.error.message).toBe('e.yaml:9: bad');
  });
});
