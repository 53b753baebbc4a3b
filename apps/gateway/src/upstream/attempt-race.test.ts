import { describe, expect, it } from 'vitest';
import { AttemptRace } from './attempt-race.ts';

describe('AttemptRace', () => {
  it('lets the first claimant win and aborts the others at once', () => {
    const race = new AttemptRace();
    const a = race.join();
    const b = race.join();
    expect(race.claimed).toBe(false);
    expect(b.claim()).toBe(true);
    expect(a.lost.aborted).toBe(true);
    expect(b.lost.aborted).toBe(false);
    expect(a.claim()).toBe(false);
    expect(b.claim()).toBe(true);
  });

  it('aborts a member that joins after the race was won only if it tries to claim', () => {
    const race = new AttemptRace();
    expect(race.join().claim()).toBe(true);
    const late = race.join();
    expect(late.claim()).toBe(false);
  });
});
