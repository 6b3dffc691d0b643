/**
 * Sampling: ODE solver, number of steps or tolerance (NFE shown), particles, overlays, and
 * Reflow (fewer steps by straightening the flow).
 */
import { useId } from 'react';
import { ADAPTIVE_SOLVER, nfe, SAMPLING_SOLVER_IDS } from '../../flow/solvers';
import { useT } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { DEFAULT_SETTINGS, FIELDS, type Overlays } from '../../state/settings';
import { useStore } from '../../state/store';
import { Check, SelectField, SliderField } from '../controls';
import { ReflowPanel } from '../ReflowPanel';
import { GuidanceFields } from '../classes/GuidanceControls';
import { sampleConditioning } from '../scene/conditioning';

const OVERLAY_KEYS = Object.keys(DEFAULT_SETTINGS.overlays) as (keyof Overlays)[];
const [TOL_MIN, TOL_MAX] = FIELDS.tol.range!;

/** The tolerance on a log slider: 10^k for k in [log10 min, log10 max], in half decades. */
function ToleranceSlider() {
  const t = useT();
  const id = useId();
  const tol = useStore(appStore, (s) => s.settings.tol);
  return (
    <div className="field slider">
      <label htmlFor={id}>
        {t('solverTol')} <output htmlFor={id}>{tol.toExponential(1)}</output>
      </label>
      <input
        id={id}
        data-testid="tol-slider"
        type="range"
        min={Math.log10(TOL_MIN)}
        max={Math.log10(TOL_MAX)}
        step={0.5}
        value={Math.log10(tol)}
        aria-valuetext={tol.toExponential(1)}
        onChange={(e) =>
          updateSettings({ tol: Number((10 ** Number(e.target.value)).toPrecision(3)) })
        }
      />
    </div>
  );
}

export function SamplePanel() {
  const t = useT();
  const solver = useStore(appStore, (s) => s.settings.solver);
  const steps = useStore(appStore, (s) => s.settings.steps);
  const shownNfe = useStore(appStore, (s) => s.run.shownNfe);
  const overlays = useStore(appStore, (s) => s.settings.overlays);
  // Guidance evaluates the network twice per ODE evaluation: v(x, t, c) and v(x, t, ∅).
  const guided = useStore(appStore, (s) => sampleConditioning(s.settings, 1).guidance ?? 0) > 0;
  const adaptive = solver === ADAPTIVE_SOLVER;
  const nfeText = !adaptive
    ? t('nfe', { n: nfe(solver, steps) * (guided ? 2 : 1) })
    : shownNfe
      ? t('nfeAdaptive', {
          mean: shownNfe.mean.toFixed(1),
          min: shownNfe.min,
          max: shownNfe.max,
        })
      : t('nfeAdaptivePending');
  return (
    <div className="sample-panel">
      <SelectField
        field="solver"
        label={t('solver')}
        options={SAMPLING_SOLVER_IDS.map((id) => ({ value: id, label: t(`solver_${id}`) }))}
      />
      {adaptive ? (
        <ToleranceSlider />
      ) : (
        <SliderField field="steps" label={t('solverSteps')} min={1} max={200} step={1} />
      )}
      <p className="nfe" data-testid="nfe">
        {nfeText}
      </p>
      <GuidanceFields />
      <SliderField
        field="particles"
        label={t('particles')}
        min={500}
        max={50000}
        step={500}
        format={(v) => v.toLocaleString()}
      />
      <fieldset className="overlays">
        <legend>{t('overlays')}</legend>
        {OVERLAY_KEYS.map((k) => (
          <Check
            key={k}
            label={t(`ov_${k}`)}
            checked={overlays[k]}
            onChange={(v) => updateSettings({ overlays: { ...overlays, [k]: v } })}
          />
        ))}
      </fieldset>
      <ReflowPanel />
    </div>
  );
}
