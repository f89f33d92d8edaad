import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIORS, parseCard } from '../../src/app/priors';

const checksums = { bytes: 3920477, sha256: 'ab'.repeat(32) };

describe('model cards', () => {
  it('accepts a card that matches the prior and rejects one that does not', () => {
    const card = JSON.stringify({ name: 'fashion32', channels: 1, native_resolution: 32, ...checksums });
    expect(parseCard(card, PRIORS.fashion32).name).toBe('fashion32');
    expect(() => parseCard(card, PRIORS.faces64)).toThrow(/describes 1 channels at 32×32/);
    expect(() => parseCard('{', PRIORS.fashion32)).toThrow(/not valid JSON/);
  });

  it('refuses a card without a valid length and SHA-256 of its model file', () => {
    const base = { name: 'fashion32', channels: 1, native_resolution: 32 };
    for (const fields of [
      {},
      { bytes: 3920477 },
      { sha256: checksums.sha256 },
      { ...checksums, bytes: 0 },
      { ...checksums, bytes: '3920477' },
      { ...checksums, sha256: 'AB'.repeat(32) },
      { ...checksums, sha256: 'ab'.repeat(31) },
    ]) {
      expect(() => parseCard(JSON.stringify({ ...base, ...fields }), PRIORS.fashion32)).toThrow(
        /has no valid bytes and sha256 of its model file/,
      );
    }
  });

  it.each(Object.values(PRIORS).filter((prior) => prior.model))(
    'models/$model.json carries the bytes and SHA-256 of the committed models/$model.onnx',
    (prior) => {
      const card = parseCard(readFileSync(`models/${prior.model}.json`, 'utf8'), prior);
      const file = readFileSync(`models/${prior.model}.onnx`);
      expect(card.bytes).toBe(file.length);
      expect(card.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    },
  );
});
