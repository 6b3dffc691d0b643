/**
 * VP's β_min/β_max and VE's σ_min/σ_max. A degenerate pair (σ_max ≤ σ_min, β_max < β_min,
 * not a number) is refused by flow/'s validation and the last valid values are kept.
 */
import { useId } from 'react';
import type { SchedulerParams } from '../../flow/types';
import { useT, type MessageKey } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { useStore } from '../../state/store';
import { DraftNumberInput } from '../controls';
import { resolvedSchedulerParams } from '../../state/url';

const FIELDS: Partial<Record<string, (keyof SchedulerParams)[]>> = {
  vp: ['betaMin', 'betaMax'],
  ve: ['sigmaMin', 'sigmaMax'],
};

function ParamField({ name }: { name: keyof SchedulerParams }) {
  const t = useT();
  const id = useId();
  const params = useStore(appStore, (s) => s.settings.schedulerParams);
  const value = resolvedSchedulerParams(params)[name];
  return (
    <div className="field">
      <label htmlFor={id}>{t(name as MessageKey)}</label>
      <DraftNumberInput
        id={id}
        type="number"
        step="any"
        value={value}
        commit={(n) =>
          !updateSettings({ schedulerParams: { ...params, [name]: n } }).schedulerParams
        }
      />
    </div>
  );
}

export function SchedulerParamsFields() {
  const scheduler = useStore(appStore, (s) => s.settings.scheduler);
  const error = useStore(appStore, (s) => s.errors.schedulerParams);
  const names = FIELDS[scheduler];
  if (!names) return null;
  return (
    <div className="grid2">
      {names.map((n) => (
        <ParamField key={n} name={n} />
      ))}
      {error && (
        <p className="field-error span2" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
