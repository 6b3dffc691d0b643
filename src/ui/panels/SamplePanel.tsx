/**
 * Sampling: ODE solver, number of steps (NFE shown), particle count, the overlays, and Reflow
 * (fewer steps by straightening the flow).
 */
import { nfe, SOLVER_IDS } from '../../flow/solvers';
import { useT } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { DEFAULT_SETTINGS, type Overlays } from '../../state/settings';
import { useStore } from '../../state/store';
import { Check, SelectField, SliderField } from '../controls';
import { ReflowPanel } from '../ReflowPanel';

const OVERLAY_KEYS = Object.keys(DEFAULT_SETTINGS.overlays) as (keyof Overlays)[];

export function SamplePanel() {
  const t = useT();
  const solver = useStore(appStore, (s) => s.settings.solver);
  const steps = useStore(appStore, (s) => s.settings.steps);
  const overlays = useStore(appStore, (s) => s.settings.overlays);
  return (
    <div className="sample-panel">
      <SelectField
        field="solver"
        label={t('solver')}
        options={SOLVER_IDS.map((id) => ({ value: id, label: t(`solver_${id}`) }))}
      />
      <SliderField field="steps" label={t('solverSteps')} min={1} max={200} step={1} />
      <p className="nfe" data-testid="nfe">
        {t('nfe', { n: nfe(solver, steps) })}
      </p>
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
