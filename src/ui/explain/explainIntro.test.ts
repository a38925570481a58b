import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en/explain.json';
import zh from '../../i18n/locales/zh/explain.json';
import { explainIntroKey, nextTitleKey } from './explainIntro';

describe('explainIntroKey', () => {
  it('offers to propose the first model only when no step is logged', () => {
    expect(explainIntroKey(0, false)).toBe('empty');
    expect(en[explainIntroKey(0, false)]).toMatch(/propose the first model/);
  });

  it('says a finished run is replayed, and proposes nothing', () => {
    const key = explainIntroKey(1584, true);
    expect(key).toBe('emptyReplay');
    expect(en[key]).toMatch(/replay/);
    expect(en[key]).not.toMatch(/propose/);
    expect(zh[key]).not.toMatch(/提出/);
    expect(en[nextTitleKey(true)]).not.toMatch(/propose/);
  });

  it('says a run still going is replayed from its first model, then goes on', () => {
    expect(explainIntroKey(12, false)).toBe('emptyLogged');
    expect(en.emptyLogged).toMatch(/replay the run from the first model/);
    expect(nextTitleKey(false)).toBe('nextTitle');
  });
});
