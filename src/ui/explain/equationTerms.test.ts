import { describe, expect, it } from 'vitest';
import { UPDATE_EQUATION } from '../../nas/explain';
import { equationTerms } from './equationTerms';

describe('equationTerms', () => {
  it('cuts the update rule between its top-level terms only', () => {
    expect(equationTerms(UPDATE_EQUATION)).toEqual(['Q_new = Q_old', "+ α·(r + γ·max_a' Q(s',a') − Q_old)"]);
    const numbers = 'Q_new = 0.500000 + 0.01·(0.000000 + 1·0.502210 − 0.500000)';
    expect(equationTerms(numbers)).toEqual(['Q_new = 0.500000', '+ 0.01·(0.000000 + 1·0.502210 − 0.500000)']);
  });

  it('gives the expression back when joined with spaces', () => {
    for (const expression of [UPDATE_EQUATION, 'a + b − c - d', '= 0.500022', '(a + b)', '-1 + 2']) {
      expect(equationTerms(expression).join(' ')).toBe(expression);
    }
    expect(equationTerms('a + b − c - d')).toEqual(['a', '+ b', '− c', '- d']);
    expect(equationTerms('= 0.500022')).toEqual(['= 0.500022']);
  });
});
