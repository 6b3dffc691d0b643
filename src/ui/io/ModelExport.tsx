/**
 * The trained network out of the page: the versioned model file (settings, weights — the
 * weight average when one is kept — and step) and, optionally, a link that carries the
 * weights (off by default; only when they fit the stated size).
 */
import { useId, useState } from 'react';
import { MAX_LINK_MODEL_CHARS } from '../../io/linkModel';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { useEngine } from '../engineContext';
import type { Engine } from '../scene/engine';
import { saveAndSay } from './download';
import { IoNotice } from './IoNotice';
import { say } from './ioStore';
import type { ModelLink } from './linkModelLoad';

const PLACE = 'model';

/** The current network as a model file with the settings, or null (with a message). */
async function currentModel(engine: Engine | null) {
  const settings = appStore.getState().settings;
  const file = await engine?.session.exportModel(settings.target).catch(() => null);
  if (!file) {
    say(PLACE, { kind: 'error', text: { key: 'ioNoModel' } });
    return null;
  }
  const { withSettings } = await import('../../io/modelFile');
  return { file: withSettings(file, settings), settings };
}

export function ModelExport() {
  const t = useT();
  const id = useId();
  const engine = useEngine();
  const [inLink, setInLink] = useState(false);
  const [link, setLink] = useState<ModelLink | null>(null);
  const saveFile = async () => {
    const m = await currentModel(engine);
    if (!m) return;
    const name = `flow-model-${m.settings.target}-step${m.file.step}.json`;
    saveAndSay(new Blob([JSON.stringify(m.file)], { type: 'application/json' }), name, PLACE);
  };
  const makeLink = async (on: boolean) => {
    setInLink(on);
    setLink(null);
    if (!on) return;
    const m = await currentModel(engine);
    if (!m) return;
    const { linkWithModel } = await import('./linkModelLoad');
    setLink(linkWithModel(m.file, m.settings, location.href.replace(/#.*$/, '')));
  };
  const copy = async () => {
    if (!link?.url) return;
    try {
      await navigator.clipboard.writeText(link.url);
      say(PLACE, { kind: 'ok', text: { key: 'ioLinkCopied' } });
    } catch {
      say(PLACE, { kind: 'info', text: { key: 'ioCopyBlocked' } });
    }
  };
  return (
    <section className="io-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('ioExportHeading')}</h3>
      <div className="tools">
        <button type="button" onClick={() => void saveFile()} data-testid="export-model">
          {t('ioModelFile')}
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={inLink}
          onChange={(e) => void makeLink(e.target.checked)}
          data-testid="model-in-link"
        />
        {t('ioModelInLink')}
      </label>
      {inLink && link && (
        <>
          <p className={link.fits ? 'hint' : 'count warning'} data-testid="model-link-size">
            {t(link.fits ? 'ioLinkFits' : 'ioLinkTooBig', {
              n: link.chars,
              max: MAX_LINK_MODEL_CHARS,
            })}
          </p>
          {link.fits && (
            <div className="field">
              <label htmlFor={`${id}-l`}>{t('ioLinkText')}</label>
              <input
                id={`${id}-l`}
                readOnly
                value={link.url}
                data-testid="model-link"
                onFocus={(e) => e.target.select()}
              />
              <button type="button" onClick={() => void copy()}>
                {t('ioCopyLink')}
              </button>
            </div>
          )}
        </>
      )}
      <IoNotice place={PLACE} />
    </section>
  );
}
