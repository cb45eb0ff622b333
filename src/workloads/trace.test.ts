import { describe, expect, it } from 'vitest';
import { parseTrace, splitCsvLine } from './trace.js';

const S = 1_000_000;
const opts = { format: 'kubesim' as const, timeScale: 1, limit: undefined, qosPriority: {} };

describe('trace CSV', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b,c","d""e",\r')).toEqual(['a', 'b,c', 'd"e', '']);
  });

  it('parses the kubesim layout and sorts by submit time', () => {
    const rows = parseTrace(
      'submit_time,cpu,memory,duration,count,priority,name\n90s,500m,1Gi,10m,2,100,late\n0,2,512Mi,,,,\n',
      opts,
    );
    expect(rows).toEqual([
      {
        atUs: 0,
        cpuMilli: 2000,
        memoryBytes: 512 * 2 ** 20,
        durationUs: null,
        count: 1,
        priority: 0,
        name: null,
        gpu: 0,
      },
      {
        atUs: 90 * S,
        cpuMilli: 500,
        memoryBytes: 2 ** 30,
        durationUs: 600 * S,
        count: 2,
        priority: 100,
        name: 'late',
        gpu: 0,
      },
    ]);
  });

  it('maps the openb layout (seconds, millicores, MiB, qos classes) and scales time', () => {
    const text =
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
      'openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061\n';
    const [row] = parseTrace(text, {
      format: 'openb',
      timeScale: 0.001,
      limit: undefined,
      qosPriority: { LS: 1000 },
    });
    expect(row).toEqual({
      atUs: 427_061_000,
      cpuMilli: 6000,
      memoryBytes: 12288 * 2 ** 20,
      durationUs: (12902960 - 427061) * 1000,
      count: 1,
      priority: 1000,
      name: 'openb-pod-0001',
      gpu: 1,
    });
  });

  it('names the line and column of a bad cell', () => {
    expect(() => parseTrace('submit_time,cpu,memory\n1,abc,1Gi\n', opts)).toThrow(/line 2: .*abc/);
    expect(() => parseTrace('when,cpu\n', opts)).toThrow(/line 1: missing column "submit_time"/);
  });
});
