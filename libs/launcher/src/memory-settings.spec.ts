import { MALLOC_ARENA_MAX, withMemorySettings } from './memory-settings';

describe('withMemorySettings', () => {
  it('limits malloc arenas and keeps the rest of the environment', () => {
    expect(withMemorySettings({ PORT: '3000' })).toEqual({ PORT: '3000', MALLOC_ARENA_MAX });
  });

  it("leaves an operator's own MALLOC_ARENA_MAX alone", () => {
    expect(withMemorySettings({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });
});
