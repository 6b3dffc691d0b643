/**
 * Target editor: a preset from the data-set registry (each with a thumbnail of its points) or
 * a drawing. The drawing lives in the store, so it survives tab and panel switches.
 */
import { DATASET_IDS } from '../../flow/datasets';
import type { DatasetId } from '../../flow/types';
import { useT } from '../../i18n';
import { appStore, undoDrawn, setDrawn, updateSettings, type Tool } from '../../state/appStore';
import { MAX_DRAWN, MIN_POINTS, targetCount } from '../../state/settings';
import { useStore } from '../../state/store';
import { SliderField } from '../controls';
import { ClassPicker } from '../classes/ClassPicker';
import { DRAWN_CLASSES } from '../../state/classes';
import { ImportSection } from '../io/ImportSection';
import { DrawCanvas } from './DrawCanvas';
import { Thumbnail } from './Thumbnail';

export function TargetPanel() {
  const t = useT();
  const target = useStore(appStore, (s) => s.settings.target);
  const count = useStore(appStore, (s) => targetCount(s.settings));
  const tool = useStore(appStore, (s) => s.tool);
  const canUndo = useStore(appStore, (s) => s.undo.length > 0);
  const drawnEmpty = useStore(appStore, (s) => s.settings.drawn.length === 0);
  const drawnFull = useStore(appStore, (s) => s.settings.drawn.length / 2 >= MAX_DRAWN);
  const brushClass = useStore(appStore, (s) => s.settings.brushClass);
  const pick = (id: DatasetId) => updateSettings({ target: id });
  const setTool = (x: Tool) => appStore.setState({ tool: x });
  return (
    <div className="target-panel">
      <h2 className="visually-hidden">{t('targetHeading')}</h2>
      <div className="presets" role="group" aria-label={t('presets')}>
        {DATASET_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className="preset"
            aria-pressed={target === id}
            aria-label={t('presetLabel', { name: t(`ds_${id}`) })}
            title={t(`ds_${id}`)}
            onClick={() => pick(id)}
            data-testid={`preset-${id}`}
          >
            <Thumbnail id={id} />
            <span aria-hidden="true">{t(`ds_${id}`)}</span>
          </button>
        ))}
        <button
          type="button"
          className="preset draw"
          aria-pressed={target === 'drawn'}
          onClick={() => updateSettings({ target: 'drawn' })}
          data-testid="preset-drawn"
        >
          <span className="draw-icon" aria-hidden="true">
            ✎
          </span>
          <span>{t('draw')}</span>
        </button>
      </div>
      <DrawCanvas />
      <div className="tools" role="group" aria-label={t('draw')}>
        <button type="button" aria-pressed={tool === 'brush'} onClick={() => setTool('brush')}>
          {t('brush')}
        </button>
        <button type="button" aria-pressed={tool === 'eraser'} onClick={() => setTool('eraser')}>
          {t('eraser')}
        </button>
        <button type="button" disabled={!canUndo} onClick={undoDrawn}>
          {t('undo')}
        </button>
        <button type="button" disabled={drawnEmpty} onClick={() => setDrawn([])}>
          {t('clear')}
        </button>
      </div>
      <ClassPicker
        legend={t('brushClass')}
        testId="brush-class"
        value={brushClass}
        onChange={(c) => {
          updateSettings({ brushClass: c });
          setTool('brush');
        }}
        options={Array.from({ length: DRAWN_CLASSES }, (_, c) => ({
          value: c,
          label: t('className', { n: c + 1 }),
          swatch: c,
        }))}
      />
      <div className="brush-settings">
        <SliderField field="brushSize" label={t('brushSize')} min={0.1} max={2} step={0.05} />
        <SliderField field="brushDensity" label={t('brushDensity')} min={1} max={30} step={1} />
      </div>
      <p className={count < MIN_POINTS ? 'count warning' : 'count'} data-testid="point-count">
        {t('pointCount', { n: count })}
      </p>
      {drawnFull && target === 'drawn' && (
        <p className="count warning" role="status" data-testid="point-limit">
          {t('pointLimit', { n: MAX_DRAWN })}
        </p>
      )}
      <ImportSection />
    </div>
  );
}
