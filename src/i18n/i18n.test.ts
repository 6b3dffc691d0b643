import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../flow/datasets';
import { PARAM_SPECS, SCHEDULER_IDS, SCHEDULERS } from '../flow/schedulers';
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

  it('every scheduler, its parameters and its refusals have text in both languages', () => {
    for (const id of SCHEDULER_IDS) expect(`scheduler_${id}` in en, id).toBe(true);
    for (const spec of PARAM_SPECS) expect(spec.key in en, spec.key).toBe(true);
    // Provoke each refusal the validators can give and check its key and parameters exist.
    const bad = [
      SCHEDULERS.vp.check({ betaMin: -1, betaMax: 1 }),
      SCHEDULERS.vp.check({ betaMin: 2, betaMax: 1 }),
      SCHEDULERS.vp.check({ betaMin: 0, betaMax: 0 }),
      SCHEDULERS.ve.check({ sigmaMin: 0, sigmaMax: 1 }),
      SCHEDULERS.ve.check({ sigmaMin: 2, sigmaMax: 1 }),
    ];
    for (const problem of bad) {
      expect(problem).not.toBeNull();
      const key = problem!.key as MessageKey;
      expect(key in en, key).toBe(true);
      for (const name of Object.keys(problem!.values)) expect(en[key]).toContain(`{${name}}`);
    }
  });

  it('fills parameters', () => {
    expect(translate('en', 'pointCount', { n: 12 })).toBe('12 target points');
    expect(translate('zh', 'tooFew', { min: 16, n: 3 })).toContain('16');
  });
});
