/** Title, the active compute backend (and why), and the language switch. */
import { useT } from '../i18n';
import { appStore, updateSettings } from '../state/appStore';
import { useStore } from '../state/store';
import { EmbedButton } from './embed/EmbedDialog';
import { ShareButton } from './embed/ShareButton';
import { PresenterControls } from './presenter/PresenterControls';

export function Header() {
  const t = useT();
  const language = useStore(appStore, (s) => s.settings.language);
  const backend = useStore(appStore, (s) => s.run.backend);
  const reason = useStore(appStore, (s) => s.run.backendReason);
  return (
    <header className="header">
      <div className="brand">
        <h1>{t('appTitle')}</h1>
        <p className="tagline">{t('appTagline')}</p>
      </div>
      <div className="header-tools">
        <ShareButton />
        <EmbedButton />
        <span className="backend" title={reason ?? undefined} data-testid="backend">
          {t('backend')}: <strong>{backend ? backend.toUpperCase() : t('backendNone')}</strong>
        </span>
        <PresenterControls />
        <button
          type="button"
          className="lang"
          lang={language === 'en' ? 'zh' : 'en'}
          // The visible name first (axe: label-content-name-mismatch), then what it does.
          aria-label={`${t('switchLanguage')} (${t('switchLanguageLabel')})`}
          onClick={() => updateSettings({ language: language === 'en' ? 'zh' : 'en' })}
        >
          {t('switchLanguage')}
        </button>
      </div>
    </header>
  );
}
