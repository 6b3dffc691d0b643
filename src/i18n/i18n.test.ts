import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../flow/datasets';
import { SOLVER_IDS } from '../flow/solvers';
import { en } from './en';
import { CATALOGUES, translate, type MessageKey } from './index';
import { zh } from './zh';

describe('i18n catalogues', () => {
  it('English and Chinese have identical key sets', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty and parameters match across languages', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      for (const cat of Object.values(CATALOGUES)) expect(cat[key].trim()).not.toBe('');
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(params(zh[key]), key).toEqual(params(en[key]));
    }
  });

  it('every data set and solver of the registries has a name in both languages', () => {
    for (const id of DATASET_IDS) expect(`ds_${id}` in en, id).toBe(true);
    for (const id of SOLVER_IDS) expect(`solver_${id}` in en, id).toBe(true);
  });

  it('fills parameters', () => {
    expect(translate('en', 'pointCount', { n: 12 })).toBe('12 target points');
    expect(translate('zh', 'tooFew', { min: 16, n: 3 })).toContain('16');
  });
});
