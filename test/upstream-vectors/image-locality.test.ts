// Upstream kube-scheduler unit-test vectors for ImageLocality, replayed through kubesim explain (only this
// score plugin, every node scored as with `--all-nodes`). Inputs and expected scores come from
// TestImageLocalityPriority in pkg/scheduler/framework/plugins/imagelocality/image_locality_test.go
// (kubernetes/kubernetes, the version with init containers and the 1000 MiB x containers ceiling).
// The plugin has no NormalizeScore. The nodes have no capacity: Score does not look at it.
import { describe, expect, it } from 'vitest';
import { type ImageSpec, scores, upNode, upPod, type Vector } from './resource-vectors.js';

const N = 'ImageLocality';
const mb = 1024 * 1024;
const img = (names: string[], sizeMb: number): ImageSpec => ({ names, sizeBytes: sizeMb * mb });

const node403002000 = [
  img(['gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'], 40),
  img(['gcr.io/300:latest', 'gcr.io/300:v1'], 300),
  img(['gcr.io/2000:latest'], 2000),
];
const node25010 = [img(['gcr.io/250:latest'], 250), img(['gcr.io/10:latest', 'gcr.io/10:v1'], 10)];
const node60040900 = [
  img(['gcr.io/600:latest'], 600),
  img(['gcr.io/40:latest'], 40),
  img(['gcr.io/900:latest'], 900),
];
const node300600900 = [
  img(['gcr.io/300:latest'], 300),
  img(['gcr.io/600:latest'], 600),
  img(['gcr.io/900:latest'], 900),
];
const node400030 = [img(['gcr.io/4000:latest'], 4000), img(['gcr.io/30:latest'], 30)];
const node203040 = [
  img(['gcr.io/20:latest'], 20),
  img(['gcr.io/30:latest'], 30),
  img(['gcr.io/40:latest'], 40),
];

const images = (...names: string[]) => upPod('p', { images: names });
const node = (name: string, imgs: ImageSpec[] = []) => upNode(name, {}, imgs);

describe('upstream TestImageLocalityPriority (image_locality_test.go)', () => {
  const cases: Vector[] = [
    {
      name: 'two images spread on two nodes, prefer the larger image one',
      nodes: [node('node1', node403002000), node('node2', node25010)],
      pod: images('gcr.io/40', 'gcr.io/250'),
      want: { node1: 0, node2: 5 },
    },
    {
      name: 'two images on one node, prefer this node',
      nodes: [node('node1', node403002000), node('node2', node25010)],
      pod: images('gcr.io/40', 'gcr.io/300'),
      want: { node1: 7, node2: 0 },
    },
    {
      name: 'if exceed limit, use limit',
      nodes: [node('node1', node400030), node('node2', node25010)],
      pod: images('gcr.io/10', 'gcr.io/4000'),
      want: { node1: 100, node2: 0 },
    },
    {
      name: 'if exceed limit, use limit (with node which has no images present)',
      nodes: [node('node1', node400030), node('node2', node25010), node('node3')],
      pod: images('gcr.io/10', 'gcr.io/4000'),
      want: { node1: 66, node2: 0, node3: 0 },
    },
    {
      name: 'pod with multiple large images, node2 is preferred',
      nodes: [node('node1', node60040900), node('node2', node300600900), node('node3')],
      pod: images('gcr.io/300', 'gcr.io/600', 'gcr.io/900'),
      want: { node1: 32, node2: 36, node3: 0 },
    },
    {
      name: 'pod with multiple small images',
      nodes: [node('node1', node203040), node('node2', node400030)],
      pod: images('gcr.io/30', 'gcr.io/40'),
      want: { node1: 1, node2: 0 },
    },
    {
      name: 'include InitContainers: two images spread on two nodes, prefer the larger image one',
      nodes: [node('node1', node403002000), node('node2', node203040)],
      pod: upPod('p', { images: ['gcr.io/30'], initImages: ['gcr.io/300'] }),
      want: { node1: 6, node2: 0 },
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(scores(N, c)).toEqual(c.want);
  });
});
