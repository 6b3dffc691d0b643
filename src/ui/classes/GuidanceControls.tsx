/**
 * The class-conditional controls: in the Train panel the "Class-conditional" switch and the
 * label dropout p (both need a fresh network); in the Sample panel the guidance scale w with
 * its formula, v = (1 + w) v(x, t, c) − w v(x, t, ∅), and the class the views sample (both
 * apply to the current network at once).
 */
import { useT } from '../../i18n';
import { appStore, updateSettings } from '../../state/appStore';
import { isConditional, targetClasses, type SampleClass } from '../../state/classes';
import { useStore } from '../../state/store';
import { Check, NumberField, SliderField } from '../controls';
import { Tex } from '../Tex';
import { ClassPicker, type ClassOption } from './ClassPicker';
import './classes.css';

/** Train panel: train on the target's classes, and the label dropout p. */
export function ConditionalFields() {
  const t = useT();
  const on = useStore(appStore, (s) => s.settings.conditional);
  const classes = useStore(appStore, (s) => targetClasses(s.settings));
  return (
    <section className="guidance-section" data-testid="conditional-fields">
      <h3>{t('condHeading')}</h3>
      <Check
        label={t('conditional')}
        checked={on}
        onChange={(v) => updateSettings({ conditional: v })}
        testId="conditional-switch"
      />
      <p className="hint">
        <Tex source={t('conditionalHint')} />
      </p>
      {on && classes < 2 && (
        <p className="hint warning" role="status" data-testid="conditional-few">
          {t('conditionalFewClasses')}
        </p>
      )}
      {on && (
        <>
          <NumberField field="labelDrop" label={t('labelDrop')} step={0.05} />
          <p className="hint">
            <Tex source={t('labelDropHint')} />
          </p>
          <p className="hint">{t('condRetrains')}</p>
        </>
      )}
    </section>
  );
}

/**
 * Sample panel: guidance scale w (0 … 20) and the class to sample; only for a conditional
 * setup. `compact` (a lesson scene's controls): without the heading and the explanations.
 */
export function GuidanceFields({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const conditional = useStore(appStore, (s) => isConditional(s.settings));
  const classes = useStore(appStore, (s) => targetClasses(s.settings));
  const value = useStore(appStore, (s) => s.settings.sampleClass);
  const p = useStore(appStore, (s) => s.settings.labelDrop);
  const w = useStore(appStore, (s) => s.settings.guidance);
  if (!conditional) return null;
  const options: ClassOption<SampleClass>[] = [
    { value: 'mix', label: t('sampleClassMix'), swatch: 'mix' },
    ...Array.from({ length: classes }, (_, c) => ({
      value: c,
      label: t('className', { n: c + 1 }),
      swatch: c,
    })),
    { value: 'none', label: t('sampleClassNone'), swatch: 'none' },
  ];
  return (
    <section
      className={compact ? 'guidance-section compact' : 'guidance-section'}
      data-testid="guidance-fields"
    >
      {!compact && <h3>{t('condHeading')}</h3>}
      <ClassPicker
        legend={t('sampleClass')}
        testId="sample-class"
        value={value}
        classes={classes}
        onChange={(c) => updateSettings({ sampleClass: c })}
        options={options}
      />
      <SliderField field="guidance" label={t('guidance')} min={0} max={20} step={0.5} />
      <p className="formula" data-testid="guidance-formula">
        <Tex source={`$${t('guidanceFormula')}$`} />
      </p>
      {!compact && (
        <p className="hint">
          <Tex source={t('guidanceHint')} />
        </p>
      )}
      <p className={p === 0 && w > 0 ? 'hint warning' : 'hint'} data-testid="guidance-needs-drop">
        <Tex source={t('guidanceNeedsDrop')} />
      </p>
      {!compact && (
        <p className="hint">
          <Tex source={t('guidanceCost')} />
        </p>
      )}
    </section>
  );
}
