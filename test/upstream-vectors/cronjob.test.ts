// Upstream cases for the CronJob controller's schedule arithmetic:
// - robfig/cron v3 spec_test.go TestNext, the America/New_York DST cases (as 5-field schedules);
// - pkg/controller/cronjob/utils_test.go TestMostRecentScheduleTime, TestNextScheduleTimeDuration,
//   TestNextScheduleTime, TestByJobStartTime and TestGetJobFromTemplate2 (the name and annotation).
// The controller's tests (cronjob_controllerv2_test.go) are in cronjob-controller.test.ts.
import { describe, expect, it } from 'vitest';
import { nextAfter, parseStandard } from '../../src/controllers/cronjob/schedule.js';
import {
  byJobStartTime,
  jobName,
  mostRecentScheduleTime,
  nextScheduleTimeDurationUs,
} from '../../src/controllers/cronjob/utils.js';
import { formatRfc3339Zoned, TimeZone } from '../../src/controllers/cronjob/zone.js';
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

  describe('TestMostRecentScheduleTime', () => {
    // [name, cronjob, schedule, includeSDS, now (s), earliest, most recent, missed, error]
    const cases: [
      string,
      ReturnType<typeof view>,
      string,
      boolean,
      number,
      number | null,
      number | null,
      'none' | 'few' | 'many',
      boolean,
    ][] = [
      ['now before next schedule', view(top), '0 * * * *', false, top + 30, top, null, 'none', false],
      ['now just after next schedule', view(top), '0 * * * *', false, at(61), top, at(60), 'none', false],
      ['missed 5 schedules', view(top + 10), '0 * * * *', false, at(301), top + 10, at(300), 'few', false],
      [
        'complex schedule',
        view(top, at(30)),
        '30 6-16/4 * * 1-5',
        false,
        at(24 * 60 + 31),
        at(30),
        at(24 * 60 + 30),
        'few',
        false,
      ],
      [
        'another complex schedule',
        view(top, at(30)),
        '30 10,11,12 * * 1-5',
        false,
        at(30 * 60 + 30),
        at(30),
        null,
        'few',
        false,
      ],
      [
        'complex schedule with longer diff between executions',
        view(top, at(30)),
        '30 6-16/4 * * 1-5',
        false,
        at(96 * 60 + 31),
        at(30),
        at(96 * 60 + 30),
        'few',
        false,
      ],
      [
        'complex schedule with shorter diff between executions',
        view(top),
        '30 6-16/4 * * 1-5',
        false,
        at(24 * 60 + 31),
        top,
        at(24 * 60 + 30),
        'few',
        false,
      ],
      [
        '@every schedule',
        view(at(-59), at(1), 10),
        '@every 1h',
        false,
        at(7 * 24 * 60),
        at(1),
        at(6 * 24 * 60 + 23 * 60 + 1),
        'many',
        false,
      ],
      ['rogue cronjob', view(top + 10), '59 23 31 2 *', false, at(60), null, null, 'none', true],
      [
        'earliestTime being CreationTimestamp and LastScheduleTime',
        view(top, top),
        '0 * * * *',
        false,
        top + 30,
        top,
        null,
        'none',
        false,
      ],
      [
        'earliestTime being LastScheduleTime',
        view(top, at(30)),
        '*/5 * * * *',
        false,
        at(31),
        at(30),
        null,
        'none',
        false,
      ],
      [
        'earliestTime being LastScheduleTime (within StartingDeadlineSeconds)',
        view(top, at(30), 60),
        '*/5 * * * *',
        false,
        at(31),
        at(30),
        null,
        'none',
        false,
      ],
      [
        'earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)',
        view(top, at(30), 60),
        '*/5 * * * *',
        true,
        at(32),
        at(31),
        null,
        'none',
        false,
      ],
    ];
    for (const [name, cj, spec, sds, nowS, earliest, recent, missed, wantErr] of cases) {
      it(name, () => {
        const r = mostRecentScheduleTime(cj, us(nowS), parse(spec), sds);
        if (wantErr) {
          expect(r.error).not.toBeNull();
          expect(r.mostRecentS).toBeNull();
          return;
        }
        expect(r.error).toBeNull();
        expect([r.earliestS, r.mostRecentS, r.missed]).toEqual([earliest, recent, missed]);
      });
    }
  });

  describe('TestNextScheduleTimeDuration', () => {
    const d = (v: ReturnType<typeof view>, nowS: number, spec: string) =>
      nextScheduleTimeDurationUs(v, us(nowS), parse(spec));
    it('complex schedule skipping weekend', () => {
      expect(d(view(top, at(30)), at(24 * 60 + 31), '30 6-16/4 * * 1-5')).toBe(
        us((3 * 60 + 59) * 60) + 100_000,
      );
    });
    it('another complex schedule skipping weekend', () => {
      expect(d(view(top, at(30)), at(30 * 60 + 30), '30 10,11,12 * * 1-5')).toBe(us(66 * 3600) + 100_000);
    });
    it('once a week cronjob, missed two runs', () => {
      expect(d(view(top, at(120)), at(19 * 24 * 60 + 90), '0 12 * * 4')).toBe(us(48.5 * 3600) + 100_000);
    });
    it('no previous run of a cronjob', () => {
      expect(d(view(top), at(360), '0 12 * * 5')).toBe(us(20 * 3600) + 100_000);
    });
  });

  describe('TestNextScheduleTime (nextScheduleTime: mostRecentScheduleTime with startingDeadlineSeconds)', () => {
    // Hourly on the hour; T1 = 10:00, T2 = 11:00.
    const T1 = top;
    const T2 = top + 3600;
    const next = (v: ReturnType<typeof view>, nowS: number, spec = '0 * * * ?') =>
      mostRecentScheduleTime(v, us(nowS), parse(spec), true);
    it('Case 1: no known start times, and none needed yet', () => {
      expect(next(view(T1 - 600), T1 - 420).mostRecentS).toBeNull();
    });
    it('Case 2: no known start times, and one needed', () => {
      expect(next(view(T1 - 600), T1 + 2).mostRecentS).toBe(T1);
    });
    it('Case 3: known LastScheduleTime, no start needed', () => {
      expect(next(view(T1 - 600, T1), T1 + 120).mostRecentS).toBeNull();
    });
    it('Case 4: known LastScheduleTime, a start needed', () => {
      expect(next(view(T1 - 600, T1), T2 + 300).mostRecentS).toBe(T2);
    });
    it('Case 5: known LastScheduleTime, two starts needed', () => {
      expect(next(view(T1 - 7200, T1 - 3600), T2 + 300).mostRecentS).toBe(T2);
    });
    it('Case 6: now is way way ahead of last start time, and there is no deadline', () => {
      const r = next(view(T1 - 7200, T1 - 3600), T2 + 10 * 24 * 3600);
      expect([r.mostRecentS, r.missed]).toEqual([T2 + 10 * 24 * 3600, 'many']);
    });
    it('Case 7: now is way way ahead of last start time, but there is a short deadline', () => {
      const r = next(view(T1 - 7200, T1 - 3600, 2 * 60 * 60), T2 + 10 * 24 * 3600);
      expect([r.mostRecentS, r.missed]).toEqual([T2 + 10 * 24 * 3600, 'few']);
    });
    it('Case 8: ensure the error from mostRecentScheduleTime gets populated up', () => {
      const r = next(view(T1 + 10), T1 + 3600, '59 23 31 2 *');
      expect(r.mostRecentS).toBeNull();
      expect(r.error).toBe('time difference between two schedules is less than 1 second');
    });
  });

  describe('TestByJobStartTime', () => {
    const now = s('2018-01-01T02:03:04Z') * 1e6;
    const later = s('2019-01-01T02:03:04Z') * 1e6;
    const j = (name: string, startUs: number | null) => ({ name, startUs });
    const cases: [string, ReturnType<typeof j>[], ReturnType<typeof j>[]][] = [
      ['both have nil start times', [j('b', null), j('a', null)], [j('a', null), j('b', null)]],
      ['only the first has a nil start time', [j('a', null), j('b', now)], [j('b', now), j('a', null)]],
      ['only the second has a nil start time', [j('a', now), j('b', null)], [j('a', now), j('b', null)]],
      ['both have non-nil, equal start time', [j('b', now), j('a', now)], [j('a', now), j('b', now)]],
      ['both have non-nil, different start time', [j('a', later), j('b', now)], [j('b', now), j('a', later)]],
    ];
    for (const [name, input, want] of cases) {
      it(name, () => expect([...input].sort(byJobStartTime)).toEqual(want));
    }
  });

  describe('TestGetJobFromTemplate2 (the Job name and the scheduled-timestamp annotation)', () => {
    // getJobFromTemplate2(cj, topOfTheHour): "mycronjob-" + minutes since the epoch; the annotation is the
    // scheduled time in the CronJob's zone, RFC 3339.
    it('UTC timezone and one annotation', () => {
      expect(formatRfc3339Zoned(top, TimeZone.load('UTC'))).toBe('2016-05-19T10:00:00Z');
    });
    it('nil timezone and one annotation', () => {
      expect(formatRfc3339Zoned(top, null)).toBe('2016-05-19T10:00:00Z');
    });
    it('correct timezone and multiple annotation', () => {
      expect(formatRfc3339Zoned(top, TimeZone.load('Europe/Rome'))).toBe('2016-05-19T12:00:00+02:00');
    });
    it('the name', () => {
      expect(jobName('mycronjob', top)).toBe(`mycronjob-${Math.floor(top / 60)}`);
      expect(jobName('mycronjob', top)).toBe('mycronjob-24394200');
    });
  });
});
