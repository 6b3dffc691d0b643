/**
 * Reflow (docs/sigma-and-reflow.md): a button that reflows the current network twice in the
 * worker, then a table (straightness, exact W₂ after one and after two Euler steps) and a mini
 * view of each flow's one-step samples: original, reflow 1, reflow 2 side by side.
 */
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { sizeCanvas, WORLD_HALF } from '../render/canvas';
import { drawScatter } from '../render/overlays';
import { PARTICLE_HUES } from '../render/palette';
import { appStore } from '../state/appStore';
import { useStore } from '../state/store';
import type { Points } from '../flow/types';
import { useEngine } from './engineContext';
import { REFLOW_ROUNDS, reflowStore } from './scene/reflowStore';
import type { ReflowRow } from '../worker/protocol';

const rowName = (round: number, t: ReturnType<typeof useT>) =>
  round === 0 ? t('reflowOriginal') : t('reflowRound', { k: round });

/** One flow's one-step samples over the faint target. */
function MiniView({ row, name, label }: { row: ReflowRow; name: string; label: string }) {
  const engine = useEngine();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !engine) return;
    const target: Points = engine.scene.target;
    drawScatter(ctx, sizeCanvas(canvas, WORLD_HALF), target, row.oneStep, PARTICLE_HUES[0]);
  }, [engine, row]);
  return (
    <figure className="reflow-mini">
      <canvas ref={ref} role="img" aria-label={label} />
      <figcaption>{name}</figcaption>
    </figure>
  );
}

export function ReflowPanel() {
  const t = useT();
  const engine = useEngine();
  const view = useStore(reflowStore, (s) => s);
  const hasNetwork = useStore(appStore, (s) => s.run.shownStep >= 0);
  const running = view.status === 'running';
  const report = view.report;
  return (
    <section className="chart-box reflow-box" aria-labelledby="reflow-title" data-testid="reflow">
      <h2 id="reflow-title" className="reflow-title">
        {t('reflowTitle')}
      </h2>
      <p>{t('reflowIntro', { k: REFLOW_ROUNDS })}</p>
      <div className="reflow-actions">
        <button
          type="button"
          disabled={!engine || !hasNetwork || running}
          onClick={() => void engine?.reflow()}
          data-testid="reflow-button"
        >
          {t('reflowButton')}
        </button>
        <span role="status" aria-live="polite" data-testid="reflow-status">
          {running
            ? t('reflowRunning')
            : view.status === 'error'
              ? t('reflowFailed', { why: view.error ?? '' })
              : report
                ? t('reflowMeasured', { n: report.step, m: report.samples })
                : hasNetwork
                  ? ''
                  : t('reflowNeedsNetwork')}
        </span>
      </div>
      {report && (
        <>
          <div className="table-scroll">
            <table className="cmp-table" data-testid="reflow-table">
              <thead>
                <tr>
                  <th scope="col">{t('reflowFlow')}</th>
                  <th scope="col">{t('reflowStraightness')}</th>
                  <th scope="col">{t('reflowW2One')}</th>
                  <th scope="col">{t('reflowW2Two')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.round}>
                    <th scope="row">{rowName(r.round, t)}</th>
                    <td>{r.straightness.toFixed(3)}</td>
                    <td>{r.w2Euler1.toFixed(3)}</td>
                    <td>{r.w2Euler2.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t('reflowMinisNote')}</p>
          <div className="reflow-minis">
            {report.rows.map((r) => (
              <MiniView
                key={r.round}
                row={r}
                name={rowName(r.round, t)}
                label={t('reflowMini', { name: rowName(r.round, t) })}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
