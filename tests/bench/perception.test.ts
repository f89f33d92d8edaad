// npm run perception's pieces: its arguments, and the validation of a score on images where the answer is known.
import { describe, expect, it } from 'vitest';
import {
  type CandidateScore,
  candidateScores,
  evaluateCandidate,
  parsePerceptionArgs,
  CANDIDATE_IDS,
  type ScoredTriple,
} from '../../src/bench/perception';
import { readPng } from '../../src/bench/images';
import { blurOperator, gaussianKernel } from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import { clampImage, createImage, type Image } from '../../src/core/tensor';

const faces = [0, 1, 2].map((k) => readPng(`public/gallery/face-${k + 1}.png`, 3));
const smooth = (image: Image) => createImage(image, blurOperator(image, gaussianKernel(9, 2)).forward(image.data));
const grain = (image: Image, seed: number) => {
  const rng = createRng(seed);
  return clampImage(
    createImage(
      image,
      image.data.map((v) => v + 0.01 * rng.normal()),
    ),
  );
};
// A stand-in "posterior mean" (smoothed) and "sample" (the truth with faint grain): the sample is the realistic one.
const triples: ScoredTriple[] = faces.map((clean, k) => ({
  name: `face${k}`,
  clean,
  mean: smooth(clean),
  sample: grain(clean, k),
}));

describe('npm run perception', () => {
  it('parses its options and refuses bad ones by name', () => {
    const parsed = parsePerceptionArgs(['--limit', '5', '--tasks', 'inpaint-box']);
    expect(parsed).toMatchObject({ limit: 5, tasks: ['inpaint-box'], samples: 8 });
    expect(() => parsePerceptionArgs(['--tasks', 'inpaint-oval'])).toThrow(/unknown task inpaint-oval/);
    expect(() => parsePerceptionArgs(['--limit', '0'])).toThrow(/--limit takes a positive integer/);
    expect(parsePerceptionArgs(['--help'])).toBe('help');
    expect(parsePerceptionArgs(['--scores', 'patchSwd,patchSwd-band-pass'])).toMatchObject({
      scores: ['patchSwd', 'patchSwd-band-pass'],
    });
    expect(() => parsePerceptionArgs(['--scores', 'lpips'])).toThrow(/unknown score lpips/);
  });

  it("rates the realistic image better with the app's score, and passes the blur and noise ladders", () => {
    expect(candidateScores(faces).map((c) => c.id)).toEqual(CANDIDATE_IDS);
    const [appScore] = candidateScores(faces);
    expect(appScore.id).toBe('patchSwd');
    const result = evaluateCandidate(appScore, triples);
    expect(result.sampleBetter).toBe(1);
    expect(result.sampleScore).toBeLessThan(result.meanScore);
    expect(result.blurMonotone).toBe(1);
    expect(result.noiseMonotone).toBe(1);
  });

  it('reports a score that cannot tell realism apart as failing', () => {
    // Mean brightness error: blind to detail, it prefers the smooth image (same mean colour) to nothing in particular.
    const blind: CandidateScore = {
      id: 'brightness',
      label: 'brightness difference',
      reference: 'full',
      score: (o, c) => Math.abs(o.data.reduce((a, b) => a + b, 0) - c.data.reduce((a, b) => a + b, 0)) / o.data.length,
    };
    const result = evaluateCandidate(blind, triples);
    expect(result.sampleBetter).toBeLessThan(1);
    expect(result.blurMonotone).toBeLessThan(1);
  });
});
