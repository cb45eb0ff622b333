// Upstream cases for the CronJob controller's schedule arithmetic:
// - robfig/cron v3 spec_test.go TestNext, the America/New_York DST cases (as 5-field schedules);
// - pkg/controller/cronjob/utils_test.go TestMostRecentScheduleTime and TestNextScheduleTimeDuration.
import { describe, expect, it } from 'vitest';
import { nextAfter, parseStandard } from '../../src/controllers/cronjob/schedule.js';
import { mostRecentScheduleTime, nextScheduleTimeDurationUs } from '../../src/controllers/cronjob/utils.js';
import { TimeZone } from '../../src/controllers/cronjob/zone.js';
import { parseRfc3339Us } from '../../src/engine/wall-clock.js';

const s = (t: string) => (parseRfc3339Us(t) as number) / 1e6;
const NY = TimeZone.load('America/New_York') as TimeZone;

describe('robfig/cron TestNext DST cases (TZ=America/New_York)', () => {
  const cases: [string, string, string][] = [
    ['2012-03-11T00:00:00-05:00', '0 * * * *', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 * * * *', '2012-03-11T03:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 1 * * *', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 1 * * *', '2012-03-12T01:00:00-04:00'],
    // 2am nightly job (skipped)
    ['2012-03-11T00:00:00-05:00', '0 2 * * *', '2012-03-12T02:00:00-04:00'],
    ['2012-11-04T00:00:00-04:00', '30 2 04 Nov ?', '2012-11-04T02:30:00-05:00'],
    ['2012-11-04T01:45:00-04:00', '30 1 04 Nov ?', '2012-11-04T01:30:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 * * * *', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 * * * *', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 * * * *', '2012-11-04T02:00:00-05:00'],
    // 1am nightly job (runs twice)
    ['2012-11-04T00:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 1 * * ?', '2012-11-05T01:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 2 * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T02:00:00-05:00', '0 2 * * ?', '2012-11-05T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 * * ?', '2012-11-04T03:00:00-05:00'],
    ['2012-11-04T03:00:00-05:00', '0 3 * * ?', '2012-11-05T03:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 3 * ?', '2012-12-03T03:00:00-05:00'],
  ];
  for (const [from, spec, want] of cases) {
    it(`${from} "${spec}" -> ${want}`, () => {
      const sched = parseStandard(spec, NY);
      if ('error' in sched) throw new Error(sched.error);
      expect(nextAfter(sched, s(from))).toBe(s(want));
    });
  }
  it('unsatisfiable schedules never fire', () => {
    for (const spec of ['0 0 30 2 *', '0 0 31 4 *']) {
      const sched = parseStandard(spec);
      if ('error' in sched) throw new Error(sched.error);
      expect(nextAfter(sched, s('2012-07-09T23:35:00Z'))).toBeNull();
    }
  });
  it('refuses what ParseStandard refuses', () => {
    expect(parseStandard('0 0 0 * * *')).toEqual({
      error: 'expected exactly 5 fields, found 6: [0 0 0 * * *]',
    });
    expect(parseStandard('0 0 * * 7')).toEqual({ error: 'end of range (7) above maximum (6): 7' });
    expect('error' in parseStandard('0 0 L * *')).toBe(true);
  });
});

describe('utils_test.go', () => {
  const top = s('2016-05-19T10:00:00Z');
  const at = (min: number) => top + min * 60;
  const us = (sec: number) => sec * 1e6;
  const parse = (spec: string) => {
    const r = parseStandard(spec);
    if ('error' in r) throw new Error(r.error);
    return r;
  };
  const view = (createdS: number, lastScheduleS: number | null = null, sds: number | null = null) => ({
    createdS,
    lastScheduleS,
    startingDeadlineSeconds: sds,
  });
  it('TestMostRecentScheduleTime', () => {
    expect(mostRecentScheduleTime(view(top), us(top + 30), parse('0 * * * *'), false).mostRecentS).toBeNull();
    expect(mostRecentScheduleTime(view(top), us(at(61)), parse('0 * * * *'), false).mostRecentS).toBe(at(60));
    const five = mostRecentScheduleTime(view(top + 10), us(at(301)), parse('0 * * * *'), false);
    expect([five.mostRecentS, five.missed]).toEqual([at(300), 'few']);
    const complex = mostRecentScheduleTime(
      view(top, at(30)),
      us(at(24 * 60 + 31)),
      parse('30 6-16/4 * * 1-5'),
      false,
    );
    expect([complex.mostRecentS, complex.missed]).toEqual([at(24 * 60 + 30), 'few']);
    const another = mostRecentScheduleTime(
      view(top, at(30)),
      us(at(30 * 60 + 30)),
      parse('30 10,11,12 * * 1-5'),
      false,
    );
    expect([another.mostRecentS, another.missed]).toEqual([null, 'few']);
    const longer = mostRecentScheduleTime(
      view(top, at(30)),
      us(at(96 * 60 + 31)),
      parse('30 6-16/4 * * 1-5'),
      false,
    );
    expect(longer.mostRecentS).toBe(at(96 * 60 + 30));
    const every = mostRecentScheduleTime(
      view(at(-59), at(1), 10),
      us(at(7 * 24 * 60)),
      parse('@every 1h'),
      false,
    );
    expect([every.mostRecentS, every.missed]).toEqual([at(6 * 24 * 60 + 23 * 60 + 1), 'many']);
    expect(
      mostRecentScheduleTime(view(top + 10), us(at(60)), parse('59 23 31 2 *'), false).error,
    ).not.toBeNull();
    const outside = mostRecentScheduleTime(view(top, at(30), 60), us(at(32)), parse('*/5 * * * *'), true);
    expect([outside.earliestS, outside.mostRecentS]).toEqual([at(31), null]);
  });
  it('TestNextScheduleTimeDuration', () => {
    const d = (v: ReturnType<typeof view>, nowS: number, spec: string) =>
      nextScheduleTimeDurationUs(v, us(nowS), parse(spec));
    expect(d(view(top, at(30)), at(24 * 60 + 31), '30 6-16/4 * * 1-5')).toBe(
      us((3 * 60 + 59) * 60) + 100_000,
    );
    expect(d(view(top, at(30)), at(30 * 60 + 30), '30 10,11,12 * * 1-5')).toBe(us(66 * 3600) + 100_000);
    expect(d(view(top, at(120)), at(19 * 24 * 60 + 90), '0 12 * * 4')).toBe(us(48.5 * 3600) + 100_000);
    expect(d(view(top), at(360), '0 12 * * 5')).toBe(us(20 * 3600) + 100_000);
  });
});
