/**
 * The Density view (`density` in ui/viewParts.tsx): on demand, the learned flow's exact
 * density p₁ (log p₁ = log p₀(x₀) − ∫ div v_θ dt along the reverse trajectory, the exact 2×2
 * trace, in the worker) as a heat map beside a kernel density estimate of the training points,
 * and the mean log-likelihood of held-out target points under each.
 */
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { NFE_GRADIENT, paintLogDensity } from '../render/nfeHeat';
import { appStore } from '../state/appStore';
import { useStore } from '../state/store';
import { useEngine } from './engineContext';
import { SavePng } from './io/SavePng';
import { DENSITY, densityStore, measureDensity, type DensityResult } from './scene/density';
import { Tex } from './Tex';

/** log p below the peak by more than this many nats is drawn as the darkest colour. */
const LOG_RANGE = 8;

function peakOf(r: DensityResult): number {
  let peak = -Infinity;
  for (const v of r.model) if (Number.isFinite(v)) peak = Math.max(peak, v);
  for (const v of r.kde) peak = Math.max(peak, v);
  return peak;
}

export function DensityView() {
  const t = useT();
  const engine = useEngine();
  const shownStep = useStore(appStore, (s) => s.run.shownStep);
  const { result, progress, error } = useStore(densityStore, (s) => s);
  const modelRef = useRef<HTMLCanvasElement>(null);
  const kdeRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!result || !modelRef.current || !kdeRef.current) return;
    const peak = peakOf(result);
    paintLogDensity(modelRef.current, result.model, result.grid, peak - LOG_RANGE, peak);
    paintLogDensity(kdeRef.current, result.kde, result.grid, peak - LOG_RANGE, peak);
  }, [result]);

  const compute = () => {
    if (!engine) return;
    const { settings, run } = appStore.getState();
    const logp = (pts: Float32Array, steps: number) => engine.session.logLikelihood(pts, steps);
    void measureDensity(settings, run.shownStep, logp, t('densityNoModel'));
  };

  const busy = progress !== null;
  return (
    <figure className="chart-box density-view" data-testid="density-view">
      <figcaption>{t('densityTitle')}</figcaption>
      <div className="density-actions">
        <button
          type="button"
          onClick={compute}
          disabled={busy || shownStep < 0}
          data-testid="density-compute"
        >
          {busy ? t('densityComputing') : t('densityCompute', { k: DENSITY.grid })}
        </button>
        {busy && (
          <progress
            max={1}
            value={progress}
            aria-label={t('densityProgress')}
            data-testid="density-progress"
          />
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <div className="density-maps">
            <figure>
              <canvas ref={modelRef} role="img" aria-label={t('densityModelLabel')} />
              <figcaption>{t('densityModel', { step: result.step })}</figcaption>
              <SavePng id="density-model" view={t('densityModelLabel')} target={modelRef} inline />
            </figure>
            <figure>
              <canvas ref={kdeRef} role="img" aria-label={t('densityKdeLabel')} />
              <figcaption>{t('densityKde')}</figcaption>
              <SavePng id="density-kde" view={t('densityKdeLabel')} target={kdeRef} inline />
            </figure>
          </div>
          <p className="density-scale">
            <span>{t('densityScaleLow', { n: LOG_RANGE })}</span>
            <span className="nfe-ramp" style={{ background: NFE_GRADIENT }} aria-hidden="true" />
            <span>{t('densityScaleHigh')}</span>
          </p>
          <p data-testid="density-loglik" data-value={result.meanModel}>
            {t(result.heldOut ? 'densityHeldOut' : 'densityDrawn', {
              n: result.count,
              model: result.meanModel.toFixed(3),
              kde: result.meanKde.toFixed(3),
            })}
          </p>
        </>
      )}
      <Tex as="p" source={t('densityNote')} />
    </figure>
  );
}
