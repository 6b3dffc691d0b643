/**
 * The playground's two synchronized flow views: thin canvas hosts that hand their canvas to the engine, with
 * a title, a formula and, for the learned view, the click-to-launch handler.
 */
import { useEffect, useRef, type PointerEvent } from 'react';
import { useT, type MessageKey } from '../i18n';
import { appStore, type RunState } from '../state/appStore';
import { NFE_GRADIENT } from '../render/nfeHeat';
import { useStore } from '../state/store';
import { useEngine } from './engineContext';
import type { ViewKind } from './scene/engine';
import { ViewExport } from './io/ViewExport';
import { Tex } from './Tex';

const TEXT: Record<ViewKind, { title: MessageKey; sub: MessageKey; label: MessageKey }> = {
  conditional: {
    title: 'viewConditional',
    sub: 'viewConditionalSub',
    label: 'viewConditionalLabel',
  },
  learned: { title: 'viewLearned', sub: 'viewLearnedSub', label: 'viewLearnedLabel' },
};

/** What the learned view shows: pretrained, training at step N, or why it waits for Train. */
function learnedNote(run: RunState, t: ReturnType<typeof useT>): string {
  const n = run.shownStep;
  if (n < 0) {
    if (run.needsTraining === 'drawn') return t('needsTrainingDrawn');
    if (run.needsTraining === 'setup') return t('needsTrainingSetup');
    if (run.needsTraining === 'conditional') return t('needsTrainingConditional');
    return t('learnedPending');
  }
  const key = run.pretrained
    ? 'shownPretrained'
    : run.status === 'training'
      ? 'shownTraining'
      : 'shownStep';
  return `${t(key, { n })} · ${t('clickHint')}`;
}

/** The NFE heat map's legend: the viridis ramp from the fewest to the most evaluations. */
function NfeLegend() {
  const t = useT();
  const on = useStore(appStore, (s) => s.settings.overlays.nfeHeat);
  const range = useStore(appStore, (s) => s.run.shownNfe);
  if (!on || !range) return null;
  return (
    <div className="nfe-legend" data-testid="nfe-legend">
      <span>{t('nfeLegend')}</span>
      <span className="nfe-ramp-row">
        {range.min}
        <span className="nfe-ramp" style={{ background: NFE_GRADIENT }} aria-hidden="true" />
        {range.max}
      </span>
    </div>
  );
}

/** A flow view (`conditional` or `learned`), mounted by id through `ui/viewParts.tsx`. */
export function FlowView({ kind }: { kind: ViewKind }) {
  const t = useT();
  const engine = useEngine();
  const ref = useRef<HTMLCanvasElement>(null);
  const note = useStore(appStore, (s) => learnedNote(s.run, t));
  const pathSigma = useStore(appStore, (s) => s.settings.pathSigma);
  // An embed keeps its small frame for the flow: exporting is the full playground's job.
  const embedded = useStore(appStore, (s) => s.settings.embed.length > 0);
  useEffect(() => {
    if (!engine || !ref.current) return;
    return engine.attachView(kind, ref.current);
  }, [engine, kind]);
  const launch = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    void engine?.launchAt(e.clientX - rect.left, e.clientY - rect.top);
  };
  const text = TEXT[kind];
  return (
    <figure className={`view view-${kind}`}>
      <figcaption>
        <h2>{t(text.title)}</h2>
        <Tex source={t(text.sub)} />
      </figcaption>
      <div className="canvas-box">
        <canvas
          ref={ref}
          role="img"
          aria-label={t(text.label)}
          data-testid={`view-${kind}`}
          onPointerUp={kind === 'learned' ? launch : undefined}
        />
        {kind === 'conditional' && pathSigma > 0 && (
          <p className="view-note" data-testid="sigma-note">
            {t('sigmaBandNote', { s: pathSigma })}
          </p>
        )}
        {kind === 'learned' && (
          <p className="view-note" aria-live="polite" data-testid="learned-note">
            {note}
          </p>
        )}
        {!embedded && <ViewExport kind={kind} canvas={ref} />}
        {kind === 'learned' && <NfeLegend />}
      </div>
    </figure>
  );
}
