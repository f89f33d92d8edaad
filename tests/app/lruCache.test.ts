import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/app/lruCache';

describe('LruCache', () => {
  it('evicts the least recently used entry, counting reads as use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('rejects a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow(/capacity/);
  });
});
