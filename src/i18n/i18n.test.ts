import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../flow/datasets';
import { PARAM_SPECS, SCHEDULER_IDS, SCHEDULERS } from '../flow/schedulers';
import { SOLVER_IDS } from '../flow/solvers';
import { COMPARE_IDS } from '../ui/compare/compareSetup';
import { splitMath } from '../ui/splitMath';
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
    for (const id of SCHEDULER_IDS) expect(`sch_${id}` in en, id).toBe(true);
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

  it('every formula of every message renders in KaTeX strict mode, in both languages', () => {
    const formulas: string[] = SCHEDULER_IDS.flatMap((id) => [
      SCHEDULERS[id].alphaTex,
      SCHEDULERS[id].sigmaTex,
    ]);
    let count = 0;
    for (const lang of ['en', 'zh'] as const) {
      for (const key of Object.keys(en) as MessageKey[]) {
        // A parameter inside math, such as {v}, is a plain TeX group here: valid either way.
        for (const part of splitMath(CATALOGUES[lang][key])) {
          if (!part.math) continue;
          count++;
          expect(
            () =>
              katex.renderToString(part.text, {
                displayMode: part.math === 'display',
                throwOnError: true,
                strict: 'error',
              }),
            `${lang}.${key}: ${part.text}`,
          ).not.toThrow();
        }
      }
    }
    for (const tex of formulas) {
      expect(() =>
        katex.renderToString(tex, { throwOnError: true, strict: 'error' }),
      ).not.toThrow();
    }
    expect(count).toBeGreaterThan(50);
  });

  it('Chinese uses one term for NFE and the full names of data sets and labels', () => {
    const all = Object.values(zh).join('\n');
    expect(all).not.toMatch(/网络调用|调用网络|调用次数/);
    expect(zh.nfe).toContain('网络评估次数');
    expect(zh.ds_8gaussians).toBe('8 个高斯分布');
    // Scheduler labels and the comparison's trainer names are translated, not left English.
    for (const id of SCHEDULER_IDS) expect(`sch_${id}` in en, id).toBe(true);
    for (const id of COMPARE_IDS) expect(`cmpName_${id}` in en, id).toBe(true);
    expect(zh.sch_ot).not.toBe(en.sch_ot);
    expect(zh.sch_cosine).not.toBe(en.sch_cosine);
    expect(zh['cmpName_ot-pairs']).not.toBe(en['cmpName_ot-pairs']);
  });

  it('agrees with MATH.md: log-SNR, ≈ sources, straight VE paths, the plotted loss', () => {
    for (const cat of Object.values(CATALOGUES)) {
      // log-SNR is log(α²/σ²) (§2 plot), not log(α/σ).
      expect(cat.cmpSnr).toContain('\\log(\\alpha_t^2/\\sigma_t^2)');
      // VE's and VP's t = 0 marginals are only approximately Gaussian (§2, §6).
      expect(cat.cmpSchedulesNote).toContain('\\approx\\mathcal N(0,\\sigma_{\\max}^2I)');
      expect(cat.cmpSchedulesNote).toContain('\\approx\\mathcal N(0,I)');
      expect(cat.cmpSchedulesNote).not.toMatch(/[^x]\\mathcal N\(0,\\sigma_\{\\max\}\^2I\)/);
      expect(cat.exSchedulerBody).toContain('\\approx\\mathcal N(0,I)');
      // VE's conditional path is straight too; only OT's is at constant speed (§2).
      expect(cat.exSchedulerBody).toContain('x_1+\\sigma_t x_0');
      // The loss charts plot the mean over both coordinates: ½‖·‖² in 2D (§1).
      const [formula] = splitMath(cat.exLossBody).filter((p) => p.math === 'display');
      expect(formula?.text).toMatch(/\\tfrac12\\big\\lVert v_\\theta/);
      // Path metrics are measured on the fixed grid, and the note says so.
      expect(cat.cmpMetricsNote).toContain('RK4');
      expect(cat.cmpMetricsNote).toContain('100');
    }
  });

  it('fills parameters', () => {
    expect(translate('en', 'pointCount', { n: 12 })).toBe('12 target points');
    expect(translate('zh', 'tooFew', { min: 16, n: 3 })).toContain('16');
  });
});
