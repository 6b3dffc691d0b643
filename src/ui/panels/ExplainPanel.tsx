/** Short explanations with rendered formulas (MATH.md, corrected), in the current language. */
import { SCHEDULERS } from '../../flow/schedulers';
import { useT, type MessageKey } from '../../i18n';
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { Tex } from '../Tex';

const SECTIONS: readonly [MessageKey, MessageKey[]][] = [
  ['exPathTitle', ['exPathBody', 'exSchedulerBody']],
  ['exVelocityTitle', ['exVelocityBody']],
  ['exLossTitle', ['exLossBody']],
  ['exSolverTitle', ['exSolverBody']],
  ['exAdaptiveTitle', ['exAdaptiveBody']],
  ['exViewsTitle', ['exViewsBody']],
  ['exSigmaTitle', ['exSigmaBody']],
  ['exReflowTitle', ['exReflowBody']],
];

export function ExplainPanel() {
  const t = useT();
  const scheduler = useStore(appStore, (s) => s.settings.scheduler);
  const info = SCHEDULERS[scheduler];
  return (
    <article className="explain" data-testid="explain">
      <h2>{t('explainHeading')}</h2>
      {SECTIONS.map(([title, bodies]) => (
        <section key={title}>
          <h3>{t(title)}</h3>
          {bodies.map((b) => (
            <Tex key={b} as="p" source={t(b)} />
          ))}
          {title === 'exPathTitle' && (
            <p className="formula">
              {t('currentPath', { name: t(`sch_${scheduler}`) })}{' '}
              <Tex source={`$${info.alphaTex}$, $${info.sigmaTex}$`} />
            </p>
          )}
        </section>
      ))}
    </article>
  );
}
