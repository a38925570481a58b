import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { localeResources } from '../../i18n';
import { decodeConfig, type LinkProblem } from '../../nas/shareLink';
import { translateMessage } from '../messageText';
import { linkProblemKey } from './linkProblemKey';

const i18n = i18next.createInstance();
void i18n.init({
  resources: localeResources(),
  lng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
});

function problemsOf(hash: string): LinkProblem[] {
  const reading = decodeConfig(hash);
  if (reading.ok) throw new Error(`${hash} was read without problems`);
  return reading.problems;
}

/** The sentence the banner shows for each problem of `hash`, in `language`. */
function shown(hash: string, language: 'en' | 'zh' = 'en'): string[] {
  const t = i18n.getFixedT(language, 'share');
  return problemsOf(hash).map((p) =>
    t(linkProblemKey(p), { path: p.path, detail: p.detail && translateMessage(t, p.detail) }),
  );
}

describe('linkProblemKey', () => {
  it('does not repeat the option before a detail that names it', () => {
    expect(shown('#fidelity=bogus')).toEqual(['Fidelity: choose one of test, class, paper.']);
    expect(shown('#seed=-4')).toEqual(['Seed must be an integer in [0, 2147483647]; got -4.']);
  });

  it('names it once in Chinese too', () => {
    const [text] = shown('#fidelity=bogus', 'zh');
    expect(text).not.toMatch(/fidelity/i);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps the path where nothing else names the part of the link', () => {
    expect(shown('#colour=blue')).toEqual(["'colour' is not a setting."]);
  });
});
