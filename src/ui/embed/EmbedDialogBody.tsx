/**
 * The Embed dialog's content (loaded when the dialog first opens): views, controls, autoplay
 * and size; the snippet built from the current state, with Copy; the live preview.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useT, type MessageKey } from '../../i18n';
import { appStore } from '../../state/appStore';
import {
  boundSize,
  COMPARE_COLUMNS,
  EMBED_CONTROLS,
  EMBED_SIZE,
  EMBED_SIZES,
  EMBED_VIEW_IDS,
  EMBED_VIEWS,
  embedPage,
  iframeSnippet,
  MAX_EMBED_VIEWS,
  toggleView,
  type EmbedChoice,
} from '../../state/embed';
import { embedLink } from '../../state/embedLink';
import { useStore } from '../../state/store';
import { pickLayout } from '../layouts';
import { copyText, selectAll } from './copy';
import { EmbedPreview } from './EmbedPreview';

const PAGES = ['playground', 'compare'] as const;

export default function DialogBody({ onClose, titleId }: { onClose: () => void; titleId: string }) {
  const t = useT();
  const hid = useId();
  const settings = useStore(appStore, (s) => s.settings);
  const page = pickLayout(settings).engine;
  const [choice, setChoice] = useState<EmbedChoice>({
    views: page === 'compare' ? [...COMPARE_COLUMNS] : ['learned'],
    controls: [],
    autoplay: true,
  });
  const [sizeIndex, setSizeIndex] = useState(0);
  const [custom, setCustom] = useState({ w: '480', h: '360' });
  const [copy, setCopy] = useState<'copied' | 'refused' | null>(null);
  const snippetRef = useRef<HTMLTextAreaElement>(null);
  const [w, h] =
    sizeIndex < EMBED_SIZES.length
      ? EMBED_SIZES[sizeIndex]!
      : boundSize(Number(custom.w), Number(custom.h));
  const src = embedLink(settings, choice);
  const names = choice.views.map((v) => t(`embedView_${v}` as MessageKey)).join(', ');
  const snippet = iframeSnippet(src, w, h, t('embedFrameTitle', { views: names }));
  useEffect(() => setCopy(null), [snippet]);
  const doCopy = async () => {
    const result = await copyText(snippet);
    setCopy(result);
    if (result === 'refused') selectAll(snippetRef.current);
  };
  const has = choice.views.length > 0;
  return (
    <>
      <header>
        <h2 id={titleId}>{t('embedTitle')}</h2>
        <button type="button" onClick={onClose} data-testid="embed-close">
          {t('close')}
        </button>
      </header>
      <div className="embed-dialog-body">
        <div>
          <p className="embed-hint">{t('embedIntro')}</p>
          <fieldset>
            <legend>{t('embedViews')}</legend>
            {PAGES.map((p) => (
              <div
                key={p}
                role="group"
                aria-label={t(p === 'compare' ? 'embedPageCompare' : 'embedPagePlayground')}
              >
                <p className="embed-hint">
                  {t(p === 'compare' ? 'embedPageCompare' : 'embedPagePlayground')}
                </p>
                {EMBED_VIEW_IDS.filter((id) => EMBED_VIEWS[id] === p).map((id) => (
                  <label key={id} className="check-inline">
                    <input
                      type="checkbox"
                      checked={choice.views.includes(id)}
                      onChange={() => setChoice((c) => ({ ...c, views: toggleView(c.views, id) }))}
                      data-testid={`embed-pick-${id}`}
                    />
                    {t(`embedView_${id}` as MessageKey)}
                  </label>
                ))}
              </div>
            ))}
            <p className="embed-hint">{t('embedViewsMax', { n: MAX_EMBED_VIEWS })}</p>
          </fieldset>
          <fieldset>
            <legend>{t('embedControlsLegend')}</legend>
            {EMBED_CONTROLS.map((c) => (
              <label key={c} className="check-inline">
                <input
                  type="checkbox"
                  checked={choice.controls.includes(c)}
                  disabled={c === 'scheduler' && embedPage(choice.views) === 'compare'}
                  onChange={(e) =>
                    setChoice((x) => ({
                      ...x,
                      controls: e.target.checked
                        ? EMBED_CONTROLS.filter((k) => k === c || x.controls.includes(k))
                        : x.controls.filter((k) => k !== c),
                    }))
                  }
                  data-testid={`embed-control-${c}`}
                />
                {t(`embedControl_${c}` as MessageKey)}
              </label>
            ))}
            <label className="check-inline">
              <input
                type="checkbox"
                checked={choice.autoplay}
                onChange={(e) => setChoice((x) => ({ ...x, autoplay: e.target.checked }))}
                data-testid="embed-autoplay"
              />
              {t('embedAutoplay')}
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('embedSize')}</legend>
            <select
              aria-label={t('embedSize')}
              value={sizeIndex}
              onChange={(e) => setSizeIndex(Number(e.target.value))}
              data-testid="embed-size"
            >
              {EMBED_SIZES.map(([sw, sh], i) => (
                <option key={i} value={i}>{`${sw} × ${sh}`}</option>
              ))}
              <option value={EMBED_SIZES.length}>{t('embedCustom')}</option>
            </select>
            {sizeIndex === EMBED_SIZES.length && (
              <div className="embed-size-custom">
                {(['w', 'h'] as const).map((k) => (
                  <label key={k}>
                    {t(k === 'w' ? 'embedWidth' : 'embedHeight')}
                    <input
                      type="number"
                      min={EMBED_SIZE[k === 'w' ? 'width' : 'height'][0]}
                      max={EMBED_SIZE[k === 'w' ? 'width' : 'height'][1]}
                      value={custom[k]}
                      onChange={(e) => setCustom((s) => ({ ...s, [k]: e.target.value }))}
                      data-testid={`embed-${k === 'w' ? 'width' : 'height'}`}
                    />
                  </label>
                ))}
              </div>
            )}
            <p className="embed-hint">
              {t('embedSizeBounds', {
                w0: EMBED_SIZE.width[0],
                h0: EMBED_SIZE.height[0],
                w1: EMBED_SIZE.width[1],
                h1: EMBED_SIZE.height[1],
              })}{' '}
              <strong data-testid="embed-size-now">{`${w} × ${h}`}</strong>
            </p>
          </fieldset>
        </div>
        <div>
          {has ? (
            <EmbedPreview src={src} width={w} height={h} title={t('embedPreview')} />
          ) : (
            <p className="copy-status refused" role="status">
              {t('embedNoViews')}
            </p>
          )}
          <label htmlFor={`${hid}-code`}>
            <strong>{t('embedSnippet')}</strong>
          </label>
          <textarea
            id={`${hid}-code`}
            ref={snippetRef}
            className="embed-snippet"
            readOnly
            value={has ? snippet : ''}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="embed-snippet"
          />
          <button
            type="button"
            disabled={!has}
            onClick={() => void doCopy()}
            data-testid="embed-copy"
          >
            {t('copy')}
          </button>{' '}
          <span
            className={`copy-status${copy === 'refused' ? ' refused' : ''}`}
            role="status"
            data-testid="embed-copy-status"
          >
            {copy === 'copied' ? t('copied') : copy === 'refused' ? t('copyRefused') : ''}
          </span>
          <p className="embed-hint">{t('embedSnippetNote')}</p>
        </div>
      </div>
    </>
  );
}
