/**
 * Training settings: the probability path (with its formulas), σ around it, the pairing, the
 * network and the optimiser, the compute backend and why it was chosen.
 */
import { COUPLING_IDS } from '../../flow/coupling';
import { SCHEDULER_IDS, SCHEDULERS } from '../../flow/schedulers';
import { useT } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { ACTIVATION_IDS, BACKEND_IDS } from '../../state/settings';
import { useStore } from '../../state/store';
import { NumberField, SelectField } from '../controls';
import { ModelExport } from '../io/ModelExport';
import { SlowMoButton } from '../slowmo/SlowMoButton';
import { Tex } from '../Tex';
import { SchedulerParamsFields } from './SchedulerParamsFields';
import { ConditionalFields } from '../classes/GuidanceControls';

export function TrainPanel() {
  const t = useT();
  const scheduler = useStore(appStore, (s) => s.settings.scheduler);
  const reason = useStore(appStore, (s) => s.run.backendReason);
  const info = SCHEDULERS[scheduler];
  return (
    <div className="train-panel">
      <SlowMoButton />
      <SelectField
        field="scheduler"
        label={t('scheduler')}
        options={SCHEDULER_IDS.map((id) => ({ value: id, label: t(`sch_${id}`) }))}
      />
      <p className="formula" data-testid="scheduler-formula">
        <Tex source={`$${info.alphaTex}$, $${info.sigmaTex}$`} />
      </p>
      <SchedulerParamsFields />
      <SelectField
        field="coupling"
        label={t('coupling')}
        options={COUPLING_IDS.map((id) => ({ value: id, label: t(`coupling_${id}`) }))}
      />
      <NumberField field="pathSigma" label={t('pathSigma')} step={0.05} />
      <p className="hint">
        {t('pathSigmaHint')}{' '}
        <button
          type="button"
          onClick={() => updateSettings({ pathSigma: 0.1 })}
          data-testid="sigma-torchcfm"
        >
          {t('pathSigmaTorchcfm')}
        </button>
      </p>
      <ConditionalFields />
      <div className="grid2">
        <NumberField field="width" label={t('width')} step={1} />
        <NumberField field="depth" label={t('depth')} step={1} />
        <SelectField
          field="activation"
          label={t('activation')}
          options={ACTIVATION_IDS.map((id) => ({ value: id, label: id.toUpperCase() }))}
        />
        <NumberField field="lr" label={t('lr')} step={0.0005} />
        <NumberField field="batch" label={t('batch')} step={1} />
        <NumberField field="seed" label={t('seed')} step={1} />
      </div>
      <p className="hint">{t('freshNetwork')}</p>
      <NumberField field="ema" label={t('ema')} step={0.001} />
      <p className="hint">{t('emaHint')}</p>
      <SelectField
        field="backend"
        label={t('backendPreference')}
        options={BACKEND_IDS.map((id) => ({
          value: id,
          label:
            id === 'auto'
              ? t('backend_auto')
              : id === 'fused'
                ? t('backend_fused')
                : id === 'fused-webgpu'
                  ? t('backend_fusedWebgpu')
                  : id.toUpperCase(),
        }))}
      />
      {reason && (
        <p className="hint" data-testid="backend-reason">
          {reason}
        </p>
      )}
      <ModelExport />
    </div>
  );
}
