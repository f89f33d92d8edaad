import { describe, expect, it } from 'vitest';
import { cardVersion, PRIORS, parseCard } from '../../src/app/priors';

describe('model cards', () => {
  it('accepts a card that matches the prior and rejects one that does not', () => {
    const card = JSON.stringify({ name: 'fashion32', channels: 1, native_resolution: 32 });
    expect(parseCard(card, PRIORS.fashion32).name).toBe('fashion32');
    expect(() => parseCard(card, PRIORS.faces64)).toThrow(/describes 1 channels at 32×32/);
    expect(() => parseCard('{', PRIORS.fashion32)).toThrow(/not valid JSON/);
  });

  it('versions the cache by the card text', () => {
    expect(cardVersion('{"a":1}')).toBe(cardVersion('{"a":1}'));
    expect(cardVersion('{"a":1}')).not.toBe(cardVersion('{"a":2}'));
  });
});
