/**
 * The target panel's import and export: a file picker (points, image, model file; the drawing
 * also takes a dropped file), the image preview, the message of the last import, and the
 * target points as CSV or JSON.
 */
import { useId, useRef } from 'react';
import './io.css';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { showsClasses } from '../../state/classes';
import { targetLabels, targetPoints } from '../../state/target';
import { useEngine } from '../engineContext';
import { saveAndSay } from './download';
import { ImagePreview } from './ImagePreview';
import { IoNotice } from './IoNotice';
import { IMPORT_ACCEPT, IMPORT_PLACE } from './ioStore';

const EXPORT_PLACE = 'points';

async function exportPoints(format: 'csv' | 'json'): Promise<void> {
  const { pointsToCsv, pointsToJson } = await import('../../io/points');
  const s = appStore.getState().settings;
  const pts = targetPoints(s);
  // Classes go with the points when they mean something: a coloured drawing, or training on them.
  const labels = showsClasses(s) ? targetLabels(s) : undefined;
  const text = format === 'csv' ? pointsToCsv(pts, labels) : pointsToJson(pts, labels);
  const type = format === 'csv' ? 'text/csv' : 'application/json';
  saveAndSay(new Blob([text], { type }), `target-${s.target}.${format}`, EXPORT_PLACE);
}

export function ImportSection() {
  const t = useT();
  const id = useId();
  const engine = useEngine();
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="io-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('ioImportHeading')}</h3>
      <p className="hint">{t('ioImportHint')}</p>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void import('./importFile').then((m) => m.importFile(file, engine));
        }}
      />
      <div className="tools">
        <button type="button" onClick={() => input.current?.click()} data-testid="import-open">
          {t('ioChooseFile')}
        </button>
      </div>
      <IoNotice place={IMPORT_PLACE} />
      <ImagePreview />
      <h3>{t('ioExportHeading')}</h3>
      <div className="tools" role="group" aria-label={t('ioExportHeading')}>
        <button type="button" onClick={() => void exportPoints('csv')} data-testid="export-csv">
          {t('ioPointsCsv')}
        </button>
        <button type="button" onClick={() => void exportPoints('json')} data-testid="export-json">
          {t('ioPointsJson')}
        </button>
      </div>
      <IoNotice place={EXPORT_PLACE} />
    </section>
  );
}
