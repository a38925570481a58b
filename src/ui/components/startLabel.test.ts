import { describe, expect, it } from 'vitest';
import { startLabelKey } from './startLabel';

describe('startLabelKey', () => {
  it('reads Running while a run is in progress, not Resume', () => {
    expect(startLabelKey('running', true, false)).toBe('running');
    expect(startLabelKey('running', false, false)).toBe('running');
  });

  it('reads Resume only for a begun run that can go on', () => {
    expect(startLabelKey('paused', true, false)).toBe('resume');
    expect(startLabelKey('error', true, false)).toBe('resume');
  });

  it('reads Start before a run and after one has finished', () => {
    expect(startLabelKey('idle', false, false)).toBe('start');
    expect(startLabelKey('done', true, true)).toBe('start');
  });
});
