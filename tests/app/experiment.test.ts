// The experiment format shared by the app's export and the benchmark CLI.
import { describe, expect, it } from 'vitest';
import { experimentFromSettings, knobsForT0, methodKnobs, parseExperiment } from '../../src/app/experiment';
import { DEFAULT_SETTINGS } from '../../src/app/settings';
import { t0ForKnob, traversalPreset } from '../../src/core/solvers';

describe('experiment settings', () => {
  it('survive a JSON round trip from the app settings', () => {
    const experiment = experimentFromSettings(DEFAULT_SETTINGS, [0, 0.5, 1]);
    expect(experiment).toMatchObject({
      prior: DEFAULT_SETTINGS.prior,
      methods: [DEFAULT_SETTINGS.method.method],
      seeds: [DEFAULT_SETTINGS.seed],
    });
    expect(parseExperiment(JSON.parse(JSON.stringify(experiment)))).toEqual(experiment);
  });

  it('fill omitted fields with the app defaults and resolve method aliases', () => {
    const experiment = parseExperiment({
      format: 'dp-playground-experiment',
      version: 1,
      prior: 'faces64',
      degradation: { kind: 'inpaint-random', missingFraction: 0.7 },
      methods: ['interp', 'varscale', 'ddnm'],
    });
    expect(experiment.degradation).toEqual({
      ...DEFAULT_SETTINGS.degradation,
      kind: 'inpaint-random',
      missingFraction: 0.7,
    });
    expect(experiment.methods).toEqual(['interpolation', 'variance-scaling', 'ddnm']);
    expect(experiment).toMatchObject({ preset: DEFAULT_SETTINGS.method.preset, knobs: [0], seeds: [0] });
  });

  it('list every problem of a bad file at once', () => {
    const parse = () =>
      parseExperiment({
        format: 'dp-playground-experiment',
        version: 2,
        prior: 'faces64',
        degradation: { kind: 'inpaint-brush', sigmaY: 'high' },
        methods: ['map-rps', 'map-rps'],
        knobs: [1.5],
        seeds: [-1],
        colour: 'red',
      });
    expect(parse).toThrow(/version must be 1/);
    expect(parse).toThrow(/inpaint-brush" needs a painted mask/);
    expect(parse).toThrow(/degradation.sigmaY must be a number/);
    expect(parse).toThrow(/method map-rps is listed twice/);
    expect(parse).toThrow(/knobs: every value must be in \[0, 1\]; got 1.5/);
    expect(parse).toThrow(/seeds: every value must be an integer/);
    expect(parse).toThrow(/unknown field "colour"/);
  });

  it('turn t0 values into knob positions that give exactly those t0', () => {
    const t0s = [0, 10, 25, 50, 75, 100];
    const { t0Max } = traversalPreset('deblur', 'fast');
    expect(knobsForT0(t0s, 'blur-gaussian', 'fast').map((u) => t0ForKnob(u, t0Max))).toEqual(t0s);
    expect(() => knobsForT0([t0Max + 1], 'blur-gaussian', 'fast')).toThrow(`t0 must be an integer in 0..${t0Max}`);
    expect(methodKnobs('ddnm', [0, 0.5])).toEqual([0]);
    expect(methodKnobs('map-rps', [0, 0.5])).toEqual([0, 0.5]);
  });
});
