/**
 * The current scheduler's parameters (VP's β_min/β_max, VE's σ_min/σ_max: whatever its
 * registry entry lists). A degenerate value (σ_max ≤ σ_min, β_max < β_min, not a number) is
 * refused by flow/'s validation and the last valid values are kept.
 */
import { useId } from 'react';
import { paramsOf, resolveParams, type ParamSpecOf } from '../../flow/schedulers';
import { useT, type MessageKey } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { useStore } from '../../state/store';
import { DraftNumberInput } from '../controls';

function ParamField({ spec }: { spec: ParamSpecOf }) {
  const t = useT();
  const id = useId();
  const scheduler = useStore(appStore, (s) => s.settings.scheduler);
  const params = useStore(appStore, (s) => s.settings.schedulerParams);
  const value = resolveParams(scheduler, params)[spec.key] ?? spec.default;
  return (
    <div className="field">
      <label htmlFor={id}>{t(spec.key as MessageKey)}</label>
      <DraftNumberInput
        id={id}
        type="number"
        step="any"
        value={value}
        commit={(n) =>
          !updateSettings({ schedulerParams: { ...params, [spec.key]: n } }).schedulerParams
        }
      />
    </div>
  );
}

export function SchedulerParamsFields() {
  const scheduler = useStore(appStore, (s) => s.settings.scheduler);
  const error = useStore(appStore, (s) => s.errors.schedulerParams);
  const specs = paramsOf(scheduler);
  if (specs.length === 0) return null;
  return (
    <div className="grid2">
      {specs.map((spec) => (
        <ParamField key={spec.key} spec={spec} />
      ))}
      {error && (
        <p className="field-error span2" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
